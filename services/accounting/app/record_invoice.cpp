#include "services/accounting/app/record_invoice.h"

#include "common/auth/access.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/app/event_date.h"
#include "services/accounting/app/match_payment.h"
#include "services/accounting/store/invoice_store.h"

namespace crm::accounting::app {
namespace {

constexpr std::string_view kInvoice = "INVOICE";

std::string DocumentIdOf(const std::string& name, const char* field) {
  auto id = common::ParseResourceId(name, "documents");
  if (!id) {
    throw common::ValidationError(field, "must be documents/{uuid}");
  }
  return *id;
}

}  // namespace

void RecordIssuedInvoice(pqxx::work& tx, const crm::events::v1::DocumentIssued& event,
                         const std::string& event_id) {
  if (event.type() != kInvoice) {
    return;
  }
  const std::string issue_date = EventIsoDate(event.issue_date(), "issue_date");
  InvoiceRecord invoice;
  invoice.document_id = DocumentIdOf(event.document(), "document");
  invoice.number = event.number();
  invoice.issue_date = issue_date;
  invoice.sale = event.sale();
  invoice.client = event.client().client();
  invoice.client_inn = event.client().inn();
  invoice.client_kpp = event.client().kpp();
  invoice.currency_code = event.total_amount().currency_code();
  invoice.total_kopecks = event.total_amount().minor_units();
  invoice.source_event_id = event_id;
  invoice.client_name = event.client().legal_name().empty() ? event.client().display_name()
                                                            : event.client().legal_name();
  invoice.edition_name = event.edition_display_name();
  // Events of documents before manager and edition were carried leave them unknown.
  if (!event.manager().empty()) {
    const auto manager = common::auth::EmployeeIdOf(event.manager());
    if (!manager) {
      throw common::ValidationError("manager", "must be employees/{uuid} or empty");
    }
    invoice.manager_id = *manager;
  }
  if (!event.edition().empty()) {
    if (!common::ParseChildResourceId(event.edition(), "projects", "editions")) {
      throw common::ValidationError("edition", "must be projects/{uuid}/editions/{uuid} or empty");
    }
    invoice.edition = event.edition();
  }
  if (event.has_payment_due_date()) {
    invoice.payment_due_date = EventIsoDate(event.payment_due_date(), "payment_due_date");
  }
  if (!event.replaces().empty()) {
    invoice.replaces = DocumentIdOf(event.replaces(), "replaces");
  }
  if (!InvoiceStore::Insert(tx, invoice)) {
    return;
  }
  if (!invoice.replaces.empty() && InvoiceStore::SetState(tx, invoice.replaces, "replaced")) {
    MovePaymentsToReplacement(tx, invoice.replaces, invoice.document_id);
  }
}

void RecordAnnulledInvoice(pqxx::work& tx, const crm::events::v1::DocumentAnnulled& event) {
  if (event.type() != kInvoice) {
    return;
  }
  const std::string document_id = DocumentIdOf(event.document(), "document");
  if (!InvoiceStore::SetState(tx, document_id, "annulled")) {
    common::log::Info("annulled invoice not payable here; nothing to do",
                      {{"document", event.document()}});
    return;
  }
  ReleasePaymentsOfAnnulled(tx, document_id);
}

}  // namespace crm::accounting::app
