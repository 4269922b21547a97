// Every List RPC's first page over the real five services (separate processes, tests/e2e/stack.h)
// at a large table, beside the same first page read as plain SQL on one connection.
//
//   build-test/bin/crm-bench-list [rows=1000000] [calls=200] [only=ListContacts,ListSales,...]
//
// For each List RPC of the public API the program holds one entry: the table the list reads, a
// bulk load of `rows` rows straight into that service's database (INSERT ... SELECT
// generate_series in chunks of 100,000, indexes as the migrations left them, then VACUUM
// ANALYZE), the caller the RPC's access rule filters for (a sales manager for lists of their own
// records, an analyst, accountant or admin where nothing is filtered by owner), the RPC's first
// page at the default page size (50) over gRPC, and the raw baseline: a plain `SELECT * FROM
// <table> WHERE <the page's own rows> ORDER BY <the list's order> LIMIT 50` on one libpq
// connection to the same database. Rows are spread over 100 managers and 1,000 clients; the
// measured caller is the first manager and the client the first client, so a manager's list
// reads 1 % of the table and a client's list 0.1 %. Catalogues (staff, departments, projects,
// editions, refusal reasons, mailing selections) are loaded with at most 10,000 rows: they do not
// grow to millions. Groups: rows / 1,000 groups, each with all 1,000 clients as members.
// Entries over one table share its load. Each entry makes 20 warm-up calls, then times `calls`
// calls of each and prints p50/p99 of both; the figure "<RPC> first page p99" carries the goal
// p99 < 20 ms (issue "Performance", reads). A List RPC without an entry is printed as "not
// measured yet". `only` limits the run to the named RPCs (and their loads).
//
// `tools/bench/run list` runs it at 1,000,000 rows per table; the quick mode at 2,000 rows and 30
// calls (about 30 s). At a million rows the loads take about half an hour on 2 cores; pick the
// lists with `only` (LIST_ONLY for tools/bench/run).
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/auth/auth.h"
#include "common/core/log.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/documents/v1/documents.grpc.pb.h"
#include "crm/planning/v1/assessments.grpc.pb.h"
#include "crm/planning/v1/calendar.grpc.pb.h"
#include "crm/planning/v1/catalogues.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "crm/planning/v1/sales.grpc.pb.h"
#include "crm/registry/v1/groups.grpc.pb.h"
#include "crm/registry/v1/import.grpc.pb.h"
#include "crm/registry/v1/mailing.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "crm/registry/v1/staff.grpc.pb.h"
#include "tests/e2e/flow.h"
#include "tests/e2e/stack.h"
#include "tests/support/service_harness.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {

namespace accounting = crm::accounting::v1;
namespace documents = crm::documents::v1;
namespace planning = crm::planning::v1;
namespace registry = crm::registry::v1;
using crm::bench::PercentilesOf;
using crm::bench::Seconds;
using crm::bench::SteadyClock;
using crm::common::auth::Role;
using crm::testing::Ctx;

// Every List RPC of the public API, by service, as the protos declare them.
const std::vector<std::pair<std::string, std::vector<std::string>>> kListRpcs = {
    {"accounting", {"ListExports", "ListPayments", "ListBudgetCosts"}},
    {"analytics", {"ListSalesReportRecords", "ListReportClients"}},
    {"documents", {"ListIssuers", "ListDocuments", "ListDocumentTemplates"}},
    {"planning",
     {"ListReadinessHistory", "ListRatings", "ListCalendar", "ListOverdueContacts",
      "ListClientTimeline", "ListRefusalReasons", "ListContacts", "ListSales", "ListRedirects",
      "ListSaleHistory", "ListStands"}},
    {"registry",
     {"ListCompetitorExhibitions",
      "ListParticipations",
      "ListProjectTargetGroups",
      "ListProjectClients",
      "ListGroups",
      "ListGroupMembers",
      "ListClientGroups",
      "ListGroupMembershipProposals",
      "ListImportRows",
      "ListMailingSelections",
      "ListVerificationQueue",
      "ListContactPersons",
      "ListClientHistory",
      "ListResourceHistory",
      "ListProjects",
      "ListEditions",
      "ListEmployees",
      "ListCurators",
      "ListCuratorshipsOfEmployee",
      "ListDepartments",
      "ListDepartmentMembers",
      "ListProjectTeamMembers"}},
};

// The page size a client gets when it asks for none (common/core/paging.h).
constexpr int kPageSize = 50;
constexpr int kWarmUpCalls = 20;
// Rows are spread over this many managers and clients; the measured caller is the first of each.
constexpr int kManagers = 100;
constexpr int kClients = 1000;

// md5-derived ids, the same in SQL (md5(prefix || i)::uuid) and here.
std::string IdOf(pqxx::connection& conn, const std::string& prefix, int i) {
  return pqxx::nontransaction(conn)
      .exec_params1("SELECT md5($1 || $2::int)::uuid::text", prefix, i)[0]
      .as<std::string>();
}

// Runs `sql` over [1, rows] in chunks of 100,000 rows ($1, $2 the chunk's first and last row).
void LoadInChunks(pqxx::connection& conn, long long rows, const std::string& sql) {
  constexpr long long kChunk = 100000;
  for (long long from = 1; from <= rows; from += kChunk) {
    pqxx::work tx(conn);
    tx.exec_params0(sql, from, std::min(rows, from + kChunk - 1));
    tx.commit();
  }
}

void Analyze(pqxx::connection& conn, const std::vector<std::string>& tables) {
  for (const auto& table : tables) {
    pqxx::nontransaction(conn).exec0("VACUUM ANALYZE " + table);
  }
}

// What the entries share: the stack, the data's ids and the callers' tokens.
struct World {
  crm::testing::Stack& stack;
  long long rows = 0;
  std::map<std::string, std::unique_ptr<pqxx::connection>> db;
  std::string manager;  // the first manager's id (uuid)
  std::string client;   // the first client's id (uuid)
  std::string sale;     // a sale of the first manager's (uuid)
  std::string analyst;  // the analyst's id (uuid)
  std::string import;   // the import's id (uuid)
  std::string project;  // the project the editions belong to (uuid)
  std::string person;   // a contact person of the first client's (uuid)
  std::string group;    // the first group (uuid)
  std::string manager_token;
  std::string analyst_token;
  std::string admin_token;
  std::string accountant_token;

