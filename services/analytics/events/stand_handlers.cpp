#include "services/analytics/events/stand_handlers.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <string>

#include "common/bus/event_time.h"
#include "common/core/errors.h"
#include "crm/events/v1/planning_topics.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/domain/timestamps.h"
#include "services/analytics/store/forecast_store.h"

namespace crm::analytics {
namespace {

using common::bus::InboundEvent;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return text;
}

// The change a stand event tells: its stand and edition must be named (an event without them
// can never be applied and is dead-lettered); its time is the event's ce-time (now when it
// carries none: applied as the latest).
StandChangeRow ChangeOf(const crm::events::v1::StandSnapshot& stand, const char* state,
                        const std::string& client, const InboundEvent& meta) {
  common::Violations violations;
  if (stand.stand().empty()) {
    violations.Add("stand.stand", "must be set");
  }
  if (!domain::IsEditionName(stand.edition())) {
    violations.Add("stand.edition", "must be projects/{uuid}/editions/{uuid}");
  }
  violations.ThrowIfAny();
  return {stand.stand(),
          stand.edition(),
          state,
          Lower(client),
          stand.area_dm2(),
          common::bus::EventTimeOf(meta).value_or(google::protobuf::util::TimeUtil::ToString(
              google::protobuf::util::TimeUtil::GetCurrentTime())),
          ""};
}

}  // namespace

void AddStandRoutes(common::bus::EventRouter& router) {
  router.On(crm::events::v1::kStandHeld,
            [](pqxx::work& tx, const crm::events::v1::StandHeld& ev, const InboundEvent& meta) {
              StandChangeRow row = ChangeOf(ev.stand(), "held", ev.client(), meta);
              if (ev.has_expire_time() && domain::IsValidTimestamp(ev.expire_time())) {
                row.expire_rfc3339 = domain::Rfc3339(ev.expire_time());
              }
              ForecastStore::InsertStandChange(tx, row);
            });
  router.On(crm::events::v1::kStandSold,
            [](pqxx::work& tx, const crm::events::v1::StandSold& ev, const InboundEvent& meta) {
              ForecastStore::InsertStandChange(tx, ChangeOf(ev.stand(), "sold", ev.client(), meta));
            });
  router.On(crm::events::v1::kStandReleased,
            [](pqxx::work& tx, const crm::events::v1::StandReleased& ev, const InboundEvent& meta) {
              ForecastStore::InsertStandChange(tx,
                                               ChangeOf(ev.stand(), "released", ev.client(), meta));
            });
}

}  // namespace crm::analytics
