#include "tools/cli/report_export.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>

#include "tools/cli/display.h"

namespace crm::cli {
namespace {

namespace ana = crm::analytics::v1;

// "STAND_TYPE_CORNER" as the terminal shows it ("corner"); a name as it is; "—" for none.
std::string GroupName(const std::string& name) {
  if (name.empty()) {
    return "\xE2\x80\x94";
  }
  if (name.starts_with("STAND_TYPE_")) {
    return EnumText(name, "StandType");
  }
  return name;
}

std::vector<ExportCell> SalesRow(const ana::SalesReportRow& row) {
  return {GroupName(row.display_name()),
          row.current().sales_count(),
          row.current().area_dm2(),
          row.current().net_amount().minor_units(),
          row.current().total_amount().minor_units(),
          row.previous().net_amount().minor_units(),
          row.current().invoiced_amount().minor_units(),
          row.current().received_amount().minor_units(),
          row.previous().received_amount().minor_units(),
          row.current().outstanding_amount().minor_units(),
          row.current().contacts_completed(),
          row.current().positive_contacts(),
          static_cast<int64_t>(row.current().effectiveness_bp()),
          row.current().refusals()};
}

// Decimal text of `value` / `divisor` with two places.
std::string Decimal(int64_t value, int64_t divisor) {
  char buffer[48];
  const bool negative = value < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : value;
  std::snprintf(buffer, sizeof buffer, "%s%llu.%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(magnitude / divisor),
                static_cast<unsigned long long>((magnitude % divisor) * 100 / divisor));
  return buffer;
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  return out + '"';
}

std::string CsvCell(const ExportCell& cell, ColumnKind kind) {
  if (const auto* text = std::get_if<std::string>(&cell)) {
    return CsvField(*text);
  }
  if (std::holds_alternative<std::monostate>(cell)) {
    return {};
  }
  const int64_t value = std::get<int64_t>(cell);
  switch (kind) {
    case ColumnKind::kRoubles:
    case ColumnKind::kArea:
    case ColumnKind::kPercent:
      return Decimal(value, 100);
    case ColumnKind::kText:
    case ColumnKind::kCount:
      break;
  }
  return std::to_string(value);
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) {
    throw std::runtime_error("cannot write " + path);
  }
}

}  // namespace

ExportTable SalesReportTable(const ana::SalesReport& report) {
  ExportTable table;
  table.title = "Продажи за период";
  table.columns = {{"Группа", ColumnKind::kText},
                   {"Продаж", ColumnKind::kCount},
                   {"Площадь", ColumnKind::kArea},
                   {"Без НДС", ColumnKind::kRoubles},
                   {"С НДС", ColumnKind::kRoubles},
                   {"Без НДС, прошлый период", ColumnKind::kRoubles},
                   {"Выставлено счетов", ColumnKind::kRoubles},
                   {"Получено", ColumnKind::kRoubles},
                   {"Получено, прошлый период", ColumnKind::kRoubles},
                   {"Не оплачено", ColumnKind::kRoubles},
                   {"Контактов", ColumnKind::kCount},
                   {"Результативных", ColumnKind::kCount},
                   {"Результативность", ColumnKind::kPercent},
                   {"Отказов", ColumnKind::kCount}};
  for (const auto& row : report.rows()) {
    table.rows.push_back(SalesRow(row));
  }
  table.rows.push_back(SalesRow(report.total()));
  table.rows.back()[0] = std::string("Итого");
  table.total_last = true;
  return table;
}

common::render::BarChart SalesReportChart(const ana::SalesReport& report) {
  common::render::BarChart chart{.title = "Продажи без НДС: период и прошлый период",
                                 .unit = "\xE2\x82\xBD",
                                 .categories = {},
                                 .series = {{"Период", {}}, {"Прошлый период", {}}}};
  for (const auto& row : report.rows()) {
    chart.categories.push_back(GroupName(row.display_name()));
    chart.series[0].values.push_back(static_cast<double>(row.current().net_amount().minor_units()) /
                                     100);
    chart.series[1].values.push_back(
        static_cast<double>(row.previous().net_amount().minor_units()) / 100);
  }
  return chart;
}

