#pragma once

#include <string>
#include <variant>
#include <vector>

// A workbook as a spreadsheet program writes it (libxlsxwriter): one worksheet of rows whose cells
// are text or numbers, the first row the header.
namespace crm::testing {

using XlsxCell = std::variant<std::string, double>;

// The bytes of the .xlsx file; an empty string cell is left blank.
std::string XlsxOf(const std::vector<std::vector<XlsxCell>>& rows);

}  // namespace crm::testing
