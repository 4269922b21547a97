// ImportService against a real PostgreSQL: upload (client streaming), dry run, per-row results,
// idempotent re-run, progress, events, bad input and access rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/bus/outbox.h"
#include "crm/events/v1/registry_topics.h"
#include "crm/registry/v1/import.grpc.pb.h"
#include "tests/integration/registry/registry_fixture.h"
#include "tests/support/heap_meter.h"
#include "tests/support/xlsx_writer.h"
#include "tests/support/zip_workbook.h"

namespace crm::registry::integration {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Gt;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using Outcome = v1::ImportRow::Outcome;

class ImportTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    imports_ = v1::ImportService::NewStub(server_->channel());
  }

  static v1::ClientImport CsvSettings() {
    v1::ClientImport settings;
    settings.set_file_name("catalogue.csv");
    settings.set_format(v1::IMPORT_FILE_FORMAT_CSV);
    return settings;
  }

  static void Prepare(grpc::ClientContext& context, const std::string& token) {
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    if (!token.empty()) {
      crm::testing::Authorize(context, token);
    }
  }

  // Uploads `bytes` in chunks of `chunk_size`.
  grpc::Status Upload(const std::string& bytes, const v1::ClientImport& settings,
                      v1::ClientImport* out, const std::string& token,
                      const std::string& request_id = "", std::size_t chunk_size = 7) {
    grpc::ClientContext context;
    Prepare(context, token);
    auto writer = imports_->CreateImport(&context, out);
    v1::CreateImportRequest first;
    *first.mutable_import() = settings;
    first.set_request_id(request_id);
    writer->Write(first);
    for (std::size_t at = 0; at < bytes.size(); at += chunk_size) {
      v1::CreateImportRequest chunk;
      chunk.set_chunk(bytes.substr(at, chunk_size));
      if (!writer->Write(chunk)) {
        break;
      }
    }
    writer->WritesDone();
    return writer->Finish();
  }

  v1::ClientImport MustUpload(const std::string& bytes,
                              const v1::ClientImport& settings = CsvSettings()) {
    v1::ClientImport out;
    grpc::Status status = Upload(bytes, settings, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Run(const std::string& name, bool validate_only, int batch_size,
                   std::vector<v1::ClientImport>* progress, const std::string& token) {
    grpc::ClientContext context;
    Prepare(context, token);
    v1::RunImportRequest request;
    request.set_name(name);
    request.set_validate_only(validate_only);
    request.set_batch_size(batch_size);
    auto reader = imports_->RunImport(&context, request);
    v1::ClientImport message;
    while (reader->Read(&message)) {
      progress->push_back(message);
    }
    return reader->Finish();
  }

  v1::ClientImport MustRun(const std::string& name, bool validate_only = false,
                           int batch_size = 0) {
    std::vector<v1::ClientImport> progress;
    grpc::Status status = Run(name, validate_only, batch_size, &progress, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return progress.empty() ? v1::ClientImport() : progress.back();
  }

  std::vector<v1::ImportRow> Rows(const std::string& name, std::vector<Outcome> outcomes = {}) {
    std::vector<v1::ImportRow> rows;
    v1::ListImportRowsRequest request;
    request.set_parent(name);
    request.set_page_size(2);
    for (Outcome outcome : outcomes) {
      request.add_outcomes(outcome);
    }
    do {
      v1::ListImportRowsResponse response;
      grpc::ClientContext context;
      Prepare(context, analyst());
      grpc::Status status = imports_->ListImportRows(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) {
        break;
      }
      rows.insert(rows.end(), response.rows().begin(), response.rows().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return rows;
  }

  template <class Payload>
  long CountSubject(const common::bus::Topic<Payload>& topic) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx
        .exec_params1("SELECT count(*) FROM outbox WHERE subject = $1",
                      std::string(topic.subject))[0]
        .as<long>();
  }

  std::unique_ptr<v1::ImportService::Stub> imports_;
};

// A catalogue as an exhibition sends it: ';'-separated, a quoted name with quotes inside, an
// invalid INN, a row repeating an earlier one, and a company already in the base.
std::string Catalogue() {
  return "ИНН;КПП;Наименование;Телефон;E-mail\r\n" + LegalEntityInn(1) +
         ";631601001;\"ООО \"\"Волга-Экспо\"\"\";+7 846 111-11-11;\r\n" + LegalEntityInn(2) +
         ";631601001;АО Самарский завод;;zavod@example.ru\r\n" +
         "7707083890;773601001;Опечатка в ИНН;;\r\n" + LegalEntityInn(1) +
         ";631601001;ООО Волга-Экспо (повтор);;\r\n" + std::string(kSberInn) + ";" + kSberKpp +
         ";Сбербанк;+7 495 000-00-00;\r\n" + std::string(kSoleTraderInn) + ";;ИП Петров;;\r\n";
}

TEST_F(ImportTest, DryRunThenRunGivesEveryRowItsResult) {
  const v1::Client sber = MustCreateClient(SberClient());
  const long clients_before = Count("clients");

  v1::ClientImport import = MustUpload(Catalogue());
  EXPECT_EQ(import.state(), v1::ClientImport::STATE_UPLOADED);
  EXPECT_EQ(import.total_rows(), 6);
  EXPECT_EQ(import.encoding(), v1::IMPORT_TEXT_ENCODING_UTF8);
  EXPECT_EQ(import.delimiter(), v1::IMPORT_CSV_DELIMITER_SEMICOLON);
  EXPECT_THAT(import.columns(), ElementsAre("ИНН", "КПП", "Наименование", "Телефон", "E-mail"));
  // No mapping was given: the suggested one is saved with the import.
  ASSERT_THAT(import.column_mappings(), SizeIs(5));
  EXPECT_EQ(import.column_mappings(0).field(), "inn");
  // The file's own problems are known at upload.
  EXPECT_EQ(import.counts().error(), 1);
  EXPECT_EQ(import.counts().duplicate(), 1);

  v1::ClientImport dry = MustRun(import.name(), /*validate_only=*/true);
  EXPECT_EQ(dry.state(), v1::ClientImport::STATE_DRY_RUN_DONE);
  EXPECT_EQ(dry.counts().created(), 3);
  EXPECT_EQ(dry.counts().updated(), 1);
  EXPECT_EQ(Count("clients"), clients_before);
  EXPECT_EQ(CountSubject(events::v1::kClientCreated), 1);  // Sber, created by the test

  std::vector<v1::ClientImport> progress;
  ASSERT_TRUE(Run(import.name(), false, 2, &progress, analyst()).ok());
  ASSERT_THAT(progress, SizeIs(Gt(2u)));
  for (std::size_t i = 1; i < progress.size(); ++i) {
    EXPECT_GE(progress[i].processed_rows(), progress[i - 1].processed_rows());
  }
  const v1::ClientImport& done = progress.back();
  EXPECT_EQ(done.state(), v1::ClientImport::STATE_COMPLETED);
  EXPECT_TRUE(done.has_complete_time());
  EXPECT_EQ(done.processed_rows(), 6);
  EXPECT_EQ(done.counts().created(), 3);
  EXPECT_EQ(done.counts().updated(), 1);
  EXPECT_EQ(done.counts().error(), 1);
  EXPECT_EQ(done.counts().duplicate(), 1);
  EXPECT_EQ(Count("clients"), clients_before + 3);

  std::vector<v1::ImportRow> rows = Rows(import.name());
  ASSERT_THAT(rows, SizeIs(6));
  EXPECT_EQ(rows[0].row_number(), 2);
  EXPECT_EQ(rows[0].outcome(), v1::ImportRow::OUTCOME_CREATED);
  EXPECT_EQ(rows[0].display_name(), "ООО \"Волга-Экспо\"");
  EXPECT_FALSE(rows[0].client().empty());
  EXPECT_EQ(rows[2].outcome(), v1::ImportRow::OUTCOME_ERROR);
  ASSERT_THAT(rows[2].problems(), SizeIs(1));
  EXPECT_EQ(rows[2].problems(0).field(), "inn");
  EXPECT_EQ(rows[2].problems(0).column(), "ИНН");
  // In English for developers, in Russian for people.
  EXPECT_EQ(rows[2].problems(0).message(), "INN checksum does not match");
  EXPECT_EQ(rows[2].problems(0).localized_message().locale(), "ru-RU");
  EXPECT_EQ(rows[2].problems(0).localized_message().message(),
            "Неверный ИНН: не сходится контрольное число");
  EXPECT_EQ(rows[3].outcome(), v1::ImportRow::OUTCOME_DUPLICATE);
  EXPECT_EQ(rows[3].duplicate_of_row(), 2);
  EXPECT_EQ(rows[4].outcome(), v1::ImportRow::OUTCOME_UPDATED);
  EXPECT_EQ(rows[4].client(), sber.name());

  // The update changed only what the file had: the phone, not the legal name or e-mail.
  v1::GetClientRequest get;
  get.set_name(sber.name());
  v1::Client after;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::GetClient, get, &after, manager()).ok());
  EXPECT_EQ(after.phone(), "+7 495 000-00-00");
  EXPECT_EQ(after.legal_name(), sber.legal_name());
  EXPECT_EQ(after.email(), sber.email());
  EXPECT_NE(after.etag(), sber.etag());

  // Events and history as for single writes, plus the completion event.
  EXPECT_EQ(CountSubject(events::v1::kClientCreated), 4);
  EXPECT_EQ(CountSubject(events::v1::kClientUpdated), 1);
  EXPECT_EQ(CountSubject(events::v1::kImportCompleted), 1);
  EXPECT_EQ(Count("client_history"), 1 + 3 + 1);
  events::v1::ClientImportCompleted completed;
  common::bus::FromJson(FirstPayload(events::v1::kImportCompleted), &completed);
  EXPECT_EQ(completed.import(), import.name());
  EXPECT_EQ(completed.created(), 3);
  EXPECT_EQ(completed.file_sha256(), import.file_sha256());
}

TEST_F(ImportTest, TheSameFileAgainCreatesNothingNew) {
  v1::ClientImport first = MustUpload(Catalogue());
  MustRun(first.name());
  const long clients = Count("clients");
  const long created_events = CountSubject(events::v1::kClientCreated);

  v1::ClientImport again = MustUpload(Catalogue());
  EXPECT_EQ(again.previous_import(), first.name());
  EXPECT_EQ(again.file_sha256(), first.file_sha256());
  v1::ClientImport done = MustRun(again.name());
  EXPECT_EQ(done.counts().created(), 0);
  EXPECT_EQ(done.counts().updated(), 0);
  EXPECT_EQ(done.counts().unchanged(), 4);
  EXPECT_EQ(Count("clients"), clients);
  EXPECT_EQ(CountSubject(events::v1::kClientCreated), created_events);
  EXPECT_EQ(CountSubject(events::v1::kClientUpdated), 0);

  // Running the first import once more changes nothing either.
  v1::ClientImport rerun = MustRun(first.name());
  EXPECT_EQ(rerun.counts().unchanged(), 4);
  EXPECT_EQ(Count("clients"), clients);
}

TEST_F(ImportTest, SkipPolicyReportsExistingClientsAsDuplicates) {
  const v1::Client sber = MustCreateClient(SberClient());
  v1::ClientImport settings = CsvSettings();
  settings.set_existing_client_policy(v1::EXISTING_CLIENT_POLICY_SKIP);
  v1::ClientImport import = MustUpload(Catalogue(), settings);
  MustRun(import.name());
  std::vector<v1::ImportRow> duplicates = Rows(import.name(), {v1::ImportRow::OUTCOME_DUPLICATE});
  ASSERT_THAT(duplicates, SizeIs(2));
  EXPECT_EQ(duplicates[1].row_number(), 6);
  EXPECT_EQ(duplicates[1].duplicate_of(), sber.name());
  EXPECT_EQ(CountSubject(events::v1::kClientUpdated), 0);
}

TEST_F(ImportTest, ExplicitMappingAndWindows1251Commas) {
  // "Компания,Налоговый номер,КПП" and one row, in Windows-1251 with ',' between fields.
  const std::string header =
      "\xCA\xEE\xEC\xEF\xE0\xED\xE8\xFF,\xCD\xE0\xEB\xEE\xE3\xEE\xE2\xFB\xE9"
      " \xED\xEE\xEC\xE5\xF0,\xCA\xCF\xCF\n";
  const std::string row =
      "\xD1\xE0\xEC\xE0\xF0\xE0\xC3\xE0\xE7," + LegalEntityInn(7) + ",631601001\n";  // СамараГаз
  v1::ClientImport settings = CsvSettings();
  auto* name = settings.add_column_mappings();
  name->set_column("компания");
  name->set_field("display_name");
  auto* inn = settings.add_column_mappings();
  inn->set_column("Налоговый номер");
  inn->set_field("inn");
  auto* kpp = settings.add_column_mappings();
  kpp->set_column("КПП");
  kpp->set_field("kpp");
  v1::ClientImport import = MustUpload(header + row, settings);
  EXPECT_EQ(import.encoding(), v1::IMPORT_TEXT_ENCODING_WINDOWS_1251);
  EXPECT_EQ(import.delimiter(), v1::IMPORT_CSV_DELIMITER_COMMA);
  v1::ClientImport done = MustRun(import.name());
  EXPECT_EQ(done.counts().created(), 1);
  std::vector<v1::ImportRow> rows = Rows(import.name());
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_EQ(rows[0].display_name(), "СамараГаз");
  EXPECT_EQ(rows[0].legal_name(), "");  // not in the file; the new client took the one name
}

TEST_F(ImportTest, XlsxWorkbooksImportLikeCsv) {
  const std::string bytes =
      crm::testing::XlsxOf({{"Полное наименование", "ИНН", "КПП"},
                            {"ООО «Экспо-Сервис»", std::stod(LegalEntityInn(11)), "631601001"}});

  v1::ClientImport settings;
  settings.set_format(v1::IMPORT_FILE_FORMAT_XLSX);
  settings.set_file_name("catalogue.xlsx");
  v1::ClientImport import = MustUpload(bytes, settings);
  v1::ClientImport done = MustRun(import.name());
  EXPECT_EQ(done.counts().created(), 1);
  EXPECT_EQ(Rows(import.name()).at(0).inn(), LegalEntityInn(11));
}

TEST_F(ImportTest, RepeatedRequestIdReturnsTheSameImport) {
  v1::ClientImport first;
  v1::ClientImport second;
  ASSERT_TRUE(Upload(Catalogue(), CsvSettings(), &first, analyst(), "upload-1").ok());
  ASSERT_TRUE(Upload(Catalogue(), CsvSettings(), &second, analyst(), "upload-1").ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(Count("client_imports"), 1);
}

TEST_F(ImportTest, BadUploadsAreRejectedWithTheirFieldAndStoreNothing) {
  v1::ClientImport out;
  v1::ClientImport no_format = CsvSettings();
  no_format.set_format(v1::IMPORT_FILE_FORMAT_UNSPECIFIED);
  grpc::Status status = Upload(Catalogue(), no_format, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("import.format"));

  v1::ClientImport bad_mapping = CsvSettings();
  auto* m = bad_mapping.add_column_mappings();
  m->set_column("Нет такой колонки");
  m->set_field("inn");
  auto* n = bad_mapping.add_column_mappings();
  n->set_column("Наименование");
  n->set_field("fax");
  status = Upload(Catalogue(), bad_mapping, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              ElementsAre("import.column_mappings[0].column", "import.column_mappings[1].field",
                          "import.column_mappings"));

  status = Upload("", CsvSettings(), &out, analyst());
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("chunk"));

  v1::ClientImport xlsx;
  xlsx.set_format(v1::IMPORT_FILE_FORMAT_XLSX);
  status = Upload(Catalogue(), xlsx, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("chunk"));

  // A chunk over 1 MiB.
  status = Upload(std::string(1024 * 1024 + 1, 'a'), CsvSettings(), &out, analyst(), "",
                  1024 * 1024 + 1);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("chunk"));

  EXPECT_EQ(Count("client_imports"), 0);
  EXPECT_EQ(Count("client_import_rows"), 0);
}

