// Every List RPC's first page over the real five services (separate processes, tests/e2e/stack.h)
// at a large table, beside the same first page read as plain SQL on one connection.
//
//   build-test/bin/crm-bench-list [rows=1000000] [calls=200] [only=ListContacts,ListSales,...]
//
// For each of the 41 List RPCs of the public API the program holds one entry: the load it needs
// (a table of loads: the service's database, the loads needed first, the seed statements, each an
// INSERT ... SELECT generate_series run in chunks of 100,000 rows, indexes as the migrations left
// them, then VACUUM ANALYZE of the tables), the caller the RPC's access rule filters for (a sales
// manager for lists of their own records, an analyst, accountant or admin where nothing is
// filtered by owner), the RPC's first page at the default page size (50) over gRPC, and the raw
// baseline: a plain `SELECT * FROM <table> WHERE <the page's own rows> ORDER BY <the list's order>
// LIMIT 50` on one libpq connection to the same database. Rows are spread over 100 managers and
// 1,000 clients, an edition's rows (stands, budget costs, analytics' assessments) over 100
// editions; the measured caller is the first manager, the client the first client and the edition
// the first, so a manager's list reads 1 % of the table and a client's list 0.1 %. Catalogues
// (staff, departments and their members, projects, a project's team, editions, competitors'
// exhibitions, refusal reasons, mailing selections, issuers, document templates) are loaded with
// at most 10,000 rows: they do not grow to millions. Groups: rows / 1,000 groups, each with all
// 1,000 clients as members, every tenth a target group of the project measured. Entries over one
// table share its load. Each entry makes 20 warm-up calls, then times `calls` calls of each and
// prints p50/p99 of both; the figure "<RPC> first page p99" carries the goal p99 < 20 ms (issue
// "Performance", reads). A List RPC without an entry would be printed as "not measured yet".
// `only` limits the run to the named RPCs (and their loads).
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
#include <type_traits>
#include <vector>

#include "common/auth/auth.h"
#include "common/core/log.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"
#include "crm/documents/v1/documents.grpc.pb.h"
#include "crm/planning/v1/assessments.grpc.pb.h"
#include "crm/planning/v1/calendar.grpc.pb.h"
#include "crm/planning/v1/catalogues.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "crm/planning/v1/redirects.grpc.pb.h"
#include "crm/planning/v1/sales.grpc.pb.h"
#include "crm/planning/v1/stands.grpc.pb.h"
#include "crm/registry/v1/exhibitions.grpc.pb.h"
#include "crm/registry/v1/groups.grpc.pb.h"
#include "crm/registry/v1/import.grpc.pb.h"
#include "crm/registry/v1/mailing.grpc.pb.h"
#include "crm/registry/v1/quality.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "crm/registry/v1/staff.grpc.pb.h"
#include "tests/e2e/flow.h"
#include "tests/e2e/stack.h"
#include "tests/support/service_harness.h"
#include "tools/bench/bench_report.h"
#include "tools/bench/bench_stats.h"

namespace {

namespace accounting = crm::accounting::v1;
namespace analytics = crm::analytics::v1;
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

// What the entries share: the stack, the data's ids and the callers' tokens.
struct World {
  crm::testing::Stack& stack;
  long long rows = 0;
  std::map<std::string, std::unique_ptr<pqxx::connection>> db;
  // The ids the requests name, each also a {token} of the seed and raw SQL (Expand()).
  std::map<std::string, std::string> ids;
  std::string manager_token;
  std::string analyst_token;
  std::string admin_token;
  std::string accountant_token;

  std::map<std::string, std::shared_ptr<grpc::Channel>> channels;
  std::set<std::string> loaded;

