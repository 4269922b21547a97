#include "services/planning/store/sale_history_store.h"

#include <stdexcept>

#include "common/bus/outbox.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/planning/store/sales_store.h"

namespace crm::planning::store {

void AppendSaleHistory(pqxx::transaction_base& tx, const std::string& sale_id,
                       const SaleChangeEntry& entry) {
  const pqxx::result written = tx.exec_prepared(
      "sale_history_append", sale_id, entry.change, entry.actor,
      common::db::TimeParam(entry.change_time), entry.comment, JsonArrayOf(entry.field_changes));
  if (written.affected_rows() != 1) {
    throw std::logic_error("AppendSaleHistory: no sale " + sale_id);
  }
}

std::vector<v1::SaleVersion> ListSaleHistory(pqxx::transaction_base& tx, const std::string& sale_id,
                                             std::optional<int64_t> before_version, int limit) {
  const std::optional<std::string> before =
      before_version ? std::optional(std::to_string(*before_version)) : std::nullopt;
  return common::db::RowsOf(
      tx.exec_prepared("sale_history_page", sale_id, common::db::OrNull(before), limit),
      [](const common::db::Row& row) {
        v1::SaleVersion version;
        // The column is a JSON array of SaleFieldChange: parse it as SaleVersion.field_changes.
        common::bus::FromJson("{\"fieldChanges\":" + row.Text("field_changes") + "}", &version);
        version.set_version(row.Int64("entry_version"));
        version.set_change(row.Text("change"));
        version.set_actor(row.Text("actor"));
        *version.mutable_change_time() = row.TimeFromMicros("change_time_us");
        version.set_comment(row.Text("comment"));
        *version.mutable_sale() = SaleFromRow(row).sale;
        return version;
      });
}

}  // namespace crm::planning::store
