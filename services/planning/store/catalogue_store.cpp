#include "services/planning/store/catalogue_store.h"

#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/planning/store/key_params.h"

namespace crm::planning::store {
namespace {

using common::db::OrNull;
using common::db::Row;
using common::db::TimeParam;

// A row of the statements returning refusal reasons (store/sql/catalogues.sql).
ReasonRow ReasonFromRow(const Row& r) {
  ReasonRow row;
  row.rule.id = r.Text("id");
  row.rule.scope = domain::RefusalScopeText::Parse(r.Text("scope"));
  row.rule.active = r.Bool("active");
  if (auto legacy = r.OptionalInt64("legacy_reason")) {
    row.rule.legacy_reason = static_cast<v1::RefusalReason>(*legacy);
  }
  v1::RefusalReasonEntry& e = row.entry;
  e.set_name(common::ResourceName("refusalReasons", row.rule.id));
  e.set_scope(row.rule.scope);
  e.set_display_name(r.Text("display_name"));
  e.set_active(row.rule.active);
  e.set_legacy_reason(row.rule.legacy_reason);
  e.set_etag(r.Text("version"));
  *e.mutable_create_time() = r.TimeFromMicros("create_time_us");
  *e.mutable_update_time() = r.TimeFromMicros("update_time_us");
  return row;
}

std::optional<ReasonRow> FirstReason(const pqxx::result& result) {
  return common::db::FirstRowOf(result, ReasonFromRow);
}

ReasonRow Required(const pqxx::result& result, const std::string& id) {
  auto row = FirstReason(result);
  if (!row) {
    throw std::logic_error("refusal reason " + id + " vanished under a row lock");
  }
  return *row;
}

}  // namespace

ReasonRow InsertRefusalReason(pqxx::transaction_base& tx, const std::string& id,
                              v1::RefusalScope scope, const std::string& display_name,
                              const google::protobuf::Timestamp& now) {
  return *FirstReason(tx.exec_prepared("insert_refusal_reason", id,
                                       domain::RefusalScopeText::Of(scope), display_name,
                                       TimeParam(now)));
}

std::optional<ReasonRow> FindRefusalReason(pqxx::transaction_base& tx, const std::string& id) {
  return FirstReason(tx.exec_prepared("find_refusal_reason", id));
}

std::optional<ReasonRow> FindRefusalReasonForUpdate(pqxx::transaction_base& tx,
                                                    const std::string& id) {
  return FirstReason(tx.exec_prepared("find_refusal_reason_for_update", id));
}

std::vector<ReasonRow> ListRefusalReasons(pqxx::transaction_base& tx, v1::RefusalScope scope,
                                          bool show_inactive,
                                          const std::optional<common::api::TimeKey>& after,
                                          int limit) {
  std::optional<std::string> scope_text;
  if (scope != v1::REFUSAL_SCOPE_UNSPECIFIED) {
    scope_text = domain::RefusalScopeText::Of(scope);
  }
  const KeyParams key = KeyParamsOf(after);
  return common::db::RowsOf(
      tx.exec_prepared("list_refusal_reasons", OrNull(scope_text), show_inactive, OrNull(key.time),
                       OrNull(key.id), limit),
      ReasonFromRow);
}

ReasonRow RenameRefusalReason(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& display_name,
                              const google::protobuf::Timestamp& now) {
  return Required(tx.exec_prepared("rename_refusal_reason", id, display_name, TimeParam(now)), id);
}

ReasonRow SetRefusalReasonActive(pqxx::transaction_base& tx, const std::string& id, bool active,
                                 const google::protobuf::Timestamp& now) {
  return Required(tx.exec_prepared("set_refusal_reason_active", id, active, TimeParam(now)), id);
}

}  // namespace crm::planning::store
