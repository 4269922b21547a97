#pragma once

#include <chrono>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/bus/nats_client.h"

// Rebuilding a service's projection — the tables its consumers fill from events alone — by
// replaying the event stream into them from its first event.
namespace crm::common::bus {

// What a service keeps only as a copy of events: the tables, and the durable consumers that fill
// them. A service without one has nothing to rebuild.
struct Projection {
  std::vector<std::string> tables;
  std::vector<std::string> consumers;
};

// A rebuild that must not go ahead, with the reason an operator reads.
class RebuildRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RebuildPrepared {
  uint64_t first_sequence = 0;  // of the stream the consumers will replay
  uint64_t last_sequence = 0;
  int tables_emptied = 0;
};

// Prepares the rebuild the service performs when it next starts: checks that the stream still
// holds every event from its first (none discarded by a limit, or the replay would miss their
// figures) and that no consumer of the projection is pulling (the service must be stopped, for
// `watch` at least; a running consumer would go on into emptied tables), then deletes the
// durable consumers and empties the tables with their inbox rows in one transaction. Deleting
// the consumers comes first: if emptying then fails, the recreated consumers replay into the
// tables as they are, and the inbox makes that change nothing. Throws RebuildRefused, or
// NatsError / pqxx errors when NATS or the database cannot be asked.
RebuildPrepared PrepareProjectionRebuild(NatsClient& nats, const StreamLayout& layout,
                                         pqxx::connection& db, const Projection& projection,
                                         std::chrono::milliseconds watch);

}  // namespace crm::common::bus
