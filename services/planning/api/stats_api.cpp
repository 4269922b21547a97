#include "services/planning/api/stats_api.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cctype>
#include <tuple>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/planning/api/actors.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/stats_rules.h"
#include "services/planning/domain/task_rules.h"
#include "services/planning/store/org_store.h"
#include "services/planning/store/planning_store.h"
#include "services/planning/store/row_helpers.h"

namespace crm::planning {
namespace {

using common::auth::Principal;
using google::protobuf::Timestamp;

constexpr int kDefaultClientLimit = 20;
constexpr int kMaxClientLimit = 500;

domain::ResultKind KindOf(const std::string& name) {
  for (auto kind :
       {domain::ResultKind::kSale, domain::ResultKind::kRefusal, domain::ResultKind::kReschedule,
        domain::ResultKind::kNote, domain::ResultKind::kVisitRefusal,
        domain::ResultKind::kInvitation, domain::ResultKind::kManualSent}) {
    if (domain::ResultKindName(kind) == name) {
      return kind;
    }
  }
  return domain::ResultKind::kNote;
}

struct StatsQuery {
  domain::StatsSelection selection;
  std::optional<std::string> edition_id;
  std::optional<std::string> start;
  std::optional<std::string> end;
  int client_limit = kDefaultClientLimit;
};

void FillStats(pqxx::transaction_base& tx, const StatsQuery& q, v1::ContactStats& stats) {
  using store::rows::OrNull;
  const auto& s = q.selection;
  for (const auto& r :
       tx.exec_prepared("stats_by_type", OrNull(s.manager_id), OrNull(s.department_id),
                        OrNull(q.edition_id), OrNull(q.start), OrNull(q.end))) {
    auto* count = stats.add_by_type();
    count->set_type(domain::ContactTypeText::Parse(r[0].c_str()));
    count->set_contacts(r[1].as<int64_t>());
    count->set_completed(r[2].as<int64_t>());
    stats.set_contacts(stats.contacts() + count->contacts());
    stats.set_completed(stats.completed() + count->completed());
  }
  stats.set_planned(stats.contacts() - stats.completed());
  for (const auto& r :
       tx.exec_prepared("stats_by_result_kind", OrNull(s.manager_id), OrNull(s.department_id),
                        OrNull(q.edition_id), OrNull(q.start), OrNull(q.end))) {
    auto* count = stats.add_by_result_kind();
    count->set_result_kind(r[0].c_str());
    count->set_contacts(r[1].as<int64_t>());
    count->set_positive(domain::IsPositive(KindOf(count->result_kind())));
    if (count->positive()) {
      stats.set_positive(stats.positive() + count->contacts());
    }
  }
  stats.set_effectiveness_bp(domain::EffectivenessBp(stats.positive(), stats.completed()));
  for (const auto& r :
       tx.exec_prepared("stats_reschedules", OrNull(s.manager_id), OrNull(s.department_id),
                        OrNull(q.edition_id), OrNull(q.start), OrNull(q.end), q.client_limit)) {
    auto* client = stats.add_reschedules();
    client->set_client(common::ResourceName("clients", r[0].c_str()));
    client->set_reschedules(r[1].as<int64_t>());
    stats.set_total_reschedules(r[2].as<int64_t>());
  }
  for (const auto& r :
       tx.exec_prepared("stats_relationships", OrNull(s.manager_id), OrNull(s.department_id),
                        OrNull(q.edition_id), OrNull(q.start), OrNull(q.end), q.client_limit)) {
    auto* rel = stats.add_relationships();
    rel->set_client(common::ResourceName("clients", r[0].c_str()));
    *rel->mutable_first_contact_time() = store::rows::FromMicros(r[1]);
    *rel->mutable_last_activity_time() = store::rows::FromMicros(r[2]);
    rel->set_days(r[3].as<int64_t>());
    rel->set_contacts(r[4].as<int64_t>());
    rel->set_sales(r[5].as<int64_t>());
    stats.set_average_relationship_days(r[6].as<int64_t>());
    stats.set_clients(r[7].as<int64_t>());
  }
}

}  // namespace

StatsApi::StatsApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status StatsApi::GetContactStats(grpc::ServerContext* context,
                                       const v1::GetContactStatsRequest* request,
                                       v1::ContactStats* response) {
  return guard_.Run(context, "GetContactStats", {}, [&](const Principal& caller) {
    using google::protobuf::util::TimeUtil;
    common::Violations violations;
    StatsQuery q;
    domain::StatsSelection requested;
    if (!request->manager().empty()) {
      requested.manager_id =
          domain::ParseIdField(request->manager(), "employees", "manager", violations);
    }
    if (!request->department().empty()) {
      requested.department_id =
          domain::ParseIdField(request->department(), "departments", "department", violations);
    }
    if (!request->edition().empty()) {
      auto ids = common::ParseChildResourceId(request->edition(), "projects", "editions");
      if (!ids) {
        violations.Add("edition",
                       "must be a resource name of the form "
                       "\"projects/{uuid}/editions/{uuid}\"");
      } else {
        std::string id = ids->second;
        std::transform(id.begin(), id.end(), id.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        q.edition_id = std::move(id);
      }
    }
    for (const auto& [present, time, field, out] :
         {std::tuple{request->has_start_time(), &request->start_time(), "start_time", &q.start},
          std::tuple{request->has_end_time(), &request->end_time(), "end_time", &q.end}}) {
      if (!present) {
        continue;
      }
      if (!domain::IsPlausibleTime(*time)) {
        violations.Add(field, "must be a valid time in the years 2000 to 2099");
      } else {
        *out = store::rows::Time(*time);
      }
    }
    if (request->has_start_time() && request->has_end_time() &&
        request->end_time() <= request->start_time()) {
      violations.Add("end_time", "must be after start_time");
    }
    if (request->client_limit() < 0 || request->client_limit() > kMaxClientLimit) {
      violations.Add("client_limit", "must be between 0 and " + std::to_string(kMaxClientLimit));
    } else if (request->client_limit() > 0) {
      q.client_limit = request->client_limit();
    }
    violations.ThrowIfAny();

    *response = pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::Actor actor = LoadActor(tx, caller);
      const std::string manager_department =
          requested.manager_id ? store::FindEmployeeDepartment(tx, *requested.manager_id) : "";
      q.selection = domain::ResolveStatsSelection(actor, requested, manager_department);
      v1::ContactStats stats;
      FillStats(tx, q, stats);
      return stats;
    });
  });
}

}  // namespace crm::planning
