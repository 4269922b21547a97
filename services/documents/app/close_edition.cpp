#include "services/documents/app/close_edition.h"

#include <optional>
#include <stdexcept>

#include "common/api/date.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/log.h"
#include "services/documents/app/issue_document.h"
#include "services/documents/domain/act.h"
#include "services/documents/domain/upd.h"
#include "services/documents/domain/vat_invoice.h"
#include "services/documents/store/document_store.h"

namespace crm::documents::app {

namespace {

// The documents one sale's closing issued.
struct SaleClosed {
  std::optional<std::string> act, vat_invoice, upd;
};

// The day `sale`'s services were rendered: its edition's last day, unless the edition was closed
// before it (or documents does not know the day).
std::chrono::year_month_day RenderedDate(const store::ClosingCandidate& sale,
                                         std::chrono::year_month_day close_date) {
  const std::optional<std::chrono::year_month_day> end =
      common::api::ParseIsoDate(sale.edition_end_date);
  return end && *end < close_date ? *end : close_date;
}

// Issues what `sale` lacks of its closing documents (the sale is locked by the caller): the
// transfer document its issuer's closing_documents asks for (an act, or a УПД) unless it has one,
// then the VAT invoice unless the УПД is one (status 1).
SaleClosed CloseSale(pqxx::work& tx, const store::ClosingCandidate& sale,
                     const std::string& edition, std::chrono::year_month_day close_date,
                     const std::string& caller) {
  const std::optional<store::IssuerRecord> issuer = store::FindIssuer(tx, sale.issuer_id);
  if (!issuer) {
    throw std::runtime_error("issuer " + sale.issuer_id + " of an invoice is gone");
  }
  events::v1::DocumentIssued invoice;
  common::bus::FromJson(sale.invoice_snapshot, &invoice);
  DocumentOrigin origin;
  origin.issuer_id = sale.issuer_id;
  origin.sale_id = sale.sale_id;
  origin.manager = sale.manager;
  origin.edition = edition;
  origin.sale_as_of = sale.sale_as_of;
  origin.event_id = "close-edition:" + caller;

  SaleClosed closed;
  // The transfer document the VAT invoice's line 5а names: the act, or a УПД with status 2.
  events::v1::DocumentIssued act;
  const v1::ClosingDocuments closing = issuer->issuer.closing_documents();
  if (sale.act_snapshot) {
    // Closed before, its VAT invoice missing: whatever closed it stays, whatever the issuer
    // says now.
    common::bus::FromJson(*sale.act_snapshot, &act);
  } else if (closing == v1::CLOSING_DOCUMENTS_UPD_STATUS_1 ||
             closing == v1::CLOSING_DOCUMENTS_UPD_STATUS_2) {
    const std::optional<std::chrono::year_month_day> invoice_date =
        common::api::CalendarDate(invoice.issue_date());
    if (!invoice_date) {
      throw std::runtime_error("the invoice of sale " + sale.sale_id + " has no issue date");
    }
    const UpdBasis basis{.status = closing == v1::CLOSING_DOCUMENTS_UPD_STATUS_1 ? 1 : 2,
                         .invoice_number = invoice.number(),
                         .invoice_date = *invoice_date,
                         .rendered_date = RenderedDate(sale, close_date)};
    origin.doc_type = kUpdType;
    origin.upd_status = basis.status;
    closed.upd = IssueDocument(tx, origin, close_date,
                               [&](std::chrono::year_month_day issue_date, int64_t sequence,
                                   const std::string& document_name) {
                                 DocumentDraft draft =
                                     ComposeUpd(invoice, issuer->issuer, basis, issue_date,
                                                sequence, document_name);
                                 act = draft.issued;
                                 return draft;
                               });
    origin.upd_status = 0;
    if (basis.status == 1) {
      return closed;  // the УПД is the VAT invoice
    }
  } else {
    origin.doc_type = kActType;
    closed.act = IssueDocument(tx, origin, close_date,
                               [&](std::chrono::year_month_day issue_date, int64_t sequence,
                                   const std::string& document_name) {
                                 DocumentDraft draft = ComposeAct(
                                     invoice, issuer->issuer, issue_date, sequence, document_name);
                                 act = draft.issued;
                                 return draft;
                               });
  }
  // Dated as the act (or later, if the VAT invoices' series has issued on a later day).
  const std::optional<std::chrono::year_month_day> act_date =
      common::api::CalendarDate(act.issue_date());
  if (!act_date) {
    throw std::runtime_error("the act of sale " + sale.sale_id + " has no issue date");
  }
  origin.doc_type = kVatInvoiceType;
  closed.vat_invoice = IssueDocument(tx, origin, *act_date,
                                     [&](std::chrono::year_month_day issue_date, int64_t sequence,
                                         const std::string& document_name) {
                                       return ComposeVatInvoice(act, issuer->issuer, issue_date,
                                                                sequence, document_name);
                                     });
  return closed;
}

}  // namespace

ClosingRun CloseEdition(common::db::Pool& pool, const std::string& edition,
                        std::chrono::year_month_day close_date, const std::string& caller) {
  const std::vector<store::ClosingCandidate> candidates =
      pool.InTransaction([&](pqxx::work& tx) { return store::ClosingCandidates(tx, edition); });
  ClosingRun run;
  for (const store::ClosingCandidate& listed : candidates) {
    // Returned, not collected inside: a retried transaction must not count its documents twice.
    const SaleClosed closed = pool.InTransaction([&](pqxx::work& tx) -> SaleClosed {
      // Under the sale's lock, as the invoice's changes take it: still in force, still missing
      // its VAT invoice.
      store::LockSale(tx, listed.sale_id);
      const std::vector<store::ClosingCandidate> now =
          store::ClosingCandidates(tx, edition, listed.sale_id);
      if (now.empty()) {
        return {};  // amended, cancelled or closed meanwhile
      }
      return CloseSale(tx, now.front(), edition, close_date, caller);
    });
    if (closed.act) {
      run.issued.push_back(*closed.act);
    }
    if (closed.vat_invoice) {
      run.vat_invoices.push_back(*closed.vat_invoice);
    }
    if (closed.upd) {
      run.upds.push_back(*closed.upd);
    }
  }
  pool.InTransaction([&](pqxx::work& tx) {
    run.acts_total = store::EditionDocumentCount(tx, edition, kActType);
    run.vat_invoices_total = store::EditionDocumentCount(tx, edition, kVatInvoiceType);
    run.upds_total = store::EditionDocumentCount(tx, edition, kUpdType);
  });
  return run;
}

int CloseDueEditions(common::db::Pool& pool, std::chrono::year_month_day today) {
  const std::vector<store::DueEdition> due = pool.InTransaction([&](pqxx::work& tx) {
    return store::EditionsDueForClosing(tx, common::api::IsoDate(today));
  });
  int issued = 0;
  for (const store::DueEdition& edition : due) {
    const std::optional<std::chrono::year_month_day> date =
        common::api::ParseIsoDate(edition.close_date);
    if (!date) {
      throw std::runtime_error("bad closing date " + edition.close_date);
    }
    const ClosingRun run = CloseEdition(pool, edition.edition, *date, "schedule");
    issued += static_cast<int>(run.issued.size() + run.vat_invoices.size() + run.upds.size());
    common::log::Info("edition closed", {{"edition", edition.edition},
                                         {"close_date", edition.close_date},
                                         {"acts_issued", run.issued.size()},
                                         {"acts_total", run.acts_total},
                                         {"vat_invoices_issued", run.vat_invoices.size()},
                                         {"vat_invoices_total", run.vat_invoices_total},
                                         {"upds_issued", run.upds.size()},
                                         {"upds_total", run.upds_total}});
  }
  return issued;
}

}  // namespace crm::documents::app
