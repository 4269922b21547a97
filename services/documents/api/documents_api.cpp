#include "services/documents/api/documents_api.h"

#include <google/protobuf/util/time_util.h>

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/api/date.h"
#include "common/api/enum_text.h"
#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/api/page_token.h"
#include "common/api/request_id.h"
#include "common/api/update_mask.h"
#include "common/auth/access.h"
#include "common/core/digest.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "common/core/text.h"
#include "services/documents/app/close_edition.h"
#include "services/documents/app/create_issuer.h"
#include "services/documents/app/document_access.h"
#include "services/documents/app/document_drafts.h"
#include "services/documents/app/document_lifecycle.h"
#include "services/documents/app/document_templates.h"
#include "services/documents/app/edo_document.h"
#include "services/documents/app/update_issuer.h"
#include "services/documents/domain/edo_xml.h"
#include "services/documents/domain/issuer_rules.h"
#include "services/documents/domain/lifecycle.h"
#include "services/documents/domain/text_blocks.h"
#include "services/documents/store/document_store.h"
#include "services/documents/store/template_store.h"

namespace crm::documents {
namespace {

using common::auth::Action;
using common::auth::Records;

using app::Departments;

void CheckMaySee(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                 const std::string& manager) {
  app::CheckDocumentAccess(tx, caller, manager, Action::kRead);
}

// The id of `name` ("documents/{uuid}", in `field`), or a violation.
std::optional<std::string> ReadDocumentId(common::Violations& violations, const char* field,
                                          const std::string& name) {
  auto id = common::ParseResourceId(name, "documents");
  if (!id) {
    violations.Add(field, name.empty() ? "is required" : "must be documents/{uuid}");
    return std::nullopt;
  }
  return common::LowerAscii(*id);
}

// The document id of a download of the PDF (format unset or PDF), or every violation.
std::string PdfDownloadId(const v1::DownloadDocumentRequest& request) {
  common::Violations violations;
  std::optional<std::string> id = ReadDocumentId(violations, "name", request.name());
  if (!v1::DocumentFormat_IsValid(request.format())) {
    violations.Add("format", "must be DOCUMENT_FORMAT_PDF or DOCUMENT_FORMAT_EDO_XML");
  }
  if (!request.recipient_edo_participant_id().empty()) {
    violations.Add("recipient_edo_participant_id", "is only for DOCUMENT_FORMAT_EDO_XML");
  }
  violations.ThrowIfAny();
  return *id;
}

// The document id of a download of the EDO file, or every violation.
std::string EdoDownloadId(const v1::DownloadDocumentRequest& request) {
  common::Violations violations;
  std::optional<std::string> id = ReadDocumentId(violations, "name", request.name());
  const std::string& recipient = request.recipient_edo_participant_id();
  if (recipient.empty()) {
    violations.Add("recipient_edo_participant_id",
                   "is required for DOCUMENT_FORMAT_EDO_XML: the buyer's id at its EDO operator");
  } else {
    violations.AddIf("recipient_edo_participant_id", EdoParticipantIdProblem(recipient));
  }
  violations.ThrowIfAny();
  return *id;
}

// The file DownloadDocument returns for `request` (validated; the PDF, or a VAT invoice's EDO
// file), if `caller` may see the document; StreamDocument sends the same file in chunks.
store::DocumentFile DownloadedFile(common::db::Pool& pool, const common::auth::Principal& caller,
                                   const v1::DownloadDocumentRequest& request) {
  if (request.format() == v1::DOCUMENT_FORMAT_EDO_XML) {
    const std::string id = EdoDownloadId(request);
    EdoFile edo = app::EdoDocumentFile(pool, caller, id, request.recipient_edo_participant_id());
    return {std::move(edo.file_name), kEdoContentType, std::move(edo.content), ""};
  }
  const std::string id = PdfDownloadId(request);
  return pool.Read([&](pqxx::read_transaction& tx) {
    store::DocumentFile found = common::api::Found(store::GetDocumentFile(tx, id), request.name());
    CheckMaySee(tx, caller, found.manager);
    return found;
  });
}

// The most a StreamDocument message carries of the file.
constexpr std::size_t kStreamChunkBytes = 64 * 1024;

std::string DocumentId(const std::string& name) {
  common::Violations violations;
  std::optional<std::string> id = ReadDocumentId(violations, "name", name);
  violations.ThrowIfAny();
  return *id;
}

// The (document, scan) ids of "documents/{uuid}/scans/{uuid}" in `field`, or a violation.
std::optional<std::pair<std::string, std::string>> ReadScanIds(common::Violations& violations,
                                                               const char* field,
                                                               const std::string& name) {
  auto ids = common::ParseChildResourceId(name, "documents", "scans");
  if (!ids) {
    violations.Add(field, name.empty() ? "is required" : "must be documents/{uuid}/scans/{uuid}");
  }
  return ids;
}

// The (issuer, template) ids of "issuers/{uuid}/documentTemplates/{uuid}" in `field`, lower-cased,
// or a violation.
std::optional<std::pair<std::string, std::string>> ReadTemplateIds(common::Violations& violations,
                                                                   const char* field,
                                                                   const std::string& name) {
  auto ids = common::ParseChildResourceId(name, "issuers", "documentTemplates");
  if (!ids) {
    violations.Add(
        field, name.empty() ? "is required" : "must be issuers/{uuid}/documentTemplates/{uuid}");
    return std::nullopt;
  }
  return std::make_pair(common::LowerAscii(ids->first), common::LowerAscii(ids->second));
}

// The issuer id of `parent` ("issuers/{uuid}"), lower-cased, or a violation.
std::optional<std::string> ReadIssuerId(common::Violations& violations, const std::string& parent) {
  auto id = common::ParseResourceId(parent, "issuers");
  if (!id) {
    violations.Add("parent", parent.empty() ? "is required" : "must be issuers/{uuid}");
    return std::nullopt;
  }
  return common::LowerAscii(*id);
}

// Moves the page out of `rows` (read with one row more than the page size) through `add`, and
// sets `next_page_token` when that one more row was there.
template <class Record, class Add>
void FillSeqPage(std::vector<Record>& rows, const common::api::SeqPage& page, const Add& add,
                 std::string* next_page_token) {
  const bool more = static_cast<int>(rows.size()) > page.page_size;
  if (more) {
    rows.pop_back();
  }
  for (Record& row : rows) {
    add(std::move(row));
  }
  if (more) {
    *next_page_token = common::api::IssuePageToken(page.query, rows.back().seq);
  }
}

// ListDocuments' conditions, canonical (ids lower-cased as stored), each bad one a violation of
// its field.
store::DocumentFilter ReadDocumentFilter(common::Violations& violations,
                                         const v1::ListDocumentsRequest& request) {
  store::DocumentFilter filter;
  if (!request.sale().empty()) {
    if (auto id = common::ParseResourceId(request.sale(), "sales")) {
      filter.sale_id = *id;
    } else {
      violations.Add("sale", "must be sales/{uuid}");
    }
  }
  if (!request.manager().empty()) {
    filter.manager_id = common::auth::EmployeeIdOf(request.manager());
    if (!filter.manager_id) {
      violations.Add("manager", "must be employees/{uuid}");
    }
  }
  if (!request.client().empty()) {
    if (auto id = common::ParseResourceId(request.client(), "clients")) {
      filter.client = common::ResourceName("clients", common::LowerAscii(*id));
    } else {
      violations.Add("client", "must be clients/{uuid}");
    }
  }
  if (!request.edition().empty()) {
    if (auto ids = common::ParseChildResourceId(request.edition(), "projects", "editions")) {
      filter.edition = common::ResourceName("projects", common::LowerAscii(ids->first)) + "/" +
                       common::ResourceName("editions", common::LowerAscii(ids->second));
    } else {
      violations.Add("edition", "must be projects/{uuid}/editions/{uuid}");
    }
  }
  if (request.type() != v1::DOCUMENT_TYPE_UNSPECIFIED) {
    if (common::api::IsSpecified(request.type())) {
      filter.doc_type = common::api::EnumText<v1::DocumentType>::Of(request.type());
    } else {
      violations.Add("type", "is not a document type");
    }
  }
  if (request.status() != v1::DOCUMENT_STATUS_UNSPECIFIED) {
    if (common::api::IsSpecified(request.status())) {
      filter.status = common::api::EnumText<v1::DocumentStatus>::Of(request.status());
    } else {
      violations.Add("status", "is not a document status");
    }
  }
  std::optional<std::chrono::year_month_day> from;
  std::optional<std::chrono::year_month_day> to;
  if (!common::api::IsUnsetDate(request.issued_from())) {
    from = common::api::ReadDate(violations, "issued_from", request.issued_from());
  }
  if (!common::api::IsUnsetDate(request.issued_to())) {
    to = common::api::ReadDate(violations, "issued_to", request.issued_to());
  }
  if (from && to && std::chrono::sys_days{*from} > std::chrono::sys_days{*to}) {
    violations.Add("issued_to", "must not be before issued_from");
  }
  filter.issued_from = from ? common::api::IsoDate(*from) : "";
  filter.issued_to = to ? common::api::IsoDate(*to) : "";
  return filter;
}

}  // namespace

DocumentsApi::DocumentsApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status DocumentsApi::CreateIssuer(grpc::ServerContext* context,
                                        const v1::CreateIssuerRequest* request,
                                        v1::Issuer* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    v1::CreateIssuerRequest normalized = *request;
    if (normalized.has_issuer()) {
      NormalizeIssuer(normalized.mutable_issuer());
    }
    ValidateCreateIssuer(normalized);
    *response = app::CreateIssuer(
        pool_, common::api::KeyOf(caller.subject, "CreateIssuer", *request), normalized.issuer());
  });
}

