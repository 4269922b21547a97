#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/analytics/domain/projection.h"
#include "services/analytics/domain/report.h"

// The projection tables, through the named queries of store/queries.h.
namespace crm::analytics {

class ProjectionStore {
 public:
  static void UpsertEmployee(pqxx::transaction_base& tx, const domain::ManagerRow& row);
  static void UpsertMembership(pqxx::transaction_base& tx, const domain::MembershipRow& row);
  // The batch forms below apply their rows as one after the other in order would (a contact or
  // sale given twice is written in as many statements), each with a statement per batch.
  //
  // Planned contacts' owner, type (kept when the row's is "") and time (contact.planned,
  // .updated, .reassigned); an older event changes nothing, a completed or cancelled contact
  // stays so.
  static void UpsertPlannedContacts(pqxx::transaction_base& tx,
                                    const std::vector<domain::ContactRow>& rows);
  // Planned contacts called off: they count nowhere any more.
  static void CancelContacts(pqxx::transaction_base& tx,
                             const std::vector<domain::ContactRow>& rows);
  static void UpsertCompletedContacts(pqxx::transaction_base& tx,
                                      const std::vector<domain::ContactRow>& rows);
  // Sales as of the rows' events (recorded, amended or cancelled): an older event changes
  // nothing, a cancelled sale stays cancelled. Also records a manager's name from the sale's
  // snapshot, and the edition from it, when the projection has none.
  static void UpsertSales(pqxx::transaction_base& tx, const std::vector<domain::SaleRow>& rows,
                          const std::vector<domain::EditionRow>& editions);
  // An edition as its own events tell it; an older event changes nothing.
  static void UpsertEdition(pqxx::transaction_base& tx, const domain::EditionRow& row);
  // One readiness assessment, and the latest of its (edition, client) when it is later; the same
  // one again changes nothing.
  static void InsertReadiness(pqxx::transaction_base& tx, const domain::ReadinessRow& row);
  // A department's name (deleted ones keep theirs for old figures); an older event changes
  // nothing.
  static void UpsertDepartment(pqxx::transaction_base& tx, const domain::DepartmentRow& row);
};

// The report's sections, each one grouped query.
class ReportStore {
 public:
  static bool ManagerKnown(pqxx::transaction_base& tx, const std::string& manager_id);
  // The employee's department unit; "" for none or unknown.
  static std::string EmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id);
  static std::vector<domain::KeyCount> CompletedByType(pqxx::transaction_base& tx,
                                                       const domain::ReportQuery& q);
  static std::vector<domain::KeyCount> CompletedByResult(pqxx::transaction_base& tx,
                                                         const domain::ReportQuery& q);
  static int64_t OpenContacts(pqxx::transaction_base& tx, const domain::ReportQuery& q);
  static domain::SalesTotals Sales(pqxx::transaction_base& tx, const domain::ReportQuery& q);
};

}  // namespace crm::analytics
