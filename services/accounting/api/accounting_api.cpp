#include "services/accounting/api/accounting_api.h"

#include <google/protobuf/util/time_util.h>

#include "common/api/page_token.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "services/accounting/store/export_store.h"

namespace crm::accounting {
namespace {

using common::auth::Role;
using google::protobuf::util::TimeUtil;

// Who may see what was sent to 1C: the accountants who reconcile it, and the people who report
// on sales.
constexpr std::initializer_list<Role> kReaders = {Role::kAccountant, Role::kSalesHead,
                                                  Role::kAnalyst};

void ToProto(const ExportRecord& r, crm::accounting::v1::Export* out) {
  out->set_name(common::ResourceName("exports", r.id));
  out->set_document(common::ResourceName("documents", r.document_id));
  out->set_document_number(r.document_number);
  out->set_file_name(r.file_name);
  out->set_sha256(r.sha256);
  out->set_size_bytes(r.size_bytes);
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r.create_time_micros);
  out->set_operation(r.operation == "annul" ? crm::accounting::v1::EXPORT_OPERATION_ANNUL
                                            : crm::accounting::v1::EXPORT_OPERATION_ISSUE);
}

}  // namespace

AccountingApi::AccountingApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status AccountingApi::GetExport(grpc::ServerContext* context,
                                      const crm::accounting::v1::GetExportRequest* request,
                                      crm::accounting::v1::Export* response) {
  return guard_.Run(context, "GetExport", kReaders, [&](const common::auth::Principal&) {
    auto id = common::ParseResourceId(request->name(), "exports");
    if (!id) {
      throw common::ValidationError("name", "must be exports/{uuid}");
    }
    auto record = pool_.Read([&](pqxx::read_transaction& tx) { return ExportStore::Get(tx, *id); });
    if (!record) {
      throw common::NotFoundError(request->name());
    }
    ToProto(*record, response);
  });
}

grpc::Status AccountingApi::ListExports(grpc::ServerContext* context,
                                        const crm::accounting::v1::ListExportsRequest* request,
                                        crm::accounting::v1::ListExportsResponse* response) {
  return guard_.Run(context, "ListExports", kReaders, [&](const common::auth::Principal& caller) {
    const common::api::PageQuery query = common::api::PageQueryOf(*request, caller.subject);
    common::Violations violations;
    int page_size = 0;
    try {
      page_size = common::PageSize(request->page_size());
    } catch (const common::ValidationError& e) {
      violations.Add(e.violations()[0].field, e.violations()[0].description);
    }
    const std::optional<common::api::TimeKey> after =
        common::api::ReadTimeKeyToken(violations, query, request->page_token());
    violations.ThrowIfAny();

    auto page = pool_.Read(
        [&](pqxx::read_transaction& tx) { return ExportStore::List(tx, page_size, after); });
    for (const auto& record : page.exports) {
      ToProto(record, response->add_exports());
    }
    if (page.next_key) {
      response->set_next_page_token(common::api::IssuePageToken(query, *page.next_key));
    }
  });
}

}  // namespace crm::accounting
