// crm-demo: fills a running Expo CRM with demo data through the public gRPC APIs only.
//
// Every object has a deterministic request id ("demo-client-0042"), and the services return the
// object they created for a repeated request (the same request id and body from the same caller),
// so a second run creates nothing new: its contacts are planned relative to the day of the first
// run, so their requests repeat exactly. Contacts are planned and completed by the demo managers
// themselves, with their own tokens, as the real users would.
#include <google/protobuf/util/time_util.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "common/auth/auth.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/analytics/v1/forecast.grpc.pb.h"
#include "crm/analytics/v1/plans.grpc.pb.h"
#include "crm/documents/v1/documents.grpc.pb.h"
#include "crm/planning/v1/assessments.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "crm/planning/v1/stands.grpc.pb.h"
#include "crm/registry/v1/exhibitions.grpc.pb.h"
#include "crm/registry/v1/groups.grpc.pb.h"
#include "crm/registry/v1/quality.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "crm/registry/v1/staff.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tools/cli/rpc.h"
#include "tools/demo/generate.h"

namespace {

namespace auth = crm::common::auth;
namespace reg = crm::registry::v1;
namespace plan = crm::planning::v1;
namespace docs = crm::documents::v1;
namespace acc = crm::accounting::v1;
namespace ana = crm::analytics::v1;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

// Europe/Samara is UTC+4 all year (no daylight saving), so local times need no zone database.
constexpr int kSamaraUtcOffsetHours = 4;

struct Options {
  std::string admin_token;
  uint64_t seed = 20270316;
  int clients = 300;
  int contacts = 100;
  int completions = 30;
  int threads = 4;
  int pipeline_wait_seconds = 30;
};

// A call failed for good (after the retries that make sense for it).
class CallFailed : public std::runtime_error {
 public:
  CallFailed(const std::string& what, const grpc::Status& status)
      : std::runtime_error(what + ": " + crm::cli::DescribeStatus(status)), status_(status) {}
  const grpc::Status& status() const { return status_; }

 private:
  grpc::Status status_;
};

// The resource a NOT_FOUND or ALREADY_EXISTS status names in its google.rpc.ResourceInfo.
std::string ResourceNameIn(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return {};
  }
  for (const auto& any : details.details()) {
    google::rpc::ResourceInfo info;
    if (any.UnpackTo(&info)) {
      return info.resource_name();
    }
  }
  return {};
}

