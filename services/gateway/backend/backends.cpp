#include "services/gateway/backend/backends.h"

#include "common/grpc/tls.h"

namespace crm::gateway {
namespace {

void AddMetadata(grpc::ClientContext& context, const CallMetadata& metadata) {
  for (const auto& [key, value] : metadata) {
    context.AddMetadata(key, value);
  }
}

}  // namespace

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromByteBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) {
    return out;
  }
  out.reserve(buffer.Length());
  for (const auto& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

StreamingCall::StreamingCall(grpc::GenericStub& stub, const std::string& method,
                             const CallMetadata& metadata, std::vector<std::string> requests) {
  AddMetadata(context_, metadata);
  for (const auto& r : requests) {
    requests_.push_back(ToByteBuffer(r));
  }
  stub.PrepareBidiStreamingCall(&context_, method, grpc::StubOptions(), this);
  if (requests_.empty()) {
    StartWritesDone();
  } else {
    StartWrite(&requests_[next_write_++]);
  }
  // Held until the reads are over, so OnDone cannot run between a message being taken and the
  // next read being started.
  AddHold();
  read_pending_ = true;
  StartRead(&read_buffer_);
  StartCall();
}

StreamingCall::~StreamingCall() {
  context_.TryCancel();
  std::unique_lock lock(mutex_);
  if (!reads_over_ && !read_pending_) {
    // Abandoned with a message taken and no read started: nothing else will release the hold.
    reads_over_ = true;
    lock.unlock();
    RemoveHold();
    lock.lock();
  }
  changed_.wait(lock, [this] { return done_; });
}

void StreamingCall::OnWriteDone(bool ok) {
  if (!ok) {
    return;  // the call is ending; OnDone follows
  }
  if (next_write_ < requests_.size()) {
    StartWrite(&requests_[next_write_++]);
  } else {
    StartWritesDone();
  }
}

void StreamingCall::OnReadDone(bool ok) {
  {
    std::lock_guard lock(mutex_);
    read_pending_ = false;
    if (ok) {
      ready_ = FromByteBuffer(read_buffer_);
    } else {
      reads_over_ = true;
    }
    changed_.notify_all();
  }
  if (!ok) {
    RemoveHold();
  }
}

void StreamingCall::OnDone(const grpc::Status& status) {
  std::lock_guard lock(mutex_);
  status_ = status;
  reads_over_ = true;
  done_ = true;
  changed_.notify_all();
}

StreamingCall::Event StreamingCall::Next(std::string* message, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  bool ready = changed_.wait_for(lock, wait, [this] { return ready_.has_value() || done_; });
  if (!ready) {
    return Event::kTimeout;
  }
  if (ready_.has_value()) {
    *message = std::move(*ready_);
    ready_.reset();
    if (!reads_over_) {
      read_pending_ = true;
      lock.unlock();
      StartRead(&read_buffer_);
    }
    return Event::kMessage;
  }
  return Event::kDone;
}

Backends::Backends(const std::map<std::string, std::string>& addresses, int channels,
                   const common::TlsFiles& tls)
    : addresses_(addresses) {
  // Plaintext unless CRM_GRPC_TLS_CA_FILE names the services' CA (docs/operations.md).
  const std::shared_ptr<grpc::ChannelCredentials> credentials =
      common::rpc::ChannelCredentials(tls);
  for (const auto& [name, address] : addresses) {
    for (int i = 0; i < channels; ++i) {
      grpc::ChannelArguments args;
      // Distinct arguments keep the channels from sharing one connection.
      args.SetInt("crm.gateway.channel", i);
      args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
      // Every address a dns:/// target resolves to (a headless Service) takes calls in turn.
      args.SetLoadBalancingPolicyName("round_robin");
      stubs_[name].push_back(std::make_unique<grpc::GenericStub>(
          grpc::CreateCustomChannel(address, credentials, args)));
    }
  }
}

grpc::GenericStub& Backends::StubFor(const std::string& backend) {
  auto& stubs = stubs_.at(backend);
  return *stubs[round_robin_.fetch_add(1, std::memory_order_relaxed) % stubs.size()];
}

grpc::Status Backends::Unary(const std::string& backend, const std::string& method,
                             const CallMetadata& metadata, const std::string& request,
                             std::string* response, std::chrono::milliseconds timeout) {
  grpc::ClientContext context;
  AddMetadata(context, metadata);
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::ByteBuffer request_buffer = ToByteBuffer(request);
  grpc::ByteBuffer response_buffer;
  grpc::Status status;
  // The calling thread drives the call on a completion queue of its own, as a synchronous stub
  // does: no hand-over to gRPC's callback threads and back, which costs two thread wake-ups
  // per request under load.
  grpc::CompletionQueue queue;
  auto call = StubFor(backend).PrepareUnaryCall(&context, method, request_buffer, &queue);
  call->StartCall();
  call->Finish(&response_buffer, &status, &queue);
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (status.ok()) {
    *response = FromByteBuffer(response_buffer);
  }
  return status;
}

std::shared_ptr<StreamingCall> Backends::Stream(const std::string& backend,
                                                const std::string& method,
                                                const CallMetadata& metadata,
                                                std::vector<std::string> requests) {
  auto call =
      std::make_shared<StreamingCall>(StubFor(backend), method, metadata, std::move(requests));
  std::lock_guard lock(streams_mutex_);
  for (auto it = streams_.begin(); it != streams_.end();) {
    it = it->expired() ? streams_.erase(it) : std::next(it);
  }
  if (closing_) {
    call->Cancel();
  }
  streams_.insert(call);
  return call;
}

void Backends::CancelAll() {
  std::lock_guard lock(streams_mutex_);
  closing_ = true;
  for (const auto& weak : streams_) {
    if (auto call = weak.lock()) {
      call->Cancel();
    }
  }
}

}  // namespace crm::gateway
