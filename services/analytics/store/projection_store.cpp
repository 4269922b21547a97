#include "services/analytics/store/projection_store.h"

#include <optional>

#include "common/db/row.h"

namespace crm::analytics {
namespace {

std::vector<domain::KeyCount> KeyCounts(const pqxx::result& result) {
  std::vector<domain::KeyCount> out;
  out.reserve(result.size());
  for (const auto& r : result) {
    const common::db::Row row(r);
    out.push_back({row.Text("key"), row.Int64("n")});
  }
  return out;
}

// One of the statements taking a contact's planned state: id, owner, type (NULL when unknown),
// time, ce-time.
void ApplyContact(pqxx::transaction_base& tx, const char* statement,
                  const domain::ContactRow& row) {
  tx.exec_prepared(statement, row.id, row.owner_id, common::db::NullIfEmpty(row.type),
                   row.scheduled_rfc3339, common::db::NullIfEmpty(row.event_rfc3339),
                   common::db::NullIfEmpty(row.client_id), common::db::NullIfEmpty(row.edition));
}

}  // namespace

void ProjectionStore::UpsertEmployee(pqxx::transaction_base& tx, const domain::ManagerRow& row) {
  tx.exec_prepared("analytics_upsert_employee", row.id, row.full_name);
}

void ProjectionStore::UpsertMembership(pqxx::transaction_base& tx,
                                       const domain::MembershipRow& row) {
  tx.exec_prepared("analytics_upsert_membership", row.id, row.full_name,
                   common::db::NullIfEmpty(row.department_id),
                   common::db::NullIfEmpty(row.event_rfc3339));
}

void ProjectionStore::UpsertPlannedContact(pqxx::transaction_base& tx,
                                           const domain::ContactRow& row) {
  ApplyContact(tx, "analytics_upsert_planned_contact", row);
}

void ProjectionStore::CancelContact(pqxx::transaction_base& tx, const domain::ContactRow& row) {
  ApplyContact(tx, "analytics_cancel_contact", row);
}

void ProjectionStore::UpsertCompletedContact(pqxx::transaction_base& tx,
                                             const domain::ContactRow& row) {
  tx.exec_prepared("analytics_upsert_completed_contact", row.id, row.owner_id, row.type,
                   row.scheduled_rfc3339, row.result_kind, row.complete_rfc3339,
                   common::db::NullIfEmpty(row.client_id), common::db::NullIfEmpty(row.edition),
                   row.positive, common::db::NullIfEmpty(row.refusal_reason));
}

void ProjectionStore::UpsertSale(pqxx::transaction_base& tx, const domain::SaleRow& row) {
  tx.exec_prepared("analytics_upsert_sale", row.id, row.manager_id, row.area_dm2, row.net_kopecks,
                   row.total_kopecks, row.sale_rfc3339, row.stand_type,
                   row.cancelled ? "cancelled" : "active",
                   common::db::NullIfEmpty(row.event_rfc3339), common::db::NullIfEmpty(row.edition),
                   common::db::NullIfEmpty(row.client_id));
  if (!row.manager_full_name.empty()) {
    tx.exec_prepared("analytics_insert_employee_if_missing", row.manager_id, row.manager_full_name);
  }
}

namespace {

void ApplyEdition(pqxx::transaction_base& tx, const char* statement, const domain::EditionRow& row,
                  bool with_status) {
  if (with_status) {
    tx.exec_prepared(statement, row.name, row.project, row.display_name, row.project_display_name,
                     common::db::NullIfEmpty(row.start_date), common::db::NullIfEmpty(row.end_date),
                     common::db::NullIfEmpty(row.status),
                     common::db::NullIfEmpty(row.event_rfc3339));
  } else {
    tx.exec_prepared(statement, row.name, row.project, row.display_name, row.project_display_name,
                     common::db::NullIfEmpty(row.start_date),
                     common::db::NullIfEmpty(row.end_date));
  }
}

}  // namespace

void ProjectionStore::UpsertEdition(pqxx::transaction_base& tx, const domain::EditionRow& row) {
  ApplyEdition(tx, "analytics_upsert_edition", row, true);
}

void ProjectionStore::InsertEditionIfMissing(pqxx::transaction_base& tx,
                                             const domain::EditionRow& row) {
  ApplyEdition(tx, "analytics_insert_edition_if_missing", row, false);
}

void ProjectionStore::InsertReadiness(pqxx::transaction_base& tx, const domain::ReadinessRow& row) {
  tx.exec_prepared("analytics_insert_readiness", row.client_id, row.edition, row.level,
                   row.record_rfc3339, row.recorded_by);
}

void ProjectionStore::UpsertDepartment(pqxx::transaction_base& tx,
                                       const domain::DepartmentRow& row) {
  tx.exec_prepared("analytics_upsert_department", row.id, row.display_name, row.deleted,
                   common::db::NullIfEmpty(row.event_rfc3339));
}

bool ReportStore::ManagerKnown(pqxx::transaction_base& tx, const std::string& manager_id) {
  return common::db::Row(tx.exec_prepared1("analytics_manager_known", manager_id)).Bool("known");
}

std::string ReportStore::EmployeeDepartment(pqxx::transaction_base& tx,
                                            const std::string& employee_id) {
  auto result = tx.exec_prepared("analytics_employee_department", employee_id);
  return result.empty() ? std::string() : common::db::Row(result[0]).Text("department_id");
}

std::vector<domain::KeyCount> ReportStore::CompletedByType(pqxx::transaction_base& tx,
                                                           const domain::ReportQuery& q) {
  return KeyCounts(tx.exec_prepared("analytics_completed_by_type", q.manager_id, q.start_rfc3339,
                                    q.end_rfc3339));
}

std::vector<domain::KeyCount> ReportStore::CompletedByResult(pqxx::transaction_base& tx,
                                                             const domain::ReportQuery& q) {
  return KeyCounts(tx.exec_prepared("analytics_completed_by_result", q.manager_id, q.start_rfc3339,
                                    q.end_rfc3339));
}

int64_t ReportStore::OpenContacts(pqxx::transaction_base& tx, const domain::ReportQuery& q) {
  return common::db::Row(tx.exec_prepared1("analytics_open_contacts", q.manager_id, q.start_rfc3339,
                                           q.end_rfc3339))
      .Int64("n");
}

domain::SalesTotals ReportStore::Sales(pqxx::transaction_base& tx, const domain::ReportQuery& q) {
  const common::db::Row row(
      tx.exec_prepared1("analytics_sales_totals", q.manager_id, q.start_rfc3339, q.end_rfc3339));
  return {row.Int64("sales"), row.Int64("area_dm2"), row.Int64("net"), row.Int64("total")};
}

}  // namespace crm::analytics
