// The access policy table: one row per RPC, looked up by the full method name, admins always in.

#include "common/auth/policy.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace crm::common::auth {
namespace {

Principal With(std::set<Role> roles) { return Principal{"employees/x", "", std::move(roles)}; }

TEST(Policy, EveryRowNamesOneFullMethodOnce) {
  const std::regex full_name(R"(/crm\.[a-z]+\.v1\.[A-Z][A-Za-z]+Service/[A-Z][A-Za-z]+)");
  std::set<std::string_view> seen;
  for (const RpcRule& rule : RpcRules()) {
    EXPECT_TRUE(std::regex_match(std::string(rule.method), full_name)) << rule.method;
    EXPECT_TRUE(seen.insert(rule.method).second) << rule.method << " has two rows";
    EXPECT_NE(RoleNames(rule.roles), "") << rule.method << " lets nobody but admins in";
  }
}

TEST(Policy, FindsTheRowOfAMethodAndNoneOfAnUnknownOne) {
  const RpcRule* verify = FindRpcRule("/crm.registry.v1.ClientQualityService/VerifyClient");
  ASSERT_NE(verify, nullptr);
  EXPECT_EQ(RoleNames(verify->roles), "analyst");
  EXPECT_EQ(FindRpcRule("/crm.registry.v1.ClientQualityService/Verify"), nullptr);
  EXPECT_EQ(FindRpcRule("VerifyClient"), nullptr);
  EXPECT_EQ(FindRpcRule(""), nullptr);
}

TEST(Policy, ARowLetsInItsRolesAndAdminsOnly) {
  const RpcRule rule{"/crm.planning.v1.SaleService/AmendSale", {Role::kSalesManager}};
  EXPECT_TRUE(MayCall(rule, With({Role::kSalesManager})));
  EXPECT_TRUE(MayCall(rule, With({Role::kAdmin})));
  EXPECT_TRUE(MayCall(rule, With({Role::kAnalyst, Role::kSalesManager})));
  EXPECT_FALSE(MayCall(rule, With({Role::kAnalyst})));
  EXPECT_FALSE(MayCall(rule, With({Role::kService})));
  EXPECT_FALSE(MayCall(rule, With({})));
}

TEST(Policy, AnyCrmRoleIsEveryRoleTheServiceIncluded) {
  const RpcRule rule{"/crm.registry.v1.RegistryService/GetClient", kAnyCrmRole};
  for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kAccountant,
                    Role::kAdmin, Role::kService}) {
    EXPECT_TRUE(MayCall(rule, With({role}))) << RoleName(role);
  }
  EXPECT_FALSE(MayCall(rule, With({})));
  EXPECT_EQ(RoleNames(kAnyCrmRole),
            "sales_manager, sales_head, analyst, accountant, admin, service");
}

// Rows that name a record rule: the handler applies it, so it must reach something for at least
// one role the row lets in (else the row admits callers the rule always refuses).
TEST(Policy, ARecordRuleReachesSomethingForARoleTheRowAdmits) {
  for (const RpcRule& rule : RpcRules()) {
    if (!rule.records) {
      continue;
    }
    bool reaches = false;
    for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kAccountant,
                      Role::kService}) {
      if (rule.roles.Contains(role)) {
        const Actor actor = ActorOf(With({role}));
        reaches = reaches || ScopeOf(actor, *rule.records, Action::kRead) != Scope::kNone;
      }
    }
    EXPECT_TRUE(reaches) << rule.method;
  }
}

}  // namespace
}  // namespace crm::common::auth
