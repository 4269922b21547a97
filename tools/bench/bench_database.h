#pragma once

#include <cstdlib>
#include <string>

#include "tests/support/test_environment.h"

namespace crm::bench {

// The database a benchmark loads and queries: the one CRM_BENCH_DATABASE_URL names when it is set
// (so a large data set can be loaded once and the SQL tuned against it run after run), otherwise a
// fresh database on the private PostgreSQL the tests use. Callers load their data only when the
// database holds less than they need.
inline std::string BenchDatabase(const std::string& prefix) {
  if (const char* given = std::getenv("CRM_BENCH_DATABASE_URL"); given != nullptr && *given != 0) {
    return given;
  }
  return crm::testing::TestEnvironment::Get().FreshDatabase(prefix);
}

}  // namespace crm::bench
