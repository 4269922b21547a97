#include "services/analytics/api/plans_api.h"

#include <set>
#include <utility>
#include <vector>

#include "common/api/etag.h"
#include "common/auth/access.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/text.h"
#include "common/tabular/xlsx_reader.h"
#include "services/analytics/domain/plans.h"
#include "services/analytics/store/plans_store.h"
#include "services/analytics/store/projection_store.h"

namespace crm::analytics {
namespace {

namespace v1 = crm::analytics::v1;

// The edition of a plan's name, or a violation of `field`.
std::string EditionOfName(common::Violations& violations, const std::string& name,
                          const std::string& field) {
  auto edition = domain::EditionOfPlan(name);
  if (!edition) {
    violations.Add(field, "must be projects/{uuid}/editions/{uuid}/salesPlan");
    return "";
  }
  return *edition;
}

common::auth::DepartmentLookup DepartmentsIn(pqxx::transaction_base& tx) {
  return [&tx](const std::string& id) { return ReportStore::EmployeeDepartment(tx, id); };
}

PlanEdition KnownEdition(std::optional<PlanEdition> found, const std::string& edition) {
  if (!found) {
    throw common::NotFoundError(domain::PlanName(edition));
  }
  return std::move(*found);
}

// The plan with the cells the actor may read.
v1::SalesPlan PlanMessage(pqxx::transaction_base& tx, const common::auth::Actor& actor,
                          const std::string& edition, const PlanEdition& known) {
  v1::SalesPlan out;
  out.set_name(domain::PlanName(edition));
  out.set_edition_display_name(known.display_name);
  const auto version = PlanStore::Version(tx, edition);
  out.set_etag(std::to_string(version ? version->version : 0));
  if (!version) {
    return out;
  }
  *out.mutable_update_time() = version->update_time;
  out.set_updated_by(version->updated_by);
  const common::auth::DepartmentLookup departments = DepartmentsIn(tx);
  for (const domain::PlanCell& cell : PlanStore::Cells(tx, edition)) {
    if (domain::MayReadTarget(actor, cell.level,
                              domain::TargetOwner(cell.level, cell.target_id, departments))) {
      *out.add_cells() = domain::CellMessage(cell);
    }
  }
  return out;
}

// Checks the cells against the locked edition, who may write their targets and that those are
// known, then the etag, and saves them. `report` names a problem's place in the request.
v1::SalesPlan SavePlan(common::db::Pool& pool, const common::auth::Principal& caller,
                       const std::string& edition, const std::vector<v1::SalesPlanCell>& requested,
                       const std::string& etag, const domain::CellViolation& report,
                       common::Violations& violations) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const common::auth::DepartmentLookup departments = DepartmentsIn(tx);
    const common::auth::Actor actor = common::auth::ActorOf(caller, departments);
    domain::CheckMayWritePlans(actor);
    const PlanEdition known = KnownEdition(PlanStore::LockEdition(tx, edition), edition);
    const std::vector<domain::PlanCell> cells = domain::CheckPlanCells(
        requested, domain::PlanWindow(known.start_date, known.end_date), report);
    // Each target once: who may write it, and whether analytics knows it.
    std::set<std::pair<int, std::string>> targets;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const domain::PlanCell& cell = cells[i];
      if (!common::api::IsSpecified(cell.level) ||
          (cell.level != v1::PLAN_LEVEL_EDITION && cell.target_id.empty()) ||
          !targets.emplace(static_cast<int>(cell.level), cell.target_id).second) {
        continue;
      }
      domain::CheckTargetWrite(actor, cell.level,
                               domain::TargetOwner(cell.level, cell.target_id, departments));
      if (cell.level == v1::PLAN_LEVEL_DEPARTMENT &&
          !PlanStore::DepartmentKnown(tx, cell.target_id)) {
        report(i, "target", "names a department unit analytics has no employee or sale of");
      } else if (cell.level == v1::PLAN_LEVEL_MANAGER &&
                 !ReportStore::ManagerKnown(tx, cell.target_id)) {
        report(i, "target", "names an employee analytics does not know");
      }
    }
    violations.ThrowIfAny();
    const auto version = PlanStore::Version(tx, edition);
    common::api::CheckEtag(domain::PlanName(edition),
                           std::to_string(version ? version->version : 0), etag);
    PlanStore::Replace(tx, edition, cells, caller.subject);
    return PlanMessage(tx, actor, edition, known);
  });
}

// "departments/{uuid}" or "employees/{uuid}" of an optional filter, as a lower-case id; "" when
// empty.
std::string OptionalTarget(common::Violations& violations, const std::string& name,
                           std::string_view collection, const std::string& field) {
  if (name.empty()) {
    return "";
  }
  auto id = common::ParseResourceId(name, collection);
  if (!id) {
    violations.Add(field, "must be " + std::string(collection) + "/{uuid}");
    return "";
  }
  return common::LowerAscii(*id);
}

}  // namespace

SalesPlanApi::SalesPlanApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
                           std::string time_zone)
    : guard_(guard), pool_(pool), time_zone_(std::move(time_zone)) {}

