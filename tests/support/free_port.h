#pragma once

namespace crm::testing {

// A TCP port on 127.0.0.1 that was free a moment ago: the kernel picks it, we release it.
// Another process may still grab it before the caller binds, so servers retry on a bind
// failure.
int FreeTcpPort();

}  // namespace crm::testing