grpc::Status DocumentsApi::UpdateIssuer(grpc::ServerContext* context,
                                        const v1::UpdateIssuerRequest* request,
                                        v1::Issuer* response) {
  return guard_.Run(context, [&](const common::auth::Principal&) {
    common::Violations violations;
    const std::string& name = request->issuer().name();
    std::optional<std::string> id = common::ParseResourceId(name, "issuers");
    if (!id) {
      violations.Add("issuer.name", name.empty() ? "is required" : "must be issuers/{uuid}");
    }
    common::api::RequireEtag(violations, "issuer.etag", request->issuer().etag());
    static constexpr std::array<common::api::RefusedPath, 4> kRefused = {{
        {"inn", "cannot change: another legal entity is another issuer"},
        {"ogrn", "cannot change: another legal entity is another issuer"},
        {"name", "is output only"},
        {"etag", "is output only"},
    }};
    const std::vector<std::string> paths = common::api::ReadUpdateMask(
        violations, request->update_mask(), app::UpdatableIssuerFields(), kRefused);
    violations.ThrowIfAny();
    *response = app::UpdateIssuer(pool_, common::LowerAscii(*id), name, request->issuer(), paths);
  });
}

grpc::Status DocumentsApi::ListIssuers(grpc::ServerContext* context,
                                       const v1::ListIssuersRequest* request,
                                       v1::ListIssuersResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const common::api::SeqPage page =
        common::api::ReadSeqPage(violations, *request, caller.subject);
    violations.ThrowIfAny();
    // One row more than asked tells whether another page follows.
    auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
      return store::ListIssuers(tx, page.after.value_or(0), page.page_size + 1);
    });
    FillSeqPage(
        rows, page,
        [&](store::IssuerRecord&& row) { *response->add_issuers() = std::move(row.issuer); },
        response->mutable_next_page_token());
  });
}

