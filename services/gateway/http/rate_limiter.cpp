#include "services/gateway/http/rate_limiter.h"

#include <absl/strings/escaping.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace crm::gateway {

std::optional<int> RateLimiter::Acquire(const std::string& key, Clock::time_point now) {
  if (rate_ <= 0) {
    return std::nullopt;
  }
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 100000) {
    ForgetIdle(now);
  }
  auto [it, added] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!added) {
    double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.updated = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
}

void RateLimiter::ForgetIdle(Clock::time_point now) {
  // A bucket that has refilled completely is the same as no bucket.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
    it = it->second.tokens + elapsed * rate_ >= burst_ ? buckets_.erase(it) : std::next(it);
  }
}

std::string UnverifiedTokenSubject(const std::string& authorization_header) {
  const std::string prefix = "Bearer ";
  if (authorization_header.size() <= prefix.size() ||
      authorization_header.compare(0, prefix.size(), prefix) != 0) {
    return "";
  }
  std::string_view token(authorization_header);
  token.remove_prefix(prefix.size());
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) {
    return "";
  }
  std::string payload;
  std::string_view encoded = token.substr(first + 1, second - first - 1);
  if (!absl::WebSafeBase64Unescape(absl::string_view(encoded.data(), encoded.size()), &payload)) {
    return "";
  }
  auto claims = nlohmann::json::parse(payload, nullptr, false);
  if (!claims.is_object() || !claims.contains("sub") || !claims["sub"].is_string()) {
    return "";
  }
  return claims["sub"].get<std::string>();
}

}  // namespace crm::gateway
