// Recovery and upgrade drills on the real binaries, following docs/operations.md ("Logical
// backups (pg_dump) and the restore drill", "Upgrading, and the upgrade drill"): every database
// dumped with pg_dump, destroyed, restored with
// pg_restore and analytics' projection replayed from the stream, to the same reports and the same
// invoices; a restore from a backup older than the stream; and each service moved from the
// previous schema version to the current one while traffic runs against the others.
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <nats/nats.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <thread>

#include "common/core/ids.h"
#include "tests/e2e/flow.h"
#include "tests/support/eventually.h"
#include "tests/support/nats_handles.h"
#include "tests/support/query_number.h"
#include "tests/support/requisites.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"

namespace crm::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using google::protobuf::util::TimeUtil;

// Rows per table of one database ("table" → count).
using TableCounts = std::map<std::string, int64_t>;

// The tables of a database: plain and partitioned ones, not their partitions.
std::vector<std::string> Tables(pqxx::transaction_base& tx) {
  std::vector<std::string> tables;
  for (const auto& row :
       tx.exec("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
               "ORDER BY 1")) {
    tables.emplace_back(row[0].c_str());
  }
  return tables;
}

TableCounts CountEveryTable(const std::string& url) {
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  TableCounts counts;
  for (const auto& table : Tables(tx)) {
    counts[table] = tx.exec1("SELECT count(*) FROM " + tx.quote_name(table))[0].as<int64_t>();
  }
  return counts;
}

std::string DatabaseName(const std::string& url) { return url.substr(url.rfind('/') + 1); }

// Runs one of PostgreSQL's programs (pg_dump, pg_restore, psql) as an operator would; fails the
// test with its output unless it exits 0.
void RunPostgresProgram(const std::string& program, std::vector<std::string> args) {
  auto& env = TestEnvironment::Get();
  args.insert(args.begin(), (env.postgres().BinDir() / program).string());
  const auto log = env.LogPath(program);
  ChildProcess process(args, {}, log);
  const int code = process.Wait();
  ASSERT_EQ(code, 0) << program << " failed:\n" << ReadFile(log);
}

// The runbook's backup: one custom-format dump per service database.
void BackUp(const Stack& stack, const std::filesystem::path& dir) {
  for (const char* service : Stack::kServices) {
    RunPostgresProgram("pg_dump",
                       {"--format=custom", "--file=" + (dir / service).string() + ".dump",
                        stack.DatabaseUrl(service)});
  }
}

// The disaster: every database gone.
void DestroyDatabases(const Stack& stack) {
  for (const char* service : Stack::kServices) {
    TestEnvironment::Get().postgres().DropDatabase(DatabaseName(stack.DatabaseUrl(service)));
  }
}

// The runbook's restore: an empty database of the same name, then pg_restore of its dump.
void Restore(const Stack& stack, const std::filesystem::path& dir) {
  for (const char* service : Stack::kServices) {
    const std::string url = stack.DatabaseUrl(service);
    TestEnvironment::Get().postgres().CreateDatabase(DatabaseName(url));
    RunPostgresProgram("pg_restore", {"--exit-on-error", "--no-owner", "--dbname=" + url,
                                      (dir / service).string() + ".dump"});
  }
}

// `nats consumer rm CRM NAME` for every durable consumer of the event stream: each service
// creates its consumers again when it starts, from the stream's first event.
int DeleteEveryConsumer(const std::string& nats_url) {
  auto conn = ConnectNats(nats_url);
  auto js = JetStream(conn.get());
  jsConsumerNamesList* names = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  CheckNats(js_ConsumerNames(&names, js.get(), "CRM", nullptr, &jerr), "js_ConsumerNames");
  const int count = names->Count;
  for (int i = 0; i < names->Count; ++i) {
    natsStatus s = js_DeleteConsumer(js.get(), "CRM", names->List[i], nullptr, &jerr);
    if (s != NATS_OK) {
      jsConsumerNamesList_Destroy(names);
      CheckNats(s, "js_DeleteConsumer");
    }
  }
  jsConsumerNamesList_Destroy(names);
  return count;
}

