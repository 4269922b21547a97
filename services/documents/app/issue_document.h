#pragma once

#include <chrono>
#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/documents/domain/invoice.h"
#include "services/documents/store/document_store.h"

// The one way every document kind is issued: a number from the issuer's gapless series of the
// kind, dated never before the number below it; the draft composed with that number and date;
// the PDF rendered and hashed; the document stored with its file and published as
// crm.documents.document.issued, all in the caller's transaction.
namespace crm::documents::app {

// Where a document comes from, as stored beside it.
struct DocumentOrigin {
  std::string issuer_id;
  // kInvoiceType, kActType, kVatInvoiceType, kAdvanceVatInvoiceType, kUpdType
  std::string doc_type;
  std::string sale_id;
  std::string manager;     // "employees/{id}" of the sale
  std::string edition;     // "projects/{p}/editions/{e}"; '' when unknown
  std::string replaces;    // the document id this one replaces; '' for none
  std::string sale_as_of;  // RFC 3339: the sale's state the document shows
  std::string event_id;    // what caused it (an event id, or a request's)
  // `event_id` is a consumed event's: the document's id is derived from it, its kind and its sale,
  // so the same event handled again after a restore from an older backup (its effect lost with
  // the database) issues the document under the id it had, and the consumers of
  // crm.documents.document.issued, which keep documents by id, take it once.
  bool from_event = false;
  std::string payment;     // "payments/{id}" of an advance VAT invoice; '' for other kinds
  int32_t upd_status = 0;  // a УПД's status, 1 or 2; 0 for other kinds
};

// Composes the draft for (number, issue date, document name).
using Compose = std::function<DocumentDraft(std::chrono::year_month_day issue_date,
                                            int64_t sequence, const std::string& document_name)>;

// Issues one document of `origin.doc_type` wanted on `wanted_date`, replacing `origin.replaces`
// when given (marked first, so the sale never has two in force). Returns the new document's
// "documents/{id}". From the number until commit the series' counter row stays locked.
std::string IssueDocument(pqxx::work& tx, const DocumentOrigin& origin,
                          std::chrono::year_month_day wanted_date, const Compose& compose);

// What a draft keeps: the sale it is rendered from, and who rendered or issued it.
struct DraftChange {
  std::string sale_json;  // the SaleRecorded as JSON
  std::string by;         // "employees/{id}"; '' when the service did (on an event)
};

// Renders a draft of `origin.doc_type` dated `date`: composed with sequence 0 (no number, marked
// as a draft), the issuer's active template applied, stored as DRAFT with its PDF — a new row when
// `draft_id` is empty (its id derived like IssueDocument's), else the draft `draft_id` rewritten.
// Takes no number and publishes nothing. Returns its "documents/{id}".
std::string RenderDraft(pqxx::work& tx, const DocumentOrigin& origin, const std::string& draft_id,
                        std::chrono::year_month_day date, const Compose& compose,
                        const DraftChange& change);

// Issues the draft `draft_id` (locked by the caller) the way IssueDocument issues a document:
// the next number of the series, the final PDF, `origin.replaces` marked replaced, published as
// document.issued; the row keeps its id and records who issued it.
std::string IssueDraft(pqxx::work& tx, const DocumentOrigin& origin, const std::string& draft_id,
                       std::chrono::year_month_day wanted_date, const Compose& compose,
                       const DraftChange& change);

// Documents issued or drafted together in the caller's transaction (a sale's package): each is
// numbered, composed and given its issuer's template when added, in the order added, as the
// functions above do, while their PDFs are rendered by Finish, on up to `render_threads` threads
// at once, before they are stored and published in that order. A series' counter stays locked
// from the number until commit, so rendering the PDFs side by side shortens that time.
class DocumentBatch {
 public:
  DocumentBatch(pqxx::work& tx, int render_threads);
  ~DocumentBatch();
  DocumentBatch(const DocumentBatch&) = delete;
  DocumentBatch& operator=(const DocumentBatch&) = delete;

  // As IssueDocument.
  void Issue(const DocumentOrigin& origin, std::chrono::year_month_day wanted_date,
             const Compose& compose);
  // As IssueDraft.
  void IssueDraft(const DocumentOrigin& origin, const std::string& draft_id,
                  std::chrono::year_month_day wanted_date, const Compose& compose,
                  const DraftChange& change);
  // As RenderDraft.
  void Draft(const DocumentOrigin& origin, const std::string& draft_id,
             std::chrono::year_month_day date, const Compose& compose, const DraftChange& change);
  // Renders, stores and publishes the documents added; their "documents/{id}", in order.
  std::vector<std::string> Finish();

 private:
  struct Pending;
  void Number(const DocumentOrigin& origin, const std::string& document_id,
              std::chrono::year_month_day wanted_date, const Compose& compose,
              const DraftChange* draft);
  std::string Store(Pending& pending);

  pqxx::work& tx_;
  int render_threads_;
  std::vector<Pending> pending_;
};

}  // namespace crm::documents::app
