#pragma once

#include <stdexcept>
#include <string>
#include <vector>

// What the import readers make of an uploaded file: a header row and data rows of UTF-8 text.
namespace crm::common::tabular {

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

// Hard limits on what one import may hold, so a single upload cannot exhaust the server. The
// readers apply them while reading: they count columns, cell sizes and the memory the kept cells
// take as they go and stop at the first cell past a limit, naming its row and column, so a
// crafted file (a line of millions of delimiters, a workbook of millions of shared strings) costs
// no more than the limits however it is made.
inline constexpr std::size_t kMaxImportFileBytes = 64 * 1024 * 1024;
inline constexpr std::size_t kMaxImportRows = 500'000;
inline constexpr std::size_t kMaxImportColumns = 200;
inline constexpr std::size_t kMaxImportCellBytes = 4096;
// The cells of the kept rows: their text plus each cell's own bookkeeping (a std::string).
inline constexpr std::size_t kMaxImportTableBytes = 96 * 1024 * 1024;

// "row 3, column 201" for a 0-based `column`.
inline std::string CellPosition(int row, std::size_t column) {
  return "row " + std::to_string(row) + ", column " + std::to_string(column + 1);
}

// The memory the cells a reader keeps take so far, against kMaxImportTableBytes.
class CellBudget {
 public:
  // Accounts the cells of a kept row; throws SourceFormatError at the first one past the limit.
  void Keep(int row, const std::vector<std::string>& cells) {
    for (std::size_t column = 0; column < cells.size(); ++column) {
      used_ += sizeof(std::string) + cells[column].size();
      if (used_ > kMaxImportTableBytes) {
        throw SourceFormatError(CellPosition(row, column) + ": the file holds more than " +
                                std::to_string(kMaxImportTableBytes / (1024 * 1024)) +
                                " MiB of cells; split it into several imports");
      }
    }
  }

 private:
  std::size_t used_ = 0;
};

}  // namespace crm::common::tabular
