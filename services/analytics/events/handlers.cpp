#include "services/analytics/events/handlers.h"

#include "common/bus/event_time.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/store/projection_store.h"

namespace crm::analytics {

using common::bus::InboundEvent;

common::bus::ConsumerOptions ProjectionConsumerOptions() {
  return {.durable = "analytics-all", .filter_subject = "crm.>"};
}

common::bus::EventRouter ProjectionRouter() {
  // A malformed event throws ValidationError from the domain: the consumer dead-letters it.
  common::bus::EventRouter router;
  router.On(crm::events::v1::kEmployeeCreated,
            [](pqxx::work& tx, const crm::events::v1::EmployeeCreated& ev, const InboundEvent&) {
              ProjectionStore::UpsertEmployee(tx, domain::ManagerRowOf(ev));
            });
  router.On(
      crm::events::v1::kEmployeeUpdated,
      [](pqxx::work& tx, const crm::events::v1::EmployeeUpdated& ev, const InboundEvent& meta) {
        ProjectionStore::UpsertMembership(
            tx, domain::MembershipRowOf(ev, common::bus::EventTimeOf(meta).value_or("")));
      });
  router.On(crm::events::v1::kContactPlanned,
            [](pqxx::work& tx, const crm::events::v1::ContactPlanned& ev, const InboundEvent&) {
              ProjectionStore::UpsertPlannedContact(tx, domain::PlannedContactRow(ev));
            });
  router.On(crm::events::v1::kContactCompleted,
            [](pqxx::work& tx, const crm::events::v1::ContactCompleted& ev, const InboundEvent&) {
              ProjectionStore::UpsertCompletedContact(tx, domain::CompletedContactRow(ev));
            });
  router.On(crm::events::v1::kSaleRecorded,
            [](pqxx::work& tx, const crm::events::v1::SaleRecorded& ev, const InboundEvent&) {
              ProjectionStore::UpsertSale(tx, domain::SaleRowOf(ev));
            });
  return router;
}

std::vector<common::bus::Subscription> Subscriptions() {
  std::vector<common::bus::Subscription> all;
  all.push_back({ProjectionConsumerOptions(), ProjectionRouter()});
  return all;
}

}  // namespace crm::analytics
