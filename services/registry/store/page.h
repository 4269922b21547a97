#pragma once

#include <cstddef>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/registry/domain/list_window.h"

namespace crm::registry {

// One page of a list and where the next one starts (nullopt on the last page).
template <class T>
struct Page {
  std::vector<T> items;
  std::optional<PageKey> next;
};

// The key the first page starts after: below every real key, since sorted names are never
// empty and no UUID is below the nil one. Dates use `first_sort` = "-infinity".
inline std::string AfterSort(const ListWindow& window, const char* first_sort = "") {
  return window.after ? window.after->sort : std::string(first_sort);
}
inline std::string AfterId(const ListWindow& window) {
  return window.after ? window.after->id : std::string("00000000-0000-0000-0000-000000000000");
}
// Lists fetch one row more than the page holds, to know whether another page follows.
inline int FetchLimit(const ListWindow& window) { return window.page_size + 1; }
// The key the first page of a list ordered by a time in microseconds since the epoch starts
// after: before year 1.
inline constexpr char kFirstMicrosKey[] = "-62135596800000000";

// Builds a page from rows fetched with FetchLimit (a pqxx::result, or pqxx::rows gathered from
// several), read by column name: the id is the column `id`, the sort value the column
// `sort_column`, and `decode` turns a common::db::Row into the resource.
template <class Rows, class Decode>
auto ReadPageByName(const Rows& rows, const ListWindow& window, const char* sort_column,
                    Decode decode) {
  using Item = decltype(decode(std::declval<const common::db::Row&>()));
  Page<Item> page;
  const auto size = static_cast<std::size_t>(window.page_size);
  for (std::size_t i = 0; i < rows.size() && i < size; ++i) {
    page.items.push_back(decode(common::db::Row(rows[static_cast<typename Rows::size_type>(i)])));
  }
  if (rows.size() > size) {
    const common::db::Row last(rows[static_cast<typename Rows::size_type>(size - 1)]);
    page.next = PageKey{last.Text(sort_column), last.Text("id")};
  }
  return page;
}

// How a keyset list is ordered: the column of its sort value and the key the first page starts
// after (see AfterSort).
struct ListOrder {
  const char* sort_column;
  const char* first_sort = "";
};

// One page of the list statement `statement`, which takes `params` followed by the window's
// start (sort value, id) and FetchLimit, and returns its rows in `order`.
template <class Decode, class... Params>
auto ReadListPage(pqxx::transaction_base& tx, const char* statement, const ListWindow& window,
                  const ListOrder& order, Decode decode, const Params&... params) {
  return ReadPageByName(tx.exec_prepared(statement, params..., AfterSort(window, order.first_sort),
                                         AfterId(window), FetchLimit(window)),
                        window, order.sort_column, decode);
}

// The first row decoded, or nullopt for an empty result: the one way every store reads it.
using common::db::FirstRowOf;

}  // namespace crm::registry
