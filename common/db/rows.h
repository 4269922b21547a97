#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <type_traits>
#include <vector>

#include "common/db/row.h"

// Decoding a statement's rows: one decoder per row type (a function of a common::db::Row, such as
// ContactFromRow or DecodeProject, or a lambda) reads every row a statement returns, so the
// shapes "the row, if any" and "every row, in order" are written once.
namespace crm::common::db {

// What `decode` makes of a row.
template <class Decode>
using Decoded = std::invoke_result_t<Decode&, const Row&>;

// The first row of `result` decoded, or nullopt when the statement returned none: a find, a lock
// or a conditional update by key.
template <class Decode>
std::optional<Decoded<Decode>> FirstRowOf(const pqxx::result& result, Decode decode) {
  if (result.empty()) {
    return std::nullopt;
  }
  return decode(Row(result[0]));
}

// Every row of `result` decoded, in order.
template <class Decode>
std::vector<Decoded<Decode>> RowsOf(const pqxx::result& result, Decode decode) {
  std::vector<Decoded<Decode>> items;
  items.reserve(result.size());
  for (const auto& row : result) {
    items.push_back(decode(Row(row)));
  }
  return items;
}

}  // namespace crm::common::db
