#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/registry/v1/quality.pb.h"
#include "crm/registry/v1/registry.pb.h"

// Duplicate candidates. Every function runs inside the caller's transaction.
namespace crm::registry {

// The most candidates returned per record.
inline constexpr int kMaxDuplicateCandidates = 20;

// An incoming record to check against the base: the client's requisites and, for a record
// already in the base, its own id (so it does not match itself; "" for a new record).
struct DuplicateProbe {
  v1::Client client;
  std::string exclude_id;
};

// Live clients that may be the same company as each probe: element i holds the candidates of
// probes[i], best score first, each scoring at least the candidate threshold. One statement for
// the whole batch, so an import checks its rows a batch at a time.
std::vector<std::vector<v1::DuplicateCandidate>> FindDuplicateCandidatesBatch(
    pqxx::transaction_base& tx, const std::vector<DuplicateProbe>& probes);

// The candidates of one record (FindDuplicateCandidatesBatch for a batch of one).
std::vector<v1::DuplicateCandidate> FindDuplicateCandidates(pqxx::transaction_base& tx,
                                                            const v1::Client& client,
                                                            const std::string& exclude_id = "");

// A PostgreSQL array literal of `values` ({"a","b"}), quoted so any text survives.
std::string PgArray(const std::vector<std::string>& values);

}  // namespace crm::registry
