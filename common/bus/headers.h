#pragma once

#include <nats/nats.h>

#include <functional>
#include <string>

// Reading and copying the headers of a NATS message.
namespace crm::common::bus {

// The value of a message's header; empty when it has none.
std::string HeaderValue(natsMsg* msg, const char* key);

// Sets on `to` every header of `from` whose name `keep` accepts, leaving out empty values (with
// one, libnats 3.4 fails to parse the headers of the received message).
void CopyHeaders(natsMsg* from, natsMsg* to, const std::function<bool(const std::string&)>& keep);

}  // namespace crm::common::bus
