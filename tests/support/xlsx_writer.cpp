#include "tests/support/xlsx_writer.h"

#include <xlsxwriter.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/support/temp_dir.h"

namespace crm::testing {

std::string XlsxOf(const std::vector<std::vector<XlsxCell>>& rows) {
  const TempDir dir("crm-xlsx");
  const std::string path = (dir.path() / "workbook.xlsx").string();
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const auto row = static_cast<lxw_row_t>(r);
      const auto column = static_cast<lxw_col_t>(c);
      if (const auto* text = std::get_if<std::string>(&rows[r][c])) {
        if (!text->empty()) {
          worksheet_write_string(sheet, row, column, text->c_str(), nullptr);
        }
      } else {
        worksheet_write_number(sheet, row, column, std::get<double>(rows[r][c]), nullptr);
      }
    }
  }
  if (workbook_close(workbook) != LXW_NO_ERROR) {
    throw std::runtime_error("libxlsxwriter could not write " + path);
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace crm::testing