grpc::Status DocumentsApi::GetDocument(grpc::ServerContext* context,
                                       const v1::GetDocumentRequest* request,
                                       v1::Document* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const std::string id = DocumentId(request->name());
    *response = pool_.Read([&](pqxx::read_transaction& tx) {
      store::DocumentRecord record =
          common::api::Found(store::GetDocument(tx, id), request->name());
      CheckMaySee(tx, caller, record.document.manager());
      return std::move(record.document);
    });
  });
}

grpc::Status DocumentsApi::ListDocuments(grpc::ServerContext* context,
                                         const v1::ListDocumentsRequest* request,
                                         v1::ListDocumentsResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    store::DocumentFilter filter = ReadDocumentFilter(violations, *request);
    const common::api::SeqPage page =
        common::api::ReadSeqPage(violations, *request, caller.subject);
    violations.ThrowIfAny();

    auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::Actor actor = common::auth::ActorOf(caller, Departments(tx));
      const common::auth::ListScope scope = common::auth::ReadScope(actor, Records::kDocuments);
      if (filter.manager_id) {
        common::auth::CheckAccess(actor, Records::kDocuments, Action::kRead,
                                  common::auth::OwnerOf(request->manager(), Departments(tx)));
      }
      return store::ListDocuments(tx, filter, scope, page.after, page.page_size + 1);
    });
    FillSeqPage(
        rows, page,
        [&](store::DocumentRecord&& row) { *response->add_documents() = std::move(row.document); },
        response->mutable_next_page_token());
  });
}

