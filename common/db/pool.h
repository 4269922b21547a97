#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

// PostgreSQL access for every service: a fixed-size connection pool whose connections have the
// service's named queries prepared, and a transaction helper.
namespace crm::common::db {

// A named SQL statement, prepared on every pooled connection. Each service lists its queries in
// one place (store/queries.h) and executes them by name.
struct NamedQuery {
  const char* name;
  const char* sql;
};

// Thrown when no connection could be had in time or the database is unreachable; mapped to
// UNAVAILABLE.
class DatabaseUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// True when `e` says the database cannot be used right now — unreachable, connection lost,
// shutting down or starting up, out of connections or disk, read-only after a failover — rather
// than that the work itself is wrong. Retrying the same work later may succeed.
bool IsUnavailable(const std::exception& e);

// The deadline of the work in progress on this thread (the RPC's, set by the RPC guard). Each
// transaction the pool opens gets a statement_timeout of the time left, so a query outliving its
// caller's deadline is cancelled by PostgreSQL instead of holding a connection.
class ScopedDeadline {
 public:
  explicit ScopedDeadline(std::chrono::system_clock::time_point deadline);
  ~ScopedDeadline();
  ScopedDeadline(const ScopedDeadline&) = delete;
  ScopedDeadline& operator=(const ScopedDeadline&) = delete;

 private:
  std::optional<std::chrono::system_clock::time_point> previous_;
};

// Thrown when the deadline has passed before a transaction starts; mapped to DEADLINE_EXCEEDED.
class DeadlineExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Applies the current thread's deadline to `tx` (no-op without one).
void ApplyDeadline(pqxx::transaction_base& tx);

// Plans each of `tx`'s later statements for the parameters of its own call (plan_cache_mode
// force_custom_plan until the transaction ends). For catch-all statements whose conditions are
// switched on and off by parameters (a caller's scope, optional filters): a generic plan cannot
// know which are off and keeps every OR branch.
void UseCustomPlans(pqxx::transaction_base& tx);

class Pool {
 public:
  Pool(std::string url, int size, std::vector<NamedQuery> queries);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // A borrowed connection, returned to the pool when the lease ends. A connection found broken
  // is dropped instead, and the pool opens a new one on demand.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<pqxx::connection> conn);
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease();
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  Lease Acquire(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Runs `body` in a read-write transaction and commits it. A serialization failure or deadlock
  // is retried (up to 3 times); every other exception propagates after rollback.
  template <class Body>
  auto InTransaction(Body&& body) {
    for (int attempt = 1;; ++attempt) {
      auto lease = Acquire();
      try {
        pqxx::work tx(*lease);
        ApplyDeadline(tx);
        if constexpr (std::is_void_v<decltype(body(tx))>) {
          body(tx);
          tx.commit();
          return;
        } else {
          auto result = body(tx);
          tx.commit();
          return result;
        }
      } catch (const pqxx::transaction_rollback&) {
        if (attempt >= 3) {
          throw;
        }
      } catch (const pqxx::broken_connection& e) {
        throw DatabaseUnavailable(e.what());
      }
    }
  }

  // Runs `body` in a read-only transaction.
  template <class Body>
  auto Read(Body&& body) {
    auto lease = Acquire();
    try {
      pqxx::read_transaction tx(*lease);
      ApplyDeadline(tx);
      return body(tx);
    } catch (const pqxx::broken_connection& e) {
      throw DatabaseUnavailable(e.what());
    }
  }

  // True when a connection can be had and answers; for readiness probes.
  bool Ping();
  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<pqxx::connection> Open();
  void Return(std::unique_ptr<pqxx::connection> conn);

  std::string url_;
  int size_;
  std::vector<NamedQuery> queries_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;
};

// Reads a nullable text column.
inline std::string TextOr(const pqxx::field& f, std::string fallback = {}) {
  return f.is_null() ? fallback : f.c_str();
}

// A nullable text parameter: NULL for nullopt (libpqxx 6.4 sends a null char pointer as NULL).
inline const char* OrNull(const std::optional<std::string>& value) {
  return value ? value->c_str() : nullptr;
}

// The same for text where "" means "not given": NULL for "".
inline const char* NullIfEmpty(const std::string& value) {
  return value.empty() ? nullptr : value.c_str();
}

}  // namespace crm::common::db
