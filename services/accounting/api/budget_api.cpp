// AccountingService's budget RPCs: validate, call the use case of app/budget.h. Who may is the
// rule of budget records (common/auth/access.h), asked by the use case; every CRM role passes the
// guard.
#include <array>

#include "common/api/etag.h"
#include "common/api/page_token.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "common/core/errors.h"
#include "services/accounting/api/accounting_api.h"
#include "services/accounting/app/budget.h"
#include "services/accounting/domain/budget.h"

namespace crm::accounting {
namespace {

namespace v1 = crm::accounting::v1;

constexpr std::array<std::string_view, 1> kUpdatableBudget = {"plan_lines"};
// ListBudgetCosts' parent for the unassigned costs of every edition (and of none).
constexpr std::string_view kUnassignedParent = "projects/-/editions/-/budget";

// The edition of a budget's name, or a violation of `field`.
std::string BudgetEdition(common::Violations& violations, const std::string& name,
                          const std::string& field) {
  auto edition = app::EditionOfBudget(name);
  if (!edition) {
    violations.Add(field, "must be projects/{uuid}/editions/{uuid}/budget");
    return "";
  }
  return *edition;
}

std::string ValidBudgetEdition(const std::string& name, const std::string& field) {
  common::Violations violations;
  std::string edition = BudgetEdition(violations, name, field);
  violations.ThrowIfAny();
  return edition;
}

}  // namespace

grpc::Status AccountingApi::GetBudget(grpc::ServerContext* context,
                                      const v1::GetBudgetRequest* request, v1::Budget* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    *response = app::GetBudget(pool_, caller, ValidBudgetEdition(request->name(), "name"));
  });
}

grpc::Status AccountingApi::UpdateBudget(grpc::ServerContext* context,
                                         const v1::UpdateBudgetRequest* request,
                                         v1::Budget* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::string edition = BudgetEdition(violations, request->budget().name(), "budget.name");
    common::api::ReadUpdateMask(violations, request->update_mask(), kUpdatableBudget);
    common::api::RequireEtag(violations, "budget.etag", request->budget().etag());
    if (static_cast<std::size_t>(request->budget().plan_lines_size()) > domain::kMaxPlanLines) {
      violations.Add("budget.plan_lines",
                     "must hold at most " + std::to_string(domain::kMaxPlanLines) + " lines");
    }
    violations.ThrowIfAny();
    const std::vector<v1::BudgetLine> lines(request->budget().plan_lines().begin(),
                                            request->budget().plan_lines().end());
    *response = app::UpdateBudget(pool_, caller, edition, lines, request->budget().etag());
  });
}

grpc::Status AccountingApi::ImportBudgetPlan(grpc::ServerContext* context,
                                             const v1::ImportBudgetPlanRequest* request,
                                             v1::Budget* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::string edition = BudgetEdition(violations, request->name(), "name");
    if (request->content().empty()) {
      violations.Add("content", "must be an xlsx workbook");
    }
    violations.ThrowIfAny();
    *response = app::ImportBudgetPlan(pool_, caller, edition, request->content(), request->etag());
  });
}

grpc::Status AccountingApi::CreateBudgetCost(grpc::ServerContext* context,
                                             const v1::CreateBudgetCostRequest* request,
                                             v1::BudgetCost* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::string edition = BudgetEdition(violations, request->parent(), "parent");
    const v1::BudgetCost& cost = request->budget_cost();
    if (!v1::BudgetCostArticle_IsValid(cost.article()) ||
        cost.article() == v1::BUDGET_COST_ARTICLE_UNSPECIFIED) {
      violations.Add("budget_cost.article", "must be a cost article");
    }
    if (!domain::ParseMonth(cost.month())) {
      violations.Add("budget_cost.month", "must be a month YYYY-MM");
    }
    const auto& currency = cost.amount().currency_code();
    if (!cost.has_amount() || (!currency.empty() && currency != "RUB") ||
        cost.amount().minor_units() <= 0) {
      violations.Add("budget_cost.amount", "must be rubles, more than zero");
    }
    if (cost.description().size() > 500) {
      violations.Add("budget_cost.description", "must be at most 500 bytes");
    }
    common::api::CheckRequestId(violations, request->request_id());
    violations.ThrowIfAny();
    *response = app::CreateBudgetCost(pool_, caller, edition, *request);
  });
}

grpc::Status AccountingApi::ListBudgetCosts(grpc::ServerContext* context,
                                            const v1::ListBudgetCostsRequest* request,
                                            v1::ListBudgetCostsResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const bool every_edition = request->unassigned() && request->parent() == kUnassignedParent;
    const std::string edition =
        every_edition ? "" : BudgetEdition(violations, request->parent(), "parent");
    const common::api::TimePage page =
        common::api::ReadTimePage(violations, *request, caller.subject);
    BudgetCostFilter filter;
    if (!request->month().empty()) {
      filter.month = domain::ParseMonth(request->month());
      if (!filter.month) {
        violations.Add("month", "must be a month YYYY-MM");
      }
    }
    if (!v1::BudgetCostArticle_IsValid(request->article())) {
      violations.Add("article", "must be a cost article");
    } else if (request->article() != v1::BUDGET_COST_ARTICLE_UNSPECIFIED) {
      filter.article = domain::CostArticleText::Of(request->article());
    }
    if (!v1::BudgetCostSource_IsValid(request->source())) {
      violations.Add("source", "must be a cost source: entered or one_c");
    } else if (request->source() != v1::BUDGET_COST_SOURCE_UNSPECIFIED) {
      filter.source = domain::CostSourceText::Of(request->source());
    }
    filter.show_deleted = request->show_deleted();
    filter.unassigned = request->unassigned();
    violations.ThrowIfAny();
    *response = app::ListBudgetCosts(pool_, caller, edition, filter, page);
  });
}

grpc::Status AccountingApi::DeleteBudgetCost(grpc::ServerContext* context,
                                             const v1::DeleteBudgetCostRequest* request,
                                             v1::BudgetCost* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const auto cost = app::ParseBudgetCostName(request->name());
    if (!cost) {
      violations.Add("name", "must be projects/{uuid}/editions/{uuid}/budget/costs/{uuid}");
    }
    common::api::RequireEtag(violations, "etag", request->etag());
    violations.ThrowIfAny();
    *response = app::DeleteBudgetCost(pool_, caller, *cost, request->etag());
  });
}

grpc::Status AccountingApi::GetBudgetReport(grpc::ServerContext* context,
                                            const v1::GetBudgetReportRequest* request,
                                            v1::BudgetReport* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    *response = app::GetBudgetReport(pool_, caller, ValidBudgetEdition(request->name(), "name"));
  });
}

}  // namespace crm::accounting
