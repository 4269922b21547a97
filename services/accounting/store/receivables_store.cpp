#include "services/accounting/store/receivables_store.h"

#include <optional>

#include "common/db/pool.h"
#include "common/db/row.h"

namespace crm::accounting {

std::vector<ReceivablesRow> SumReceivables(pqxx::transaction_base& tx,
                                           const ReceivablesQuery& query) {
  const common::auth::ListScope& scope = query.scope;
  std::vector<ReceivablesRow> rows;
  for (const auto& result : tx.exec_prepared("accounting_receivables", query.as_of, query.group_by,
                                             query.client, query.edition, query.manager_id,
                                             scope.all, common::db::OrNull(scope.owner_id),
                                             common::db::OrNull(scope.department_id))) {
    const common::db::Row row(result);
    ReceivablesRow r;
    r.is_total = row.Bool("is_total");
    r.key = row.Text("group_key");
    r.display_name = row.Text("display_name");
    r.client_inn = row.Text("client_inn");
    r.invoice_count = row.Int64("invoice_count");
    r.invoiced = row.Int64("invoiced");
    r.paid = row.Int64("paid");
    r.outstanding = row.Int64("outstanding");
    r.not_due = row.Int64("not_due");
    r.overdue_1_to_30 = row.Int64("overdue_1_to_30");
    r.overdue_31_to_60 = row.Int64("overdue_31_to_60");
    r.overdue_61_to_90 = row.Int64("overdue_61_to_90");
    r.overdue_over_90 = row.Int64("overdue_over_90");
    r.due_before_opening = row.Int64("due_before_opening");
    r.opening_date = row.Text("opening_date");
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace crm::accounting
