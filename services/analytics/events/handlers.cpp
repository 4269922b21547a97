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

// The sales as their snapshots tell them (`cancelled`: a sale.cancelled), and their editions for
// when the projection has not seen the editions' own events.
template <class Payload, class SaleOf>
void ApplySales(pqxx::work& tx, const std::vector<common::bus::Delivered<Payload>>& events,
                bool cancelled, SaleOf sale_of) {
  std::vector<domain::SaleRow> rows;
  std::vector<domain::EditionRow> editions;
  rows.reserve(events.size());
  for (const auto& ev : events) {
    const crm::events::v1::SaleRecorded& sale = sale_of(ev.payload);
    domain::SaleRow row = domain::SaleRowOf(sale, EventTime(*ev.meta));
    row.cancelled = row.cancelled || cancelled;
    if (!row.edition.empty()) {
      editions.push_back(domain::EditionRowOf(sale.edition(), "edition", "", ""));
    }
    rows.push_back(std::move(row));
  }
  ProjectionStore::UpsertSales(tx, rows, editions);
}

// The rows `row_of` makes of the events, for one of the contact statements.
template <class Payload, class RowOf>
std::vector<domain::ContactRow> ContactRows(
    const std::vector<common::bus::Delivered<Payload>>& events, RowOf row_of) {
  std::vector<domain::ContactRow> rows;
  rows.reserve(events.size());
  for (const auto& ev : events) {
    rows.push_back(row_of(ev.payload, EventTime(*ev.meta)));
  }
  return rows;
}

template <class Payload>
using Batch = std::vector<common::bus::Delivered<Payload>>;

}  // namespace

common::bus::ConsumerOptions ProjectionConsumerOptions() {
  // Larger fetches than the default: the contact and sale topics are applied a statement per
  // fetch and topic (ProjectionRouter), so the projection keeps up with the whole stream.
  return {.durable = "analytics-all", .filter_subject = "crm.>", .batch_size = 256};
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
  // Contacts and sales come in batches (a statement per batch and topic; see ProjectionStore):
  // each of their statements gives the same rows in whatever order the events are applied, so
  // their topics commute as EventRouter::OnBatch asks.
  namespace ev1 = crm::events::v1;
  router.OnBatch(ev1::kContactPlanned, [](pqxx::work& tx, const Batch<ev1::ContactPlanned>& evs) {
    ProjectionStore::UpsertPlannedContacts(tx, ContactRows(evs, domain::PlannedContactRow));
  });
  router.OnBatch(ev1::kContactUpdated, [](pqxx::work& tx, const Batch<ev1::ContactUpdated>& evs) {
    ProjectionStore::UpsertPlannedContacts(tx, ContactRows(evs, domain::UpdatedContactRow));
  });
  router.OnBatch(
      ev1::kContactReassigned, [](pqxx::work& tx, const Batch<ev1::ContactReassigned>& evs) {
        ProjectionStore::UpsertPlannedContacts(tx, ContactRows(evs, domain::ReassignedContactRow));
      });
  router.OnBatch(
      ev1::kContactCancelled, [](pqxx::work& tx, const Batch<ev1::ContactCancelled>& evs) {
        ProjectionStore::CancelContacts(tx, ContactRows(evs, domain::CancelledContactRow));
      });
  router.OnBatch(
      ev1::kContactCompleted, [](pqxx::work& tx, const Batch<ev1::ContactCompleted>& evs) {
        ProjectionStore::UpsertCompletedContacts(
            tx, ContactRows(evs, [](const ev1::ContactCompleted& ev, const std::string&) {
              return domain::CompletedContactRow(ev);
            }));
      });
  router.OnBatch(ev1::kSaleRecorded, [](pqxx::work& tx, const Batch<ev1::SaleRecorded>& evs) {
    ApplySales(
        tx, evs, false, [](const ev1::SaleRecorded& ev) -> const auto& { return ev; });
  });
  router.OnBatch(ev1::kSaleAmended, [](pqxx::work& tx, const Batch<ev1::SaleAmended>& evs) {
    ApplySales(
        tx, evs, false, [](const ev1::SaleAmended& ev) -> const auto& { return ev.sale(); });
  });
  router.OnBatch(ev1::kSaleCancelled, [](pqxx::work& tx, const Batch<ev1::SaleCancelled>& evs) {
    ApplySales(
        tx, evs, true, [](const ev1::SaleCancelled& ev) -> const auto& { return ev.sale(); });
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
