#include "services/planning/domain/page_keys.h"

#include <charconv>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"

namespace crm::planning::domain {
namespace {

// Key layout inside the opaque token: "<micros> <uuid> <fingerprint>". The fingerprint goes last
// because it may contain anything, spaces included.
constexpr char kSeparator = ' ';

[[noreturn]] void Reject(const char* field) {
  throw common::ValidationError(field,
                                "is not a page token returned by this API for these filters");
}

}  // namespace

std::string EncodeTimeKey(const TimeKey& key, std::string_view filter_fingerprint) {
  std::string raw = std::to_string(key.micros);
  raw += kSeparator;
  raw += key.id;
  raw += kSeparator;
  raw += filter_fingerprint;
  return common::EncodePageToken(raw);
}

std::optional<TimeKey> DecodeTimeKey(std::string_view token, std::string_view filter_fingerprint,
                                     const char* field) {
  if (token.empty()) {
    return std::nullopt;
  }
  const std::string raw = common::DecodePageToken(token, field);
  const std::size_t first = raw.find(kSeparator);
  if (first == std::string::npos) {
    Reject(field);
  }
  const std::size_t second = raw.find(kSeparator, first + 1);
  if (second == std::string::npos) {
    Reject(field);
  }
  TimeKey key;
  const char* begin = raw.data();
  const char* end = raw.data() + first;
  auto [ptr, ec] = std::from_chars(begin, end, key.micros);
  if (ec != std::errc() || ptr != end || first == 0) {
    Reject(field);
  }
  key.id = raw.substr(first + 1, second - first - 1);
  if (!common::IsUuid(key.id) || std::string_view{raw}.substr(second + 1) != filter_fingerprint) {
    Reject(field);
  }
  return key;
}

}  // namespace crm::planning::domain
