#include "common/grpc/rpc_guard.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "common/auth/auth.h"
#include "crm/registry/v1/quality.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/generic_call.h"
#include "tests/support/service_harness.h"

// The guard takes who may call a method from the access policy (common/auth/policy.h), under
// the method the server is serving, and refuses a method the policy lacks.
namespace crm::common::rpc {
namespace {

using auth::Role;

// A service of the policy whose VerifyClient only counts the calls the guard lets through.
class CountingQualityService final : public registry::v1::ClientQualityService::Service {
 public:
  grpc::Status VerifyClient(grpc::ServerContext* context, const registry::v1::VerifyClientRequest*,
                            registry::v1::Client*) override {
    return testing::TestGuard().Run(context, [&](const auth::Principal&) { ++bodies_run; });
  }
  std::atomic<int> bodies_run{0};
};

// A service the policy has no row for (gRPC's health protocol), guarded all the same.
class UnlistedService final : public grpc::health::v1::Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext* context, const grpc::health::v1::HealthCheckRequest*,
                     grpc::health::v1::HealthCheckResponse*) override {
    return testing::TestGuard().Run(context, [&](const auth::Principal&) { ++bodies_run; });
  }
  std::atomic<int> bodies_run{0};
};

// Both, on a server set up as every service's is (testing::InProcessServer).
class GuardedServer {
 public:
  GuardedServer() : server_({&quality, &unlisted}) {}
  grpc::Status Call(const std::string& method, const std::string& token) {
    return testing::CallWithEmptyRequest(server_.channel(), method, token,
                                         std::chrono::seconds(10));
  }
  int bodies_run() const { return quality.bodies_run + unlisted.bodies_run; }

  CountingQualityService quality;
  UnlistedService unlisted;

 private:
  testing::InProcessServer server_;
};

constexpr char kVerifyClient[] = "/crm.registry.v1.ClientQualityService/VerifyClient";

TEST(RpcGuardTest, TheRolesComeFromThePolicyRowOfTheMethodServed) {
  GuardedServer server;
  const std::string analyst = testing::TokenFor("employees/analyst", {Role::kAnalyst});
  const std::string manager = testing::TokenFor("employees/manager", {Role::kSalesManager});
  const std::string admin = testing::TokenFor("employees/admin", {Role::kAdmin});

  EXPECT_TRUE(server.Call(kVerifyClient, analyst).ok());
  EXPECT_TRUE(server.Call(kVerifyClient, admin).ok());
  const grpc::Status denied = server.Call(kVerifyClient, manager);
  EXPECT_EQ(denied.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(denied.error_message(), "VerifyClient requires one of the roles: analyst");
  EXPECT_EQ(server.bodies_run(), 2);
}

TEST(RpcGuardTest, AMethodWithoutAPolicyRowIsRefusedToEveryone) {
  GuardedServer server;
  const std::string admin = testing::TokenFor("employees/admin", {Role::kAdmin});
  for (const std::string& token : {admin, std::string()}) {
    const grpc::Status status = server.Call("/grpc.health.v1.Health/Check", token);
    EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
    EXPECT_EQ(status.error_message(), "Check is not in the access policy; nobody may call it");
  }
  EXPECT_EQ(server.bodies_run(), 0);
}

// A context no configured server made has no method to look up: nobody gets through.
TEST(RpcGuardTest, AContextWithoutAServedMethodIsRefused) {
  grpc::ServerContext context;
  bool ran = false;
  const grpc::Status status =
      testing::TestGuard().Run(&context, [&](const auth::Principal&) { ran = true; });
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace crm::common::rpc
