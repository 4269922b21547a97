#include "services/accounting/events/handlers.h"

#include "common/bus/event_time.h"
#include "services/accounting/app/exchange.h"
#include "services/accounting/app/export_document.h"
#include "services/accounting/app/record_budget_fact.h"
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

std::vector<common::bus::Subscription> Subscriptions(const ExchangeDirectory& exchange,
                                                     bool enterprise_data) {
  std::vector<common::bus::Subscription> all;
  all.push_back({DocumentsConsumerOptions(), DocumentsRouter(exchange, enterprise_data)});
  all.push_back({EmployeesConsumerOptions(), EmployeesRouter()});
  all.push_back({EditionsConsumerOptions(), EditionsRouter()});
  return all;
}

}  // namespace crm::accounting