grpc::Status DocumentsApi::DownloadDocument(grpc::ServerContext* context,
                                            const v1::DownloadDocumentRequest* request,
                                            v1::DownloadDocumentResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    store::DocumentFile file = DownloadedFile(pool_, caller, *request);
    response->set_content_type(file.content_type);
    response->set_file_name(file.file_name);
    response->set_content(std::move(file.content));
  });
}

grpc::Status DocumentsApi::StreamDocument(grpc::ServerContext* context,
                                          const v1::StreamDocumentRequest* request,
                                          grpc::ServerWriter<v1::DocumentChunk>* writer) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    v1::DownloadDocumentRequest download;
    download.set_name(request->name());
    download.set_format(request->format());
    download.set_recipient_edo_participant_id(request->recipient_edo_participant_id());
    const store::DocumentFile file = DownloadedFile(pool_, caller, download);
    v1::DocumentChunk chunk;
    chunk.set_file_name(file.file_name);
    chunk.set_content_type(file.content_type);
    chunk.set_size_bytes(static_cast<int64_t>(file.content.size()));
    chunk.set_sha256(common::Sha256Hex(file.content));
    if (!writer->Write(chunk)) {
      return;  // the caller went away
    }
    chunk.Clear();
    const std::string_view content = file.content;
    for (std::size_t at = 0; at < content.size(); at += kStreamChunkBytes) {
      chunk.set_data(std::string(content.substr(at, kStreamChunkBytes)));
      if (!writer->Write(chunk)) {
        return;
      }
    }
  });
}

grpc::Status DocumentsApi::CloseEdition(grpc::ServerContext* context,
                                        const v1::CloseEditionRequest* request,
                                        v1::CloseEditionResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const auto ids = common::ParseChildResourceId(request->edition(), "projects", "editions");
    if (!ids) {
      violations.Add("edition", request->edition().empty()
                                    ? "is required"
                                    : "must be projects/{uuid}/editions/{uuid}");
    }
    const std::chrono::year_month_day today =
        common::api::LocalDate(google::protobuf::util::TimeUtil::GetCurrentTime());
    std::optional<std::chrono::year_month_day> close_date = today;
    if (!common::api::IsUnsetDate(request->close_date())) {
      close_date = common::api::ReadDate(violations, "close_date", request->close_date());
      if (close_date && std::chrono::sys_days{*close_date} > std::chrono::sys_days{today}) {
        violations.Add("close_date", "must not be in the future");
      }
    }
    violations.ThrowIfAny();
    const std::string edition = common::ResourceName("projects", common::LowerAscii(ids->first)) +
                                "/" +
                                common::ResourceName("editions", common::LowerAscii(ids->second));
    const app::ClosingRun run = app::CloseEdition(pool_, edition, *close_date, caller.subject);
    for (const std::string& document : run.issued) {
      response->add_issued_documents(document);
    }
    response->set_acts_total(run.acts_total);
    for (const std::string& document : run.vat_invoices) {
      response->add_issued_vat_invoices(document);
    }
    response->set_vat_invoices_total(run.vat_invoices_total);
    for (const std::string& document : run.upds) {
      response->add_issued_upds(document);
    }
    response->set_upds_total(run.upds_total);
  });
}

