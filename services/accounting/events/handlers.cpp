#include "services/accounting/events/handlers.h"

#include "common/bus/event_time.h"
#include "services/accounting/app/exchange.h"
#include "services/accounting/app/export_document.h"
#include "services/accounting/app/record_budget_fact.h"
#include "services/accounting/app/record_client.h"
#include "services/accounting/app/record_edition.h"
#include "services/accounting/app/record_invoice.h"
#include "services/accounting/store/employee_store.h"

namespace crm::accounting {

common::bus::ConsumerOptions DocumentsConsumerOptions() {
  // What fails here besides a malformed event (dead-lettered at once) is the exchange share:
  // unmounted, full, read-only. With the 30 s backoff cap, 240 deliveries ride out about two
  // hours of that before an export is dead-lettered, like documents' sale consumer.
  return {.durable = "accounting-documents",
          .filter_subject = "crm.documents.document.>",
          .max_deliver = 240};
}

common::bus::EventRouter DocumentsRouter(const ExchangeDirectory& exchange, bool enterprise_data) {
  common::bus::EventRouter router;
  router.On(
      crm::events::v1::kDocumentIssued,
      [&exchange, enterprise_data](pqxx::work& tx, const crm::events::v1::DocumentIssued& event,
                                   const common::bus::InboundEvent& meta) {
        if (enterprise_data) {
          app::QueueIssuedForExchange(tx, event);
        } else {
          app::ExportDocument(tx, event, meta.id, exchange);
        }
        app::RecordIssuedInvoice(tx, event, meta.id);
        app::RecordIssuedClosingDocument(tx, event, meta.id);
      });
  router.On(
      crm::events::v1::kDocumentAnnulled,
      [&exchange, enterprise_data](pqxx::work& tx, const crm::events::v1::DocumentAnnulled& event,
                                   const common::bus::InboundEvent& meta) {
        if (enterprise_data) {
          app::QueueAnnulledForExchange(tx, event);
        } else {
          app::ExportAnnulment(tx, event, meta.id, exchange);
        }
        app::RecordAnnulledInvoice(tx, event);
        app::RecordAnnulledClosingDocument(tx, event);
      });
  return router;
}

common::bus::ConsumerOptions EmployeesConsumerOptions() {
  return {.durable = "accounting-employees", .filter_subject = "crm.registry.employee.>"};
}

common::bus::EventRouter EmployeesRouter() {
  common::bus::EventRouter router;
  router.On(crm::events::v1::kEmployeeUpdated, [](pqxx::work& tx,
                                                  const crm::events::v1::EmployeeUpdated& updated,
                                                  const common::bus::InboundEvent& meta) {
    const std::string& unit = updated.department_unit();
    EmployeeStore::SetDepartment(
        tx,
        common::bus::ResourceIdOrPoison(updated.employee().employee(), "employees",
                                        "employee.employee"),
        unit.empty() ? std::string()
                     : common::bus::ResourceIdOrPoison(unit, "departments", "department_unit"),
        common::bus::EventTimeOf(meta));
  });
  return router;
}

common::bus::ConsumerOptions EditionsConsumerOptions() {
  return {.durable = "accounting-editions", .filter_subject = "crm.registry.edition.>"};
}

common::bus::EventRouter EditionsRouter() {
  common::bus::EventRouter router;
  router.On(crm::events::v1::kEditionCreated,
            [](pqxx::work& tx, const crm::events::v1::EditionCreated& created,
               const common::bus::InboundEvent& meta) {
              app::RecordEdition(tx, created, common::bus::EventTimeOf(meta));
            });
  router.On(crm::events::v1::kEditionUpdated,
            [](pqxx::work& tx, const crm::events::v1::EditionUpdated& updated,
               const common::bus::InboundEvent& meta) {
              app::RecordEdition(tx, updated, common::bus::EventTimeOf(meta));
            });
  return router;
}

common::bus::ConsumerOptions ClientsConsumerOptions() {
  return {.durable = "accounting-clients", .filter_subject = "crm.registry.client.>"};
}

namespace {

// The handler of an event whose payload carries the client as it is now (`client`).
template <class Payload>
common::bus::EventRouter::Handler<Payload> RecordClientFrom() {
  return [](pqxx::work& tx, const Payload& event, const common::bus::InboundEvent& meta) {
    app::RecordClient(tx, event.client(), common::bus::EventTimeOf(meta));
  };
}

}  // namespace

common::bus::EventRouter ClientsRouter() {
  // A deleted or merged client keeps its copy: 1C keeps the counterparty for the documents booked
  // on it, and merging counterparties is the accountant's in 1C.
  namespace ev = crm::events::v1;
  common::bus::EventRouter router;
  router.On(ev::kClientCreated, RecordClientFrom<ev::ClientCreated>());
  router.On(ev::kClientUpdated, RecordClientFrom<ev::ClientUpdated>());
  router.On(ev::kClientUndeleted, RecordClientFrom<ev::ClientUndeleted>());
  router.On(ev::kClientRestored, RecordClientFrom<ev::ClientRestored>());
  return router;
}

std::vector<common::bus::Subscription> Subscriptions(const ExchangeDirectory& exchange,
                                                     bool enterprise_data) {
  std::vector<common::bus::Subscription> all;
  all.push_back({DocumentsConsumerOptions(), DocumentsRouter(exchange, enterprise_data)});
  all.push_back({EmployeesConsumerOptions(), EmployeesRouter()});
  all.push_back({EditionsConsumerOptions(), EditionsRouter()});
  all.push_back({ClientsConsumerOptions(), ClientsRouter()});
  return all;
}

}  // namespace crm::accounting
