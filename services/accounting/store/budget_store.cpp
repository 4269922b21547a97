#include "services/accounting/store/budget_store.h"

#include <google/protobuf/util/time_util.h>

#include "common/api/time_key_params.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::accounting {
namespace {

namespace v1 = crm::accounting::v1;

BudgetVersion DecodeVersion(const common::db::Row& row) {
  BudgetVersion out;
  out.version = row.Int64("version");
  out.updated_by = row.Text("updated_by");
  out.update_time = row.TimeFromMicros("update_time_us");
  return out;
}

// A row of the budget_cost_columns fragment.
BudgetCostRecord DecodeCost(const common::db::Row& row) {
  BudgetCostRecord out;
  out.id = row.Text("id");
  out.edition = row.Text("edition");
  const auto month = domain::ParseMonth(row.Text("month"));
  if (!month) {
    throw std::logic_error("budget cost " + out.id + " has the month " + row.Text("month"));
  }
  out.month = *month;
  out.article = row.Text("article");
  out.amount_kopecks = row.Int64("amount_kopecks");
  out.description = row.Text("description");
  out.entered_by = row.Text("entered_by");
  out.source = row.Text("source");
  out.version = row.Int64("version");
  out.create_time = row.TimeFromMicros("create_time_us");
  out.delete_time = row.OptionalTimeFromMicros("delete_time_us");
  out.deleted_by = row.Text("deleted_by");
  out.one_c_ref = row.Text("one_c_ref");
  out.one_c_line = static_cast<int>(row.Int64("one_c_line"));
  out.one_c_document = row.Text("one_c_document");
  out.one_c_division = row.Text("one_c_division");
  out.one_c_item = row.Text("one_c_item");
  return out;
}

// The cost `query` (budget_cost_get or budget_cost_lock) finds by `id`.
std::optional<BudgetCostRecord> OneCost(pqxx::transaction_base& tx, const char* query,
                                        const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared(query, id), DecodeCost);
}

}  // namespace

std::optional<BudgetVersion> BudgetStore::Version(pqxx::transaction_base& tx,
                                                  const std::string& edition) {
  return common::db::FirstRowOf(tx.exec_prepared("budget_get", edition), DecodeVersion);
}

BudgetVersion BudgetStore::SavePlan(pqxx::transaction_base& tx, const std::string& edition,
                                    const std::vector<domain::PlanLine>& lines,
                                    const std::string& updated_by) {
  BudgetVersion version =
      DecodeVersion(common::db::Row(tx.exec_prepared1("budget_save", edition, updated_by)));
  tx.exec_prepared("budget_lines_delete", edition);
  if (lines.empty()) {
    return version;
  }
  std::vector<std::string> kinds;
  std::vector<std::string> months;
  std::vector<std::string> stand_types;
  std::vector<int64_t> areas;
  std::vector<int64_t> prices;
  std::vector<int64_t> amounts;
  std::vector<std::string> articles;
  std::vector<std::string> descriptions;
  for (const domain::PlanLine& line : lines) {
    kinds.push_back(domain::BudgetLineKindText::Of(line.kind));
    months.push_back(domain::MonthStart(line.month));
    stand_types.push_back(line.stand_type);
    areas.push_back(line.area_dm2);
    prices.push_back(line.price_kopecks);
    amounts.push_back(line.amount_kopecks);
    articles.push_back(domain::CostArticleText::Of(line.article));
    descriptions.push_back(line.description);
  }
  tx.exec_prepared(
      "budget_lines_insert", edition, common::db::QuotedArrayLiteral(kinds),
      common::db::QuotedArrayLiteral(months), common::db::QuotedArrayLiteral(stand_types),
      common::db::NumberArrayLiteral(areas), common::db::NumberArrayLiteral(prices),
      common::db::NumberArrayLiteral(amounts), common::db::QuotedArrayLiteral(articles),
      common::db::QuotedArrayLiteral(descriptions));
  return version;
}

std::vector<domain::PlanLine> BudgetStore::PlanLines(pqxx::transaction_base& tx,
                                                     const std::string& edition) {
  return common::db::RowsOf(tx.exec_prepared("budget_lines", edition),
                            [&](const common::db::Row& row) {
                              domain::PlanLine line;
                              line.kind = domain::BudgetLineKindText::Parse(row.Text("kind"));
                              const auto month = domain::ParseMonth(row.Text("month"));
                              if (!month) {
                                throw std::logic_error("budget line of " + edition +
                                                       " has the month " + row.Text("month"));
                              }
                              line.month = *month;
                              line.stand_type = row.Text("stand_type");
                              line.area_dm2 = row.Int64("area_dm2");
                              line.price_kopecks = row.Int64("price_kopecks");
                              line.amount_kopecks = row.Int64("amount_kopecks");
                              line.article = domain::CostArticleText::Parse(row.Text("article"));
                              line.description = row.Text("description");
                              return line;
                            });
}

