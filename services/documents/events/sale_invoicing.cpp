#include "services/documents/events/sale_invoicing.h"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/db/migrations.h"
#include "services/documents/domain/invoice.h"
#include "services/documents/render/invoice_pdf.h"
#include "services/documents/store/document_store.h"

namespace crm::documents {
namespace {

constexpr char kPdfContentType[] = "application/pdf";

std::string IsoDate(std::chrono::year_month_day date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& part : parts) {
    out += (out.empty() ? "" : separator) + part;
  }
  return out;
}

}  // namespace

common::bus::ConsumerOptions SalesConsumerOptions() {
  common::bus::ConsumerOptions options;
  options.durable = "documents-sales";
  options.filter_subject = "crm.planning.sale.>";
  return options;
}

void RegisterSaleHandlers(common::bus::EventRouter& router) {
  router.On<events::v1::SaleRecorded>(
      kSaleRecordedSubject,
      [](pqxx::work& tx, const events::v1::SaleRecorded& sale,
         const common::bus::InboundEvent& meta) { IssueInvoiceForSale(tx, sale, meta.id); });
}

void IssueInvoiceForSale(pqxx::work& tx, const events::v1::SaleRecorded& sale,
                         const std::string& event_id) {
  const std::optional<std::string> sale_id = common::ParseResourceId(sale.sale(), "sales");
  if (!sale_id) {
    throw common::bus::PoisonEvent("SaleRecorded.sale \"" + sale.sale() +
                                   "\" is not a sales/{uuid} name");
  }
  // The processed-events row stops a redelivery of this event id; the lock and the check below
  // stop a second event about the same sale (a replay, a producer retry under a new id).
  store::LockSale(tx, *sale_id);
  if (auto existing = store::DocumentIdBySale(tx, *sale_id, kInvoiceType)) {
    common::log::Info("sale already invoiced; event ignored",
                      {{"sale", sale.sale()},
                       {"document", common::ResourceName("documents", *existing)},
                       {"event_id", event_id}});
    return;
  }
  if (!sale.has_sale_time()) {
    throw common::bus::PoisonEvent("SaleRecorded " + sale.sale() + " has no sale_time");
  }
  const std::chrono::year_month_day issue_date = LocalDateOf(sale.sale_time().seconds());
  const std::vector<std::string> problems = SaleProblems(sale, issue_date);
  if (!problems.empty()) {
    throw common::bus::PoisonEvent("SaleRecorded " + sale.sale() +
                                   " cannot be invoiced: " + Join(problems, "; "));
  }
  const std::optional<store::IssuerRecord> issuer = store::PrimaryIssuer(tx);
  if (!issuer) {
    throw common::PreconditionError(
        "NO_ISSUER", "no primary issuer is configured; create one with CreateIssuer");
  }

  const std::string document_id = common::NewUuid();
  const std::string document_name = common::ResourceName("documents", document_id);
  const int year = static_cast<int>(issue_date.year());
  // From here until commit the issuer's counter row is locked, so concurrent invoices of the
  // same issuer wait for this one, rendering included: the number is printed in the PDF, so it
  // must be taken first. Rendering takes tens of milliseconds; fine at our volume.
  const int64_t sequence = store::NextNumber(tx, issuer->id, kInvoiceType, year);
  InvoiceDraft draft = ComposeInvoice(sale, issuer->issuer, issue_date, sequence, document_name);
  const std::string pdf = RenderInvoicePdf(draft.view);
  draft.issued.set_sha256(common::db::Sha256Hex(pdf));

  store::NewDocument row;
  row.id = document_id;
  row.doc_type = kInvoiceType;
  row.issuer_id = issuer->id;
  row.year = year;
  row.sequence_number = sequence;
  row.number = draft.issued.number();
  row.issue_date = IsoDate(issue_date);
  row.sale_id = *sale_id;
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
  store::InsertDocument(tx, row);
  common::bus::EnqueueEvent(tx, "documents", kDocumentIssuedSubject, document_name, draft.issued);
  common::log::Info("invoice issued", {{"document", document_name},
                                       {"number", row.number},
                                       {"sale", sale.sale()},
                                       {"issuer", issuer->issuer.name()},
                                       {"event_id", event_id}});
}

}  // namespace crm::documents