// Files crafted to blow up while parsed are refused as soon as the reader passes a limit, with
// the row and column, within a bounded amount of memory; the service goes on serving.
TEST_F(ImportTest, CraftedFilesAreRefusedWhileReadAndTheServiceStaysUp) {
  constexpr std::size_t kMiB = 1024 * 1024;
  v1::ClientImport out;
  // A CSV line of 4 million delimiters: 4 million empty cells before the limit was applied.
  const std::string csv = "ИНН;Наименование\n7707083893" + std::string(4 * kMiB, ';') + "\n";
  crm::testing::HeapPeak csv_peak;
  grpc::Status status = Upload(csv, CsvSettings(), &out, analyst(), "", kMiB);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("chunk"));
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("row 2, column 201"));
  // The upload is held (with its growth) and nothing like the 4 million cells.
  EXPECT_LT(csv_peak.extra_bytes(), 8 * csv.size());

  // A workbook of 3 million shared strings, 60 KB zipped.
  std::string items;
  for (int i = 0; i < 3'000'000; ++i) {
    items += "<si><t>a</t></si>";
  }
  const std::string xlsx = crm::testing::Workbook(items, "");
  items.clear();
  items.shrink_to_fit();
  v1::ClientImport settings;
  settings.set_file_name("crafted.xlsx");
  settings.set_format(v1::IMPORT_FILE_FORMAT_XLSX);
  crm::testing::HeapPeak xlsx_peak;
  status = Upload(xlsx, settings, &out, analyst(), "", kMiB);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("shared strings take more than"));
  EXPECT_LT(xlsx_peak.extra_bytes(), 80 * kMiB);
  EXPECT_EQ(Count("client_imports"), 0);

  // Still serving: an honest file goes through.
  EXPECT_EQ(MustUpload(Catalogue()).total_rows(), 6);
}

