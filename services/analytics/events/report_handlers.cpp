#include "services/analytics/events/report_handlers.h"

#include "common/bus/event_time.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/analytics/domain/rating_report.h"
#include "services/analytics/domain/team_report.h"
#include "services/analytics/store/sales_report_store.h"

namespace crm::analytics {

using common::bus::InboundEvent;
namespace ev1 = crm::events::v1;

void AddReportRoutes(common::bus::EventRouter& router) {
  // Newer by ce-time wins, so a redelivery, a replay or a late member_set changes nothing.
  router.On(ev1::kProjectTeamMemberSet,
            [](pqxx::work& tx, const ev1::ProjectTeamMemberSet& ev, const InboundEvent& meta) {
              SalesReportStore::UpsertTeamMember(
                  tx, domain::TeamMemberRowOf(ev.member(), false,
                                              common::bus::EventTimeOf(meta).value_or("")));
            });
  router.On(ev1::kProjectTeamMemberRemoved,
            [](pqxx::work& tx, const ev1::ProjectTeamMemberRemoved& ev, const InboundEvent& meta) {
              SalesReportStore::UpsertTeamMember(
                  tx, domain::TeamMemberRowOf(ev.member(), true,
                                              common::bus::EventTimeOf(meta).value_or("")));
            });
  // A rating is never changed: its id makes a redelivery or a replay insert nothing.
  router.On(ev1::kRatingRecorded,
            [](pqxx::work& tx, const ev1::RatingRecorded& ev, const InboundEvent&) {
              SalesReportStore::InsertRating(tx, domain::RatingRowOf(ev));
            });
}

}  // namespace crm::analytics
