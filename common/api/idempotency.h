#pragma once

#include <google/protobuf/message.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/core/errors.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"

// Idempotent creates (AIP-155), the one way every service does them. A create request may carry a
// `request_id`; the key is the caller (the token's subject), the RPC and that request_id:
//
// - the same caller repeating the request with the same body gets the resource the first request
//   made (nothing is created twice, however the two race);
// - the same caller reusing the request_id with another body is FAILED_PRECONDITION with the
//   google.rpc.ErrorInfo reason REQUEST_ID_REUSED;
// - another caller's request with the same request_id is simply another key: it creates its own
//   resource and never sees the first caller's.
//
// "Same body" is decided by a fingerprint: SHA-256 of the request's deterministic protobuf
// serialization with `request_id` cleared. Keys live in the table `idempotent_requests` of the
// service's database (Migrations() below), beside the resource in the same transaction.
//
//   *response = common::api::CreateOnce(
//       pool_, common::api::KeyOf(caller.subject, "CreateGroup", *request),
//       [&](pqxx::work& tx) { return InsertGroup(tx, ...); },           // creates, returns it
//       [&](pqxx::transaction_base& tx, const std::string& name) {      // a replay's resource
//         return VisibleGroup(FindGroup(tx, IdOf(name)), caller, name);
//       });
namespace crm::common::api {

struct IdempotencyKey {
  std::string caller;       // the token's subject
  std::string operation;    // the RPC, e.g. "CreateGroup"
  std::string request_id;   // empty: the request is not idempotent
  std::string fingerprint;  // hex SHA-256 of the request without its request_id
};

// The key of `request`, whose `request_id` string field is read by reflection. `extra` joins the
// fingerprint for content that is not in the message (a streamed upload's bytes, or their hash).
IdempotencyKey KeyOf(std::string caller, std::string operation,
                     const google::protobuf::Message& request, std::string_view extra = {});

// The fingerprint alone: SHA-256 (hex) of the deterministic serialization of `request` without
// its request_id, followed by `extra`.
std::string RequestFingerprint(const google::protobuf::Message& request,
                               std::string_view extra = {});

// The name of the resource an earlier, committed request with `key` created; nullopt when there
// was none. Throws PreconditionError REQUEST_ID_REUSED when that request had another body.
std::optional<std::string> FindCreated(pqxx::transaction_base& tx, const IdempotencyKey& key);

// Claims `key` in `tx` for the request in progress. When another transaction holds it, waits for
// that one to end: false when it committed (the caller then replays it), true when it rolled
// back or nobody held it.
bool ClaimKey(pqxx::transaction_base& tx, const IdempotencyKey& key);

// Records the resource the claimed key created, in the transaction that created it.
void RecordCreated(pqxx::transaction_base& tx, const IdempotencyKey& key,
                   const std::string& resource_name);

// `found`'s resource, or NotFoundError naming `name`: for a replay whose resource is gone.
template <class Resource>
Resource Found(std::optional<Resource> found, const std::string& name) {
  if (!found) {
    throw NotFoundError(name);
  }
  return std::move(*found);
}

// The shared migration set ("idempotency") that creates `idempotent_requests`.
const std::vector<db::Migration>& Migrations();

namespace detail {
// Thrown out of a create transaction whose key a concurrent request committed first.
struct KeyTakenMeanwhile {};
struct NoConflictExplanation {
  void operator()(pqxx::read_transaction&) const {}
};
}  // namespace detail

// The resource a committed earlier request with `key` created, found by `find(tx, name)` (which
// applies the caller's read access rule and throws NotFoundError when it is gone); nullopt when
// the key is new or empty. Lets a handler answer a replay before expensive work.
template <class Find>
auto FindReplay(db::Pool& pool, const IdempotencyKey& key, Find&& find)
    -> std::optional<std::invoke_result_t<Find&, pqxx::read_transaction&, const std::string&>> {
  using Resource = std::invoke_result_t<Find&, pqxx::read_transaction&, const std::string&>;
  if (key.request_id.empty()) {
    return std::nullopt;
  }
  return pool.Read([&](pqxx::read_transaction& tx) -> std::optional<Resource> {
    auto name = FindCreated(tx, key);
    if (!name) {
      return std::nullopt;
    }
    return find(tx, *name);
  });
}

// Runs `create(tx)` at most once per key. The key is claimed first, in the transaction that
// creates and records the resource, so a new request costs no separate look-up; when the key is
// taken (a replay, or a concurrent request with the same key, which it waits for) the transaction
// is rolled back and `find`'s resource answered (see FindReplay). A unique violation raised by
// `create` itself (a duplicate INN, e-mail, ...) rolls the transaction back and calls
// `explain_conflict` in a fresh read transaction, which throws the domain error (ALREADY_EXISTS,
// FAILED_PRECONDITION, ...); if it returns, the violation propagates.
template <class Create, class Find, class Explain = detail::NoConflictExplanation>
auto CreateOnce(db::Pool& pool, const IdempotencyKey& key, Create&& create, Find&& find,
                Explain&& explain_conflict = {}) {
  using Resource = std::invoke_result_t<Create&, pqxx::work&>;
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) {  // the key was taken: most likely a replay
      if (auto replay = FindReplay(pool, key, find)) {
        return Resource(std::move(*replay));
      }
    }
    try {
      return pool.InTransaction([&](pqxx::work& tx) {
        if (!key.request_id.empty() && !ClaimKey(tx, key)) {
          throw detail::KeyTakenMeanwhile{};
        }
        Resource created = create(tx);
        if (!key.request_id.empty()) {
          RecordCreated(tx, key, created.name());
        }
        return created;
      });
    } catch (const detail::KeyTakenMeanwhile&) {
      // Committed by an earlier or concurrent request: replay it on the next attempt.
      if (attempt >= 3) {
        throw std::logic_error("idempotency key " + key.request_id + " taken but not readable");
      }
    } catch (const pqxx::unique_violation&) {
      pool.Read([&](pqxx::read_transaction& tx) { explain_conflict(tx); });
      throw;
    }
  }
}

}  // namespace crm::common::api