// The columns of a table that a row can be given (generated ones cannot).
std::vector<std::string> WritableColumns(pqxx::transaction_base& tx, const std::string& table) {
  std::vector<std::string> columns;
  for (const auto& row : tx.exec_params(
           "SELECT column_name FROM information_schema.columns "
           "WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' "
           "ORDER BY ordinal_position",
           table)) {
    columns.emplace_back(row[0].c_str());
  }
  return columns;
}

// Fills a database at the previous schema version with the rows of one at the current version, as
// the previous release would hold them: every table of the older schema gets the columns both
// schemas have (the newer columns did not exist), every sequence its position. Loaded the way a
// data-only restore is, with triggers and foreign-key checks off (session_replication_role).
void CopyRowsToOlderSchema(const std::string& from, const std::string& to,
                           const std::filesystem::path& dir) {
  std::ostringstream unload;
  std::ostringstream load;
  {
    pqxx::connection source_conn(from);
    pqxx::connection target_conn(to);
    pqxx::read_transaction source(source_conn);
    pqxx::read_transaction target(target_conn);
    const auto source_tables = Tables(source);
    std::string tables;
    std::ostringstream copies;
    for (const auto& table : Tables(target)) {
      if (table == "schema_migrations" ||
          std::find(source_tables.begin(), source_tables.end(), table) == source_tables.end()) {
        continue;
      }
      tables += (tables.empty() ? "" : ", ") + target.quote_name(table);
      const auto source_columns = WritableColumns(source, table);
      std::string columns;
      for (const auto& column : WritableColumns(target, table)) {
        if (std::find(source_columns.begin(), source_columns.end(), column) !=
            source_columns.end()) {
          columns += (columns.empty() ? "" : ", ") + target.quote_name(column);
        }
      }
      const std::string file = (dir / (table + ".copy")).string();
      unload << "\\copy (SELECT " << columns << " FROM " << target.quote_name(table) << ") TO '"
             << file << "'\n";
      copies << "\\copy " << target.quote_name(table) << " (" << columns << ") FROM '" << file
             << "'\n";
    }
    // The migrations' seed rows make way for the copied ones.
    load << "SET session_replication_role = replica;\nTRUNCATE " << tables << ";\n" << copies.str();
    for (const auto& row : target.exec(
             "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
             "WHERE n.nspname = 'public' AND c.relkind = 'S'")) {
      const std::string sequence = target.quote_name(row[0].c_str());
      const auto position = source.exec1("SELECT last_value, is_called FROM " + sequence);
      load << "SELECT setval('" << sequence << "', " << position[0].c_str() << ", "
           << (position[1].as<bool>() ? "true" : "false") << ");\n";
    }
  }
  std::ofstream(dir / "unload.sql") << unload.str();
  std::ofstream(dir / "load.sql") << load.str();
  for (const auto& [url, script] : {std::pair{from, "unload.sql"}, std::pair{to, "load.sql"}}) {
    RunPostgresProgram("psql", {"--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
                                "--dbname=" + url, "--file=" + (dir / script).string()});
  }
}

// Reads and writes against every service from a thread of its own while services are upgraded
// one at a time: a sale each round (planning; documents and accounting act on its events), a new
// client (registry), and reads of documents, exports and a report. A service being upgraded is
// down: from its stop until the first call after its start that succeeds (the client reconnects
// with backoff) its calls may fail with UNAVAILABLE, or CANCELLED when in flight as it stopped —
// the retryable window. Such a call is tried again in the next rounds with the same request id
// (the writes are idempotent by it) while the calls to the other services go on; any other
// failure, or a call still failing when the traffic stops, is recorded.
class Traffic {
 public:
  explicit Traffic(Flow& flow) : flow_(flow), thread_([this] { Run(); }) {}
  ~Traffic() { Stop(); }
  Traffic(const Traffic&) = delete;
  Traffic& operator=(const Traffic&) = delete;

