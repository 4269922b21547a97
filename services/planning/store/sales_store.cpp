#include "services/planning/store/sales_store.h"

#include <stdexcept>

#include "common/api/enum_text.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "services/planning/domain/sale_pricing.h"
#include "services/planning/store/row_helpers.h"

namespace crm::planning::store {
namespace {

using rows::FromMicros;
using rows::Money;

std::string LinesJson(const std::vector<v1::ServiceLine>& lines) {
  std::string json = "[";
  for (const auto& line : lines) {
    if (json.size() > 1) {
      json += ',';
    }
    json += common::bus::ToJson(line);
  }
  return json + "]";
}

std::optional<std::string> DiscountJson(const std::optional<v1::Discount>& discount) {
  if (!discount) {
    return std::nullopt;
  }
  return common::bus::ToJson(*discount);
}

SaleRow ReadSale(const pqxx::row& r) {
  SaleRow row;
  row.id = r[0].c_str();
  row.contact_id = r[1].c_str();
  row.client_id = r[2].c_str();
  row.project_id = r[3].c_str();
  row.edition_id = r[4].c_str();
  row.manager_id = r[5].c_str();
  v1::Sale& s = row.sale;
  s.set_name(common::ResourceName("sales", row.id));
  s.set_contact(common::ResourceName("contacts", row.contact_id));
  s.set_client(common::ResourceName("clients", row.client_id));
  s.set_edition("projects/" + row.project_id + "/editions/" + row.edition_id);
  s.set_manager(common::ResourceName("employees", row.manager_id));
  s.set_area_dm2(r[6].as<int64_t>());
  s.set_stand_number(r[7].c_str());
  const std::string currency = r[8].c_str();
  *s.mutable_price_per_m2() = Money(currency, r[9].as<int64_t>());
  *s.mutable_net_amount() = Money(currency, r[10].as<int64_t>());
  s.set_vat_rate_bp(r[11].as<int32_t>());
  *s.mutable_vat_amount() = Money(currency, r[12].as<int64_t>());
  *s.mutable_total_amount() = Money(currency, r[13].as<int64_t>());
  *s.mutable_sale_time() = FromMicros(r[14]);
  s.set_stand_type(domain::StandTypeText::Parse(r[15].c_str()));
  *s.mutable_list_price_per_m2() = Money(currency, r[16].as<int64_t>());
  s.set_price_override_reason(r[17].c_str());
  // The lines column is a JSON array of ServiceLine: parse it as Sale.service_lines.
  v1::Sale lines;  // FromJson replaces the whole message
  common::bus::FromJson(std::string("{\"serviceLines\":") + r[18].c_str() + "}", &lines);
  s.mutable_service_lines()->Swap(lines.mutable_service_lines());
  if (!r[19].is_null()) {
    common::bus::FromJson(r[19].c_str(), s.mutable_discount());
  }
  *s.mutable_space_amount() = Money(currency, r[20].as<int64_t>());
  *s.mutable_services_amount() = Money(currency, r[21].as<int64_t>());
  *s.mutable_discount_amount() = Money(currency, r[22].as<int64_t>());
  s.set_state(common::api::EnumText<v1::SaleState>::Parse(r[23].c_str()));
  s.set_cancel_reason(r[24].c_str());
  if (!r[25].is_null()) {
    *s.mutable_cancel_time() = FromMicros(r[25]);
  }
  s.set_etag(r[26].c_str());
  *s.mutable_update_time() = FromMicros(r[27]);
  return row;
}

std::optional<SaleRow> FirstSale(const pqxx::result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  return ReadSale(result[0]);
}

}  // namespace

SaleRow InsertSale(pqxx::transaction_base& tx, const NewSale& s) {
  const SaleContent& c = s.content;
  const auto discount = DiscountJson(c.discount);
  auto result = tx.exec_prepared(
      "insert_sale", s.id, s.contact_id, s.client_id, s.project_id, s.edition_id, s.manager_id,
      c.area_dm2, c.stand_number, s.currency_code, c.price_per_m2, c.net_amount, c.vat_rate_bp,
      c.vat_amount, c.total_amount, rows::Time(s.sale_time),
      domain::StandTypeText::Of(c.stand_type), s.list_price_per_m2, c.price_override_reason,
      LinesJson(c.service_lines), rows::OrNull(discount), c.space_amount, c.services_amount,
      c.discount_amount);
  return ReadSale(result.at(0));
}

std::optional<v1::Sale> FindSale(pqxx::transaction_base& tx, const std::string& id) {
  auto row = FindSaleRow(tx, id);
  if (!row) {
    return std::nullopt;
  }
  return row->sale;
}

std::optional<SaleRow> FindSaleRow(pqxx::transaction_base& tx, const std::string& id) {
  return FirstSale(tx.exec_prepared("find_sale", id));
}

std::optional<SaleRow> FindSaleForUpdate(pqxx::transaction_base& tx, const std::string& id) {
  return FirstSale(tx.exec_prepared("find_sale_for_update", id));
}

std::vector<v1::Sale> ListSales(pqxx::transaction_base& tx,
                                const std::optional<std::string>& manager_id,
                                const common::auth::ListScope& scope,
                                const std::optional<domain::TimeKey>& after, int limit) {
  const rows::KeyParams key = rows::KeyParamsOf(after);
  auto result = tx.exec_prepared("list_sales", rows::OrNull(manager_id), rows::OrNull(key.time),
                                 rows::OrNull(key.id), limit, scope.all,
                                 rows::OrNull(scope.owner_id), rows::OrNull(scope.department_id));
  std::vector<v1::Sale> sales;
  sales.reserve(result.size());
  for (const auto& r : result) {
    sales.push_back(ReadSale(r).sale);
  }
  return sales;
}

SaleRow AmendSale(pqxx::transaction_base& tx, const std::string& id, const SaleContent& c,
                  const google::protobuf::Timestamp& update_time) {
  const auto discount = DiscountJson(c.discount);
  auto row = FirstSale(tx.exec_prepared(
      "amend_sale", id, c.area_dm2, c.stand_number, domain::StandTypeText::Of(c.stand_type),
      c.price_per_m2, c.price_override_reason, LinesJson(c.service_lines), rows::OrNull(discount),
      c.space_amount, c.services_amount, c.discount_amount, c.net_amount, c.vat_rate_bp,
      c.vat_amount, c.total_amount, rows::Time(update_time)));
  if (!row) {
    throw std::logic_error("AmendSale: sale " + id + " is not active");
  }
  return *row;
}

SaleRow CancelSale(pqxx::transaction_base& tx, const std::string& id, const std::string& reason,
                   const std::string& cancelled_by,
                   const google::protobuf::Timestamp& cancel_time) {
  auto row =
      FirstSale(tx.exec_prepared("cancel_sale", id, reason, cancelled_by, rows::Time(cancel_time)));
  if (!row) {
    throw std::logic_error("CancelSale: sale " + id + " is not active");
  }
  return *row;
}

}  // namespace crm::planning::store
