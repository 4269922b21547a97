#include "services/gateway/http/http1_server.h"

#include <httplib.h>

#include "common/grpc/admin_server.h"

namespace crm::gateway {
namespace {

HttpRequest FromHttplib(const httplib::Request& req) {
  HttpRequest request;
  request.method = req.method;
  request.target = req.target.empty() ? req.path : req.target;
  for (const auto& [name, value] : req.headers) {
    std::string lower = name;
    for (auto& c : lower) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    request.headers.emplace(std::move(lower), value);
  }
  request.body = req.body;
  request.remote_addr = req.remote_addr;
  return request;
}

class SinkWriter : public BodyWriter {
 public:
  explicit SinkWriter(httplib::DataSink& sink) : sink_(sink) {}
  bool Write(std::string_view chunk) override {
    return sink_.is_writable() && sink_.write(chunk.data(), chunk.size());
  }

 private:
  httplib::DataSink& sink_;
};

void ToHttplib(HttpResponse response, httplib::Response& res) {
  res.status = response.status;
  std::string content_type;
  for (auto& [name, value] : response.headers) {
    if (name == "content-type") {
      content_type = value;
    } else if (name != "content-length") {
      res.set_header(name, value);
    }
  }
  if (response.stream) {
    auto stream = std::make_shared<std::function<void(BodyWriter&)>>(std::move(response.stream));
    res.set_chunked_content_provider(content_type, [stream](size_t, httplib::DataSink& sink) {
      SinkWriter writer(sink);
      (*stream)(writer);
      sink.done();
      return true;
    });
    return;
  }
  if (!response.body.empty() || !content_type.empty()) {
    res.set_content(std::move(response.body), content_type);
  }
}

}  // namespace

Http1Server::Http1Server(Gateway& gateway, const GatewayConfig& config)
    : gateway_(gateway), server_(std::make_unique<httplib::Server>()) {
  const int threads = config.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(100000);
  server_->set_keep_alive_timeout(60);
  server_->set_read_timeout(60);
  server_->set_payload_max_length(std::max(config.max_body_bytes, config.max_upload_bytes));
  // An oversized body is refused from its Content-Length, before it is read.
  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_header("Content-Length")) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    std::size_t length = 0;
    try {
      length = std::stoull(req.get_header_value("Content-Length"));
    } catch (const std::exception&) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    std::size_t limit = gateway_.BodyLimitFor(req.method, req.target);
    if (length <= limit) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    ToHttplib(gateway_.TooLarge(FromHttplib(req), limit), res);
    // The unread body must not be taken for the next request.
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  });
  // httplib's own refusals (a chunked body over the largest limit, a malformed request) get a
  // google.rpc.Status body too.
  server_->set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty() || res.is_chunked_content_provider_) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        if (res.status == 413) {
          int status = res.status;
          ToHttplib(
              gateway_.TooLarge(FromHttplib(req), gateway_.BodyLimitFor(req.method, req.target)),
              res);
          res.status = status;
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      }));
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    ToHttplib(gateway_.Handle(FromHttplib(req)), res);
  };
  const char* everything = R"(.*)";
  server_->Get(everything, handler);
  server_->Post(everything, handler);
  server_->Put(everything, handler);
  server_->Patch(everything, handler);
  server_->Delete(everything, handler);
  server_->Options(everything, handler);
}

Http1Server::~Http1Server() { Stop(); }

bool Http1Server::Bind(const std::string& listen) {
  auto [host, port] = common::rpc::SplitHostPort(listen);
  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
    return port_ > 0;
  }
  if (!server_->bind_to_port(host, port)) {
    return false;
  }
  port_ = port;
  return true;
}

void Http1Server::Start() {
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

void Http1Server::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace crm::gateway
