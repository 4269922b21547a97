#include "services/documents/app/issue_document.h"

#include <optional>
#include <stdexcept>
#include <utility>

#include "common/api/date.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/core/name_uuid.h"
#include "common/db/migrations.h"
#include "services/documents/app/document_templates.h"
#include "services/documents/events/published.h"
#include "services/documents/render/document_pdf.h"

namespace crm::documents::app {
namespace {

constexpr char kPdfContentType[] = "application/pdf";

// The namespace of the ids of documents an event caused (a fixed random UUID: changing it would
// give a replayed event's documents new ids).
constexpr char kEventDocumentNamespace[] = "0f6d2b8e-5c1a-4e7b-9d3f-8a2c6e4b1d07";

std::string NewDocumentId(const DocumentOrigin& origin) {
  if (!origin.from_event) {
    return common::NewUuid();
  }
  return common::NameUuid(kEventDocumentNamespace, origin.event_id + "/" + origin.doc_type + "/" +
                                                       origin.sale_id + "/" + origin.sale_as_of);
}

// The stored row of a composed and rendered document.
store::NewDocument RowOf(const DocumentOrigin& origin, const std::string& document_id,
                         const events::v1::DocumentIssued& issued, const std::string& issue_date,
                         std::string pdf, const std::string& template_id) {
  store::NewDocument row;
  row.id = document_id;
  row.doc_type = origin.doc_type;
  row.issuer_id = origin.issuer_id;
  row.number = issued.number();
  row.issue_date = issue_date;
  row.sale_id = origin.sale_id;
  row.client = issued.client().client();
  row.client_legal_name = issued.client().legal_name();
  row.edition_display_name = issued.edition_display_name();
  row.currency_code = issued.total_amount().currency_code();
  row.net_amount = issued.net_amount().minor_units();
  row.vat_rate_bp = issued.vat_rate_bp();
  row.vat_amount = issued.vat_amount().minor_units();
  row.total_amount = issued.total_amount().minor_units();
  row.total_in_words = issued.total_in_words();
  row.file_name = issued.file_name();
  row.content_type = kPdfContentType;
  row.content = std::move(pdf);
  row.sha256 = issued.sha256();
  row.snapshot_json = common::bus::ToJson(issued);
  row.source_event_id = origin.event_id;
  row.manager = origin.manager;
  row.replaces = origin.replaces;
  row.sale_as_of = origin.sale_as_of;
  row.edition = origin.edition;
  if (issued.has_payment_due_date()) {
    row.payment_due_date = common::api::IsoDate(issued.payment_due_date());
  }
  row.template_id = template_id;
  row.payment = origin.payment;
  row.upd_status = origin.upd_status;
  return row;
}

// Renders `composed` with the issuer's active text block of its kind (if an admin wrote one) and
// completes its payload with the PDF's digest, the manager and the edition: the row to store.
store::NewDocument RenderRow(pqxx::work& tx, const DocumentOrigin& origin,
                             const std::string& document_id, const std::string& issue_date,
                             DocumentDraft& composed) {
  const std::string template_id =
      ApplyActiveTemplate(tx, origin.issuer_id, origin.doc_type, composed.view);
  std::string pdf = RenderDocumentPdf(composed.view);
  events::v1::DocumentIssued& issued = composed.issued;
  issued.set_sha256(common::db::Sha256Hex(pdf));
  issued.set_manager(origin.manager);
  issued.set_edition(origin.edition);
  return RowOf(origin, document_id, issued, issue_date, std::move(pdf), template_id);
}

// Issues `document_id`: a new row, or the draft `draft.sale_json` names when `draft` is given.
std::string IssueAs(pqxx::work& tx, const DocumentOrigin& origin, const std::string& document_id,
                    std::chrono::year_month_day wanted_date, const Compose& compose,
                    const DraftChange* draft) {
  std::string document_name = common::ResourceName("documents", document_id);
  const int year = static_cast<int>(wanted_date.year());
  // From here until commit the series' counter row is locked, so concurrent documents of the
  // same issuer and kind wait for this one, rendering included: the number is printed in the
  // PDF, so it must be taken first. A late event's document is dated the day the series last
  // issued on, not before it.
  const store::SeriesNumber number = store::NextNumber(tx, origin.issuer_id, origin.doc_type, year,
                                                       common::api::IsoDate(wanted_date));
  const std::optional<std::chrono::year_month_day> issue_date =
      common::api::ParseIsoDate(number.issue_date);
  if (!issue_date) {
    throw std::runtime_error("the numbering series returned a bad date: " + number.issue_date);
  }
  DocumentDraft composed = compose(*issue_date, number.sequence, document_name);
  events::v1::DocumentIssued& issued = composed.issued;
  if (!origin.replaces.empty()) {
    issued.set_replaces(common::ResourceName("documents", origin.replaces));
    store::MarkReplaced(tx, origin.replaces, document_id);
  }
  store::NewDocument row = RenderRow(tx, origin, document_id, number.issue_date, composed);
  row.year = year;
  row.sequence_number = number.sequence;
  if (draft == nullptr) {
    store::InsertDocument(tx, row);
  } else {
    row.draft_sale_json = draft->sale_json;
    row.changed_by = draft->by;
    store::RewriteDocument(tx, row);
  }
  common::bus::EnqueueEvent(tx, events::v1::kDocumentIssued, document_name, issued);
  common::log::Info("document issued", {{"document", document_name},
                                        {"type", origin.doc_type},
                                        {"number", row.number},
                                        {"replaces", issued.replaces()},
                                        {"sale", common::ResourceName("sales", origin.sale_id)},
                                        {"by", draft == nullptr ? "" : draft->by},
                                        {"event_id", origin.event_id}});
  return document_name;
}

}  // namespace

std::string IssueDocument(pqxx::work& tx, const DocumentOrigin& origin,
                          std::chrono::year_month_day wanted_date, const Compose& compose) {
  return IssueAs(tx, origin, NewDocumentId(origin), wanted_date, compose, nullptr);
}

std::string IssueDraft(pqxx::work& tx, const DocumentOrigin& origin, const std::string& draft_id,
                       std::chrono::year_month_day wanted_date, const Compose& compose,
                       const DraftChange& change) {
  return IssueAs(tx, origin, draft_id, wanted_date, compose, &change);
}

std::string RenderDraft(pqxx::work& tx, const DocumentOrigin& origin, const std::string& draft_id,
                        std::chrono::year_month_day date, const Compose& compose,
                        const DraftChange& change) {
  const std::string document_id = draft_id.empty() ? NewDocumentId(origin) : draft_id;
  std::string document_name = common::ResourceName("documents", document_id);
  // Sequence 0: composed without a number and marked as a draft; no series is touched.
  DocumentDraft composed = compose(date, 0, document_name);
  store::NewDocument row = RenderRow(tx, origin, document_id, common::api::IsoDate(date), composed);
  row.replaces.clear();  // what it replaces is known when it is issued
  row.status = "DRAFT";
  row.draft_sale_json = change.sale_json;
  row.changed_by = change.by;
  if (draft_id.empty()) {
    store::InsertDocument(tx, row);
  } else {
    store::RewriteDocument(tx, row);
  }
  common::log::Info("document draft rendered",
                    {{"document", document_name},
                     {"type", origin.doc_type},
                     {"sale", common::ResourceName("sales", origin.sale_id)},
                     {"by", change.by},
                     {"event_id", origin.event_id}});
  return document_name;
}

}  // namespace crm::documents::app
