#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "crm/planning/v1/catalogues.pb.h"
#include "services/planning/domain/result_rules.h"

// The refusal reason catalogues as stored (store/sql/catalogues.sql).
namespace crm::planning::store {

struct ReasonRow {
  v1::RefusalReasonEntry entry;
  domain::CatalogueEntry rule;  // what the result rules check
};

ReasonRow InsertRefusalReason(pqxx::transaction_base& tx, const std::string& id,
                              v1::RefusalScope scope, const std::string& display_name,
                              const google::protobuf::Timestamp& now);
std::optional<ReasonRow> FindRefusalReason(pqxx::transaction_base& tx, const std::string& id);
std::optional<ReasonRow> FindRefusalReasonForUpdate(pqxx::transaction_base& tx,
                                                    const std::string& id);

// Ordered by (create_time, id), the keyset of the page.
std::vector<ReasonRow> ListRefusalReasons(pqxx::transaction_base& tx, v1::RefusalScope scope,
                                          bool show_inactive,
                                          const std::optional<common::api::TimeKey>& after,
                                          int limit);

ReasonRow RenameRefusalReason(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& display_name,
                              const google::protobuf::Timestamp& now);
ReasonRow SetRefusalReasonActive(pqxx::transaction_base& tx, const std::string& id, bool active,
                                 const google::protobuf::Timestamp& now);

}  // namespace crm::planning::store