  // `service` is going down for its upgrade; then it has started again.
  void Down(const std::string& service) {
    std::lock_guard lock(mutex_);
    down_[service] = false;
  }
  void Up(const std::string& service) {
    std::lock_guard lock(mutex_);
    down_[service] = true;
  }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) {
      thread_.join();
    }
  }
  // Every service that went down answered again, and no call waits to be tried again.
  bool AllServing() {
    std::lock_guard lock(mutex_);
    return down_.empty() && pending_.empty();
  }
  // Only after Stop().
  const std::vector<std::string>& sales() const { return sales_; }
  const std::vector<std::string>& failures() const { return failures_; }
  int calls() const { return calls_; }
  int retried_in_window() const { return retried_in_window_; }
  int rounds() const { return rounds_; }

 private:
  struct Call {
    std::string service;
    std::string what;
    std::string token;
    std::string request_id;
    std::function<grpc::Status(grpc::ClientContext*)> rpc;
    std::function<void()> on_success;  // may be empty
  };

  // A new call, tried once now.
  bool Make(const std::string& service, const std::string& what, const std::string& token,
            std::function<grpc::Status(grpc::ClientContext*)> rpc,
            std::function<void()> on_success = {}) {
    ++calls_;
    return Attempt(Call{service, what, token, "upgrade-" + common::NewUuid(), std::move(rpc),
                        std::move(on_success)});
  }

  // True when the call succeeded; a retryable failure in its service's window is kept for the
  // next round.
  bool Attempt(Call call) {
    const grpc::Status status = call.rpc(Ctx(call.token, call.request_id).get());
    std::lock_guard lock(mutex_);
    if (status.ok()) {
      // A call that was in flight as the service stopped may succeed; the window ends with a
      // success once the service has started again.
      if (auto it = down_.find(call.service); it != down_.end() && it->second) {
        down_.erase(it);
      }
      if (call.on_success) {
        call.on_success();
      }
      return true;
    }
    const bool retryable = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                           status.error_code() == grpc::StatusCode::CANCELLED;
    if (!down_.contains(call.service) || !retryable) {
      failures_.push_back(call.what + ": " + std::to_string(status.error_code()) + " " +
                          status.error_message());
      return false;
    }
    ++retried_in_window_;
    pending_.push_back(std::move(call));
    return false;
  }

  void Run() {
    for (int round = 0; !stop_; ++round) {
      ++rounds_;
      std::vector<Call> again;
      {
        std::lock_guard lock(mutex_);
        again.swap(pending_);
      }
      for (auto& call : again) {
        Attempt(std::move(call));
      }
      Round(round);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (const auto& call : pending_) {
      failures_.push_back(call.what + ": still failing when the traffic stopped");
    }
  }

  void Round(int round) {
    planning::v1::PlanContactRequest plan;
    auto* c = plan.mutable_contact();
    c->set_client(flow_.client);
    c->set_contact_person(flow_.contact_person);
    c->set_edition(flow_.edition);
    c->set_type(planning::v1::CONTACT_TYPE_CALL);
    c->set_purpose("Предложить стенд");
    *c->mutable_scheduled_time() = TimeUtil::GetCurrentTime();
    plan.set_request_id(common::NewUuid());
    auto contact = std::make_shared<planning::v1::Contact>();
    if (Make("planning", "PlanContact", flow_.manager_token,
             [this, plan, contact](grpc::ClientContext* ctx) {
               return flow_.planning->PlanContact(ctx, plan, contact.get());
             })) {
      planning::v1::CompleteContactRequest complete;
      complete.set_name(contact->name());
      complete.mutable_result()->mutable_sale()->set_area_dm2(100 + round);
      complete.mutable_result()->mutable_sale()->set_stand_number("B-" + std::to_string(round));
      auto completed = std::make_shared<planning::v1::CompleteContactResponse>();
      Make(
          "planning", "CompleteContact", flow_.manager_token,
          [this, complete, completed](grpc::ClientContext* ctx) {
            return flow_.planning->CompleteContact(ctx, complete, completed.get());
          },
          [this, completed] { sales_.push_back(completed->sale().name()); });
    }
    registry::v1::CreateClientRequest create;
    auto* client = create.mutable_client();
    client->set_display_name("Участник " + std::to_string(round));
    client->set_legal_name("ООО «Участник " + std::to_string(round) + "»");
    client->set_inn(LegalEntityInn(80000 + round));
    client->set_kpp("631601001");
    client->set_legal_address("443001, г. Самара, ул. Садовая, д. " + std::to_string(round));
    Make("registry", "CreateClient", flow_.manager_token, [this, create](grpc::ClientContext* ctx) {
      registry::v1::Client created;
      return flow_.registry->CreateClient(ctx, create, &created);
    });
    Make("documents", "ListDocuments", flow_.admin_token, [this](grpc::ClientContext* ctx) {
      documents::v1::ListDocumentsRequest list;
      list.set_page_size(10);
      documents::v1::ListDocumentsResponse documents;
      return flow_.documents->ListDocuments(ctx, list, &documents);
    });
    Make("accounting", "ListExports", flow_.admin_token, [this](grpc::ClientContext* ctx) {
      accounting::v1::ListExportsRequest exports;
      exports.set_page_size(10);
      accounting::v1::ListExportsResponse listed;
      return flow_.accounting->ListExports(ctx, exports, &listed);
    });
    Make("analytics", "GetManagerReport", flow_.admin_token, [this](grpc::ClientContext* ctx) {
      analytics::v1::GetManagerReportRequest report;
      report.set_manager(flow_.manager);
      const auto now = TimeUtil::GetCurrentTime();
      *report.mutable_start_time() = now - TimeUtil::HoursToDuration(48);
      *report.mutable_end_time() = now + TimeUtil::HoursToDuration(48);
      analytics::v1::ManagerReport manager_report;
      return flow_.analytics->GetManagerReport(ctx, report, &manager_report);
    });
  }

  Flow& flow_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::map<std::string, bool> down_;  // service → started again
  std::vector<Call> pending_;
  std::vector<std::string> sales_;
  std::vector<std::string> failures_;
  int calls_ = 0;
  int retried_in_window_ = 0;
  std::atomic<int> rounds_{0};
  std::thread thread_;  // last: starts once the rest is built
};

