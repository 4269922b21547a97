#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "crm/planning/v1/redirects.pb.h"
#include "services/planning/domain/redirect_rules.h"

// Redirects as stored (store/sql/redirects.sql).
namespace crm::planning::store {

struct RedirectRow {
  v1::Redirect redirect;  // `overdue` as of the `now` given to the read
  std::string id;
  domain::RedirectParties parties;
};

struct NewRedirect {
  std::string id;
  std::string from_employee_id;
  domain::RedirectInput input;
  google::protobuf::Timestamp create_time;
};

RedirectRow InsertRedirect(pqxx::transaction_base& tx, const NewRedirect& redirect,
                           const google::protobuf::Timestamp& now);
std::optional<RedirectRow> FindRedirect(pqxx::transaction_base& tx, const std::string& id,
                                        const google::protobuf::Timestamp& now);
std::optional<RedirectRow> FindRedirectForUpdate(pqxx::transaction_base& tx, const std::string& id,
                                                 const google::protobuf::Timestamp& now);
RedirectRow UpdateRedirectStatus(pqxx::transaction_base& tx, const std::string& id,
                                 v1::RedirectStatus status, const std::string& comment,
                                 const google::protobuf::Timestamp& now);

struct RedirectFilter {
  v1::RedirectBox box = v1::REDIRECT_BOX_UNSPECIFIED;
  std::string owner;  // the employee id (SENT, RECEIVED) or the department (DEPARTMENT)
  std::optional<v1::RedirectStatus> status;
  bool overdue_only = false;
  std::optional<common::api::TimeKey> after;  // (deadline, id)
  int limit = 50;
};
std::vector<RedirectRow> ListRedirects(pqxx::transaction_base& tx, const RedirectFilter& filter,
                                       const google::protobuf::Timestamp& now);

}  // namespace crm::planning::store
