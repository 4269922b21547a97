#include "services/planning/store/sales_store.h"

#include <stdexcept>

#include "common/api/enum_text.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/money.h"
#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/planning/domain/sale_pricing.h"
#include "services/planning/store/key_params.h"

namespace crm::planning::store {
namespace {

using common::db::MoneyOf;
using common::db::OrNull;
using common::db::Row;
using common::db::TimeParam;

std::optional<std::string> DiscountJson(const std::optional<v1::Discount>& discount) {
  if (!discount) {
    return std::nullopt;
  }
  return common::bus::ToJson(*discount);
}

std::optional<SaleRow> FirstSale(const pqxx::result& result) {
  return common::db::FirstRowOf(result, SaleFromRow);
}

}  // namespace

SaleRow SaleFromRow(const Row& r) {
  SaleRow row;
  row.id = r.Text("id");
  row.contact_id = r.Text("contact_id");
  row.client_id = r.Text("client_id");
  row.project_id = r.Text("project_id");
  row.edition_id = r.Text("edition_id");
  row.manager_id = r.Text("manager_id");
  v1::Sale& s = row.sale;
  s.set_name(common::ResourceName("sales", row.id));
  s.set_contact(common::ResourceName("contacts", row.contact_id));
  s.set_client(common::ResourceName("clients", row.client_id));
  s.set_edition("projects/" + row.project_id + "/editions/" + row.edition_id);
  s.set_manager(common::ResourceName("employees", row.manager_id));
  s.set_area_dm2(r.Int64("area_dm2"));
  s.set_stand_number(r.Text("stand_number"));
  const std::string currency = r.Text("currency_code");
  *s.mutable_price_per_m2() = MoneyOf(currency, r.Int64("price_per_m2"));
  *s.mutable_net_amount() = MoneyOf(currency, r.Int64("net_amount"));
  s.set_vat_rate_bp(r.Int32("vat_rate_bp"));
  *s.mutable_vat_amount() = MoneyOf(currency, r.Int64("vat_amount"));
  *s.mutable_total_amount() = MoneyOf(currency, r.Int64("total_amount"));
  *s.mutable_sale_time() = r.TimeFromMicros("sale_time_us");
  s.set_stand_type(domain::StandTypeText::Parse(r.Text("stand_type")));
  *s.mutable_list_price_per_m2() = MoneyOf(currency, r.Int64("list_price_per_m2"));
  s.set_price_override_reason(r.Text("price_override_reason"));
  // The lines column is a JSON array of ServiceLine: parse it as Sale.service_lines.
  v1::Sale lines;  // FromJson replaces the whole message
  common::bus::FromJson("{\"serviceLines\":" + r.Text("service_lines") + "}", &lines);
  s.mutable_service_lines()->Swap(lines.mutable_service_lines());
  if (auto discount = r.OptionalText("discount")) {
    common::bus::FromJson(*discount, s.mutable_discount());
  }
  *s.mutable_space_amount() = MoneyOf(currency, r.Int64("space_amount"));
  *s.mutable_services_amount() = MoneyOf(currency, r.Int64("services_amount"));
  *s.mutable_discount_amount() = MoneyOf(currency, r.Int64("discount_amount"));
  s.set_state(common::api::EnumText<v1::SaleState>::Parse(r.Text("state")));
  s.set_cancel_reason(r.Text("cancel_reason"));
  if (auto cancelled = r.OptionalTimeFromMicros("cancel_time_us")) {
    *s.mutable_cancel_time() = *cancelled;
  }
  s.set_etag(r.Text("version"));
  *s.mutable_update_time() = r.TimeFromMicros("update_time_us");
  row.stand_id = r.Text("stand_id");
  if (!row.stand_id.empty()) {
    s.set_stand("projects/" + row.project_id + "/editions/" + row.edition_id + "/stands/" +
                row.stand_id);
  }
  v1::SaleApproval& approval = *s.mutable_approval();
  approval.set_discount_bp(r.Int32("discount_bp"));
  approval.set_max_discount_bp(
      static_cast<int32_t>(r.OptionalInt64("max_discount_bp").value_or(0)));
  approval.set_required(r.Bool("approval_required"));
  if (const std::string approver = r.Text("approved_by"); !approver.empty()) {
    approval.set_approver(common::ResourceName("employees", approver));
  }
  if (auto approved = r.OptionalTimeFromMicros("approve_time_us")) {
    *approval.mutable_approve_time() = *approved;
  }
  return row;
}

SaleRow InsertSale(pqxx::transaction_base& tx, const NewSale& s) {
  const SaleContent& c = s.content;
  const auto discount = DiscountJson(c.discount);
  const Row row(tx.exec_prepared1(
      "insert_sale", s.id, s.contact_id, s.client_id, s.project_id, s.edition_id, s.manager_id,
      c.area_dm2, c.stand_number, s.currency_code, c.price_per_m2, c.net_amount, c.vat_rate_bp,
      c.vat_amount, c.total_amount, TimeParam(s.sale_time), domain::StandTypeText::Of(c.stand_type),
      s.list_price_per_m2, c.price_override_reason, JsonArrayOf(c.service_lines), OrNull(discount),
      c.space_amount, c.services_amount, c.discount_amount, OrNull(c.stand_id),
      common::api::EnumText<v1::SaleState>::Of(c.state), c.discount_bp, c.max_discount_bp,
      c.approval_required, c.approved_by, common::db::OptionalTimeParam(c.approve_time)));
  return SaleFromRow(row);
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
                                const std::optional<common::api::TimeKey>& after, int limit) {
  const KeyParams key = KeyParamsOf(after);
  common::db::UseCustomPlans(tx);  // the scope's ORs: a generic plan keeps them all
  return common::db::RowsOf(
      tx.exec_prepared("list_sales", OrNull(manager_id), OrNull(key.time), OrNull(key.id), limit,
                       scope.all, OrNull(scope.owner_id), OrNull(scope.department_id)),
      [](const Row& r) { return SaleFromRow(r).sale; });
}

SaleRow AmendSale(pqxx::transaction_base& tx, const std::string& id, const SaleContent& c,
                  const google::protobuf::Timestamp& update_time) {
  const auto discount = DiscountJson(c.discount);
  auto row = FirstSale(tx.exec_prepared(
      "amend_sale", id, c.area_dm2, c.stand_number, domain::StandTypeText::Of(c.stand_type),
      c.price_per_m2, c.price_override_reason, JsonArrayOf(c.service_lines), OrNull(discount),
      c.space_amount, c.services_amount, c.discount_amount, c.net_amount, c.vat_rate_bp,
      c.vat_amount, c.total_amount, TimeParam(update_time), OrNull(c.stand_id),
      common::api::EnumText<v1::SaleState>::Of(c.state), c.discount_bp, c.max_discount_bp,
      c.approval_required, c.approved_by, common::db::OptionalTimeParam(c.approve_time)));
  if (!row) {
    throw std::logic_error("AmendSale: sale " + id + " is cancelled");
  }
  return *row;
}

SaleRow ApproveSale(pqxx::transaction_base& tx, const std::string& id,
                    const std::string& approved_by, const google::protobuf::Timestamp& time) {
  auto row = FirstSale(tx.exec_prepared("approve_sale", id, approved_by, TimeParam(time)));
  if (!row) {
    throw std::logic_error("ApproveSale: sale " + id + " is not pending approval");
  }
  return *row;
}

SaleRow CancelSale(pqxx::transaction_base& tx, const std::string& id, const std::string& reason,
                   const std::string& cancelled_by,
                   const google::protobuf::Timestamp& cancel_time) {
  auto row =
      FirstSale(tx.exec_prepared("cancel_sale", id, reason, cancelled_by, TimeParam(cancel_time)));
  if (!row) {
    throw std::logic_error("CancelSale: sale " + id + " is already cancelled");
  }
  return *row;
}

}  // namespace crm::planning::store
