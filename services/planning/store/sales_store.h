#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "common/auth/access.h"
#include "common/bus/outbox.h"
#include "common/db/row.h"
#include "crm/planning/v1/planning.pb.h"

// Sales as stored (store/sql/sales.sql).
namespace crm::planning::store {

// A sale with the ids its names were built from.
struct SaleRow {
  v1::Sale sale;
  std::string id;
  std::string contact_id;
  std::string client_id;
  std::string project_id;
  std::string edition_id;
  std::string manager_id;
  std::string stand_id;  // "" when the sale reserves no stand of an inventory
};

// The priced content of a sale: what recording writes and amending replaces.
struct SaleContent {
  int64_t area_dm2 = 0;
  std::string stand_number;
  v1::StandType stand_type = v1::STAND_TYPE_UNSPECIFIED;
  int64_t price_per_m2 = 0;
  std::string price_override_reason;
  std::vector<v1::ServiceLine> service_lines;  // amounts filled
  std::optional<v1::Discount> discount;
  int64_t space_amount = 0;
  int64_t services_amount = 0;
  int64_t discount_amount = 0;
  int64_t net_amount = 0;
  int32_t vat_rate_bp = 0;
  int64_t vat_amount = 0;
  int64_t total_amount = 0;
  // The stand of the edition's inventory the sale reserves; nullopt without one.
  std::optional<std::string> stand_id;
  // How far below the list, the limit, and the approval (app/sale_terms.h decides).
  v1::SaleState state = v1::SALE_STATE_ACTIVE;
  int32_t discount_bp = 0;
  int32_t max_discount_bp = 0;
  bool approval_required = false;
  std::string approved_by;  // employee id; "" for none
  std::optional<google::protobuf::Timestamp> approve_time;
};

struct NewSale {
  std::string id;
  std::string contact_id;
  std::string client_id;
  std::string project_id;
  std::string edition_id;
  std::string manager_id;
  std::string currency_code;
  int64_t list_price_per_m2 = 0;
  SaleContent content;
  google::protobuf::Timestamp sale_time;
};

// Messages as the JSON array of their canonical JSON (a jsonb column's value).
template <class Messages>
std::string JsonArrayOf(const Messages& messages) {
  std::string json = "[";
  for (const auto& message : messages) {
    if (json.size() > 1) {
      json += ',';
    }
    json += common::bus::ToJson(message);
  }
  return json + "]";
}

// A row of the statements returning sales (the fragment sale_columns of store/sql/sales.sql).
SaleRow SaleFromRow(const common::db::Row& r);

SaleRow InsertSale(pqxx::transaction_base& tx, const NewSale& sale);
std::optional<SaleRow> FindSaleRow(pqxx::transaction_base& tx, const std::string& id);
// Locks the row until the transaction ends.
std::optional<SaleRow> FindSaleForUpdate(pqxx::transaction_base& tx, const std::string& id);
// Ordered by (sale_time, id): one manager's (or everyone's when nullopt) within `scope`.
std::vector<v1::Sale> ListSales(pqxx::transaction_base& tx,
                                const std::optional<std::string>& manager_id,
                                const common::auth::ListScope& scope,
                                const std::optional<common::api::TimeKey>& after, int limit);
// Replaces the content of an active sale; throws std::logic_error on a cancelled one (callers
// lock and check first).
SaleRow AmendSale(pqxx::transaction_base& tx, const std::string& id, const SaleContent& content,
                  const google::protobuf::Timestamp& update_time);
// A sale pending approval made active; throws std::logic_error on another state (callers lock and
// check first).
SaleRow ApproveSale(pqxx::transaction_base& tx, const std::string& id,
                    const std::string& approved_by, const google::protobuf::Timestamp& time);
SaleRow CancelSale(pqxx::transaction_base& tx, const std::string& id, const std::string& reason,
                   const std::string& cancelled_by, const google::protobuf::Timestamp& cancel_time);

}  // namespace crm::planning::store
