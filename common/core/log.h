#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

// Structured logs: one JSON object per line on stdout, with the service name and the request id
// of the work in progress (carried across gRPC calls in `x-request-id` and across events in the
// `ce-requestid` header).
namespace crm::common::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void Init(std::string service, std::string_view level);
bool Enabled(Level level);
void Write(Level level, std::string_view message, nlohmann::json fields = nlohmann::json::object());

inline void Debug(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  if (Enabled(Level::kDebug)) {
    Write(Level::kDebug, m, std::move(f));
  }
}
inline void Info(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  Write(Level::kInfo, m, std::move(f));
}
inline void Warn(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  Write(Level::kWarn, m, std::move(f));
}
inline void Error(std::string_view m, nlohmann::json f = nlohmann::json::object()) {
  Write(Level::kError, m, std::move(f));
}

// The request id of the current thread's work; empty when none.
const std::string& CurrentRequestId();

// Sets the current request id for the lifetime of the scope (restores the previous one).
class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string previous_;
};

}  // namespace crm::common::log
