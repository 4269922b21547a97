#include "services/planning/store/catalogue_store.h"

#include "common/core/ids.h"
#include "services/planning/store/row_helpers.h"

namespace crm::planning::store {
namespace {

ReasonRow ReadReason(const pqxx::row& r) {
  ReasonRow row;
  row.rule.id = r[0].c_str();
  row.rule.scope = domain::RefusalScopeText::Parse(r[1].c_str());
  row.rule.active = r[3].as<bool>();
  if (!r[4].is_null()) {
    row.rule.legacy_reason = static_cast<v1::RefusalReason>(r[4].as<int>());
  }
  v1::RefusalReasonEntry& e = row.entry;
  e.set_name(common::ResourceName("refusalReasons", row.rule.id));
  e.set_scope(row.rule.scope);
  e.set_display_name(r[2].c_str());
  e.set_active(row.rule.active);
  e.set_legacy_reason(row.rule.legacy_reason);
  e.set_etag(r[5].c_str());
  *e.mutable_create_time() = rows::FromMicros(r[6]);
  *e.mutable_update_time() = rows::FromMicros(r[7]);
  return row;
}

std::optional<ReasonRow> First(const pqxx::result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return ReadReason(result[0]);
}

ReasonRow Required(const pqxx::result& result, const std::string& id) {
  auto row = First(result);
  if (!row) {
    throw std::logic_error("refusal reason " + id + " vanished under a row lock");
  }
  return *row;
}

}  // namespace

ReasonRow InsertRefusalReason(pqxx::transaction_base& tx, const std::string& id,
                              v1::RefusalScope scope, const std::string& display_name,
                              const google::protobuf::Timestamp& now) {
  return *First(tx.exec_prepared("insert_refusal_reason", id, domain::RefusalScopeText::Of(scope),
                                 display_name, rows::Time(now)));
}

std::optional<ReasonRow> FindRefusalReason(pqxx::transaction_base& tx, const std::string& id) {
  return First(tx.exec_prepared("find_refusal_reason", id));
}

std::optional<ReasonRow> FindRefusalReasonForUpdate(pqxx::transaction_base& tx,
                                                    const std::string& id) {
  return First(tx.exec_prepared("find_refusal_reason_for_update", id));
}

std::vector<ReasonRow> ListRefusalReasons(pqxx::transaction_base& tx, v1::RefusalScope scope,
                                          bool show_inactive,
                                          const std::optional<domain::TimeKey>& after, int limit) {
  std::optional<std::string> scope_text;
  if (scope != v1::REFUSAL_SCOPE_UNSPECIFIED) {
    scope_text = domain::RefusalScopeText::Of(scope);
  }
  const rows::KeyParams key = rows::KeyParamsOf(after);
  auto result = tx.exec_prepared("list_refusal_reasons", rows::OrNull(scope_text), show_inactive,
                                 rows::OrNull(key.time), rows::OrNull(key.id), limit);
  std::vector<ReasonRow> out;
  out.reserve(result.size());
  for (const auto& r : result) {
    out.push_back(ReadReason(r));
  }
  return out;
}

ReasonRow RenameRefusalReason(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& display_name,
                              const google::protobuf::Timestamp& now) {
  return Required(tx.exec_prepared("rename_refusal_reason", id, display_name, rows::Time(now)), id);
}

ReasonRow SetRefusalReasonActive(pqxx::transaction_base& tx, const std::string& id, bool active,
                                 const google::protobuf::Timestamp& now) {
  return Required(tx.exec_prepared("set_refusal_reason_active", id, active, rows::Time(now)), id);
}

}  // namespace crm::planning::store
