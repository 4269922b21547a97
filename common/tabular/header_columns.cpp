#include "common/tabular/header_columns.h"

namespace crm::common::tabular {

void ReportCell(Violations& violations, const BadCells& bad, int row, const std::string& column,
                const std::string& message) {
  if (bad.contains({row, column})) {
    return;
  }
  violations.Add("content", "row " + std::to_string(row) + ", " + column + ": " + message);
}

}  // namespace crm::common::tabular
