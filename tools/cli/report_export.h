#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/render/chart.h"
#include "crm/analytics/v1/analytics.pb.h"
#include "crm/analytics/v1/plans.pb.h"

// Reports saved as files for people who would rather open them than read a terminal: a table as
// XLSX (typed cells, headers, the total, rouble, m² and percent formats) and CSV, and a chart as
// SVG and PNG (common/render/chart.h). `crm report sales|funnel|manager|market` and
// `crm plans vs-fact` take
// --xlsx, --csv, --svg and --png.
namespace crm::cli {

enum class ColumnKind {
  kText,
  kCount,
  kRoubles,  // kopecks in the cell
  kArea,     // dm² in the cell
  kPercent,  // basis points in the cell
};

struct ExportColumn {
  std::string header;
  ColumnKind kind = ColumnKind::kText;
};

// A number cell may be missing (a percent of nothing planned): std::monostate.
using ExportCell = std::variant<std::monostate, std::string, int64_t>;

struct ExportTable {
  std::string title;
  std::vector<ExportColumn> columns;
  std::vector<std::vector<ExportCell>> rows;
  // The last row is the total (bold in XLSX).
  bool total_last = false;
};

ExportTable SalesReportTable(const crm::analytics::v1::SalesReport& report);
common::render::BarChart SalesReportChart(const crm::analytics::v1::SalesReport& report);
ExportTable FunnelTable(const crm::analytics::v1::ReadinessFunnel& funnel);
common::render::BarChart FunnelChart(const crm::analytics::v1::ReadinessFunnel& funnel);
// A manager's period beside the previous one (a row each); the chart: contacts by result.
ExportTable ManagerReportTable(const crm::analytics::v1::ManagerReport& report);
common::render::BarChart ManagerReportChart(const crm::analytics::v1::ManagerReport& report);
// The market analysis's editions, oldest first: exhibitors, m², retained, churned, new,
// retention; the chart: exhibitors per edition, retained and new among them.
ExportTable MarketTable(const crm::analytics::v1::MarketAnalysis& market);
common::render::BarChart MarketChart(const crm::analytics::v1::MarketAnalysis& market);
ExportTable PlanVsFactTable(const crm::analytics::v1::PlanVsFact& report);
// The first row's (the edition's, or the one target asked for) months: plan against fact, ₽.
common::render::BarChart PlanVsFactChart(const crm::analytics::v1::PlanVsFact& report);

// RFC 4180 with a UTF-8 byte order mark (spreadsheet programs then read Cyrillic right); numbers
// as plain decimals with a point: roubles with two places, m² with two, percent with two.
std::string ToCsv(const ExportTable& table);
// Throws std::runtime_error naming `path` when the workbook cannot be written.
void WriteXlsx(const ExportTable& table, const std::string& path);

struct ExportFiles {
  std::string xlsx, csv, svg, png;
  bool Any() const { return !xlsx.empty() || !csv.empty() || !svg.empty() || !png.empty(); }
};

void AddExportOptions(CLI::App* command, ExportFiles* files);
// Writes each file asked for and names it on stderr; a chart only when it has something to show
// (otherwise says so). Throws std::runtime_error naming a file that cannot be written.
void WriteExports(const ExportFiles& files, const ExportTable& table,
                  const common::render::BarChart& chart);

}  // namespace crm::cli
