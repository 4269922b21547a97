#include "tools/cli/report_export.h"

#include <cairo.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/render/chart.h"
#include "common/tabular/xlsx_reader.h"

namespace crm::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

crm::analytics::v1::SalesReport Report() {
  crm::analytics::v1::SalesReport report;
  auto fill = [](crm::analytics::v1::SalesReportRow* row, const std::string& name, int64_t net,
                 int64_t previous) {
    row->set_display_name(name);
    row->mutable_current()->set_sales_count(2);
    row->mutable_current()->set_area_dm2(1250);
    row->mutable_current()->mutable_net_amount()->set_minor_units(net);
    row->mutable_current()->mutable_total_amount()->set_minor_units(net * 122 / 100);
    row->mutable_previous()->mutable_net_amount()->set_minor_units(previous);
    row->mutable_current()->set_contacts_completed(4);
    row->mutable_current()->set_positive_contacts(1);
    row->mutable_current()->set_effectiveness_bp(2500);
    row->mutable_current()->mutable_invoiced_amount()->set_minor_units(net * 122 / 100);
    row->mutable_current()->mutable_received_amount()->set_minor_units(net);
    row->mutable_previous()->mutable_received_amount()->set_minor_units(previous);
    row->mutable_current()->mutable_outstanding_amount()->set_minor_units(net * 22 / 100);
  };
  fill(report.add_rows(), "Иванова, Анна \"Отдел 1\"", 12'345'050, 9'000'000);
  fill(report.add_rows(), "STAND_TYPE_CORNER", 5'000'000, 0);
  fill(report.mutable_total(), "Итого", 17'345'050, 9'000'000);
  return report;
}

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(ReportExportTest, CsvHasABomQuotesTextAndPlainDecimals) {
  const std::string csv = ToCsv(SalesReportTable(Report()));
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBF"
                              "Группа,Продаж,Площадь,Без НДС,"));
  EXPECT_THAT(csv, HasSubstr("\r\n\"Иванова, Анна \"\"Отдел 1\"\"\",2,12.50,123450.50,"
                             "150609.61,90000.00,150609.61,123450.50,90000.00,27159.11,"
                             "4,1,25.00,0\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\ncorner,2,"));
  EXPECT_THAT(csv, HasSubstr("\r\nИтого,2,12.50,173450.50,"));
}

TEST(ReportExportTest, TheWorkbookHoldsTypedFiguresAndTheTotal) {
  const auto path = std::filesystem::temp_directory_path() / "crm-report-export-test.xlsx";
  WriteXlsx(SalesReportTable(Report()), path.string());
  const auto table = common::tabular::ReadXlsx(Slurp(path));
  std::filesystem::remove(path);
  // The title is the first row, the header the third.
  ASSERT_GE(table.rows.size(), 4u);
  bool total = false;
  for (const auto& row : table.rows) {
    if (!row.cells.empty() && row.cells[0] == "Итого") {
      total = true;
      EXPECT_EQ(row.cells.at(3), "173450.5");  // roubles as a number, formatted by the sheet
      EXPECT_EQ(row.cells.at(7), "173450.5");  // received, roubles as a number too
      EXPECT_EQ(row.cells.at(12), "0.25");     // a percent as its fraction
    }
  }
  EXPECT_TRUE(total);
}

TEST(ReportExportTest, ChartsAsSvgAndPng) {
  const common::render::BarChart chart = SalesReportChart(Report());
  EXPECT_THAT(chart.categories, ElementsAre("Иванова, Анна \"Отдел 1\"", "corner"));
  EXPECT_EQ(chart.series.at(0).values.at(0), 123450.50);

  const std::string svg = common::render::RenderChartSvg(chart);
  EXPECT_THAT(svg, StartsWith("<?xml"));
  EXPECT_THAT(svg, HasSubstr("<svg"));
  const std::string png = common::render::RenderChartPng(chart);
  ASSERT_THAT(png, StartsWith("\x89PNG"));
  struct Reader {
    const std::string* bytes;
    std::size_t at = 0;
  } reader{&png};
  cairo_surface_t* image = cairo_image_surface_create_from_png_stream(
      [](void* closure, unsigned char* data, unsigned int length) {
        auto* r = static_cast<Reader*>(closure);
        if (r->at + length > r->bytes->size()) {
          return CAIRO_STATUS_READ_ERROR;
        }
        std::copy_n(r->bytes->data() + r->at, length, data);
        r->at += length;
        return CAIRO_STATUS_SUCCESS;
      },
      &reader);
  EXPECT_EQ(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(image), 960);
  EXPECT_EQ(cairo_image_surface_get_height(image), 540);
  cairo_surface_destroy(image);
}

