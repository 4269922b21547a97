// Migration 0005: invoices recorded before accounting kept the manager, the edition and the due
// date get what their 1C export package says (the edition's and the client's names) and NULL for
// the rest, and such an invoice is never reported overdue.

#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <string>

#include "common/core/ids.h"
#include "common/db/pool.h"
#include "services/accounting/app/report_overdue_invoices.h"
#include "services/accounting/store/invoice_store.h"
#include "services/accounting/store/migrations.h"
#include "services/accounting/store/queries.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"

namespace crm::accounting {
namespace {

constexpr int kReceivablesMigration = 5;

TEST(InvoiceReceivablesMigrationTest, OldInvoicesKeepWhatTheirPackageSaysAndNullForTheRest) {
  const std::string url = crm::testing::TestEnvironment::Get().FreshDatabase("accounting_0005");
  crm::testing::Migrate(url, "accounting",
                        crm::testing::MigrationsBefore(Migrations(), kReceivablesMigration));
  const std::string exported = common::NewUuid();
  const std::string unexported = common::NewUuid();
  {
    pqxx::connection conn(url);
    pqxx::work tx(conn);
    tx.exec_params(
        "INSERT INTO exports (id, document_id, document_number, file_name, sha256, size_bytes,"
        " source_event_id, content, operation) VALUES ($1, $2, '2026-000001', 'a.json', $3, 10,"
        " 'e1', $4, 'issue')",
        common::NewUuid(), exported, std::string(64, 'a'),
        R"({"format":"crm-1c-exchange","document":{"number":"2026-000001",)"
        R"("edition":"Волга-Строй 2027"},"counterparty":{"name":"ООО «СтройМаш»"}})");
    for (const std::string& id : {exported, unexported}) {
      tx.exec_params(
          "INSERT INTO invoices (document_id, number, issue_date, sale_id, client, client_inn,"
          " client_kpp, currency_code, total_kopecks, state, source_event_id) VALUES ($1,"
          " '2026-000001', '2026-02-14', 'sales/1', 'clients/1', '7707083893', '773601001',"
          " 'RUB', 12200000, 'issued', 'e1')",
          id);
    }
    tx.commit();
  }

  crm::testing::Migrate(url, "accounting", Migrations());

  common::db::Pool pool(url, 1, Queries());
  pool.Read([&](pqxx::read_transaction& tx) {
    const InvoiceRecord with_package = InvoiceStore::Get(tx, exported).value();
    EXPECT_EQ(with_package.edition_name, "Волга-Строй 2027");
    EXPECT_EQ(with_package.client_name, "ООО «СтройМаш»");
    EXPECT_EQ(with_package.manager_id, "");
    EXPECT_EQ(with_package.edition, "");
    EXPECT_EQ(with_package.payment_due_date, "");
    const InvoiceRecord without = InvoiceStore::Get(tx, unexported).value();
    EXPECT_EQ(without.edition_name, "");
    EXPECT_EQ(without.client_name, "");
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM invoices WHERE manager_id IS NULL AND edition IS NULL"
                       " AND payment_due_date IS NULL AND NOT overdue_notified")[0]
                  .as<int>(),
              2);
  });
  // No due date known: never overdue.
  EXPECT_EQ(app::ReportOverdueInvoices(
                pool, std::chrono::year_month_day(std::chrono::year(2030), std::chrono::month(1),
                                                  std::chrono::day(1))),
            0);
}

}  // namespace
}  // namespace crm::accounting
