#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/accounting/domain/budget.h"

// Project budgets in the database (store/sql/budgets.sql): an edition's plan lines with the
// plan's version, the costs entered, the closing documents issued, and the month sums of the
// report.
namespace crm::accounting {

// The saved plan's version, who saved it and when.
struct BudgetVersion {
  int64_t version = 0;
  std::string updated_by;
  google::protobuf::Timestamp update_time;
};

struct BudgetCostRecord {
  std::string id;  // UUID
  std::string edition;
  std::chrono::year_month month;
  std::string article;  // "venue_rent", ...
  int64_t amount_kopecks = 0;
  std::string description;
  std::string entered_by;
};

// A closing document (act, УПД, УКД) as the budget's fact counts it.
struct ClosingDocumentRecord {
  std::string document_id;  // UUID
  std::string kind;
  std::string number;
  std::string edition;     // "" when unknown
  std::string issue_date;  // ISO
  int64_t area_milli = 0;
  int64_t space_kopecks = 0;
  int64_t net_kopecks = 0;
  std::string supersedes;  // UUID; "" for none
  std::string source_event_id;
};

class BudgetStore {
 public:
  // nullopt while no plan was saved for the edition.
  static std::optional<BudgetVersion> Version(pqxx::transaction_base& tx,
                                              const std::string& edition);
  // Replaces the plan's lines and returns its new version.
  static BudgetVersion SavePlan(pqxx::transaction_base& tx, const std::string& edition,
                                const std::vector<domain::PlanLine>& lines,
                                const std::string& updated_by);
  static std::vector<domain::PlanLine> PlanLines(pqxx::transaction_base& tx,
                                                 const std::string& edition);

  // Returns the cost's create time.
  static google::protobuf::Timestamp InsertCost(pqxx::transaction_base& tx,
                                                const BudgetCostRecord& cost);

  // false when the document was recorded before (nothing changes).
  static bool InsertClosingDocument(pqxx::transaction_base& tx,
                                    const ClosingDocumentRecord& document);
  // Moves an issued closing document to "replaced" or "annulled"; false when it is unknown or no
  // longer issued.
  static bool SetClosingDocumentState(pqxx::transaction_base& tx, const std::string& document_id,
                                      const std::string& state);

  // Plan and fact per month, oldest first, in one statement.
  static std::vector<domain::BudgetMonthSums> MonthSums(pqxx::transaction_base& tx,
                                                        const std::string& edition);
};

}  // namespace crm::accounting