namespace {

std::vector<ExportCell> ManagerRow(const std::string& period, const ana::ManagerReport& r) {
  int64_t completed = 0;
  for (const auto& type : r.contacts_by_type()) {
    completed += type.count();
  }
  return {period,
          completed,
          r.open_contacts(),
          r.sales_count(),
          r.area_dm2(),
          r.net_amount().minor_units(),
          r.total_amount().minor_units(),
          static_cast<int64_t>(r.conversion_bp())};
}

}  // namespace

ExportTable ManagerReportTable(const ana::ManagerReport& report) {
  ExportTable table;
  table.title = "Отчёт менеджера " + report.manager();
  table.columns = {{"Период", ColumnKind::kText},    {"Контактов", ColumnKind::kCount},
                   {"Открытых", ColumnKind::kCount}, {"Продаж", ColumnKind::kCount},
                   {"Площадь", ColumnKind::kArea},   {"Без НДС", ColumnKind::kRoubles},
                   {"С НДС", ColumnKind::kRoubles},  {"Конверсия", ColumnKind::kPercent}};
  table.rows.push_back(ManagerRow("Период", report));
  if (report.has_previous()) {
    table.rows.push_back(ManagerRow("Прошлый период", report.previous()));
  }
  return table;
}

common::render::BarChart ManagerReportChart(const ana::ManagerReport& report) {
  common::render::BarChart chart{.title = "Контакты по результату: период и прошлый период",
                                 .unit = "контактов",
                                 .categories = {},
                                 .series = {{"Период", {}}, {"Прошлый период", {}}}};
  std::map<std::string, std::pair<int64_t, int64_t>> by_result;
  for (const auto& result : report.contacts_by_result()) {
    by_result[result.key()].first = result.count();
  }
  for (const auto& result : report.previous().contacts_by_result()) {
    by_result[result.key()].second = result.count();
  }
  for (const auto& [key, counts] : by_result) {
    chart.categories.push_back(EnumText(key, "ResultKind"));
    chart.series[0].values.push_back(static_cast<double>(counts.first));
    chart.series[1].values.push_back(static_cast<double>(counts.second));
  }
  return chart;
}

ExportTable MarketTable(const ana::MarketAnalysis& market) {
  ExportTable table;
  table.title = "Выставки: экспоненты, удержание и отток";
  table.columns = {{"Выставка", ColumnKind::kText},    {"Экспонентов", ColumnKind::kCount},
                   {"Площадь", ColumnKind::kArea},     {"Вернулись", ColumnKind::kCount},
                   {"Ушли", ColumnKind::kCount},       {"Новых", ColumnKind::kCount},
                   {"Удержание", ColumnKind::kPercent}};
  for (const auto& edition : market.editions()) {
    table.rows.push_back(
        {edition.display_name().empty() ? edition.edition() : edition.display_name(),
         edition.exhibitors(), edition.area_dm2(), edition.retained(), edition.churned(),
         edition.new_exhibitors(), static_cast<int64_t>(edition.retention_bp())});
  }
  return table;
}

common::render::BarChart MarketChart(const ana::MarketAnalysis& market) {
  common::render::BarChart chart{.title = "Экспоненты по выставкам",
                                 .unit = "экспонентов",
                                 .categories = {},
                                 .series = {{"Экспонентов", {}}, {"Вернулись", {}}, {"Новых", {}}}};
  for (const auto& edition : market.editions()) {
    chart.categories.push_back(edition.display_name().empty() ? edition.edition()
                                                              : edition.display_name());
    chart.series[0].values.push_back(static_cast<double>(edition.exhibitors()));
    chart.series[1].values.push_back(static_cast<double>(edition.retained()));
    chart.series[2].values.push_back(static_cast<double>(edition.new_exhibitors()));
  }
  return chart;
}

