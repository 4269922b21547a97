#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "common/bus/nats_client.h"
#include "common/bus/topic.h"
#include "tests/support/service_harness.h"

// Publishing many events on one connection, as a producer's relay does (PublishEvent connects
// for each event, which is right for a test and too slow for a load generator).
namespace crm::testing {

// PublishJson on an open connection whose streams exist.
void PublishJsonOn(common::bus::NatsClient& nats, std::string_view subject, std::string_view source,
                   const std::string& event_id, const std::string& json,
                   const PublishOptions& options, const std::string& dataschema);

template <class Payload>
void PublishEventOn(common::bus::NatsClient& nats, const common::bus::Topic<Payload>& topic,
                    const std::string& event_id, const std::type_identity_t<Payload>& payload,
                    const PublishOptions& options = {}) {
  PublishJsonOn(nats, topic.subject, topic.service(), event_id, common::bus::ToJson(payload),
                options, payload.GetDescriptor()->full_name());
}

}  // namespace crm::testing
