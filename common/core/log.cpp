#include "common/core/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace crm::common::log {
namespace {
std::string g_service = "crm";
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::mutex g_write_mutex;
thread_local std::string t_request_id;

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string NowIso8601() {
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return buf;
}
}  // namespace

void Init(std::string service, std::string_view level) {
  g_service = std::move(service);
  Level parsed = Level::kInfo;
  if (level == "debug") {
    parsed = Level::kDebug;
  } else if (level == "warn") {
    parsed = Level::kWarn;
  } else if (level == "error") {
    parsed = Level::kError;
  }
  g_level = static_cast<int>(parsed);
}

bool Enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

void Write(Level level, std::string_view message, nlohmann::json fields) {
  if (!Enabled(level)) {
    return;
  }
  nlohmann::json line = {
      {"ts", NowIso8601()}, {"level", LevelName(level)}, {"service", g_service}, {"msg", message}};
  if (!t_request_id.empty()) {
    line["request_id"] = t_request_id;
  }
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      line[key] = std::move(value);
    }
  }
  // Invalid UTF-8 from user input must not throw inside logging.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(g_write_mutex);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

const std::string& CurrentRequestId() { return t_request_id; }

ScopedRequestId::ScopedRequestId(std::string id) : previous_(std::move(t_request_id)) {
  t_request_id = std::move(id);
}

ScopedRequestId::~ScopedRequestId() { t_request_id = std::move(previous_); }

}  // namespace crm::common::log
