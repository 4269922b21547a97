#include "services/documents/app/issue_document.h"

#include <optional>
#include <stdexcept>

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

}  // namespace

std::string IssueDocument(pqxx::work& tx, const DocumentOrigin& origin,
                          std::chrono::year_month_day wanted_date, const Compose& compose) {
  const std::string document_id = NewDocumentId(origin);
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
  DocumentDraft draft = compose(*issue_date, number.sequence, document_name);
  // The issuer's active text block of the kind, if an admin wrote one.
  const std::string template_id =
      ApplyActiveTemplate(tx, origin.issuer_id, origin.doc_type, draft.view);
  const std::string pdf = RenderDocumentPdf(draft.view);
  events::v1::DocumentIssued& issued = draft.issued;
  issued.set_sha256(common::db::Sha256Hex(pdf));
  issued.set_manager(origin.manager);
  issued.set_edition(origin.edition);
  if (!origin.replaces.empty()) {
    issued.set_replaces(common::ResourceName("documents", origin.replaces));
    store::MarkReplaced(tx, origin.replaces, document_id);
  }

  store::NewDocument row;
  row.id = document_id;
  row.doc_type = origin.doc_type;
  row.issuer_id = origin.issuer_id;
  row.year = year;
  row.sequence_number = number.sequence;
  row.number = issued.number();
  row.issue_date = number.issue_date;
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
  row.content = pdf;
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
  store::InsertDocument(tx, row);
  common::bus::EnqueueEvent(tx, events::v1::kDocumentIssued, document_name, issued);
  common::log::Info("document issued", {{"document", document_name},
                                        {"type", origin.doc_type},
                                        {"number", row.number},
                                        {"replaces", issued.replaces()},
                                        {"sale", common::ResourceName("sales", origin.sale_id)},
                                        {"event_id", origin.event_id}});
  return document_name;
}

}  // namespace crm::documents::app
