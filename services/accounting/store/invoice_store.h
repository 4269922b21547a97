#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

// Accounting's copy of the invoices documents issued (the invoices table), through the named
// queries of store/sql/invoices.sql.
namespace crm::accounting {

struct InvoiceRecord {
  std::string document_id;  // UUID
  std::string number;
  std::string issue_date;  // ISO
  std::string sale;        // "sales/{sale}"
  std::string client;      // "clients/{client}"
  std::string client_inn;
  std::string client_kpp;
  std::string currency_code;
  int64_t total_kopecks = 0;
  std::string state = "issued";  // "issued", "replaced", "annulled"
  int64_t paid_kopecks = 0;
  bool paid_notified = false;  // invoice.paid was emitted for it
  std::string replaces;        // UUID of the invoice it supersedes; "" for none
  std::string source_event_id;
  std::string manager_id;        // the sale's manager (employee UUID); "" when unknown
  std::string edition;           // "projects/{p}/editions/{e}"; "" when unknown
  std::string edition_name;      // the edition's display name; "" when unknown
  std::string client_name;       // the buyer's legal name; "" when unknown
  std::string payment_due_date;  // ISO; "" when unknown
};

// An invoice past its due date and not paid in full (InvoiceStore::ClaimOverdue).
struct OverdueInvoice {
  InvoiceRecord invoice;
  int64_t days_overdue = 0;  // whole days from the due date to today
};

// What a batch of matches adds to an invoice's paid amount.
struct InvoicePayment {
  std::string document_id;
  int64_t kopecks = 0;
  bool settled = false;  // paid in full by it for the first time: invoice.paid is emitted now
};

class InvoiceStore {
 public:
  // Records an issued invoice; false when the document was recorded before (nothing changes).
  static bool Insert(pqxx::transaction_base& tx, const InvoiceRecord& invoice);

  // Moves an issued invoice to `state` ("replaced", "annulled"); false when it is unknown or no
  // longer issued.
  static bool SetState(pqxx::transaction_base& tx, const std::string& document_id,
                       const std::string& state);

  static std::optional<InvoiceRecord> Get(pqxx::transaction_base& tx,
                                          const std::string& document_id);
  // Get, with the row locked for a payment to be allocated to it.
  static std::optional<InvoiceRecord> Lock(pqxx::transaction_base& tx,
                                           const std::string& document_id);
  // The issued invoices of the clients with these INNs that still owe, locked; by INN, each
  // payer's oldest first.
  static std::vector<InvoiceRecord> LockOpenOfPayers(pqxx::transaction_base& tx,
                                                     const std::vector<std::string>& client_inns);
  // Adds `kopecks` (negative to take back) to what the invoice has been paid.
  static void AddPayment(pqxx::transaction_base& tx, const std::string& document_id,
                         int64_t kopecks);
  // AddPayment for many invoices in one statement, marking invoice.paid emitted for those
  // `settled`.
  static void AddPayments(pqxx::transaction_base& tx, const std::vector<InvoicePayment>& payments);
  // Marks invoice.paid emitted; false when it had been already.
  static bool MarkPaidNotified(pqxx::transaction_base& tx, const std::string& document_id);
  // Up to `limit` issued invoices whose due date is before `today` (ISO), not paid in full and
  // not reported overdue, locked (rows locked by another transaction are skipped).
  static std::vector<OverdueInvoice> ClaimOverdue(pqxx::transaction_base& tx,
                                                  const std::string& today, int limit);
  // Marks invoice.overdue emitted; false when it had been already.
  static bool MarkOverdueNotified(pqxx::transaction_base& tx, const std::string& document_id);
  // The ids of the payments standing on the invoice.
  static std::vector<std::string> PaymentsOf(pqxx::transaction_base& tx,
                                             const std::string& document_id);
  // PaymentsOf for many invoices: invoice id → the ids of the payments standing on it.
  static std::map<std::string, std::vector<std::string>> PaymentsOfInvoices(
      pqxx::transaction_base& tx, const std::vector<std::string>& document_ids);
};

}  // namespace crm::accounting