// The schema as pg_dump prints it, to compare a migrated database with a fresh one.
std::string SchemaOf(const std::string& url) {
  auto& env = TestEnvironment::Get();
  const auto out = env.LogPath("schema");
  ChildProcess dump({(env.postgres().BinDir() / "pg_dump").string(), "--schema-only", "--no-owner",
                     "--file=" + out.string(), url},
                    {}, {});
  if (dump.Wait() != 0) {
    return "pg_dump failed";
  }
  // pg_dump brackets its output with \restrict and a random key; the rest is the schema.
  std::istringstream text(ReadFile(out));
  std::string schema;
  for (std::string line; std::getline(text, line);) {
    if (!line.starts_with("\\restrict") && !line.starts_with("\\unrestrict")) {
      schema += line + "\n";
    }
  }
  return schema;
}

void StopAll(Stack& stack) {
  for (const char* service : Stack::kServices) {
    stack.Stop(service);
  }
}

void StartAll(Stack& stack) {
  for (const char* service : Stack::kServices) {
    stack.Start(service);
  }
}

// What the drills compare: every table's rows in every database, the invoice of each sale, the
// 1C exports and two analytics reports.
struct Figures {
  std::map<std::string, TableCounts> rows;             // service → table → rows
  std::map<std::string, std::string> invoice_by_sale;  // sale → invoice number
  std::set<std::string> export_files;
  analytics::v1::ManagerReport manager_report;
  analytics::v1::SalesReport sales_report;
  std::string failed_reads;  // the reads above that failed, with their status
};

