#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/bus/nats_client.h"

// Operator tools for the dead-letter stream: what a consumer gave up on, and re-driving it once
// the cause is fixed (see docs/operations.md, "Dead letters").
namespace crm::common::bus {

struct DeadLetter {
  uint64_t sequence = 0;  // in the dead-letter stream
  std::string consumer;   // the durable consumer that gave up
  std::string original_subject;
  std::string event_id;  // ce-id
  std::string reason;
  int64_t time_ns = 0;  // when it was dead-lettered, Unix nanoseconds
};

// The dead letters of `consumer` (of every consumer when empty), oldest first.
std::vector<DeadLetter> ListDeadLetters(NatsClient& nats, const StreamLayout& layout,
                                        const std::string& consumer);

// Publishes dead letters of `consumer` again to their original subjects with their original
// CloudEvents headers — those with the given sequences, or all of them when `sequences` is empty
// — and removes each from the dead-letter stream once the event stream has stored the copy.
// The copy's Nats-Msg-Id is "<ce-id>:redrive:<sequence>": new for every dead letter, so an event
// that fails again is dead-lettered again and can be re-driven again, and the same for a repeated
// run, so a run interrupted between publishing and removing publishes nothing twice. Every
// consumer of the subject receives the copy; those that handled the event skip it by its id.
// Returns the number re-driven; throws std::invalid_argument for a sequence that is not a dead
// letter of `consumer`.
int RedriveDeadLetters(NatsClient& nats, const StreamLayout& layout, const std::string& consumer,
                       const std::vector<uint64_t>& sequences);

}  // namespace crm::common::bus
