#include "services/analytics/events/money_handlers.h"

#include "common/bus/event_time.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "services/analytics/domain/money.h"
#include "services/analytics/store/money_store.h"

namespace crm::analytics {

using common::bus::InboundEvent;
namespace ev1 = crm::events::v1;

void AddMoneyRoutes(common::bus::EventRouter& router) {
  // Each write is keyed by what the producer wrote (the document; the payment, invoice and match
  // time), so a redelivery, a replay or an event published again changes nothing, and a payment
  // seen before its invoice waits for it in the report's join.
  router.On(ev1::kDocumentIssued,
            [](pqxx::work& tx, const ev1::DocumentIssued& ev, const InboundEvent&) {
              if (auto row = domain::InvoiceRowOf(ev)) {
                MoneyStore::UpsertInvoice(tx, *row);
              }
            });
  router.On(ev1::kDocumentAnnulled,
            [](pqxx::work& tx, const ev1::DocumentAnnulled& ev, const InboundEvent&) {
              if (auto invoice = domain::AnnulledInvoiceOf(ev)) {
                MoneyStore::MarkInvoiceAnnulled(tx, *invoice);
              }
            });
  router.On(ev1::kPaymentReceived,
            [](pqxx::work& tx, const ev1::PaymentReceived& ev, const InboundEvent&) {
              MoneyStore::InsertPaymentShares(tx, domain::PaymentSharesOf(ev));
            });
  router.On(ev1::kPaymentMatched,
            [](pqxx::work& tx, const ev1::PaymentMatched& ev, const InboundEvent& meta) {
              MoneyStore::InsertPaymentShares(
                  tx, domain::PaymentSharesOf(ev, common::bus::EventTimeOf(meta).value_or("")));
            });
  router.On(ev1::kPaymentUnmatched,
            [](pqxx::work& tx, const ev1::PaymentUnmatched& ev, const InboundEvent& meta) {
              MoneyStore::InsertPaymentUnmatch(
                  tx, domain::PaymentUnmatchOf(ev, common::bus::EventTimeOf(meta).value_or("")));
            });
}

}  // namespace crm::analytics
