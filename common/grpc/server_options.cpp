#include "common/grpc/server_options.h"

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/core/log.h"
#include "common/core/metrics.h"
#include "common/grpc/rpc_guard.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace crm::common::rpc {
namespace {

class MalformedRequestInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(std::string method) : method_(std::move(method)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      if (status.error_code() == grpc::INTERNAL && status.error_message().empty()) {
        const std::string message =
            "the request is not a valid message of this method: a string field holds invalid "
            "UTF-8, or the bytes are not a protobuf message";
        google::rpc::Status details;
        details.set_code(grpc::INVALID_ARGUMENT);
        details.set_message(message);
        google::rpc::ErrorInfo info;
        info.set_reason("MALFORMED_REQUEST");
        info.set_domain("expo-crm");
        details.add_details()->PackFrom(info);
        methods->ModifySendStatus(
            StatusWithDetails(grpc::INVALID_ARGUMENT, message, details.SerializeAsString()));
        metrics::Registry::Global()
            .GetCounter("crm_grpc_requests_total", "gRPC requests by method and code",
                        {{"method", method_}, {"code", "INVALID_ARGUMENT"}})
            .Inc();
        log::Info("rpc", {{"method", method_},
                          {"code", "INVALID_ARGUMENT"},
                          {"error", "malformed request rejected before the handler"}});
      }
    }
    methods->Proceed();
  }

 private:
  std::string method_;
};

// The calls in progress and the method each serves. The server makes one interceptor per call
// before the handler runs and destroys it with the call's context.
class ServedMethods {
 public:
  static ServedMethods& Global() {
    static ServedMethods* methods = new ServedMethods();  // never destroyed: calls may outlive main
    return *methods;
  }
  void Add(const grpc::ServerContextBase* context, const std::string* method) {
    std::lock_guard lock(mutex_);
    methods_[context] = method;
  }
  void Remove(const grpc::ServerContextBase* context, const std::string* method) {
    std::lock_guard lock(mutex_);
    auto it = methods_.find(context);
    if (it != methods_.end() && it->second == method) {
      methods_.erase(it);
    }
  }
  std::optional<std::string_view> Find(const grpc::ServerContextBase* context) {
    std::lock_guard lock(mutex_);
    auto it = methods_.find(context);
    if (it == methods_.end()) {
      return std::nullopt;
    }
    return std::string_view{*it->second};
  }

 private:
  std::mutex mutex_;
  std::unordered_map<const grpc::ServerContextBase*, const std::string*> methods_;
};

class ServedMethodInterceptor : public grpc::experimental::Interceptor {
 public:
  ServedMethodInterceptor(const grpc::ServerContextBase* context, std::string method)
      : context_(context), method_(std::move(method)) {
    ServedMethods::Global().Add(context_, &method_);
  }
  ~ServedMethodInterceptor() override { ServedMethods::Global().Remove(context_, &method_); }
  ServedMethodInterceptor(const ServedMethodInterceptor&) = delete;
  ServedMethodInterceptor& operator=(const ServedMethodInterceptor&) = delete;

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  const grpc::ServerContextBase* context_;
  std::string method_;
};

}  // namespace

grpc::experimental::Interceptor* ServedMethodInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new ServedMethodInterceptor(info->server_context(),
                                     info->method() != nullptr ? info->method() : "");
}

std::optional<std::string_view> ServedMethod(const grpc::ServerContextBase* context) {
  return ServedMethods::Global().Find(context);
}

grpc::experimental::Interceptor* MalformedRequestInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  std::string method = info->method() != nullptr ? info->method() : "";
  auto slash = method.rfind('/');
  return new MalformedRequestInterceptor(slash == std::string::npos ? method
                                                                    : method.substr(slash + 1));
}

void ConfigureServerBuilder(grpc::ServerBuilder& builder) {
  builder.SetMaxReceiveMessageSize(16 * 1024 * 1024);
  // gRPC binds with SO_REUSEPORT by default: a second process on the same port would then share
  // its connections silently (a stale replica, or two test stacks that drew the same free port)
  // instead of failing to start. One process per address, or a loud error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
  creators.push_back(std::make_unique<ServedMethodInterceptorFactory>());
  creators.push_back(std::make_unique<MalformedRequestInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(creators));
}

}  // namespace crm::common::rpc
