#include "services/documents/app/sale_invoicing.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/api/date.h"
#include "common/api/enum_text.h"
#include "common/bus/consumer.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/core/metrics.h"
#include "services/documents/app/issue_document.h"
#include "services/documents/domain/invoice.h"
#include "services/documents/domain/sale_package.h"
#include "services/documents/domain/upd.h"
#include "services/documents/domain/vat_invoice.h"
#include "services/documents/events/published.h"
#include "services/documents/store/document_store.h"
#include "services/documents/store/package_job_store.h"

namespace crm::documents::app {
namespace {

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

// Whether `issuer` makes documents of `kind` ("CONTRACT") as drafts first.
bool IsDraftKind(const v1::Issuer& issuer, const std::string& kind) {
  return std::any_of(issuer.draft_kinds().begin(), issuer.draft_kinds().end(), [&](int each) {
    return common::api::EnumText<v1::DocumentType>::Of(static_cast<v1::DocumentType>(each)) == kind;
  });
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

// A sale amended after it was closed: its VAT invoice is corrected by a corrective VAT invoice (a
// УКД of status 1 when it was closed with a УПД of status 1; a corrective VAT invoice and a УКД of
// status 2 when with a УПД of status 2 and its VAT invoice) from the state the buyer's documents
// show (the VAT invoice, or the latest corrective) to `amended_invoice`, dated the amendment's day.
// Nothing for a sale not closed yet, or when the amendment changed no line or amount.
void IssueCorrectiveVatInvoice(pqxx::work& tx, DocumentOrigin origin,
                               std::chrono::year_month_day date,
                               const events::v1::DocumentIssued& amended_invoice,
                               const v1::Issuer& issuer) {
  const std::optional<store::CorrectionBasis> basis =
      store::FindCorrectionBasis(tx, origin.sale_id);
  if (!basis) {
    return;
  }
  events::v1::DocumentIssued vat_invoice;
  common::bus::FromJson(basis->vat_invoice_snapshot, &vat_invoice);
  events::v1::DocumentIssued before;
  common::bus::FromJson(basis->last_corrective_snapshot.value_or(basis->vat_invoice_snapshot),
                        &before);
  if (!AmountsDiffer(before, amended_invoice)) {
    return;
  }
  // A sale closed with a УПД of status 1 gets a УКД of status 1, the others a corrective VAT
  // invoice.
  const bool by_upd = basis->corrected_type == kUpdType;
  origin.doc_type = by_upd ? kUkdType : kCorrectiveVatInvoiceType;
  origin.upd_status = by_upd ? 1 : 0;
  origin.replaces.clear();
  IssueDocument(tx, origin, date,
                [&](std::chrono::year_month_day issue_date, int64_t sequence,
                    const std::string& document_name) {
                  return by_upd ? ComposeUkd(vat_invoice, before, amended_invoice, issuer, 1,
                                             issue_date, sequence, document_name)
                                : ComposeCorrectiveVatInvoice(vat_invoice, before, amended_invoice,
                                                              issuer, issue_date, sequence,
                                                              document_name);
                });
  // Closed with a УПД of status 2 (the transfer document) and its VAT invoice: the corrective VAT
  // invoice above corrects the VAT invoice, a УКД of status 2 the transfer document.
  if (!by_upd && basis->transfer_document_snapshot) {
    events::v1::DocumentIssued transfer;
    common::bus::FromJson(*basis->transfer_document_snapshot, &transfer);
    origin.doc_type = kUkdType;
    origin.upd_status = 2;
    IssueDocument(tx, origin, date,
                  [&](std::chrono::year_month_day issue_date, int64_t sequence,
                      const std::string& document_name) {
                    return ComposeUkd(transfer, before, amended_invoice, issuer, 2, issue_date,
                                      sequence, document_name);
                  });
  }
}

// Issues the package kinds of the sale beside its `invoice` (the sale is locked by the caller),
// each from `origin` (the sale, its state and the event) in its own series; each replaces the
// sale's current document of its kind, if any, and a kind already showing this state is left as
// it is. The PDFs are rendered on up to `render_threads` threads at once.
void IssuePackageDocuments(pqxx::work& tx, const events::v1::SaleRecorded& sale,
                           DocumentOrigin origin, const v1::Issuer& issuer,
                           const events::v1::DocumentIssued& invoice,
                           std::chrono::year_month_day issue_date,
                           const std::vector<std::string>& package_kinds, int render_threads) {
  PackageBasis package;
  package.sale = &sale;
  package.invoice = &invoice;
  package.issuer = &issuer;
  DocumentBatch documents(tx, render_threads);
  for (const std::string& kind : package_kinds) {
    origin.doc_type = kind;
    // A kind the issuer has made as a draft, or one whose draft is still waiting to be issued:
    // the draft shows the sale's new state, still without a number.
    const std::optional<store::CurrentDocument> waiting =
        store::DraftOfSale(tx, origin.sale_id, kind, origin.sale_as_of);
    const bool has_draft = waiting && waiting->status == "DRAFT";
    if (has_draft || IsDraftKind(issuer, kind)) {
      origin.replaces.clear();
      documents.Draft(origin, has_draft ? waiting->id : "", issue_date,
                      [&](std::chrono::year_month_day date, int64_t sequence,
                          const std::string& document_name) {
                        return ComposePackageDocument(kind, package, date, sequence, document_name);
                      },
                      {common::bus::ToJson(sale), ""});
      continue;
    }
    const std::optional<store::CurrentDocument> current =
        store::CurrentDocumentOfSale(tx, origin.sale_id, kind, origin.sale_as_of);
    if (current && current->shows_state_as_of) {
      continue;
    }
    origin.replaces = current ? current->id : "";
    // Composed now, in order: a later kind names the number of an earlier one (NoteIssued).
    documents.Issue(
        origin, issue_date,
        [&](std::chrono::year_month_day date, int64_t sequence, const std::string& document_name) {
          DocumentDraft draft =
              ComposePackageDocument(kind, package, date, sequence, document_name);
          NoteIssued(package, kind, draft.view);
          return draft;
        });
  }
  documents.Finish();
}

// Issues and publishes the invoice of `basis` (the sale is locked by the caller), replacing the
// sale's current one, if any, and queues the rest of the sale's package for the package worker
// (IssueNextSalePackage), which issues it in a transaction of its own. The VAT rate is checked at
// the sale's date, as planning computes it, even when issued later.
void IssueInvoiceAndQueuePackage(pqxx::work& tx, const InvoiceBasis& basis,
                                 const std::string& event_id,
                                 const std::vector<std::string>& package_kinds) {
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

  DocumentOrigin origin;
  origin.issuer_id = issuer->id;
  origin.doc_type = kInvoiceType;
  origin.sale_id = basis.sale_id;
  origin.manager = sale.manager().employee();
  origin.edition = sale.edition().edition();
  origin.replaces = basis.replaces;
  origin.sale_as_of = Rfc3339(basis.sale_as_of);
  origin.event_id = event_id;
  origin.from_event = true;
  events::v1::DocumentIssued invoice;
  IssueDocument(tx, origin, basis.issue_date,
                [&](std::chrono::year_month_day issue_date, int64_t sequence,
                    const std::string& document_name) {
                  DocumentDraft draft =
                      ComposeInvoice(sale, issuer->issuer, issue_date, sequence, document_name);
                  invoice = draft.issued;
                  return draft;
                });

  if (!basis.replaces.empty()) {
    IssueCorrectiveVatInvoice(tx, origin, basis.issue_date, invoice, issuer->issuer);
  }
  if (!package_kinds.empty()) {
    store::InsertPackageJob(tx, basis.sale_id, event_id, common::log::CurrentRequestId(),
                            common::bus::ToJson(sale), origin.sale_as_of,
                            common::api::IsoDate(basis.issue_date));
  }
}

// Issues the package a job asks for beside the sale's invoice of the same state; nothing when the
// sale was amended since (a later job issues the package of its new state) or cancelled.
void IssueJobPackage(pqxx::work& tx, const store::PackageJob& job,
                     const std::vector<std::string>& package_kinds, int render_threads) {
  store::LockSale(tx, job.sale_id);
  const std::optional<store::PackageInvoice> invoice =
      store::InvoiceForPackage(tx, job.sale_id, job.sale_as_of);
  if (!invoice || invoice->status == "ANNULLED" || !invoice->same_state) {
    common::log::Info(
        "sale amended or cancelled since its invoice; its package waits for none",
        {{"sale", common::ResourceName("sales", job.sale_id)}, {"event_id", job.event_id}});
    return;
  }
  events::v1::SaleRecorded sale;
  common::bus::FromJson(job.sale_json, &sale);
  events::v1::DocumentIssued issued;
  common::bus::FromJson(invoice->snapshot, &issued);
  const std::optional<store::IssuerRecord> issuer = store::FindIssuer(tx, invoice->issuer_id);
  const std::optional<std::chrono::year_month_day> issue_date =
      common::api::ParseIsoDate(job.issue_date);
  if (!issuer || !issue_date) {
    throw std::runtime_error("the invoice's issuer or the job's issue date is gone");
  }
  DocumentOrigin origin;
  origin.issuer_id = issuer->id;
  origin.sale_id = job.sale_id;
  origin.manager = sale.manager().employee();
  origin.edition = sale.edition().edition();
  origin.sale_as_of = job.sale_as_of;
  origin.event_id = job.event_id;
  origin.from_event = true;
  IssuePackageDocuments(tx, sale, origin, issuer->issuer, issued, *issue_date, package_kinds,
                        render_threads);
}

void LogIgnored(const char* what, const std::string& sale, const std::string& document,
                const std::string& event_id) {
  common::log::Info(what, {{"sale", sale},
                           {"document", common::ResourceName("documents", document)},
                           {"event_id", event_id}});
}

// Marks the document annulled for the cancelled sale and publishes document.annulled.
void AnnulDocument(pqxx::work& tx, const store::CurrentDocument& document, const std::string& kind,
                   const events::v1::SaleCancelled& cancelled, const std::string& event_id) {
  store::MarkAnnulled(tx, document.id, cancelled.reason(), Rfc3339(cancelled.cancel_time()));
  const std::string document_name = common::ResourceName("documents", document.id);
  common::bus::EnqueueEvent(tx, events::v1::kDocumentAnnulled, document_name,
                            DocumentAnnulledEvent(document_name, kind, document.number, cancelled));
  common::log::Info("document annulled", {{"document", document_name},
                                          {"type", kind},
                                          {"number", document.number},
                                          {"sale", cancelled.sale().sale()},
                                          {"event_id", event_id}});
}

}  // namespace

void IssueInvoiceForSale(pqxx::work& tx, const events::v1::SaleRecorded& sale,
                         const std::string& event_id, const std::vector<std::string>& package) {
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
  IssueInvoiceAndQueuePackage(
      tx, {sale, sale_id, common::api::LocalDate(sale.sale_time()), sale.sale_time(), ""}, event_id,
      package);
}

void ReissueInvoiceForSale(pqxx::work& tx, const events::v1::SaleAmended& amended,
                           const std::string& event_id, const std::vector<std::string>& package) {
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
    IssueInvoiceAndQueuePackage(tx, basis, event_id, package);
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
  IssueInvoiceAndQueuePackage(tx, basis, event_id, package);
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
  AnnulDocument(tx, *current, kInvoiceType, cancelled, event_id);
  // The rest of the package that is still open; a signed application or contract is a signed
  // agreement the sides end by their own act, so it stays as it is.
  for (const std::string& kind : PackageKinds()) {
    const std::optional<store::CurrentDocument> document =
        store::CurrentDocumentOfSale(tx, sale_id, kind, cancel_time);
    if (document && document->status != "ANNULLED" && document->status != "SIGNED") {
      AnnulDocument(tx, *document, kind, cancelled, event_id);
    }
    // A draft was never issued, so no one was told of it: annulled with the reason, unpublished.
    const std::optional<store::CurrentDocument> draft =
        store::DraftOfSale(tx, sale_id, kind, cancel_time);
    if (draft && draft->status == "DRAFT") {
      store::MarkAnnulled(tx, draft->id, cancelled.reason(), cancel_time);
      LogIgnored("draft annulled with its sale", sale.sale(), draft->id, event_id);
    }
  }
}

bool IssueNextSalePackage(common::db::Pool& pool, const std::vector<std::string>& package,
                          int render_threads) {
  std::optional<store::PackageJob> taken;
  try {
    return pool.InTransaction([&](pqxx::work& tx) {
      taken = store::NextPackageJob(tx);
      if (!taken) {
        return false;
      }
      // The package's events carry the request that caused the sale, as the invoice's do.
      const common::log::ScopedRequestId request(taken->request_id);
      IssueJobPackage(tx, *taken, package, render_threads);
      store::DeletePackageJob(tx, taken->id);
      return true;
    });
  } catch (const std::exception& e) {
    if (!taken || common::db::IsUnavailable(e)) {
      throw;
    }
    // Nothing of it committed: the job waits 1, 2, 4 ... up to 300 s and is tried again, the
    // other sales' packages go on meanwhile.
    const double delay = std::min(300.0, std::ldexp(1.0, std::min(taken->attempts, 9)));
    pool.InTransaction(
        [&](pqxx::work& tx) { store::PostponePackageJob(tx, taken->id, delay, e.what()); });
    common::log::Error("sale package not issued; tried again later",
                       {{"sale", common::ResourceName("sales", taken->sale_id)},
                        {"event_id", taken->event_id},
                        {"attempts", taken->attempts + 1},
                        {"retry_in_seconds", delay},
                        {"error", e.what()}});
    return true;
  }
}

void IssueWaitingSalePackages(common::db::Pool& pool, const std::vector<std::string>& package,
                              int render_threads, std::chrono::milliseconds budget) {
  const auto until = std::chrono::steady_clock::now() + budget;
  while (std::chrono::steady_clock::now() < until &&
         IssueNextSalePackage(pool, package, render_threads)) {
  }
  const int64_t waiting =
      pool.Read([](pqxx::read_transaction& tx) { return store::PackageJobCount(tx); });
  common::metrics::Registry::Global()
      .GetGauge("crm_documents_packages_waiting",
                "Sales whose package waits to be issued after their invoice")
      .Set(static_cast<double>(waiting));
}

}  // namespace crm::documents::app