class Recovery : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new Stack();
    flow_ = new Flow(*stack_);
    flow_->SetUpReferenceData("7707083893", "773601001");
    const auto now = TimeUtil::GetCurrentTime();
    start_time_ = now - TimeUtil::HoursToDuration(48);
    end_time_ = now + TimeUtil::HoursToDuration(48);
  }
  static void TearDownTestSuite() {
    delete flow_;
    delete stack_;
  }
  void SetUp() override {
    ASSERT_FALSE(flow_->client.empty()) << "reference data could not be set up";
  }

  // A sale through the APIs: a call planned and completed with a sale; returns "sales/{id}".
  static std::string RecordSale(int64_t area_dm2) {
    const auto contact = flow_->PlanCall();
    std::string sale = flow_->RecordSale(contact.name(), area_dm2).sale().name();
    if (!sale.empty()) {
      sales_.push_back(sale);
    }
    return sale;
  }

  // A new client in the registry with a valid INN.
  static void CreateClient(int body) {
    registry::v1::CreateClientRequest request;
    auto* client = request.mutable_client();
    client->set_display_name("Клиент " + std::to_string(body));
    client->set_legal_name("ООО «Клиент " + std::to_string(body) + "»");
    client->set_inn(LegalEntityInn(body));
    client->set_kpp("631601001");
    client->set_legal_address("443001, г. Самара, ул. Ленинградская, д. " + std::to_string(body));
    registry::v1::Client created;
    auto status = flow_->registry->CreateClient(Ctx(flow_->manager_token).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  }

  static void Read(Figures& f, const std::string& what, const grpc::Status& status) {
    if (!status.ok()) {
      f.failed_reads +=
          what + ": " + std::to_string(status.error_code()) + " " + status.error_message() + "\n";
    }
  }

  static Figures Take() {
    Figures f;
    for (const char* service : Stack::kServices) {
      f.rows[service] = CountEveryTable(stack_->DatabaseUrl(service));
    }
    for (const auto& sale : sales_) {
      for (const auto& invoice : flow_->InvoicesFor(sale)) {
        f.invoice_by_sale[sale] += invoice.number() + ";";
      }
    }
    accounting::v1::ListExportsRequest exports;
    exports.set_page_size(500);
    accounting::v1::ListExportsResponse listed;
    Read(f, "ListExports",
         flow_->accounting->ListExports(Ctx(flow_->admin_token).get(), exports, &listed));
    for (const auto& e : listed.exports()) {
      f.export_files.insert(e.file_name());
    }
    analytics::v1::GetManagerReportRequest manager;
    manager.set_manager(flow_->manager);
    *manager.mutable_start_time() = start_time_;
    *manager.mutable_end_time() = end_time_;
    Read(f, "GetManagerReport",
         flow_->analytics->GetManagerReport(Ctx(flow_->admin_token).get(), manager,
                                            &f.manager_report));
    analytics::v1::GetSalesReportRequest sales;
    *sales.mutable_start_time() = start_time_;
    *sales.mutable_end_time() = end_time_;
    sales.set_group_by(analytics::v1::SALES_REPORT_GROUPING_MANAGER);
    Read(f, "GetSalesReport",
         flow_->analytics->GetSalesReport(Ctx(flow_->admin_token).get(), sales, &f.sales_report));
    return f;
  }

  // Everything the sales caused has arrived: each sale invoiced once, each invoice in accounting
  // and exported, analytics counting every sale, no outbox row waiting; and the figures hold
  // still for a second.
  static Figures Settled() {
    Figures settled;
    // What has not arrived yet; empty once everything has.
    auto waiting_for = [](const Figures& f) -> std::string {
      if (!f.failed_reads.empty()) {
        return f.failed_reads;
      }
      for (const auto& sale : sales_) {
        auto it = f.invoice_by_sale.find(sale);
        if (it == f.invoice_by_sale.end() || it->second.find(';') != it->second.size() - 1) {
          return "one invoice for " + sale;
        }
      }
      for (const char* service : Stack::kServices) {
        if (CountRows(stack_->DatabaseUrl(service), "outbox",
                      "published_at IS NULL AND parked_at IS NULL") != 0) {
          return std::string(service) + "'s outbox";
        }
      }
      const auto invoices = static_cast<int64_t>(sales_.size());
      if (f.rows.at("accounting").at("invoices") != invoices) {
        return "accounting's invoices: " + std::to_string(f.rows.at("accounting").at("invoices"));
      }
      if (static_cast<int64_t>(f.export_files.size()) < invoices) {
        return "exports: " + std::to_string(f.export_files.size());
      }
      if (f.manager_report.sales_count() != invoices ||
          f.rows.at("analytics").at("sales") != invoices) {
        return "analytics' sales: " + std::to_string(f.rows.at("analytics").at("sales"));
      }
      return "";
    };
    std::string waiting;
    const bool ok = Eventually(
        [&] {
          Figures first = Take();
          waiting = waiting_for(first);
          if (!waiting.empty()) {
            return false;
          }
          std::this_thread::sleep_for(std::chrono::seconds(1));
          settled = Take();
          return settled.rows == first.rows &&
                 MessageDifferencer::Equals(settled.manager_report, first.manager_report);
        },
        std::chrono::seconds(90), std::chrono::milliseconds(500));
    EXPECT_TRUE(ok) << "the stack did not settle, waiting for " << waiting << " of "
                    << sales_.size() << " sales\n"
                    << stack_->Log("documents") << stack_->Log("accounting")
                    << stack_->Log("analytics");
    if (!ok) {
      settled = Take();
    }
    return settled;
  }

  // Invoice numbers are one sequence without gaps or repeats, one invoice per sale.
  static void ExpectGaplessInvoices() {
    const std::string db = stack_->DatabaseUrl("documents");
    const int64_t invoices = CountRows(db, "documents", "doc_type = 'INVOICE'");
    EXPECT_EQ(invoices, static_cast<int64_t>(sales_.size()));
    EXPECT_EQ(QueryNumber(db,
                          "SELECT count(DISTINCT sale_id) FROM documents "
                          "WHERE doc_type = 'INVOICE'"),
              invoices);
    EXPECT_EQ(QueryNumber(db,
                          "SELECT count(DISTINCT sequence_number) FROM documents "
                          "WHERE doc_type = 'INVOICE'"),
              invoices);
    EXPECT_EQ(QueryNumber(db,
                          "SELECT coalesce(max(sequence_number) - min(sequence_number) + 1, 0) "
                          "FROM documents WHERE doc_type = 'INVOICE'"),
              invoices);
  }

  static int64_t LastInvoiceNumber() {
    return QueryNumber(stack_->DatabaseUrl("documents"),
                       "SELECT max(sequence_number) FROM documents WHERE doc_type = 'INVOICE'");
  }

  // The same figures in `services`; with `inbox_may_grow`, their processed_events rows may
  // differ (a document issued again after a replay is published as a new event, which its
  // consumers record and skip).
  static void ExpectSameFigures(const Figures& before, const Figures& after,
                                const std::set<std::string>& services,
                                bool inbox_may_grow = false) {
    for (const auto& service : services) {
      TableCounts expected = before.rows.at(service);
      TableCounts actual = after.rows.at(service);
      if (inbox_may_grow) {
        EXPECT_GE(actual["processed_events"], expected["processed_events"]) << service;
        expected.erase("processed_events");
        actual.erase("processed_events");
      }
      EXPECT_EQ(actual, expected) << service;
    }
    EXPECT_EQ(after.invoice_by_sale, before.invoice_by_sale);
    EXPECT_EQ(after.export_files, before.export_files);
    EXPECT_TRUE(MessageDifferencer::Equals(after.manager_report, before.manager_report))
        << "before:\n"
        << before.manager_report.DebugString() << "after:\n"
        << after.manager_report.DebugString();
    EXPECT_TRUE(MessageDifferencer::Equals(after.sales_report, before.sales_report))
        << "before:\n"
        << before.sales_report.DebugString() << "after:\n"
        << after.sales_report.DebugString();
  }

  static inline Stack* stack_ = nullptr;
  static inline Flow* flow_ = nullptr;
  static inline std::vector<std::string> sales_;
  static inline google::protobuf::Timestamp start_time_;
  static inline google::protobuf::Timestamp end_time_;
};

