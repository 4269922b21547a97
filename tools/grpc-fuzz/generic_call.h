#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

// One call of any method through grpc::GenericStub: the request messages as bytes in, the status
// and the response messages as bytes out. Unary, client-, server- and bidirectional streaming all
// go the same way (a call is a stream of messages each way on the wire).
namespace crm::tools::grpc_fuzz {

struct CallOutcome {
  grpc::Status status;
  std::vector<std::string> responses;
  // The fuzzer ended a stream that was still open (a watch that never ends by itself); its
  // CANCELLED status is ours, not the server's.
  bool cancelled_by_us = false;
};

struct CallSettings {
  std::chrono::milliseconds deadline{10000};
  // For a server stream: how long to wait for its next message before cancelling it, and how
  // many messages to read at most.
  std::chrono::milliseconds stream_idle{400};
  int max_stream_messages = 64;
};

CallOutcome CallGeneric(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                        const std::vector<std::string>& requests, const std::string& token,
                        const std::string& request_id, bool server_streaming,
                        const CallSettings& settings);

}  // namespace crm::tools::grpc_fuzz
