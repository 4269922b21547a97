#include "services/planning/store/stand_store.h"

#include "common/core/ids.h"
#include "common/db/money.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/planning/domain/sale_pricing.h"

namespace crm::planning::store {
namespace {

using common::db::MoneyOf;
using common::db::OrNull;
using common::db::Row;
using common::db::TimeParam;
using google::protobuf::Timestamp;

// A row of the statements returning stands (store/sql/stands.sql).
StandRow StandFromRow(const Row& r) {
  StandRow row;
  row.id = r.Text("id");
  row.edition_id = r.Text("edition_id");
  row.project_id = r.Text("project_id");
  row.sort_key = r.Text("sort_key");
  row.currency_code = r.Text("currency_code");
  row.list_price_per_m2 = r.Int64("list_price_per_m2");
  row.stored_status = r.Text("stored_status");
  row.held_by = r.Text("held_by");
  row.stored_hold_client_id = r.Text("hold_client_id");

  v1::Stand& s = row.stand;
  s.set_name(StandName(row.project_id, row.edition_id, row.id));
  s.set_number(r.Text("number"));
  s.set_hall(r.Text("hall"));
  s.set_stand_type(domain::StandTypeText::Parse(r.Text("stand_type")));
  s.set_area_dm2(r.Int64("area_dm2"));
  s.set_open_sides(r.Int32("open_sides"));
  s.set_status(domain::StandStatusText::Parse(r.Text("status")));
  *s.mutable_list_price_per_m2() = MoneyOf(row.currency_code, row.list_price_per_m2);
  *s.mutable_list_amount() =
      MoneyOf(row.currency_code, (s.area_dm2() * row.list_price_per_m2 + 50) / 100);
  if (s.status() == v1::STAND_STATUS_HELD) {
    v1::StandHold& hold = *s.mutable_hold();
    hold.set_client(common::ResourceName("clients", r.Text("hold_client_id")));
    hold.set_held_by(common::ResourceName("employees", row.held_by));
    *hold.mutable_hold_time() = r.TimeFromMicros("hold_time_us");
    *hold.mutable_expire_time() = r.TimeFromMicros("hold_expire_time_us");
    hold.set_note(r.Text("hold_note"));
  }
  if (s.status() == v1::STAND_STATUS_SOLD) {
    s.set_sale(common::ResourceName("sales", r.Text("sale_id")));
  }
  s.set_block_reason(r.Text("block_reason"));
  s.set_etag(r.Text("version"));
  *s.mutable_update_time() = r.TimeFromMicros("update_time_us");

  domain::StandState& state = row.state;
  state.name = s.name();
  state.status = s.status();
  state.number = s.number();
  if (s.status() == v1::STAND_STATUS_HELD) {
    state.hold_client_id = r.Text("hold_client_id");
    state.hold_expire_time = s.hold().expire_time();
  }
  state.sale_id = r.Text("sale_id");
  state.block_reason = s.block_reason();
  return row;
}

SalesPolicyRow PolicyFromRow(const Row& r) {
  SalesPolicyRow row;
  row.stored = true;
  row.terms.max_discount_bp = r.Int32("max_discount_bp");
  row.terms.default_hold = std::chrono::seconds(r.Int64("default_hold_s"));
  row.terms.max_hold = std::chrono::seconds(r.Int64("max_hold_s"));
  row.version = r.Int64("version");
  row.update_time = r.TimeFromMicros("update_time_us");
  return row;
}

// A stored sales_policies row; the default terms (stored false) when the statement returned none.
SalesPolicyRow PolicyOf(const pqxx::result& result) {
  return common::db::FirstRowOf(result, PolicyFromRow).value_or(SalesPolicyRow{});
}

}  // namespace

std::string StandName(const std::string& project_id, const std::string& edition_id,
                      const std::string& stand_id) {
  return "projects/" + project_id + "/editions/" + edition_id + "/stands/" + stand_id;
}

std::optional<StandRow> FindStand(pqxx::transaction_base& tx, const Timestamp& now,
                                  const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("find_stand", TimeParam(now), id), StandFromRow);
}