  std::map<std::string, std::shared_ptr<grpc::Channel>> channels;
  std::set<std::string> loaded;

  // One channel per service for every call, as a client keeps it.
  std::shared_ptr<grpc::Channel> Channel(const std::string& service) {
    auto& channel = channels[service];
    if (!channel) {
      channel = stack.Channel(service);
    }
    return channel;
  }

  pqxx::connection& Db(const std::string& service) {
    auto& conn = db[service];
    if (!conn) {
      conn = std::make_unique<pqxx::connection>(stack.DatabaseUrl(service));
    }
    return *conn;
  }
};

// One List RPC measured: which load it needs, its first page over gRPC (returns the number of
// items; throws on an error) and the same page as plain SQL.
struct Entry {
  std::string rpc;
  std::string service;
  std::string load;    // a key of Loads()
  std::string caller;  // who calls, for the output
  std::function<int(World&)> first_page;
  std::function<std::string(World&)> raw_sql;
  bool catalogue = false;  // loaded with CatalogueRows(), not `rows`
};

void Check(const grpc::Status& status, const std::string& rpc) {
  if (!status.ok()) {
    throw std::runtime_error(rpc + ": " + std::to_string(status.error_code()) + " " +
                             status.error_message());
  }
}

// Catalogues (staff, departments, projects, reasons) hold thousands of rows, not millions: they
// are loaded with at most this many.
constexpr long long kCatalogueCap = 10000;
long long CatalogueRows(const World& w) { return std::min(w.rows, kCatalogueCap); }

// --- loads -----------------------------------------------------------------------------------

// Runs the load `name` (a key of Loads()) unless it ran already.
void Need(World& w, const std::string& name);

// Planning: the kClients clients and the edition every record refers to.
void LoadPlanningClients(World& w) {
  pqxx::work tx(w.Db("planning"));
  tx.exec_params0(
      "INSERT INTO clients (id, display_name)"
      " SELECT md5('client' || i)::uuid, 'СтройМаш ' || i FROM generate_series(0, $1 - 1) i",
      kClients);
  tx.exec0(
      "INSERT INTO editions (id, project_id, display_name, currency_code, price_per_m2)"
      " VALUES (md5('edition')::uuid, md5('project')::uuid, 'СтройЭкспо-2026', 'RUB', 800000)");
  tx.commit();
}