TEST(ReportExportTest, ChartRulesAndRefusals) {
  EXPECT_THAT(common::render::AxisTicks(100), ElementsAre(0, 25, 50, 75, 100));
  EXPECT_THAT(common::render::AxisTicks(4100), ElementsAre(0, 2000, 4000, 6000, 8000));
  EXPECT_THAT(common::render::AxisTicks(0), ElementsAre(0, 1, 2, 3, 4));
  common::render::BarChart uneven{
      .title = "x", .unit = "", .categories = {"a", "b"}, .series = {{"s", {1}}}};
  EXPECT_THROW(common::render::RenderChartSvg(uneven), std::invalid_argument);
  EXPECT_THROW(common::render::RenderChartPng(common::render::BarChart{}), std::invalid_argument);
}

TEST(ReportExportTest, FunnelAndPlanVsFactTables) {
  crm::analytics::v1::ReadinessFunnel funnel;
  funnel.set_edition_display_name("Волга-Строй 2027");
  auto* hot = funnel.add_stages();
  hot->set_level("READINESS_LEVEL_HOT");
  hot->set_clients(4);
  hot->set_bought(3);
  hot->set_conversion_bp(7500);
  EXPECT_THAT(ToCsv(FunnelTable(funnel)), HasSubstr("\r\nhot,4,3,75.00,"));
  EXPECT_EQ(FunnelChart(funnel).series.at(1).values.at(0), 3);

  crm::analytics::v1::PlanVsFact plan;
  plan.set_edition_display_name("Волга-Строй 2027");
  auto* row = plan.add_rows();
  row->set_level(crm::analytics::v1::PLAN_LEVEL_EDITION);
  auto* month = row->add_months();
  month->set_month("2027-01");
  month->mutable_figures()->mutable_plan_net_amount()->set_minor_units(100'000'00);
  month->mutable_figures()->mutable_fact_net_amount()->set_minor_units(50'000'00);
  month->mutable_figures()->set_attainment_bp(5000);
  const std::string csv = ToCsv(PlanVsFactTable(plan));
  // No m² planned: its attainment is left empty, never divided by zero.
  EXPECT_THAT(csv, HasSubstr("\r\nВолга-Строй 2027,2027-01,0.00,0.00,,100000.00,50000.00,50.00"));
  EXPECT_THAT(csv, HasSubstr("\r\nВолга-Строй 2027,всего,"));
  EXPECT_THAT(PlanVsFactChart(plan).categories, ElementsAre("2027-01"));
}

}  // namespace

TEST(ReportExportTest, AManagersPeriodAndTheMarketsEditionsAsTables) {
  crm::analytics::v1::ManagerReport manager;
  manager.set_manager("employees/anna");
  auto* by_type = manager.add_contacts_by_type();
  by_type->set_key("CONTACT_TYPE_CALL");
  by_type->set_count(3);
  auto* by_result = manager.add_contacts_by_result();
  by_result->set_key("sale");
  by_result->set_count(1);
  manager.set_sales_count(1);
  manager.set_area_dm2(1250);
  manager.mutable_net_amount()->set_minor_units(10'000'000);
  manager.mutable_total_amount()->set_minor_units(12'200'000);
  manager.set_conversion_bp(3333);
  manager.mutable_previous()->set_open_contacts(2);
  const std::string csv = ToCsv(ManagerReportTable(manager));
  EXPECT_THAT(csv, HasSubstr("\r\nПериод,3,0,1,12.50,100000.00,122000.00,33.33\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nПрошлый период,0,2,0,0.00,0.00,0.00,0.00\r\n"));
  const auto chart = ManagerReportChart(manager);
  ASSERT_EQ(chart.categories.size(), 1U);
  EXPECT_EQ(chart.series[0].values, std::vector<double>{1});

  crm::analytics::v1::MarketAnalysis market;
  auto* edition = market.add_editions();
  edition->set_display_name("Волга-Строй 2026");
  edition->set_exhibitors(40);
  edition->set_area_dm2(120'000);
  edition->set_retained(25);
  edition->set_churned(5);
  edition->set_new_exhibitors(15);
  edition->set_retention_bp(8333);
  EXPECT_THAT(ToCsv(MarketTable(market)),
              HasSubstr("\r\nВолга-Строй 2026,40,1200.00,25,5,15,83.33\r\n"));
  EXPECT_EQ(MarketChart(market).series.size(), 3U);
}

}  // namespace crm::cli
