// The real service binaries on a NATS secured as in production (docs/operations.md, "Bus
// security"): each service with its own user of the deployments' users file, TLS with a client
// certificate. A sale still flows from planning to documents, and a service given a wrong
// password refuses to start, naming the variable and not the secret.
#include <gtest/gtest.h>

#include <fstream>

#include "common/auth/auth.h"
#include "tests/e2e/flow.h"
#include "tests/support/eventually.h"
#include "tests/support/secured_nats.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

class SecuredBus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    nats_ = new SecuredNats();
    std::map<std::string, std::map<std::string, std::string>> env;
    for (const char* name : Stack::kServices) {
      env[name] = nats_->EnvFor(name);
    }
    stack_ = new Stack(nats_->server().Url(), env);
    flow_ = new Flow(*stack_);
    flow_->SetUpReferenceData("7707083893", "773601001");
  }
  static void TearDownTestSuite() {
    delete flow_;
    delete stack_;
    delete nats_;
  }
  void SetUp() override {
    ASSERT_FALSE(flow_->client.empty()) << "reference data could not be set up";
  }
  static SecuredNats* nats_;
  static Stack* stack_;
  static Flow* flow_;
};
SecuredNats* SecuredBus::nats_ = nullptr;
Stack* SecuredBus::stack_ = nullptr;
Flow* SecuredBus::flow_ = nullptr;

TEST_F(SecuredBus, ASaleFlowsWithEachServicesOwnUserOverTls) {
  auto contact = flow_->PlanCall();
  ASSERT_FALSE(contact.name().empty());
  const std::string sale = flow_->RecordSale(contact.name(), 900).sale().name();
  ASSERT_FALSE(sale.empty());
  ASSERT_TRUE(
      Eventually([&] { return !flow_->InvoicesFor(sale).empty(); }, std::chrono::seconds(60)))
      << stack_->Log("planning") << stack_->Log("documents");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(flow_->InvoicesFor(sale).size(), 1u);
  // Nothing on the way needed a permission a service does not have.
  for (const char* name : Stack::kServices) {
    EXPECT_EQ(stack_->Log(name).find("Permissions Violation"), std::string::npos)
        << name << ":\n"
        << stack_->Log(name);
  }
}

TEST_F(SecuredBus, AServiceWithAWrongPasswordRefusesToStartNamingTheVariable) {
  const TempDir dir("crm-wrong-password");
  const std::string secret = "wrong-password-4d1f";
  std::ofstream(dir.path() / "password") << secret << "\n";
  std::map<std::string, std::string> env = nats_->EnvFor("registry");
  env["CRM_NATS_PASSWORD_FILE"] = (dir.path() / "password").string();
  env["CRM_JWT_HS256_SECRET"] = kTestJwtSecret;
  env["CRM_JWT_AUDIENCE"] = common::auth::kDefaultAudience;
  env["CRM_GRPC_LISTEN"] = "127.0.0.1:0";
  env["CRM_ADMIN_LISTEN"] = "127.0.0.1:0";
  EXPECT_EQ(stack_->RunOperatorCommand("registry", {"serve"}, env, std::chrono::seconds(30)), 1);
  const std::string output = stack_->OperatorOutput();
  EXPECT_NE(output.find("refused the user CRM_NATS_USER=registry with the password of "
                        "CRM_NATS_PASSWORD_FILE"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find(secret), std::string::npos) << output;
}

}  // namespace
}  // namespace crm::testing
