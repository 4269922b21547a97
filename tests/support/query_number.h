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

}  // namespace crm::testing
