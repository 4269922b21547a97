#pragma once

#include <string>
#include <vector>

#include "common/db/pool.h"
#include "services/accounting/domain/bank_statement.h"
#include "services/accounting/store/payment_store.h"

// Importing a bank statement (1CClientBankExchange) that an accountant uploaded: the payments it
// brings that the CRM has not seen before, in one transaction.
namespace crm::accounting::app {

struct StatementImport {
  std::string statement_id;  // "" when only validated
  int document_count = 0;
  int imported_count = 0;
  int duplicate_count = 0;
  std::vector<std::string> payment_ids;  // the payments imported, in file order
};

// Records `statement` (read as `parsed`) and every payment document of it whose payment order
// (number, date, payer's account, amount) is new, each incoming one matched to invoices
// (app/match_payment.h); the others count as duplicates. With
// `validate_only` nothing is written and the counts say what an import would do now.
StatementImport ImportBankStatement(common::db::Pool& pool, const StatementRecord& statement,
                                    const domain::BankStatement& parsed, bool validate_only);

}  // namespace crm::accounting::app
