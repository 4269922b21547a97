#include "services/documents/app/document_drafts.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

#include "common/api/date.h"
#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/documents/app/document_access.h"
#include "services/documents/app/issue_document.h"
#include "services/documents/domain/invoice.h"
#include "services/documents/domain/lifecycle.h"
#include "services/documents/domain/sale_package.h"
#include "services/documents/store/document_store.h"

namespace crm::documents::app {
namespace {

// What renders a draft: where it comes from, the sale it keeps, the invoice in force and the
// issuer as they are now, and the numbers of the documents before it in the package.
struct DraftSource {
  store::DraftBasis basis;
  DocumentOrigin origin;
  events::v1::SaleRecorded sale;
  events::v1::DocumentIssued invoice;
  v1::Issuer issuer;
  PackageBasis package;
};

// Notes a numbered application or contract of the sale in force in the package, as the
// documents after it name it.
void NoteNumbered(pqxx::transaction_base& tx, PackageBasis& package, const std::string& sale_id,
                  const char* kind) {
  const std::optional<std::string> snapshot = store::CurrentSnapshotOfSale(tx, sale_id, kind);
  if (!snapshot) {
    return;
  }
  events::v1::DocumentIssued issued;
  common::bus::FromJson(*snapshot, &issued);
  const std::optional<std::chrono::year_month_day> date =
      common::api::CalendarDate(issued.issue_date());
  DocumentView view;
  view.number = issued.number();
  view.issue_date = date ? FormatDateRu(*date) : "";
  NoteIssued(package, kind, view);
}

// The draft `document_id` locked for a change by `caller`, with everything it is rendered from;
// the sale locked first, as the sale events lock it.
DraftSource LockDraft(pqxx::work& tx, const common::auth::Principal& caller,
                      const std::string& document_id, const std::string& etag) {
  const std::string name = common::ResourceName("documents", document_id);
  store::LockSale(tx, common::api::Found(store::GetDraftBasis(tx, document_id), name).sale_id);
  const std::optional<store::DocumentRecord> record = store::LockDocument(tx, document_id);
  // Read again under the locks: an amendment handled meanwhile has rendered the draft anew.
  std::optional<store::DraftBasis> basis = store::GetDraftBasis(tx, document_id);
  if (!record || !basis) {
    throw common::NotFoundError(name);
  }
  CheckDocumentAccess(tx, caller, record->document.manager(), common::auth::Action::kWrite);
  // The state before the etag: issuing twice is "not a draft", whatever version was sent.
  CheckIsDraft(record->document);
  common::api::CheckEtag(name, record->document.etag(), etag);

  DraftSource source;
  source.basis = std::move(*basis);
  const store::DraftBasis& b = source.basis;
  common::bus::FromJson(b.sale_json, &source.sale);
  const std::optional<std::string> invoice =
      store::CurrentSnapshotOfSale(tx, b.sale_id, kInvoiceType);
  if (!invoice) {
    throw common::PreconditionError("NO_INVOICE_IN_FORCE",
                                    "the draft's sale has no invoice in force", name);
  }
  common::bus::FromJson(*invoice, &source.invoice);
  const std::optional<store::IssuerRecord> issuer = store::FindIssuer(tx, b.issuer_id);
  if (!issuer) {
    throw std::runtime_error("the issuer of draft " + name + " is gone");
  }
  source.issuer = issuer->issuer;

  source.origin.issuer_id = b.issuer_id;
  source.origin.doc_type = b.doc_type;
  source.origin.sale_id = b.sale_id;
  source.origin.manager = b.manager;
  source.origin.edition = b.edition;
  source.origin.sale_as_of = b.sale_as_of;
  source.origin.event_id = b.event_id;

  source.package.sale = &source.sale;
  source.package.invoice = &source.invoice;
  source.package.issuer = &source.issuer;
  if (b.doc_type != kApplicationType) {
    NoteNumbered(tx, source.package, b.sale_id, kApplicationType);
  }
  if (b.doc_type != kApplicationType && b.doc_type != kContractType) {
    NoteNumbered(tx, source.package, b.sale_id, kContractType);
  }
  return source;
}

Compose ComposeFrom(const DraftSource& source) {
  return [&source](std::chrono::year_month_day issue_date, int64_t sequence,
                   const std::string& document_name) {
    return ComposePackageDocument(source.basis.doc_type, source.package, issue_date, sequence,
                                  document_name);
  };
}

std::chrono::year_month_day Today() {
  return common::api::LocalDate(google::protobuf::util::TimeUtil::GetCurrentTime());
}

}  // namespace

v1::Document RenderDocumentDraft(common::db::Pool& pool, const common::auth::Principal& caller,
                                 const std::string& document_id, const std::string& etag) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const DraftSource source = LockDraft(tx, caller, document_id, etag);
    RenderDraft(tx, source.origin, document_id, Today(), ComposeFrom(source),
                {source.basis.sale_json, caller.subject});
    return Reread(tx, document_id);
  });
}

v1::Document IssueDraftDocument(common::db::Pool& pool, const common::auth::Principal& caller,
                                const std::string& document_id, const std::string& etag) {
  return pool.InTransaction([&](pqxx::work& tx) {
    DraftSource source = LockDraft(tx, caller, document_id, etag);
    // The issued version takes the place of the sale's document of the kind in force.
    const std::optional<store::CurrentDocument> current = store::CurrentDocumentOfSale(
        tx, source.basis.sale_id, source.basis.doc_type, source.basis.sale_as_of);
    source.origin.replaces = current && current->status != "ANNULLED" ? current->id : "";
    IssueDraft(tx, source.origin, document_id, Today(), ComposeFrom(source),
               {source.basis.sale_json, caller.subject});
    return Reread(tx, document_id);
  });
}

}  // namespace crm::documents::app
