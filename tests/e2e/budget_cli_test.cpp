// The `crm budgets` commands against the whole system: a head of sales plans an edition's budget
// line by line and from a workbook, an accountant enters a cost, and the report prints plan vs
// fact as a table; a sales manager is turned away.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/e2e/cli_fixture.h"
#include "tests/support/temp_dir.h"
#include "tests/support/xlsx_writer.h"

namespace crm::testing {
namespace {

using ::testing::HasSubstr;

class BudgetCliTest : public CliTest {
 protected:
  TempDir scratch_{"crm-budget-cli-test"};
};

TEST_F(BudgetCliTest, AHeadOfSalesPlansAnAccountantEntersCostsAndTheReportPrints) {
  const std::string project = FirstName(
      Ok("admin", "", {"projects", "create", "--display-name", "Бюджет-Экспо"}), "projects");
  ASSERT_FALSE(project.empty());
  const std::string edition =
      FirstName(Ok("admin", "",
                   {"editions", "create", "--project", project, "--display-name",
                    "Бюджет-Экспо 2027", "--start", "2027-03-10", "--end", "2027-03-13",
                    "--price-per-m2", "8000", "--venue", "Экспо-Волга"}),
                project + "/editions");
  ASSERT_FALSE(edition.empty());

  // Accounting learns of the edition from registry's event; its budget is empty until planned.
  std::string out = OkOnceKnown("sales_head", "", {"budgets", "show", edition});
  EXPECT_EQ(Etag(out), "0");
  // 40 m² of corners at the base price, 8 000 ₽ (the edition has no corner price).
  out = Ok("sales_head", "",
           {"budgets", "add-line", edition, "--kind", "area", "--month", "2027-02", "--stand-type",
            "corner", "--area", "40"});
  EXPECT_EQ(Etag(out), "1");
  EXPECT_THAT(out, HasSubstr("\"minorUnits\": \"32000000\""));
  out = Ok("sales_head", "",
           {"budgets", "add-line", edition, "--kind", "cost", "--month", "2027-03", "--amount",
            "100000", "--article", "venue_rent"});
  EXPECT_EQ(Etag(out), "2");
  EXPECT_EQ(JsonStrings(out, "month").size(), 2U);

  // The workbook replaces the plan.
  const std::filesystem::path plan = scratch_.path() / "plan.xlsx";
  std::ofstream(plan, std::ios::binary) << XlsxOf({
      {std::string("kind"), std::string("month"), std::string("area_m2"), std::string("amount"),
       std::string("article")},
      {std::string("area"), std::string("2027-02"), 50.0, std::string(""), std::string("")},
      {std::string("cost"), std::string("2027-03"), std::string(""), 120000.0,
       std::string("venue_rent")},
  });
  out = Ok("sales_head", "", {"budgets", "import", edition, plan.string()});
  EXPECT_EQ(Etag(out), "3");
  EXPECT_THAT(out, HasSubstr("\"minorUnits\": \"40000000\""));

  out = Ok("accountant", "",
           {"budgets", "costs", "add", edition, "--article", "venue_rent", "--month", "2027-03",
            "--amount", "150000", "--description", "Договор аренды"});
  EXPECT_THAT(out, HasSubstr(edition + "/budget/costs/"));

  out = Ok("analyst", "", {"-o", "table", "budgets", "report", edition});
  EXPECT_THAT(out, HasSubstr("Budget of Бюджет-Экспо 2027"));
  EXPECT_THAT(out, HasSubstr("2027-02"));
  EXPECT_THAT(out, HasSubstr("margin"));
  EXPECT_THAT(out, HasSubstr("TOTAL"));
  EXPECT_THAT(out, HasSubstr("+25%"));  // costs: 150 000 against 120 000 planned

  CliResult denied = Crm("sales_manager", "", {"budgets", "report", edition});
  EXPECT_NE(denied.exit_code, 0);
  EXPECT_THAT(denied.output, HasSubstr("PERMISSION_DENIED"));
  CliResult bad = Crm("accountant", "",
                      {"budgets", "costs", "add", edition, "--article", "snacks", "--month",
                       "2027-03", "--amount", "1"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.output, HasSubstr("--article snacks"));
}

}  // namespace
}  // namespace crm::testing
