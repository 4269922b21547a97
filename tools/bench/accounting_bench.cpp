// A bank statement of many payment documents (1CClientBankExchange 1.03, Windows-1251) read,
// stored and matched against as many open invoices through the import use case the API and the
// inbox run, beside a raw COPY of the same payment rows into a plain table of the same columns,
// measured in the same run on a private PostgreSQL.
//
//   build/bin/crm-bench-accounting [payments=100000]
//
// The invoices (one per payment, two per client) are loaded first with COPY and are not timed.
// The payments are a mix: most name their invoice and pay it in full, every 10th pays half of it,
// every 20th names no invoice but pays exactly what one owes, every 50th comes from a payer the
// CRM does not know (the unmatched queue), and every 100th is the company's own outgoing payment.
// Prints each phase, payments per second, the ratio to the raw COPY (goal ≥ 0.1) and the heap
// peak, with the outcome counted from the database.
#include <chrono>
#include <cstdio>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <tuple>
#include <vector>

#include "common/core/code_page.h"
#include "common/core/digest.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/db/pool.h"
#include "services/accounting/app/import_bank_statement.h"
#include "services/accounting/domain/bank_statement.h"
#include "services/accounting/store/migrations.h"
#include "services/accounting/store/payment_store.h"
#include "services/accounting/store/queries.h"
#include "tests/support/heap_meter.h"
#include "tests/support/requisites.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr char kOurAccount[] = "40702810900000012345";

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::string InvoiceNumber(int i) {
  char text[32];
  std::snprintf(text, sizeof text, "2026-%06d", i + 1);
  return text;
}

// Invoice i belongs to client i / 2 and owes 10,000.00 + i kopecks (all amounts differ).
int64_t InvoiceTotal(int i) { return 1000000 + i; }

std::string PayerAccount(int client) {
  char text[32];
  std::snprintf(text, sizeof text, "40702810%012d", client);
  return text;
}

std::string Rubles(int64_t kopecks) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(kopecks / 100),
                static_cast<long long>(kopecks % 100));
  return text;
}

// One payment document as the tables store it.
struct Row {
  std::string number, date, payer_account, payer_inn, payer_kpp, payer_name, payee_account,
      payee_inn, payee_name, purpose;
  int64_t amount = 0;
  bool incoming = true;
};

Row PaymentAt(int i) {
  const int client = i / 2;
  Row row;
  row.number = std::to_string(100000 + i);
  row.date = "02.03.2026";
  row.amount = InvoiceTotal(i);
  row.payer_account = PayerAccount(client);
  row.payer_inn = crm::testing::LegalEntityInn(client);
  row.payer_kpp = "631601001";
  row.payer_name = "ООО \"Экспонент " + std::to_string(client) + "\"";
  row.payee_account = kOurAccount;
  row.payee_inn = "7707083893";
  row.payee_name = "ООО \"Экспо\"";
  row.purpose = "Оплата по счету № " + InvoiceNumber(i) +
                " от 14.02.2026 за участие в выставке. В т.ч. НДС (22%)";
  if (i % 100 == 99) {  // our own payment to a contractor
    row.incoming = false;
    std::swap(row.payer_account, row.payee_account);
    std::swap(row.payer_inn, row.payee_inn);
    std::swap(row.payer_name, row.payee_name);
    row.purpose = "Оплата за монтаж стенда по договору " + std::to_string(i);
  } else if (i % 50 == 7) {  // a payer the CRM has no invoice for
    row.payer_inn = crm::testing::LegalEntityInn(800000000 + i);
  } else if (i % 20 == 3) {  // no number, the exact amount
    row.purpose = "Оплата за участие в выставке, без НДС";
  } else if (i % 10 == 5) {  // half
    row.amount = InvoiceTotal(i) / 2;
  }
  return row;
}

