#pragma once

#include <chrono>
#include <string>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/accounting/v1/receivables.pb.h"

// Receivables as a caller may see them (proto/crm/accounting/v1/receivables.proto): the invoices
// of the sales the shared rule (common/auth/access.h, records of sales) lets them read — a sales
// manager their own, a head of sales their department unit's managers', accountants, analysts and
// admins all — summed per client, edition or manager in one statement.
namespace crm::accounting::app {

// A validated GetReceivables request.
struct ReceivablesRequest {
  crm::accounting::v1::ReceivablesGrouping group_by =
      crm::accounting::v1::RECEIVABLES_GROUPING_CLIENT;  // never UNSPECIFIED
  std::chrono::year_month_day as_of;
  std::string client;      // "clients/{id}"; "" for all
  std::string edition;     // "projects/{p}/editions/{e}"; "" for all
  std::string manager;     // "employees/{id}" as asked; "" for all
  std::string manager_id;  // its id, canonical
};

// Throws common::PermissionError when the caller reads no sales, or asks for a manager outside
// their reach.
crm::accounting::v1::Receivables GetReceivables(common::db::Pool& pool,
                                                const common::auth::Principal& caller,
                                                const ReceivablesRequest& request);

}  // namespace crm::accounting::app
