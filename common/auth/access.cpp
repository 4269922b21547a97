#include "common/auth/access.h"

#include <algorithm>
#include <optional>

#include "common/core/errors.h"
#include "common/core/ids.h"

namespace crm::common::auth {
namespace {

struct Reach {
  Scope read = Scope::kNone;
  Scope write = Scope::kNone;
  // Creating new records; a row that leaves it out creates where it writes.
  std::optional<Scope> create = std::nullopt;
};

struct Row {
  Records records;
  Role role;
  Reach reach;
};

// The table: what each role reaches of each kind of record. Admins reach everything; a role
// not listed for a kind of record reaches none of it.
constexpr Row kTable[] = {
    {Records::kTasks, Role::kSalesManager, {Scope::kOwn, Scope::kOwn}},
    {Records::kTasks, Role::kSalesHead, {Scope::kDepartment, Scope::kDepartment}},
    {Records::kTasks, Role::kAnalyst, {Scope::kAll, Scope::kNone}},
    {Records::kTasks, Role::kService, {Scope::kAll, Scope::kNone}},
    {Records::kSales, Role::kSalesManager, {Scope::kOwn, Scope::kOwn}},
    {Records::kSales, Role::kSalesHead, {Scope::kDepartment, Scope::kDepartment}},
    {Records::kSales, Role::kAnalyst, {Scope::kAll, Scope::kNone}},
    {Records::kSales, Role::kService, {Scope::kAll, Scope::kNone}},
    // Accountants invoice and reconcile every sale; they have no calendar.
    {Records::kSales, Role::kAccountant, {Scope::kAll, Scope::kNone}},
    // Documents are issued by the services; people record what happens to them afterwards (sent,
    // signed, scans attached): the sale's manager, their head, and accountants.
    {Records::kDocuments, Role::kSalesManager, {Scope::kOwn, Scope::kOwn}},
    {Records::kDocuments, Role::kSalesHead, {Scope::kDepartment, Scope::kDepartment}},
    {Records::kDocuments, Role::kAnalyst, {Scope::kAll, Scope::kNone}},
    {Records::kDocuments, Role::kAccountant, {Scope::kAll, Scope::kAll}},
    {Records::kReports, Role::kSalesManager, {Scope::kOwn, Scope::kNone}},
    {Records::kReports, Role::kSalesHead, {Scope::kDepartment, Scope::kNone}},
    {Records::kReports, Role::kAnalyst, {Scope::kAll, Scope::kNone}},
    // Sales staff, analysts and the accounting department enter new clients (an accountant the
    // buyer who pays before any manager met them); a new client waits for an analyst's check
    // unless a keeper of the base entered it, and nobody curates it until one is assigned.
    {Records::kClients, Role::kSalesManager, {Scope::kAll, Scope::kCurator, Scope::kAll}},
    // Heads of sales answer for every manager's clients; analysts keep the base.
    {Records::kClients, Role::kSalesHead, {Scope::kAll, Scope::kAll, Scope::kAll}},
    {Records::kClients, Role::kAnalyst, {Scope::kAll, Scope::kAll, Scope::kAll}},
    // Accountants change a client's requisites only, a rule of registry's own
    // (services/registry/domain/client_access.h).
    {Records::kClients, Role::kAccountant, {Scope::kAll, Scope::kNone, Scope::kAll}},
    {Records::kClients, Role::kService, {Scope::kAll, Scope::kNone, Scope::kNone}},
    // An edition's budget is the company's, not a manager's: heads of sales plan it with the
    // accountants, who also enter its costs; analysts read it. Sales managers do not see it (its
    // costs and margin are not theirs to know).
    {Records::kBudgets, Role::kSalesHead, {Scope::kAll, Scope::kAll}},
    {Records::kBudgets, Role::kAccountant, {Scope::kAll, Scope::kAll}},
    {Records::kBudgets, Role::kAnalyst, {Scope::kAll, Scope::kNone}},
    // Sales plans and their attainment: analysts plan every level with the admins; a head of sales
    // plans their department and its managers (and reads the edition's total, a rule of
    // analytics' own: services/analytics/domain/plans.h); a manager reads their own.
    {Records::kSalesPlans, Role::kSalesManager, {Scope::kOwn, Scope::kNone}},
    {Records::kSalesPlans, Role::kSalesHead, {Scope::kDepartment, Scope::kDepartment}},
    {Records::kSalesPlans, Role::kAnalyst, {Scope::kAll, Scope::kAll}},
    // An edition's forecast is the company's figure, not a manager's: heads of sales and analysts
    // read it; analysts also import past editions' history. Sales managers do not see it.
    {Records::kForecasts, Role::kSalesHead, {Scope::kAll, Scope::kNone}},
    {Records::kForecasts, Role::kAnalyst, {Scope::kAll, Scope::kAll}},
};

Reach ReachOf(Records records, Role role) {
  if (role == Role::kAdmin) {
    return {Scope::kAll, Scope::kAll};
  }
  for (const Row& row : kTable) {
    if (row.records == records && row.role == role) {
      return row.reach;
    }
  }
  return {};
}

const char* Noun(Records records) {
  switch (records) {
    case Records::kTasks:
      return "tasks";
    case Records::kSales:
      return "sales";
    case Records::kDocuments:
      return "documents";
    case Records::kReports:
      return "reports";
    case Records::kClients:
      return "clients";
    case Records::kBudgets:
      return "budgets";
    case Records::kSalesPlans:
      return "sales plans";
    case Records::kForecasts:
      return "forecasts";
  }
  return "records";
}

bool Owns(const Actor& actor, const RecordOwner& owner) {
  return actor.employee_id && !owner.employee_id.empty() && *actor.employee_id == owner.employee_id;
}

}  // namespace

std::optional<std::string> EmployeeIdOf(std::string_view name) {
  auto id = ParseResourceId(name, "employees");
  if (!id) {
    return std::nullopt;
  }
  std::transform(id->begin(), id->end(), id->begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return id;
}

Actor ActorOf(const Principal& principal, const DepartmentLookup& department_of) {
  Actor actor{principal, EmployeeIdOf(principal.subject), ""};
  if (actor.employee_id && department_of) {
    actor.department_id = department_of(*actor.employee_id);
  }
  return actor;
}

RecordOwner OwnerOf(std::string_view owner_name, const DepartmentLookup& department_of) {
  RecordOwner owner;
  if (auto id = EmployeeIdOf(owner_name)) {
    owner.employee_id = *id;
    owner.department_id = department_of ? department_of(*id) : "";
  }
  return owner;
}

Scope ScopeOf(const Actor& actor, Records records, Action action) {
  Scope widest = Scope::kNone;
  for (Role role : actor.principal.roles) {
    const Reach reach = ReachOf(records, role);
    switch (action) {
      case Action::kRead:
        widest = std::max(widest, reach.read);
        break;
      case Action::kWrite:
        widest = std::max(widest, reach.write);
        break;
      case Action::kCreate:
        widest = std::max(widest, reach.create.value_or(reach.write));
        break;
    }
  }
  return widest;
}

bool Reaches(const Actor& actor, Scope scope, const RecordOwner& owner) {
  switch (scope) {
    case Scope::kAll:
      return true;
    case Scope::kDepartment:
      return Owns(actor, owner) ||
             (!actor.department_id.empty() && actor.department_id == owner.department_id);
    case Scope::kCurator:
      return actor.employee_id && std::find(owner.curator_ids.begin(), owner.curator_ids.end(),
                                            *actor.employee_id) != owner.curator_ids.end();
    case Scope::kOwn:
      return Owns(actor, owner);
    case Scope::kNone:
      break;
  }
  return false;
}

bool MayAccess(const Actor& actor, Records records, Action action, const RecordOwner& owner) {
  return Reaches(actor, ScopeOf(actor, records, action), owner);
}

void CheckAccess(const Actor& actor, Records records, Action action, const RecordOwner& owner) {
  const Scope scope = ScopeOf(actor, records, action);
  if (Reaches(actor, scope, owner)) {
    return;
  }
  const std::string verb = action == Action::kRead     ? "see"
                           : action == Action::kCreate ? "create"
                                                       : "change";
  const std::string noun = Noun(records);
  switch (scope) {
    case Scope::kOwn:
      throw PermissionError("a sales manager may " + verb + " only their own " + noun);
    case Scope::kCurator:
      throw PermissionError("a sales manager may " + verb + " only the clients they curate");
    case Scope::kDepartment:
      throw PermissionError("a head of sales may " + verb + " only the " + noun +
                            " of their own department");
    case Scope::kAll:
    case Scope::kNone:
      break;
  }
  throw PermissionError(action == Action::kRead ? "this role has no access to " + noun
                                                : "this role may not " + verb + " " + noun);
}

ListScope ReadScope(const Actor& actor, Records records) {
  switch (ScopeOf(actor, records, Action::kRead)) {
    case Scope::kAll:
      return {.all = true, .owner_id = std::nullopt, .department_id = std::nullopt};
    case Scope::kDepartment: {
      ListScope scope{.all = false, .owner_id = actor.employee_id, .department_id = std::nullopt};
      if (!actor.department_id.empty()) {
        scope.department_id = actor.department_id;
      }
      if (scope.owner_id || scope.department_id) {
        return scope;
      }
      break;
    }
    case Scope::kOwn:
      if (actor.employee_id) {
        return {.all = false, .owner_id = actor.employee_id, .department_id = std::nullopt};
      }
      break;
    case Scope::kCurator:  // a list by curator is not an owner filter; no list reads by it
    case Scope::kNone:
      break;
  }
  throw PermissionError(std::string("this role has no access to ") + Noun(records));
}

}  // namespace crm::common::auth