grpc::Status DocumentsApi::MarkDocumentSent(grpc::ServerContext* context,
                                            const v1::MarkDocumentSentRequest* request,
                                            v1::Document* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::optional<std::string> id = ReadDocumentId(violations, "name", request->name());
    common::api::RequireEtag(violations, "etag", request->etag());
    if (!common::api::IsSpecified(request->channel())) {
      violations.Add("channel", request->channel() == v1::DELIVERY_CHANNEL_UNSPECIFIED
                                    ? "is required"
                                    : "is not a delivery channel");
    }
    v1::MarkDocumentSentRequest normalized = *request;
    violations.AddIf("recipient",
                     common::CheckText(*normalized.mutable_recipient(), {.max_characters = 500}));
    violations.ThrowIfAny();
    *response = app::MarkDocumentSent(pool_, caller, *id, normalized);
  });
}

// The draft's id and etag of a RenderDocumentDraft or IssueDocument request, or every violation.
namespace {
template <typename Request>
std::string DraftRequestId(const Request& request) {
  common::Violations violations;
  const std::optional<std::string> id = ReadDocumentId(violations, "name", request.name());
  common::api::RequireEtag(violations, "etag", request.etag());
  violations.ThrowIfAny();
  return *id;
}
}  // namespace

grpc::Status DocumentsApi::RenderDocumentDraft(grpc::ServerContext* context,
                                               const v1::RenderDocumentDraftRequest* request,
                                               v1::Document* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const std::string id = DraftRequestId(*request);
    *response = app::RenderDocumentDraft(pool_, caller, id, request->etag());
  });
}

grpc::Status DocumentsApi::IssueDocument(grpc::ServerContext* context,
                                         const v1::IssueDocumentRequest* request,
                                         v1::Document* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const std::string id = DraftRequestId(*request);
    *response = app::IssueDraftDocument(pool_, caller, id, request->etag());
  });
}

grpc::Status DocumentsApi::MarkDocumentSigned(grpc::ServerContext* context,
                                              const v1::MarkDocumentSignedRequest* request,
                                              v1::Document* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::optional<std::string> id = ReadDocumentId(violations, "name", request->name());
    common::api::RequireEtag(violations, "etag", request->etag());
    app::Signature signature;
    signature.etag = request->etag();
    signature.counterparty_signatory = request->counterparty_signatory();
    violations.AddIf("counterparty_signatory",
                     common::CheckText(signature.counterparty_signatory,
                                       {.required = true, .max_characters = 300}));
    std::optional<std::chrono::year_month_day> signed_date;
    if (common::api::IsUnsetDate(request->signed_date())) {
      violations.Add("signed_date", "is required");
    } else {
      signed_date = common::api::ReadDate(violations, "signed_date", request->signed_date());
      const std::chrono::year_month_day today =
          common::api::LocalDate(google::protobuf::util::TimeUtil::GetCurrentTime());
      if (signed_date && std::chrono::sys_days{*signed_date} > std::chrono::sys_days{today}) {
        violations.Add("signed_date", "must not be in the future");
      }
    }
    if (!request->scan().empty()) {
      if (auto ids = ReadScanIds(violations, "scan", request->scan())) {
        if (id && common::LowerAscii(ids->first) != *id) {
          violations.Add("scan", "is not a scan of this document");
        }
        signature.scan_id = common::LowerAscii(ids->second);
      }
    }
    violations.ThrowIfAny();
    signature.signed_date = *signed_date;
    *response = app::MarkDocumentSigned(pool_, caller, *id, signature);
  });
}

grpc::Status DocumentsApi::AttachDocumentScan(grpc::ServerContext* context,
                                              const v1::AttachDocumentScanRequest* request,
                                              v1::DocumentScan* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::optional<std::string> id = ReadDocumentId(violations, "parent", request->parent());
    store::NewScan scan;
    scan.file_name = request->file_name();
    violations.AddIf("file_name", CheckScanFileName(scan.file_name));
    const std::optional<std::string> bad_type = CheckScanContentType(request->content_type());
    violations.AddIf("content_type", bad_type);
    if (!bad_type) {
      violations.AddIf("content", CheckScanContent(request->content_type(), request->content()));
    }
    common::api::CheckRequestId(violations, request->request_id());
    violations.ThrowIfAny();
    scan.document_id = *id;
    scan.content_type = request->content_type();
    scan.content = request->content();
    *response = app::AttachDocumentScan(
        pool_, caller, common::api::KeyOf(caller.subject, "AttachDocumentScan", *request),
        std::move(scan));
  });
}