// Planning: `rows` tasks (contacts) over kManagers managers, kClients clients and three years,
// all planned (most of them overdue now).
void LoadContacts(World& w) {
  Need(w, "planning clients");
  auto& conn = w.Db("planning");
  LoadInChunks(conn, w.rows,
               "INSERT INTO contacts (id, client_id, project_id, edition_id, type, purpose,"
               " purpose_kind, scheduled_time, owner_id, state, create_time, duration_s)"
               " SELECT md5('contact' || i)::uuid, md5('client' || (i % " +
                   std::to_string(kClients) +
                   "))::uuid, md5('project')::uuid, md5('edition')::uuid, 'CALL',"
                   " 'Предложить участие', 'SEND_OFFER',"
                   " timestamptz '2024-01-01 06:00:00+00' + (i % 1096) * interval '1 day'"
                   "   + ((i / 1096) % 600) * interval '1 minute',"
                   " md5('manager' || (i % " +
                   std::to_string(kManagers) +
                   "))::uuid, 'PLANNED', now(), 1800"
                   " FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"clients", "editions", "contacts"});
}

// Planning: `rows` readiness changes and as many ratings over the kClients clients, one a minute.
void LoadAssessments(World& w) {
  Need(w, "planning clients");
  auto& conn = w.Db("planning");
  const std::string client = "md5('client' || (i % " + std::to_string(kClients) + "))::uuid";
  LoadInChunks(conn, w.rows,
               "INSERT INTO readiness_changes (id, client_id, project_id, edition_id, level,"
               " comment, recorded_by, record_time)"
               " SELECT md5('readiness' || i)::uuid, " +
                   client +
                   ", md5('project')::uuid, md5('edition')::uuid,"
                   " (ARRAY['COLD', 'COOL', 'WARM', 'HOT'])[1 + i % 4], 'Обсудили площадь',"
                   " 'employees/' || md5('manager0')::uuid,"
                   " timestamptz '2024-01-01 06:00:00+00' + i * interval '1 minute'"
                   " FROM generate_series($1::bigint, $2::bigint) i");
  LoadInChunks(conn, w.rows,
               "INSERT INTO ratings (id, client_id, target, subject, score, comment, recorded_by,"
               " record_time)"
               " SELECT md5('rating' || i)::uuid, " +
                   client +
                   ", (ARRAY['MANAGER', 'PROJECT', 'COMPANY'])[1 + i % 3], '', 1 + i % 5,"
                   " 'Доволен стендом', 'employees/' || md5('manager0')::uuid,"
                   " timestamptz '2024-01-01 06:00:00+00' + i * interval '1 minute'"
                   " FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"readiness_changes", "ratings"});
}

// Planning: a sale on each of the first `rows` tasks (by their owner, at their time), each with
// the history entry of its recording.
void LoadSales(World& w) {
  Need(w, "planning contacts");
  auto& conn = w.Db("planning");
  LoadInChunks(conn, w.rows,
               "INSERT INTO sales (id, contact_id, client_id, project_id, edition_id, manager_id,"
               " area_dm2, stand_number, currency_code, price_per_m2, list_price_per_m2,"
               " space_amount, net_amount, vat_rate_bp, vat_amount, total_amount, sale_time,"
               " update_time)"
               " SELECT md5('sale' || i)::uuid, c.id, c.client_id, c.project_id, c.edition_id,"
               " c.owner_id, 1200, 'A-' || i, 'RUB', 800000, 800000, 9600000, 9600000, 2000,"
               " 1920000, 11520000, c.scheduled_time, c.scheduled_time"
               " FROM generate_series($1::bigint, $2::bigint) i"
               " JOIN contacts c ON c.id = md5('contact' || i)::uuid");
  LoadInChunks(conn, w.rows,
               "INSERT INTO sale_history (sale_id, version, change, actor, change_time, snapshot)"
               " SELECT s.id, 1, 'recorded', 'employees/' || s.manager_id, s.sale_time,"
               " to_jsonb(s) FROM generate_series($1::bigint, $2::bigint) i"
               " JOIN sales s ON s.id = md5('sale' || i)::uuid");
  Analyze(conn, {"sales", "sale_history"});
}

// Documents: `rows` invoices of one issuer over three years, each of its own sale, by the sale's
// manager (the first manager's are every hundredth). The stored PDF is a few bytes: the list never
// reads it.
void LoadDocuments(World& w) {
  auto& conn = w.Db("documents");
  {
    pqxx::work tx(conn);
    tx.exec0(
        "INSERT INTO issuers (id, legal_name, inn, kpp, address, bank_name, bik,"
        " settlement_account, correspondent_account, is_primary)"
        " VALUES (md5('issuer')::uuid, 'ООО «Экспо»', '6315000001', '631501001', 'г. Самара',"
        " 'ПАО СБЕРБАНК', '044525225', '40702810000000000001', '30101810400000000225', true)");
    tx.exec_params0(
        "INSERT INTO document_counters (issuer_id, doc_type, year, last_number)"
        " SELECT md5('issuer')::uuid, 'INVOICE', y, $1 FROM generate_series(2024, 2026) y",
        w.rows);
    tx.commit();
  }
  LoadInChunks(
      conn, w.rows,
      "INSERT INTO documents (id, doc_type, issuer_id, year, sequence_number, number, issue_date,"
      " sale_id, client, client_legal_name, edition_display_name, currency_code, net_amount,"
      " vat_rate_bp, vat_amount, total_amount, total_in_words, file_name, content_type, content,"
      " sha256, snapshot, source_event_id, manager, manager_id, edition, status)"
      " SELECT md5('document' || i)::uuid, 'INVOICE', md5('issuer')::uuid,"
      " 2024 + (i % 3)::int, i, 'СЧ-' || i, date '2024-01-01' + ((i % 3) * 365 + (i / 3) % "
      "365)::int,"
      " md5('sale' || i)::uuid, 'clients/' || md5('client' || (i % " +
          std::to_string(kClients) +
          "))::uuid, 'ООО «СтройМаш»', 'СтройЭкспо-2026', 'RUB', 9600000, 2000, 1920000, 11520000,"
          " 'сто пятнадцать тысяч двести рублей 00 копеек', 'invoice-' || i || '.pdf',"
          " 'application/pdf', '\\x255044462d312e37'::bytea, md5('d' || i) || md5('e' || i),"
          " '{}', 'event-' || i, 'employees/' || md5('manager' || (i % " +
          std::to_string(kManagers) + "))::uuid, md5('manager' || (i % " +
          std::to_string(kManagers) +
          "))::uuid, 'projects/' || md5('project')::uuid || '/editions/' || md5('edition')::uuid,"
          " 'ISSUED' FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"issuers", "documents"});
}

// Registry: the kClients clients (the same ids planning and documents refer to).
void LoadRegistryClients(World& w) {
  pqxx::work tx(w.Db("registry"));
  tx.exec_params0(
      "INSERT INTO clients (id, display_name, legal_name, inn, kpp, created_by, updated_by)"
      " SELECT md5('client' || i)::uuid, 'СтройМаш ' || i, 'ООО «СтройМаш ' || i || '»',"
      " (1000000000 + i)::text, '631501001', 'employees/bench', 'employees/bench'"
      " FROM generate_series(0, $1 - 1) i",
      kClients);
  tx.commit();
}

// Registry: `rows` contact persons over the kClients clients.
void LoadContactPersons(World& w) {
  Need(w, "registry clients");
  auto& conn = w.Db("registry");
  LoadInChunks(conn, w.rows,
               "INSERT INTO contact_persons (id, client_id, full_name, position, created_by)"
               " SELECT md5('person' || i)::uuid, md5('client' || (i % " +
                   std::to_string(kClients) +
                   "))::uuid, 'Иванов Иван ' || i, 'Директор по маркетингу', 'employees/bench'"
                   " FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"clients", "contact_persons"});
}

// Registry: `rows` versions of the kClients clients' cards (each client's versions numbered from
// 1 on), a change a minute.
void LoadClientHistory(World& w) {
  Need(w, "registry clients");
  auto& conn = w.Db("registry");
  const std::string clients = std::to_string(kClients);
  LoadInChunks(conn, w.rows,
               "INSERT INTO client_history (client_id, version, change, changed_by, changed_at,"
               " snapshot)"
               " SELECT md5('client' || (i % " +
                   clients + "))::uuid, 1 + i / " + clients +
                   ", 'updated', 'employees/bench',"
                   " timestamptz '2024-01-01 06:00:00+00' + i * interval '1 minute',"
                   " jsonb_build_object('displayName', 'СтройМаш ' || i)"
                   " FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"client_history"});
}

// Registry: one import of `rows` rows from a CSV file, dry-run done (every row with its outcome).
void LoadImportRows(World& w) {
  auto& conn = w.Db("registry");
  {
    pqxx::work tx(conn);
    tx.exec_params0(
        "INSERT INTO client_imports (id, file_name, file_format, encoding, delimiter, file_sha256,"
        " file_bytes, columns, column_mappings, existing_policy, state, total_rows, created_by)"
        " VALUES (md5('import')::uuid, 'clients.csv', 'csv', 'UTF-8', ';', md5('a') || md5('b'),"
        " $1::bigint * 120, '[]', '[]', 'skip', 'dry_run_done', $1, $2)",
        w.rows, "employees/" + w.analyst);
    tx.commit();
  }
  LoadInChunks(conn, w.rows,
               "INSERT INTO client_import_rows (import_id, row_number, display_name, legal_name,"
               " inn, kpp, outcome)"
               " SELECT md5('import')::uuid, i, 'СтройМаш ' || i, 'ООО «СтройМаш ' || i || '»',"
               " (2000000000 + i)::text, '631501001', 'created'"
               " FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"client_imports", "client_import_rows"});
}

// Registry: `rows` versions of the contact persons 1..1000 (each person's numbered from 1 on).
void LoadResourceHistory(World& w) {
  Need(w, "registry contact persons");
  auto& conn = w.Db("registry");
  LoadInChunks(conn, w.rows,
               "INSERT INTO resource_history (resource_kind, resource_id, version, change,"
               " changed_by, changed_at, snapshot, field_changes)"
               " SELECT 'contact_person', md5('person' || (1 + i % 1000))::uuid, 1 + i / 1000,"
               " 'updated', 'employees/bench',"
               " timestamptz '2024-01-01 06:00:00+00' + i * interval '1 minute',"
               " jsonb_build_object('fullName', 'Иванов Иван ' || i),"
               " jsonb_build_array(jsonb_build_object('field', 'full_name', 'before', '\"\"',"
               " 'after', '\"Иванов Иван ' || i || '\"'))"
               " FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"resource_history"});
}

// Registry: `rows` / kClients shared groups, each with every one of the kClients clients as a
// member (`rows` memberships in all).
void LoadGroups(World& w) {
  Need(w, "registry clients");
  auto& conn = w.Db("registry");
  const long long groups = std::max(1LL, w.rows / kClients);
  {
    pqxx::work tx(conn);
    tx.exec_params0(
        "INSERT INTO client_groups (id, display_name, kind, created_by, updated_by)"
        " SELECT md5('group' || i)::uuid, 'Застройщики ' || i,"
        " (ARRAY['geography', 'industry', 'other'])[1 + i % 3], 'employees/bench',"
        " 'employees/bench' FROM generate_series(1, $1::bigint) i",
        groups);
    tx.commit();
  }
  const std::string clients = std::to_string(kClients);
  LoadInChunks(conn, groups * kClients,
               "INSERT INTO client_group_members (group_id, client_id, added_by)"
               " SELECT md5('group' || (1 + (i - 1) / " +
                   clients + "))::uuid, md5('client' || ((i - 1) % " + clients +
                   "))::uuid, 'employees/bench' FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"client_groups", "client_group_members"});
}

// Registry's shared mailing selections: CatalogueRows() of them.
void LoadMailingSelections(World& w) {
  auto& conn = w.Db("registry");
  pqxx::work tx(conn);
  tx.exec_params0(
      "INSERT INTO mailing_selections (id, display_name, filter, created_by, updated_by)"
      " SELECT md5('selection' || i)::uuid, 'Застройщики Поволжья ' || i,"
      " '{\"regionCodes\": [\"63\"]}', 'employees/bench', 'employees/bench'"
      " FROM generate_series(1, $1::bigint) i",
      CatalogueRows(w));
  tx.commit();
  Analyze(conn, {"mailing_selections"});
}

// Registry's catalogues, each of CatalogueRows() rows: employees, departments, projects and the
// editions of one project.
void LoadRegistryCatalogues(World& w) {
  auto& conn = w.Db("registry");
  pqxx::work tx(conn);
  const long long n = CatalogueRows(w);
  tx.exec_params0(
      "INSERT INTO employees (id, full_name, email, created_by, roles)"
      " SELECT md5('employee' || i)::uuid, 'Петров Пётр ' || i, 'employee' || i || '@expo.example',"
      " 'employees/bench', '{sales_manager}' FROM generate_series(1, $1::bigint) i",
      n);
  tx.exec_params0(
      "INSERT INTO departments (id, display_name, created_by, updated_by)"
      " SELECT md5('department' || i)::uuid, 'Отдел продаж ' || i, 'employees/bench',"
      " 'employees/bench' FROM generate_series(1, $1::bigint) i",
      n);
  tx.exec_params0(
      "INSERT INTO projects (id, display_name, created_by)"
      " SELECT md5('project' || i)::uuid, 'СтройЭкспо ' || i, 'employees/bench'"
      " FROM generate_series(1, $1::bigint) i",
      n);
  tx.exec0(
      "INSERT INTO projects (id, display_name, created_by)"
      " VALUES (md5('project')::uuid, 'СтройЭкспо', 'employees/bench')");
  tx.exec_params0(
      "INSERT INTO editions (id, project_id, display_name, start_date, end_date,"
      " price_per_m2_minor, created_by)"
      " SELECT md5('edition' || i)::uuid, md5('project')::uuid, 'СтройЭкспо-' || (1990 + i),"
      " date '1990-03-01' + (i * 365)::int, date '1990-03-04' + (i * 365)::int, 800000,"
      " 'employees/bench' FROM generate_series(1, $1::bigint) i",
      n);
  tx.commit();
  Analyze(conn, {"employees", "departments", "projects", "editions"});
}

// Planning's refusal reasons: CatalogueRows() of them, both scopes.
void LoadRefusalReasons(World& w) {
  auto& conn = w.Db("planning");
  pqxx::work tx(conn);
  tx.exec_params0(
      "INSERT INTO refusal_reasons (id, scope, display_name, create_time)"
      " SELECT md5('reason' || i)::uuid, (ARRAY['PARTICIPATION', 'VISIT'])[1 + i % 2],"
      " 'Нет бюджета ' || i, timestamptz '2024-01-01 06:00:00+00' + i * interval '1 minute'"
      " FROM generate_series(1, $1::bigint) i",
      CatalogueRows(w));
  tx.commit();
  Analyze(conn, {"refusal_reasons"});
}

// Accounting: one bank statement of `rows` payments, a tenth of them incoming and unmatched.
void LoadPayments(World& w) {
  auto& conn = w.Db("accounting");
  pqxx::nontransaction(conn).exec0(
      "INSERT INTO bank_statements (id, file_name, sha256, size_bytes, code_page, start_date,"
      " end_date, accounts, document_count, imported_count, imported_by, content)"
      " VALUES (md5('statement')::uuid, 'kl_to_1c.txt', md5('a') || md5('b'), 1, 'Windows',"
      " '2026-01-01', '2026-12-31', '{40702810000000000001}', 0, 0, 'employees/bench', '')");
  LoadInChunks(
      conn, w.rows,
      "INSERT INTO payments (id, statement_id, line, direction, document_kind, number,"
      " payment_date, amount_kopecks, payer_account, payer_inn, payer_kpp, payer_name, payer_bank,"
      " payer_bik, payee_account, payee_inn, payee_kpp, payee_name, payee_bank, payee_bik,"
      " purpose, fields, match_state, unallocated_kopecks, create_time)"
      " SELECT md5('payment' || i)::uuid, md5('statement')::uuid, i, 'incoming',"
      " 'Платежное поручение', i::text, date '2024-01-01' + (i % 1096)::int, 100000 + i,"
      " '40702810' || lpad(i::text, 12, '0'), '7707083893', '773601001', 'ООО «СтройМаш»',"
      " 'ПАО СБЕРБАНК', '044525225', '40702810000000000001', '6315000001', '631501001',"
      " 'ООО «Экспо»', 'ПАО СБЕРБАНК', '044525225', 'Оплата по счету № ' || i, '{}',"
      " CASE WHEN i % 10 = 0 THEN 'unmatched' ELSE 'matched' END,"
      " CASE WHEN i % 10 = 0 THEN 100000 + i ELSE 0 END,"
      " timestamptz '2024-01-01 06:00:00+00' + i * interval '1 minute'"
      " FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"bank_statements", "payments"});
}

// Accounting: `rows` documents exported to 1C.
void LoadExports(World& w) {
  auto& conn = w.Db("accounting");
  LoadInChunks(conn, w.rows,
               "INSERT INTO exports (id, document_id, document_number, file_name, sha256,"
               " size_bytes, source_event_id, content, create_time, operation)"
               " SELECT md5('export' || i)::uuid, md5('document' || i)::uuid, 'СЧ-' || i,"
               " 'invoice-' || i || '.xml', md5('e' || i) || md5('f' || i), 2048,"
               " 'event-' || i, '<КоммерческаяИнформация/>',"
               " timestamptz '2024-01-01 06:00:00+00' + i * interval '1 minute', 'issue'"
               " FROM generate_series($1::bigint, $2::bigint) i");
  Analyze(conn, {"exports"});
}

std::map<std::string, std::function<void(World&)>> Loads() {
  return {{"planning clients", LoadPlanningClients},
          {"planning contacts", LoadContacts},
          {"planning assessments", LoadAssessments},
          {"planning sales", LoadSales},
          {"documents", LoadDocuments},
          {"registry clients", LoadRegistryClients},
          {"registry contact persons", LoadContactPersons},
          {"registry client history", LoadClientHistory},
          {"registry import rows", LoadImportRows},
          {"registry catalogues", LoadRegistryCatalogues},
          {"registry resource history", LoadResourceHistory},
          {"registry mailing selections", LoadMailingSelections},
          {"registry groups", LoadGroups},
          {"planning refusal reasons", LoadRefusalReasons},
          {"accounting payments", LoadPayments},
          {"accounting exports", LoadExports}};
}

void Need(World& w, const std::string& name) {
  if (!w.loaded.insert(name).second) {
    return;
  }
  const auto started = SteadyClock::now();
  Loads().at(name)(w);
  std::printf("loaded %s in %.1f s\n", name.c_str(), Seconds(started));
  std::fflush(stdout);
}

// --- entries ---------------------------------------------------------------------------------

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

std::vector<Entry> Entries() {
  std::vector<Entry> entries;

  entries.push_back(
      {"ListContacts", "planning", "planning contacts", "a sales manager, their own tasks",
       [](World& w) {
         auto stub = planning::PlanningService::NewStub(w.Channel("planning"));
         planning::ListContactsRequest request;
         planning::ListContactsResponse response;
         Check(stub->ListContacts(Ctx(w.manager_token).get(), request, &response), "ListContacts");
         return response.contacts_size();
       },
       [](World& w) {
         return "SELECT * FROM contacts WHERE owner_id = " + Quoted(w.manager) +
                " ORDER BY scheduled_time, id LIMIT " + std::to_string(kPageSize);
       }});

  entries.push_back(
      {"ListCalendar", "planning", "planning contacts", "a sales manager, their month",
       [](World& w) {
         auto stub = planning::CalendarService::NewStub(w.Channel("planning"));
         planning::ListCalendarRequest request;
         request.set_owner("employees/" + w.manager);
         request.set_period(planning::CALENDAR_PERIOD_MONTH);
         request.mutable_date()->set_year(2025);
         request.mutable_date()->set_month(3);
         request.mutable_date()->set_day(1);
         planning::ListCalendarResponse response;
         Check(stub->ListCalendar(Ctx(w.manager_token).get(), request, &response), "ListCalendar");
         return response.contacts_size();
       },
       [](World& w) {
         return "SELECT * FROM contacts WHERE owner_id = " + Quoted(w.manager) +
                " AND scheduled_time >= '2025-03-01' AND scheduled_time < '2025-04-01'"
                " ORDER BY scheduled_time, id LIMIT " +
                std::to_string(kPageSize);
       }});

  entries.push_back(
      {"ListOverdueContacts", "planning", "planning contacts", "a sales manager, their own tasks",
       [](World& w) {
         auto stub = planning::CalendarService::NewStub(w.Channel("planning"));
         planning::ListOverdueContactsRequest request;
         planning::ListOverdueContactsResponse response;
         Check(stub->ListOverdueContacts(Ctx(w.manager_token).get(), request, &response),
               "ListOverdueContacts");
         return response.contacts_size();
       },
       [](World& w) {
         return "SELECT * FROM contacts WHERE state = 'PLANNED' AND scheduled_time < now()"
                " AND owner_id = " +
                Quoted(w.manager) + " ORDER BY scheduled_time, id LIMIT " +
                std::to_string(kPageSize);
       }});

  entries.push_back(
      {"ListClientTimeline", "planning", "planning contacts",
       "a sales manager, a client's contacts they own",
       [](World& w) {
         auto stub = planning::CalendarService::NewStub(w.Channel("planning"));
         planning::ListClientTimelineRequest request;
         request.set_client("clients/" + w.client);
         planning::ListClientTimelineResponse response;
         Check(stub->ListClientTimeline(Ctx(w.manager_token).get(), request, &response),
               "ListClientTimeline");
         return response.contacts_size();
       },
       [](World& w) {
         return "SELECT * FROM contacts WHERE client_id = " + Quoted(w.client) +
                " AND owner_id = " + Quoted(w.manager) +
                " ORDER BY scheduled_time DESC, id DESC LIMIT " + std::to_string(kPageSize);
       }});

  entries.push_back(
      {"ListReadinessHistory", "planning", "planning assessments",
       "a sales manager, a client's readiness",
       [](World& w) {
         auto stub = planning::AssessmentService::NewStub(w.Channel("planning"));
         planning::ListReadinessHistoryRequest request;
         request.set_client("clients/" + w.client);
         planning::ListReadinessHistoryResponse response;
         Check(stub->ListReadinessHistory(Ctx(w.manager_token).get(), request, &response),
               "ListReadinessHistory");
         return response.changes_size();
       },
       [](World& w) {
         return "SELECT * FROM readiness_changes WHERE client_id = " + Quoted(w.client) +
                " ORDER BY record_time DESC, id DESC LIMIT " + std::to_string(kPageSize);
       }});

  entries.push_back(
      {"ListRatings", "planning", "planning assessments", "a sales manager, a client's ratings",
       [](World& w) {
         auto stub = planning::AssessmentService::NewStub(w.Channel("planning"));
         planning::ListRatingsRequest request;
         request.set_client("clients/" + w.client);
         planning::ListRatingsResponse response;
         Check(stub->ListRatings(Ctx(w.manager_token).get(), request, &response), "ListRatings");
         return response.ratings_size();
       },
       [](World& w) {
         return "SELECT * FROM ratings WHERE client_id = " + Quoted(w.client) +
                " ORDER BY record_time DESC, id DESC LIMIT " + std::to_string(kPageSize);
       }});

  entries.push_back({"ListSales", "planning", "planning sales", "a sales manager, their own sales",
                     [](World& w) {
                       auto stub = planning::PlanningService::NewStub(w.Channel("planning"));
                       planning::ListSalesRequest request;
                       planning::ListSalesResponse response;
                       Check(stub->ListSales(Ctx(w.manager_token).get(), request, &response),
                             "ListSales");
                       return response.sales_size();
                     },
                     [](World& w) {
                       return "SELECT * FROM sales WHERE manager_id = " + Quoted(w.manager) +
                              " ORDER BY sale_time, id LIMIT " + std::to_string(kPageSize);
                     }});

  entries.push_back({"ListSaleHistory", "planning", "planning sales",
                     "a sales manager, their sale's history",
                     [](World& w) {
                       auto stub = planning::SaleService::NewStub(w.Channel("planning"));
                       planning::ListSaleHistoryRequest request;
                       request.set_name("sales/" + w.sale);
                       planning::ListSaleHistoryResponse response;
                       Check(stub->ListSaleHistory(Ctx(w.manager_token).get(), request, &response),
                             "ListSaleHistory");
                       return response.versions_size();
                     },
                     [](World& w) {
                       return "SELECT * FROM sale_history WHERE sale_id = " + Quoted(w.sale) +
                              " ORDER BY version DESC LIMIT " + std::to_string(kPageSize);
                     }});

  entries.push_back({"ListDocuments", "documents", "documents",
                     "a sales manager, their own documents",
                     [](World& w) {
                       auto stub = documents::DocumentService::NewStub(w.Channel("documents"));
                       documents::ListDocumentsRequest request;
                       documents::ListDocumentsResponse response;
                       Check(stub->ListDocuments(Ctx(w.manager_token).get(), request, &response),
                             "ListDocuments");
                       return response.documents_size();
                     },
                     [](World& w) {
                       return "SELECT * FROM documents WHERE manager_id = " + Quoted(w.manager) +
                              " ORDER BY seq DESC LIMIT " + std::to_string(kPageSize);
                     }});

  entries.push_back(
      {"ListContactPersons", "registry", "registry contact persons",
       "a sales manager, a client's people",
       [](World& w) {
         auto stub = registry::RegistryService::NewStub(w.Channel("registry"));
         registry::ListContactPersonsRequest request;
         request.set_parent("clients/" + w.client);
         registry::ListContactPersonsResponse response;
         Check(stub->ListContactPersons(Ctx(w.manager_token).get(), request, &response),
               "ListContactPersons");
         return response.contact_persons_size();
       },
       [](World& w) {
         return "SELECT * FROM contact_persons WHERE client_id = " + Quoted(w.client) +
                " AND deleted_at IS NULL ORDER BY full_name, id LIMIT " + std::to_string(kPageSize);
       }});

  entries.push_back({"ListClientHistory", "registry", "registry client history",
                     "a sales manager, a client card's versions",
                     [](World& w) {
                       auto stub = registry::RegistryService::NewStub(w.Channel("registry"));
                       registry::ListClientHistoryRequest request;
                       request.set_name("clients/" + w.client);
                       registry::ListClientHistoryResponse response;
                       Check(
                           stub->ListClientHistory(Ctx(w.manager_token).get(), request, &response),
                           "ListClientHistory");
                       return response.versions_size();
                     },
                     [](World& w) {
                       return "SELECT * FROM client_history WHERE client_id = " + Quoted(w.client) +
                              " ORDER BY version DESC LIMIT " + std::to_string(kPageSize);
                     }});

  entries.push_back(
      {"ListImportRows", "registry", "registry import rows", "an analyst, their import's rows",
       [](World& w) {
         auto stub = registry::ImportService::NewStub(w.Channel("registry"));
         registry::ListImportRowsRequest request;
         request.set_parent("imports/" + w.import);
         registry::ListImportRowsResponse response;
         Check(stub->ListImportRows(Ctx(w.analyst_token).get(), request, &response),
               "ListImportRows");
         return response.rows_size();
       },
       [](World& w) {
         return "SELECT * FROM client_import_rows WHERE import_id = " + Quoted(w.import) +
                " ORDER BY row_number LIMIT " + std::to_string(kPageSize);
       }});

  entries.push_back(
      {"ListRefusalReasons", "planning", "planning refusal reasons",
       "a sales manager, every active reason",
       [](World& w) {
         auto stub = planning::CatalogueService::NewStub(w.Channel("planning"));
         planning::ListRefusalReasonsRequest request;
         planning::ListRefusalReasonsResponse response;
         Check(stub->ListRefusalReasons(Ctx(w.manager_token).get(), request, &response),
               "ListRefusalReasons");
         return response.refusal_reasons_size();
       },
       [](World&) {
         return std::string(
                    "SELECT * FROM refusal_reasons WHERE active ORDER BY create_time, id LIMIT ") +
                std::to_string(kPageSize);
       },
       true});

  entries.push_back({"ListEmployees", "registry", "registry catalogues", "an admin, every employee",
                     [](World& w) {
                       auto stub = registry::RegistryService::NewStub(w.Channel("registry"));
                       registry::ListEmployeesRequest request;
                       registry::ListEmployeesResponse response;
                       Check(stub->ListEmployees(Ctx(w.admin_token).get(), request, &response),
                             "ListEmployees");
                       return response.employees_size();
                     },
                     [](World&) {
                       return std::string("SELECT * FROM employees ORDER BY full_name, id LIMIT ") +
                              std::to_string(kPageSize);
                     },
                     true});

  entries.push_back({"ListDepartments", "registry", "registry catalogues",
                     "an admin, every department",
                     [](World& w) {
                       auto stub = registry::StaffService::NewStub(w.Channel("registry"));
                       registry::ListDepartmentsRequest request;
                       registry::ListDepartmentsResponse response;
                       Check(stub->ListDepartments(Ctx(w.admin_token).get(), request, &response),
                             "ListDepartments");
                       return response.departments_size();
                     },
                     [](World&) {
                       return std::string(
                                  "SELECT * FROM departments WHERE deleted_at IS NULL ORDER BY "
                                  "display_name, id LIMIT ") +
                              std::to_string(kPageSize);
                     },
                     true});

  entries.push_back(
      {"ListProjects", "registry", "registry catalogues", "a sales manager, every project",
       [](World& w) {
         auto stub = registry::RegistryService::NewStub(w.Channel("registry"));
         registry::ListProjectsRequest request;
         registry::ListProjectsResponse response;
         Check(stub->ListProjects(Ctx(w.manager_token).get(), request, &response), "ListProjects");
         return response.projects_size();
       },
       [](World&) {
         return std::string("SELECT * FROM projects ORDER BY display_name, id LIMIT ") +
                std::to_string(kPageSize);
       },
       true});

  entries.push_back(
      {"ListEditions", "registry", "registry catalogues", "a sales manager, a project's editions",
       [](World& w) {
         auto stub = registry::RegistryService::NewStub(w.Channel("registry"));
         registry::ListEditionsRequest request;
         request.set_parent("projects/" + w.project);
         registry::ListEditionsResponse response;
         Check(stub->ListEditions(Ctx(w.manager_token).get(), request, &response), "ListEditions");
         return response.editions_size();
       },
       [](World&) {
         return std::string(
                    "SELECT * FROM editions WHERE project_id = md5('project')::uuid ORDER BY "
                    "start_date, id LIMIT ") +
                std::to_string(kPageSize);
       },
       true});

  entries.push_back(
      {"ListMailingSelections", "registry", "registry mailing selections",
       "a sales manager, the shared selections",
       [](World& w) {
         auto stub = registry::MailingService::NewStub(w.Channel("registry"));
         registry::ListMailingSelectionsRequest request;
         registry::ListMailingSelectionsResponse response;
         Check(stub->ListMailingSelections(Ctx(w.manager_token).get(), request, &response),
               "ListMailingSelections");
         return response.mailing_selections_size();
       },
       [](World&) {
         return "SELECT * FROM mailing_selections WHERE deleted_at IS NULL"
                " ORDER BY display_name, id LIMIT " +
                std::to_string(kPageSize);
       },
       true});

  entries.push_back(
      {"ListResourceHistory", "registry", "registry resource history",
       "a sales manager, a contact person's versions",
       [](World& w) {
         auto stub = registry::RegistryService::NewStub(w.Channel("registry"));
         registry::ListResourceHistoryRequest request;
         request.set_name("clients/" + w.client + "/contactPersons/" + w.person);
         registry::ListResourceHistoryResponse response;
         Check(stub->ListResourceHistory(Ctx(w.manager_token).get(), request, &response),
               "ListResourceHistory");
         return response.versions_size();
       },
       [](World& w) {
         return "SELECT * FROM resource_history WHERE resource_kind = 'contact_person'"
                " AND resource_id = " +
                Quoted(w.person) + " ORDER BY version DESC LIMIT " + std::to_string(kPageSize);
       }});

  entries.push_back(
      {"ListGroups", "registry", "registry groups", "a sales manager, the shared groups",
       [](World& w) {
         auto stub = registry::GroupService::NewStub(w.Channel("registry"));
         registry::ListGroupsRequest request;
         registry::ListGroupsResponse response;
         Check(stub->ListGroups(Ctx(w.manager_token).get(), request, &response), "ListGroups");
         return response.groups_size();
       },
       [](World&) {
         return "SELECT * FROM client_groups WHERE deleted_at IS NULL"
                " ORDER BY display_name, id LIMIT " +
                std::to_string(kPageSize);
       }});

  entries.push_back(
      {"ListGroupMembers", "registry", "registry groups", "a sales manager, a group's clients",
       [](World& w) {
         auto stub = registry::GroupService::NewStub(w.Channel("registry"));
         registry::ListGroupMembersRequest request;
         request.set_group("groups/" + w.group);
         registry::ListGroupMembersResponse response;
         Check(stub->ListGroupMembers(Ctx(w.manager_token).get(), request, &response),
               "ListGroupMembers");
         return response.members_size();
       },
       [](World& w) {
         return "SELECT c.id, c.display_name, c.inn, m.added_at FROM client_group_members m"
                " JOIN clients c ON c.id = m.client_id WHERE m.group_id = " +
                Quoted(w.group) + " ORDER BY c.display_name, c.id LIMIT " +
                std::to_string(kPageSize);
       }});

  entries.push_back(
      {"ListClientGroups", "registry", "registry groups", "a sales manager, a client's groups",
       [](World& w) {
         auto stub = registry::GroupService::NewStub(w.Channel("registry"));
         registry::ListClientGroupsRequest request;
         request.set_client("clients/" + w.client);
         registry::ListClientGroupsResponse response;
         Check(stub->ListClientGroups(Ctx(w.manager_token).get(), request, &response),
               "ListClientGroups");
         return response.groups_size();
       },
       [](World& w) {
         return "SELECT g.* FROM client_group_members m JOIN client_groups g ON g.id = m.group_id"
                " WHERE m.client_id = " +
                Quoted(w.client) + " ORDER BY g.display_name, g.id LIMIT " +
                std::to_string(kPageSize);
       }});

  entries.push_back({"ListPayments", "accounting", "accounting payments",
                     "an accountant, every payment",
                     [](World& w) {
                       auto stub = accounting::AccountingService::NewStub(w.Channel("accounting"));
                       accounting::ListPaymentsRequest request;
                       accounting::ListPaymentsResponse response;
                       Check(stub->ListPayments(Ctx(w.accountant_token).get(), request, &response),
                             "ListPayments");
                       return response.payments_size();
                     },
                     [](World&) {
                       return "SELECT * FROM payments ORDER BY create_time DESC, id DESC LIMIT " +
                              std::to_string(kPageSize);
                     }});

  entries.push_back(
      {"ListExports", "accounting", "accounting exports", "an accountant, every export",
       [](World& w) {
         auto stub = accounting::AccountingService::NewStub(w.Channel("accounting"));
         accounting::ListExportsRequest request;
         accounting::ListExportsResponse response;
         Check(stub->ListExports(Ctx(w.accountant_token).get(), request, &response), "ListExports");
         return response.exports_size();
       },
       [](World&) {
         return "SELECT * FROM exports ORDER BY create_time DESC, id DESC LIMIT " +
                std::to_string(kPageSize);
       }});

  return entries;
}

// --- measuring -------------------------------------------------------------------------------

std::vector<double> TimeCalls(int calls, const std::function<void()>& call) {
  for (int i = 0; i < kWarmUpCalls; ++i) {
    call();
  }
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(calls));
  for (int i = 0; i < calls; ++i) {
    const auto started = SteadyClock::now();
    call();
    ms.push_back(Seconds(started) * 1000);
  }
  return ms;
}

std::set<std::string> Names(const char* list) {
  std::set<std::string> names;
  std::stringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    if (!name.empty()) {
      names.insert(name);
    }
  }
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  const long long rows = argc > 1 ? std::max(1LL, std::atoll(argv[1])) : 1000000;
  const int calls = argc > 2 ? std::max(1, std::atoi(argv[2])) : 200;
  const std::set<std::string> only = argc > 3 ? Names(argv[3]) : std::set<std::string>{};
  crm::common::log::Init("crm-bench-list", "warn");

  std::vector<Entry> entries = Entries();
  std::erase_if(entries, [&](const Entry& e) { return !only.empty() && !only.contains(e.rpc); });

  crm::testing::Stack stack;
  World world{.stack = stack, .rows = rows};
  world.manager = IdOf(world.Db("planning"), "manager", 0);
  world.client = IdOf(world.Db("planning"), "client", 0);
  // Task i belongs to manager i % kManagers: the first manager's first sale is on task 100.
  world.sale = IdOf(world.Db("planning"), "sale", kManagers);
  world.manager_token = crm::testing::TokenFor("employees/" + world.manager, {Role::kSalesManager});
  world.analyst = IdOf(world.Db("planning"), "analyst", 0);
  world.import = pqxx::nontransaction(world.Db("planning"))
                     .exec1("SELECT md5('import')::uuid::text")[0]
                     .as<std::string>();
  world.project = pqxx::nontransaction(world.Db("planning"))
                      .exec1("SELECT md5('project')::uuid::text")[0]
                      .as<std::string>();
  // Person i works for client i % kClients: person 1000 for the first client.
  world.person = IdOf(world.Db("planning"), "person", kClients);
  world.group = IdOf(world.Db("planning"), "group", 1);
  world.analyst_token = crm::testing::TokenFor("employees/" + world.analyst, {Role::kAnalyst});
  world.accountant_token = crm::testing::TokenFor(
      "employees/" + IdOf(world.Db("planning"), "accountant", 0), {Role::kAccountant});
  world.admin_token =
      crm::testing::TokenFor("employees/" + IdOf(world.Db("planning"), "admin", 0), {Role::kAdmin});

  std::printf("\nfirst page (%d items asked for by default), %d calls after %d warm-up calls\n",
              kPageSize, calls, kWarmUpCalls);
  std::printf("%-30s %6s %9s %9s %9s %9s %7s  %s\n", "rpc", "items", "p50 ms", "p99 ms", "raw p50",
              "raw p99", "x raw", "caller");
  std::map<std::string, const Entry*> by_rpc;
  for (const auto& entry : entries) {
    by_rpc[entry.rpc] = &entry;
  }
  for (const auto& [service, rpcs] : kListRpcs) {
    for (const auto& rpc : rpcs) {
      std::string full_name = service;
      full_name += "." + rpc;
      const auto found = by_rpc.find(rpc);
      if (found == by_rpc.end()) {
        if (only.empty()) {
          std::printf("%-30s not measured yet\n", full_name.c_str());
        }
        continue;
      }
      const Entry& entry = *found->second;
      // Each table is loaded when the first list over it is measured, so the figures come out
      // one by one on a long run.
      Need(world, entry.load);
      int items = 0;
      const auto grpc_ms = TimeCalls(calls, [&] { items = entry.first_page(world); });
      pqxx::connection& conn = world.Db(entry.service);
      const std::string sql = entry.raw_sql(world);
      const auto raw_ms = TimeCalls(calls, [&] { pqxx::nontransaction(conn).exec(sql); });
      const auto p = PercentilesOf(grpc_ms);
      const auto raw = PercentilesOf(raw_ms);
      std::printf("%-30s %6d %9.2f %9.2f %9.2f %9.2f %7.1f  %s\n", full_name.c_str(), items, p.p50,
                  p.p99, raw.p50, raw.p99, p.p99 / raw.p99, entry.caller.c_str());
      std::fflush(stdout);
      crm::bench::Report(
          {.name = rpc + " first page p99",
           .value = p.p99,
           .unit = "ms",
           .better = crm::bench::Better::kLower,
           .goal = crm::bench::Goal::Value(20),
           .raw = raw.p99,
           .raw_name = "the same page as plain SQL on one connection",
           .scale = std::to_string(entry.catalogue ? CatalogueRows(world) : rows) + " rows"});
    }
  }
  return 0;
}
