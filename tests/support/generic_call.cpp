#include "tests/support/generic_call.h"

#include <grpcpp/generic/generic_stub.h>

#include <stdexcept>

namespace crm::testing {
namespace {

// Waits for the one operation in flight; false when it failed (the call is over).
bool Await(grpc::CompletionQueue& queue, void* expected) {
  void* tag = nullptr;
  bool ok = false;
  if (!queue.Next(&tag, &ok) || tag != expected) {
    throw std::logic_error("completion queue out of step");
  }
  return ok;
}

}  // namespace

grpc::Status CallWithEmptyRequest(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& method, const std::string& token,
                                  std::chrono::milliseconds timeout) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  if (!token.empty()) {
    context.AddMetadata("authorization", "Bearer " + token);
  }
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, method, &queue);
  int step = 0;
  call->StartCall(&step);
  if (Await(queue, &step)) {
    grpc::Slice nothing("");
    grpc::ByteBuffer empty(&nothing, 1);
    call->WriteLast(empty, grpc::WriteOptions(), &step);
    if (Await(queue, &step)) {
      grpc::ByteBuffer reply;
      do {
        call->Read(&reply, &step);
      } while (Await(queue, &step));
    }
  }
  grpc::Status status;
  call->Finish(&status, &step);
  Await(queue, &step);
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  return status;
}

}  // namespace crm::testing