std::string Statement(int payments) {
  std::string text =
      "1CClientBankExchange\r\nВерсияФормата=1.03\r\nКодировка=Windows\r\n"
      "Отправитель=Банк-Клиент\r\nПолучатель=Бухгалтерия предприятия, редакция 3.0\r\n"
      "ДатаНачала=02.03.2026\r\nДатаКонца=02.03.2026\r\nРасчСчет=" +
      std::string(kOurAccount) + "\r\nДокумент=Платежное поручение\r\n";
  text.reserve(static_cast<std::size_t>(payments) * 620);
  for (int i = 0; i < payments; ++i) {
    const Row row = PaymentAt(i);
    text += "СекцияДокумент=Платежное поручение\r\nНомер=" + row.number + "\r\nДата=" + row.date +
            "\r\nСумма=" + Rubles(row.amount) + "\r\nПлательщикСчет=" + row.payer_account +
            "\r\nПлательщикИНН=" + row.payer_inn + "\r\nПлательщикКПП=" + row.payer_kpp +
            "\r\nПлательщик1=" + row.payer_name +
            "\r\nПлательщикБанк1=ПАО СБЕРБАНК\r\nПлательщикБИК=044525225\r\nПолучательСчет=" +
            row.payee_account + "\r\nПолучательИНН=" + row.payee_inn +
            "\r\nПолучатель1=" + row.payee_name +
            "\r\nПолучательБанк1=АО \"АЛЬФА-БАНК\"\r\nПолучательБИК=044525593\r\n" +
            (row.incoming ? "ДатаПоступило=02.03.2026" : "ДатаСписано=02.03.2026") +
            "\r\nВидОплаты=01\r\nОчередность=5\r\nНазначениеПлатежа=" + row.purpose +
            "\r\nКонецДокумента\r\n";
  }
  text += "КонецФайла\r\n";
  return crm::common::FromUtf8(text, crm::common::CodePage::kWindows1251);
}

// The open invoices the payments are matched against, loaded with COPY (not timed).
void LoadInvoices(const std::string& url, int count) {
  pqxx::connection conn(url);
  pqxx::work tx(conn);
  pqxx::stream_to copy(
      tx, "invoices",
      std::vector<std::string>{"document_id", "number", "issue_date", "sale_id", "client",
                               "client_inn", "client_kpp", "currency_code", "total_kopecks",
                               "state", "source_event_id", "payment_due_date"});
  for (int i = 0; i < count; ++i) {
    copy << std::make_tuple(crm::common::NewUuid(), InvoiceNumber(i), "2026-02-14",
                            "sales/" + crm::common::NewUuid(), "clients/" + std::to_string(i / 2),
                            crm::testing::LegalEntityInn(i / 2), "631601001", "RUB",
                            InvoiceTotal(i), "issued", crm::common::NewUuid(), "2026-03-16");
  }
  copy.complete();
  tx.commit();
}