const std::set<std::string> kAllServices(std::begin(Stack::kServices), std::end(Stack::kServices));

// Back up every database, destroy them all, restore, rebuild analytics' projection from the
// stream: the same rows, invoices, exports and reports; and work goes on from there.
TEST_F(Recovery, EveryDatabaseRestoredFromItsDumpGivesTheSameFigures) {
  for (int i = 1; i <= 3; ++i) {
    CreateClient(7000 + i);
  }
  for (int area : {600, 1200, 900}) {
    ASSERT_FALSE(RecordSale(area).empty());
  }
  const Figures before = Settled();
  ASSERT_GT(before.manager_report.sales_count(), 0);
  ASSERT_GT(before.sales_report.total().current().sales_count(), 0)
      << before.sales_report.DebugString();
  ExpectGaplessInvoices();

  const TempDir backups("crm-backup");
  BackUp(*stack_, backups.path());
  StopAll(*stack_);
  DestroyDatabases(*stack_);
  EXPECT_THROW(CountRows(stack_->DatabaseUrl("documents"), "documents"), pqxx::broken_connection);
  Restore(*stack_, backups.path());

  // Analytics' projection replayed from the stream rather than trusted from the dump.
  const std::map<std::string, std::string> nats = {{"CRM_NATS_URL", stack_->nats_url()}};
  ASSERT_EQ(stack_->RunOperatorCommand("analytics", {"projection-rebuild"}, nats), 0)
      << stack_->OperatorOutput();
  EXPECT_EQ(CountRows(stack_->DatabaseUrl("analytics"), "sales"), 0);
  StartAll(*stack_);

  const Figures after = Settled();
  ExpectSameFigures(before, after, kAllServices);
  ExpectGaplessInvoices();

  // New work continues the restored numbering: the next number, no repeat.
  const int64_t last = LastInvoiceNumber();
  const std::string sale = RecordSale(750);
  ASSERT_FALSE(sale.empty());
  Settled();
  EXPECT_EQ(LastInvoiceNumber(), last + 1);
  ExpectGaplessInvoices();
}