grpc::Status SalesPlanApi::GetSalesPlan(grpc::ServerContext* context,
                                        const v1::GetSalesPlanRequest* request,
                                        v1::SalesPlan* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::string edition = EditionOfName(violations, request->name(), "name");
    violations.ThrowIfAny();
    *response = pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::Actor actor = common::auth::ActorOf(caller, DepartmentsIn(tx));
      common::auth::ReadScope(actor, common::auth::Records::kSalesPlans);
      return PlanMessage(tx, actor, edition,
                         KnownEdition(PlanStore::Edition(tx, edition), edition));
    });
  });
}

grpc::Status SalesPlanApi::SetSalesPlanCells(grpc::ServerContext* context,
                                             const v1::SetSalesPlanCellsRequest* request,
                                             v1::SalesPlan* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::string edition = EditionOfName(violations, request->name(), "name");
    common::api::RequireEtag(violations, "etag", request->etag());
    if (request->cells().empty()) {
      violations.Add("cells", "must hold at least one cell");
    } else if (static_cast<std::size_t>(request->cells_size()) > domain::kMaxPlanCells) {
      violations.Add("cells",
                     "must hold at most " + std::to_string(domain::kMaxPlanCells) + " cells");
    }
    violations.ThrowIfAny();
    const std::vector<v1::SalesPlanCell> cells(request->cells().begin(), request->cells().end());
    const domain::CellViolation report = [&](std::size_t index, std::string_view field,
                                             std::string message) {
      violations.Add("cells[" + std::to_string(index) + "]." + std::string(field),
                     std::move(message));
    };
    *response = SavePlan(pool_, caller, edition, cells, request->etag(), report, violations);
  });
}

grpc::Status SalesPlanApi::ImportSalesPlan(grpc::ServerContext* context,
                                           const v1::ImportSalesPlanRequest* request,
                                           v1::SalesPlan* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::string edition = EditionOfName(violations, request->name(), "name");
    if (request->content().empty()) {
      violations.Add("content", "must be an xlsx workbook");
    }
    violations.ThrowIfAny();
    common::tabular::SourceTable table;
    try {
      table = common::tabular::ReadXlsx(request->content());
    } catch (const common::tabular::SourceFormatError& e) {
      violations.Add("content", std::string("cannot be read as an xlsx workbook: ") + e.what());
      violations.ThrowIfAny();
    }
    domain::PlanSheetRows rows;
    // Every bad row is reported: those that cannot be read now, the others' checks with them.
    const std::vector<v1::SalesPlanCell> cells = domain::ReadPlanSheet(table, violations, rows);
    const domain::CellViolation report = [&](std::size_t index, std::string_view field,
                                             const std::string& message) {
      rows.Report(violations, index, field, message);
    };
    *response = SavePlan(pool_, caller, edition, cells, request->etag(), report, violations);
  });
}

grpc::Status SalesPlanApi::GetPlanVsFact(grpc::ServerContext* context,
                                         const v1::GetPlanVsFactRequest* request,
                                         v1::PlanVsFact* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::string edition = EditionOfName(violations, request->name(), "name");
    const std::string department =
        OptionalTarget(violations, request->department(), "departments", "department");
    const std::string manager =
        OptionalTarget(violations, request->manager(), "employees", "manager");
    if (!request->department().empty() && !request->manager().empty()) {
      violations.Add("manager", "must be empty when a department is given");
    }
    violations.ThrowIfAny();
    *response = pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::DepartmentLookup departments = DepartmentsIn(tx);
      const common::auth::Actor actor = common::auth::ActorOf(caller, departments);
      using common::auth::Action;
      using common::auth::Records;
      common::auth::ReadScope(actor, Records::kSalesPlans);
      if (!manager.empty()) {
        common::auth::CheckAccess(
            actor, Records::kSalesPlans, Action::kRead,
            domain::TargetOwner(v1::PLAN_LEVEL_MANAGER, manager, departments));
      } else if (!department.empty()) {
        common::auth::CheckAccess(
            actor, Records::kSalesPlans, Action::kRead,
            domain::TargetOwner(v1::PLAN_LEVEL_DEPARTMENT, department, departments));
      }
      const PlanEdition known = KnownEdition(PlanStore::Edition(tx, edition), edition);
      std::vector<domain::PlanFactSums> shown;
      for (domain::PlanFactSums& sums : PlanStore::VsFact(tx, edition, time_zone_)) {
        const bool is_manager = sums.level == v1::PLAN_LEVEL_MANAGER;
        if (!manager.empty() && !(is_manager && sums.target_id == manager)) {
          continue;
        }
        if (!department.empty() &&
            !(sums.level == v1::PLAN_LEVEL_DEPARTMENT && sums.target_id == department) &&
            !(is_manager && sums.department_now == department)) {
          continue;
        }
        common::auth::RecordOwner owner;
        if (is_manager) {
          owner.employee_id = sums.target_id;
          owner.department_id = sums.department_now;
        } else if (sums.level == v1::PLAN_LEVEL_DEPARTMENT) {
          owner.department_id = sums.target_id;
        }
        if (domain::MayReadTarget(actor, sums.level, owner)) {
          shown.push_back(std::move(sums));
        }
      }
      v1::PlanVsFact out;
      out.set_name(domain::PlanName(edition));
      out.set_edition_display_name(known.display_name);
      for (v1::PlanFactRow& row : domain::PlanFactRows(shown)) {
        *out.add_rows() = std::move(row);
      }
      return out;
    });
  });
}

}  // namespace crm::analytics
