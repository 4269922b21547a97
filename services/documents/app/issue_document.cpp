#include "services/documents/app/issue_document.h"

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <utility>

#include "common/api/date.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/core/name_uuid.h"
#include "common/core/parallel.h"
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

}  // namespace

// A document numbered (or drafted) and composed, waiting for its PDF, its row and its event.
struct DocumentBatch::Pending {
  DocumentOrigin origin;
  std::string document_id;
  std::string issue_date;  // YYYY-MM-DD
  int year = 0;            // of its series; 0 for a draft
  int64_t sequence = 0;    // its number in the series; 0 for a draft
  DocumentDraft composed;
  std::string template_id;
  std::string pdf;
  bool draft = false;       // stored as DRAFT: not numbered, not published
  bool rewrite = false;     // the row exists (a draft): rewritten, not inserted
  bool has_change = false;  // `change` says who changed the draft, and from what sale
  DraftChange change;
};

DocumentBatch::DocumentBatch(pqxx::work& tx, int render_threads)
    : tx_(tx), render_threads_(render_threads) {}

DocumentBatch::~DocumentBatch() = default;

void DocumentBatch::Issue(const DocumentOrigin& origin, std::chrono::year_month_day wanted_date,
                          const Compose& compose) {
  Number(origin, NewDocumentId(origin), wanted_date, compose, nullptr);
}

void DocumentBatch::IssueDraft(const DocumentOrigin& origin, const std::string& draft_id,
                               std::chrono::year_month_day wanted_date, const Compose& compose,
                               const DraftChange& change) {
  Number(origin, draft_id, wanted_date, compose, &change);
}

void DocumentBatch::Draft(const DocumentOrigin& origin, const std::string& draft_id,
                          std::chrono::year_month_day date, const Compose& compose,
                          const DraftChange& change) {
  Pending& pending = pending_.emplace_back();
  pending.origin = origin;
  pending.document_id = draft_id.empty() ? NewDocumentId(origin) : draft_id;
  pending.issue_date = common::api::IsoDate(date);
  // Sequence 0: composed without a number and marked as a draft; no series is touched.
  pending.composed = compose(date, 0, common::ResourceName("documents", pending.document_id));
  pending.template_id =
      ApplyActiveTemplate(tx_, origin.issuer_id, origin.doc_type, pending.composed.view);
  pending.draft = true;
  pending.rewrite = !draft_id.empty();
  pending.has_change = true;
  pending.change = change;
}

void DocumentBatch::Number(const DocumentOrigin& origin, const std::string& document_id,
                           std::chrono::year_month_day wanted_date, const Compose& compose,
                           const DraftChange* draft) {
  const std::string document_name = common::ResourceName("documents", document_id);
  const int year = static_cast<int>(wanted_date.year());
  // From here until commit the series' counter row is locked, so concurrent documents of the
  // same issuer and kind wait for this one, rendering included: the number is printed in the
  // PDF, so it must be taken first. A late event's document is dated the day the series last
  // issued on, not before it.
  const store::SeriesNumber number = store::NextNumber(tx_, origin.issuer_id, origin.doc_type, year,
                                                       common::api::IsoDate(wanted_date));
  const std::optional<std::chrono::year_month_day> issue_date =
      common::api::ParseIsoDate(number.issue_date);
  if (!issue_date) {
    throw std::runtime_error("the numbering series returned a bad date: " + number.issue_date);
  }
  Pending& pending = pending_.emplace_back();
  pending.origin = origin;
  pending.document_id = document_id;
  pending.issue_date = number.issue_date;
  pending.year = year;
  pending.sequence = number.sequence;
  pending.composed = compose(*issue_date, number.sequence, document_name);
  if (!origin.replaces.empty()) {
    pending.composed.issued.set_replaces(common::ResourceName("documents", origin.replaces));
    store::MarkReplaced(tx_, origin.replaces, document_id);
  }
  pending.template_id =
      ApplyActiveTemplate(tx_, origin.issuer_id, origin.doc_type, pending.composed.view);
  if (draft != nullptr) {
    pending.rewrite = true;
    pending.has_change = true;
    pending.change = *draft;
  }
}

std::vector<std::string> DocumentBatch::Finish() {
  // The PDFs need nothing of the transaction nor of each other.
  common::RunInParallel(pending_.size(), render_threads_, [this](std::size_t i) {
    Pending& pending = pending_[i];
    pending.pdf = RenderDocumentPdf(pending.composed.view);
    events::v1::DocumentIssued& issued = pending.composed.issued;
    issued.set_sha256(common::db::Sha256Hex(pending.pdf));
    issued.set_manager(pending.origin.manager);
    issued.set_edition(pending.origin.edition);
  });
  std::vector<std::string> names;
  names.reserve(pending_.size());
  for (Pending& pending : pending_) {
    names.push_back(Store(pending));
  }
  pending_.clear();
  return names;
}

std::string DocumentBatch::Store(Pending& pending) {
  const DocumentOrigin& origin = pending.origin;
  std::string document_name = common::ResourceName("documents", pending.document_id);
  const events::v1::DocumentIssued& issued = pending.composed.issued;
  store::NewDocument row = RowOf(origin, pending.document_id, issued, pending.issue_date,
                                 std::move(pending.pdf), pending.template_id);
  if (pending.draft) {
    row.replaces.clear();  // what it replaces is known when it is issued
    row.status = "DRAFT";
  } else {
    row.year = pending.year;
    row.sequence_number = pending.sequence;
  }
  if (pending.has_change) {
    row.draft_sale_json = pending.change.sale_json;
    row.changed_by = pending.change.by;
  }
  if (pending.rewrite) {
    store::RewriteDocument(tx_, row);
  } else {
    store::InsertDocument(tx_, row);
  }
  if (pending.draft) {
    common::log::Info("document draft rendered",
                      {{"document", document_name},
                       {"type", origin.doc_type},
                       {"sale", common::ResourceName("sales", origin.sale_id)},
                       {"by", pending.change.by},
                       {"event_id", origin.event_id}});
    return document_name;
  }
  common::bus::EnqueueEvent(tx_, events::v1::kDocumentIssued, document_name, issued);
  common::log::Info("document issued", {{"document", document_name},
                                        {"type", origin.doc_type},
                                        {"number", row.number},
                                        {"replaces", issued.replaces()},
                                        {"sale", common::ResourceName("sales", origin.sale_id)},
                                        {"by", pending.change.by},
                                        {"event_id", origin.event_id}});
  return document_name;
}

std::string IssueDocument(pqxx::work& tx, const DocumentOrigin& origin,
                          std::chrono::year_month_day wanted_date, const Compose& compose) {
  DocumentBatch batch(tx, 1);
  batch.Issue(origin, wanted_date, compose);
  return batch.Finish().front();
}

std::string IssueDraft(pqxx::work& tx, const DocumentOrigin& origin, const std::string& draft_id,
                       std::chrono::year_month_day wanted_date, const Compose& compose,
                       const DraftChange& change) {
  DocumentBatch batch(tx, 1);
  batch.IssueDraft(origin, draft_id, wanted_date, compose, change);
  return batch.Finish().front();
}

std::string RenderDraft(pqxx::work& tx, const DocumentOrigin& origin, const std::string& draft_id,
                        std::chrono::year_month_day date, const Compose& compose,
                        const DraftChange& change) {
  DocumentBatch batch(tx, 1);
  batch.Draft(origin, draft_id, date, compose, change);
  return batch.Finish().front();
}

}  // namespace crm::documents::app
