#pragma once

#include <stdexcept>
#include <string>
#include <vector>

// What the import readers make of an uploaded file: a header row and data rows of UTF-8 text.
namespace crm::registry {

struct SourceRow {
  // The row's number as the person who made the file sees it: the header is row 1, so the first
  // data row is row 2 (a spreadsheet row, or the CSV record; a quoted line break keeps the
  // record one row).
  int number = 0;
  std::vector<std::string> cells;
};

struct SourceTable {
  std::vector<std::string> header;
  std::vector<SourceRow> rows;
};

// The file cannot be read at all (not a zip, a quote never closed, ...). The message says where.
class SourceFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Hard limits on what one import may hold, so a single upload cannot exhaust the server.
inline constexpr std::size_t kMaxImportFileBytes = 64 * 1024 * 1024;
inline constexpr std::size_t kMaxImportRows = 500'000;
inline constexpr std::size_t kMaxImportColumns = 200;
inline constexpr std::size_t kMaxImportCellBytes = 4096;

}  // namespace crm::registry
