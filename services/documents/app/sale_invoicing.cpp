#include "services/documents/app/sale_invoicing.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/api/date.h"
#include "common/bus/consumer.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/db/migrations.h"
#include "services/documents/domain/invoice.h"
#include "services/documents/events/published.h"
#include "services/documents/render/invoice_pdf.h"
#include "services/documents/store/document_store.h"

namespace crm::documents::app {
namespace {

constexpr char kPdfContentType[] = "application/pdf";

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& part : parts) {
    out += (out.empty() ? "" : separator) + part;
  }
  return out;
}

std::string SaleIdOf(const events::v1::SaleRecorded& sale, const std::string& event) {
  const std::optional<std::string> sale_id = common::ParseResourceId(sale.sale(), "sales");
  if (!sale_id) {
    throw common::bus::PoisonEvent(event + ".sale \"" + sale.sale() +
                                   "\" is not a sales/{uuid} name");
  }
  return *sale_id;
}

std::string Rfc3339(const google::protobuf::Timestamp& time) {
  return google::protobuf::util::TimeUtil::ToString(time);
}

// What an invoice is issued from: the sale in some state, the day it is issued, and the
// document it replaces (empty for the sale's first invoice).
struct InvoiceBasis {
  const events::v1::SaleRecorded& sale;
  std::string sale_id;
  std::chrono::year_month_day issue_date;
  google::protobuf::Timestamp sale_as_of;
  std::string replaces;
};

// Issues and publishes the invoice of `basis` (the sale is locked by the caller). The VAT rate
// is checked at the sale's date, as planning computes it, even when issued later.
void IssueInvoice(pqxx::work& tx, const InvoiceBasis& basis, const std::string& event_id) {
  const events::v1::SaleRecorded& sale = basis.sale;
  const std::vector<std::string> problems =
      SaleProblems(sale, common::api::LocalDate(sale.sale_time()));
  if (!problems.empty()) {
    throw common::bus::PoisonEvent("sale " + sale.sale() +
                                   " cannot be invoiced: " + Join(problems, "; "));
  }
  const std::optional<store::IssuerRecord> issuer = store::PrimaryIssuer(tx);
  if (!issuer) {
    throw common::PreconditionError(
        "NO_ISSUER", "no primary issuer is configured; create one with CreateIssuer");
  }

  const std::string document_id = common::NewUuid();
  const std::string document_name = common::ResourceName("documents", document_id);
  const int year = static_cast<int>(basis.issue_date.year());
  // From here until commit the issuer's counter row is locked, so concurrent invoices of the
  // same issuer wait for this one, rendering included: the number is printed in the PDF, so it
  // must be taken first. Rendering takes tens of milliseconds; fine at our volume.
  // A late event's invoice is dated the day the series last issued on, not before it.
  const store::SeriesNumber number =
      store::NextNumber(tx, issuer->id, kInvoiceType, year, common::api::IsoDate(basis.issue_date));
  const std::optional<std::chrono::year_month_day> issue_date =
      common::api::ParseIsoDate(number.issue_date);
  if (!issue_date) {
    throw std::runtime_error("the numbering series returned a bad date: " + number.issue_date);
  }
  const int64_t sequence = number.sequence;
  InvoiceDraft draft = ComposeInvoice(sale, issuer->issuer, *issue_date, sequence, document_name);
  const std::string pdf = RenderInvoicePdf(draft.view);
  draft.issued.set_sha256(common::db::Sha256Hex(pdf));
  if (!basis.replaces.empty()) {
    draft.issued.set_replaces(common::ResourceName("documents", basis.replaces));
    // Marked first: at no moment does the sale have two current invoices.
    store::MarkReplaced(tx, basis.replaces, document_id);
  }

  store::NewDocument row;
  row.id = document_id;
  row.doc_type = kInvoiceType;
  row.issuer_id = issuer->id;
  row.year = year;
  row.sequence_number = sequence;
  row.number = draft.issued.number();
  row.issue_date = number.issue_date;
  row.sale_id = basis.sale_id;
  row.client = sale.client().client();
  row.client_legal_name = sale.client().legal_name();
  row.edition_display_name = sale.edition().display_name();
  row.currency_code = sale.total_amount().currency_code();
  row.net_amount = sale.net_amount().minor_units();
  row.vat_rate_bp = sale.vat_rate_bp();
  row.vat_amount = sale.vat_amount().minor_units();
  row.total_amount = sale.total_amount().minor_units();
  row.total_in_words = draft.issued.total_in_words();
  row.file_name = draft.issued.file_name();
  row.content_type = kPdfContentType;
  row.content = pdf;
  row.sha256 = draft.issued.sha256();
  row.snapshot_json = common::bus::ToJson(draft.issued);
  row.source_event_id = event_id;
  row.manager = sale.manager().employee();
  row.replaces = basis.replaces;
  row.sale_as_of = Rfc3339(basis.sale_as_of);
  store::InsertDocument(tx, row);
  common::bus::EnqueueEvent(tx, events::v1::kDocumentIssued, document_name, draft.issued);
  common::log::Info("invoice issued", {{"document", document_name},
                                       {"number", row.number},
                                       {"replaces", draft.issued.replaces()},
                                       {"sale", sale.sale()},
                                       {"issuer", issuer->issuer.name()},
                                       {"event_id", event_id}});
}

