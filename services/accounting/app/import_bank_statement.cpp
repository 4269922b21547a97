#include "services/accounting/app/import_bank_statement.h"

#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/app/match_payment.h"

namespace crm::accounting::app {

StatementImport ImportBankStatement(common::db::Pool& pool, const StatementRecord& statement,
                                    const domain::BankStatement& parsed, bool validate_only) {
  StatementImport result;
  result.document_count = static_cast<int>(parsed.documents.size());
  if (validate_only) {
    pool.Read([&](pqxx::read_transaction& tx) {
      for (const auto& doc : parsed.documents) {
        ++(PaymentStore::Exists(tx, doc) ? result.duplicate_count : result.imported_count);
      }
    });
    return result;
  }
  pool.InTransaction([&](pqxx::work& tx) {
    // A retried transaction starts from nothing.
    result = StatementImport{};
    result.document_count = static_cast<int>(parsed.documents.size());
    result.statement_id = statement.id;
    PaymentStore::InsertStatement(tx, statement, parsed);
    for (const auto& doc : parsed.documents) {
      const std::string id = common::NewUuid();
      if (PaymentStore::InsertPayment(tx, id, statement.id, doc)) {
        ++result.imported_count;
        result.payment_ids.push_back(id);
        if (doc.incoming) {
          MatchImportedPayment(tx, id);
        }
      } else {
        ++result.duplicate_count;
      }
    }
    PaymentStore::SetImportedCount(tx, statement.id, result.imported_count);
  });
  common::log::Info("bank statement imported", {{"statement", statement.id},
                                                {"documents", result.document_count},
                                                {"imported", result.imported_count},
                                                {"duplicates", result.duplicate_count}});
  return result;
}

}  // namespace crm::accounting::app