// The same payment rows, as read from the statement, COPYed into a plain table of the payments'
// columns.
double RawCopy(const std::string& url,
               const std::vector<crm::accounting::domain::StatementDocument>& documents) {
  pqxx::connection conn(url);
  {
    pqxx::work tx(conn);
    tx.exec0("CREATE TABLE raw_payments (LIKE payments INCLUDING DEFAULTS)");
    tx.commit();
  }
  const std::string statement_id = crm::common::NewUuid();
  const auto null = [](const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
  };
  const auto start = Clock::now();
  pqxx::work tx(conn);
  pqxx::stream_to copy(tx, "raw_payments", crm::accounting::PaymentStore::kCopyColumns);
  for (const auto& doc : documents) {
    copy << std::make_tuple(
        crm::common::NewUuid(), statement_id, doc.line, doc.incoming ? "incoming" : "outgoing",
        doc.kind, doc.number, doc.date, doc.amount_kopecks, doc.payer_account, doc.payer_inn,
        doc.payer_kpp, doc.payer_name, doc.payer_bank, doc.payer_bik, doc.payee_account,
        doc.payee_inn, doc.payee_kpp, doc.payee_name, doc.payee_bank, doc.payee_bik,
        null(doc.debited_date), null(doc.credited_date), doc.purpose, doc.fields_json,
        doc.incoming ? "unmatched" : "outgoing", doc.incoming ? doc.amount_kopecks : 0);
  }
  copy.complete();
  tx.commit();
  return Seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  const int payments = argc > 1 ? std::stoi(argv[1]) : 100000;
  crm::common::log::Init("bench", "warn");
  const std::string url = crm::testing::TestEnvironment::Get().FreshDatabase("bench_accounting");
  crm::testing::Migrate(url, "accounting", crm::accounting::Migrations());
  crm::common::db::Pool pool(url, 2, crm::accounting::Queries());
  LoadInvoices(url, payments);
  const std::string bytes = Statement(payments);
  std::printf("statement: %d payment documents, %.1f MB (Windows-1251); %d open invoices\n",
              payments, static_cast<double>(bytes.size()) / 1e6, payments);

  const crm::testing::HeapPeak heap;
  const auto start = Clock::now();
  const crm::accounting::domain::BankStatement parsed =
      crm::accounting::domain::ParseBankStatement(bytes);
  const double parse_s = Seconds(start);
  const std::size_t parsed_heap = heap.extra_bytes();
  const auto import_start = Clock::now();
  crm::accounting::StatementRecord record;
  record.id = crm::common::NewUuid();
  record.file_name = "bench.txt";
  record.sha256 = crm::common::Sha256Hex(bytes);
  record.imported_by = "employees/" + crm::common::NewUuid();
  record.content = bytes;
  const crm::accounting::app::StatementImport result =
      crm::accounting::app::ImportBankStatement(pool, record, parsed, false);
  const double import_s = Seconds(import_start);
  const double total_s = Seconds(start);
  const std::size_t heap_peak = heap.extra_bytes();

  record.id = crm::common::NewUuid();
  const auto again_start = Clock::now();
  const crm::accounting::app::StatementImport again =
      crm::accounting::app::ImportBankStatement(pool, record, parsed, false);
  const double again_s = Seconds(again_start);

  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  const auto counts = tx.exec1(
      "SELECT count(*) FILTER (WHERE match_state = 'matched'),"
      " count(*) FILTER (WHERE match_state = 'unmatched'),"
      " count(*) FILTER (WHERE match_state = 'outgoing'),"
      " (SELECT count(*) FROM invoices WHERE paid_kopecks >= total_kopecks),"
      " (SELECT count(*) FROM payment_allocations),"
      " (SELECT count(*) FROM outbox) FROM payments");
  const double raw_s = RawCopy(url, parsed.documents);

  std::printf(
      "imported %d of %d (%d already known); matched %lld, unmatched %lld, outgoing %lld;"
      " invoices paid in full %lld, allocations %lld, events %lld\n",
      result.imported_count, result.document_count, result.duplicate_count,
      counts[0].as<long long>(), counts[1].as<long long>(), counts[2].as<long long>(),
      counts[3].as<long long>(), counts[4].as<long long>(), counts[5].as<long long>());
  std::printf("read (parse)             %8.2f s\n", parse_s);
  std::printf("store + match + events   %8.2f s\n", import_s);
  std::printf("whole import             %8.2f s   %8.0f payments/s   (goal < 30 s)\n", total_s,
              payments / total_s);
  std::printf("raw COPY of the rows     %8.2f s   %8.0f rows/s\n", raw_s, payments / raw_s);
  std::printf("import / raw COPY rate   %8.3f       (goal >= 0.1)\n", raw_s / total_s);
  std::printf("the same file again      %8.2f s   imported %d, duplicates %d\n", again_s,
              again.imported_count, again.duplicate_count);
  const std::string scale = std::to_string(payments) + " payments";
  crm::bench::Report({.name = "bank statement import rate",
                      .value = payments / total_s,
                      .unit = "payments/s",
                      .better = crm::bench::Better::kHigher,
                      .goal = crm::bench::Goal::RatioToRaw(0.1),
                      .raw = payments / raw_s,
                      .raw_name = "raw COPY of the rows",
                      .scale = scale});
  crm::bench::Report({.name = "bank statement import time",
                      .value = total_s,
                      .unit = "s",
                      .better = crm::bench::Better::kLower,
                      .goal = crm::bench::Goal::Value(30),
                      .raw = raw_s,
                      .raw_name = "raw COPY of the rows",
                      .scale = scale});
  std::printf(
      "heap peak: reading %.0f MiB, whole import %.0f MiB (the file itself %.0f MiB);"
      " process max RSS %ld MiB\n",
      static_cast<double>(parsed_heap) / (1024.0 * 1024.0),
      static_cast<double>(heap_peak) / (1024.0 * 1024.0),
      static_cast<double>(bytes.size()) / (1024.0 * 1024.0), crm::bench::MaxRssMiB());
  return 0;
}