// The backup is older than the stream: a sale was recorded after it. Restored, with every
// durable consumer deleted so each service reads the stream again from its first event, the
// consumers act on the later events exactly once (processed_events skips what the dump already
// had): the sale's invoice comes back with the same number and the same id (documents derives the
// id of an event's documents from the event), so accounting and analytics, which had it, count it
// once. Planning, the sale's producer, is back at the backup and no longer has the sale: the
// runbook's reconciliation re-enters it.
TEST_F(Recovery, ABackupOlderThanTheStreamReplaysTheLaterEventsOnce) {
  ASSERT_FALSE(RecordSale(500).empty());
  const Figures at_backup = Settled();
  const TempDir backups("crm-backup");
  BackUp(*stack_, backups.path());

  const std::string later_sale = RecordSale(1100);
  ASSERT_FALSE(later_sale.empty());
  const Figures before = Settled();
  ASSERT_EQ(before.invoice_by_sale.count(later_sale), 1u);
  const int64_t last = LastInvoiceNumber();

  StopAll(*stack_);
  DestroyDatabases(*stack_);
  Restore(*stack_, backups.path());
  EXPECT_GT(DeleteEveryConsumer(stack_->nats_url()), 0);
  StartAll(*stack_);

  const Figures after = Settled();
  ExpectSameFigures(before, after, {"registry", "documents", "accounting", "analytics"},
                    /*inbox_may_grow=*/true);
  EXPECT_EQ(after.rows.at("planning"), at_backup.rows.at("planning"));
  planning::v1::GetSaleRequest get;
  get.set_name(later_sale);
  planning::v1::Sale sale;
  EXPECT_EQ(flow_->planning->GetSale(Ctx(flow_->admin_token).get(), get, &sale).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ExpectGaplessInvoices();
  EXPECT_EQ(LastInvoiceNumber(), last);

  ASSERT_FALSE(RecordSale(800).empty());
  Settled();
  EXPECT_EQ(LastInvoiceNumber(), last + 1);
  ExpectGaplessInvoices();
}

// The upgrade drill. Each service in turn: a database at the previous schema version (`migrate
// --to` the version before the binary's last) holding the service's rows as that version keeps
// them; the service stopped (the old release's pods gone), the current `migrate` applied to that
// database while traffic runs against the other four, a second `migrate` applying nothing, and the
// service started on the upgraded database. Nothing is lost: every table has the rows it had, the
// upgraded schema is the one a fresh database gets, every sale of the traffic is invoiced once with
// gapless numbers, the reports count every sale, and no call failed except the upgraded service's
// UNAVAILABLE while it was down.
TEST_F(Recovery, EachServiceUpgradedFromThePreviousSchemaUnderTrafficLosesNothing) {
  // Planning knows the client and its contact person before the traffic starts.
  ASSERT_FALSE(flow_->PlanCall().name().empty());
  Traffic traffic(*flow_);
  for (const char* service : Stack::kServices) {
    SCOPED_TRACE(service);
    const std::string current = stack_->DatabaseUrl(service);
    const int64_t latest =
        QueryNumber(current, "SELECT max(version) FROM schema_migrations WHERE component = '" +
                                 std::string(service) + "'");
    const std::string upgraded =
        TestEnvironment::Get().FreshDatabase(std::string("upgrade_") + service);
    const std::map<std::string, std::string> database = {{"CRM_DATABASE_URL", upgraded}};
    ASSERT_EQ(stack_->RunOperatorCommand(service, {"migrate", "--to", std::to_string(latest - 1)},
                                         database),
              0)
        << stack_->OperatorOutput();
    ASSERT_EQ(
        QueryNumber(upgraded, "SELECT max(version) FROM schema_migrations WHERE component = '" +
                                  std::string(service) + "'"),
        latest - 1);
    const auto previous_tables = CountEveryTable(upgraded);

    traffic.Down(service);
    stack_->Stop(service);
    const TableCounts rows = CountEveryTable(current);
    const TempDir copy("crm-upgrade");
    CopyRowsToOlderSchema(current, upgraded, copy.path());
    ASSERT_FALSE(HasFatalFailure());

    ASSERT_EQ(stack_->RunOperatorCommand(service, {"migrate"}, database), 0)
        << stack_->OperatorOutput();
    EXPECT_NE(stack_->OperatorOutput().find("\"applied\":1"), std::string::npos)
        << stack_->OperatorOutput();
    ASSERT_EQ(stack_->RunOperatorCommand(service, {"migrate"}, database), 0)
        << stack_->OperatorOutput();
    EXPECT_NE(stack_->OperatorOutput().find("\"applied\":0"), std::string::npos)
        << stack_->OperatorOutput();
    // Every table the previous version had keeps its rows. A table new in this version starts
    // empty, or, when its migration fills it from the rows it upgrades (a kept projection such as
    // registry's project_base), holds what the current database holds.
    for (const auto& [table, count] : CountEveryTable(upgraded)) {
      if (previous_tables.contains(table)) {
        EXPECT_EQ(count, rows.at(table)) << table;
      } else {
        EXPECT_TRUE(count == 0 || count == rows.at(table))
            << table << ": " << count << " rows after the upgrade, " << rows.at(table)
            << " in the current database";
      }
    }
    EXPECT_EQ(SchemaOf(upgraded), SchemaOf(current));

    stack_->SetDatabaseUrl(service, upgraded);
    stack_->Start(service);
    traffic.Up(service);
  }
  // Some traffic on the whole upgraded system before stopping it.
  const int rounds = traffic.rounds();
  ASSERT_TRUE(Eventually([&] { return traffic.rounds() >= rounds + 5 && traffic.AllServing(); },
                         std::chrono::seconds(60)));
  traffic.Stop();
  EXPECT_TRUE(traffic.failures().empty()) << ::testing::PrintToString(traffic.failures());
  EXPECT_GT(traffic.sales().size(), 0u);
  std::cout << "upgrade drill: " << traffic.calls() << " calls, " << traffic.sales().size()
            << " sales, " << traffic.retried_in_window()
            << " attempts retried while a service was down, " << traffic.failures().size()
            << " failed calls\n";
  sales_.insert(sales_.end(), traffic.sales().begin(), traffic.sales().end());
  const Figures after = Settled();
  ExpectGaplessInvoices();
  EXPECT_EQ(after.sales_report.total().current().sales_count(),
            static_cast<int64_t>(sales_.size()));
}

}  // namespace
}  // namespace crm::testing