ExportTable FunnelTable(const ana::ReadinessFunnel& funnel) {
  ExportTable table;
  table.title = "Воронка готовности: " + funnel.edition_display_name();
  table.columns = {{"Готовность", ColumnKind::kText}, {"Клиентов", ColumnKind::kCount},
                   {"Купили", ColumnKind::kCount},    {"Конверсия", ColumnKind::kPercent},
                   {"Площадь", ColumnKind::kArea},    {"Без НДС", ColumnKind::kRoubles}};
  for (const auto& stage : funnel.stages()) {
    table.rows.push_back({EnumText(stage.level(), "ReadinessLevel"), stage.clients(),
                          stage.bought(), static_cast<int64_t>(stage.conversion_bp()),
                          stage.area_dm2(), stage.net_amount().minor_units()});
  }
  return table;
}

common::render::BarChart FunnelChart(const ana::ReadinessFunnel& funnel) {
  common::render::BarChart chart{.title = "Воронка готовности: " + funnel.edition_display_name(),
                                 .unit = "клиентов",
                                 .categories = {},
                                 .series = {{"Клиентов", {}}, {"Купили стенд", {}}}};
  for (const auto& stage : funnel.stages()) {
    chart.categories.push_back(EnumText(stage.level(), "ReadinessLevel"));
    chart.series[0].values.push_back(static_cast<double>(stage.clients()));
    chart.series[1].values.push_back(static_cast<double>(stage.bought()));
  }
  return chart;
}

ExportTable PlanVsFactTable(const ana::PlanVsFact& report) {
  ExportTable table;
  table.title = "План и факт: " + report.edition_display_name();
  table.columns = {{"Кто", ColumnKind::kText},
                   {"Месяц", ColumnKind::kText},
                   {"План, м²", ColumnKind::kArea},
                   {"Факт, м²", ColumnKind::kArea},
                   {"Выполнение по м²", ColumnKind::kPercent},
                   {"План, ₽", ColumnKind::kRoubles},
                   {"Факт, ₽", ColumnKind::kRoubles},
                   {"Выполнение", ColumnKind::kPercent}};
  auto add = [&table](const std::string& who, const std::string& month,
                      const ana::PlanFactFigures& f) {
    table.rows.push_back(
        {who, month, f.plan_area_dm2(), f.fact_area_dm2(),
         f.has_area_attainment_bp() ? ExportCell(f.area_attainment_bp()) : ExportCell(),
         f.plan_net_amount().minor_units(), f.fact_net_amount().minor_units(),
         f.has_attainment_bp() ? ExportCell(f.attainment_bp()) : ExportCell()});
  };
  for (const auto& row : report.rows()) {
    const std::string who = row.level() == ana::PLAN_LEVEL_EDITION ? report.edition_display_name()
                            : row.display_name().empty()           ? row.target()
                                                                   : row.display_name();
    for (const auto& month : row.months()) {
      add(who, month.month(), month.figures());
    }
    add(who, "всего", row.total());
  }
  return table;
}

common::render::BarChart PlanVsFactChart(const ana::PlanVsFact& report) {
  common::render::BarChart chart{.title = "План и факт без НДС: " + report.edition_display_name(),
                                 .unit = "\xE2\x82\xBD",
                                 .categories = {},
                                 .series = {{"План", {}}, {"Факт", {}}}};
  if (report.rows().empty()) {
    return chart;
  }
  for (const auto& month : report.rows(0).months()) {
    chart.categories.push_back(month.month());
    chart.series[0].values.push_back(
        static_cast<double>(month.figures().plan_net_amount().minor_units()) / 100);
    chart.series[1].values.push_back(
        static_cast<double>(month.figures().fact_net_amount().minor_units()) / 100);
  }
  return chart;
}

std::string ToCsv(const ExportTable& table) {
  std::string out = "\xEF\xBB\xBF";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    out += (c > 0 ? "," : "") + CsvField(table.columns[c].header);
  }
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      out += (c > 0 ? "," : "") + CsvCell(row.at(c), table.columns[c].kind);
    }
    out += "\r\n";
  }
  return out;
}

