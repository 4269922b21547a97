#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/flow.h"

// The steady load the fault suite runs its faults under: managers creating clients, planning
// calls and completing them with sales, as a client app does it, through every fault. A write
// that fails because something is down is repeated with the same idempotency key until it is
// answered, as a client app retries it; what was acknowledged is remembered, so the suite can
// check afterwards that each acknowledged write took effect exactly once everywhere.
namespace crm::faults {

class Load {
 public:
  // `run_tag` prefixes the names of the clients it creates; `inn_base` keeps their INNs apart
  // from the reference data's.
  // Each of `workers` takes a step every `pace` (plus the step's own time).
  Load(testing::Flow& flow, int workers, std::chrono::milliseconds pace, unsigned seed,
       int inn_base);
  ~Load();
  Load(const Load&) = delete;
  Load& operator=(const Load&) = delete;

  void Start();
  // Stops taking new steps and waits for the steps under way (their retries included).
  void Stop();

  // What the services acknowledged.
  struct Acknowledged {
    std::set<std::string> clients;             // "clients/{id}"
    std::set<std::string> contacts;            // planned: "contacts/{id}"
    std::set<std::string> completed_contacts;  // completed with a sale
    int64_t sold_area_dm2 = 0;                 // over the completed contacts
  };
  Acknowledged acknowledged() const;

  struct Counts {
    int64_t calls = 0;    // every attempt
    int64_t retried = 0;  // attempts answered with a transient failure and repeated
    std::map<std::string, int64_t> retried_by_code;
    int64_t internal = 0;  // answers INTERNAL or UNKNOWN (retried, but a defect to report)
    // Writes refused for good (a status no retry can change), and writes still unanswered at
    // the end of the retry budget; both must be 0.
    int64_t refused = 0;
    int64_t gave_up = 0;
    std::vector<std::string> first_problems;  // a few examples of the above
  };
  Counts counts() const;

 private:
  void Work(int worker);
  // Calls `call` with a fresh context each attempt until it answers OK (true), a status that
  // no retry changes (false), or the retry budget runs out (false). `accept` may turn a
  // refusal into success (a completion repeated after its first attempt went through).
  bool Persist(const std::string& rpc, const std::function<grpc::Status()>& call,
               const std::function<bool(const grpc::Status&, int attempt)>& accept = {});
  void Problem(const std::string& text);

  testing::Flow& flow_;
  int workers_;
  std::chrono::milliseconds pace_;
  unsigned seed_;
  int inn_base_;
  std::atomic<bool> stop_{false};
  std::atomic<int> next_client_{0};
  std::vector<std::thread> threads_;
  mutable std::mutex mutex_;
  Acknowledged acknowledged_;
  Counts counts_;
};

}  // namespace crm::faults