std::optional<StandRow> LockStand(pqxx::transaction_base& tx, const Timestamp& now,
                                  const std::string& id) {
  return common::db::FirstRowOf(tx.exec_prepared("lock_stand", TimeParam(now), id), StandFromRow);
}

std::optional<StandRow> LockStandByNumber(pqxx::transaction_base& tx, const Timestamp& now,
                                          const std::string& edition_id,
                                          const std::string& number_key) {
  return common::db::FirstRowOf(
      tx.exec_prepared("lock_stand_by_number", TimeParam(now), edition_id, number_key),
      StandFromRow);
}

std::vector<StandRow> LockStandsOfEdition(pqxx::transaction_base& tx, const Timestamp& now,
                                          const std::string& edition_id) {
  return common::db::RowsOf(tx.exec_prepared("lock_stands_of_edition", TimeParam(now), edition_id),
                            StandFromRow);
}

std::vector<StandRow> FindStands(pqxx::transaction_base& tx, const Timestamp& now,
                                 const std::vector<std::string>& ids) {
  return common::db::RowsOf(
      tx.exec_prepared("find_stands", TimeParam(now), common::db::ArrayLiteral(ids)), StandFromRow);
}

std::optional<int64_t> ListPriceOfType(pqxx::transaction_base& tx, const std::string& edition_id,
                                       const std::string& stand_type) {
  return common::db::FirstRowOf(tx.exec_prepared("list_price_of_type", edition_id, stand_type),
                                [](const Row& r) { return r.Int64("price_per_m2"); });
}

bool EditionHasStands(pqxx::transaction_base& tx, const std::string& edition_id) {
  return Row(tx.exec_prepared1("edition_has_stands", edition_id)).Bool("has_stands");
}

std::vector<StandRow> ListStands(pqxx::transaction_base& tx, const Timestamp& now,
                                 const std::string& edition_id, const StandFilter& filter,
                                 const std::optional<StandKey>& after, int limit) {
  std::optional<std::string> after_key;
  std::optional<std::string> after_id;
  if (after) {
    after_key = after->sort_key;
    after_id = after->id;
  }
  return common::db::RowsOf(
      tx.exec_prepared("list_stands", TimeParam(now), edition_id, OrNull(filter.status),
                       OrNull(filter.stand_type), OrNull(filter.hall), OrNull(after_key),
                       OrNull(after_id), limit),
      StandFromRow);
}

std::vector<v1::SalesBoardStand> BoardFreeStands(pqxx::transaction_base& tx, const Timestamp& now,
                                                 const std::string& edition_id,
                                                 const std::string& currency_code) {
  return common::db::RowsOf(
      tx.exec_prepared("board_free_stands", TimeParam(now), edition_id), [&](const Row& row) {
        v1::SalesBoardStand s;
        s.set_stand_id(row.Text("id"));
        s.set_number(row.Text("number"));
        s.set_hall(row.Text("hall"));
        s.set_stand_type(domain::StandTypeText::Parse(row.Text("stand_type")));
        s.set_area_dm2(row.Int64("area_dm2"));
        *s.mutable_list_amount() =
            MoneyOf(currency_code, (s.area_dm2() * row.Int64("list_price_per_m2") + 50) / 100);
        return s;
      });
}

std::vector<BoardCell> StandBoard(pqxx::transaction_base& tx, const Timestamp& now,
                                  const std::string& edition_id) {
  return common::db::RowsOf(
      tx.exec_prepared("stand_board", TimeParam(now), edition_id), [](const Row& row) {
        return BoardCell{
            row.Text("status"),       row.Text("stand_type"),
            row.Int32("stands"),      row.Int64("area_dm2"),
            row.Int64("list_amount"), row.OptionalInt64("list_price_per_m2").value_or(0)};
      });
}

