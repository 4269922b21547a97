#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/api/page_token.h"
#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/sales.pb.h"
#include "services/planning/store/sales_store.h"

// A sale's history: every use case that changes a sale records the version it made here, in its
// transaction; ListSaleHistory reads it back for whoever may read the sale.
namespace crm::planning::app {

// What a change did to the sale (sale_history.change).
enum class SaleChange {
  kRecorded,   // CompleteContact with a sale (active, or pending a head of sales' approval)
  kAmended,    // AmendSale
  kApproved,   // ApproveSale
  kRejected,   // RejectSale
  kCancelled,  // CancelSale
};

// Appends the entry of the version `after` is at: `change` by the caller at `time` with
// `comment` (the reason given, "" for none) and the fields that differ from `before` (none for
// a sale just recorded: pass nullptr).
void RecordSaleChange(pqxx::transaction_base& tx, SaleChange change, const v1::Sale* before,
                      const store::SaleRow& after, const common::auth::Principal& caller,
                      const google::protobuf::Timestamp& time, const std::string& comment);

// ListSaleHistory: the request's sale (`sale_id`, named `name`) as the caller may read it
// (ReadableSale), its versions older than `before_version` (from the newest when nullopt), at
// most `page_size`, newest first; the next page's token bound to `query`. Throws NotFoundError
// naming `name`, or PermissionError.
v1::ListSaleHistoryResponse ListSaleHistory(common::db::Pool& pool,
                                            const common::auth::Principal& caller,
                                            const std::string& sale_id, const std::string& name,
                                            const common::api::PageQuery& query, int page_size,
                                            std::optional<int64_t> before_version);

}  // namespace crm::planning::app
