#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Plain-text tables for a terminal: columns sized by what a terminal shows (Cyrillic letters one
// column each, combining marks none, CJK and emoji two), long values cut with an ellipsis. Pure
// text in, text out; the `crm` command line prints its default output with these.
namespace crm::cli {

// Columns `text` (UTF-8) takes in a terminal. Bytes that are not valid UTF-8 count one each.
std::size_t DisplayWidth(std::string_view text);

// `text` if it fits in `width` columns; otherwise its longest beginning that fits in `width - 1`
// columns followed by "…" (U+2026). A width of 0 gives "".
std::string Truncate(std::string_view text, std::size_t width);

enum class Align { kLeft, kRight };

struct TableColumn {
  std::string header;
  Align align = Align::kLeft;
  // Values wider than this are truncated; 0 means never truncated (resource names, which a
  // person copies into the next command).
  std::size_t max_width = 0;
};

// A header line and one line per row; columns two spaces apart, no trailing spaces. Control
// characters in cells (a newline in a comment) print as spaces. With `fit_width` > 0 (the
// terminal's width), truncatable columns are narrowed, widest first, until the lines fit or
// each is down to its header's width (at least 6 columns).
std::string RenderTable(const std::vector<TableColumn>& columns,
                        const std::vector<std::vector<std::string>>& rows,
                        std::size_t fit_width = 0);

// One record as "label  value" lines, the labels padded to one width.
std::string RenderFields(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace crm::cli
