#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The gateway's view of an HTTP exchange, the same for HTTP/1.1 and HTTP/2: the servers
// (http1_server, http2_server) translate to and from these.
namespace crm::gateway {

struct HttpRequest {
  std::string method;                               // "GET"
  std::string target;                               // path and query as sent, still percent-encoded
  std::multimap<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote_addr;

  // First value of a header ("" when absent); `name` in lower case.
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Receives the body of a streamed response; Write returns false once the client is gone.
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;
  virtual bool Write(std::string_view chunk) = 0;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  // A streamed body: when set, `body` is ignored and this writes the body after the headers
  // went out (no Content-Length; chunked in HTTP/1.1, DATA frames in HTTP/2).
  std::function<void(BodyWriter&)> stream;

  void SetHeader(std::string name, std::string value) {
    for (auto& [k, v] : headers) {
      if (k == name) {
        v = std::move(value);
        return;
      }
    }
    headers.emplace_back(std::move(name), std::move(value));
  }
  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) {
        return v;
      }
    }
    return "";
  }
};

}  // namespace crm::gateway