TEST_F(ImportTest, BadRunAndListRequests) {
  std::vector<v1::ClientImport> progress;
  grpc::Status status = Run("clients/x", false, 0, &progress, analyst());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("name"));
  status = Run("imports/" + common::NewUuid(), false, 0, &progress, analyst());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  v1::ClientImport import = MustUpload(Catalogue());
  status = Run(import.name(), false, 10001, &progress, analyst());
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("batch_size"));
  EXPECT_THAT(progress, IsEmpty());
  EXPECT_EQ(Count("clients"), 0);

  v1::ListImportRowsRequest list;
  list.set_parent(import.name());
  list.set_page_token("garbage");
  v1::ListImportRowsResponse response;
  grpc::ClientContext context;
  Prepare(context, analyst());
  status = imports_->ListImportRows(&context, list, &response);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("page_token"));

  // The rows of an import that does not exist.
  list.set_parent("imports/" + common::NewUuid());
  list.clear_page_token();
  grpc::ClientContext unknown;
  Prepare(unknown, analyst());
  EXPECT_EQ(imports_->ListImportRows(&unknown, list, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ImportTest, OnlyAnalystsImport) {
  v1::ClientImport out;
  for (const std::string& token : {manager(), head(), accountant()}) {
    EXPECT_EQ(Upload(Catalogue(), CsvSettings(), &out, token).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(Upload(Catalogue(), CsvSettings(), &out, "").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Count("client_imports"), 0);

  v1::ClientImport import;
  ASSERT_TRUE(Upload(Catalogue(), CsvSettings(), &import, admin()).ok());
  std::vector<v1::ClientImport> progress;
  EXPECT_EQ(Run(import.name(), false, 0, &progress, manager()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("clients"), 0);

  v1::GetImportRequest get;
  get.set_name(import.name());
  grpc::ClientContext get_context;
  Prepare(get_context, manager());
  EXPECT_EQ(imports_->GetImport(&get_context, get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListImportRowsRequest list;
  list.set_parent(import.name());
  v1::ListImportRowsResponse rows;
  grpc::ClientContext list_context;
  Prepare(list_context, manager());
  EXPECT_EQ(imports_->ListImportRows(&list_context, list, &rows).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  grpc::ClientContext analyst_context;
  Prepare(analyst_context, analyst());
  ASSERT_TRUE(imports_->GetImport(&analyst_context, get, &out).ok());
  EXPECT_EQ(out.name(), import.name());
}

}  // namespace
}  // namespace crm::registry::integration

namespace crm::registry::integration {
namespace {

using ::testing::HasSubstr;

TEST_F(ImportTest, ProbableDuplicatesByNamePhoneOrEmailAreReportedWithTheirReasons) {
  v1::Client romashka;
  romashka.set_display_name("Ромашка");
  romashka.set_legal_name("ООО «Ромашка»");
  romashka.set_inn(LegalEntityInn(50));
  romashka.set_kpp("631601001");
  romashka.set_phone("+7 846 999-88-77");
  romashka.set_email("info@romashka.ru");
  romashka = MustCreateClient(romashka);
  const std::string csv =
      "ИНН;КПП;Наименование;Телефон;E-mail\r\n" + LegalEntityInn(51) +
      ";631601001;ООО Ромашка;;\r\n" + LegalEntityInn(52) +
      ";631601001;Другая фирма;8 846 999 88 77;INFO@romashka.ru\r\n" + LegalEntityInn(50) +
      ";631602001;Поволжский филиал;;\r\n" + LegalEntityInn(53) +
      ";631601001;Новая компания;\"+7 846 100-00-01; +7 846 100-00-02\";a@new.ru, b@new.ru\r\n";
  v1::ClientImport import = MustUpload(csv);
  v1::ClientImport dry = MustRun(import.name(), /*validate_only=*/true);
  EXPECT_EQ(dry.counts().duplicate(), 2);
  EXPECT_EQ(dry.counts().created(), 2);
  const long clients = Count("clients");

  v1::ClientImport done = MustRun(import.name());
  EXPECT_EQ(done.counts().duplicate(), 2);
  EXPECT_EQ(done.counts().created(), 2);
  EXPECT_EQ(Count("clients"), clients + 2);
  std::vector<v1::ImportRow> rows = Rows(import.name());
  ASSERT_THAT(rows, SizeIs(4));
  EXPECT_EQ(rows[0].outcome(), v1::ImportRow::OUTCOME_DUPLICATE);
  EXPECT_EQ(rows[0].duplicate_of(), romashka.name());
  EXPECT_EQ(rows[0].duplicate_score(), 50);
  EXPECT_THAT(rows[0].duplicate_reasons(), ElementsAre(v1::DUPLICATE_REASON_SIMILAR_NAME));
  ASSERT_THAT(rows[0].problems(), SizeIs(1));
  EXPECT_EQ(rows[0].problems(0).field(), "display_name");
  EXPECT_THAT(rows[0].problems(0).message(), HasSubstr("probable duplicate of " + romashka.name()));
  EXPECT_EQ(rows[0].problems(0).localized_message().locale(), "ru-RU");
  EXPECT_THAT(rows[0].problems(0).localized_message().message(),
              HasSubstr("Вероятный дубликат клиента «" + romashka.display_name() +
                        "» (похожее название, сходство 50)"));
  EXPECT_THAT(rows[1].problems(), SizeIs(1));
  EXPECT_THAT(rows[1].problems(0).localized_message().message(),
              HasSubstr("(тот же телефон, тот же e-mail, сходство 60)"));
  EXPECT_EQ(rows[1].duplicate_of(), romashka.name());
  EXPECT_EQ(rows[1].duplicate_score(), 60);
  EXPECT_THAT(rows[1].duplicate_reasons(),
              ElementsAre(v1::DUPLICATE_REASON_SAME_PHONE, v1::DUPLICATE_REASON_SAME_EMAIL));
  // The same INN with another KPP is a branch: created.
  EXPECT_EQ(rows[2].outcome(), v1::ImportRow::OUTCOME_CREATED);
  EXPECT_EQ(rows[3].outcome(), v1::ImportRow::OUTCOME_CREATED);

  // A cell listing several phones and e-mails fills the client's lists.
  v1::GetClientRequest get;
  get.set_name(rows[3].client());
  v1::Client created;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::GetClient, get, &created, manager()).ok());
  ASSERT_THAT(created.phones(), SizeIs(2));
  EXPECT_EQ(created.phones(0).number(), "+7 846 100-00-01");
  EXPECT_EQ(created.phones(1).digits(), "78461000002");
  EXPECT_EQ(created.phone(), "+7 846 100-00-01");
  EXPECT_THAT(created.emails(), ElementsAre("a@new.ru", "b@new.ru"));
  EXPECT_EQ(created.email(), "a@new.ru");

  // An update puts the file's phone first and keeps the client's others.
  v1::ClientImport update = MustUpload("ИНН;КПП;Наименование;Телефон\r\n" + LegalEntityInn(50) +
                                       ";631601001;Ромашка;+7 846 555-55-55\r\n");
  EXPECT_EQ(MustRun(update.name()).counts().updated(), 1);
  get.set_name(romashka.name());
  v1::Client updated;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::GetClient, get, &updated, manager()).ok());
  ASSERT_THAT(updated.phones(), SizeIs(2));
  EXPECT_EQ(updated.phones(0).number(), "+7 846 555-55-55");
  EXPECT_EQ(updated.phones(1).number(), "+7 846 999-88-77");
  EXPECT_EQ(updated.phone(), "+7 846 555-55-55");
  EXPECT_THAT(updated.emails(), ElementsAre("info@romashka.ru"));
}

}  // namespace
}  // namespace crm::registry::integration
