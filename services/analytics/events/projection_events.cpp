#include "services/analytics/events/projection_events.h"

#include "common/bus/event_time.h"
#include "crm/events/v1/events.pb.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/store/projection_store.h"

namespace crm::analytics {

using common::bus::InboundEvent;

common::bus::ConsumerOptions ProjectionConsumerOptions() {
  common::bus::ConsumerOptions options;
  options.durable = "analytics-all";
  options.filter_subject = "crm.>";
  return options;
}

common::bus::EventRouter ProjectionRouter() {
  // A malformed event throws ValidationError from the domain: the consumer dead-letters it.
  common::bus::EventRouter router;
  router.On<crm::events::v1::EmployeeCreated>(
      kEmployeeCreatedSubject,
      [](pqxx::work& tx, const crm::events::v1::EmployeeCreated& ev, const InboundEvent&) {
        ProjectionStore::UpsertEmployee(tx, domain::ManagerRowOf(ev));
      });
  router.On<crm::events::v1::EmployeeUpdated>(
      kEmployeeUpdatedSubject,
      [](pqxx::work& tx, const crm::events::v1::EmployeeUpdated& ev, const InboundEvent& meta) {
        ProjectionStore::UpsertMembership(
            tx, domain::MembershipRowOf(ev, common::bus::EventTimeOf(meta).value_or("")));
      });
  router.On<crm::events::v1::ContactPlanned>(
      kContactPlannedSubject,
      [](pqxx::work& tx, const crm::events::v1::ContactPlanned& ev, const InboundEvent&) {
        ProjectionStore::UpsertPlannedContact(tx, domain::PlannedContactRow(ev));
      });
  router.On<crm::events::v1::ContactCompleted>(
      kContactCompletedSubject,
      [](pqxx::work& tx, const crm::events::v1::ContactCompleted& ev, const InboundEvent&) {
        ProjectionStore::UpsertCompletedContact(tx, domain::CompletedContactRow(ev));
      });
  router.On<crm::events::v1::SaleRecorded>(
      kSaleRecordedSubject,
      [](pqxx::work& tx, const crm::events::v1::SaleRecorded& ev, const InboundEvent&) {
        ProjectionStore::UpsertSale(tx, domain::SaleRowOf(ev));
      });
  return router;
}

}  // namespace crm::analytics