grpc::Status DocumentsApi::DownloadDocumentScan(grpc::ServerContext* context,
                                                const v1::DownloadDocumentScanRequest* request,
                                                v1::DownloadDocumentScanResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const auto ids = ReadScanIds(violations, "name", request->name());
    violations.ThrowIfAny();
    store::DocumentFile file = app::ScanFile(pool_, caller, common::LowerAscii(ids->first),
                                             common::LowerAscii(ids->second), request->name());
    response->set_content_type(file.content_type);
    response->set_file_name(file.file_name);
    response->set_content(std::move(file.content));
  });
}

grpc::Status DocumentsApi::CreateDocumentTemplate(grpc::ServerContext* context,
                                                  const v1::CreateDocumentTemplateRequest* request,
                                                  v1::DocumentTemplate* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::optional<std::string> issuer = ReadIssuerId(violations, request->parent());
    const v1::DocumentTemplate& document = request->document_template();
    if (!common::api::IsSpecified(document.type())) {
      violations.Add("document_template.type", document.type() == v1::DOCUMENT_TYPE_UNSPECIFIED
                                                   ? "is required"
                                                   : "is not a document type");
    }
    violations.AddIf("document_template.statement", CheckTemplate(document.statement()));
    common::api::CheckRequestId(violations, request->request_id());
    violations.ThrowIfAny();
    *response = app::CreateDocumentTemplate(
        pool_, common::api::KeyOf(caller.subject, "CreateDocumentTemplate", *request), *issuer,
        document, caller.subject);
  });
}

grpc::Status DocumentsApi::ListDocumentTemplates(grpc::ServerContext* context,
                                                 const v1::ListDocumentTemplatesRequest* request,
                                                 v1::ListDocumentTemplatesResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const std::optional<std::string> issuer = ReadIssuerId(violations, request->parent());
    std::string doc_type;
    if (request->type() != v1::DOCUMENT_TYPE_UNSPECIFIED) {
      if (common::api::IsSpecified(request->type())) {
        doc_type = common::api::EnumText<v1::DocumentType>::Of(request->type());
      } else {
        violations.Add("type", "is not a document type");
      }
    }
    const common::api::SeqPage page =
        common::api::ReadSeqPage(violations, *request, caller.subject);
    violations.ThrowIfAny();
    auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
      if (!store::FindIssuer(tx, *issuer)) {
        throw common::NotFoundError(request->parent());
      }
      return store::ListTemplates(tx, *issuer, doc_type, page.after, page.page_size + 1);
    });
    FillSeqPage(
        rows, page,
        [&](store::TemplateRecord&& row) {
          *response->add_document_templates() = std::move(row.document);
        },
        response->mutable_next_page_token());
  });
}

grpc::Status DocumentsApi::PreviewDocumentTemplate(
    grpc::ServerContext* context, const v1::PreviewDocumentTemplateRequest* request,
    v1::PreviewDocumentTemplateResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal&) {
    common::Violations violations;
    const auto ids = ReadTemplateIds(violations, "name", request->name());
    violations.ThrowIfAny();
    response->set_content(
        app::PreviewDocumentTemplate(pool_, ids->first, ids->second, request->name()));
    response->set_content_type("application/pdf");
    response->set_file_name("template-preview.pdf");
  });
}

grpc::Status DocumentsApi::ActivateDocumentTemplate(
    grpc::ServerContext* context, const v1::ActivateDocumentTemplateRequest* request,
    v1::DocumentTemplate* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const auto ids = ReadTemplateIds(violations, "name", request->name());
    common::api::RequireEtag(violations, "etag", request->etag());
    violations.ThrowIfAny();
    *response = app::ActivateDocumentTemplate(pool_, ids->first, ids->second, request->name(),
                                              request->etag(), caller.subject);
  });
}

}  // namespace crm::documents
