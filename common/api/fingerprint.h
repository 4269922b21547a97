#pragma once

#include <google/protobuf/message.h>

#include <initializer_list>
#include <string>
#include <string_view>

// Fingerprints of requests: what makes two requests "the same" for an idempotency key
// (idempotency.h) or a page token (page_token.h).
namespace crm::common::api {

// SHA-256 (lower-case hex) of the deterministic protobuf serialization of `message` with the
// top-level fields named in `cleared` cleared, followed by `extra`. A name `message` does not
// have is a programming error (std::logic_error).
std::string MessageFingerprint(const google::protobuf::Message& message,
                               std::initializer_list<std::string_view> cleared,
                               std::string_view extra = {});

}  // namespace crm::common::api
