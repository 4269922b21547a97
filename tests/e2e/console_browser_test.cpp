// The web console (console/) in headless Chromium against the whole system: the five real
// services on the test PostgreSQL and nats-server, the demo data (crm-demo, small), and the real
// crm-gateway serving the built console with the development sign-in on. Each case runs one of
// console/e2e/*.mjs (playwright-core driving Debian's chromium) and checks that it walked its
// path to the end. tools/test builds the console and sets CRM_REQUIRE_BROWSER_TESTS=1: there a
// missing chromium, node or console build fails the test; elsewhere it is skipped, saying why.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "common/auth/auth.h"
#include "tests/e2e/cli_fixture.h"
#include "tests/e2e/gateway_process.h"
#include "tests/support/child_process.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = CRM_SOURCE_DIR;
const fs::path kChromium = "/usr/bin/chromium";
// The client the manager's path starts from (created by the test; found by this fragment).
constexpr char kClientName[] = "Ладья-Пром";
constexpr char kClientInn[] = "7707083893";
constexpr char kClientKpp[] = "631601001";
constexpr char kDuplicateName[] = "Ладья Пром";

// Why the browser tests cannot run here; "" when they can.
std::string MissingPrerequisite() {
  if (!fs::exists(kChromium)) {
    return kChromium.string() + " is missing (apt-get install chromium; tools/bootstrap does)";
  }
  if (!fs::exists(kSource / "console/dist/index.html")) {
    return "the console is not built (cd console && npm ci && npm run build; tools/test does)";
  }
  if (!fs::exists(kSource / "console/node_modules/playwright-core")) {
    return "console/node_modules lacks playwright-core (cd console && npm ci)";
  }
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    return "node is not on PATH";
  }
  return "";
}

// Where the tests' screenshots go: docs/screenshots (committed, shown by the README) with
// CRM_UPDATE_SCREENSHOTS=1, else the build directory, so a test run changes no source file.
fs::path ScreenshotDir() {
  const char* update = std::getenv("CRM_UPDATE_SCREENSHOTS");
  if (update != nullptr && std::string(update) == "1") {
    return kSource / "docs/screenshots";
  }
  return fs::path(CRM_BINARY_DIR) / "screenshots";
}

class ConsoleBrowserTest : public CliTest {
 protected:
  static void SetUpTestSuite() {
    missing_ = new std::string(MissingPrerequisite());
    if (!missing_->empty()) {
      return;
    }
    CliTest::SetUpTestSuite();
    dir_ = new TempDir("crm-console-browser");
    // A small demo: staff with every role in their departments, the editions with their floor
    // plans and price lists, the issuer of the documents, a few clients and contacts.
    const CliResult demo = Shell("crm-demo --clients 20 --contacts 10 --completions 3 > '" +
                                 (dir_->path() / "demo.log").string() + "'");
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
    // The accountants have the issuer make contracts as drafts for review: the manager's path
    // issues the sale's draft contract from the sale's page.
    const std::string issuers = Ok("accountant", "", {"issuers", "list", "--page-size", "100"});
    const std::vector<std::string> issuer_names = JsonStrings(issuers, "name");
    const std::vector<std::string> issuer_etags = JsonStrings(issuers, "etag");
    ASSERT_FALSE(issuer_names.empty()) << issuers;
    ASSERT_EQ(issuer_names.size(), issuer_etags.size()) << issuers;
    for (std::size_t i = 0; i < issuer_names.size(); ++i) {
      Ok("accountant", "",
         {"issuers", "update", issuer_names[i], "--etag", issuer_etags[i], "--draft-kinds",
          "contract"});
    }
    const std::string client =
        Ok("admin", "services/console-browser-test",
           {"clients", "create", "--display-name", kClientName, "--legal-name",
            std::string("ООО «") + kClientName + "»", "--inn", kClientInn, "--kpp", kClientKpp,
            "--legal-form", "OOO", "--address", "443001, г. Самара, ул. Молодогвардейская, д. 151",
            "--phone", "+7 846 200-11-22"});
    const std::string client_name = FirstName(client, "clients");
    ASSERT_FALSE(client_name.empty()) << client;
    Ok("admin", "services/console-browser-test",
       {"contact-persons", "create", "--client", client_name, "--full-name",
        "Петров Игорь Семёнович", "--position", "Директор по маркетингу", "--phone",
        "+7 927 100-20-30"});
    // A manager enters the same company again under a slightly other name and KPP: a new record
    // in the analysts' verification queue, and a duplicate of the first.
    Ok("sales_manager", "",
       {"clients", "create", "--display-name", kDuplicateName, "--legal-name",
        std::string("ООО «") + kDuplicateName + "»", "--inn", kClientInn, "--kpp", "631601002",
        "--legal-form", "OOO", "--address", "443001, г. Самара, ул. Молодогвардейская, д. 151"});
    const fs::path key = dir_->path() / "jwt-secret";
    std::ofstream(key) << kTestJwtSecret << "\n";
    gateway_ = new GatewayProcess(*stack_, {{"CRM_GATEWAY_STATIC_DIR", kSource / "console/dist"},
                                            {"CRM_GATEWAY_DEV_SIGNIN", "1"},
                                            {"CRM_GATEWAY_DEV_SIGNIN_KEY_FILE", key.string()},
                                            {"CRM_GATEWAY_RATE_LIMIT_RPS", "1000"},
                                            {"CRM_GATEWAY_RATE_LIMIT_BURST", "1000"}});
  }
  static void TearDownTestSuite() {
    delete gateway_;
    gateway_ = nullptr;
    delete dir_;
    dir_ = nullptr;
    if (stack_ != nullptr) {
      CliTest::TearDownTestSuite();
    }
    delete missing_;
    missing_ = nullptr;
  }
  void SetUp() override {
    if (missing_->empty()) {
      return;
    }
    const char* required = std::getenv("CRM_REQUIRE_BROWSER_TESTS");
    if (required != nullptr && std::string(required) == "1") {
      FAIL() << *missing_;
    }
    GTEST_SKIP() << *missing_;
  }

