#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <pqxx/pqxx>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/db/row.h"

// A statement's result turned into records by the store's one decoder of that row type (a
// function of a common::db::Row), the same way in every store: the row a Find or Lock by key
// returns, every row of a list, and a keyset page fetched one row longer than it holds.
//
//   std::optional<PaymentRecord> Get(tx, id) {
//     return FirstRowOf(tx.exec_prepared("payment_get", id), PaymentFromRow);
//   }
namespace crm::common::db {

// What `decode` makes of a row.
template <class Decode>
using DecodedRow = std::decay_t<std::invoke_result_t<Decode&, const Row&>>;

// The first row of `result` decoded; nullopt when there is none.
template <class Decode>
std::optional<DecodedRow<Decode>> FirstRowOf(const pqxx::result& result, Decode&& decode) {
  if (result.empty()) {
    return std::nullopt;
  }
  return decode(Row(result[0]));
}

// Every row of `result` decoded, in the statement's order.
template <class Decode>
std::vector<DecodedRow<Decode>> RowsOf(const pqxx::result& result, Decode&& decode) {
  std::vector<DecodedRow<Decode>> items;
  items.reserve(result.size());
  for (const auto& row : result) {
    items.push_back(decode(Row(row)));
  }
  return items;
}

// One page of a keyset list and the key of its last item when another page follows.
template <class Item, class Key>
struct KeysetPage {
  std::vector<Item> items;
  std::optional<Key> next;
};

// The page of `result`, which a statement fetched with a limit of page_size + 1 (page_size at
// least 1): the first `page_size` rows decoded, and — when the extra row came back — `key_of` the
// page's last item, where the next page starts.
template <class Decode, class KeyOf, class Item = DecodedRow<Decode>,
          class Key = std::decay_t<std::invoke_result_t<KeyOf&, const Item&>>>
KeysetPage<Item, Key> ReadKeysetPage(const pqxx::result& result, int page_size, Decode&& decode,
                                     KeyOf&& key_of) {
  const auto size = static_cast<std::size_t>(page_size);
  KeysetPage<Item, Key> page;
  page.items.reserve(std::min(result.size(), size));
  for (const auto& row : result) {
    if (page.items.size() == size) {
      page.next = key_of(page.items.back());
      break;
    }
    page.items.push_back(decode(Row(row)));
  }
  return page;
}

}  // namespace crm::common::db
