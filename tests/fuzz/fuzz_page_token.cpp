// Page tokens (common/api/page_token) come back from callers as they like. Any token is a key or
// a violation of page_token; a key is read back exactly as it was issued. Random text never
// carries the binding to its query, so some inputs are framed key bytes of the fuzzer's choosing
// bound the way a token is (version, SHA-256 prefix of the query and the key): that reaches the
// reading of the frames and the key parts behind the binding.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "common/api/page_token.h"
#include "common/core/base64url.h"
#include "common/core/digest.h"
#include "common/core/errors.h"

namespace {

namespace api = crm::common::api;

void AppendFramed(std::string& out, std::string_view part) {
  out += std::to_string(part.size());
  out += ':';
  out += part;
}

using crm::common::Base64UrlEncode;

// A token for `framed_key` bound to `query` as page_token.cpp binds one.
std::string BoundToken(const api::PageQuery& query, std::string_view framed_key) {
  std::string bound;
  AppendFramed(bound, query.list);
  AppendFramed(bound, query.caller);
  AppendFramed(bound, query.filters);
  bound += framed_key;
  std::string token = "1" + crm::common::Sha256(bound).substr(0, 16);
  token += framed_key;
  return Base64UrlEncode(token);
}

void ReadEveryWay(const api::PageQuery& query, const std::string& token, std::size_t parts) {
  crm::common::Violations violations;
  const std::optional<api::PageKeyParts> key = api::ReadPageToken(violations, query, token, parts);
  if (key &&
      (key->size() != parts ||
       api::ReadPageToken(violations, query, api::IssuePageToken(query, *key), parts) != key)) {
    std::abort();
  }
  const std::optional<api::TimeKey> time = api::ReadTimeKeyToken(violations, query, token);
  if (time) {
    const auto back = api::ReadTimeKeyToken(violations, query, api::IssuePageToken(query, *time));
    if (!back || back->id != time->id || back->micros != time->micros) {
      std::abort();
    }
  }
  const std::optional<int64_t> seq = api::ReadSeqToken(violations, query, token);
  if (seq && api::ReadSeqToken(violations, query, api::IssuePageToken(query, *seq)) != seq) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const api::PageQuery query{"crm.registry.v1.ListClientsRequest",
                                    "employees/5b0f7c9e-2a51-4e0b-9d7a-0c8a1f3e6d21",
                                    "filter=romashka"};
  FuzzedDataProvider input(data, size);
  const std::size_t parts = input.ConsumeIntegralInRange<std::size_t>(0, 4);
  const int mode = input.ConsumeIntegralInRange<int>(0, 2);
  const std::string bytes = input.ConsumeRemainingBytesAsString();
  if (mode == 0) {
    ReadEveryWay(query, bytes, parts);
  } else if (mode == 1) {
    ReadEveryWay(query, BoundToken(query, bytes), parts);
  } else {
    // A key of the fuzzer's parts, issued and read back unchanged when it is clean text.
    api::PageKeyParts key;
    FuzzedDataProvider split(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    for (std::size_t i = 0; i < parts; ++i) {
      key.push_back(split.ConsumeRandomLengthString(64));
    }
    crm::common::Violations violations;
    const auto read = api::ReadPageToken(violations, query, api::IssuePageToken(query, key), parts);
    if (read && *read != key) {
      std::abort();
    }
  }
  return 0;
}
