// The shared access rule: who reaches which records, by role, owner, department and curators.

#include "common/auth/access.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/core/errors.h"

namespace crm::common::auth {
namespace {

constexpr char kAnna[] = "5b0f7c9e-2a51-4e0b-9d7a-0c8a1f3e6d21";
constexpr char kBoris[] = "0c8a1f3e-6d21-4e0b-9d7a-5b0f7c9e2a51";
constexpr char kSales[] = "7f1e0000-0000-4000-8000-000000000001";
constexpr char kExport[] = "7f1e0000-0000-4000-8000-000000000002";

Actor Caller(const std::string& subject, std::set<Role> roles, std::string department = "") {
  return ActorOf(Principal{subject, "", std::move(roles)},
                 [department](const std::string&) { return department; });
}

RecordOwner OwnedBy(std::string employee, std::string department = "") {
  return {std::move(employee), std::move(department), {}};
}

TEST(EmployeeIdOf, IsTheCanonicalLowerCaseIdOfAStaffSubject) {
  EXPECT_EQ(EmployeeIdOf("employees/5B0F7C9E-2A51-4E0B-9D7A-0C8A1F3E6D21"), kAnna);
  EXPECT_EQ(EmployeeIdOf(std::string("employees/") + kAnna), kAnna);
  EXPECT_EQ(EmployeeIdOf("services/documents"), std::nullopt);
  EXPECT_EQ(EmployeeIdOf("employees/not-a-uuid"), std::nullopt);
  EXPECT_EQ(EmployeeIdOf(kAnna), std::nullopt);
}

// The regression of documents comparing raw subjects: an upper-case subject owns its records.
TEST(Access, AnUpperCaseSubjectOwnsTheRecordsOfItsEmployee) {
  const Actor anna =
      Caller("employees/5B0F7C9E-2A51-4E0B-9D7A-0C8A1F3E6D21", {Role::kSalesManager});
  EXPECT_TRUE(MayAccess(anna, Records::kDocuments, Action::kRead, OwnedBy(kAnna)));
  EXPECT_EQ(ReadScope(anna, Records::kDocuments).owner_id, kAnna);
}

TEST(Access, OwnersAndActorsGetTheirDepartmentFromTheLookup) {
  const DepartmentLookup units = [](const std::string& id) {
    return id == kAnna ? std::string(kSales) : std::string();
  };
  const RecordOwner anna = OwnerOf("employees/5B0F7C9E-2A51-4E0B-9D7A-0C8A1F3E6D21", units);
  EXPECT_EQ(anna.employee_id, kAnna);
  EXPECT_EQ(anna.department_id, kSales);
  EXPECT_EQ(OwnerOf("", units).employee_id, "");
  EXPECT_EQ(OwnerOf("services/x", units).department_id, "");
  EXPECT_EQ(ActorOf(Principal{std::string("employees/") + kAnna, "", {Role::kSalesHead}}, units)
                .department_id,
            kSales);
  // A service is no employee: nothing is looked up.
  bool asked = false;
  ActorOf(Principal{"services/x", "", {Role::kService}}, [&](const std::string&) {
    asked = true;
    return std::string();
  });
  EXPECT_FALSE(asked);
}

TEST(Access, AManagerReachesTheirOwnRecordsOnly) {
  const Actor anna = Caller(std::string("employees/") + kAnna, {Role::kSalesManager}, kSales);
  for (Records records :
       {Records::kTasks, Records::kSales, Records::kDocuments, Records::kReports}) {
    EXPECT_EQ(ScopeOf(anna, records, Action::kRead), Scope::kOwn);
    EXPECT_TRUE(MayAccess(anna, records, Action::kRead, OwnedBy(kAnna, kSales)));
    // Same department, another owner: not theirs.
    EXPECT_FALSE(MayAccess(anna, records, Action::kRead, OwnedBy(kBoris, kSales)));
  }
  try {
    CheckAccess(anna, Records::kSales, Action::kRead, OwnedBy(kBoris));
    FAIL() << "no PermissionError";
  } catch (const PermissionError& e) {
    EXPECT_STREQ(e.what(), "a sales manager may see only their own sales");
  }
}

TEST(Access, AHeadReachesTheirDepartmentUnitAndTheirOwn) {
  const Actor head = Caller(std::string("employees/") + kBoris, {Role::kSalesHead}, kSales);
  for (Records records :
       {Records::kTasks, Records::kSales, Records::kDocuments, Records::kReports}) {
    EXPECT_TRUE(MayAccess(head, records, Action::kRead, OwnedBy(kAnna, kSales)));
    EXPECT_FALSE(MayAccess(head, records, Action::kRead, OwnedBy(kAnna, kExport)));
    EXPECT_FALSE(MayAccess(head, records, Action::kRead, OwnedBy(kAnna, "")));
    EXPECT_TRUE(MayAccess(head, records, Action::kRead, OwnedBy(kBoris, "")));
  }
  const ListScope scope = ReadScope(head, Records::kDocuments);
  EXPECT_FALSE(scope.all);
  EXPECT_EQ(scope.owner_id, kBoris);
  EXPECT_EQ(scope.department_id, kSales);

  // A head in no department reaches only their own; nobody else's empty department matches.
  const Actor nowhere = Caller(std::string("employees/") + kBoris, {Role::kSalesHead});
  EXPECT_FALSE(MayAccess(nowhere, Records::kTasks, Action::kRead, OwnedBy(kAnna, "")));
  EXPECT_EQ(ReadScope(nowhere, Records::kTasks).department_id, std::nullopt);
  try {
    CheckAccess(head, Records::kTasks, Action::kWrite, OwnedBy(kAnna, kExport));
    FAIL() << "no PermissionError";
  } catch (const PermissionError& e) {
    EXPECT_STREQ(e.what(), "a head of sales may change only the tasks of their own department");
  }
}

TEST(Access, KeepersOfTheBaseReadEverythingAndWriteNoTasks) {
  const Actor analyst = Caller(std::string("employees/") + kAnna, {Role::kAnalyst});
  EXPECT_TRUE(ReadScope(analyst, Records::kTasks).all);
  EXPECT_EQ(ScopeOf(analyst, Records::kTasks, Action::kWrite), Scope::kNone);
  const Actor accountant = Caller(std::string("employees/") + kAnna, {Role::kAccountant});
  EXPECT_TRUE(ReadScope(accountant, Records::kSales).all);
  EXPECT_TRUE(ReadScope(accountant, Records::kDocuments).all);
  // What happens to a document after issue (sent, signed) is recorded by the sale's manager, their
  // head and accountants; analysts only read.
  EXPECT_EQ(ScopeOf(accountant, Records::kDocuments, Action::kWrite), Scope::kAll);
  EXPECT_EQ(ScopeOf(analyst, Records::kDocuments, Action::kWrite), Scope::kNone);
  const Actor manager = Caller(std::string("employees/") + kAnna, {Role::kSalesManager});
  EXPECT_EQ(ScopeOf(manager, Records::kDocuments, Action::kWrite), Scope::kOwn);
  EXPECT_THROW(ReadScope(accountant, Records::kTasks), PermissionError);
  EXPECT_THROW(ReadScope(accountant, Records::kReports), PermissionError);
  const Actor admin = Caller("employees/" + std::string(kAnna), {Role::kAdmin});
  EXPECT_EQ(ScopeOf(admin, Records::kClients, Action::kWrite), Scope::kAll);
  // No roles: nothing at all.
  const Actor nobody = Caller(std::string("employees/") + kAnna, {});
  for (Records records : {Records::kTasks, Records::kSales, Records::kDocuments, Records::kReports,
                          Records::kClients}) {
    EXPECT_EQ(ScopeOf(nobody, records, Action::kRead), Scope::kNone);
    EXPECT_THROW(ReadScope(nobody, records), PermissionError);
  }
}

TEST(Access, SalesFollowTheTaskRuleAndAccountantsReadThemAll) {
  const Actor accountant = Caller(std::string("employees/") + kAnna, {Role::kAccountant});
  EXPECT_NO_THROW(CheckAccess(accountant, Records::kSales, Action::kRead, OwnedBy(kBoris)));
  EXPECT_THROW(CheckAccess(accountant, Records::kSales, Action::kWrite, OwnedBy(kBoris)),
               PermissionError);
  EXPECT_THROW(CheckAccess(accountant, Records::kTasks, Action::kRead, OwnedBy(kBoris)),
               PermissionError);
  const Actor head = Caller(std::string("employees/") + kBoris, {Role::kSalesHead}, kSales);
  EXPECT_NO_THROW(CheckAccess(head, Records::kSales, Action::kWrite, OwnedBy(kAnna, kSales)));
}

TEST(Access, AdminsReachEverythingAndOtherSystemsReadTasks) {
  const Actor admin = Caller("employees/" + std::string(kAnna), {Role::kAdmin});
  for (Records records : {Records::kTasks, Records::kSales, Records::kDocuments, Records::kReports,
                          Records::kClients}) {
    EXPECT_TRUE(MayAccess(admin, records, Action::kWrite, OwnedBy(kBoris, kExport)));
  }
  const Actor service = Caller("services/analytics", {Role::kService});
  EXPECT_TRUE(MayAccess(service, Records::kTasks, Action::kRead, OwnedBy(kAnna)));
  EXPECT_FALSE(MayAccess(service, Records::kTasks, Action::kWrite, OwnedBy(kAnna)));
  EXPECT_FALSE(MayAccess(service, Records::kDocuments, Action::kRead, OwnedBy(kAnna)));
}

TEST(Access, SeveralRolesGiveTheWidestReach) {
  const Actor both = Caller(std::string("employees/") + kAnna, {Role::kSalesHead, Role::kAnalyst});
  EXPECT_EQ(ScopeOf(both, Records::kTasks, Action::kRead), Scope::kAll);
  EXPECT_EQ(ScopeOf(both, Records::kTasks, Action::kWrite), Scope::kDepartment);
}

// Client records: a manager writes for the clients they curate now; heads, analysts and admins
// for any client; accountants and other systems for none.
TEST(Access, AManagerChangesTheClientsTheyCurate) {
  const RecordOwner curated{"", "", {kAnna}};
  const RecordOwner others{"", "", {kBoris}};
  const Actor anna =
      Caller("employees/5B0F7C9E-2A51-4E0B-9D7A-0C8A1F3E6D21", {Role::kSalesManager});
  EXPECT_TRUE(MayAccess(anna, Records::kClients, Action::kWrite, curated));
  EXPECT_FALSE(MayAccess(anna, Records::kClients, Action::kWrite, others));
  EXPECT_FALSE(MayAccess(anna, Records::kClients, Action::kWrite, RecordOwner{}));
  EXPECT_TRUE(MayAccess(anna, Records::kClients, Action::kRead, others));
  try {
    CheckAccess(anna, Records::kClients, Action::kWrite, others);
    FAIL() << "no PermissionError";
  } catch (const PermissionError& e) {
    EXPECT_STREQ(e.what(), "a sales manager may change only the clients they curate");
  }
  for (Role role : {Role::kSalesHead, Role::kAnalyst, Role::kAdmin}) {
    EXPECT_TRUE(MayAccess(Caller("employees/" + std::string(kBoris), {role}), Records::kClients,
                          Action::kWrite, curated));
  }
  for (Role role : {Role::kAccountant, Role::kService}) {
    EXPECT_FALSE(
        MayAccess(Caller("services/x", {role}), Records::kClients, Action::kWrite, curated));
  }
  // A service's subject is no employee: it curates nothing.
  EXPECT_FALSE(MayAccess(Caller("services/x", {Role::kSalesManager}), Records::kClients,
                         Action::kWrite, curated));
}

// Entering clients: sales staff, analysts and accountants create them (an accountant the buyer who
// pays before any manager met them); another system may not; a role without a create column
// creates where it writes.
TEST(Access, SalesStaffAnalystsAndAccountantsCreateClients) {
  const std::string anna = std::string("employees/") + kAnna;
  for (Role role :
       {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kAccountant, Role::kAdmin}) {
    const Actor actor = Caller(anna, {role});
    EXPECT_EQ(ScopeOf(actor, Records::kClients, Action::kCreate), Scope::kAll);
    EXPECT_NO_THROW(CheckAccess(actor, Records::kClients, Action::kCreate, RecordOwner{}));
  }
  // An accountant creates clients but still changes none through the shared rule.
  EXPECT_EQ(ScopeOf(Caller(anna, {Role::kAccountant}), Records::kClients, Action::kWrite),
            Scope::kNone);
  const Actor billing = Caller("services/billing", {Role::kService});
  EXPECT_EQ(ScopeOf(billing, Records::kClients, Action::kCreate), Scope::kNone);
  try {
    CheckAccess(billing, Records::kClients, Action::kCreate, RecordOwner{});
    FAIL() << "no PermissionError";
  } catch (const PermissionError& e) {
    EXPECT_STREQ(e.what(), "this role may not create clients");
  }
  EXPECT_EQ(ScopeOf(Caller(anna, {}), Records::kClients, Action::kCreate), Scope::kNone);
  EXPECT_EQ(ScopeOf(Caller(anna, {Role::kSalesManager}), Records::kTasks, Action::kCreate),
            Scope::kOwn);
  EXPECT_EQ(ScopeOf(Caller(anna, {Role::kAccountant}), Records::kSales, Action::kCreate),
            Scope::kNone);
}

// The whole rule as a table: for every kind of record, role and action the reach it gives, and
// what that reach lets through among the same records — the caller's own, a colleague's in
// their department, a stranger's in another, a client they curate and one someone else curates.
// Each reach (own, curator, department, all) is shown allowing and denying; a combination the
// table leaves out reaches nothing.
struct Reaching {
  Records records;
  Role role;
  Action action;
  Scope scope;
};

constexpr Reaching kReaches[] = {
    {Records::kTasks, Role::kSalesManager, Action::kRead, Scope::kOwn},
    {Records::kTasks, Role::kSalesManager, Action::kWrite, Scope::kOwn},
    {Records::kTasks, Role::kSalesManager, Action::kCreate, Scope::kOwn},
    {Records::kTasks, Role::kSalesHead, Action::kRead, Scope::kDepartment},
    {Records::kTasks, Role::kSalesHead, Action::kWrite, Scope::kDepartment},
    {Records::kTasks, Role::kSalesHead, Action::kCreate, Scope::kDepartment},
    {Records::kTasks, Role::kAnalyst, Action::kRead, Scope::kAll},
    {Records::kTasks, Role::kService, Action::kRead, Scope::kAll},
    {Records::kSales, Role::kSalesManager, Action::kRead, Scope::kOwn},
    {Records::kSales, Role::kSalesManager, Action::kWrite, Scope::kOwn},
    {Records::kSales, Role::kSalesManager, Action::kCreate, Scope::kOwn},
    {Records::kSales, Role::kSalesHead, Action::kRead, Scope::kDepartment},
    {Records::kSales, Role::kSalesHead, Action::kWrite, Scope::kDepartment},
    {Records::kSales, Role::kSalesHead, Action::kCreate, Scope::kDepartment},
    {Records::kSales, Role::kAnalyst, Action::kRead, Scope::kAll},
    {Records::kSales, Role::kService, Action::kRead, Scope::kAll},
    {Records::kSales, Role::kAccountant, Action::kRead, Scope::kAll},
    {Records::kDocuments, Role::kSalesManager, Action::kRead, Scope::kOwn},
    {Records::kDocuments, Role::kSalesManager, Action::kWrite, Scope::kOwn},
    {Records::kDocuments, Role::kSalesManager, Action::kCreate, Scope::kOwn},
    {Records::kDocuments, Role::kSalesHead, Action::kRead, Scope::kDepartment},
    {Records::kDocuments, Role::kSalesHead, Action::kWrite, Scope::kDepartment},
    {Records::kDocuments, Role::kSalesHead, Action::kCreate, Scope::kDepartment},
    {Records::kDocuments, Role::kAnalyst, Action::kRead, Scope::kAll},
    {Records::kDocuments, Role::kAccountant, Action::kRead, Scope::kAll},
    {Records::kDocuments, Role::kAccountant, Action::kWrite, Scope::kAll},
    {Records::kDocuments, Role::kAccountant, Action::kCreate, Scope::kAll},
    {Records::kReports, Role::kSalesManager, Action::kRead, Scope::kOwn},
    {Records::kReports, Role::kSalesHead, Action::kRead, Scope::kDepartment},
    {Records::kReports, Role::kAnalyst, Action::kRead, Scope::kAll},
    {Records::kClients, Role::kSalesManager, Action::kRead, Scope::kAll},
    {Records::kClients, Role::kSalesManager, Action::kWrite, Scope::kCurator},
    {Records::kClients, Role::kSalesManager, Action::kCreate, Scope::kAll},
    {Records::kClients, Role::kSalesHead, Action::kRead, Scope::kAll},
    {Records::kClients, Role::kSalesHead, Action::kWrite, Scope::kAll},
    {Records::kClients, Role::kSalesHead, Action::kCreate, Scope::kAll},
    {Records::kClients, Role::kAnalyst, Action::kRead, Scope::kAll},
    {Records::kClients, Role::kAnalyst, Action::kWrite, Scope::kAll},
    {Records::kClients, Role::kAnalyst, Action::kCreate, Scope::kAll},
    {Records::kClients, Role::kAccountant, Action::kRead, Scope::kAll},
    {Records::kClients, Role::kAccountant, Action::kCreate, Scope::kAll},
    {Records::kClients, Role::kService, Action::kRead, Scope::kAll},
    {Records::kBudgets, Role::kSalesHead, Action::kRead, Scope::kAll},
    {Records::kBudgets, Role::kSalesHead, Action::kWrite, Scope::kAll},
    {Records::kBudgets, Role::kSalesHead, Action::kCreate, Scope::kAll},
    {Records::kBudgets, Role::kAccountant, Action::kRead, Scope::kAll},
    {Records::kBudgets, Role::kAccountant, Action::kWrite, Scope::kAll},
    {Records::kBudgets, Role::kAccountant, Action::kCreate, Scope::kAll},
    {Records::kBudgets, Role::kAnalyst, Action::kRead, Scope::kAll},
    {Records::kSalesPlans, Role::kSalesManager, Action::kRead, Scope::kOwn},
    {Records::kSalesPlans, Role::kSalesHead, Action::kRead, Scope::kDepartment},
    {Records::kSalesPlans, Role::kSalesHead, Action::kWrite, Scope::kDepartment},
    {Records::kSalesPlans, Role::kSalesHead, Action::kCreate, Scope::kDepartment},
    {Records::kSalesPlans, Role::kAnalyst, Action::kRead, Scope::kAll},
    {Records::kSalesPlans, Role::kAnalyst, Action::kWrite, Scope::kAll},
    {Records::kSalesPlans, Role::kAnalyst, Action::kCreate, Scope::kAll},
    {Records::kForecasts, Role::kSalesHead, Action::kRead, Scope::kAll},
    {Records::kForecasts, Role::kAnalyst, Action::kRead, Scope::kAll},
    {Records::kForecasts, Role::kAnalyst, Action::kWrite, Scope::kAll},
    {Records::kForecasts, Role::kAnalyst, Action::kCreate, Scope::kAll},
};

// The records every case is tried on, and which of them each reach lets through.
struct TriedRecord {
  const char* what;
  RecordOwner owner;
  bool own, curator, department;  // reached by that scope; kAll reaches all, kNone none
};

TEST(Access, EveryKindRoleAndActionReachesWhatTheRuleSays) {
  constexpr char kCarl[] = "3d4e5f60-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
  const TriedRecord tried[] = {
      {"their own", OwnedBy(kAnna, kSales), true, false, true},
      {"a colleague's in their department", OwnedBy(kBoris, kSales), false, false, true},
      {"a stranger's in another department", OwnedBy(kCarl, kExport), false, false, false},
      {"a client they curate", RecordOwner{"", "", {kAnna}}, false, true, false},
      {"a client another manager curates", RecordOwner{"", "", {kBoris}}, false, false, false},
  };
  std::set<Scope> shown;
  for (Records records :
       {Records::kTasks, Records::kSales, Records::kDocuments, Records::kReports, Records::kClients,
        Records::kBudgets, Records::kSalesPlans, Records::kForecasts}) {
    for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kAccountant,
                      Role::kService}) {
      for (Action action : {Action::kRead, Action::kWrite, Action::kCreate}) {
        Scope expected = Scope::kNone;
        for (const Reaching& reach : kReaches) {
          if (reach.records == records && reach.role == role && reach.action == action) {
            expected = reach.scope;
          }
        }
        const Actor anna = Caller(std::string("employees/") + kAnna, {role}, kSales);
        const std::string label = std::string(RoleName(role)) + " on records kind " +
                                  std::to_string(static_cast<int>(records)) + ", action " +
                                  std::to_string(static_cast<int>(action));
        EXPECT_EQ(ScopeOf(anna, records, action), expected) << label;
        for (const TriedRecord& record : tried) {
          const bool reached = expected == Scope::kAll || (expected == Scope::kOwn && record.own) ||
                               (expected == Scope::kCurator && record.curator) ||
                               (expected == Scope::kDepartment && record.department);
          EXPECT_EQ(MayAccess(anna, records, action, record.owner), reached)
              << label << ", " << record.what;
          if (reached) {
            EXPECT_NO_THROW(CheckAccess(anna, records, action, record.owner));
          } else {
            EXPECT_THROW(CheckAccess(anna, records, action, record.owner), PermissionError);
          }
        }
        shown.insert(expected);
      }
    }
  }
  EXPECT_EQ(shown, (std::set<Scope>{Scope::kNone, Scope::kOwn, Scope::kCurator, Scope::kDepartment,
                                    Scope::kAll}));
  // Admins reach every record of every kind.
  const Actor admin = Caller(std::string("employees/") + kAnna, {Role::kAdmin}, kSales);
  for (const TriedRecord& record : tried) {
    EXPECT_TRUE(MayAccess(admin, Records::kBudgets, Action::kWrite, record.owner)) << record.what;
  }
}

}  // namespace
}  // namespace crm::common::auth
