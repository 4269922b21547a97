#include "services/planning/app/sale_history.h"

#include "services/planning/app/active_sale.h"
#include "services/planning/domain/sale_history.h"
#include "services/planning/store/sale_history_store.h"

namespace crm::planning::app {

void RecordSaleChange(pqxx::transaction_base& tx, SaleChange change, const v1::Sale* before,
                      const store::SaleRow& after, const common::auth::Principal& caller,
                      const google::protobuf::Timestamp& time, const std::string& comment) {
  store::SaleChangeEntry entry;
  entry.change = change.text();
  entry.actor = caller.subject;
  entry.change_time = time;
  entry.comment = comment;
  if (before != nullptr) {
    entry.field_changes = domain::DiffSales(*before, after.sale, domain::SaleHistoryFields());
  }
  store::AppendSaleHistory(tx, after.id, entry);
}

v1::ListSaleHistoryResponse ListSaleHistory(common::db::Pool& pool,
                                            const common::auth::Principal& caller,
                                            const std::string& sale_id, const std::string& name,
                                            const common::api::PageQuery& query, int page_size,
                                            std::optional<int64_t> before_version) {
  // One version more than the page: the sign of a next page.
  auto versions = pool.Read([&](pqxx::read_transaction& tx) {
    ReadableSale(tx, caller, sale_id, name);
    return store::ListSaleHistory(tx, sale_id, before_version, page_size + 1);
  });
  v1::ListSaleHistoryResponse response;
  response.set_next_page_token(common::api::NextPageToken(
      versions, page_size, query, [](const v1::SaleVersion& last) { return last.version(); }));
  for (auto& version : versions) {
    *response.add_versions() = std::move(version);
  }
  return response;
}

}  // namespace crm::planning::app
