// The access matrix, generated: every method of every CRM service, as the compiled descriptors
// list them, called on the five running service binaries by each role, by a token with no CRM
// role and by a token for another audience. The answers must be those of the access policy
// (common/auth/policy.h): a role the method's row does not list is refused by the guard with
// PERMISSION_DENIED, another audience's token with UNAUTHENTICATED, and a role the row lists gets
// past the guard (its empty request then usually fails validation, or the record rule narrows
// what it reaches). Every method needs a row and every row a method.

#include <google/protobuf/descriptor.pb.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/auth/auth.h"
#include "common/auth/policy.h"
#include "common/core/ids.h"
#include "tests/e2e/stack.h"
#include "tests/support/generic_call.h"
#include "tests/support/service_harness.h"

namespace crm::testing {
namespace {

using common::auth::Role;

struct Method {
  std::string full_name;   // "/crm.registry.v1.RegistryService/GetClient"
  std::string short_name;  // "GetClient"
  std::string service;     // the binary serving it: "registry"
  bool server_streaming = false;
};

// Every method of every service in the CRM's packages ("crm.<service>.v1"), from the descriptor
// set protoc compiled from proto/.
std::vector<Method> CrmMethods() {
  std::ifstream in(CRM_DESCRIPTOR_SET, std::ios::binary);
  google::protobuf::FileDescriptorSet set;
  if (!in || !set.ParseFromIstream(&in)) {
    ADD_FAILURE() << "cannot read " << CRM_DESCRIPTOR_SET;
    return {};
  }
  std::vector<Method> methods;
  for (const auto& file : set.file()) {
    const std::string& package = file.package();
    if (package.rfind("crm.", 0) != 0) {
      continue;
    }
    const std::string service = package.substr(4, package.find('.', 4) - 4);
    for (const auto& declared : file.service()) {
      for (const auto& method : declared.method()) {
        methods.push_back({"/" + package + "." + declared.name() + "/" + method.name(),
                           method.name(), service, method.server_streaming()});
      }
    }
  }
  return methods;
}

struct Caller {
  std::string label;
  std::string token;
  std::optional<Role> role;  // the one role the token carries; none for the last two callers
  grpc::StatusCode refusal = grpc::PERMISSION_DENIED;  // how the guard refuses it
};

std::vector<Caller> Callers() {
  std::vector<Caller> callers;
  for (Role role : {Role::kSalesManager, Role::kSalesHead, Role::kAnalyst, Role::kAccountant,
                    Role::kAdmin, Role::kService}) {
    const std::string subject =
        role == Role::kService ? "services/access-matrix" : "employees/" + common::NewUuid();
    callers.push_back({std::string(common::auth::RoleName(role)), TokenFor(subject, {role}), role});
  }
  callers.push_back({"no CRM role", TokenFor("employees/" + common::NewUuid(), {}), std::nullopt});
  common::auth::TokenRequest foreign;
  foreign.subject = "employees/" + common::NewUuid();
  foreign.name = foreign.subject;
  foreign.roles = {Role::kAdmin};
  foreign.audience = {"another-application"};
  callers.push_back({"another audience", common::auth::MintHs256Token(kTestJwtSecret, foreign),
                     std::nullopt, grpc::UNAUTHENTICATED});
  return callers;
}

class AccessMatrixTest : public StackTest {};

TEST_F(AccessMatrixTest, EveryMethodHasOnePolicyRowAndEveryRowAMethod) {
  const std::vector<Method> methods = CrmMethods();
  ASSERT_FALSE(methods.empty());
  std::set<std::string> declared;
  for (const Method& method : methods) {
    declared.insert(method.full_name);
    EXPECT_NE(common::auth::FindRpcRule(method.full_name), nullptr)
        << method.full_name << " has no row in common/auth/policy.cpp";
  }
  std::set<std::string> rows;
  for (const auto& rule : common::auth::RpcRules()) {
    EXPECT_TRUE(rows.insert(std::string(rule.method)).second) << rule.method << " twice";
    EXPECT_TRUE(declared.contains(std::string(rule.method)))
        << rule.method << " is in the policy but no service declares it";
  }
  EXPECT_EQ(rows.size(), declared.size());
}

TEST_F(AccessMatrixTest, EveryRoleGetsWhatThePolicySaysOfEveryMethod) {
  const std::vector<Method> methods = CrmMethods();
  const std::vector<Caller> callers = Callers();
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels;
  for (const char* service : Stack::kServices) {
    channels[service] = stack_->Channel(service);
  }
  int pairs = 0;
  int allowed = 0;
  int narrowed = 0;  // allowed by the row, then refused by the handler's record rule
  for (const Method& method : methods) {
    ASSERT_TRUE(channels.contains(method.service)) << method.full_name;
    const common::auth::RpcRule* rule = common::auth::FindRpcRule(method.full_name);
    if (rule == nullptr) {
      continue;  // reported by the test above
    }
    // A stream a caller may watch stays open; a short deadline ends it once past the guard.
    const std::chrono::milliseconds timeout =
        method.server_streaming ? std::chrono::seconds(2) : std::chrono::seconds(20);
    for (const Caller& caller : callers) {
      const bool may =
          caller.role && (*caller.role == Role::kAdmin || rule->roles.Contains(*caller.role));
      const grpc::Status status =
          CallWithEmptyRequest(channels[method.service], method.full_name, caller.token, timeout);
      ++pairs;
      const std::string where = method.full_name + " as " + caller.label + ": " +
                                std::to_string(status.error_code()) + " " + status.error_message();
      // The guard's own refusals start with the method's name; the record rules' do not.
      const bool refused_by_guard =
          status.error_code() == grpc::PERMISSION_DENIED &&
          status.error_message().rfind(method.short_name + " requires ", 0) == 0;
      if (may) {
        ++allowed;
        EXPECT_NE(status.error_code(), grpc::UNAUTHENTICATED) << where;
        EXPECT_FALSE(refused_by_guard) << where;
        if (status.error_code() == grpc::PERMISSION_DENIED) {
          ++narrowed;
        }
      } else {
        EXPECT_EQ(status.error_code(), caller.refusal) << where;
        if (caller.refusal == grpc::PERMISSION_DENIED) {
          EXPECT_TRUE(refused_by_guard) << where;
        }
      }
    }
  }
  std::cout << "access matrix: " << methods.size() << " methods x " << callers.size()
            << " callers = " << pairs << " pairs checked; " << allowed
            << " allowed past the guard (" << narrowed << " then refused by a record rule), "
            << pairs - allowed << " refused\n";
  RecordProperty("pairs", pairs);
  RecordProperty("methods", static_cast<int>(methods.size()));
  EXPECT_EQ(pairs, static_cast<int>(methods.size() * callers.size()));
}

}  // namespace
}  // namespace crm::testing
