// Client import throughput: a generated CSV imported through the real ImportService (in-process
// gRPC: chunked upload, then the batched run with its client history and events), against a raw
// COPY of the same rows into a plain table, measured in the same run on a private PostgreSQL.
//
//   build/bin/crm-bench-client-import [rows=100000]
//
// Prints the time of each phase, rows/s and the import's ratio to the raw COPY.
#include <chrono>
#include <cstdio>
#include <pqxx/pqxx>
#include <string>

#include "common/core/ids.h"
#include "common/core/log.h"
#include "common/db/pool.h"
#include "crm/registry/v1/import.grpc.pb.h"
#include "services/registry/api/import_api.h"
#include "services/registry/store/all_queries.h"
#include "services/registry/store/migrations.h"
#include "tests/support/requisites.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"
#include "tools/bench/bench_report.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace v1 = crm::registry::v1;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Company {
  std::string inn, kpp, name, legal_name, address, phone, email;
};

Company CompanyAt(int i) {
  static const char* kCities[] = {"Самара", "Тольятти", "Казань", "Ульяновск", "Саратов"};
  static const char* kKinds[] = {"Завод", "Торговый дом", "Агрофирма", "Стройкомплекс"};
  const std::string n = std::to_string(i);
  Company c;
  c.inn = crm::testing::LegalEntityInn(i);
  c.kpp = "6316" + std::string(i % 2 == 0 ? "01" : "43") + "001";
  c.name = std::string(kKinds[i % 4]) + " «Волга-" + n + "»";
  c.legal_name = "ООО \"" + c.name + "\"";
  c.address = "443" + std::to_string(100 + i % 900) + ", г. " + kCities[i % 5] +
              ", ул. Ленина, д. " + std::to_string(1 + i % 200);
  c.phone = "+7 846 " + std::to_string(200 + i % 700) + "-" + std::to_string(10 + i % 90) + "-" +
            std::to_string(10 + i % 89);
  c.email = "office" + n + "@volga" + std::to_string(i % 1000) + ".ru";
  return c;
}

std::string Quote(const std::string& field) {
  std::string out = "\"";
  for (char c : field) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

std::string Csv(int rows) {
  std::string csv =
      "\xEF\xBB\xBFИНН;КПП;Наименование;Полное наименование;Юридический адрес;"
      "Телефон;E-mail\r\n";
  for (int i = 0; i < rows; ++i) {
    Company c = CompanyAt(i);
    csv += c.inn + ";" + c.kpp + ";" + Quote(c.name) + ";" + Quote(c.legal_name) + ";" +
           Quote(c.address) + ";" + c.phone + ";" + c.email + "\r\n";
  }
  return csv;
}

double RawCopy(const std::string& url, int rows) {
  pqxx::connection conn(url);
  {
    pqxx::work tx(conn);
    tx.exec0(
        "CREATE TABLE raw_clients (inn text, kpp text, display_name text, legal_name text,"
        " legal_address text, phone text, email text)");
    tx.commit();
  }
  auto start = Clock::now();
  pqxx::work tx(conn);
  pqxx::stream_to copy(tx, "raw_clients",
                       std::vector<std::string>{"inn", "kpp", "display_name", "legal_name",
                                                "legal_address", "phone", "email"});
  for (int i = 0; i < rows; ++i) {
    Company c = CompanyAt(i);
    copy << std::make_tuple(c.inn, c.kpp, c.name, c.legal_name, c.address, c.phone, c.email);
  }
  copy.complete();
  tx.commit();
  return Seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::stoi(argv[1]) : 100000;
  crm::common::log::Init("bench", "warn");
  auto& env = crm::testing::TestEnvironment::Get();
  const std::string url = env.FreshDatabase("bench_client_import");
  crm::testing::Migrate(url, "registry", crm::registry::Migrations());
  crm::common::db::Pool pool(url, 4, crm::registry::AllQueries());
  crm::registry::ImportApi api(crm::testing::TestGuard(), pool);
  crm::testing::InProcessServer server({&api});
  auto stub = v1::ImportService::NewStub(server.channel());
  const std::string token =
      crm::testing::TokenFor(crm::common::ResourceName("employees", crm::common::NewUuid()),
                             {crm::common::auth::Role::kAnalyst});

  const std::string csv = Csv(rows);

  // Upload in 1 MiB chunks: read, map and check every row, COPY the rows.
  auto start = Clock::now();
  v1::ClientImport import;
  {
    grpc::ClientContext context;
    crm::testing::Authorize(context, token);
    auto writer = stub->CreateImport(&context, &import);
    v1::CreateImportRequest first;
    first.mutable_import()->set_format(v1::IMPORT_FILE_FORMAT_CSV);
    first.mutable_import()->set_file_name("bench.csv");
    writer->Write(first);
    constexpr std::size_t kChunk = 1024 * 1024;
    for (std::size_t at = 0; at < csv.size(); at += kChunk) {
      v1::CreateImportRequest chunk;
      chunk.set_chunk(csv.substr(at, kChunk));
      writer->Write(chunk);
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (!status.ok()) {
      std::fprintf(stderr, "upload failed: %s\n", status.error_message().c_str());
      return 1;
    }
  }
  const double upload_s = Seconds(start);

  // The run: batches of 5000 rows, each one transaction with history and events.
  start = Clock::now();
  v1::ClientImport done;
  int progress_messages = 0;
  {
    grpc::ClientContext context;
    crm::testing::Authorize(context, token);
    v1::RunImportRequest request;
    request.set_name(import.name());
    auto reader = stub->RunImport(&context, request);
    while (reader->Read(&done)) {
      ++progress_messages;
    }
    grpc::Status status = reader->Finish();
    if (!status.ok()) {
      std::fprintf(stderr, "run failed: %s\n", status.error_message().c_str());
      return 1;
    }
  }
  const double run_s = Seconds(start);

  // Re-running the same import: every row is matched and unchanged.
  start = Clock::now();
  v1::ClientImport rerun;
  {
    grpc::ClientContext context;
    crm::testing::Authorize(context, token);
    v1::RunImportRequest request;
    request.set_name(import.name());
    auto reader = stub->RunImport(&context, request);
    while (reader->Read(&rerun)) {
    }
    reader->Finish();
  }
  const double rerun_s = Seconds(start);

  const double raw_s = RawCopy(url, rows);
  const double import_s = upload_s + run_s;
  std::printf("rows: %d, CSV %.1f MiB\n", rows, static_cast<double>(csv.size()) / (1 << 20));
  std::printf("import upload (read, map, check, COPY rows) : %7.2f s\n", upload_s);
  std::printf("import run (%3d progress messages)           : %7.2f s  created %d, errors %d\n",
              progress_messages, run_s, done.counts().created(), done.counts().error());
  std::printf("import total                                 : %7.2f s  %9.0f rows/s\n", import_s,
              rows / import_s);
  std::printf("re-run of the same import (all unchanged)    : %7.2f s  unchanged %d\n", rerun_s,
              rerun.counts().unchanged());
  std::printf("raw COPY into a plain table (baseline)       : %7.2f s  %9.0f rows/s\n", raw_s,
              rows / raw_s);
  std::printf("import / raw COPY time ratio = %.1f\n", import_s / raw_s);
  crm::bench::Report({.name = "client import",
                      .value = rows / import_s,
                      .unit = "rows/s",
                      .better = crm::bench::Better::kHigher,
                      .raw = rows / raw_s,
                      .raw_name = "raw COPY into a plain table",
                      .scale = std::to_string(rows) + " rows"});
  return done.counts().created() == rows ? 0 : 1;
}
