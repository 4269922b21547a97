#pragma once

#include <string_view>

#include "common/tabular/source_table.h"

// Office Open XML workbooks (.xlsx): a zip of XML parts. Reads the first worksheet's cell values
// (shared strings, inline strings, numbers as written, booleans, cached formula results); styles,
// dates and formulas themselves are not interpreted. The first non-empty row is the header.
namespace crm::common::tabular {

// Throws SourceFormatError when `bytes` are not an xlsx workbook or exceed the import limits.
SourceTable ReadXlsx(std::string_view bytes);

}  // namespace crm::common::tabular
