// The `crm` command line against the whole system, as an accountant uses it for bank statements:
// a statement imported (and imported again), the payments listed and shown, the queue of unmatched
// payments, a malformed file refused with its line, and other roles turned away; and receivables
// as a table.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/e2e/cli_fixture.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class AccountingCliTest : public CliTest {
 protected:
  // A copy of the Windows-1251 statement (tests/unit/accounting/statements) cut to `bytes` bytes
  // (all of it when 0), under `name` in the test's directory.
  std::string Statement(const std::string& name, std::size_t bytes = 0) {
    std::ifstream in(std::string(CRM_STATEMENTS_DIR) + "/statement_windows.txt", std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes > 0) {
      content.resize(bytes);
    }
    const std::filesystem::path path = scratch_.path() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  TempDir scratch_{"crm-accounting-cli-test"};
};

TEST_F(AccountingCliTest, AnAccountantImportsAStatementAndWorksTheQueue) {
  const std::string file = Statement("kl_to_1c.txt");
  std::string out = Ok("accountant", "", {"statements", "import", file, "--validate-only"});
  EXPECT_THAT(out, HasSubstr("\"documentCount\": 3"));

  out = Ok("accountant", "", {"statements", "import", file});
  const std::string statement = FirstName(out, "bankStatements");
  EXPECT_THAT(statement, StartsWith("bankStatements/"));
  // Again: the CRM has them all.
  out = Ok("accountant", "", {"statements", "import", file});
  EXPECT_THAT(out, HasSubstr("\"duplicateCount\": 3"));

  out = Ok("accountant", "",
           {"payments", "list", "--statement", statement, "--direction", "outgoing"});
  EXPECT_THAT(out, HasSubstr("\"number\": \"1203\""));
  EXPECT_THAT(out, ::testing::Not(HasSubstr("\"number\": \"418\"")));
  const std::string outgoing = FirstName(out, "payments");

  // Nobody's invoice 2026-000007 is known here, so all incoming payments wait in the queue.
  out = Ok("accountant", "", {"payments", "list", "--unmatched"});
  const std::string payment = FirstName(out, "payments");
  EXPECT_THAT(out, HasSubstr("PAYMENT_MATCH_STATE_UNMATCHED"));
  out = Ok("accountant", "", {"payments", "get", payment});
  EXPECT_THAT(out, HasSubstr("\"documentKind\": \"Платежное поручение\""));

  // Nothing to undo; an invoice that does not exist.
  CliResult result = Crm("accountant", "", {"payments", "unmatch", payment});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("FAILED_PRECONDITION"));
  result = Crm("accountant", "",
               {"payments", "match", payment, "--invoice",
                "documents/00000000-0000-4000-8000-000000000001=100.00"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("NOT_FOUND"));

  // The outgoing payment, matched by hand as the refund of part of a queued payment, and undone.
  result = Crm("accountant", "",
               {"payments", "match", outgoing, "--refunds", payment + "=12000.50", "--invoice",
                "documents/00000000-0000-4000-8000-000000000001=1.00"});
  EXPECT_NE(result.exit_code, 0);
  out = Ok("accountant", "", {"payments", "match", outgoing, "--refunds", payment + "=12000.50"});
  EXPECT_THAT(out, HasSubstr("PAYMENT_MATCH_STATE_REFUND"));
  EXPECT_THAT(out, HasSubstr(payment));
  out = Ok("accountant", "", {"payments", "get", payment});
  EXPECT_THAT(out, HasSubstr("\"refundedAmount\""));
  out = Ok("accountant", "", {"payments", "unmatch", outgoing});
  EXPECT_THAT(out, HasSubstr("PAYMENT_MATCH_STATE_OUTGOING"));
}

TEST_F(AccountingCliTest, AMalformedFileIsRefusedWithItsLineAndOtherRolesAreTurnedAway) {
  CliResult result = Crm("accountant", "", {"statements", "import", Statement("cut.txt", 1500)});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(result.output, HasSubstr("line "));

  result = Crm("sales_manager", "", {"statements", "import", Statement("ok.txt")});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("PERMISSION_DENIED"));
  result = Crm("analyst", "", {"payments", "list"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(AccountingCliTest, ReceivablesPrintAsATableByClientEditionOrManager) {
  std::string out = Ok("accountant", "",
                       {"-o", "table", "receivables", "--by", "manager", "--as-of", "2026-01-01"});
  EXPECT_THAT(out, HasSubstr("Receivables by manager as of 01.01.2026"));
  EXPECT_THAT(out, HasSubstr("OUTSTANDING"));
  EXPECT_THAT(out, HasSubstr("OVER 90 DAYS"));
  EXPECT_THAT(out, HasSubstr("TOTAL"));
  // A manager reads their own sales' receivables, by client unless told otherwise.
  out = Ok("sales_manager", "", {"receivables"});
  EXPECT_THAT(out, HasSubstr("\"groupBy\": \"RECEIVABLES_GROUPING_CLIENT\""));

  CliResult result = Crm("accountant", "", {"receivables", "--as-of", "2999-01-01"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("INVALID_ARGUMENT"));
  result = Crm("accountant", "", {"receivables", "--by", "region"});
  EXPECT_NE(result.exit_code, 0);
}

// The stack runs accounting in the JSON mode (tests/e2e/stack.cpp): the exchange commands say so;
// the EnterpriseData exchange itself is tests/integration/accounting/enterprise_data_test.cpp.
TEST_F(AccountingCliTest, TheExchangeCommandsTellTheModeAndTurnOtherRolesAway) {
  std::string out = Ok("accountant", "", {"exchange", "status"});
  EXPECT_THAT(out, HasSubstr("json"));
  EXPECT_THAT(out, HasSubstr("1.8"));
  CliResult result = Crm("accountant", "", {"exchange", "run"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("FAILED_PRECONDITION"));
  const std::filesystem::path message = scratch_.path() / "Message_BP_CRM.xml";
  std::ofstream(message) << "<Message/>";
  result = Crm("accountant", "", {"exchange", "receive", message.string()});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("FAILED_PRECONDITION"));
  result = Crm("sales_manager", "", {"exchange", "status"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.output, HasSubstr("PERMISSION_DENIED"));
}

}  // namespace
}  // namespace crm::testing
