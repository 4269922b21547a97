// The `crm plans` commands against the whole system: an analyst plans an edition month by month
// and from a workbook, plan vs fact prints as a table, bad rows are named, and a sales manager may
// not plan.
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

class PlansCliTest : public CliTest {
 protected:
  TempDir scratch_{"crm-plans-cli-test"};
};

TEST_F(PlansCliTest, AnAnalystPlansAnEditionAndPlanVsFactPrints) {
  const std::string project = FirstName(
      Ok("admin", "", {"projects", "create", "--display-name", "План-Экспо"}), "projects");
  ASSERT_FALSE(project.empty());
  const std::string edition =
      FirstName(Ok("admin", "",
                   {"editions", "create", "--project", project, "--display-name", "План-Экспо 2027",
                    "--start", "2027-03-10", "--end", "2027-03-13", "--price-per-m2", "8000",
                    "--venue", "Экспо-Волга"}),
                project + "/editions");
  ASSERT_FALSE(edition.empty());

  // Analytics learns of the edition from registry's event; its plan is empty until set.
  std::string out = OkOnceKnown("analyst", "", {"plans", "show", edition});
  EXPECT_EQ(Etag(out), "0");
  out = Ok("analyst", "",
           {"plans", "set", edition, "--level", "edition", "--month", "2027-01", "--area", "120",
            "--amount", "1080000"});
  EXPECT_EQ(Etag(out), "1");
  // A second month keeps the first (the command sends the target's other months along).
  out = Ok("analyst", "",
           {"plans", "set", edition, "--level", "edition", "--month", "2027-02", "--area", "150",
            "--amount", "1350000"});
  EXPECT_EQ(Etag(out), "2");
  EXPECT_EQ(JsonStrings(out, "month").size(), 2U);

  // The workbook sets the edition's months as a whole.
  const std::filesystem::path plan = scratch_.path() / "plan.xlsx";
  std::ofstream(plan, std::ios::binary) << XlsxOf({
      {std::string("level"), std::string("target"), std::string("month"), std::string("area_m2"),
       std::string("amount")},
      {std::string("edition"), std::string(""), std::string("2027-02"), 200.0, 1800000.0},
      {std::string("edition"), std::string(""), std::string("2027-03"), 60.0, 540000.0},
  });
  out = Ok("analyst", "", {"plans", "import", edition, plan.string(), "--etag", "2"});
  EXPECT_EQ(Etag(out), "3");
  EXPECT_THAT(out, HasSubstr("\"minorUnits\": \"180000000\""));

  out = Ok("analyst", "", {"-o", "table", "plans", "vs-fact", edition});
  EXPECT_THAT(out, HasSubstr("Sales plan of План-Экспо 2027"));
  EXPECT_THAT(out, HasSubstr("2027-03"));
  EXPECT_THAT(out, HasSubstr("TOTAL"));
  EXPECT_THAT(out, HasSubstr("ATTAINMENT"));

  const std::filesystem::path bad = scratch_.path() / "bad.xlsx";
  std::ofstream(bad, std::ios::binary) << XlsxOf({
      {std::string("level"), std::string("month"), std::string("amount")},
      {std::string("edition"), std::string("2027-13"), 1.0},
  });
  CliResult refused = Crm("analyst", "", {"plans", "import", edition, bad.string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("row 2, month"));

  CliResult denied =
      Crm("sales_manager", "",
          {"plans", "set", edition, "--level", "edition", "--month", "2027-01", "--area", "1"});
  EXPECT_NE(denied.exit_code, 0);
  EXPECT_THAT(denied.output, HasSubstr("PERMISSION_DENIED"));
}

}  // namespace
}  // namespace crm::testing
