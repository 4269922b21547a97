#include "common/db/pool.h"

#include "common/core/metrics.h"

namespace crm::common::db {
namespace {
thread_local std::optional<std::chrono::system_clock::time_point> t_deadline;
}  // namespace

ScopedDeadline::ScopedDeadline(std::chrono::system_clock::time_point deadline)
    : previous_(t_deadline) {
  t_deadline = deadline;
}

ScopedDeadline::~ScopedDeadline() { t_deadline = previous_; }

void ApplyDeadline(pqxx::transaction_base& tx) {
  if (!t_deadline) {
    return;
  }
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      *t_deadline - std::chrono::system_clock::now());
  if (left.count() <= 0) {
    throw DeadlineExceeded("deadline exceeded before the database was reached");
  }
  // SET LOCAL lasts until the transaction ends; it takes no bind parameters.
  tx.exec0("SET LOCAL statement_timeout = " + std::to_string(left.count()));
}

void UseCustomPlans(pqxx::transaction_base& tx) {
  tx.exec0("SET LOCAL plan_cache_mode = force_custom_plan");
}

Pool::Pool(std::string url, int size, std::vector<NamedQuery> queries)
    : url_(std::move(url)), size_(size), queries_(std::move(queries)) {}

Pool::~Pool() = default;

Pool::Lease::Lease(Pool* pool, std::unique_ptr<pqxx::connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

Pool::Lease::~Lease() {
  if (pool_ != nullptr && conn_) {
    pool_->Return(std::move(conn_));
  }
}

std::unique_ptr<pqxx::connection> Pool::Open() {
  try {
    auto conn = std::make_unique<pqxx::connection>(url_);
    for (const auto& q : queries_) {
      conn->prepare(q.name, q.sql);
    }
    return conn;
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseUnavailable(std::string("cannot connect to the database: ") + e.what());
  }
}

Pool::Lease Pool::Acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    while (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->is_open()) {
        return Lease(this, std::move(conn));
      }
      --open_;
    }
    if (open_ < size_) {
      ++open_;
      lock.unlock();
      try {
        return Lease(this, Open());
      } catch (...) {
        std::lock_guard relock(mutex_);
        --open_;
        available_.notify_one();
        throw;
      }
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout) {
      metrics::Registry::Global()
          .GetCounter("crm_db_pool_timeouts_total", "Connection requests that timed out")
          .Inc();
      throw DatabaseUnavailable("no database connection free within the timeout");
    }
  }
}

void Pool::Return(std::unique_ptr<pqxx::connection> conn) {
  std::lock_guard lock(mutex_);
  if (conn->is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  available_.notify_one();
}

bool IsUnavailable(const std::exception& e) {
  if (dynamic_cast<const DatabaseUnavailable*>(&e) != nullptr ||
      dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return true;
  }
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  if (sql == nullptr) {
    return false;
  }
  const std::string& state = sql->sqlstate();
  // 08: connection exception; 53: insufficient resources (disk full, out of memory, too many
  // connections); 57P01-57P03: the server is shutting down, crashed or still starting; 25006:
  // a write reached a read-only server (a standby, e.g. right after a failover).
  return state.starts_with("08") || state.starts_with("53") || state == "57P01" ||
         state == "57P02" || state == "57P03" || state == "25006";
}

bool Pool::Ping() {
  try {
    return Read([](pqxx::read_transaction& tx) { return tx.exec1("SELECT 1")[0].as<int>() == 1; });
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace crm::common::db
