#include "services/analytics/events/handlers.h"

#include "common/bus/event_time.h"
#include "services/analytics/domain/projection.h"
#include "services/analytics/events/market_handlers.h"
#include "services/analytics/events/money_handlers.h"
#include "services/analytics/events/report_handlers.h"
#include "services/analytics/events/stand_handlers.h"
#include "services/analytics/store/projection_store.h"

namespace crm::analytics {

using common::bus::InboundEvent;

namespace {

// The event's ce-time; "" when it carries none (the row is then applied as the latest).
std::string EventTime(const InboundEvent& meta) {
  return common::bus::EventTimeOf(meta).value_or("");
}

// A sale as its snapshot tells it, and its edition when the projection has not seen the
// edition's own events.
void ApplySale(pqxx::work& tx, const crm::events::v1::SaleRecorded& sale,
               const std::string& event_time, bool cancelled) {
  domain::SaleRow row = domain::SaleRowOf(sale, event_time);
  row.cancelled = row.cancelled || cancelled;
  if (!row.edition.empty()) {
    ProjectionStore::InsertEditionIfMissing(
        tx, domain::EditionRowOf(sale.edition(), "edition", "", ""));
  }
  ProjectionStore::UpsertSale(tx, row);
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
              ApplySale(tx, ev, EventTime(meta), false);
            });
  router.On(crm::events::v1::kSaleAmended,
            [](pqxx::work& tx, const crm::events::v1::SaleAmended& ev, const InboundEvent& meta) {
              ApplySale(tx, ev.sale(), EventTime(meta), false);
            });
  router.On(crm::events::v1::kSaleCancelled,
            [](pqxx::work& tx, const crm::events::v1::SaleCancelled& ev, const InboundEvent& meta) {
              ApplySale(tx, ev.sale(), EventTime(meta), true);
            });
  router.On(
      crm::events::v1::kEditionCreated,
      [](pqxx::work& tx, const crm::events::v1::EditionCreated& ev, const InboundEvent& meta) {
        ProjectionStore::UpsertEdition(
            tx, domain::EditionRowOf(ev.edition(), "edition", "", EventTime(meta)));
      });
  router.On(
      crm::events::v1::kEditionUpdated,
      [](pqxx::work& tx, const crm::events::v1::EditionUpdated& ev, const InboundEvent& meta) {
        ProjectionStore::UpsertEdition(
            tx, domain::EditionRowOf(ev.edition(), "edition", ev.status(), EventTime(meta)));
      });
  router.On(crm::events::v1::kReadinessChanged,
            [](pqxx::work& tx, const crm::events::v1::ReadinessChanged& ev, const InboundEvent&) {
              ProjectionStore::InsertReadiness(tx, domain::ReadinessRowOf(ev));
            });
  router.On(
      crm::events::v1::kDepartmentCreated,
      [](pqxx::work& tx, const crm::events::v1::DepartmentCreated& ev, const InboundEvent& meta) {
        ProjectionStore::UpsertDepartment(
            tx, domain::DepartmentRowOf(ev.department(), EventTime(meta)));
      });
  router.On(
      crm::events::v1::kDepartmentUpdated,
      [](pqxx::work& tx, const crm::events::v1::DepartmentUpdated& ev, const InboundEvent& meta) {
        ProjectionStore::UpsertDepartment(
            tx, domain::DepartmentRowOf(ev.department(), EventTime(meta)));
      });
  router.On(
      crm::events::v1::kDepartmentDeleted,
      [](pqxx::work& tx, const crm::events::v1::DepartmentDeleted& ev, const InboundEvent& meta) {
        crm::events::v1::DepartmentSnapshot snapshot;
        snapshot.set_department(ev.department());
        domain::DepartmentRow row = domain::DepartmentRowOf(snapshot, EventTime(meta));
        row.deleted = true;
        ProjectionStore::UpsertDepartment(tx, row);
      });
  AddMarketRoutes(router);
  AddMoneyRoutes(router);
  AddReportRoutes(router);
  AddStandRoutes(router);
  return router;
}

std::vector<common::bus::Subscription> Subscriptions() {
  std::vector<common::bus::Subscription> all;
  all.push_back({ProjectionConsumerOptions(), ProjectionRouter()});
  return all;
}

}  // namespace crm::analytics
