#pragma once

namespace crm::testing {

// A TCP port on 127.0.0.1, free now and reserved for this process: no other test process gets it
// from here while this one runs, and it lies below the ephemeral range, so no outgoing
// connection takes it either. Something outside the tests may still bind it first, so servers
// still retry on a bind failure.
int FreeTcpPort();

}  // namespace crm::testing