  const std::string& Id(const std::string& name) const { return ids.at(name); }

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

// Catalogues (staff, departments, projects, reasons) hold thousands of rows, not millions: they
// are loaded with at most this many.
constexpr long long kCatalogueCap = 10000;
long long Rows(const World& w) { return w.rows; }
long long CatalogueRows(const World& w) { return std::min(w.rows, kCatalogueCap); }
// Groups: one per kClients rows, each with every client as a member.
long long Groups(const World& w) { return std::max(1LL, w.rows / kClients); }
long long Memberships(const World& w) { return Groups(w) * kClients; }

// `text` with each {name} replaced: {rows}, {catalogue}, {groups}, {clients} and {managers} by
// the sizes, a name of World::ids by its uuid; any other brace (a JSON object, an array literal)
// is left as it is.
std::string Expand(const World& w, std::string text) {
  std::map<std::string, std::string> values = {{"rows", std::to_string(Rows(w))},
                                               {"catalogue", std::to_string(CatalogueRows(w))},
                                               {"groups", std::to_string(Groups(w))},
                                               {"clients", std::to_string(kClients)},
                                               {"managers", std::to_string(kManagers)}};
  values.insert(w.ids.begin(), w.ids.end());
  for (std::size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
    const std::size_t close = text.find('}', at);
    if (close == std::string::npos) {
      break;
    }
    const auto value = values.find(text.substr(at + 1, close - at - 1));
    if (value != values.end()) {
      text.replace(at, close - at + 1, value->second);
    }
  }
  return text;
}

// --- loads -----------------------------------------------------------------------------------
//
// A load is data: the service's database, the loads it needs first, its seed statements and the
// tables analyzed after them. A seed statement with a count runs over [1, count(w)] in chunks of
// 100,000 rows ($1, $2 the chunk's first and last row); one without runs once. Row i of a table
// has the id md5('<prefix>' || i); task, sale and the rest of row i belong to manager
// i % kManagers and client i % kClients, so the first of each is every hundredth / thousandth row.

using Count = long long (*)(const World&);

struct Seed {
  std::string sql;
  Count count = nullptr;
};

struct Load {
  std::string service;
  std::vector<std::string> needs;
  std::vector<Seed> seeds;
  std::vector<std::string> analyze;
};

// A row's time: one a minute from the start of 2024.
const std::string kMinute = "timestamptz '2024-01-01 06:00:00+00' + i * interval '1 minute'";
// Row i's manager and client.
const std::string kManagerOfRow = "md5('manager' || (i % {managers}))::uuid";
const std::string kClientOfRow = "md5('client' || (i % {clients}))::uuid";
// The kManagers managers as employees (registry, analytics).
const std::string kManagerIds =
    "SELECT md5('manager' || k)::uuid AS id, 'Менеджер ' || k AS full_name"
    " FROM generate_series(0, {managers} - 1) k";
// Edition k of the hundred an edition's rows are spread over (stands, budgets, funnels): k = i %
// 100; the measured one is {edition}, edition 0.
const std::string kEditionOfRow =
    "'projects/' || md5('project')::uuid || '/editions/' || md5('edition' || (i % 100))::uuid";
const std::string kEditionRows = " FROM generate_series(0, 99) i";
const std::string kSeries = " FROM generate_series($1::bigint, $2::bigint) i";

std::map<std::string, Load> Loads() {
  std::map<std::string, Load> loads;
  // Planning: the clients and the edition every record refers to, and the hundred editions the
  // stands are spread over.
  loads["planning clients"] = {
      "planning",
      {},
      {{"INSERT INTO clients (id, display_name) SELECT md5('client' || i)::uuid,"
        " 'СтройМаш ' || i FROM generate_series(0, {clients} - 1) i"},
       {"INSERT INTO editions (id, project_id, display_name, currency_code, price_per_m2)"
        " VALUES (md5('edition')::uuid, md5('project')::uuid, 'СтройЭкспо-2026', 'RUB', 800000)"},
       {"INSERT INTO editions (id, project_id, display_name, currency_code, price_per_m2)"
        " SELECT md5('edition' || i)::uuid, md5('project')::uuid, 'СтройЭкспо-' || (1950 + i),"
        " 'RUB', 800000" +
        kEditionRows}},
      {"clients", "editions"}};
  // Planning: `rows` tasks (contacts) over three years, all planned (most of them overdue now).
  loads["planning contacts"] = {
      "planning",
      {"planning clients"},
      {{"INSERT INTO contacts (id, client_id, project_id, edition_id, type, purpose,"
        " purpose_kind, scheduled_time, owner_id, state, create_time, duration_s)"
        " SELECT md5('contact' || i)::uuid, " +
            kClientOfRow +
            ", md5('project')::uuid, md5('edition')::uuid, 'CALL', 'Предложить участие',"
            " 'SEND_OFFER', timestamptz '2024-01-01 06:00:00+00' + (i % 1096) * interval '1 day'"
            " + ((i / 1096) % 600) * interval '1 minute', " +
            kManagerOfRow + ", 'PLANNED', now(), 1800" + kSeries,
        Rows}},
      {"contacts"}};
  // Planning: `rows` readiness changes and as many ratings, one a minute.
  loads["planning assessments"] = {
      "planning",
      {"planning clients"},
      {{"INSERT INTO readiness_changes (id, client_id, project_id, edition_id, level, comment,"
        " recorded_by, record_time) SELECT md5('readiness' || i)::uuid, " +
            kClientOfRow +
            ", md5('project')::uuid, md5('edition')::uuid,"
            " (ARRAY['COLD', 'COOL', 'WARM', 'HOT'])[1 + i % 4], 'Обсудили площадь',"
            " 'employees/' || md5('manager0')::uuid, " +
            kMinute + kSeries,
        Rows},
       {"INSERT INTO ratings (id, client_id, target, subject, score, comment, recorded_by,"
        " record_time) SELECT md5('rating' || i)::uuid, " +
            kClientOfRow +
            ", (ARRAY['MANAGER', 'PROJECT', 'COMPANY'])[1 + i % 3], '', 1 + i % 5,"
            " 'Доволен стендом', 'employees/' || md5('manager0')::uuid, " +
            kMinute + kSeries,
        Rows}},
      {"readiness_changes", "ratings"}};
  // Planning: a sale on each task (by its owner, at its time), each with the history entry of
  // its recording.
  loads["planning sales"] = {
      "planning",
      {"planning contacts"},
      {{"INSERT INTO sales (id, contact_id, client_id, project_id, edition_id, manager_id,"
        " area_dm2, stand_number, currency_code, price_per_m2, list_price_per_m2, space_amount,"
        " net_amount, vat_rate_bp, vat_amount, total_amount, sale_time, update_time)"
        " SELECT md5('sale' || i)::uuid, c.id, c.client_id, c.project_id, c.edition_id,"
        " c.owner_id, 1200, 'A-' || i, 'RUB', 800000, 800000, 9600000, 9600000, 2000, 1920000,"
        " 11520000, c.scheduled_time, c.scheduled_time" +
            kSeries + " JOIN contacts c ON c.id = md5('contact' || i)::uuid",
        Rows},
       {"INSERT INTO sale_history (sale_id, version, change, actor, change_time, snapshot)"
        " SELECT s.id, 1, 'recorded', 'employees/' || s.manager_id, s.sale_time, to_jsonb(s)" +
            kSeries + " JOIN sales s ON s.id = md5('sale' || i)::uuid",
        Rows}},
      {"sales", "sale_history"}};
  // Planning: `rows` redirects, each from the next manager to the row's (who is responsible for it,
  // as for every redirect sent to a person), a deadline a minute.
  loads["planning redirects"] = {
      "planning",
      {"planning clients"},
      {{"INSERT INTO redirects (id, client_id, from_employee_id, to_employee_id, responsible_id,"
        " deadline, goal, status, create_time, update_time) SELECT md5('redirect' || i)::uuid, " +
            kClientOfRow + ", md5('manager' || ((i + 1) % {managers}))::uuid, " + kManagerOfRow +
            ", " + kManagerOfRow + ", " + kMinute +
            ", 'Перезвонить по стенду', 'OPEN', now(), now()" + kSeries,
        Rows}},
      {"redirects"}};
  // Planning: `rows` stands over the hundred editions.
  loads["planning stands"] = {
      "planning",
      {"planning clients"},
      {{"INSERT INTO stands (id, edition_id, number, number_key, sort_key, hall, stand_type,"
        " area_dm2, open_sides, create_time, update_time)"
        " SELECT md5('stand' || i)::uuid, md5('edition' || (i % 100))::uuid, 'A-' || i,"
        " 'A-' || i, 'A-' || lpad(i::text, 10, '0'), 'Павильон ' || (1 + i % 3), 'LINEAR',"
        " 1200, 1, now(), now()" +
            kSeries,
        Rows}},
      {"stands"}};
  // Planning's refusal reasons, both scopes.
  loads["planning refusal reasons"] = {
      "planning",
      {},
      {{"INSERT INTO refusal_reasons (id, scope, display_name, create_time)"
        " SELECT md5('reason' || i)::uuid, (ARRAY['PARTICIPATION', 'VISIT'])[1 + i % 2],"
        " 'Нет бюджета ' || i, " +
            kMinute + kSeries,
        CatalogueRows}},
      {"refusal_reasons"}};
  // Documents: the primary issuer and a catalogue of others.
  const std::string issuer_columns =
      "INSERT INTO issuers (id, legal_name, inn, kpp, address, bank_name, bik,"
      " settlement_account, correspondent_account, is_primary)";
  loads["documents issuers"] = {
      "documents",
      {},
      {{issuer_columns +
        " VALUES (md5('issuer')::uuid, 'ООО «Экспо»', '6315000001', '631501001', 'г. Самара',"
        " 'ПАО СБЕРБАНК', '044525225', '40702810000000000001', '30101810400000000225', true)"},
       {issuer_columns +
            " SELECT md5('issuer' || i)::uuid, 'ООО «Экспо-' || i || '»', (6315000001 + i)::text,"
            " '631501001', 'г. Самара', 'ПАО СБЕРБАНК', '044525225', '40702810000000000001',"
            " '30101810400000000225', false" +
            kSeries,
        CatalogueRows}},
      {"issuers"}};
  // Documents: versions of the primary issuer's templates.
  loads["documents templates"] = {
      "documents",
      {"documents issuers"},
      {{"INSERT INTO document_templates (id, issuer_id, doc_type, version, statement, state,"
        " created_by) SELECT md5('template' || i)::uuid, md5('issuer')::uuid, 'INVOICE', i,"
        " 'Счёт на оплату', 'DRAFT', 'employees/bench'" +
            kSeries,
        CatalogueRows}},
      {"document_templates"}};
  // Documents: `rows` invoices of the primary issuer over three years, each of its own sale, by
  // the sale's manager. The stored PDF is a few bytes: the list never reads it.
  loads["documents"] = {
      "documents",
      {"documents issuers"},
      {{"INSERT INTO document_counters (issuer_id, doc_type, year, last_number)"
        " SELECT md5('issuer')::uuid, 'INVOICE', y, {rows} FROM generate_series(2024, 2026) y"},
       {"INSERT INTO documents (id, doc_type, issuer_id, year, sequence_number, number,"
        " issue_date, sale_id, client, client_legal_name, edition_display_name, currency_code,"
        " net_amount, vat_rate_bp, vat_amount, total_amount, total_in_words, file_name,"
        " content_type, content, sha256, snapshot, source_event_id, manager, manager_id, edition,"
        " status) SELECT md5('document' || i)::uuid, 'INVOICE', md5('issuer')::uuid,"
        " 2024 + (i % 3)::int, i, 'СЧ-' || i,"
        " date '2024-01-01' + ((i % 3) * 365 + (i / 3) % 365)::int, md5('sale' || i)::uuid,"
        " 'clients/' || " +
            kClientOfRow +
            ", 'ООО «СтройМаш»', 'СтройЭкспо-2026', 'RUB', 9600000, 2000, 1920000, 11520000,"
            " 'сто пятнадцать тысяч двести рублей 00 копеек', 'invoice-' || i || '.pdf',"
            " 'application/pdf', '\\x255044462d312e37'::bytea, md5('d' || i) || md5('e' || i),"
            " '{}', 'event-' || i, 'employees/' || " +
            kManagerOfRow + ", " + kManagerOfRow +
            ", 'projects/' || md5('project')::uuid || '/editions/' || md5('edition')::uuid,"
            " 'ISSUED'" +
            kSeries,
        Rows}},
      {"documents"}};
  // Registry: the clients (the same ids planning and documents refer to).
  loads["registry clients"] = {
      "registry",
      {},
      {{"INSERT INTO clients (id, display_name, legal_name, inn, kpp, created_by, updated_by)"
        " SELECT md5('client' || i)::uuid, 'СтройМаш ' || i, 'ООО «СтройМаш ' || i || '»',"
        " (1000000000 + i)::text, '631501001', 'employees/bench', 'employees/bench'"
        " FROM generate_series(0, {clients} - 1) i"}},
      {"clients"}};
  loads["registry contact persons"] = {
      "registry",
      {"registry clients"},
      {{"INSERT INTO contact_persons (id, client_id, full_name, position, created_by)"
        " SELECT md5('person' || i)::uuid, " +
            kClientOfRow + ", 'Иванов Иван ' || i, 'Директор по маркетингу', 'employees/bench'" +
            kSeries,
        Rows}},
      {"contact_persons"}};
  // Registry: versions of the clients' cards, each client's numbered from 1 on.
  loads["registry client history"] = {
      "registry",
      {"registry clients"},
      {{"INSERT INTO client_history (client_id, version, change, changed_by, changed_at,"
        " snapshot) SELECT " +
            kClientOfRow + ", 1 + i / {clients}, 'updated', 'employees/bench', " + kMinute +
            ", jsonb_build_object('displayName', 'СтройМаш ' || i)" + kSeries,
        Rows}},
      {"client_history"}};
  // Registry: one import of `rows` rows from a CSV file, dry-run done.
  loads["registry import rows"] = {
      "registry",
      {},
      {{"INSERT INTO client_imports (id, file_name, file_format, encoding, delimiter,"
        " file_sha256, file_bytes, columns, column_mappings, existing_policy, state, total_rows,"
        " created_by) VALUES (md5('import')::uuid, 'clients.csv', 'csv', 'UTF-8', ';',"
        " md5('a') || md5('b'), {rows}::bigint * 120, '[]', '[]', 'skip', 'dry_run_done',"
        " {rows}, 'employees/{analyst}')"},
       {"INSERT INTO client_import_rows (import_id, row_number, display_name, legal_name, inn,"
        " kpp, outcome) SELECT md5('import')::uuid, i, 'СтройМаш ' || i,"
        " 'ООО «СтройМаш ' || i || '»', (2000000000 + i)::text, '631501001', 'created'" +
            kSeries,
        Rows}},
      {"client_imports", "client_import_rows"}};
  // Registry: versions of the contact persons 1..1000, each person's numbered from 1 on.
  loads["registry resource history"] = {
      "registry",
      {"registry contact persons"},
      {{"INSERT INTO resource_history (resource_kind, resource_id, version, change, changed_by,"
        " changed_at, snapshot, field_changes) SELECT 'contact_person',"
        " md5('person' || (1 + i % 1000))::uuid, 1 + i / 1000, 'updated', 'employees/bench', " +
            kMinute +
            ", jsonb_build_object('fullName', 'Иванов Иван ' || i),"
            " jsonb_build_array(jsonb_build_object('field', 'full_name', 'before', '\"\"',"
            " 'after', '\"Иванов Иван ' || i || '\"'))" +
            kSeries,
        Rows}},
      {"resource_history"}};
  // Registry: Groups() shared groups, each with every client as a member.
  loads["registry groups"] = {
      "registry",
      {"registry clients"},
      {{"INSERT INTO client_groups (id, display_name, kind, created_by, updated_by)"
        " SELECT md5('group' || i)::uuid, 'Застройщики ' || i,"
        " (ARRAY['geography', 'industry', 'other'])[1 + i % 3], 'employees/bench',"
        " 'employees/bench'" +
            kSeries,
        Groups},
       {"INSERT INTO client_group_members (group_id, client_id, added_by)"
        " SELECT md5('group' || (1 + (i - 1) / {clients}))::uuid,"
        " md5('client' || ((i - 1) % {clients}))::uuid, 'employees/bench'" +
            kSeries,
        Memberships}},
      {"client_groups", "client_group_members"}};
  // Registry: `rows` proposals to add a client to a group, by the managers, a tenth pending.
  loads["registry group proposals"] = {
      "registry",
      {"registry groups"},
      {{"INSERT INTO group_membership_proposals (id, group_id, client_id, comment, state,"
        " proposed_by, proposed_at, decided_by, decided_at)"
        " SELECT md5('proposal' || i)::uuid, md5('group' || (1 + (i / {clients}) % "
        "{groups}))::uuid, " +
            kClientOfRow +
            ", 'Строит жильё в Самаре',"
            " CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'accepted' END, 'employees/' || " +
            kManagerOfRow + ", " + kMinute +
            ", CASE WHEN i % 10 = 0 THEN NULL ELSE 'employees/{analyst}' END,"
            " CASE WHEN i % 10 = 0 THEN NULL ELSE now() END" +
            kSeries,
        Rows}},
      {"group_membership_proposals"}};
  // Registry: `rows` verification items, a tenth of them still in the queue.
  loads["registry verification"] = {
      "registry",
      {"registry clients"},
      {{"INSERT INTO verification_items (id, client_id, reason, created_at, created_by,"
        " resolution, resolved_at, resolved_by) SELECT md5('verification' || i)::uuid, " +
            kClientOfRow + ", 'NEW_RECORD', " + kMinute +
            ", 'employees/bench', CASE WHEN i % 10 = 0 THEN NULL ELSE 'VERIFIED' END,"
            " CASE WHEN i % 10 = 0 THEN NULL ELSE now() END,"
            " CASE WHEN i % 10 = 0 THEN NULL ELSE 'employees/{analyst}' END" +
            kSeries,
        Rows}},
      {"verification_items"}};
  // Registry's shared mailing selections.
  loads["registry mailing selections"] = {
      "registry",
      {},
      {{"INSERT INTO mailing_selections (id, display_name, filter, created_by, updated_by)"
        " SELECT md5('selection' || i)::uuid, 'Застройщики Поволжья ' || i,"
        " '{\"regionCodes\": [\"63\"]}', 'employees/bench', 'employees/bench'" +
            kSeries,
        CatalogueRows}},
      {"mailing_selections"}};
  // Registry's catalogues: departments, employees (a hundred to a department), projects, the
  // editions of one project ({project}) and competitors' exhibitions; the managers as employees.
  loads["registry catalogues"] = {
      "registry",
      {},
      {{"INSERT INTO departments (id, display_name, created_by, updated_by)"
        " SELECT md5('department' || i)::uuid, 'Отдел продаж ' || i, 'employees/bench',"
        " 'employees/bench'" +
            kSeries,
        CatalogueRows},
       {"INSERT INTO employees (id, full_name, email, created_by, roles, department_id)"
        " SELECT md5('employee' || i)::uuid, 'Петров Пётр ' || i, 'employee' || i ||"
        " '@expo.example', 'employees/bench', '{sales_manager}',"
        " md5('department' || (1 + i % least(100, {catalogue})))::uuid" +
            kSeries,
        CatalogueRows},
       {"INSERT INTO employees (id, full_name, email, created_by, roles) SELECT m.id,"
        " m.full_name, m.id || '@expo.example', 'employees/bench', '{sales_manager}'"
        " FROM (" +
        kManagerIds + ") m"},
       {"INSERT INTO projects (id, display_name, created_by)"
        " SELECT md5('project' || i)::uuid, 'СтройЭкспо ' || i, 'employees/bench'" +
            kSeries,
        CatalogueRows},
       {"INSERT INTO projects (id, display_name, created_by)"
        " VALUES (md5('project')::uuid, 'СтройЭкспо', 'employees/bench')"},
       {"INSERT INTO editions (id, project_id, display_name, start_date, end_date,"
        " price_per_m2_minor, created_by) SELECT md5('edition' || i)::uuid, md5('project')::uuid,"
        " 'СтройЭкспо-' || (1990 + i), date '1990-03-01' + (i * 365)::int,"
        " date '1990-03-04' + (i * 365)::int, 800000, 'employees/bench'" +
            kSeries,
        CatalogueRows},
       {"INSERT INTO competitor_exhibitions (id, display_name, organizer, created_by, updated_by)"
        " SELECT md5('competitor' || i)::uuid, 'Строительная неделя ' || i, 'ООО «Конкурент»',"
        " 'employees/bench', 'employees/bench'" +
            kSeries,
        CatalogueRows}},
      {"departments", "employees", "projects", "editions", "competitor_exhibitions"}};
  // Registry: every catalogue employee in {project}'s team.
  loads["registry project team"] = {
      "registry",
      {"registry catalogues"},
      {{"INSERT INTO project_team_members (project_id, employee_id, role, added_by, updated_by)"
        " SELECT md5('project')::uuid, md5('employee' || i)::uuid, 'sales_manager',"
        " 'employees/bench', 'employees/bench'" +
            kSeries,
        CatalogueRows}},
      {"project_team_members"}};
  // Registry: every tenth group a target group of {project}; the triggers of project_target_groups
  // write the project's base (project_base) as the links go in.
  loads["registry project base"] = {
      "registry",
      {"registry catalogues", "registry groups"},
      {{"INSERT INTO project_target_groups (project_id, group_id, linked_by)"
        " SELECT md5('project')::uuid, md5('group' || i)::uuid, 'employees/bench'" +
            kSeries + " WHERE i % 10 = 1",
        Groups}},
      {"project_target_groups", "project_base"}};
  // Registry: `rows` participations in competitors' exhibitions.
  loads["registry participations"] = {
      "registry",
      {"registry clients", "registry catalogues"},
      {{"INSERT INTO participations (id, client_id, competitor_exhibition_id, year, area_dm2,"
        " created_by) SELECT md5('participation' || i)::uuid, " +
            kClientOfRow +
            ", md5('competitor' || (1 + (i / {clients}) % {catalogue}))::uuid, 2000 + i % 26,"
            " 1800, 'employees/bench'" +
            kSeries,
        Rows}},
      {"participations"}};
  // Registry: `rows` curatorship terms of the managers over the clients and the catalogue's
  // projects, every other thousand ended.
  loads["registry curators"] = {
      "registry",
      {"registry clients", "registry catalogues"},
      {{"INSERT INTO curators (id, client_id, project_id, employee_id, started_at, assigned_by,"
        " ended_at, ended_by, end_reason) SELECT md5('curator' || i)::uuid, " +
            kClientOfRow + ", md5('project' || (1 + (i / {clients}) % {catalogue}))::uuid, " +
            kManagerOfRow + ", " + kMinute +
            ", 'employees/bench',"
            " CASE WHEN (i / {clients}) % 2 = 1 THEN now() END,"
            " CASE WHEN (i / {clients}) % 2 = 1 THEN 'employees/bench' END,"
            " CASE WHEN (i / {clients}) % 2 = 1 THEN 'ended' END" +
            kSeries,
        Rows}},
      {"curators"}};
  // Accounting: one bank statement of `rows` payments, a tenth of them incoming and unmatched.
  loads["accounting payments"] = {
      "accounting",
      {},
      {{"INSERT INTO bank_statements (id, file_name, sha256, size_bytes, code_page, start_date,"
        " end_date, accounts, document_count, imported_count, imported_by, content)"
        " VALUES (md5('statement')::uuid, 'kl_to_1c.txt', md5('a') || md5('b'), 1, 'Windows',"
        " '2026-01-01', '2026-12-31', '{40702810000000000001}', 0, 0, 'employees/bench', '')"},
       {"INSERT INTO payments (id, statement_id, line, direction, document_kind, number,"
        " payment_date, amount_kopecks, payer_account, payer_inn, payer_kpp, payer_name,"
        " payer_bank, payer_bik, payee_account, payee_inn, payee_kpp, payee_name, payee_bank,"
        " payee_bik, purpose, fields, match_state, unallocated_kopecks, create_time)"
        " SELECT md5('payment' || i)::uuid, md5('statement')::uuid, i, 'incoming',"
        " 'Платежное поручение', i::text, date '2024-01-01' + (i % 1096)::int, 100000 + i,"
        " '40702810' || lpad(i::text, 12, '0'), '7707083893', '773601001', 'ООО «СтройМаш»',"
        " 'ПАО СБЕРБАНК', '044525225', '40702810000000000001', '6315000001', '631501001',"
        " 'ООО «Экспо»', 'ПАО СБЕРБАНК', '044525225', 'Оплата по счету № ' || i, '{}',"
        " CASE WHEN i % 10 = 0 THEN 'unmatched' ELSE 'matched' END,"
        " CASE WHEN i % 10 = 0 THEN 100000 + i ELSE 0 END, " +
            kMinute + kSeries,
        Rows}},
      {"bank_statements", "payments"}};
  loads["accounting exports"] = {
      "accounting",
      {},
      {{"INSERT INTO exports (id, document_id, document_number, file_name, sha256, size_bytes,"
        " source_event_id, content, create_time, operation)"
        " SELECT md5('export' || i)::uuid, md5('document' || i)::uuid, 'СЧ-' || i,"
        " 'invoice-' || i || '.xml', md5('e' || i) || md5('f' || i), 2048, 'event-' || i,"
        " '<КоммерческаяИнформация/>', " +
            kMinute + ", 'issue'" + kSeries,
        Rows}},
      {"exports"}};
  // Accounting: `rows` costs entered over the hundred editions' budgets.
  loads["accounting budget costs"] = {
      "accounting",
      {},
      {{"INSERT INTO editions (name, display_name, project_display_name, venue)"
        " SELECT " +
        kEditionOfRow + ", 'СтройЭкспо-' || (1950 + i), 'СтройЭкспо', 'МВЦ «Самара Экспо»'" +
        kEditionRows},
       {"INSERT INTO budget_costs (id, edition, month, article, amount_kopecks, description,"
        " entered_by, create_time) SELECT md5('cost' || i)::uuid, " +
            kEditionOfRow +
            ", date_trunc('month', date '2024-01-01' + (i % 1096)::int)::date, 'venue_rent',"
            " 100000 + i, 'Аренда павильона', 'employees/bench', " +
            kMinute + kSeries,
        Rows}},
      {"editions", "budget_costs"}};
  // Analytics: the managers, the clients and the hundred editions, `rows` active sales over three
  // years and `rows` readiness changes over the editions: client c's level is the same each time
  // (c % 3: a third of them hot), recorded by manager c / 100 (the first manager's are 0..99),
  // and each (edition, client)'s latest of them.
  loads["analytics"] = {
      "analytics",
      {},
      {{"INSERT INTO employees (id, full_name) " + kManagerIds},
       {"INSERT INTO clients (id, display_name, region_code, created_time)"
        " SELECT md5('client' || i)::uuid, 'СтройМаш ' || i, '63', now()"
        " FROM generate_series(0, {clients} - 1) i"},
       {"INSERT INTO editions (name, project, display_name) SELECT " + kEditionOfRow +
        ", 'projects/' || md5('project')::uuid, 'СтройЭкспо-' || (1950 + i)" + kEditionRows},
       {"INSERT INTO sales (id, manager_id, area_dm2, net, total, sale_time, edition, client_id)"
        " SELECT md5('sale' || i)::uuid, " +
            kManagerOfRow + ", 1200, 9600000, 11520000, " + kMinute + ", " + kEditionOfRow + ", " +
            kClientOfRow + kSeries,
        Rows},
       {"INSERT INTO readiness_changes (client_id, edition, level, record_time, recorded_by)"
        " SELECT md5('client' || ((i / 100) % {clients}))::uuid, " +
            kEditionOfRow +
            ", (ARRAY['READINESS_LEVEL_COLD', 'READINESS_LEVEL_WARM', 'READINESS_LEVEL_HOT'])"
            "[1 + (i / 100) % {clients} % 3], " +
            kMinute + ", 'employees/' || md5('manager' || ((i / 100) % {clients} / 100))::uuid" +
            kSeries,
        Rows},
       // Each (edition, client)'s latest, as the projection keeps it beside the changes (every
       // recorded_by here is "employees/{id}").
       {"INSERT INTO readiness_latest (edition, client_id, level, record_time, recorded_by,"
        " recorder_id) SELECT DISTINCT ON (edition, client_id) edition, client_id, level,"
        " record_time, recorded_by, substr(recorded_by, 11)::uuid FROM readiness_changes"
        " ORDER BY edition, client_id, record_time DESC"}},
      {"employees", "clients", "editions", "sales", "readiness_changes", "readiness_latest"}};
  return loads;
}

void Need(World& w, const std::string& name) {
  if (!w.loaded.insert(name).second) {
    return;
  }
  const Load load = Loads().at(name);
  for (const auto& need : load.needs) {
    Need(w, need);
  }
  const auto started = SteadyClock::now();
  auto& conn = w.Db(load.service);
  constexpr long long kChunk = 100000;
  for (const auto& seed : load.seeds) {
    const std::string sql = Expand(w, seed.sql);
    if (seed.count == nullptr) {
      pqxx::nontransaction(conn).exec0(sql);
      continue;
    }
    const long long rows = seed.count(w);
    for (long long from = 1; from <= rows; from += kChunk) {
      pqxx::work tx(conn);
      tx.exec_params0(sql, from, std::min(rows, from + kChunk - 1));
      tx.commit();
    }
  }
  for (const auto& table : load.analyze) {
    pqxx::nontransaction(conn).exec0("VACUUM ANALYZE " + table);
  }
  std::printf("loaded %s in %.1f s\n", name.c_str(), Seconds(started));
  std::fflush(stdout);
}

// --- entries ---------------------------------------------------------------------------------

// One List RPC measured: which load it needs, who calls, its first page over gRPC (returns the
// number of items; throws on an error) and the same page as plain SQL ({tokens} as in Expand()).
struct Entry {
  std::string rpc;
  std::string service;
  std::string load;    // a key of Loads()
  std::string caller;  // who calls, for the output
  std::function<int(World&)> first_page;
  std::string raw_sql;
  bool catalogue = false;  // loaded with CatalogueRows(), not `rows`
};

void Check(const grpc::Status& status, const std::string& rpc) {
  if (!status.ok()) {
    throw std::runtime_error(rpc + ": " + std::to_string(status.error_code()) + " " +
                             status.error_message());
  }
}

// The first page of `method` of `Service` for the caller holding `token`: the request as
// `fill` sets it (nothing set when none), the items counted by `items`.
template <typename Service, typename Request, typename Response>
std::function<int(World&)> FirstPage(
    grpc::Status (Service::Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    std::string World::*token, int (Response::*items)() const,
    std::type_identity_t<std::function<void(const World&, Request&)>> fill = {}) {
  return [=](World& w) {
    const std::string service = Service::service_full_name();
    auto stub = Service::NewStub(w.Channel(service.substr(4, service.find(".v1.") - 4)));
    Request request;
    if (fill) {
      fill(w, request);
    }
    Response response;
    Check(((*stub).*method)(crm::testing::Ctx(w.*token).get(), request, &response),
          std::string(request.GetDescriptor()->name()));
    return (response.*items)();
  };
}

// The first page's raw SQL: `from_where` (the table and the page's own rows), the list's order
// and the page size.
std::string Page(const std::string& from_where, const std::string& order) {
  return "SELECT * FROM " + from_where + " ORDER BY " + order + " LIMIT " +
         std::to_string(kPageSize);
}

std::vector<Entry> Entries() {
  using P = planning::PlanningService;
  using Cal = planning::CalendarService;
  using As = planning::AssessmentService;
  using R = registry::RegistryService;
  using St = registry::StaffService;
  using G = registry::GroupService;
  using X = registry::ExhibitionService;
  using Acc = accounting::AccountingService;
  using Doc = documents::DocumentService;
  using An = analytics::AnalyticsService;
  const auto manager = &World::manager_token;
  const auto analyst = &World::analyst_token;
  const auto admin = &World::admin_token;
  const auto accountant = &World::accountant_token;
  const std::string own_contacts = "contacts WHERE owner_id = '{manager}'";
  return {
      {"ListContacts", "planning", "planning contacts", "a sales manager, their own tasks",
       FirstPage<P>(&P::Stub::ListContacts, manager,
                    &planning::ListContactsResponse::contacts_size),
       Page(own_contacts, "scheduled_time, id")},
      {"ListCalendar", "planning", "planning contacts", "a sales manager, their month",
       FirstPage<Cal>(&Cal::Stub::ListCalendar, manager,
                      &planning::ListCalendarResponse::contacts_size,
                      [](const World& w, planning::ListCalendarRequest& r) {
                        r.set_owner("employees/" + w.Id("manager"));
                        r.set_period(planning::CALENDAR_PERIOD_MONTH);
                        r.mutable_date()->set_year(2025);
                        r.mutable_date()->set_month(3);
                        r.mutable_date()->set_day(1);
                      }),
       Page(own_contacts + " AND scheduled_time >= '2025-03-01' AND scheduled_time < '2025-04-01'",
            "scheduled_time, id")},
      {"ListOverdueContacts", "planning", "planning contacts", "a sales manager, their own tasks",
       FirstPage<Cal>(&Cal::Stub::ListOverdueContacts, manager,
                      &planning::ListOverdueContactsResponse::contacts_size),
       Page(own_contacts + " AND state = 'PLANNED' AND scheduled_time < now()",
            "scheduled_time, id")},
      {"ListClientTimeline", "planning", "planning contacts",
       "a sales manager, a client's contacts they own",
       FirstPage<Cal>(&Cal::Stub::ListClientTimeline, manager,
                      &planning::ListClientTimelineResponse::contacts_size,
                      [](const World& w, planning::ListClientTimelineRequest& r) {
                        r.set_client("clients/" + w.Id("client"));
                      }),
       Page(own_contacts + " AND client_id = '{client}'", "scheduled_time DESC, id DESC")},
      {"ListReadinessHistory", "planning", "planning assessments",
       "a sales manager, a client's readiness",
       FirstPage<As>(&As::Stub::ListReadinessHistory, manager,
                     &planning::ListReadinessHistoryResponse::changes_size,
                     [](const World& w, planning::ListReadinessHistoryRequest& r) {
                       r.set_client("clients/" + w.Id("client"));
                     }),
       Page("readiness_changes WHERE client_id = '{client}'", "record_time DESC, id DESC")},
      {"ListRatings", "planning", "planning assessments", "a sales manager, a client's ratings",
       FirstPage<As>(&As::Stub::ListRatings, manager, &planning::ListRatingsResponse::ratings_size,
                     [](const World& w, planning::ListRatingsRequest& r) {
                       r.set_client("clients/" + w.Id("client"));
                     }),
       Page("ratings WHERE client_id = '{client}'", "record_time DESC, id DESC")},
      {"ListSales", "planning", "planning sales", "a sales manager, their own sales",
       FirstPage<P>(&P::Stub::ListSales, manager, &planning::ListSalesResponse::sales_size),
       Page("sales WHERE manager_id = '{manager}'", "sale_time, id")},
      {"ListSaleHistory", "planning", "planning sales", "a sales manager, their sale's history",
       FirstPage<planning::SaleService>(&planning::SaleService::Stub::ListSaleHistory, manager,
                                        &planning::ListSaleHistoryResponse::versions_size,
                                        [](const World& w, planning::ListSaleHistoryRequest& r) {
                                          r.set_name("sales/" + w.Id("sale"));
                                        }),
       Page("sale_history WHERE sale_id = '{sale}'", "version DESC")},
      {"ListRedirects", "planning", "planning redirects",
       "a sales manager, the redirects they received",
       FirstPage<planning::RedirectService>(&planning::RedirectService::Stub::ListRedirects,
                                            manager,
                                            &planning::ListRedirectsResponse::redirects_size,
                                            [](const World&, planning::ListRedirectsRequest& r) {
                                              r.set_box(planning::REDIRECT_BOX_RECEIVED);
                                            }),
       Page("redirects WHERE to_employee_id = '{manager}' OR responsible_id = '{manager}'",
            "deadline, id")},
      {"ListStands", "planning", "planning stands", "a sales manager, an edition's stands",
       FirstPage<planning::StandService>(&planning::StandService::Stub::ListStands, manager,
                                         &planning::ListStandsResponse::stands_size,
                                         [](const World& w, planning::ListStandsRequest& r) {
                                           r.set_parent("projects/" + w.Id("project") +
                                                        "/editions/" + w.Id("edition"));
                                         }),
       Page("stands WHERE edition_id = '{edition}'", "sort_key COLLATE \"C\", id")},
      {"ListRefusalReasons", "planning", "planning refusal reasons",
       "a sales manager, every active reason",
       FirstPage<planning::CatalogueService>(
           &planning::CatalogueService::Stub::ListRefusalReasons, manager,
           &planning::ListRefusalReasonsResponse::refusal_reasons_size),
       Page("refusal_reasons WHERE active", "create_time, id"), true},
      {"ListDocuments", "documents", "documents", "a sales manager, their own documents",
       FirstPage<Doc>(&Doc::Stub::ListDocuments, manager,
                      &documents::ListDocumentsResponse::documents_size),
       Page("documents WHERE manager_id = '{manager}'", "seq DESC")},
      {"ListIssuers", "documents", "documents issuers", "a sales manager, every issuer",
       FirstPage<Doc>(&Doc::Stub::ListIssuers, manager,
                      &documents::ListIssuersResponse::issuers_size),
       Page("issuers", "seq"), true},
      {"ListDocumentTemplates", "documents", "documents templates",
       "an accountant, an issuer's template versions",
       FirstPage<Doc>(&Doc::Stub::ListDocumentTemplates, accountant,
                      &documents::ListDocumentTemplatesResponse::document_templates_size,
                      [](const World& w, documents::ListDocumentTemplatesRequest& r) {
                        r.set_parent("issuers/" + w.Id("issuer"));
                      }),
       Page("document_templates WHERE issuer_id = '{issuer}'", "seq DESC"), true},
      {"ListContactPersons", "registry", "registry contact persons",
       "a sales manager, a client's people",
       FirstPage<R>(&R::Stub::ListContactPersons, manager,
                    &registry::ListContactPersonsResponse::contact_persons_size,
                    [](const World& w, registry::ListContactPersonsRequest& r) {
                      r.set_parent("clients/" + w.Id("client"));
                    }),
       Page("contact_persons WHERE client_id = '{client}' AND deleted_at IS NULL",
            "full_name, id")},
      {"ListClientHistory", "registry", "registry client history",
       "a sales manager, a client card's versions",
       FirstPage<R>(&R::Stub::ListClientHistory, manager,
                    &registry::ListClientHistoryResponse::versions_size,
                    [](const World& w, registry::ListClientHistoryRequest& r) {
                      r.set_name("clients/" + w.Id("client"));
                    }),
       Page("client_history WHERE client_id = '{client}'", "version DESC")},
      {"ListImportRows", "registry", "registry import rows", "an analyst, their import's rows",
       FirstPage<registry::ImportService>(&registry::ImportService::Stub::ListImportRows, analyst,
                                          &registry::ListImportRowsResponse::rows_size,
                                          [](const World& w, registry::ListImportRowsRequest& r) {
                                            r.set_parent("imports/" + w.Id("import"));
                                          }),
       Page("client_import_rows WHERE import_id = '{import}'", "row_number")},
      {"ListEmployees", "registry", "registry catalogues", "an admin, every employee",
       FirstPage<R>(&R::Stub::ListEmployees, admin,
                    &registry::ListEmployeesResponse::employees_size),
       Page("employees", "full_name, id"), true},
      {"ListDepartments", "registry", "registry catalogues", "an admin, every department",
       FirstPage<St>(&St::Stub::ListDepartments, admin,
                     &registry::ListDepartmentsResponse::departments_size),
       Page("departments WHERE deleted_at IS NULL", "display_name, id"), true},
      {"ListDepartmentMembers", "registry", "registry catalogues",
       "a sales manager, a department's members",
       FirstPage<St>(&St::Stub::ListDepartmentMembers, manager,
                     &registry::ListDepartmentMembersResponse::employees_size,
                     [](const World& w, registry::ListDepartmentMembersRequest& r) {
                       r.set_department("departments/" + w.Id("department"));
                     }),
       Page("employees WHERE department_id = '{department}'", "full_name, id"), true},
      {"ListProjects", "registry", "registry catalogues", "a sales manager, every project",
       FirstPage<R>(&R::Stub::ListProjects, manager,
                    &registry::ListProjectsResponse::projects_size),
       Page("projects", "display_name, id"), true},
      {"ListEditions", "registry", "registry catalogues", "a sales manager, a project's editions",
       FirstPage<R>(&R::Stub::ListEditions, manager, &registry::ListEditionsResponse::editions_size,
                    [](const World& w, registry::ListEditionsRequest& r) {
                      r.set_parent("projects/" + w.Id("project"));
                    }),
       Page("editions WHERE project_id = '{project}'", "start_date, id"), true},
      {"ListProjectTeamMembers", "registry", "registry project team",
       "a sales manager, a project's team",
       FirstPage<St>(&St::Stub::ListProjectTeamMembers, manager,
                     &registry::ListProjectTeamMembersResponse::members_size,
                     [](const World& w, registry::ListProjectTeamMembersRequest& r) {
                       r.set_project("projects/" + w.Id("project"));
                     }),
       Page("project_team_members t JOIN employees e ON e.id = t.employee_id"
            " WHERE t.project_id = '{project}'",
            "e.full_name, e.id"),
       true},
      {"ListCompetitorExhibitions", "registry", "registry catalogues",
       "a sales manager, every competitor's exhibition",
       FirstPage<X>(&X::Stub::ListCompetitorExhibitions, manager,
                    &registry::ListCompetitorExhibitionsResponse::competitor_exhibitions_size),
       Page("competitor_exhibitions", "display_name, id"), true},
      {"ListParticipations", "registry", "registry participations",
       "a sales manager, a client's participations",
       FirstPage<X>(&X::Stub::ListParticipations, manager,
                    &registry::ListParticipationsResponse::participations_size,
                    [](const World& w, registry::ListParticipationsRequest& r) {
                      r.set_parent("clients/" + w.Id("client"));
                    }),
       Page("participations WHERE client_id = '{client}'", "year DESC, id DESC")},
      {"ListProjectTargetGroups", "registry", "registry project base",
       "a sales manager, a project's target groups",
       FirstPage<X>(&X::Stub::ListProjectTargetGroups, manager,
                    &registry::ListProjectTargetGroupsResponse::groups_size,
                    [](const World& w, registry::ListProjectTargetGroupsRequest& r) {
                      r.set_project("projects/" + w.Id("project"));
                    }),
       Page("project_target_groups t JOIN client_groups g ON g.id = t.group_id"
            " WHERE t.project_id = '{project}' AND g.deleted_at IS NULL",
            "g.display_name, g.id")},
      {"ListProjectClients", "registry", "registry project base",
       "a sales manager, a project's client base",
       FirstPage<X>(&X::Stub::ListProjectClients, manager,
                    &registry::ListProjectClientsResponse::clients_size,
                    [](const World& w, registry::ListProjectClientsRequest& r) {
                      r.set_project("projects/" + w.Id("project"));
                    }),
       Page("clients c WHERE c.deleted_at IS NULL AND c.id IN (SELECT m.client_id"
            " FROM project_target_groups t JOIN client_group_members m ON m.group_id = t.group_id"
            " WHERE t.project_id = '{project}')",
            "c.display_name, c.id")},
      {"ListCurators", "registry", "registry curators", "a sales manager, a client's curators",
       FirstPage<St>(&St::Stub::ListCurators, manager,
                     &registry::ListCuratorsResponse::curators_size,
                     [](const World& w, registry::ListCuratorsRequest& r) {
                       r.set_parent("clients/" + w.Id("client"));
                     }),
       Page("curators WHERE client_id = '{client}' AND ended_at IS NULL", "seq")},
      {"ListCuratorshipsOfEmployee", "registry", "registry curators",
       "a sales manager, the clients they curate",
       FirstPage<St>(&St::Stub::ListCuratorshipsOfEmployee, manager,
                     &registry::ListCuratorshipsOfEmployeeResponse::curators_size,
                     [](const World& w, registry::ListCuratorshipsOfEmployeeRequest& r) {
                       r.set_employee("employees/" + w.Id("manager"));
                     }),
       Page("curators WHERE employee_id = '{manager}' AND ended_at IS NULL", "seq")},
      {"ListMailingSelections", "registry", "registry mailing selections",
       "a sales manager, the shared selections",
       FirstPage<registry::MailingService>(
           &registry::MailingService::Stub::ListMailingSelections, manager,
           &registry::ListMailingSelectionsResponse::mailing_selections_size),
       Page("mailing_selections WHERE deleted_at IS NULL", "display_name, id"), true},
      {"ListResourceHistory", "registry", "registry resource history",
       "a sales manager, a contact person's versions",
       FirstPage<R>(&R::Stub::ListResourceHistory, manager,
                    &registry::ListResourceHistoryResponse::versions_size,
                    [](const World& w, registry::ListResourceHistoryRequest& r) {
                      r.set_name("clients/" + w.Id("client") + "/contactPersons/" + w.Id("person"));
                    }),
       Page("resource_history WHERE resource_kind = 'contact_person'"
            " AND resource_id = '{person}'",
            "version DESC")},
      {"ListGroups", "registry", "registry groups", "a sales manager, the shared groups",
       FirstPage<G>(&G::Stub::ListGroups, manager, &registry::ListGroupsResponse::groups_size),
       Page("client_groups WHERE deleted_at IS NULL", "display_name, id")},
      {"ListGroupMembers", "registry", "registry groups", "a sales manager, a group's clients",
       FirstPage<G>(&G::Stub::ListGroupMembers, manager,
                    &registry::ListGroupMembersResponse::members_size,
                    [](const World& w, registry::ListGroupMembersRequest& r) {
                      r.set_group("groups/" + w.Id("group"));
                    }),
       Page("client_group_members m JOIN clients c ON c.id = m.client_id"
            " WHERE m.group_id = '{group}'",
            "c.display_name, c.id")},
      {"ListClientGroups", "registry", "registry groups", "a sales manager, a client's groups",
       FirstPage<G>(&G::Stub::ListClientGroups, manager,
                    &registry::ListClientGroupsResponse::groups_size,
                    [](const World& w, registry::ListClientGroupsRequest& r) {
                      r.set_client("clients/" + w.Id("client"));
                    }),
       Page("client_group_members m JOIN client_groups g ON g.id = m.group_id"
            " WHERE m.client_id = '{client}'",
            "g.display_name, g.id")},
      {"ListGroupMembershipProposals", "registry", "registry group proposals",
       "a sales manager, their own proposals",
       FirstPage<G>(&G::Stub::ListGroupMembershipProposals, manager,
                    &registry::ListGroupMembershipProposalsResponse::proposals_size),
       Page("group_membership_proposals WHERE proposed_by = 'employees/{manager}'",
            "proposed_at, id")},
      {"ListVerificationQueue", "registry", "registry verification", "an analyst, the queue",
       FirstPage<registry::ClientQualityService>(
           &registry::ClientQualityService::Stub::ListVerificationQueue, analyst,
           &registry::ListVerificationQueueResponse::verification_items_size),
       Page("verification_items i JOIN clients c ON c.id = i.client_id"
            " WHERE i.resolution IS NULL",
            "i.created_at, i.id")},
      {"ListPayments", "accounting", "accounting payments", "an accountant, every payment",
       FirstPage<Acc>(&Acc::Stub::ListPayments, accountant,
                      &accounting::ListPaymentsResponse::payments_size),
       Page("payments", "create_time DESC, id DESC")},
      {"ListExports", "accounting", "accounting exports", "an accountant, every export",
       FirstPage<Acc>(&Acc::Stub::ListExports, accountant,
                      &accounting::ListExportsResponse::exports_size),
       Page("exports", "create_time DESC, id DESC")},
      {"ListBudgetCosts", "accounting", "accounting budget costs",
       "an accountant, an edition's costs",
       FirstPage<Acc>(&Acc::Stub::ListBudgetCosts, accountant,
                      &accounting::ListBudgetCostsResponse::budget_costs_size,
                      [](const World& w, accounting::ListBudgetCostsRequest& r) {
                        r.set_parent("projects/" + w.Id("project") + "/editions/" +
                                     w.Id("edition") + "/budget");
                      }),
       Page("budget_costs WHERE edition = 'projects/{project}/editions/{edition}'"
            " AND delete_time IS NULL",
            "create_time, id")},
      {"ListSalesReportRecords", "analytics", "analytics", "a sales manager, their sales of a year",
       FirstPage<An>(&An::Stub::ListSalesReportRecords, manager,
                     &analytics::ListSalesReportRecordsResponse::sales_size,
                     [](const World&, analytics::ListSalesReportRecordsRequest& r) {
                       using google::protobuf::util::TimeUtil;
                       *r.mutable_start_time() = TimeUtil::SecondsToTimestamp(1704067200);
                       *r.mutable_end_time() = TimeUtil::SecondsToTimestamp(1735689600);
                       r.set_group_by(analytics::SALES_REPORT_GROUPING_MANAGER);
                       r.set_total(true);
                       r.set_kind(analytics::SALES_REPORT_RECORD_KIND_SALES);
                     }),
       Page("sales WHERE manager_id = '{manager}' AND state = 'active'", "sale_time, id")},
      {"ListReportClients", "analytics", "analytics",
       "a sales manager, an edition's hot clients they assessed",
       FirstPage<An>(&An::Stub::ListReportClients, manager,
                     &analytics::ListReportClientsResponse::clients_size,
                     [](const World& w, analytics::ListReportClientsRequest& r) {
                       r.set_figure(analytics::REPORT_CLIENT_FIGURE_READINESS_LEVEL);
                       r.set_edition("projects/" + w.Id("project") + "/editions/" +
                                     w.Id("edition"));
                       r.set_key("READINESS_LEVEL_HOT");
                     }),
       Page("readiness_latest WHERE edition = 'projects/{project}/editions/{edition}'"
            " AND recorded_by = 'employees/{manager}' AND level = 'READINESS_LEVEL_HOT'",
            "record_time, client_id")},
  };
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
  pqxx::connection& conn = world.Db("planning");
  const auto id = [&](const std::string& text) {
    return pqxx::nontransaction(conn)
        .exec_params1("SELECT md5($1)::uuid::text", text)[0]
        .as<std::string>();
  };
  // Task i belongs to manager i % kManagers: the first manager's first sale is on task 100. Person
  // i works for client i % kClients: person 1000 for the first client.
  world.ids = {
      {"manager", id("manager0")},  {"client", id("client0")},        {"sale", id("sale100")},
      {"analyst", id("analyst0")},  {"import", id("import")},         {"project", id("project")},
      {"person", id("person1000")}, {"group", id("group1")},          {"edition", id("edition0")},
      {"issuer", id("issuer")},     {"department", id("department1")}};
  world.manager_token =
      crm::testing::TokenFor("employees/" + world.Id("manager"), {Role::kSalesManager});
  world.analyst_token =
      crm::testing::TokenFor("employees/" + world.Id("analyst"), {Role::kAnalyst});
  world.accountant_token =
      crm::testing::TokenFor("employees/" + id("accountant0"), {Role::kAccountant});
  world.admin_token = crm::testing::TokenFor("employees/" + id("admin0"), {Role::kAdmin});

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
      pqxx::connection& db = world.Db(entry.service);
      const std::string sql = Expand(world, entry.raw_sql);
      const auto raw_ms = TimeCalls(calls, [&] { pqxx::nontransaction(db).exec(sql); });
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
