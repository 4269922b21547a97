#include "services/analytics/events/handlers.h"

#include "common/bus/event_time.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/store/projection_store.h"

namespace crm::analytics {

using common::bus::InboundEvent;

namespace {

// The event's ce-time; "" when it carries none (the row is then applied as the latest).
std::string EventTime(const InboundEvent& meta) {
  return common::bus::EventTimeOf(meta).value_or("");
}

}  // namespace

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
        ProjectionStore::UpsertMembership(tx, domain::MembershipRowOf(ev, EventTime(meta)));
      });
  router.On(
      crm::events::v1::kContactPlanned,
      [](pqxx::work& tx, const crm::events::v1::ContactPlanned& ev, const InboundEvent& meta) {
        ProjectionStore::UpsertPlannedContact(tx, domain::PlannedContactRow(ev, EventTime(meta)));
      });
  router.On(
      crm::events::v1::kContactUpdated,
      [](pqxx::work& tx, const crm::events::v1::ContactUpdated& ev, const InboundEvent& meta) {
        ProjectionStore::UpsertPlannedContact(tx, domain::UpdatedContactRow(ev, EventTime(meta)));
      });
  router.On(crm::events::v1::kContactReassigned, [](pqxx::work& tx,
                                                    const crm::events::v1::ContactReassigned& ev,
                                                    const InboundEvent& meta) {
    ProjectionStore::UpsertPlannedContact(tx, domain::ReassignedContactRow(ev, EventTime(meta)));
  });
  router.On(
      crm::events::v1::kContactCancelled,
      [](pqxx::work& tx, const crm::events::v1::ContactCancelled& ev, const InboundEvent& meta) {
        ProjectionStore::CancelContact(tx, domain::CancelledContactRow(ev, EventTime(meta)));
      });
  router.On(crm::events::v1::kContactCompleted,
            [](pqxx::work& tx, const crm::events::v1::ContactCompleted& ev, const InboundEvent&) {
              ProjectionStore::UpsertCompletedContact(tx, domain::CompletedContactRow(ev));
            });
  router.On(crm::events::v1::kSaleRecorded,
            [](pqxx::work& tx, const crm::events::v1::SaleRecorded& ev, const InboundEvent& meta) {
              ProjectionStore::UpsertSale(tx, domain::SaleRowOf(ev, EventTime(meta)));
            });
  router.On(crm::events::v1::kSaleAmended,
            [](pqxx::work& tx, const crm::events::v1::SaleAmended& ev, const InboundEvent& meta) {
              ProjectionStore::UpsertSale(tx, domain::SaleRowOf(ev.sale(), EventTime(meta)));
            });
  router.On(crm::events::v1::kSaleCancelled,
            [](pqxx::work& tx, const crm::events::v1::SaleCancelled& ev, const InboundEvent& meta) {
              domain::SaleRow row = domain::SaleRowOf(ev.sale(), EventTime(meta));
              row.cancelled = true;
              ProjectionStore::UpsertSale(tx, row);
            });
  return router;
}

std::vector<common::bus::Subscription> Subscriptions() {
  std::vector<common::bus::Subscription> all;
  all.push_back({ProjectionConsumerOptions(), ProjectionRouter()});
  return all;
}

}  // namespace crm::analytics
