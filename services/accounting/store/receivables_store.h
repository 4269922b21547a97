#pragma once

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/auth/access.h"

// Receivables summed in the database (store/sql/receivables.sql), one statement a report.
namespace crm::accounting {

struct ReceivablesQuery {
  std::string as_of;              // ISO
  std::string group_by;           // "client", "edition", "manager"
  std::string client;             // "clients/{id}"; "" for all
  std::string edition;            // "projects/{p}/editions/{e}"; "" for all
  std::string manager_id;         // employee id; "" for all
  common::auth::ListScope scope;  // whose sales' invoices the caller reaches
};

// One group's figures, or the total of all (is_total), in kopecks.
struct ReceivablesRow {
  bool is_total = false;
  std::string key;  // the client, edition or manager id; "" for unknown
  std::string display_name;
  std::string client_inn;
  int64_t invoice_count = 0;
  int64_t invoiced = 0;
  int64_t paid = 0;
  int64_t outstanding = 0;
  int64_t not_due = 0;
  int64_t overdue_1_to_30 = 0;
  int64_t overdue_31_to_60 = 0;
  int64_t overdue_61_to_90 = 0;
  int64_t overdue_over_90 = 0;
  int64_t due_before_opening = 0;  // owed on invoices of editions not yet opened
  std::string opening_date;        // ISO; the edition's start (EDITION grouping), "" when unknown
};

// The groups, most outstanding first, then the total (always there, zero when nothing matches).
std::vector<ReceivablesRow> SumReceivables(pqxx::transaction_base& tx,
                                           const ReceivablesQuery& query);

}  // namespace crm::accounting
