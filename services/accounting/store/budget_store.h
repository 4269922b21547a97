#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "common/db/rows.h"
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
  std::string id;       // UUID
  std::string edition;  // "" for a cost from 1C whose edition is not known
  std::chrono::year_month month;
  std::string article;  // "venue_rent", ...
  int64_t amount_kopecks = 0;
  std::string description;
  std::string entered_by;
  // Read back only (the store sets them):
  std::string source = "entered";  // domain::CostSourceText: "entered" or "one_c"
  int64_t version = 1;
  google::protobuf::Timestamp create_time;
  std::optional<google::protobuf::Timestamp> delete_time;
  std::string deleted_by;
  // A cost from 1C: its document's Ссылка and line, the document as the accountants find it, and
  // the Подразделение and СтатьяЗатрат as sent ("" and 0 for an entered cost).
  std::string one_c_ref;
  int one_c_line = 0;
  std::string one_c_document;
  std::string one_c_division;
  std::string one_c_item;
};

// What ListBudgetCosts narrows an edition's costs to; unset: no narrowing.
struct BudgetCostFilter {
  bool unassigned = false;  // from 1C, the edition or the article not mapped
  std::optional<std::chrono::year_month> month;
  std::optional<std::string> article;
  std::optional<std::string> source;
  bool show_deleted = false;
};

// The costs of a page and the last one's key when another page follows.
using BudgetCostPage = common::db::KeysetPage<BudgetCostRecord, common::api::TimeKey>;

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

  // The cost, deleted or not; nullopt when there is none. LockCost locks it for the transaction.
  static std::optional<BudgetCostRecord> FindCost(pqxx::transaction_base& tx,
                                                  const std::string& id);
  static std::optional<BudgetCostRecord> LockCost(pqxx::transaction_base& tx,
                                                  const std::string& id);
  // An edition's costs ("" for every edition, with filter.unassigned only), oldest first, a page
  // of at most `page_size` after `after`.
  static BudgetCostPage ListCosts(pqxx::transaction_base& tx, const std::string& edition,
                                  const BudgetCostFilter& filter, int page_size,
                                  const std::optional<common::api::TimeKey>& after);
  // Soft-deletes a cost not deleted yet; false when it was.
  static bool DeleteCost(pqxx::transaction_base& tx, const std::string& id,
                         const std::string& deleted_by);

  // Stores a line of a 1C document (one_c_ref, one_c_line) as a cost, or updates the one stored
  // (undeleting it); nothing changes when it is stored as it is.
  static void UpsertOneCCost(pqxx::transaction_base& tx, const BudgetCostRecord& cost);
  // Soft-deletes the costs of the 1C document `one_c_ref` past its line `lines` (0: all).
  static void DeleteOneCCosts(pqxx::transaction_base& tx, const std::string& one_c_ref, int lines,
                              const std::string& deleted_by);
  // The edition whose display name is `display_name`; nullopt for none or several.
  static std::optional<std::string> EditionNamed(pqxx::transaction_base& tx,
                                                 const std::string& display_name);

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
