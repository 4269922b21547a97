#include "tools/faults/load.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <random>

#include "common/core/ids.h"
#include "common/grpc/rpc_guard.h"
#include "tests/support/requisites.h"
#include "tests/support/service_harness.h"

namespace crm::faults {

namespace registry = crm::registry::v1;
namespace planning = crm::planning::v1;
using google::protobuf::util::TimeUtil;

namespace {

// Long enough to outlast the longest fault (a database down beyond the consumers' retry budget)
// and a service's restart after it.
constexpr auto kRetryBudget = std::chrono::seconds(240);

// Statuses a client app retries: something on the way was down or restarting.
bool Transient(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
      return true;
    default:
      return false;
  }
}

}  // namespace

Load::Load(testing::Flow& flow, int workers, std::chrono::milliseconds pace, unsigned seed,
           int inn_base)
    : flow_(flow), workers_(workers), pace_(pace), seed_(seed), inn_base_(inn_base) {}

Load::~Load() { Stop(); }

void Load::Start() {
  stop_ = false;
  for (int w = 0; w < workers_; ++w) {
    threads_.emplace_back([this, w] { Work(w); });
  }
}

void Load::Stop() {
  stop_ = true;
  for (auto& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

Load::Acknowledged Load::acknowledged() const {
  std::lock_guard lock(mutex_);
  return acknowledged_;
}

Load::Counts Load::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void Load::Problem(const std::string& text) {
  std::lock_guard lock(mutex_);
  if (counts_.first_problems.size() < 5) {
    counts_.first_problems.push_back(text);
  }
}

bool Load::Persist(const std::string& rpc, const std::function<grpc::Status()>& call,
                   const std::function<bool(const grpc::Status&, int attempt)>& accept) {
  const auto give_up = std::chrono::steady_clock::now() + kRetryBudget;
  auto pause = std::chrono::milliseconds(100);
  for (int attempt = 1;; ++attempt) {
    const grpc::Status status = call();
    {
      std::lock_guard lock(mutex_);
      ++counts_.calls;
    }
    if (status.ok() || (accept && accept(status, attempt))) {
      return true;
    }
    const auto code = status.error_code();
    if (!Transient(code)) {
      {
        std::lock_guard lock(mutex_);
        ++counts_.refused;
      }
      Problem(rpc + " refused: " + std::to_string(code) + " " + status.error_message());
      return false;
    }
    const bool internal = code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNKNOWN;
    {
      std::lock_guard lock(mutex_);
      ++counts_.retried;
      ++counts_.retried_by_code[common::rpc::StatusCodeName(code)];
      counts_.internal += internal ? 1 : 0;
    }
    if (internal) {
      Problem(rpc + " answered " + std::to_string(code) + ": " + status.error_message());
    }
    if (std::chrono::steady_clock::now() > give_up) {
      {
        std::lock_guard lock(mutex_);
        ++counts_.gave_up;
      }
      Problem(rpc + " still failing after the retry budget: " + status.error_message());
      return false;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
}

void Load::Work(int worker) {
  std::mt19937 random(seed_ * 7919U + static_cast<unsigned>(worker));
  while (!stop_) {
    if (random() % 100 < 35) {  // a new client
      const int n = next_client_.fetch_add(1);
      registry::CreateClientRequest request;
      auto* c = request.mutable_client();
      c->set_display_name("Faults " + std::to_string(n));
      c->set_legal_name("ООО «Стенд-" + std::to_string(n) + "»");
      c->set_inn(testing::LegalEntityInn(inn_base_ + n));
      c->set_kpp("631601001");
      c->set_legal_address("443001, г. Самара, ул. Садовая, д. " + std::to_string(n % 300 + 1));
      request.set_request_id(common::NewUuid());
      registry::Client created;
      if (Persist("CreateClient", [&] {
            return flow_.registry->CreateClient(testing::Ctx(flow_.manager_token).get(), request,
                                                &created);
          })) {
        std::lock_guard lock(mutex_);
        acknowledged_.clients.insert(created.name());
      }
    } else {  // a call planned and completed with a sale
      planning::PlanContactRequest plan;
      auto* c = plan.mutable_contact();
      c->set_client(flow_.client);
      c->set_contact_person(flow_.contact_person);
      c->set_edition(flow_.edition);
      c->set_type(planning::CONTACT_TYPE_CALL);
      c->set_purpose("Предложить стенд");
      *c->mutable_scheduled_time() = TimeUtil::GetCurrentTime();
      plan.set_request_id(common::NewUuid());
      planning::Contact contact;
      if (!Persist("PlanContact", [&] {
            return flow_.planning->PlanContact(testing::Ctx(flow_.manager_token).get(), plan,
                                               &contact);
          })) {
        continue;
      }
      {
        std::lock_guard lock(mutex_);
        acknowledged_.contacts.insert(contact.name());
      }
      planning::CompleteContactRequest complete;
      complete.set_name(contact.name());
      const int64_t area = 900 + static_cast<int64_t>(random() % 2700);
      complete.mutable_result()->mutable_sale()->set_area_dm2(area);
      complete.mutable_result()->mutable_sale()->set_stand_number("A-12");
      const std::string request_id = common::NewUuid();
      planning::CompleteContactResponse completed;
      // A repeat of a completion whose first answer was lost finds the contact completed: the
      // sale happened once, which is what the client wanted.
      const auto already_done = [](const grpc::Status& status, int attempt) {
        return attempt > 1 &&
               testing::ErrorInfoReason(status) == std::string("CONTACT_ALREADY_COMPLETED");
      };
      if (Persist(
              "CompleteContact",
              [&] {
                return flow_.planning->CompleteContact(
                    testing::Ctx(flow_.manager_token, request_id).get(), complete, &completed);
              },
              already_done)) {
        std::lock_guard lock(mutex_);
        acknowledged_.completed_contacts.insert(contact.name());
        acknowledged_.sold_area_dm2 += area;
      }
    }
    std::this_thread::sleep_for(pace_);
  }
}

}  // namespace crm::faults
