#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Keyset page tokens of the List RPCs: the last row's (time, id) plus a fingerprint of the
// request's filters, so a token is only accepted with the filters it was issued for (AIP-158).
namespace crm::planning::domain {

struct TimeKey {
  int64_t micros = 0;  // the row's ordering time, microseconds since the epoch
  std::string id;      // the row's uuid, the tie-breaker
};

std::string EncodeTimeKey(const TimeKey& key, std::string_view filter_fingerprint);

// "" -> nullopt (first page). Throws common::ValidationError on `field` for a token that was
// not issued by EncodeTimeKey or was issued for other filters.
std::optional<TimeKey> DecodeTimeKey(std::string_view token, std::string_view filter_fingerprint,
                                     const char* field = "page_token");

}  // namespace crm::planning::domain
