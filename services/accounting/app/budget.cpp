#include "services/accounting/app/budget.h"

#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/auth/access.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/db/money.h"
#include "common/tabular/xlsx_reader.h"
#include "services/accounting/domain/budget.h"
#include "services/accounting/store/budget_store.h"
#include "services/accounting/store/edition_store.h"

namespace crm::accounting::app {
namespace {

namespace v1 = crm::accounting::v1;
using common::auth::Action;
using common::auth::Records;

constexpr std::string_view kBudgetSuffix = "/budget";
// The edition part of the name of a cost from 1C whose edition is not known.
constexpr std::string_view kAnyEdition = "projects/-/editions/-";

void Require(const common::auth::Principal& caller, Action action) {
  common::auth::CheckAccess(common::auth::ActorOf(caller), Records::kBudgets, action, {});
}

std::string BudgetName(const std::string& edition) { return edition + std::string(kBudgetSuffix); }

domain::PriceList PricesOf(const EditionRecord& edition) {
  return {edition.price_per_m2_kopecks, edition.stand_prices};
}

// The edition of the budget `edition` names, or NotFoundError naming that budget.
EditionRecord KnownEdition(std::optional<EditionRecord> found, const std::string& edition) {
  return common::api::Found(std::move(found), BudgetName(edition));
}

v1::Budget BudgetMessage(pqxx::transaction_base& tx, const EditionRecord& edition) {
  v1::Budget out;
  out.set_name(BudgetName(edition.name));
  out.set_edition_display_name(edition.display_name);
  const auto version = BudgetStore::Version(tx, edition.name);
  out.set_etag(std::to_string(version ? version->version : 0));
  if (version) {
    *out.mutable_update_time() = version->update_time;
    out.set_updated_by(version->updated_by);
    for (const domain::PlanLine& line : BudgetStore::PlanLines(tx, edition.name)) {
      *out.add_plan_lines() = domain::LineMessage(line);
    }
  }
  return out;
}

// Checks the lines against the locked edition's price list and saves them; `report` names a
// problem's place in the request.
v1::Budget SavePlan(common::db::Pool& pool, const common::auth::Principal& caller,
                    const std::string& edition_name, const std::vector<v1::BudgetLine>& lines,
                    const std::string& etag, const domain::LineViolation& report,
                    common::Violations& violations) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const EditionRecord edition = KnownEdition(EditionStore::Lock(tx, edition_name), edition_name);
    const std::vector<domain::PlanLine> checked =
        domain::CheckPlanLines(lines, PricesOf(edition), report);
    violations.ThrowIfAny();
    const auto version = BudgetStore::Version(tx, edition.name);
    common::api::CheckEtag(BudgetName(edition.name), std::to_string(version ? version->version : 0),
                           etag);
    BudgetStore::SavePlan(tx, edition.name, checked, caller.subject);
    return BudgetMessage(tx, edition);
  });
}

std::string CostName(const std::string& edition, const std::string& id) {
  return BudgetName(edition.empty() ? std::string(kAnyEdition) : edition) + "/costs/" + id;
}

v1::BudgetCost CostMessage(const BudgetCostRecord& record) {
  v1::BudgetCost out;
  out.set_name(CostName(record.edition, record.id));
  out.set_article(domain::CostArticleText::Parse(record.article));
  out.set_month(domain::MonthText(record.month));
  *out.mutable_amount() = common::db::MoneyOf("RUB", record.amount_kopecks);
  out.set_description(record.description);
  out.set_entered_by(record.entered_by);
  *out.mutable_create_time() = record.create_time;
  out.set_etag(std::to_string(record.version));
  out.set_source(domain::CostSourceText::Parse(record.source));
  if (record.delete_time) {
    *out.mutable_delete_time() = *record.delete_time;
    out.set_deleted_by(record.deleted_by);
  }
  if (out.source() == v1::BUDGET_COST_SOURCE_ONE_C) {
    out.set_one_c_document(record.one_c_document);
    out.set_one_c_line(record.one_c_line);
    out.set_one_c_division(record.one_c_division);
    out.set_one_c_cost_item(record.one_c_item);
    out.set_unassigned(record.edition.empty() || record.article.empty());
  }
  return out;
}

}  // namespace

std::optional<std::string> EditionOfBudget(const std::string& budget_name) {
  if (!budget_name.ends_with(kBudgetSuffix)) {
    return std::nullopt;
  }
  std::string edition = budget_name.substr(0, budget_name.size() - kBudgetSuffix.size());
  if (!common::ParseChildResourceId(edition, "projects", "editions")) {
    return std::nullopt;
  }
  return edition;
}

v1::Budget GetBudget(common::db::Pool& pool, const common::auth::Principal& caller,
                     const std::string& edition) {
  Require(caller, Action::kRead);
  return pool.Read([&](pqxx::read_transaction& tx) {
    return BudgetMessage(tx, KnownEdition(EditionStore::Find(tx, edition), edition));
  });
}

v1::Budget UpdateBudget(common::db::Pool& pool, const common::auth::Principal& caller,
                        const std::string& edition, const std::vector<v1::BudgetLine>& lines,
                        const std::string& etag) {
  Require(caller, Action::kWrite);
  common::Violations violations;
  const domain::LineViolation report = [&](std::size_t index, std::string_view field,
                                           std::string message) {
    violations.Add("budget.plan_lines[" + std::to_string(index) + "]." + std::string(field),
                   std::move(message));
  };
  return SavePlan(pool, caller, edition, lines, etag, report, violations);
}