ImportCounts UpsertStands(pqxx::transaction_base& tx, const std::string& edition_id,
                          const Timestamp& now, const std::vector<domain::FloorPlanStand>& stands) {
  std::vector<std::string> ids;
  std::vector<std::string> numbers;
  std::vector<std::string> keys;
  std::vector<std::string> halls;
  std::vector<std::string> types;
  std::vector<int64_t> areas;
  std::vector<int> sides;
  std::vector<std::string> sort_keys;
  for (auto* list : {&ids, &numbers, &keys, &halls, &types, &sort_keys}) {
    list->reserve(stands.size());
  }
  areas.reserve(stands.size());
  sides.reserve(stands.size());
  for (const auto& stand : stands) {
    ids.push_back(common::NewUuid());
    numbers.push_back(stand.number);
    keys.push_back(domain::StandNumberKey(stand.number));
    sort_keys.push_back(domain::StandSortKey(keys.back()));
    halls.push_back(stand.hall);
    types.push_back(domain::StandTypeText::Of(stand.stand_type));
    areas.push_back(stand.area_dm2);
    sides.push_back(stand.open_sides);
  }
  using common::db::QuotedArrayLiteral;
  const auto result = tx.exec_prepared(
      "upsert_stands", edition_id, TimeParam(now), common::db::ArrayLiteral(ids),
      QuotedArrayLiteral(numbers), QuotedArrayLiteral(keys), QuotedArrayLiteral(halls),
      QuotedArrayLiteral(types), common::db::NumberArrayLiteral(areas),
      common::db::NumberArrayLiteral(sides), QuotedArrayLiteral(sort_keys));
  ImportCounts counts;
  for (const auto& r : result) {
    (Row(r).Bool("inserted") ? counts.created : counts.updated) += 1;
  }
  return counts;
}

void UpdateStand(pqxx::transaction_base& tx, const std::string& id, const v1::Stand& values,
                 const Timestamp& now) {
  tx.exec_prepared0("update_stand", id, values.hall(),
                    domain::StandTypeText::Of(values.stand_type()), values.area_dm2(),
                    values.open_sides(), TimeParam(now));
}

void SellStand(pqxx::transaction_base& tx, const std::string& id, const std::string& sale_id,
               const Timestamp& now) {
  tx.exec_prepared0("sell_stand", id, sale_id, TimeParam(now));
}

void HoldStand(pqxx::transaction_base& tx, const std::string& id, const std::string& client_id,
               const std::string& held_by, const Timestamp& now, const Timestamp& expire_time,
               const std::string& note) {
  tx.exec_prepared0("hold_stand", id, client_id, held_by, TimeParam(now), TimeParam(expire_time),
                    note);
}

void FreeStand(pqxx::transaction_base& tx, const std::string& id, const Timestamp& now) {
  tx.exec_prepared0("free_stand", id, TimeParam(now));
}

void BlockStand(pqxx::transaction_base& tx, const std::string& id, const std::string& reason,
                const Timestamp& now) {
  tx.exec_prepared0("block_stand", id, reason, TimeParam(now));
}

void UnblockStand(pqxx::transaction_base& tx, const std::string& id, const Timestamp& now) {
  tx.exec_prepared0("unblock_stand", id, TimeParam(now));
}

std::vector<ExpiredHold> ExpireHolds(pqxx::transaction_base& tx, const Timestamp& now, int limit) {
  return common::db::RowsOf(tx.exec_prepared("expire_holds", TimeParam(now), limit),
                            [](const Row& row) {
                              return ExpiredHold{row.Text("id"), row.Text("hold_client_id")};
                            });
}

std::optional<Timestamp> NextHoldExpiry(pqxx::transaction_base& tx) {
  return Row(tx.exec_prepared1("next_hold_expiry")).OptionalTimeFromMicros("expire_time_us");
}

SalesPolicyRow FindSalesPolicy(pqxx::transaction_base& tx, const std::string& edition_id) {
  return PolicyOf(tx.exec_prepared("find_sales_policy", edition_id));
}

SalesPolicyRow LockSalesPolicy(pqxx::transaction_base& tx, const std::string& edition_id) {
  return PolicyOf(tx.exec_prepared("lock_sales_policy", edition_id));
}

SalesPolicyRow UpsertSalesPolicy(pqxx::transaction_base& tx, const std::string& edition_id,
                                 const domain::SalesPolicyTerms& terms, const Timestamp& now) {
  return PolicyOf(tx.exec_prepared("upsert_sales_policy", edition_id, terms.max_discount_bp,
                                   static_cast<int64_t>(terms.default_hold.count()),
                                   static_cast<int64_t>(terms.max_hold.count()), TimeParam(now)));
}

}  // namespace crm::planning::store
