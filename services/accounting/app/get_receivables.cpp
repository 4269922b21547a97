#include "services/accounting/app/get_receivables.h"

#include "common/api/date.h"
#include "common/api/enum_text.h"
#include "common/auth/access.h"
#include "common/core/ids.h"
#include "common/db/money.h"
#include "services/accounting/store/employee_store.h"
#include "services/accounting/store/receivables_store.h"

namespace crm::accounting::app {
namespace {

namespace v1 = crm::accounting::v1;
using common::auth::Action;
using common::auth::Records;

constexpr char kRub[] = "RUB";

// The grouping as the receivables statement takes it: "client", "edition", "manager".
using GroupingText = common::api::EnumText<v1::ReceivablesGrouping, common::api::TextCase::kLower>;

void ToProto(const ReceivablesRow& row, v1::ReceivablesFigures* out) {
  out->set_invoice_count(static_cast<int32_t>(row.invoice_count));
  *out->mutable_invoiced() = common::db::MoneyOf(kRub, row.invoiced);
  *out->mutable_paid() = common::db::MoneyOf(kRub, row.paid);
  *out->mutable_outstanding() = common::db::MoneyOf(kRub, row.outstanding);
  v1::ReceivablesAgeing* ageing = out->mutable_ageing();
  *ageing->mutable_not_due() = common::db::MoneyOf(kRub, row.not_due);
  *ageing->mutable_overdue_1_to_30_days() = common::db::MoneyOf(kRub, row.overdue_1_to_30);
  *ageing->mutable_overdue_31_to_60_days() = common::db::MoneyOf(kRub, row.overdue_31_to_60);
  *ageing->mutable_overdue_61_to_90_days() = common::db::MoneyOf(kRub, row.overdue_61_to_90);
  *ageing->mutable_overdue_over_90_days() = common::db::MoneyOf(kRub, row.overdue_over_90);
  *out->mutable_due_before_opening() = common::db::MoneyOf(kRub, row.due_before_opening);
}

// The group's key as a resource name: the manager's id becomes "employees/{id}".
std::string KeyName(v1::ReceivablesGrouping grouping, const std::string& key) {
  if (grouping == v1::RECEIVABLES_GROUPING_MANAGER && !key.empty()) {
    return common::ResourceName("employees", key);
  }
  return key;
}

}  // namespace

v1::Receivables GetReceivables(common::db::Pool& pool, const common::auth::Principal& caller,
                               const ReceivablesRequest& request) {
  ReceivablesQuery query;
  query.as_of = common::api::IsoDate(request.as_of);
  query.group_by = GroupingText::Of(request.group_by);
  query.client = request.client;
  query.edition = request.edition;
  query.manager_id = request.manager_id;
  const std::vector<ReceivablesRow> rows = pool.Read([&](pqxx::read_transaction& tx) {
    const auto departments = EmployeeStore::Departments(tx);
    const common::auth::Actor actor = common::auth::ActorOf(caller, departments);
    query.scope = common::auth::ReadScope(actor, Records::kSales);
    if (!request.manager.empty()) {
      common::auth::CheckAccess(actor, Records::kSales, Action::kRead,
                                common::auth::OwnerOf(request.manager, departments));
    }
    return SumReceivables(tx, query);
  });

  v1::Receivables out;
  out.set_group_by(request.group_by);
  *out.mutable_as_of() = common::api::ProtoDate(request.as_of);
  for (const ReceivablesRow& row : rows) {
    if (row.is_total) {
      ToProto(row, out.mutable_total());
      continue;
    }
    v1::ReceivablesGroup* group = out.add_groups();
    group->set_key(KeyName(request.group_by, row.key));
    group->set_display_name(row.display_name);
    group->set_client_inn(row.client_inn);
    ToProto(row, group->mutable_figures());
    if (auto opening = common::api::ParseIsoDate(row.opening_date)) {
      *group->mutable_opening_date() = common::api::ProtoDate(*opening);
    }
  }
  return out;
}

}  // namespace crm::accounting::app
