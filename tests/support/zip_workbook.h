#pragma once

#include <string>
#include <utility>
#include <vector>

// Hand-made xlsx workbooks for tests of the import readers' limits: files no spreadsheet program
// writes (millions of shared strings, a cell of 40 MiB), zipped with libzip.
namespace crm::testing {

// A zip archive (deflated) of `parts`, each a path and its content.
std::string ZipOf(const std::vector<std::pair<std::string, std::string>>& parts);

// A workbook whose shared strings table holds `shared_items` (the <si> elements) and whose only
// sheet holds `sheet_rows` (the <row> elements).
std::string Workbook(const std::string& shared_items, const std::string& sheet_rows);

}  // namespace crm::testing
