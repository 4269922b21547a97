#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

// Per-client token buckets: each key (a token's subject, or the client's address) may make
// `burst` requests at once and `rate` per second after that.
namespace crm::gateway {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // rate 0 turns limiting off.
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  // False when the rate is 0: every request passes and no client key need be computed.
  bool enabled() const { return rate_ > 0; }

  // Takes a token for `key`; when there is none, the seconds until there will be one.
  std::optional<int> Acquire(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void ForgetIdle(Clock::time_point now);

  double rate_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// The `sub` claim of a bearer token, read without verifying it (the services verify every
// call); "" when the header holds no readable JWT.
std::string UnverifiedTokenSubject(const std::string& authorization_header);

}  // namespace crm::gateway
