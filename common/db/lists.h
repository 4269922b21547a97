#pragma once

#include <string>
#include <string_view>
#include <vector>

// Lists that a statement returns folded into one text column (string_agg, array_to_string).
namespace crm::common::db {

// The items of `text` between separators, in order; none for an empty text (the column of an
// empty list is '' or NULL, and Row::Text reads NULL as ""). Items hold no separator.
inline std::vector<std::string> SplitList(std::string_view text, char separator = ',') {
  std::vector<std::string> items;
  if (text.empty()) {
    return items;
  }
  for (;;) {
    const std::size_t end = text.find(separator);
    items.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) {
      return items;
    }
    text.remove_prefix(end + 1);
  }
}

}  // namespace crm::common::db