void WriteXlsx(const ExportTable& table, const std::string& path) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) {
    throw std::runtime_error("cannot write " + path);
  }
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Отчёт");
  auto format = [workbook](const char* number_format, bool bold) {
    lxw_format* f = workbook_add_format(workbook);
    if (number_format != nullptr) {
      format_set_num_format(f, number_format);
    }
    if (bold) {
      format_set_bold(f);
    }
    return f;
  };
  // One format per kind, plain and bold (the total).
  std::map<std::pair<ColumnKind, bool>, lxw_format*> formats;
  for (bool bold : {false, true}) {
    formats[{ColumnKind::kText, bold}] = format(nullptr, bold);
    formats[{ColumnKind::kCount, bold}] = format("#,##0", bold);
    formats[{ColumnKind::kRoubles, bold}] = format("#,##0.00 \"\xE2\x82\xBD\"", bold);
    formats[{ColumnKind::kArea, bold}] = format("#,##0.00 \"\xD0\xBC\xC2\xB2\"", bold);
    formats[{ColumnKind::kPercent, bold}] = format("0.0%", bold);
  }
  lxw_format* title = format(nullptr, true);
  format_set_font_size(title, 14);
  lxw_format* header = format(nullptr, true);
  format_set_text_wrap(header);
  format_set_bottom(header, LXW_BORDER_THIN);

  worksheet_write_string(sheet, 0, 0, table.title.c_str(), title);
  constexpr lxw_row_t kHeaderRow = 2;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const auto column = static_cast<lxw_col_t>(c);
    worksheet_write_string(sheet, kHeaderRow, column, table.columns[c].header.c_str(), header);
    worksheet_set_column(sheet, column, column, c == 0 ? 32 : 16, nullptr);
  }
  worksheet_freeze_panes(sheet, kHeaderRow + 1, 1);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const bool bold = table.total_last && r + 1 == table.rows.size();
    const auto row = static_cast<lxw_row_t>(kHeaderRow + 1 + r);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const auto column = static_cast<lxw_col_t>(c);
      const ColumnKind kind = table.columns[c].kind;
      lxw_format* f = formats.at({kind, bold});
      const ExportCell& cell = table.rows[r].at(c);
      if (const auto* text = std::get_if<std::string>(&cell)) {
        worksheet_write_string(sheet, row, column, text->c_str(), f);
      } else if (const auto* number = std::get_if<int64_t>(&cell)) {
        double value = static_cast<double>(*number);
        if (kind == ColumnKind::kRoubles || kind == ColumnKind::kArea) {
          value /= 100;
        } else if (kind == ColumnKind::kPercent) {
          value /= 10000;
        }
        worksheet_write_number(sheet, row, column, value, f);
      }
    }
  }
  if (workbook_close(workbook) != LXW_NO_ERROR) {
    throw std::runtime_error("cannot write " + path);
  }
}

void AddExportOptions(CLI::App* command, ExportFiles* files) {
  command->add_option("--xlsx", files->xlsx, "Also save the table as an Excel workbook (.xlsx)");
  command->add_option("--csv", files->csv, "Also save the table as CSV (UTF-8)");
  command->add_option("--svg", files->svg, "Also save the chart as SVG");
  command->add_option("--png", files->png, "Also save the chart as PNG");
}

void WriteExports(const ExportFiles& files, const ExportTable& table,
                  const common::render::BarChart& chart) {
  if (!files.xlsx.empty()) {
    WriteXlsx(table, files.xlsx);
    std::cerr << "saved " << files.xlsx << "\n";
  }
  if (!files.csv.empty()) {
    WriteFile(files.csv, ToCsv(table));
    std::cerr << "saved " << files.csv << "\n";
  }
  if (files.svg.empty() && files.png.empty()) {
    return;
  }
  if (chart.categories.empty()) {
    std::cerr << "no chart: the report has no rows\n";
    return;
  }
  if (!files.svg.empty()) {
    WriteFile(files.svg, common::render::RenderChartSvg(chart));
    std::cerr << "saved " << files.svg << "\n";
  }
  if (!files.png.empty()) {
    WriteFile(files.png, common::render::RenderChartPng(chart));
    std::cerr << "saved " << files.png << "\n";
  }
}

}  // namespace crm::cli