  // Runs console/e2e/<script> against `gateway` (the suite's by default); its output on failure,
  // with the gateway's log.
  static void RunScript(const std::string& script, const std::string& args,
                        const GatewayProcess* gateway = nullptr) {
    if (gateway == nullptr) {
      gateway = gateway_;
    }
    const CliResult run =
        Shell("cd '" + (kSource / "console").string() + "' && node e2e/" + script +
              " --url http://127.0.0.1:" + std::to_string(gateway->http_port()) +
              " --screenshots '" + ScreenshotDir().string() + "' " + args);
    std::cout << run.out;
    EXPECT_EQ(run.exit_code, 0) << run.output << "\n-- crm-gateway log (tail):\n" << gateway->Log();
  }

  static inline std::string* missing_ = nullptr;
  static inline TempDir* dir_ = nullptr;
  static inline GatewayProcess* gateway_ = nullptr;
};

// The cases run in order on one stack: the accountant pays the manager's sale.

// Sign in as a demo manager, see the day, find the client, plan a contact (a failed request keeps
// the form), sell a free stand of the sales board priced by the price list, download the
// invoice's PDF, and see the sale counted in "my figures" (analytics' GetManagerReport).
TEST_F(ConsoleBrowserTest, ManagerSellsAStandAndSeesTheInvoiceAndTheFigure) {
  RunScript("manager.mjs", std::string("--client '") + kClientName + "'");
}

// After the manager's sale: the accountant sees the invoice among the documents, imports a bank
// statement with the client's prepayment naming no invoice, matches it from the unmatched queue
// (a wrong amount first: the form keeps it and says why), and sees the client's receivables count
// it as paid.
TEST_F(ConsoleBrowserTest, AccountantImportsAStatementMatchesThePaymentAndSeesTheReceivables) {
  RunScript("accountant.mjs", std::string("--client '") + kClientName + "' --inn " + kClientInn +
                                  " --kpp " + kClientKpp);
}

// A manager's sale 20 % below the price list waits for the head of sales, who sees the
// department's figures per manager, approves it, reads the manager's calendar and hands the
// manager's planned tasks to a colleague.
TEST_F(ConsoleBrowserTest, HeadOfSalesApprovesADiscountReadsTheDepartmentAndReassigns) {
  RunScript("head.mjs", std::string("--client '") + kClientName + "'");
}

// The analyst finds the manager's new record in the verification queue with the client it
// duplicates, merges the two into the first and undoes the merge, confirms the record, and
// imports clients from a CSV file with the run's progress streamed.
TEST_F(ConsoleBrowserTest, AnalystMergesUndoesVerifiesAndImportsClients) {
  RunScript("analyst.mjs",
            std::string("--client '") + kClientName + "' --duplicate '" + kDuplicateName + "'");
}

// The console renews its session with the refresh token before the access token expires, with no
// page reload: a gateway of its own whose development provider issues ten-second tokens, so the
// renewal comes within seconds.
TEST_F(ConsoleBrowserTest, TheSessionIsRenewedBeforeTheTokenExpiresWithoutAReload) {
  const GatewayProcess short_lived(
      *stack_, {{"CRM_GATEWAY_STATIC_DIR", (kSource / "console/dist").string()},
                {"CRM_GATEWAY_DEV_SIGNIN", "1"},
                {"CRM_GATEWAY_DEV_SIGNIN_KEY_FILE", (dir_->path() / "jwt-secret").string()},
                {"CRM_GATEWAY_DEV_SIGNIN_TOKEN_TTL_S", "10"},
                {"CRM_GATEWAY_RATE_LIMIT_RPS", "1000"},
                {"CRM_GATEWAY_RATE_LIMIT_BURST", "1000"}});
  RunScript("renewal.mjs", std::string("--client '") + kClientName + "'", &short_lived);
}

}  // namespace
}  // namespace crm::testing