google::protobuf::Timestamp BudgetStore::InsertCost(pqxx::transaction_base& tx,
                                                    const BudgetCostRecord& cost) {
  return common::db::Row(tx.exec_prepared1("budget_cost_insert", cost.id, cost.edition,
                                           domain::MonthStart(cost.month), cost.article,
                                           cost.amount_kopecks, cost.description, cost.entered_by))
      .TimeFromMicros("create_time_us");
}

std::optional<BudgetCostRecord> BudgetStore::FindCost(pqxx::transaction_base& tx,
                                                      const std::string& id) {
  return OneCost(tx, "budget_cost_get", id);
}

std::optional<BudgetCostRecord> BudgetStore::LockCost(pqxx::transaction_base& tx,
                                                      const std::string& id) {
  return OneCost(tx, "budget_cost_lock", id);
}

BudgetCostPage BudgetStore::ListCosts(pqxx::transaction_base& tx, const std::string& edition,
                                      const BudgetCostFilter& filter, int page_size,
                                      const std::optional<common::api::TimeKey>& after) {
  const std::optional<std::string> month =
      filter.month ? std::optional<std::string>(domain::MonthStart(*filter.month)) : std::nullopt;
  const common::api::TimeKeyParams start = common::api::TimeKeyParamsOf(after);
  const std::optional<std::string> of_edition =
      edition.empty() ? std::nullopt : std::optional<std::string>(edition);
  const pqxx::result rows = tx.exec_prepared(
      "budget_cost_list", common::db::OrNull(of_edition), common::db::OrNull(month),
      common::db::OrNull(filter.article), common::db::OrNull(filter.source), filter.show_deleted,
      common::db::OrNull(start.micros), common::db::OrNull(start.id), page_size + 1,
      filter.unassigned);
  return common::db::ReadKeysetPage(rows, page_size, DecodeCost, [](const BudgetCostRecord& last) {
    return common::api::TimeKey{
        google::protobuf::util::TimeUtil::TimestampToMicroseconds(last.create_time), last.id};
  });
}

bool BudgetStore::DeleteCost(pqxx::transaction_base& tx, const std::string& id,
                             const std::string& deleted_by) {
  return tx.exec_prepared("budget_cost_delete", id, deleted_by).affected_rows() == 1;
}

void BudgetStore::UpsertOneCCost(pqxx::transaction_base& tx, const BudgetCostRecord& cost) {
  tx.exec_prepared("budget_cost_upsert_1c", cost.id, cost.edition, domain::MonthStart(cost.month),
                   cost.article, cost.amount_kopecks, cost.description, cost.entered_by,
                   cost.one_c_ref, cost.one_c_line, cost.one_c_document, cost.one_c_division,
                   cost.one_c_item);
}

void BudgetStore::DeleteOneCCosts(pqxx::transaction_base& tx, const std::string& one_c_ref,
                                  int lines, const std::string& deleted_by) {
  tx.exec_prepared("budget_cost_delete_1c", one_c_ref, lines, deleted_by);
}

std::optional<std::string> BudgetStore::EditionNamed(pqxx::transaction_base& tx,
                                                     const std::string& display_name) {
  const pqxx::result found = tx.exec_prepared("edition_by_display_name", display_name);
  if (found.size() != 1) {
    return std::nullopt;
  }
  return common::db::Row(found[0]).Text("name");
}

bool BudgetStore::InsertClosingDocument(pqxx::transaction_base& tx,
                                        const ClosingDocumentRecord& document) {
  return !tx.exec_prepared("closing_document_insert", document.document_id, document.kind,
                           document.number, document.edition, document.issue_date,
                           document.area_milli, document.space_kopecks, document.net_kopecks,
                           document.supersedes, document.source_event_id)
              .empty();
}

bool BudgetStore::SetClosingDocumentState(pqxx::transaction_base& tx,
                                          const std::string& document_id,
                                          const std::string& state) {
  return !tx.exec_prepared("closing_document_set_state", document_id, state).empty();
}

std::vector<domain::BudgetMonthSums> BudgetStore::MonthSums(pqxx::transaction_base& tx,
                                                            const std::string& edition) {
  return common::db::RowsOf(tx.exec_prepared("budget_month_sums", edition),
                            [](const common::db::Row& row) {
                              domain::BudgetMonthSums sums;
                              sums.month = row.Text("month");
                              sums.plan_area_dm2 = row.Int64("plan_area_dm2");
                              sums.fact_area_milli = row.Int64("fact_area_milli");
                              sums.plan_space = row.Int64("plan_space");
                              sums.fact_space = row.Int64("fact_space");
                              sums.plan_other = row.Int64("plan_other");
                              sums.fact_other = row.Int64("fact_other");
                              sums.plan_costs = row.Int64("plan_costs");
                              sums.fact_costs = row.Int64("fact_costs");
                              sums.received = row.Int64("received");
                              return sums;
                            });
}

}  // namespace crm::accounting