// Runs `invoke` with a fresh context per attempt. UNAVAILABLE (a service still starting) is
// always retried for a while; `also_retry` codes are retried until `patience` runs out (planning
// learns about clients and editions from events, a little after the registry created them).
grpc::Status CallWithRetry(const std::string& token, const std::string& request_id,
                           const std::function<grpc::Status(grpc::ClientContext&)>& invoke,
                           std::set<grpc::StatusCode> also_retry = {},
                           std::chrono::seconds patience = std::chrono::seconds(30)) {
  auto give_up = std::chrono::steady_clock::now() + patience;
  auto pause = std::chrono::milliseconds(100);
  for (;;) {
    grpc::ClientContext context;
    crm::cli::PrepareContext(context, token, request_id);
    grpc::Status status = invoke(context);
    bool retryable = status.error_code() == grpc::UNAVAILABLE ||
                     status.error_code() == grpc::ABORTED ||
                     also_retry.contains(status.error_code());
    if (status.ok() || !retryable || std::chrono::steady_clock::now() + pause > give_up) {
      return status;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
}

// Counts what a run created and what was already there.
struct Tally {
  std::atomic<int> created{0};
  std::atomic<int> existing{0};
  void Count(bool is_new) { (is_new ? created : existing)++; }
  std::string Text() const {
    return std::to_string(created + existing) + " (" + std::to_string(created) + " new)";
  }
};

class Loader {
 public:
  Loader(Options options, std::string jwt_secret)
      : options_(std::move(options)),
        jwt_secret_(std::move(jwt_secret)),
        endpoints_(crm::cli::Endpoints::FromEnv()),
        registry_(reg::RegistryService::NewStub(crm::cli::Connect(endpoints_.registry))),
        planning_(plan::PlanningService::NewStub(crm::cli::Connect(endpoints_.planning))),
        assessments_(plan::AssessmentService::NewStub(crm::cli::Connect(endpoints_.planning))),
        stands_(plan::StandService::NewStub(crm::cli::Connect(endpoints_.planning))),
        documents_(docs::DocumentService::NewStub(crm::cli::Connect(endpoints_.documents))),
        accounting_(acc::AccountingService::NewStub(crm::cli::Connect(endpoints_.accounting))),
        sales_plans_(ana::SalesPlanService::NewStub(crm::cli::Connect(endpoints_.analytics))),
        staff_(reg::StaffService::NewStub(crm::cli::Connect(endpoints_.registry))),
        exhibitions_(reg::ExhibitionService::NewStub(crm::cli::Connect(endpoints_.registry))),
        groups_(reg::GroupService::NewStub(crm::cli::Connect(endpoints_.registry))),
        quality_(reg::ClientQualityService::NewStub(crm::cli::Connect(endpoints_.registry))),
        forecast_(ana::ForecastService::NewStub(crm::cli::Connect(endpoints_.analytics))),
        started_(std::chrono::system_clock::now()) {}

  int Run() {
    companies_ = crm::demo::GenerateCompanies(options_.clients, options_.seed);
    EnsureIssuer();
    EnsureExhibitions();
    EnsureStaff();
    ImportFloorPlans();
    EnsureClients();
    EnsureOrganisation();
    PlanContacts();
    HoldAStand();
    EnsureBudget();
    EnsureSalesPlan();
    CompleteContacts();
    AssessReadiness();
    FlagClients();
    ImportPastSeasons();
    PrintSummary();
    return 0;
  }

 private:
  // Whether a returned object was made by this run rather than found from an earlier one.
  bool CreatedNow(const Timestamp& create_time) const {
    auto created = std::chrono::system_clock::time_point(
        std::chrono::microseconds(TimeUtil::TimestampToMicroseconds(create_time)));
    return created + std::chrono::seconds(2) >= started_;
  }

  void EnsureIssuer() {
    crm::demo::Issuer data = crm::demo::DemoIssuer();
    docs::CreateIssuerRequest request;
    request.set_request_id("demo-issuer-001");
    auto* i = request.mutable_issuer();
    i->set_legal_name(data.legal_name);
    i->set_inn(data.inn);
    i->set_kpp(data.kpp);
    i->set_ogrn(data.ogrn);
    i->set_address(data.address);
    i->set_bank_name(data.bank_name);
    i->set_bik(data.bik);
    i->set_settlement_account(data.settlement_account);
    i->set_correspondent_account(data.correspondent_account);
    i->set_director(data.director);
    i->set_chief_accountant(data.chief_accountant);
    i->set_primary(true);
    docs::Issuer issuer;
    grpc::Status status = CallWithRetry(
        options_.admin_token, request.request_id(),
        [&](grpc::ClientContext& ctx) { return documents_->CreateIssuer(&ctx, request, &issuer); });
    if (status.error_code() == grpc::ALREADY_EXISTS) {
      issuer_ = ResourceNameIn(status);
      std::cout << "issuer: " << data.legal_name << " already registered as " << issuer_ << "\n";
      return;
    }
    if (!status.ok()) {
      throw CallFailed("CreateIssuer", status);
    }
    issuer_ = issuer.name();
    std::cout << "issuer: " << issuer.legal_name() << " " << issuer.name() << " (INN "
              << issuer.inn() << ")\n";
  }

  void EnsureExhibitions() {
    int n = 0;
    for (const auto& ex : crm::demo::DemoExhibitions()) {
      ++n;
      reg::CreateProjectRequest project_request;
      project_request.set_request_id(crm::demo::RequestId("project", n, 2));
      project_request.mutable_project()->set_display_name(ex.project_name);
      project_request.mutable_project()->set_description(ex.project_description);
      reg::Project project;
      grpc::Status status = CallWithRetry(
          options_.admin_token, project_request.request_id(), [&](grpc::ClientContext& ctx) {
            return registry_->CreateProject(&ctx, project_request, &project);
          });
      if (!status.ok()) {
        throw CallFailed("CreateProject " + ex.project_name, status);
      }
      projects_.Count(CreatedNow(project.create_time()));
      project_names_.push_back(project.name());

      reg::CreateEditionRequest edition_request;
      edition_request.set_request_id(crm::demo::RequestId("edition", n, 2));
      edition_request.set_parent(project.name());
      auto* e = edition_request.mutable_edition();
      e->set_display_name(ex.edition_name);
      e->mutable_start_date()->set_year(ex.start_year);
      e->mutable_start_date()->set_month(ex.start_month);
      e->mutable_start_date()->set_day(ex.start_day);
      e->mutable_end_date()->set_year(ex.end_year);
      e->mutable_end_date()->set_month(ex.end_month);
      e->mutable_end_date()->set_day(ex.end_day);
      e->set_venue(ex.venue);
      e->mutable_price_per_m2()->set_currency_code("RUB");
      e->mutable_price_per_m2()->set_minor_units(ex.price_per_m2_kopecks);
      reg::Edition edition;
      status = CallWithRetry(options_.admin_token, edition_request.request_id(),
                             [&](grpc::ClientContext& ctx) {
                               return registry_->CreateEdition(&ctx, edition_request, &edition);
                             });
      if (!status.ok()) {
        throw CallFailed("CreateEdition " + ex.edition_name, status);
      }
      editions_.Count(CreatedNow(edition.create_time()));
      edition_names_.push_back(edition.name());
      std::cout << "edition: " << edition.display_name() << " " << edition.name() << "\n";
    }
  }

  // Everyone of DemoStaff() with their system role, and the departments they belong to. The
  // managers' tokens plan and complete the contacts below. Department membership is set only by
  // the admin's SetEmployeeDepartment, as in production.
  void EnsureStaff() {
    int n = 0;
    std::vector<std::pair<crm::demo::Employee, reg::Employee>> staff;
    for (const auto& m : crm::demo::DemoStaff()) {
      ++n;
      reg::CreateEmployeeRequest request;
      request.set_request_id(crm::demo::RequestId("employee", n, 2));
      request.mutable_employee()->set_full_name(m.full_name);
      request.mutable_employee()->set_email(m.email);
      reg::Employee employee;
      grpc::Status status =
          CallWithRetry(options_.admin_token, request.request_id(), [&](grpc::ClientContext& ctx) {
            return registry_->CreateEmployee(&ctx, request, &employee);
          });
      if (!status.ok()) {
        throw CallFailed("CreateEmployee " + m.full_name, status);
      }
      staff_count_.Count(CreatedNow(employee.create_time()));
      if (loaded_since_ == 0 || employee.create_time().seconds() < loaded_since_) {
        loaded_since_ = employee.create_time().seconds();
      }
      employee = EnsureRole(employee, m.role);
      if (m.role == "sales_manager") {
        auth::TokenRequest token;
        token.subject = employee.name();
        token.name = employee.full_name();
        token.roles = {auth::Role::kSalesManager};
        token.ttl = std::chrono::hours(1);
        token.audience = {crm::cli::TokenAudience()};
        manager_names_.push_back(employee.name());
        manager_tokens_.push_back(auth::MintHs256Token(jwt_secret_, token));
        std::cout << "manager: " << employee.name() << " " << employee.full_name() << "\n";
      } else if (m.role == "sales_head") {
        auth::TokenRequest token;
        token.subject = employee.name();
        token.name = employee.full_name();
        token.roles = {auth::Role::kSalesHead};
        token.ttl = std::chrono::hours(1);
        token.audience = {crm::cli::TokenAudience()};
        head_token_ = auth::MintHs256Token(jwt_secret_, token);
        std::cout << m.role << ": " << employee.name() << " " << employee.full_name() << "\n";
      } else {
        std::cout << m.role << ": " << employee.name() << " " << employee.full_name() << "\n";
      }
      staff.emplace_back(m, employee);
    }
    EnsureDepartments(staff);
  }

  // The head of sales reads the demo floor plan into every edition (an unchanged plan changes
  // nothing on a second run). Planning learns of an edition from registry's event, so the first
  // import may find it unknown for a moment.
  void ImportFloorPlans() {
    const std::string plan = crm::demo::FloorPlanCsv();
    for (const std::string& edition : edition_names_) {
      plan::ImportStandsRequest request;
      request.set_parent(edition);
      request.set_content(plan);
      plan::ImportStandsResponse response;
      Require("ImportStands " + edition, CallWithRetry(
                                             head_token_, "",
                                             [&](grpc::ClientContext& ctx) {
                                               return stands_->ImportStands(&ctx, request,
                                                                            &response);
                                             },
                                             {grpc::NOT_FOUND}, std::chrono::seconds(60)));
      std::cout << "floor plan of " << edition << ": " << response.created() << " stands added, "
                << response.updated() << " updated, " << response.unchanged() << " unchanged\n";
    }
  }

  // The head of sales plans the first edition's budget (space by month, sponsorship, costs by
  // article) and enters two costs already incurred, so `crm budgets report` shows plan vs fact.
  // Accounting learns of the edition from registry's event, so it may be unknown for a moment; a
  // plan saved by an earlier run is left as it is (and its costs are not entered twice).
  void EnsureBudget() {
    if (edition_names_.empty()) {
      return;
    }
    const std::string budget_name = edition_names_.front() + "/budget";
    acc::GetBudgetRequest get;
    get.set_name(budget_name);
    acc::Budget budget;
    Require("GetBudget", CallWithRetry(
                             head_token_, "",
                             [&](grpc::ClientContext& ctx) {
                               return accounting_->GetBudget(&ctx, get, &budget);
                             },
                             {grpc::NOT_FOUND}, std::chrono::seconds(60)));
    if (budget.etag() != "0") {
      std::cout << "budget of " << edition_names_.front() << ": kept (etag " << budget.etag()
                << ")\n";
      return;
    }
    const auto rub = [](int64_t rubles) {
      crm::common::v1::Money money;
      money.set_currency_code("RUB");
      money.set_minor_units(rubles * 100);
      return money;
    };
    acc::UpdateBudgetRequest update;
    update.mutable_budget()->set_name(budget_name);
    update.mutable_budget()->set_etag(budget.etag());
    update.mutable_update_mask()->add_paths("plan_lines");
    struct Space {
      const char* month;
      const char* stand_type;
      int64_t m2;
    };
    for (const Space& space : {Space{"2026-12", "linear", 120}, Space{"2027-01", "corner", 150},
                               Space{"2027-02", "linear", 200}, Space{"2027-03", "island", 60}}) {
      auto* line = update.mutable_budget()->add_plan_lines();
      line->set_kind(acc::BUDGET_LINE_KIND_AREA);
      line->set_month(space.month);
      line->set_stand_type(space.stand_type);
      line->set_area_dm2(space.m2 * 100);
    }
    auto* sponsorship = update.mutable_budget()->add_plan_lines();
    sponsorship->set_kind(acc::BUDGET_LINE_KIND_OTHER_INCOME);
    sponsorship->set_month("2027-02");
    *sponsorship->mutable_amount() = rub(450000);
    sponsorship->set_description("Генеральный спонсор");
    struct Cost {
      const char* month;
      acc::BudgetCostArticle article;
      int64_t rubles;
    };
    for (const Cost& cost : {Cost{"2027-01", acc::BUDGET_COST_ARTICLE_ADVERTISING, 350000},
                             Cost{"2027-02", acc::BUDGET_COST_ARTICLE_PRINTING, 120000},
                             Cost{"2027-03", acc::BUDGET_COST_ARTICLE_VENUE_RENT, 1800000},
                             Cost{"2027-03", acc::BUDGET_COST_ARTICLE_STAND_CONSTRUCTION, 900000},
                             Cost{"2027-03", acc::BUDGET_COST_ARTICLE_STAFF, 250000}}) {
      auto* line = update.mutable_budget()->add_plan_lines();
      line->set_kind(acc::BUDGET_LINE_KIND_COST);
      line->set_month(cost.month);
      line->set_article(cost.article);
      *line->mutable_amount() = rub(cost.rubles);
    }
    acc::Budget saved;
    Require("UpdateBudget", CallWithRetry(head_token_, "", [&](grpc::ClientContext& ctx) {
              return accounting_->UpdateBudget(&ctx, update, &saved);
            }));
    for (const Cost& spent : {Cost{"2026-12", acc::BUDGET_COST_ARTICLE_ADVERTISING, 380000},
                              Cost{"2027-01", acc::BUDGET_COST_ARTICLE_PRINTING, 95000}}) {
      acc::CreateBudgetCostRequest request;
      request.set_parent(budget_name);
      request.mutable_budget_cost()->set_article(spent.article);
      request.mutable_budget_cost()->set_month(spent.month);
      *request.mutable_budget_cost()->mutable_amount() = rub(spent.rubles);
      request.mutable_budget_cost()->set_description("Счёт подрядчика");
      acc::BudgetCost entered;
      Require("CreateBudgetCost", CallWithRetry(head_token_, "", [&](grpc::ClientContext& ctx) {
                return accounting_->CreateBudgetCost(&ctx, request, &entered);
              }));
    }
    std::cout << "budget of " << edition_names_.front() << ": " << saved.plan_lines_size()
              << " plan lines, 2 costs entered\n";
  }

  // The first edition's sales plan, December to March: the edition, the sales department and each
  // of its managers, in m² and money (9 000 ₽ per m² without VAT), so `crm plans vs-fact` shows
  // the sales the demo records this month against a plan. Analytics learns of the edition and the
  // staff from registry's events, so they may be unknown for a moment; a plan saved by an earlier
  // run is left as it is.
  void EnsureSalesPlan() {
    if (edition_names_.empty() || sales_department_.empty()) {
      return;
    }
    ana::GetSalesPlanRequest get;
    get.set_name(edition_names_.front() + "/salesPlan");
    ana::SalesPlan current;
    Require("GetSalesPlan", CallWithRetry(
                                options_.admin_token, "",
                                [&](grpc::ClientContext& ctx) {
                                  return sales_plans_->GetSalesPlan(&ctx, get, &current);
                                },
                                {grpc::NOT_FOUND}, std::chrono::seconds(60)));
    if (current.etag() != "0") {
      std::cout << "sales plan of " << edition_names_.front() << ": kept (etag " << current.etag()
                << ")\n";
      return;
    }
    ana::SetSalesPlanCellsRequest request;
    request.set_name(get.name());
    request.set_etag(current.etag());
    const auto add = [&](ana::PlanLevel level, const std::string& target, const char* month,
                         int64_t m2) {
      ana::SalesPlanCell* cell = request.add_cells();
      cell->set_level(level);
      cell->set_target(target);
      cell->set_month(month);
      cell->set_area_dm2(m2 * 100);
      cell->mutable_net_amount()->set_currency_code("RUB");
      cell->mutable_net_amount()->set_minor_units(m2 * 9000 * 100);
    };
    struct Month {
      const char* month;
      int64_t edition_m2;
      int64_t manager_m2;
    };
    for (const Month& m : {Month{"2026-12", 120, 20}, Month{"2027-01", 150, 25},
                           Month{"2027-02", 200, 30}, Month{"2027-03", 90, 15}}) {
      add(ana::PLAN_LEVEL_EDITION, "", m.month, m.edition_m2);
      add(ana::PLAN_LEVEL_DEPARTMENT, sales_department_, m.month,
          m.manager_m2 * static_cast<int64_t>(manager_names_.size()));
      for (const std::string& manager : manager_names_) {
        add(ana::PLAN_LEVEL_MANAGER, manager, m.month, m.manager_m2);
      }
    }
    // INVALID_ARGUMENT too: a department or manager analytics has not heard of yet.
    ana::SalesPlan saved;
    Require("SetSalesPlanCells",
            CallWithRetry(
                options_.admin_token, "",
                [&](grpc::ClientContext& ctx) {
                  return sales_plans_->SetSalesPlanCells(&ctx, request, &saved);
                },
                {grpc::NOT_FOUND, grpc::INVALID_ARGUMENT}, std::chrono::seconds(60)));
    std::cout << "sales plan of " << edition_names_.front() << ": " << saved.cells_size()
              << " cells (edition, department, " << manager_names_.size() << " managers)\n";
  }

  // The manager of the first planned contact holds the last stand of the first edition's plan
  // for that contact's client (planning knows the client by then), so the board shows a hold. A
  // stand held already (an earlier run within its 72 hours) stays so.
  void HoldAStand() {
    if (edition_names_.empty() || planned_.empty()) {
      return;
    }
    const auto& first = planned_.front();
    const std::string& token = manager_tokens_[static_cast<size_t>(first.manager)];
    const std::string& client = client_names_[static_cast<size_t>(first.company)];
    plan::ListStandsRequest list;
    list.set_parent(edition_names_.front());
    list.set_status(plan::STAND_STATUS_FREE);
    list.set_page_size(500);
    plan::ListStandsResponse stands;
    Require("ListStands", CallWithRetry(token, "", [&](grpc::ClientContext& ctx) {
              return stands_->ListStands(&ctx, list, &stands);
            }));
    const std::string wanted = crm::demo::FloorPlanStandNumber(crm::demo::kFloorPlanStands - 1);
    for (const auto& stand : stands.stands()) {
      if (stand.number() != wanted) {
        continue;
      }
      plan::HoldStandRequest hold;
      hold.set_name(stand.name());
      hold.set_client(client);
      hold.set_note("Клиент согласует бюджет, ответит до конца недели");
      plan::Stand held;
      Require("HoldStand " + stand.number(),
              CallWithRetry(token, "", [&](grpc::ClientContext& ctx) {
                return stands_->HoldStand(&ctx, hold, &held);
              }));
      std::cout << "stand " << held.number() << " held until "
                << TimeUtil::ToString(held.hold().expire_time()) << "\n";
    }
  }

  // The employee with exactly `role` as their system roles (set by an admin's UpdateEmployee).
  reg::Employee EnsureRole(const reg::Employee& employee, const std::string& role) {
    if (employee.roles_size() == 1 && employee.roles(0) == role) {
      return employee;
    }
    reg::UpdateEmployeeRequest request;
    *request.mutable_employee()->mutable_name() = employee.name();
    *request.mutable_employee()->mutable_etag() = employee.etag();
    request.mutable_employee()->add_roles(role);
    request.mutable_update_mask()->add_paths("roles");
    reg::Employee updated;
    Require("UpdateEmployee " + employee.full_name(),
            CallWithRetry(options_.admin_token, "", [&](grpc::ClientContext& ctx) {
              return staff_->UpdateEmployee(&ctx, request, &updated);
            }));
    return updated;
  }

  // One department per distinct DemoStaff() department, headed by whoever heads it, with its
  // people as members.
  void EnsureDepartments(const std::vector<std::pair<crm::demo::Employee, reg::Employee>>& staff) {
    std::vector<std::string> names;
    for (const auto& [demo, employee] : staff) {
      if (std::find(names.begin(), names.end(), demo.department) == names.end()) {
        names.push_back(demo.department);
      }
    }
    int n = 0;
    for (const std::string& display_name : names) {
      ++n;
      reg::CreateDepartmentRequest request;
      request.set_request_id(crm::demo::RequestId("department", n, 2));
      request.mutable_department()->set_display_name(display_name);
      for (const auto& [demo, employee] : staff) {
        if (demo.department == display_name && demo.heads_department) {
          request.mutable_department()->set_head(employee.name());
        }
      }
      reg::Department department;
      grpc::Status status =
          CallWithRetry(options_.admin_token, request.request_id(), [&](grpc::ClientContext& ctx) {
            return staff_->CreateDepartment(&ctx, request, &department);
          });
      std::string department_name = department.name();
      if (status.error_code() == grpc::ALREADY_EXISTS && !ResourceNameIn(status).empty()) {
        department_name = ResourceNameIn(status);  // made by hand with the same name
      } else if (!status.ok()) {
        throw CallFailed("CreateDepartment " + display_name, status);
      }
      int members = 0;
      for (const auto& [demo, employee] : staff) {
        if (demo.department != display_name) {
          continue;
        }
        ++members;
        if (demo.heads_department && demo.role == "sales_head") {
          sales_department_ = department_name;
        }
        if (employee.department_unit() == department_name) {
          continue;
        }
        reg::SetEmployeeDepartmentRequest set;
        set.set_employee(employee.name());
        set.set_department(department_name);
        reg::Employee updated;
        Require("SetEmployeeDepartment " + employee.full_name(),
                CallWithRetry(options_.admin_token, "", [&](grpc::ClientContext& ctx) {
                  return staff_->SetEmployeeDepartment(&ctx, set, &updated);
                }));
      }
      std::cout << "department: " << display_name << " " << department_name << " (" << members
                << " people)\n";
    }
  }

  // Creates (or finds) one company and its contact persons; returns the contact persons' names.
  void EnsureClient(size_t index) {
    const crm::demo::Company& company = companies_[index];
    int number = static_cast<int>(index) + 1;
    reg::CreateClientRequest request;
    request.set_request_id(crm::demo::RequestId("client", number, 4));
    auto* c = request.mutable_client();
    c->set_display_name(company.display_name);
    c->set_legal_name(company.legal_name);
    c->set_inn(company.inn);
    c->set_kpp(company.kpp);
    c->set_ogrn(company.ogrn);
    c->set_legal_address(company.address);
    c->set_phone(company.phone);
    c->set_email(company.email);
    c->set_legal_form(company.legal_form == "AO" ? reg::LEGAL_FORM_AO : reg::LEGAL_FORM_OOO);
    auto* legal = c->mutable_legal_address_details();
    legal->set_postal_code(company.postal_code);
    legal->set_region_code(company.region_code);
    legal->set_city(company.city);
    legal->set_street_line(company.street_line);
    *c->mutable_postal_address() = *legal;
    c->set_industry_code(company.industry_code);
    c->add_okved_codes(company.okved_code);
    c->set_website(company.website);
    c->set_lead_source(company.lead_source);
    reg::LeadSourceKind kind = reg::LEAD_SOURCE_KIND_UNSPECIFIED;
    reg::LeadSourceKind_Parse("LEAD_SOURCE_KIND_" + company.lead_source_kind, &kind);
    c->set_lead_source_kind(kind);
    reg::Client client;
    grpc::Status status = CallWithRetry(
        options_.admin_token, request.request_id(),
        [&](grpc::ClientContext& ctx) { return registry_->CreateClient(&ctx, request, &client); });
    std::string client_name;
    if (status.error_code() == grpc::ALREADY_EXISTS && !ResourceNameIn(status).empty()) {
      // Same INN and KPP entered by someone else: use that client.
      client_name = ResourceNameIn(status);
      clients_.Count(false);
    } else if (!status.ok()) {
      throw CallFailed("CreateClient " + company.display_name, status);
    } else {
      client_name = client.name();
      clients_.Count(CreatedNow(client.create_time()));
    }
    std::vector<std::string> people;
    int p = 0;
    for (const auto& person : company.contacts) {
      ++p;
      reg::CreateContactPersonRequest person_request;
      person_request.set_request_id(request.request_id() + "-person-" + std::to_string(p));
      person_request.set_parent(client_name);
      auto* cp = person_request.mutable_contact_person();
      cp->set_full_name(person.full_name);
      cp->set_position(person.position);
      cp->set_phone(person.phone);
      cp->set_email(person.email);
      // The first person is the client's main contact and agreed to our mailings.
      cp->set_primary(p == 1);
      cp->set_mailing_consent(p == 1);
      reg::ContactPerson created;
      status = CallWithRetry(
          options_.admin_token, person_request.request_id(), [&](grpc::ClientContext& ctx) {
            return registry_->CreateContactPerson(&ctx, person_request, &created);
          });
      if (!status.ok()) {
        throw CallFailed("CreateContactPerson " + person.full_name, status);
      }
      contact_persons_.Count(CreatedNow(created.create_time()));
      people.push_back(created.name());
    }
    std::lock_guard lock(mutex_);
    client_names_[index] = client_name;
    contact_person_names_[index] = std::move(people);
  }

  void EnsureClients() {
    client_names_.assign(companies_.size(), {});
    contact_person_names_.assign(companies_.size(), {});
    std::atomic<size_t> next{0};
    std::mutex error_mutex;
    std::optional<std::string> first_error;
    std::vector<std::thread> workers;
    for (int t = 0; t < std::max(1, options_.threads); ++t) {
      workers.emplace_back([&] {
        for (size_t i = next++; i < companies_.size(); i = next++) {
          try {
            EnsureClient(i);
          } catch (const std::exception& e) {
            std::lock_guard lock(error_mutex);
            if (!first_error) {
              first_error = e.what();
            }
            next = companies_.size();  // stop the others too
          }
        }
      });
    }
    for (auto& w : workers) {
      w.join();
    }
    if (first_error) {
      throw std::runtime_error(*first_error);
    }
    std::cout << "clients: " << clients_.Text() << ", contact persons: " << contact_persons_.Text()
              << "\n";
  }

  // Midnight in Samara of the day the demo data was first loaded (when its managers were
  // created), as UTC seconds. A later run plans the same contacts at the same times, so its
  // requests repeat the first run's exactly and the services replay them.
  int64_t ReferenceDayUtcSeconds() const {
    int64_t offset = kSamaraUtcOffsetHours * 3600;
    int64_t local_midnight = (loaded_since_ + offset) / 86400 * 86400;
    return local_midnight - offset;
  }

  void PlanContacts() {
    planned_ = crm::demo::PlanContacts(options_.contacts, static_cast<int>(manager_names_.size()),
                                       companies_, static_cast<int>(edition_names_.size()),
                                       options_.seed + 1);
    int64_t day0 = ReferenceDayUtcSeconds();
    for (const auto& pc : planned_) {
      plan::PlanContactRequest request;
      request.set_request_id(crm::demo::RequestId("contact", pc.number, 3));
      auto* c = request.mutable_contact();
      c->set_client(client_names_[static_cast<size_t>(pc.company)]);
      const auto& people = contact_person_names_[static_cast<size_t>(pc.company)];
      if (static_cast<size_t>(pc.contact_person) < people.size()) {
        c->set_contact_person(people[static_cast<size_t>(pc.contact_person)]);
      }
      c->set_edition(edition_names_[static_cast<size_t>(pc.exhibition)]);
      c->set_type(static_cast<plan::ContactType>(static_cast<int>(pc.kind)));
      c->set_purpose(pc.purpose);
      *c->mutable_scheduled_time() = TimeUtil::SecondsToTimestamp(
          day0 + pc.day_offset * 86400LL + pc.hour * 3600LL + pc.minute * 60LL);
      const std::string& token = manager_tokens_[static_cast<size_t>(pc.manager)];
      plan::Contact contact;
      // Planning may not have consumed the registry's events for this client yet.
      grpc::Status status = CallWithRetry(
          token, request.request_id(),
          [&](grpc::ClientContext& ctx) { return planning_->PlanContact(&ctx, request, &contact); },
          {grpc::NOT_FOUND, grpc::FAILED_PRECONDITION}, std::chrono::seconds(60));
      if (!status.ok()) {
        throw CallFailed("PlanContact " + request.request_id(), status);
      }
      contacts_.Count(CreatedNow(contact.create_time()));
      contact_names_[pc.number] = contact.name();
      contact_times_[pc.number] = contact.scheduled_time();
    }
    std::cout << "contacts planned: " << contacts_.Text() << "\n";
  }

  void CompleteContacts() {
    auto completions =
        crm::demo::PlanCompletions(planned_, options_.completions, options_.seed + 2);
    for (const auto& done : completions) {
      if (done.kind == crm::demo::OutcomeKind::kSale) {
        sold_contacts_.insert(done.contact_number);  // also when completed by an earlier run
      }
      const auto& pc = planned_[static_cast<size_t>(done.contact_number - 1)];
      const std::string& token = manager_tokens_[static_cast<size_t>(pc.manager)];
      const std::string& name = contact_names_.at(done.contact_number);
      std::string request_id = crm::demo::RequestId("complete", done.contact_number, 3);

      plan::GetContactRequest get;
      get.set_name(name);
      plan::Contact current;
      grpc::Status status = CallWithRetry(token, request_id, [&](grpc::ClientContext& ctx) {
        return planning_->GetContact(&ctx, get, &current);
      });
      if (!status.ok()) {
        throw CallFailed("GetContact " + name, status);
      }
      if (current.state() == plan::CONTACT_STATE_COMPLETED) {
        completions_skipped_++;
        continue;
      }

      plan::CompleteContactRequest request;
      request.set_name(name);
      auto* result = request.mutable_result();
      switch (done.kind) {
        case crm::demo::OutcomeKind::kSale:
          // The stand of the floor plan brings its area and type.
          result->mutable_sale()->set_stand_number(done.stand);
          break;
        case crm::demo::OutcomeKind::kRefusal:
          result->mutable_refusal()->set_reason(
              static_cast<plan::RefusalReason>(done.refusal_reason));
          result->mutable_refusal()->set_details(done.text);
          break;
        case crm::demo::OutcomeKind::kReschedule: {
          int64_t at = TimeUtil::TimestampToSeconds(contact_times_.at(done.contact_number));
          *result->mutable_reschedule()->mutable_new_time() =
              TimeUtil::SecondsToTimestamp(at + done.reschedule_days * 86400LL);
          result->mutable_reschedule()->set_reason(done.text);
          break;
        }
        case crm::demo::OutcomeKind::kNote:
          result->mutable_note()->set_text(done.text);
          break;
      }
      plan::CompleteContactResponse response;
      status = CallWithRetry(token, request_id, [&](grpc::ClientContext& ctx) {
        return planning_->CompleteContact(&ctx, request, &response);
      });
      if (status.error_code() == grpc::FAILED_PRECONDITION) {
        completions_skipped_++;  // completed meanwhile (an interrupted earlier run)
        continue;
      }
      if (!status.ok()) {
        throw CallFailed("CompleteContact " + name, status);
      }
      completions_done_++;
      if (response.has_sale()) {
        sales_now_++;
      }
    }
    std::cout << "contacts completed: " << completions_done_ << " now, " << completions_skipped_
              << " already completed; sales recorded now: " << sales_now_ << "\n";
  }

  // After the calls, each client's curator rates the client's readiness to buy a stand at the
  // edition the contact was about: hot when it bought, otherwise spread from cold to hot, so the
  // forecast's pipeline and the funnel by readiness level have the current editions in them. A
  // client already assessed for the edition (an earlier run) keeps its level.
  void AssessReadiness() {
    static const char* const kComments[] = {
        "Пока не планирует участие", "Знает о выставке, решение не принято",
        "Сравнивает с другими выставками, просит предложение", "Согласует стенд и цену"};
    std::set<std::pair<int, int>> seen;
    int assessed = 0;
    int kept = 0;
    int rated = 0;
    for (const auto& pc : planned_) {
      if (!seen.insert({pc.company, pc.exhibition}).second || manager_tokens_.empty()) {
        continue;
      }
      const std::string& client = client_names_[static_cast<size_t>(pc.company)];
      const std::string& edition = edition_names_[static_cast<size_t>(pc.exhibition)];
      // The client's curator (EnsureOrganisation shares the clients round-robin).
      const std::string& token =
          manager_tokens_[static_cast<size_t>(pc.company) % manager_tokens_.size()];
      plan::GetReadinessRequest get;
      get.set_client(client);
      get.set_edition(edition);
      plan::Readiness current;
      grpc::Status status = CallWithRetry(token, "", [&](grpc::ClientContext& ctx) {
        return assessments_->GetReadiness(&ctx, get, &current);
      });
      if (status.ok()) {
        ++kept;
        continue;
      }
      if (status.error_code() != grpc::NOT_FOUND) {
        throw CallFailed("GetReadiness " + client, status);
      }
      const int level = sold_contacts_.contains(pc.number) ? 4 : 1 + pc.number % 4;
      plan::SetReadinessRequest request;
      request.set_client(client);
      request.set_edition(edition);
      request.set_level(static_cast<plan::ReadinessLevel>(level));
      request.set_comment(kComments[level - 1]);
      plan::Readiness saved;
      // Planning learns of the curators from registry's events, so it may refuse for a moment.
      Require("SetReadiness " + client,
              CallWithRetry(
                  token, "",
                  [&](grpc::ClientContext& ctx) {
                    return assessments_->SetReadiness(&ctx, request, &saved);
                  },
                  {grpc::PERMISSION_DENIED, grpc::NOT_FOUND}, std::chrono::seconds(60)));
      ++assessed;
      // With the assessment the curator notes how the client rates the organiser (the more ready
      // to buy, the better), so the ratings report has clients under several scores.
      plan::RecordRatingRequest rate;
      rate.set_client(client);
      rate.mutable_rating()->set_target(plan::RATING_TARGET_COMPANY);
      rate.mutable_rating()->set_score(std::min(5, level + 1 + pc.number % 2));
      rate.mutable_rating()->set_comment(kComments[level - 1]);
      plan::Rating rating;
      Require("RecordRating " + client, CallWithRetry(token, "", [&](grpc::ClientContext& ctx) {
                return assessments_->RecordRating(&ctx, rate, &rating);
              }));
      ++rated;
    }
    std::cout << "readiness assessed: " << assessed << " now, " << kept
              << " already; ratings recorded: " << rated << "\n";
  }

  // After their calls each manager reports one client's record as wrong, so the analysts'
  // verification queue has work in it.
  void FlagClients() {
    static const char* const kProblems[] = {
        "Телефон не отвечает, компания, возможно, переехала",
        "В карточке старый адрес, клиент назвал новый",
        "Сменился директор, контактное лицо уволилось",
    };
    std::set<int> flagged_by;
    int flagged = 0;
    for (const auto& pc : planned_) {
      if (!flagged_by.insert(pc.manager).second) {
        continue;
      }
      reg::FlagClientRequest request;
      request.set_request_id(crm::demo::RequestId("flag", pc.manager + 1, 2));
      request.set_name(client_names_[static_cast<size_t>(pc.company)]);
      request.set_problem(kProblems[flagged % std::size(kProblems)]);
      request.add_field_paths(flagged % std::size(kProblems) == 1 ? "postal_address" : "phone");
      reg::VerificationItem item;
      Require("FlagClient " + request.name(),
              CallWithRetry(manager_tokens_[static_cast<size_t>(pc.manager)], request.request_id(),
                            [&](grpc::ClientContext& ctx) {
                              return quality_->FlagClient(&ctx, request, &item);
                            }));
      ++flagged;
    }
    std::cout << "clients flagged for the analysts: " << flagged << "\n";
  }

  // Counts every item of a paged list.
  template <class Request, class Response, class Items>
  int CountAll(
      const std::function<grpc::Status(grpc::ClientContext&, const Request&, Response*)>& list,
      Items items) {
    Request request;
    request.set_page_size(500);
    int total = 0;
    for (;;) {
      Response response;
      grpc::Status status = CallWithRetry(options_.admin_token, {}, [&](grpc::ClientContext& ctx) {
        return list(ctx, request, &response);
      });
      if (!status.ok()) {
        return -1;
      }
      total += items(response);
      if (response.next_page_token().empty()) {
        return total;
      }
      request.set_page_token(response.next_page_token());
    }
  }

  int CountSales() {
    return CountAll<plan::ListSalesRequest, plan::ListSalesResponse>(
        [&](grpc::ClientContext& ctx, const plan::ListSalesRequest& r, plan::ListSalesResponse* o) {
          return planning_->ListSales(&ctx, r, o);
        },
        [](const plan::ListSalesResponse& r) { return r.sales_size(); });
  }
  int CountDocuments() {
    return CountAll<docs::ListDocumentsRequest, docs::ListDocumentsResponse>(
        [&](grpc::ClientContext& ctx, const docs::ListDocumentsRequest& r,
            docs::ListDocumentsResponse* o) { return documents_->ListDocuments(&ctx, r, o); },
        [](const docs::ListDocumentsResponse& r) { return r.documents_size(); });
  }
  int CountExports() {
    return CountAll<acc::ListExportsRequest, acc::ListExportsResponse>(
        [&](grpc::ClientContext& ctx, const acc::ListExportsRequest& r,
            acc::ListExportsResponse* o) { return accounting_->ListExports(&ctx, r, o); },
        [](const acc::ListExportsResponse& r) { return r.exports_size(); });
  }

  // Objects accounting holds for 1C in the EnterpriseData exchange (sent or waiting); -1 in the
  // JSON mode, whose exports CountExports counts.
  int CountExchangeObjects() {
    acc::ExchangeStatus status;
    grpc::Status rpc = CallWithRetry(options_.admin_token, {}, [&](grpc::ClientContext& ctx) {
      return accounting_->GetExchangeStatus(&ctx, acc::GetExchangeStatusRequest(), &status);
    });
    if (!rpc.ok() || status.format() != "enterprise_data") {
      return -1;
    }
    return status.pending_count() + status.unconfirmed_count();
  }

  // Five past editions of every demo exhibition, as the company's records before the CRM kept
  // them, into analytics' imported history (ForecastService.ImportEditionHistory), so the
  // forecast has seasons to learn from and its backtest something to test on. An import replaces
  // its edition's history, so a second run changes nothing. Editions that have not opened yet by
  // today's date are left out (only past editions are imported).
  void ImportPastSeasons() {
    const auto exhibitions = crm::demo::DemoExhibitions();
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    for (size_t x = 0; x < exhibitions.size() && x < project_names_.size(); ++x) {
      for (const auto& past :
           crm::demo::GeneratePastEditions(exhibitions[x], kPastSeasons, options_.seed + x)) {
        ana::ImportEditionHistoryRequest request;
        request.set_edition(project_names_[x] + "/editions/" + past.edition_id);
        request.set_display_name(past.display_name);
        request.mutable_start_date()->set_year(past.year);
        request.mutable_start_date()->set_month(past.month);
        request.mutable_start_date()->set_day(past.day);
        if (past.opening_unix_seconds > now) {
          continue;
        }
        for (const auto& row : past.assessments) {
          auto* a = request.add_assessments();
          a->set_client(row.client);
          a->set_level(row.level);
          *a->mutable_record_time() = TimeUtil::SecondsToTimestamp(row.unix_seconds);
        }
        for (const auto& row : past.sales) {
          auto* sale = request.add_sales();
          sale->set_client(row.client);
          *sale->mutable_sale_time() = TimeUtil::SecondsToTimestamp(row.unix_seconds);
          sale->set_area_dm2(row.area_dm2);
          sale->mutable_net_amount()->set_currency_code("RUB");
          sale->mutable_net_amount()->set_minor_units(row.net_kopecks);
        }
        ana::ImportEditionHistoryResponse response;
        grpc::Status status =
            CallWithRetry(options_.admin_token, "", [&](grpc::ClientContext& ctx) {
              return forecast_->ImportEditionHistory(&ctx, request, &response);
            });
        Require("ImportEditionHistory " + past.display_name, status);
        std::cout << "past season: " << past.display_name << " " << response.edition() << " ("
                  << response.assessments() << " assessments, " << response.sales() << " sales)\n";
        ++past_seasons_;
      }
    }
  }

  void PrintSummary() {
    // Invoices and exports follow sales through events; give the pipeline a moment to show it
    // works end to end, but a slow consumer is not the loader's failure. In the EnterpriseData
    // mode (the default) documents become 1C objects rather than export files.
    int sales = CountSales();
    int documents = -1;
    const bool enterprise_data = CountExchangeObjects() >= 0;
    int exports = -1;
    auto until = std::chrono::steady_clock::now() +
                 std::chrono::seconds(std::max(0, options_.pipeline_wait_seconds));
    for (;;) {
      documents = CountDocuments();
      exports = enterprise_data ? CountExchangeObjects() : CountExports();
      if ((documents >= sales && (enterprise_data || exports >= documents)) ||
          std::chrono::steady_clock::now() >= until) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    auto shown = [](int n) { return n < 0 ? std::string("unavailable") : std::to_string(n); };
    std::cout << "\nDemo data summary\n"
              << "  issuer:           " << issuer_ << "\n"
              << "  projects:         " << projects_.Text() << "\n"
              << "  editions:         " << editions_.Text() << "\n"
              << "  staff:            " << staff_count_.Text() << "\n"
              << "  clients:          " << clients_.Text() << "\n"
              << "  contact persons:  " << contact_persons_.Text() << "\n"
              << "  contacts planned: " << contacts_.Text() << "\n"
              << "  completions:      " << completions_done_ + completions_skipped_ << " ("
              << completions_done_ << " new)\n"
              << "  sales:            " << shown(sales) << "\n"
              << "  past seasons:     " << past_seasons_ << " (imported history)\n"
              << "  documents:        " << shown(documents) << "\n"
              << (enterprise_data ? "  objects for 1C:   " : "  exports:          ")
              << shown(exports) << "\n";
    if (sales >= 0 && documents >= 0 && documents < sales) {
      std::cout << "  note: " << sales - documents
                << " sale(s) have no document yet (documents service still catching up?)\n";
    }
  }

  // Shared groups, competitors' exhibitions, participation and curators over the first clients,
  // so the registry's organisation side has something to show. Every create carries a request id
  // (or is idempotent by nature), so a second run finds the same data.
  void EnsureOrganisation() {
    struct GroupSpec {
      const char* display_name;
      reg::GroupKind kind;
      size_t every;  // every n-th client belongs to it
    };
    const GroupSpec specs[] = {
        {"Самарская область", reg::GROUP_KIND_GEOGRAPHY, 2},
        {"Строительство и ЖКХ", reg::GROUP_KIND_INDUSTRY, 3},
        {"Подписчики рассылки", reg::GROUP_KIND_MAILING_SUBSCRIPTION, 1},
    };
    int n = 0;
    for (const GroupSpec& spec : specs) {
      ++n;
      reg::CreateGroupRequest request;
      request.set_request_id(crm::demo::RequestId("group", n, 2));
      request.mutable_group()->set_display_name(spec.display_name);
      request.mutable_group()->set_kind(spec.kind);
      reg::Group group;
      Require("CreateGroup", CallWithRetry(options_.admin_token, request.request_id(),
                                           [&](grpc::ClientContext& ctx) {
                                             return groups_->CreateGroup(&ctx, request, &group);
                                           }));
      reg::AddGroupMembersRequest members;
      members.set_group(group.name());
      for (size_t i = 0; i < client_names_.size() && members.clients_size() < 1000;
           i += spec.every) {
        members.add_clients(client_names_[i]);
      }
      reg::ChangeGroupMembersResponse changed;
      Require("AddGroupMembers",
              CallWithRetry(options_.admin_token, "", [&](grpc::ClientContext& ctx) {
                return groups_->AddGroupMembers(&ctx, members, &changed);
              }));
      std::cout << "group: " << group.display_name() << " " << group.name() << " ("
                << changed.member_count() << " clients)\n";
    }

    const std::pair<const char*, const char*> rivals[] = {
        {"СтройЭкспо Казань", "Казанская ярмарка"},
        {"АгроУрал", "Уральские выставки"},
    };
    std::vector<std::string> rival_names;
    n = 0;
    for (const auto& [display_name, organizer] : rivals) {
      ++n;
      reg::CreateCompetitorExhibitionRequest request;
      request.set_request_id(crm::demo::RequestId("competitor", n, 2));
      auto* c = request.mutable_competitor_exhibition();
      c->set_display_name(display_name);
      c->set_organizer(organizer);
      c->set_periodicity(reg::PERIODICITY_ANNUAL);
      reg::CompetitorExhibition created;
      Require(
          "CreateCompetitorExhibition",
          CallWithRetry(options_.admin_token, request.request_id(), [&](grpc::ClientContext& ctx) {
            return exhibitions_->CreateCompetitorExhibition(&ctx, request, &created);
          }));
      rival_names.push_back(created.name());
      std::cout << "competitor exhibition: " << display_name << " " << created.name() << "\n";
    }

    // Participation: a third of the clients were at our first edition, a quarter at a rival's.
    int participations = 0;
    for (size_t i = 0; i < client_names_.size() && !edition_names_.empty(); ++i) {
      reg::CreateParticipationRequest request;
      request.set_parent(client_names_[i]);
      if (i % 3 == 0) {
        request.mutable_participation()->set_edition(edition_names_[0]);
      } else if (i % 4 == 1) {
        request.mutable_participation()->set_competitor_exhibition(
            rival_names[i % rival_names.size()]);
        request.mutable_participation()->set_year(2025);
      } else {
        continue;
      }
      request.mutable_participation()->set_area_dm2(static_cast<int64_t>(900 + 100 * (i % 12)));
      request.set_request_id(crm::demo::RequestId("participation", static_cast<int>(i) + 1, 4));
      reg::Participation created;
      grpc::Status status =
          CallWithRetry(options_.admin_token, request.request_id(), [&](grpc::ClientContext& ctx) {
            return exhibitions_->CreateParticipation(&ctx, request, &created);
          });
      if (status.error_code() != grpc::ALREADY_EXISTS) {
        Require("CreateParticipation", status);
      }
      ++participations;
    }
    std::cout << "participation records: " << participations << "\n";

    // Curators: the managers share the clients of the first project round-robin.
    int curated = 0;
    for (size_t i = 0;
         i < client_names_.size() && !manager_names_.empty() && !project_names_.empty(); ++i) {
      reg::AssignCuratorRequest request;
      request.set_client(client_names_[i]);
      request.set_project(project_names_[0]);
      request.set_employee(manager_names_[i % manager_names_.size()]);
      reg::Curator curator;
      Require("AssignCurator",
              CallWithRetry(options_.admin_token, "", [&](grpc::ClientContext& ctx) {
                return staff_->AssignCurator(&ctx, request, &curator);
              }));
      ++curated;
    }
    std::cout << "curators assigned: " << curated << " clients\n";
  }

  static void Require(const std::string& what, const grpc::Status& status) {
    if (!status.ok()) {
      throw CallFailed(what, status);
    }
  }

  Options options_;
  std::string jwt_secret_;
  crm::cli::Endpoints endpoints_;
  std::unique_ptr<reg::RegistryService::Stub> registry_;
  std::unique_ptr<plan::PlanningService::Stub> planning_;
  std::unique_ptr<plan::AssessmentService::Stub> assessments_;
  std::unique_ptr<plan::StandService::Stub> stands_;
  std::unique_ptr<docs::DocumentService::Stub> documents_;
  std::unique_ptr<acc::AccountingService::Stub> accounting_;
  std::unique_ptr<ana::SalesPlanService::Stub> sales_plans_;
  std::unique_ptr<reg::StaffService::Stub> staff_;
  std::unique_ptr<reg::ExhibitionService::Stub> exhibitions_;
  std::unique_ptr<reg::GroupService::Stub> groups_;
  std::unique_ptr<reg::ClientQualityService::Stub> quality_;
  std::unique_ptr<ana::ForecastService::Stub> forecast_;
  std::chrono::system_clock::time_point started_;

  std::vector<crm::demo::Company> companies_;
  std::vector<crm::demo::PlannedContact> planned_;
  // The planned contacts whose completion is a sale (CompleteContacts).
  std::set<int> sold_contacts_;
  std::string issuer_;
  std::vector<std::string> project_names_;
  std::vector<std::string> edition_names_;
  std::vector<std::string> manager_names_;
  std::vector<std::string> manager_tokens_;
  std::string head_token_;
  std::string sales_department_;  // the department the head of sales heads
  int64_t loaded_since_ = 0;      // create time (UTC seconds) of the earliest demo employee
  std::mutex mutex_;
  std::vector<std::string> client_names_;
  std::vector<std::vector<std::string>> contact_person_names_;
  std::map<int, std::string> contact_names_;
  std::map<int, Timestamp> contact_times_;

  Tally projects_, editions_, staff_count_, clients_, contact_persons_, contacts_;
  int completions_done_ = 0;
  int completions_skipped_ = 0;
  int sales_now_ = 0;
  int past_seasons_ = 0;
  // Past editions imported per demo exhibition.
  static constexpr int kPastSeasons = 5;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{
      "Loads Expo CRM demo data through the services' gRPC APIs; safe to run again.\n"
      "Needs CRM_JWT_HS256_SECRET (to act as the demo managers); addresses as for `crm`.",
      "crm-demo"};
  app.add_option("--admin-token", options.admin_token,
                 "Token with the admin role (default: $CRM_ADMIN_TOKEN, else $CRM_TOKEN, else "
                 "one minted with CRM_JWT_HS256_SECRET)");
  app.add_option("--seed", options.seed, "Seed of the generated data")->capture_default_str();
  app.add_option("--clients", options.clients, "Clients to create")
      ->check(CLI::Range(1, 5000))
      ->capture_default_str();
  app.add_option("--contacts", options.contacts, "Contacts to plan")
      ->check(CLI::Range(0, 999))
      ->capture_default_str();
  app.add_option("--completions", options.completions, "Contacts to complete")
      ->check(CLI::Range(0, 999))
      ->capture_default_str();
  app.add_option("--threads", options.threads, "Parallel calls while creating clients")
      ->check(CLI::Range(1, 32))
      ->capture_default_str();
  app.add_option("--pipeline-wait", options.pipeline_wait_seconds,
                 "Seconds to wait for documents and exports of the sales")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::string secret = crm::cli::EnvOr("CRM_JWT_HS256_SECRET", "");
  if (secret.empty()) {
    std::cerr << "crm-demo: CRM_JWT_HS256_SECRET is required (source .local/env)\n";
    return 2;
  }
  if (options.admin_token.empty()) {
    options.admin_token = crm::cli::EnvOr("CRM_ADMIN_TOKEN", crm::cli::EnvOr("CRM_TOKEN", ""));
  }
  if (options.admin_token.empty()) {
    auth::TokenRequest token;
    token.subject = "services/crm-demo";
    token.name = "crm-demo";
    token.roles = {auth::Role::kAdmin};
    token.ttl = std::chrono::hours(1);
    token.audience = {crm::cli::TokenAudience()};
    options.admin_token = auth::MintHs256Token(secret, token);
  }
  try {
    return Loader(options, secret).Run();
  } catch (const std::exception& e) {
    std::string message = e.what();
    std::cerr << "crm-demo: " << message << (message.ends_with("\n") ? "" : "\n");
    return 1;
  }
}
