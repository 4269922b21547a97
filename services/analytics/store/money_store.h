#pragma once

#include <pqxx/pqxx>

#include "services/analytics/domain/money.h"

// Invoices and the payments applied to them (store/sql/money.sql, migration 0012): inserts that
// a redelivery or a replay repeats to no effect.
namespace crm::analytics {

class MoneyStore {
 public:
  // The invoice as issued, and the one it replaces marked so.
  static void UpsertInvoice(pqxx::transaction_base& tx, const domain::InvoiceRow& row);
  static void MarkInvoiceAnnulled(pqxx::transaction_base& tx, const domain::InvoiceIds& invoice);
  static void InsertPaymentShares(pqxx::transaction_base& tx,
                                  const std::vector<domain::PaymentShareRow>& rows);
  static void InsertPaymentUnmatch(pqxx::transaction_base& tx,
                                   const domain::PaymentUnmatchRow& row);
};

}  // namespace crm::analytics
