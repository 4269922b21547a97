#include "services/planning/api/stats_api.h"

#include <google/protobuf/util/time_util.h>

#include <tuple>

#include "common/core/errors.h"
#include "common/core/share.h"
#include "services/planning/app/actors.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/stand_rules.h"
#include "services/planning/domain/stats_rules.h"
#include "services/planning/domain/task_rules.h"
#include "services/planning/store/org_store.h"
#include "services/planning/store/planning_store.h"
#include "services/planning/store/stats_store.h"

namespace crm::planning {
namespace {

using app::LoadActor;
using common::auth::Principal;
using google::protobuf::Timestamp;

constexpr int kDefaultClientLimit = 20;
constexpr int kMaxClientLimit = 500;

domain::ResultKind KindOf(const std::string& name) {
  return domain::ResultKindText::Find(name).value_or(domain::ResultKind::kNote);
}

void FillStats(pqxx::transaction_base& tx, const store::StatsFilter& filter,
               v1::ContactStats& stats) {
  for (auto& count : store::CountContactsByType(tx, filter)) {
    stats.set_contacts(stats.contacts() + count.contacts());
    stats.set_completed(stats.completed() + count.completed());
    *stats.add_by_type() = std::move(count);
  }
  stats.set_planned(stats.contacts() - stats.completed());
  for (auto& count : store::CountContactsByResultKind(tx, filter)) {
    count.set_positive(domain::IsPositive(KindOf(count.result_kind())));
    if (count.positive()) {
      stats.set_positive(stats.positive() + count.contacts());
    }
    *stats.add_by_result_kind() = std::move(count);
  }
  stats.set_effectiveness_bp(common::ShareBp(stats.positive(), stats.completed()));
  store::RescheduleFigures reschedules = store::TopReschedules(tx, filter);
  for (auto& client : reschedules.clients) {
    *stats.add_reschedules() = std::move(client);
  }
  stats.set_total_reschedules(reschedules.total);
  store::RelationshipFigures relationships = store::LongestRelationships(tx, filter);
  for (auto& client : relationships.clients) {
    *stats.add_relationships() = std::move(client);
  }
  stats.set_average_relationship_days(relationships.average_days);
  stats.set_clients(relationships.client_count);
}

}  // namespace

StatsApi::StatsApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status StatsApi::GetContactStats(grpc::ServerContext* context,
                                       const v1::GetContactStatsRequest* request,
                                       v1::ContactStats* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    using google::protobuf::util::TimeUtil;
    common::Violations violations;
    store::StatsFilter q;
    q.client_limit = kDefaultClientLimit;
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
      if (const auto ids =
              domain::ParseEditionName(request->edition(), "", "edition", violations)) {
        q.edition_id = ids->edition_id;
      }
    }
    for (const auto& [present, time, field, out] :
         {std::tuple{request->has_start_time(), &request->start_time(), "start_time",
                     &q.start_time},
          std::tuple{request->has_end_time(), &request->end_time(), "end_time", &q.end_time}}) {
      if (!present) {
        continue;
      }
      if (!domain::IsPlausibleTime(*time)) {
        violations.Add(field, "must be a valid time in the years 2000 to 2099");
      } else {
        *out = *time;
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
      const domain::StatsSelection selection =
          domain::ResolveStatsSelection(actor, requested, manager_department);
      q.manager_id = selection.manager_id;
      q.department_id = selection.department_id;
      v1::ContactStats stats;
      FillStats(tx, q, stats);
      return stats;
    });
  });
}

}  // namespace crm::planning