void LogIgnored(const char* what, const std::string& sale, const std::string& document,
                const std::string& event_id) {
  common::log::Info(what, {{"sale", sale},
                           {"document", common::ResourceName("documents", document)},
                           {"event_id", event_id}});
}

}  // namespace

void IssueInvoiceForSale(pqxx::work& tx, const events::v1::SaleRecorded& sale,
                         const std::string& event_id) {
  const std::string sale_id = SaleIdOf(sale, "SaleRecorded");
  // The processed-events row stops a redelivery of this event id; the lock and the check below
  // stop a second event about the same sale (a replay, a producer retry under a new id, or a
  // recorded event arriving after an amendment already invoiced the sale).
  store::LockSale(tx, sale_id);
  if (auto existing = store::DocumentIdBySale(tx, sale_id, kInvoiceType)) {
    LogIgnored("sale already invoiced; event ignored", sale.sale(), *existing, event_id);
    return;
  }
  if (!sale.has_sale_time()) {
    throw common::bus::PoisonEvent("SaleRecorded " + sale.sale() + " has no sale_time");
  }
  IssueInvoice(tx, {sale, sale_id, common::api::LocalDate(sale.sale_time()), sale.sale_time(), ""},
               event_id);
}

void ReissueInvoiceForSale(pqxx::work& tx, const events::v1::SaleAmended& amended,
                           const std::string& event_id) {
  const events::v1::SaleRecorded& sale = amended.sale();
  const std::string sale_id = SaleIdOf(sale, "SaleAmended.sale");
  if (!amended.has_amend_time() || !sale.has_sale_time()) {
    throw common::bus::PoisonEvent("SaleAmended " + sale.sale() +
                                   " lacks amend_time or sale.sale_time");
  }
  store::LockSale(tx, sale_id);
  const std::optional<store::CurrentDocument> current =
      store::CurrentDocumentOfSale(tx, sale_id, kInvoiceType, Rfc3339(amended.amend_time()));
  const InvoiceBasis basis{sale, sale_id, common::api::LocalDate(amended.amend_time()),
                           amended.amend_time(), current ? current->id : ""};
  if (!current) {
    // The recorded event has not been handled yet (no issuer until now, or it is late): the
    // amendment carries the whole sale, so invoice its state now; the recorded event then
    // finds the invoice and changes nothing.
    IssueInvoice(tx, basis, event_id);
    return;
  }
  if (current->status == "ANNULLED") {
    LogIgnored("sale cancelled; amendment ignored", sale.sale(), current->id, event_id);
    return;
  }
  if (current->shows_state_as_of) {
    // The amend time orders the amendments of a sale: planning stamps them under the sale's
    // lock. Not newer than the invoice's state means a replay or a late, superseded amendment.
    LogIgnored("invoice already shows this or a later amendment; event ignored", sale.sale(),
               current->id, event_id);
    return;
  }
  IssueInvoice(tx, basis, event_id);
}

void AnnulInvoiceOfSale(pqxx::work& tx, const events::v1::SaleCancelled& cancelled,
                        const std::string& event_id) {
  const events::v1::SaleRecorded& sale = cancelled.sale();
  const std::string sale_id = SaleIdOf(sale, "SaleCancelled.sale");
  if (!cancelled.has_cancel_time()) {
    throw common::bus::PoisonEvent("SaleCancelled " + sale.sale() + " has no cancel_time");
  }
  const std::string cancel_time = Rfc3339(cancelled.cancel_time());
  store::LockSale(tx, sale_id);
  const std::optional<store::CurrentDocument> current =
      store::CurrentDocumentOfSale(tx, sale_id, kInvoiceType, cancel_time);
  if (!current) {
    // Nothing to annul yet: the invoice is still to come (no issuer yet, or the recorded event
    // is late). Retried through redelivery, like a sale waiting for an issuer.
    throw common::PreconditionError(
        "NO_INVOICE", "sale " + sale.sale() + " has no invoice yet; its cancellation waits");
  }
  if (current->status == "ANNULLED") {
    LogIgnored("invoice already annulled; event ignored", sale.sale(), current->id, event_id);
    return;
  }
  store::MarkAnnulled(tx, current->id, cancelled.reason(), cancel_time);
  const std::string document_name = common::ResourceName("documents", current->id);
  common::bus::EnqueueEvent(
      tx, events::v1::kDocumentAnnulled, document_name,
      DocumentAnnulledEvent(document_name, kInvoiceType, current->number, cancelled));
  common::log::Info("invoice annulled", {{"document", document_name},
                                         {"number", current->number},
                                         {"sale", sale.sale()},
                                         {"event_id", event_id}});
}

}  // namespace crm::documents::app
