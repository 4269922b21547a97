#pragma once

#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/accounting/v1/budgets.pb.h"
#include "services/accounting/store/budget_store.h"

// Project budgets (services/accounting/README.md, "Budgets"): an edition's plan entered through
// the API or imported from a workbook, costs entered, and plan against fact. Who may: the rule of
// budget records in common/auth/access.h — heads of sales and accountants write, analysts read,
// sales managers nothing.
namespace crm::accounting::app {

// "projects/{p}/editions/{e}/budget" → its edition "projects/{p}/editions/{e}"; nullopt for a
// malformed name.
std::optional<std::string> EditionOfBudget(const std::string& budget_name);

// NOT_FOUND when accounting does not know the edition.
crm::accounting::v1::Budget GetBudget(common::db::Pool& pool, const common::auth::Principal& caller,
                                      const std::string& edition);

// Replaces the plan with `lines` (checked; violations name budget.plan_lines[i].field). `etag`
// must be the current one (ABORTED otherwise).
crm::accounting::v1::Budget UpdateBudget(common::db::Pool& pool,
                                         const common::auth::Principal& caller,
                                         const std::string& edition,
                                         const std::vector<crm::accounting::v1::BudgetLine>& lines,
                                         const std::string& etag);

// Replaces the plan with the lines of an xlsx workbook, all or nothing: a bad row is a violation
// of `content` naming its row and column. `etag`, when set, must be the current one.
crm::accounting::v1::Budget ImportBudgetPlan(common::db::Pool& pool,
                                             const common::auth::Principal& caller,
                                             const std::string& edition, const std::string& content,
                                             const std::string& etag);

// Enters a cost incurred (the request validated by the caller: article, month, amount,
// request_id), once per request_id of the caller (common/api/idempotency.h).
crm::accounting::v1::BudgetCost CreateBudgetCost(
    common::db::Pool& pool, const common::auth::Principal& caller, const std::string& edition,
    const crm::accounting::v1::CreateBudgetCostRequest& request);

// A page of an edition's costs (the filter and page validated by the caller); NOT_FOUND when
// accounting does not know the edition. `edition` "" (with filter.unassigned): every edition's
// and none's.
crm::accounting::v1::ListBudgetCostsResponse ListBudgetCosts(common::db::Pool& pool,
                                                             const common::auth::Principal& caller,
                                                             const std::string& edition,
                                                             const BudgetCostFilter& filter,
                                                             const common::api::TimePage& page);

// The edition and the id of "projects/{p}/editions/{e}/budget/costs/{id}"; nullopt for a
// malformed name.
struct BudgetCostId {
  std::string edition;
  std::string id;
};
std::optional<BudgetCostId> ParseBudgetCostName(const std::string& name);

// Soft-deletes an entered cost: NOT_FOUND when there is none (or it was deleted), ABORTED on a
// stale etag, FAILED_PRECONDITION for a cost imported from 1C.
crm::accounting::v1::BudgetCost DeleteBudgetCost(common::db::Pool& pool,
                                                 const common::auth::Principal& caller,
                                                 const BudgetCostId& cost, const std::string& etag);

crm::accounting::v1::BudgetReport GetBudgetReport(common::db::Pool& pool,
                                                  const common::auth::Principal& caller,
                                                  const std::string& edition);

}  // namespace crm::accounting::app
