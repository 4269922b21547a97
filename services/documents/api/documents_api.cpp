#include "services/documents/api/documents_api.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <optional>
#include <string>

#include "common/api/date.h"
#include "common/api/enum_text.h"
#include "common/api/idempotency.h"
#include "common/api/page_token.h"
#include "common/auth/access.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "common/core/text.h"
#include "services/documents/app/close_edition.h"
#include "services/documents/app/create_issuer.h"
#include "services/documents/domain/issuer_rules.h"
#include "services/documents/store/document_store.h"

namespace crm::documents {
namespace {

using common::auth::Role;

using common::auth::Action;
using common::auth::Records;

// Department units from the employees projection, read at request time, so a move between
// departments takes effect at once.
common::auth::DepartmentLookup Departments(pqxx::transaction_base& tx) {
  return
      [&tx](const std::string& employee_id) { return store::EmployeeDepartment(tx, employee_id); };
}

// The shared rule for a document of `manager`'s sale ("employees/{id}"; "" for documents issued
// before documents kept the manager, which only those who see every document see).
void CheckMaySee(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                 const std::string& manager) {
  common::auth::CheckAccess(common::auth::ActorOf(caller, Departments(tx)), Records::kDocuments,
                            Action::kRead, common::auth::OwnerOf(manager, Departments(tx)));
}

std::string DocumentId(const std::string& name) {
  auto id = common::ParseResourceId(name, "documents");
  if (!id) {
    throw common::ValidationError("name",
                                  name.empty() ? "is required" : "must be documents/{uuid}");
  }
  return *id;
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
  return guard_.Run(
      context, "CreateIssuer", {Role::kAccountant}, [&](const common::auth::Principal& caller) {
        v1::CreateIssuerRequest normalized = *request;
        if (normalized.has_issuer()) {
          NormalizeIssuer(normalized.mutable_issuer());
        }
        ValidateCreateIssuer(normalized);
        *response =
            app::CreateIssuer(pool_, common::api::KeyOf(caller.subject, "CreateIssuer", *request),
                              normalized.issuer());
      });
}

grpc::Status DocumentsApi::ListIssuers(grpc::ServerContext* context,
                                       const v1::ListIssuersRequest* request,
                                       v1::ListIssuersResponse* response) {
  return guard_.Run(
      context, "ListIssuers",
      {Role::kSalesManager, Role::kSalesHead, Role::kAccountant, Role::kAnalyst},
      [&](const common::auth::Principal& caller) {
        const common::api::PageQuery query = common::api::PageQueryOf(*request, caller.subject);
        const int page_size = common::PageSize(request->page_size());
        common::Violations violations;
        const int64_t after =
            common::api::ReadSeqToken(violations, query, request->page_token()).value_or(0);
        violations.ThrowIfAny();
        // One row more than asked tells whether another page follows.
        auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
          return store::ListIssuers(tx, after, page_size + 1);
        });
        const bool more = static_cast<int>(rows.size()) > page_size;
        if (more) {
          rows.pop_back();
        }
        for (auto& row : rows) {
          *response->add_issuers() = std::move(row.issuer);
        }
        if (more) {
          response->set_next_page_token(common::api::IssuePageToken(query, rows.back().seq));
        }
      });
}

grpc::Status DocumentsApi::GetDocument(grpc::ServerContext* context,
                                       const v1::GetDocumentRequest* request,
                                       v1::Document* response) {
  return guard_.Run(context, "GetDocument",
                    {Role::kSalesManager, Role::kSalesHead, Role::kAccountant, Role::kAnalyst},
                    [&](const common::auth::Principal& caller) {
                      const std::string id = DocumentId(request->name());
                      *response = pool_.Read([&](pqxx::read_transaction& tx) {
                        auto record = store::GetDocument(tx, id);
                        if (!record) {
                          throw common::NotFoundError(request->name());
                        }
                        CheckMaySee(tx, caller, record->document.manager());
                        return std::move(record->document);
                      });
                    });
}

grpc::Status DocumentsApi::ListDocuments(grpc::ServerContext* context,
                                         const v1::ListDocumentsRequest* request,
                                         v1::ListDocumentsResponse* response) {
  return guard_.Run(
      context, "ListDocuments",
      {Role::kSalesManager, Role::kSalesHead, Role::kAccountant, Role::kAnalyst},
      [&](const common::auth::Principal& caller) {
        common::Violations violations;
        store::DocumentFilter filter = ReadDocumentFilter(violations, *request);
        int page_size = 0;
        std::optional<int64_t> before;
        try {
          page_size = common::PageSize(request->page_size());
        } catch (const common::ValidationError& e) {
          violations.Add("page_size", e.violations().front().description);
        }
        const common::api::PageQuery query = common::api::PageQueryOf(*request, caller.subject);
        before = common::api::ReadSeqToken(violations, query, request->page_token());
        violations.ThrowIfAny();

        auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
          const common::auth::Actor actor = common::auth::ActorOf(caller, Departments(tx));
          const common::auth::ListScope scope = common::auth::ReadScope(actor, Records::kDocuments);
          if (filter.manager_id) {
            common::auth::CheckAccess(actor, Records::kDocuments, Action::kRead,
                                      common::auth::OwnerOf(request->manager(), Departments(tx)));
          }
          return store::ListDocuments(tx, filter, scope, before, page_size + 1);
        });
        const bool more = static_cast<int>(rows.size()) > page_size;
        if (more) {
          rows.pop_back();
        }
        for (auto& row : rows) {
          *response->add_documents() = std::move(row.document);
        }
        if (more) {
          response->set_next_page_token(common::api::IssuePageToken(query, rows.back().seq));
        }
      });
}

grpc::Status DocumentsApi::DownloadDocument(grpc::ServerContext* context,
                                            const v1::DownloadDocumentRequest* request,
                                            v1::DownloadDocumentResponse* response) {
  return guard_.Run(context, "DownloadDocument",
                    {Role::kSalesManager, Role::kSalesHead, Role::kAccountant, Role::kAnalyst},
                    [&](const common::auth::Principal& caller) {
                      const std::string id = DocumentId(request->name());
                      auto file = pool_.Read([&](pqxx::read_transaction& tx) {
                        auto found = store::GetDocumentFile(tx, id);
                        if (!found) {
                          throw common::NotFoundError(request->name());
                        }
                        CheckMaySee(tx, caller, found->manager);
                        return found;
                      });
                      response->set_content_type(file->content_type);
                      response->set_file_name(file->file_name);
                      response->set_content(std::move(file->content));
                    });
}

grpc::Status DocumentsApi::CloseEdition(grpc::ServerContext* context,
                                        const v1::CloseEditionRequest* request,
                                        v1::CloseEditionResponse* response) {
  return guard_.Run(
      context, "CloseEdition", {Role::kAccountant}, [&](const common::auth::Principal& caller) {
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
        const std::string edition =
            common::ResourceName("projects", common::LowerAscii(ids->first)) + "/" +
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
      });
}

}  // namespace crm::documents
