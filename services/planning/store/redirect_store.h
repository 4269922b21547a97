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
  std::optional<std::string> task_id;  // the responsible person's task, when there is one
};

struct NewRedirect {
  std::string id;
  std::string from_employee_id;
  domain::RedirectInput input;
  google::protobuf::Timestamp create_time;
  std::optional<std::string> task_id;
};

// Who works on a redirect and how far (update_redirect_work): every column written as given.
struct RedirectWork {
  std::optional<std::string> task_id;
  std::optional<std::string> responsible_id;
  v1::RedirectStatus status = v1::REDIRECT_STATUS_OPEN;
  std::string status_comment;
  std::optional<v1::ContactResult> result;
};

RedirectRow InsertRedirect(pqxx::transaction_base& tx, const NewRedirect& redirect,
                           const google::protobuf::Timestamp& now);
std::optional<RedirectRow> FindRedirect(pqxx::transaction_base& tx, const std::string& id,
                                        const google::protobuf::Timestamp& now);
std::optional<RedirectRow> FindRedirectForUpdate(pqxx::transaction_base& tx, const std::string& id,
                                                 const google::protobuf::Timestamp& now);
// The redirect whose task is `task_id`, locked; nullopt for a task of no redirect.
std::optional<RedirectRow> FindRedirectByTaskForUpdate(pqxx::transaction_base& tx,
                                                       const std::string& task_id,
                                                       const google::protobuf::Timestamp& now);
// The work of a redirect as `row` holds it (RedirectWorkOf), to change and write back.
RedirectWork RedirectWorkOf(const RedirectRow& row);
RedirectRow UpdateRedirectWork(pqxx::transaction_base& tx, const std::string& id,
                               const RedirectWork& work, const google::protobuf::Timestamp& now);
// The redirects whose tasks are among `task_ids` take each task's owner as their responsible
// person, changed at `time` (RFC 3339; the database's clock when nullopt).
void FollowTaskOwners(pqxx::transaction_base& tx, const std::vector<std::string>& task_ids,
                      const std::optional<std::string>& time);
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
