#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/auth/access.h"
#include "crm/documents/v1/documents.pb.h"

// SQL of the documents service: one function per named statement of store/queries.h. Callers own
// the transaction; these functions only execute statements and map rows.
namespace crm::documents::store {

struct IssuerRecord {
  std::string id;
  v1::Issuer issuer;  // with `name` and `primary` filled
  int64_t seq = 0;    // the ListIssuers keyset
};

// Serialises issuer creation until the transaction ends.
void LockIssuers(pqxx::work& tx);
std::optional<IssuerRecord> FindIssuer(pqxx::transaction_base& tx, const std::string& id);
// The id of an issuer with the same entity and bank account, if there is one (other than
// `except_id`).
std::optional<std::string> IssuerIdByRequisites(
    pqxx::transaction_base& tx, const v1::Issuer& issuer,
    const std::optional<std::string>& except_id = std::nullopt);
// The issuer, its row locked until the transaction ends.
std::optional<IssuerRecord> LockIssuer(pqxx::work& tx, const std::string& id);
// Writes every field an update may change from `issuer` (INN and OGRN stay) and returns the
// issuer as stored, its version one higher.
IssuerRecord UpdateIssuer(pqxx::work& tx, const std::string& id, const v1::Issuer& issuer);
std::optional<IssuerRecord> PrimaryIssuer(pqxx::transaction_base& tx);
void UnmarkPrimaryIssuer(pqxx::work& tx);
// Inserts `issuer` (its name and primary flag are ignored in favour of `id` and `primary`).
IssuerRecord InsertIssuer(pqxx::work& tx, const std::string& id, const v1::Issuer& issuer,
                          bool primary);
// Issuers in creation order after the one with `after_seq` (0 for the start).
std::vector<IssuerRecord> ListIssuers(pqxx::transaction_base& tx, int64_t after_seq, int limit);

// Serialises the handling of one sale until the transaction ends.
void LockSale(pqxx::work& tx, const std::string& sale_id);
std::optional<std::string> DocumentIdBySale(pqxx::transaction_base& tx, const std::string& sale_id,
                                            const std::string& doc_type);
struct CurrentDocument {
  std::string id;
  std::string status;  // "DRAFT", "ISSUED", "SENT", "SIGNED" or "ANNULLED"
  std::string number;
  bool shows_state_as_of = false;  // already shows the sale as of the asked instant or later
};
// The sale's document of `doc_type` that is not REPLACED; `as_of` an RFC 3339 instant.
std::optional<CurrentDocument> CurrentDocumentOfSale(pqxx::transaction_base& tx,
                                                     const std::string& sale_id,
                                                     const std::string& doc_type,
                                                     const std::string& as_of);
// Marks document `id` REPLACED by `replacement_id` (which may be inserted later in the same
// transaction).
void MarkReplaced(pqxx::work& tx, const std::string& id, const std::string& replacement_id);
// Marks document `id` ANNULLED; `annul_time` an RFC 3339 instant.
void MarkAnnulled(pqxx::work& tx, const std::string& id, const std::string& reason,
                  const std::string& annul_time);
// A number of a series and the date it is issued on.
struct SeriesNumber {
  int64_t sequence = 0;
  std::string issue_date;  // YYYY-MM-DD
};
// The next number of the issuer's series for the type and year, holding the counter row lock
// until the transaction ends. Its date is `wanted_date` (YYYY-MM-DD, in `year`) or the latest
// date the series has issued on, whichever is later.
SeriesNumber NextNumber(pqxx::work& tx, const std::string& issuer_id, const std::string& doc_type,
                        int year, const std::string& wanted_date);

struct NewDocument {
  std::string id;
  std::string doc_type;
  std::string issuer_id;
  int year = 0;
  int64_t sequence_number = 0;
  std::string number;
  std::string issue_date;  // YYYY-MM-DD
  std::string sale_id;
  std::string client;  // "clients/{id}"
  std::string client_legal_name;
  std::string edition_display_name;
  std::string currency_code;
  int64_t net_amount = 0;
  int32_t vat_rate_bp = 0;
  int64_t vat_amount = 0;
  int64_t total_amount = 0;
  std::string total_in_words;
  std::string file_name;
  std::string content_type;
  std::string content;
  std::string sha256;
  std::string snapshot_json;
  std::string source_event_id;
  std::string manager;           // "employees/{id}" of the sale's manager
  std::string replaces;          // the id of the document this one replaces; empty for the first
  std::string sale_as_of;        // RFC 3339: the instant of the sale state the document shows
  std::string edition;           // "projects/{project}/editions/{edition}"; '' when unknown
  std::string payment_due_date;  // YYYY-MM-DD for invoices; '' for other kinds
  std::string template_id;       // the template version of its text blocks; '' for built-in
  std::string payment;           // "payments/{id}" for advance VAT invoices; '' for other kinds
  int32_t upd_status = 0;        // a УПД's status, 1 or 2; 0 for other kinds
  // "DRAFT" for a draft, whose year and sequence_number are 0 (no number) and which keeps the
  // SaleRecorded (JSON) it is rendered from.
  std::string status = "ISSUED";
  std::string draft_sale_json;
  std::string changed_by;  // "employees/{id}" who rendered or issued it; '' for the service
};
void InsertDocument(pqxx::work& tx, const NewDocument& document);
// Writes a draft's composed columns anew: rendered again (status "DRAFT"), or issued (status
// "ISSUED" with its number), by `changed_by` now; the version one higher.
void RewriteDocument(pqxx::work& tx, const NewDocument& document);
// The sale's unnumbered document of `doc_type`: its draft, or a draft annulled with the sale.
std::optional<CurrentDocument> DraftOfSale(pqxx::transaction_base& tx, const std::string& sale_id,
                                           const std::string& doc_type, const std::string& as_of);
// The DocumentIssued (JSON) of the sale's numbered document of `doc_type` in force; nothing when
// there is none or it is annulled.
std::optional<std::string> CurrentSnapshotOfSale(pqxx::transaction_base& tx,
                                                 const std::string& sale_id,
                                                 const std::string& doc_type);
// What a draft is rendered and issued from.
struct DraftBasis {
  std::string doc_type;
  std::string issuer_id;
  std::string sale_id;
  std::string manager;
  std::string edition;
  std::string sale_as_of;  // RFC 3339
  std::string event_id;
  std::string sale_json;   // the SaleRecorded; '' for a document that was never a draft
  std::string issue_date;  // YYYY-MM-DD
};
std::optional<DraftBasis> GetDraftBasis(pqxx::transaction_base& tx, const std::string& id);

// A sale of an edition whose invoice is in force and that has no VAT invoice yet (neither a
// VAT_INVOICE nor a УПД with status 1).
struct ClosingCandidate {
  std::string sale_id;
  std::string issuer_id;
  std::string invoice_snapshot;  // the invoice's DocumentIssued as JSON
  std::string manager;
  std::string sale_as_of;  // RFC 3339
  // The transfer document's DocumentIssued as JSON once it exists: the act, or a УПД with
  // status 2; `act_type` its kind ("ACT", "UPD"), '' while there is none.
  std::optional<std::string> act_snapshot;
  std::string act_type;
  std::string edition_end_date;  // YYYY-MM-DD; '' when documents does not know it
};
// The edition's sales to close, or only `sale_id` when given (then at most one).
std::vector<ClosingCandidate> ClosingCandidates(pqxx::transaction_base& tx,
                                                const std::string& edition,
                                                const std::string& sale_id = "");
// What a prepayment's advance VAT invoice for a sale is made from: the sale's latest invoice.
struct AdvanceBasis {
  std::string issuer_id;
  std::string invoice_snapshot;  // the invoice's DocumentIssued as JSON
  std::string manager;
  std::string edition;
  std::string sale_as_of;  // RFC 3339
  bool has_act = false;    // the sale is closed: a payment now is no prepayment
  // The payment's advance VAT invoice for the sale in force, or the one `event_id` issued.
  std::optional<std::string> advance_id;
};
// Nothing when documents has no invoice of the sale (yet).
std::optional<AdvanceBasis> FindAdvanceBasis(pqxx::transaction_base& tx, const std::string& sale_id,
                                             const std::string& payment,
                                             const std::string& event_id);

// What a closed sale's amendment is corrected against: its VAT invoice (or УПД with status 1) and
// its latest corrective (each its DocumentIssued as JSON); nothing before the sale is closed.
struct CorrectionBasis {
  std::string corrected_type;  // "VAT_INVOICE", or "UPD" with status 1
  std::string vat_invoice_snapshot;
  std::optional<std::string> last_corrective_snapshot;
  // The УПД with status 2 beside a VAT_INVOICE: a УКД with status 2 corrects it.
  std::optional<std::string> transfer_document_snapshot;
};
std::optional<CorrectionBasis> FindCorrectionBasis(pqxx::transaction_base& tx,
                                                   const std::string& sale_id);

// Registry's edition as of an event: `end_date` YYYY-MM-DD or '' for none.
void UpsertEdition(pqxx::transaction_base& tx, const std::string& edition,
                   const std::string& end_date, const std::string& status,
                   const std::optional<std::string>& event_time);
// An edition that has ended and has sales to close, with the date its acts get.
struct DueEdition {
  std::string edition;
  std::string close_date;  // YYYY-MM-DD
};
std::vector<DueEdition> EditionsDueForClosing(pqxx::transaction_base& tx, const std::string& today);
// How many documents of `doc_type` the edition has (replaced ones not counted).
int64_t EditionDocumentCount(pqxx::transaction_base& tx, const std::string& edition,
                             const std::string& doc_type);

struct DocumentRecord {
  v1::Document document;
  int64_t seq = 0;  // the ListDocuments keyset
};
std::optional<DocumentRecord> GetDocument(pqxx::transaction_base& tx, const std::string& id);
// Which documents a list shows; an empty field (nullopt) sets no condition.
struct DocumentFilter {
  std::string sale_id;
  std::optional<std::string> manager_id;
  std::string client;       // "clients/{uuid}"
  std::string edition;      // "projects/{uuid}/editions/{uuid}"
  std::string doc_type;     // "INVOICE", "ACT"
  std::string status;       // "ISSUED", "REPLACED", "ANNULLED"
  std::string issued_from;  // YYYY-MM-DD, inclusive
  std::string issued_to;    // YYYY-MM-DD, inclusive
};
// Newest first, of the managers `scope` reaches and matching `filter`; `before_seq` the
// previous page's last seq.
std::vector<DocumentRecord> ListDocuments(pqxx::transaction_base& tx, const DocumentFilter& filter,
                                          const common::auth::ListScope& scope,
                                          std::optional<int64_t> before_seq, int limit);

struct DocumentFile {
  std::string file_name;
  std::string content_type;
  std::string content;
  std::string manager;
};
std::optional<DocumentFile> GetDocumentFile(pqxx::transaction_base& tx, const std::string& id);

// What a document's EDO file (domain/edo_xml.h) is made from.
struct EdoSource {
  std::string doc_type;
  int upd_status = 0;  // a УПД's 1 or 2; 0 for other kinds
  std::string issuer_id;
  std::string snapshot;  // the DocumentIssued as JSON
  std::string manager;
  // A VAT invoice's transfer document in force, if any: its kind ("ACT", or "UPD" with status
  // 2), number and date (YYYY-MM-DD).
  std::string shipment_type;
  std::optional<std::string> act_number;
  std::string act_date;
};
std::optional<EdoSource> GetEdoSource(pqxx::transaction_base& tx, const std::string& id);

// --- a document's life after it is issued ------------------------------------------------------

// The document (with its scans), its row locked until the transaction ends.
std::optional<DocumentRecord> LockDocument(pqxx::work& tx, const std::string& id);
// SENT now, by `channel` to `recipient`, recorded by `sent_by` ("employees/{id}").
void MarkSent(pqxx::work& tx, const std::string& id, v1::DeliveryChannel channel,
              const std::string& recipient, const std::string& sent_by);
// SIGNED now: by `signatory` on `signed_date` (YYYY-MM-DD), recorded by `recorded_by`, with the
// scan `scan_id` ('' for none).
void MarkSigned(pqxx::work& tx, const std::string& id, const std::string& signatory,
                const std::string& signed_date, const std::string& recorded_by,
                const std::string& scan_id);
struct NewScan {
  std::string id;
  std::string document_id;
  std::string file_name;
  std::string content_type;
  std::string content;
  std::string uploaded_by;
};
// Stores the scan (its size and SHA-256 computed here) and returns its record.
v1::DocumentScan InsertScan(pqxx::work& tx, const NewScan& scan);
// The scan's file, with its document's manager; nullopt when the document has no such scan.
std::optional<DocumentFile> GetScanFile(pqxx::transaction_base& tx, const std::string& document_id,
                                        const std::string& scan_id);

// --- registry's employees ----------------------------------------------------------------------

// An employee's department unit as of the event at `event_time` (RFC 3339, nullopt when the
// event carries none); `department_id` "" for none.
void SetEmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id,
                           const std::string& department_id,
                           const std::optional<std::string>& event_time);
// "" when the employee has none or documents has not heard of them.
std::string EmployeeDepartment(pqxx::transaction_base& tx, const std::string& employee_id);

}  // namespace crm::documents::store
