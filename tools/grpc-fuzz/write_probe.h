#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

// Whether the databases changed: every table of every service's database summed up (row count
// and the sum of the rows' hashes), so two snapshots differ when any row was inserted, updated or
// deleted in between, read at once (the statistics views lag by up to a second). And whether the
// background work is quiet: no outbox row waiting for its relay, no event waiting for a consumer.
namespace crm::tools::grpc_fuzz {

class WriteProbe {
 public:
  // Service name -> database URL; the nats-server of the event stream.
  WriteProbe(const std::map<std::string, std::string>& databases, std::string nats_url);
  ~WriteProbe();

  // "service.schema.table" -> "rows:hash".
  using Snapshot = std::map<std::string, std::string>;
  Snapshot Take();
  // The tables whose summary differs.
  static std::vector<std::string> Changed(const Snapshot& before, const Snapshot& after);

  // Nothing in flight: every outbox published (or parked) and every consumer of the stream caught
  // up with nothing unacknowledged.
  bool InFlight();
  // Waits until nothing is in flight and two snapshots `settle` apart are equal; returns the last
  // one, or nothing when the databases did not settle within `limit`.
  bool WaitQuiet(Snapshot& snapshot, std::chrono::milliseconds settle,
                 std::chrono::milliseconds limit);

 private:
  struct Database {
    std::string service;
    std::unique_ptr<pqxx::connection> connection;
    std::string summary_query;
  };
  std::vector<Database> databases_;
  std::string nats_url_;
};

}  // namespace crm::tools::grpc_fuzz
