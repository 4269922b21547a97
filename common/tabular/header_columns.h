#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "common/core/errors.h"
#include "common/core/text.h"
#include "common/tabular/source_table.h"

// The columns of an uploaded table found by its header, for imports whose rows are read into API
// messages and then checked (accounting's budget plan, analytics' sales plan): each column by its
// English name or its Russian header, each unreadable cell reported once as a violation of
// "content" naming its row and column, and a later check's problem with a cell reported the same
// way unless the cell was already.
namespace crm::common::tabular {

// A column an import knows.
template <class Column>
struct KnownColumn {
  Column column;
  std::string_view name;     // the English header, as messages name the column ("month")
  std::string_view russian;  // the Russian header as a spreadsheet shows it ("Месяц")
  // The Russian header in lower case ("месяц"): LowerAscii leaves Cyrillic as it is.
  std::string_view russian_lower = {};
};

// The cells reported unreadable, (row number, column name).
using BadCells = std::set<std::pair<int, std::string>>;

// "row 3, amount: <message>" as a violation of "content", unless that cell is in `bad`.
void ReportCell(Violations& violations, const BadCells& bad, int row, const std::string& column,
                const std::string& message);

template <class Column>
class HeaderColumns {
 public:
  // Finds the known columns in `header`; a column named twice, or a `required` one missing, is a
  // violation of "content".
  HeaderColumns(std::span<const KnownColumn<Column>> known, const std::vector<std::string>& header,
                std::initializer_list<Column> required, Violations& violations)
      : known_(known) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string text = LowerAscii(Trim(header[i]));
      if (text.empty()) {
        continue;
      }
      for (const KnownColumn<Column>& column : known_) {
        if (text != column.name && text != column.russian && text != column.russian_lower) {
          continue;
        }
        if (!positions_.emplace(column.column, i).second) {
          violations.Add("content",
                         "the header names the column " + std::string(column.name) + " twice");
        }
      }
    }
    for (Column column : required) {
      if (!positions_.contains(column)) {
        violations.Add("content", "the header has no column " + std::string(Name(column)));
      }
    }
  }

  std::string_view Name(Column column) const {
    for (const KnownColumn<Column>& known : known_) {
      if (known.column == column) {
        return known.name;
      }
    }
    return "";
  }

  // The trimmed text of `row`'s cell in `column`; "" when the table has no such column.
  std::string Text(const SourceRow& row, Column column) const {
    const auto found = positions_.find(column);
    if (found == positions_.end() || found->second >= row.cells.size()) {
      return "";
    }
    return Trim(row.cells[found->second]);
  }

  // Reports `value` of `row`'s `column` unreadable ("row 3, amount: "abc" <what>") and keeps the
  // cell in `bad`.
  void Bad(const SourceRow& row, Column column, const std::string& value, const std::string& what,
           BadCells& bad, Violations& violations) const {
    bad.emplace(row.number, std::string(Name(column)));
    std::string message = "row " + std::to_string(row.number) + ", ";
    message += Name(column);
    message += ": \"" + value + "\" ";
    message += what;
    violations.Add("content", std::move(message));
  }

 private:
  std::span<const KnownColumn<Column>> known_;
  std::map<Column, std::size_t> positions_;
};

}  // namespace crm::common::tabular
