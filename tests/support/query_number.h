#pragma once

#include <cstdint>
#include <pqxx/pqxx>
#include <string>

#include "common/db/pool.h"

namespace crm::testing {

// The one number `sql` returns (a count(*) and the like), read in a transaction of its own: what
// a test checks a service wrote, or did not.
inline int64_t QueryNumber(common::db::Pool& pool, const std::string& sql) {
  return pool.Read([&](pqxx::read_transaction& tx) { return tx.exec1(sql)[0].as<int64_t>(); });
}

// The same over a connection of its own to `db_url`, for tests that hold no pool.
inline int64_t QueryNumber(const std::string& db_url, const std::string& sql) {
  pqxx::connection conn(db_url);
  pqxx::read_transaction tx(conn);
  return tx.exec1(sql)[0].as<int64_t>();
}

// The number of rows of `table` matching `where`.
inline int64_t CountRows(const std::string& db_url, const std::string& table,
                         const std::string& where = "true") {
  return QueryNumber(db_url, "SELECT count(*) FROM " + table + " WHERE " + where);
}

}  // namespace crm::testing
