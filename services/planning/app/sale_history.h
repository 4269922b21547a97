#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/api/page_token.h"
#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/sales.pb.h"
#include "services/planning/store/sales_store.h"

// A sale's history: every use case that changes a sale records the version it made here, in its
// transaction; ListSaleHistory reads it back for whoever may read the sale.
namespace crm::planning::app {

// What a change did to the sale, each change its text in sale_history.change and
// SaleVersion.change: a closed set of values that are their text, with nothing to map.
class SaleChange {
 public:
  static const SaleChange kRecorded;   // CompleteContact with a sale (active, or pending approval)
  static const SaleChange kAmended;    // AmendSale
  static const SaleChange kApproved;   // ApproveSale
  static const SaleChange kRejected;   // RejectSale
  static const SaleChange kCancelled;  // CancelSale

  constexpr std::string_view text() const { return text_; }

 private:
  constexpr explicit SaleChange(std::string_view text) : text_(text) {}
  std::string_view text_;
};
inline constexpr SaleChange SaleChange::kRecorded{"recorded"};
inline constexpr SaleChange SaleChange::kAmended{"amended"};
inline constexpr SaleChange SaleChange::kApproved{"approved"};
inline constexpr SaleChange SaleChange::kRejected{"rejected"};
inline constexpr SaleChange SaleChange::kCancelled{"cancelled"};

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