v1::Budget ImportBudgetPlan(common::db::Pool& pool, const common::auth::Principal& caller,
                            const std::string& edition, const std::string& content,
                            const std::string& etag) {
  Require(caller, Action::kWrite);
  common::Violations violations;
  common::tabular::SourceTable table;
  try {
    table = common::tabular::ReadXlsx(content);
  } catch (const common::tabular::SourceFormatError& e) {
    violations.Add("content", std::string("cannot be read as an xlsx workbook: ") + e.what());
    violations.ThrowIfAny();
  }
  domain::PlanTableRows rows;
  const std::vector<v1::BudgetLine> lines = domain::ReadPlanTable(table, violations, rows);
  const domain::LineViolation report = [&](std::size_t index, std::string_view field,
                                           const std::string& message) {
    rows.Report(violations, index, field, message);
  };
  return SavePlan(pool, caller, edition, lines, etag, report, violations);
}

v1::BudgetCost CreateBudgetCost(common::db::Pool& pool, const common::auth::Principal& caller,
                                const std::string& edition,
                                const v1::CreateBudgetCostRequest& request) {
  Require(caller, Action::kWrite);
  const v1::BudgetCost& cost = request.budget_cost();
  BudgetCostRecord record;
  record.id = common::NewUuid();
  record.edition = edition;
  const auto month = domain::ParseMonth(cost.month());
  if (!month) {
    throw std::invalid_argument("CreateBudgetCost: the month was not validated");
  }
  record.month = *month;
  record.article = domain::CostArticleText::Of(cost.article());
  record.amount_kopecks = cost.amount().minor_units();
  record.description = cost.description();
  record.entered_by = caller.subject;
  return common::api::CreateOnce(
      pool, common::api::KeyOf(caller.subject, "CreateBudgetCost", request),
      [&](pqxx::work& tx) {
        KnownEdition(EditionStore::Find(tx, edition), edition);
        BudgetStore::InsertCost(tx, record);
        return CostMessage(
            common::api::Found(BudgetStore::FindCost(tx, record.id), CostName(edition, record.id)));
      },
      [&](pqxx::transaction_base& tx, const std::string& name) {
        const auto id = ParseBudgetCostName(name);
        if (!id) {
          throw std::logic_error("idempotency key of CreateBudgetCost names " + name);
        }
        return CostMessage(common::api::Found(BudgetStore::FindCost(tx, id->id), name));
      });
}

v1::ListBudgetCostsResponse ListBudgetCosts(common::db::Pool& pool,
                                            const common::auth::Principal& caller,
                                            const std::string& edition,
                                            const BudgetCostFilter& filter,
                                            const common::api::TimePage& page) {
  Require(caller, Action::kRead);
  return pool.Read([&](pqxx::read_transaction& tx) {
    if (!edition.empty()) {
      KnownEdition(EditionStore::Find(tx, edition), edition);
    }
    const BudgetCostPage found =
        BudgetStore::ListCosts(tx, edition, filter, page.page_size, page.after);
    v1::ListBudgetCostsResponse out;
    for (const BudgetCostRecord& record : found.items) {
      *out.add_budget_costs() = CostMessage(record);
    }
    if (found.next) {
      out.set_next_page_token(common::api::IssuePageToken(page.query, *found.next));
    }
    return out;
  });
}

std::optional<BudgetCostId> ParseBudgetCostName(const std::string& name) {
  const std::string marker = std::string(kBudgetSuffix) + "/costs/";
  const std::size_t at = name.find(marker);
  if (at == std::string::npos) {
    return std::nullopt;
  }
  std::string edition = name.substr(0, at);
  std::string id = name.substr(at + marker.size());
  if (!common::ParseChildResourceId(edition, "projects", "editions") || !common::IsUuid(id)) {
    return std::nullopt;
  }
  return BudgetCostId{std::move(edition), std::move(id)};
}

v1::BudgetCost DeleteBudgetCost(common::db::Pool& pool, const common::auth::Principal& caller,
                                const BudgetCostId& cost, const std::string& etag) {
  Require(caller, Action::kWrite);
  const std::string name = CostName(cost.edition, cost.id);
  return pool.InTransaction([&](pqxx::work& tx) {
    const BudgetCostRecord current = common::api::Found(BudgetStore::LockCost(tx, cost.id), name);
    if (current.edition != cost.edition || current.delete_time) {
      throw common::NotFoundError(name);
    }
    common::api::CheckEtag(name, std::to_string(current.version), etag);
    if (domain::CostSourceText::Parse(current.source) != v1::BUDGET_COST_SOURCE_ENTERED) {
      throw common::PreconditionError(
          "BUDGET_COST_FROM_1C",
          "a cost imported from 1C is changed and deleted in 1C, not by hand", name);
    }
    BudgetStore::DeleteCost(tx, cost.id, caller.subject);
    return CostMessage(common::api::Found(BudgetStore::FindCost(tx, cost.id), name));
  });
}

v1::BudgetReport GetBudgetReport(common::db::Pool& pool, const common::auth::Principal& caller,
                                 const std::string& edition) {
  Require(caller, Action::kRead);
  return pool.Read([&](pqxx::read_transaction& tx) {
    const EditionRecord known = KnownEdition(EditionStore::Find(tx, edition), edition);
    v1::BudgetReport report = domain::BudgetReportOf(BudgetStore::MonthSums(tx, edition));
    report.set_name(BudgetName(edition));
    report.set_edition_display_name(known.display_name);
    return report;
  });
}

}  // namespace crm::accounting::app
