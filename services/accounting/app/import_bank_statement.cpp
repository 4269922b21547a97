#include "services/accounting/app/import_bank_statement.h"

#include <algorithm>
#include <span>

#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/app/match_payment.h"
#include "services/accounting/app/refund_payment.h"

namespace crm::accounting::app {
namespace {

// Documents are matched and recorded this many at a time, in the one transaction, so that what an
// import holds in memory besides the statement itself does not grow with the statement.
constexpr std::size_t kChunk = 5000;

}  // namespace

StatementImport ImportBankStatement(common::db::Pool& pool, const StatementRecord& statement,
                                    const domain::BankStatement& parsed, bool validate_only) {
  StatementImport result;
  result.document_count = static_cast<int>(parsed.documents.size());
  const std::span<const domain::StatementDocument> documents(parsed.documents);
  if (validate_only) {
    pool.Read([&](pqxx::read_transaction& tx) {
      for (std::size_t begin = 0; begin < documents.size(); begin += kChunk) {
        const std::vector<bool> known = PaymentStore::KnownPaymentOrders(
            tx, documents.subspan(begin, std::min(kChunk, documents.size() - begin)));
        result.duplicate_count += static_cast<int>(std::count(known.begin(), known.end(), true));
      }
    });
    result.imported_count = result.document_count - result.duplicate_count;
    return result;
  }
  pool.InTransaction([&](pqxx::work& tx) {
    // A retried transaction starts from nothing.
    result = StatementImport{};
    result.document_count = static_cast<int>(documents.size());
    result.statement_id = statement.id;
    PaymentStore::LockImports(tx);
    PaymentStore::InsertStatement(tx, statement, parsed);
    for (std::size_t begin = 0; begin < documents.size(); begin += kChunk) {
      const auto chunk = documents.subspan(begin, std::min(kChunk, documents.size() - begin));
      const std::vector<bool> known = PaymentStore::KnownPaymentOrders(tx, chunk);
      std::vector<PaymentRecord> payments;
      std::vector<const domain::StatementDocument*> sources;
      for (std::size_t i = 0; i < chunk.size(); ++i) {
        if (known[i]) {
          ++result.duplicate_count;
          continue;
        }
        const domain::StatementDocument& doc = chunk[i];
        PaymentRecord& payment = payments.emplace_back();
        payment.id = common::NewUuid();
        payment.statement_id = statement.id;
        payment.direction = doc.incoming ? "incoming" : "outgoing";
        payment.document = doc;
        payment.document.fields_json = {};  // stored from `sources`, not held twice
        payment.match_state = doc.incoming ? "unmatched" : "outgoing";
        payment.unallocated_kopecks = doc.incoming ? doc.amount_kopecks : 0;
        sources.push_back(&doc);
        result.payment_ids.push_back(payment.id);
      }
      // Each chunk is matched against the invoices as the chunks before it left them.
      const ImportMatches matches = MatchImportedPayments(tx, payments);
      PaymentStore::InsertPayments(tx, payments, sources);
      RecordImportMatches(tx, matches);
      MatchImportedRefunds(tx, payments);
    }
    result.imported_count = result.document_count - result.duplicate_count;
    PaymentStore::SetImportedCount(tx, statement.id, result.imported_count);
  });
  common::log::Info("bank statement imported", {{"statement", statement.id},
                                                {"documents", result.document_count},
                                                {"imported", result.imported_count},
                                                {"duplicates", result.duplicate_count}});
  return result;
}

}  // namespace crm::accounting::app
