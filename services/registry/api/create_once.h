#pragma once

#include <pqxx/pqxx>

#include "common/db/pool.h"

namespace crm::registry {

// Creates a resource at most once. `create` runs in a write transaction; when it hits a unique
// index (a repeated request id, a duplicate key), the transaction is gone and `resolve` looks at
// what is committed in a fresh one: it returns the resource the request id created earlier, or
// throws the conflict. The database decides, so two racing requests cannot both succeed.
template <class Create, class Resolve>
auto CreateAtMostOnce(common::db::Pool& pool, Create&& create, Resolve&& resolve) {
  try {
    return pool.InTransaction(create);
  } catch (const pqxx::unique_violation&) {
    auto replay = pool.Read(resolve);
    if (!replay) {
      throw;  // a constraint this request cannot explain: let it surface
    }
    return *replay;
  }
}

}  // namespace crm::registry
