#include "tools/grpc-fuzz/generic_call.h"

#include <grpcpp/generic/generic_stub.h>

namespace crm::tools::grpc_fuzz {

namespace {

std::string ToBytes(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (buffer.Dump(&slices).ok()) {
    for (const grpc::Slice& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
  }
  return bytes;
}

}  // namespace

CallOutcome CallGeneric(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                        const std::vector<std::string>& requests, const std::string& token,
                        const std::string& request_id, bool server_streaming,
                        const CallSettings& settings) {
  CallOutcome outcome;
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + token);
  context.AddMetadata("x-request-id", request_id);
  const auto deadline = std::chrono::system_clock::now() + settings.deadline;
  context.set_deadline(deadline);
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, path, &queue);
  // One operation at a time: start it, wait for its completion (or cancel the call when it takes
  // longer than `wait`, then collect the operation's completion).
  auto step = [&](auto&& start, std::chrono::system_clock::time_point wait) {
    start();
    void* tag = nullptr;
    bool ok = false;
    if (queue.AsyncNext(&tag, &ok, wait) == grpc::CompletionQueue::TIMEOUT) {
      context.TryCancel();
      outcome.cancelled_by_us = true;
      queue.Next(&tag, &ok);
      return false;
    }
    return ok;
  };
  bool open = step([&] { call->StartCall(&queue); }, deadline);
  for (const std::string& request : requests) {
    if (!open) {
      break;
    }
    grpc::Slice slice(request);
    grpc::ByteBuffer buffer(&slice, 1);
    open = step([&] { call->Write(buffer, &queue); }, deadline);
  }
  if (open) {
    step([&] { call->WritesDone(&queue); }, deadline);
  }
  const int max_messages = server_streaming ? settings.max_stream_messages : 1;
  for (int read = 0; read < max_messages; ++read) {
    grpc::ByteBuffer response;
    const auto wait =
        server_streaming
            ? std::min(deadline, std::chrono::system_clock::now() + settings.stream_idle)
            : deadline;
    if (!step([&] { call->Read(&response, &queue); }, wait)) {
      break;
    }
    outcome.responses.push_back(ToBytes(response));
    if (read + 1 == max_messages && server_streaming) {
      context.TryCancel();
      outcome.cancelled_by_us = true;
    }
  }
  step([&] { call->Finish(&outcome.status, &queue); }, deadline + std::chrono::seconds(5));
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  return outcome;
}

}  // namespace crm::tools::grpc_fuzz
