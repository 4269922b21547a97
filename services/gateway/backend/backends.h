#pragma once

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/core/config.h"

// Calls to the five services with gRPC's generic stub: the gateway handles serialized messages
// only and needs no generated stubs.
namespace crm::gateway {

// Metadata sent with every call: authorization, x-request-id, x-forwarded-for.
using CallMetadata = std::vector<std::pair<std::string, std::string>>;

// One streaming call (server, client or both sides streaming): the requests are written, then
// responses are read one by one as the consumer asks for them (no read-ahead beyond one
// message, so a slow HTTP client slows the backend stream instead of filling memory).
class StreamingCall : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  enum class Event { kMessage, kTimeout, kDone };

  StreamingCall(grpc::GenericStub& stub, const std::string& method, const CallMetadata& metadata,
                std::vector<std::string> requests);
  ~StreamingCall() override;

  // The next message into `message`, or kDone (see status()) or kTimeout after `wait`.
  Event Next(std::string* message, std::chrono::milliseconds wait);
  // Final status; valid after Next returned kDone.
  const grpc::Status& status() const { return status_; }
  void Cancel() { context_.TryCancel(); }

  void OnWriteDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  grpc::ClientContext context_;
  std::vector<grpc::ByteBuffer> requests_;
  std::size_t next_write_ = 0;
  grpc::ByteBuffer read_buffer_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<std::string> ready_;  // a message read and not yet taken
  bool read_pending_ = false;
  bool reads_over_ = false;
  bool done_ = false;
  grpc::Status status_;
};

class Backends {
 public:
  // `addresses`: backend name ("registry") -> host:port. `channels` connections per backend
  // (calls are spread over them round robin).
  Backends(const std::map<std::string, std::string>& addresses, int channels,
           const common::TlsFiles& tls = {});

  bool Has(const std::string& backend) const { return stubs_.contains(backend); }
  const std::string& Address(const std::string& backend) const { return addresses_.at(backend); }

  grpc::Status Unary(const std::string& backend, const std::string& method,
                     const CallMetadata& metadata, const std::string& request,
                     std::string* response, std::chrono::milliseconds timeout);

  // Starts a streaming call; it is registered until destroyed so CancelAll reaches it.
  std::shared_ptr<StreamingCall> Stream(const std::string& backend, const std::string& method,
                                        const CallMetadata& metadata,
                                        std::vector<std::string> requests);
  // Cancels every open stream (graceful shutdown: long-lived watches end, their clients
  // reconnect to another replica) and refuses new ones.
  void CancelAll();

 private:
  grpc::GenericStub& StubFor(const std::string& backend);

  std::map<std::string, std::string> addresses_;
  std::map<std::string, std::vector<std::unique_ptr<grpc::GenericStub>>> stubs_;
  std::atomic<uint64_t> round_robin_{0};
  std::mutex streams_mutex_;
  std::set<std::weak_ptr<StreamingCall>, std::owner_less<std::weak_ptr<StreamingCall>>> streams_;
  bool closing_ = false;
};

// grpc::ByteBuffer <-> std::string.
grpc::ByteBuffer ToByteBuffer(const std::string& bytes);
std::string FromByteBuffer(const grpc::ByteBuffer& buffer);

}  // namespace crm::gateway
