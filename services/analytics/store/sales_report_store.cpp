#include "services/analytics/store/sales_report_store.h"

#include "common/api/date.h"
#include "common/api/time_key_params.h"
#include "common/db/params.h"
#include "common/db/row.h"

namespace crm::analytics {
namespace {

// One of the grouped sections over both periods: the same parameters for each (see
// store/sql/sales_report.sql).
pqxx::result Grouped(pqxx::transaction_base& tx, const char* statement,
                     const domain::SalesReportQuery& q, const Reach& reach) {
  return tx.exec_prepared(
      statement, q.previous_start_rfc3339, q.current.start_rfc3339, q.current.end_rfc3339,
      static_cast<int>(q.grouping), common::db::NullIfEmpty(q.edition),
      common::db::NullIfEmpty(q.department_id), reach.all, common::db::OrNull(reach.owner_id),
      common::db::OrNull(reach.department_id));
}

// A section over both periods that is not grouped by the query's grouping: the parameters of
// Grouped without it (see store/sql/team_report.sql, lead_sources.sql).
pqxx::result BothPeriods(pqxx::transaction_base& tx, const char* statement,
                         const domain::SalesReportQuery& q, const Reach& reach) {
  return tx.exec_prepared(
      statement, q.previous_start_rfc3339, q.current.start_rfc3339, q.current.end_rfc3339,
      common::db::NullIfEmpty(q.edition), common::db::NullIfEmpty(q.department_id), reach.all,
      common::db::OrNull(reach.owner_id), common::db::OrNull(reach.department_id));
}

// `statement` with the text[] of `keys`: its rows' "key" and "name".
std::map<std::string, std::string> NamesBy(pqxx::transaction_base& tx, const char* statement,
                                           const std::set<std::string>& keys) {
  std::map<std::string, std::string> out;
  if (keys.empty()) {
    return out;
  }
  for (const auto& r : tx.exec_prepared(statement, common::db::QuotedArrayLiteral(keys))) {
    const common::db::Row row(r);
    out.emplace(row.Text("key"), row.Text("name"));
  }
  return out;
}

// One of the drill-down statements: the same parameters for each, then the statement's own
// `extra` ones (see store/sql/drill.sql).
template <class... Extra>
pqxx::result Drill(pqxx::transaction_base& tx, const char* statement, const domain::DrillQuery& q,
                   const Reach& reach, const std::optional<common::api::TimeKey>& after, int limit,
                   const Extra&... extra) {
  const common::api::TimeKeyParams page = common::api::TimeKeyParamsOf(after);
  std::optional<std::string> rating_score;
  if (q.rating_score) {
    rating_score = std::to_string(*q.rating_score);
  }
  return tx.exec_prepared(
      statement, q.period.start_rfc3339, q.period.end_rfc3339, static_cast<int>(q.report.grouping),
      common::db::OrNull(q.key), common::db::NullIfEmpty(q.report.edition),
      common::db::NullIfEmpty(q.report.department_id), reach.all,
      common::db::OrNull(reach.owner_id), common::db::OrNull(reach.department_id),
      common::db::OrNull(page.micros), common::db::OrNull(page.id), limit,
      common::db::OrNull(q.lead_source), common::db::OrNull(rating_score),
      common::db::NullIfEmpty(q.rating_target), extra...);
}

// A contact statement's rows: the drill's parameters, the manager report's selectors, then the
// statement's own `extra` ones.
template <class... Extra>
pqxx::result DrillContactRows(pqxx::transaction_base& tx, const char* statement,
                              const domain::DrillQuery& q, const Reach& reach,
                              const std::optional<common::api::TimeKey>& after, int limit,
                              const Extra&... extra) {
  return Drill(tx, statement, q, reach, after, limit, common::db::OrNull(q.contact_type),
               common::db::OrNull(q.result_kind), common::db::OrNull(q.refusal_reason), extra...);
}

// The decoded (time, id) key of a drill row whose time column is `time_column`.
common::api::TimeKey KeyOf(const common::db::Row& row, const char* time_column) {
  return {.micros = row.Int64(time_column), .id = row.Text("id")};
}

// The names "{collection}/{id}" of the comma-separated ids in `ids`.
void AddNames(google::protobuf::RepeatedPtrField<std::string>* out, const char* collection,
              const std::string& ids) {
  std::size_t start = 0;
  while (start < ids.size()) {
    std::size_t end = ids.find(',', start);
    if (end == std::string::npos) {
      end = ids.size();
    }
    *out->Add() = std::string(collection) + "/" + ids.substr(start, end - start);
    start = end + 1;
  }
}

// `collection`/`id`, or "" for no id.
std::string NameOr(const char* collection, const std::string& id) {
  return id.empty() ? std::string() : std::string(collection) + "/" + id;
}

// What a listed client's row tells of it (drill_client_columns), its id the key's.
void FillClient(const common::db::Row& row, Keyed<crm::analytics::v1::ReportClient>& client) {
  client.record.set_client(NameOr("clients", client.key.id));
  client.record.set_display_name(row.Text("display_name"));
  client.record.set_region_code(row.Text("region_code"));
  client.record.set_federal_district_code(row.Text("federal_district_code"));
  client.record.set_industry(row.Text("industry"));
  client.record.set_lead_source(row.Text("lead_source"));
}

// What a contact row of the drill tells of any contact, open or completed: who, whom, when it
// was planned; keyed by `time_column`.
Keyed<crm::analytics::v1::ReportContact> PlannedContactOf(const common::db::Row& row,
                                                          const char* time_column) {
  Keyed<crm::analytics::v1::ReportContact> contact{.key = KeyOf(row, time_column)};
  contact.record.set_contact(NameOr("contacts", contact.key.id));
  *contact.record.mutable_scheduled_time() = row.TimeFromMicros("scheduled_time_us");
  contact.record.set_owner(NameOr("employees", row.Text("owner_id")));
  contact.record.set_client(NameOr("clients", row.Text("client_id")));
  contact.record.set_edition(row.Text("edition"));
  contact.record.set_type(row.Text("type"));
  return contact;
}

}  // namespace

std::vector<domain::SalesCell> SalesReportStore::Sales(pqxx::transaction_base& tx,
                                                       const domain::SalesReportQuery& q,
                                                       const Reach& reach) {
  std::vector<domain::SalesCell> out;
  for (const auto& r : Grouped(tx, "analytics_sales_report_sales", q, reach)) {
    const common::db::Row row(r);
    out.push_back({.current = row.Bool("current"),
                   .total = row.Bool("total"),
                   .key = row.Text("key"),
                   .sales = row.Int64("sales"),
                   .area_dm2 = row.Int64("area_dm2"),
                   .net_kopecks = row.Int64("net"),
                   .total_kopecks = row.Int64("total_amount"),
                   .invoiced_kopecks = row.Int64("invoiced"),
                   .received_kopecks = row.Int64("received"),
                   .outstanding_kopecks = row.Int64("outstanding")});
  }
  return out;
}

std::vector<domain::ContactCell> SalesReportStore::Contacts(pqxx::transaction_base& tx,
                                                            const domain::SalesReportQuery& q,
                                                            const Reach& reach) {
  std::vector<domain::ContactCell> out;
  const bool by_stand_type = q.grouping == crm::analytics::v1::SALES_REPORT_GROUPING_STAND_TYPE;
  for (const auto& r : Grouped(tx,
                               by_stand_type ? "analytics_sales_report_contacts_by_stand_type"
                                             : "analytics_sales_report_contacts",
                               q, reach)) {
    const common::db::Row row(r);
    out.push_back({.current = row.Bool("current"),
                   .total = row.Bool("total"),
                   .key = row.Text("key"),
                   .completed = row.Int64("completed"),
                   .positive = row.Int64("positive"),
                   .refusals = row.Int64("refusals"),
                   .clients = row.Int64("clients")});
  }
  return out;
}

std::vector<domain::KeyCount> SalesReportStore::Refusals(pqxx::transaction_base& tx,
                                                         const domain::SalesReportQuery& q,
                                                         const Reach& reach) {
  std::vector<domain::KeyCount> out;
  for (const auto& r : tx.exec_prepared(
           "analytics_sales_report_refusals", q.current.start_rfc3339, q.current.end_rfc3339,
           common::db::NullIfEmpty(q.edition), common::db::NullIfEmpty(q.department_id), reach.all,
           common::db::OrNull(reach.owner_id), common::db::OrNull(reach.department_id))) {
    const common::db::Row row(r);
    out.push_back({row.Text("key"), row.Int64("n")});
  }
  return out;
}

std::map<std::string, std::string> SalesReportStore::Names(pqxx::transaction_base& tx,
                                                           const std::set<std::string>& keys) {
  return NamesBy(tx, "analytics_report_names", keys);
}

std::vector<domain::ContactCell> SalesReportStore::TeamClients(pqxx::transaction_base& tx,
                                                               const domain::SalesReportQuery& q,
                                                               const Reach& reach) {
  std::vector<domain::ContactCell> out;
  for (const auto& r : BothPeriods(tx, "analytics_team_report_clients", q, reach)) {
    const common::db::Row row(r);
    out.push_back({.current = row.Bool("current"),
                   .total = false,
                   .key = row.Text("key"),
                   .clients = row.Int64("clients")});
  }
  return out;
}

std::map<std::string, std::string> SalesReportStore::TeamNames(pqxx::transaction_base& tx,
                                                               const std::set<std::string>& teams) {
  return NamesBy(tx, "analytics_team_names", teams);
}

std::vector<domain::TeamMemberCell> SalesReportStore::TeamMembers(
    pqxx::transaction_base& tx, const std::set<std::string>& teams) {
  std::vector<domain::TeamMemberCell> out;
  if (teams.empty()) {
    return out;
  }
  for (const auto& r :
       tx.exec_prepared("analytics_team_members", common::db::QuotedArrayLiteral(teams))) {
    const common::db::Row row(r);
    out.push_back({.project = row.Text("project"),
                   .employee = row.Text("employee"),
                   .display_name = row.Text("display_name"),
                   .role = row.Text("role")});
  }
  return out;
}

void SalesReportStore::UpsertTeamMember(pqxx::transaction_base& tx,
                                        const domain::TeamMemberRow& row) {
  tx.exec_prepared("analytics_upsert_team_member", row.project, row.employee_id, row.role,
                   row.removed, common::db::NullIfEmpty(row.event_rfc3339));
}

std::optional<std::string> SalesReportStore::EditionDisplayName(pqxx::transaction_base& tx,
                                                                const std::string& edition) {
  const common::db::Row row(tx.exec_prepared1("analytics_edition_display_name", edition));
  if (!row.Bool("known")) {
    return std::nullopt;
  }
  return row.Text("display_name");
}

std::vector<domain::LeadSourceCell> SalesReportStore::LeadSources(pqxx::transaction_base& tx,
                                                                  const domain::SalesReportQuery& q,
                                                                  const Reach& reach) {
  std::vector<domain::LeadSourceCell> out;
  for (const auto& r : BothPeriods(tx, "analytics_lead_source_report", q, reach)) {
    const common::db::Row row(r);
    out.push_back({.current = row.Bool("current"),
                   .total = row.Bool("total_row"),
                   .key = row.Text("key"),
                   .clients_contacted = row.Int64("clients_contacted"),
                   .contacts = row.Int64("contacts"),
                   .positive = row.Int64("positive"),
                   .sales = row.Int64("sales"),
                   .area_dm2 = row.Int64("area_dm2"),
                   .net_kopecks = row.Int64("net"),
                   .total_kopecks = row.Int64("total_amount"),
                   .converted = row.Int64("converted")});
  }
  return out;
}

void SalesReportStore::InsertRating(pqxx::transaction_base& tx, const domain::RatingRow& row) {
  tx.exec_prepared("analytics_insert_rating", row.id, row.client_id, row.target, row.subject,
                   row.score, row.recorded_by, row.record_rfc3339);
}

std::vector<domain::RatingCell> SalesReportStore::RatingDistribution(pqxx::transaction_base& tx,
                                                                     const domain::RatingQuery& q,
                                                                     const Reach& reach) {
  std::vector<domain::RatingCell> out;
  for (const auto& r : tx.exec_prepared("analytics_rating_distribution", q.period.start_rfc3339,
                                        q.period.end_rfc3339, common::db::NullIfEmpty(q.target),
                                        reach.all, common::db::OrNull(reach.owner_id),
                                        common::db::OrNull(reach.department_id))) {
    const common::db::Row row(r);
    out.push_back({.score = row.Int32("score"),
                   .clients = row.Int64("clients"),
                   .ratings = row.Int64("ratings"),
                   .sales = row.Int64("sales"),
                   .area_dm2 = row.Int64("area_dm2"),
                   .net_kopecks = row.Int64("net")});
  }
  return out;
}

std::vector<Keyed<crm::analytics::v1::ReportSale>> SalesReportStore::DrillSales(
    pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
    const std::optional<common::api::TimeKey>& after, int limit) {
  std::vector<Keyed<crm::analytics::v1::ReportSale>> out;
  for (const auto& r :
       Drill(tx, "analytics_drill_sales", q, reach, after, limit, static_cast<int>(q.kind))) {
    const common::db::Row row(r);
    Keyed<crm::analytics::v1::ReportSale> sale{
        .key = {.micros = row.Int64("sale_time_us"), .id = row.Text("id")}};
    sale.record.set_sale(NameOr("sales", sale.key.id));
    *sale.record.mutable_sale_time() = row.TimeFromMicros("sale_time_us");
    sale.record.set_manager(NameOr("employees", row.Text("manager_id")));
    sale.record.set_client(NameOr("clients", row.Text("client_id")));
    sale.record.set_edition(row.Text("edition"));
    sale.record.set_stand_type(row.Text("stand_type"));
    sale.record.set_area_dm2(row.Int64("area_dm2"));
    *sale.record.mutable_net_amount() = domain::Roubles(row.Int64("net"));
    *sale.record.mutable_total_amount() = domain::Roubles(row.Int64("total_amount"));
    sale.record.set_department(NameOr("departments", row.Text("department_id")));
    *sale.record.mutable_invoiced_amount() = domain::Roubles(row.Int64("invoiced"));
    *sale.record.mutable_outstanding_amount() = domain::Roubles(row.Int64("outstanding"));
    out.push_back(std::move(sale));
  }
  return out;
}

std::vector<Keyed<crm::analytics::v1::ReportPayment>> SalesReportStore::DrillPayments(
    pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
    const std::optional<common::api::TimeKey>& after, int limit) {
  std::vector<Keyed<crm::analytics::v1::ReportPayment>> out;
  for (const auto& r : Drill(tx, "analytics_drill_payments", q, reach, after, limit)) {
    const common::db::Row row(r);
    Keyed<crm::analytics::v1::ReportPayment> payment{
        .key = {.micros = row.Int64("payment_date_us"), .id = row.Text("id")}};
    payment.record.set_payment(NameOr("payments", payment.key.id));
    if (auto date = common::api::ParseIsoDate(row.Text("payment_date"))) {
      *payment.record.mutable_payment_date() = common::api::ProtoDate(*date);
    }
    *payment.record.mutable_amount() = domain::Roubles(row.Int64("amount"));
    AddNames(payment.record.mutable_invoices(), "documents", row.Text("documents"));
    AddNames(payment.record.mutable_sales(), "sales", row.Text("sales"));
    out.push_back(std::move(payment));
  }
  return out;
}

std::vector<Keyed<crm::analytics::v1::ReportContact>> SalesReportStore::DrillContacts(
    pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
    const std::optional<common::api::TimeKey>& after, int limit) {
  std::vector<Keyed<crm::analytics::v1::ReportContact>> out;
  for (const auto& r : DrillContactRows(tx, "analytics_drill_contacts", q, reach, after, limit)) {
    const common::db::Row row(r);
    Keyed<crm::analytics::v1::ReportContact> contact = PlannedContactOf(row, "complete_time_us");
    *contact.record.mutable_complete_time() = row.TimeFromMicros("complete_time_us");
    contact.record.set_result_kind(row.Text("result_kind"));
    contact.record.set_positive(row.Bool("positive"));
    contact.record.set_refusal_reason(row.Text("refusal_reason"));
    out.push_back(std::move(contact));
  }
  return out;
}

std::vector<Keyed<crm::analytics::v1::ReportContact>> SalesReportStore::DrillOpenContacts(
    pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
    const std::optional<common::api::TimeKey>& after, int limit) {
  std::vector<Keyed<crm::analytics::v1::ReportContact>> out;
  for (const auto& r :
       DrillContactRows(tx, "analytics_drill_open_contacts", q, reach, after, limit)) {
    out.push_back(PlannedContactOf(common::db::Row(r), "scheduled_time_us"));
  }
  return out;
}

std::vector<Keyed<crm::analytics::v1::ReportClient>> SalesReportStore::DrillCountedClients(
    pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
    const std::optional<common::api::TimeKey>& after, int limit) {
  const bool rated = q.rating_score.has_value();
  const pqxx::result rows =
      rated ? Drill(tx, "analytics_drill_rated_clients", q, reach, after, limit)
            : DrillContactRows(
                  tx, "analytics_drill_contacted_clients", q, reach, after, limit,
                  q.kind == crm::analytics::v1::SALES_REPORT_RECORD_KIND_CONVERTED_CLIENTS);
  std::vector<Keyed<crm::analytics::v1::ReportClient>> out;
  for (const auto& r : rows) {
    const common::db::Row row(r);
    Keyed<crm::analytics::v1::ReportClient> client{.key =
                                                       KeyOf(row, rated ? "rated_us" : "first_us")};
    FillClient(row, client);
    if (rated) {
      client.record.set_rating_score(row.Int32("score"));
      *client.record.mutable_rating_time() = row.TimeFromMicros("rated_us");
    } else {
      client.record.set_contacts(row.Int64("contacts"));
      *client.record.mutable_first_contact_time() = row.TimeFromMicros("first_us");
    }
    client.record.set_sales_count(row.Int64("sales"));
    client.record.set_area_dm2(row.Int64("area_dm2"));
    *client.record.mutable_net_amount() = domain::Roubles(row.Int64("net"));
    out.push_back(std::move(client));
  }
  return out;
}

std::vector<Keyed<crm::analytics::v1::ReportRating>> SalesReportStore::DrillRatings(
    pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
    const std::optional<common::api::TimeKey>& after, int limit) {
  std::vector<Keyed<crm::analytics::v1::ReportRating>> out;
  for (const auto& r : Drill(tx, "analytics_drill_ratings", q, reach, after, limit)) {
    const common::db::Row row(r);
    Keyed<crm::analytics::v1::ReportRating> rating{.key = KeyOf(row, "record_us")};
    const std::string client = NameOr("clients", row.Text("client_id"));
    rating.record.set_rating(client + "/ratings/" + rating.key.id);
    rating.record.set_client(client);
    rating.record.set_target(row.Text("target"));
    rating.record.set_subject(row.Text("subject"));
    rating.record.set_score(row.Int32("score"));
    rating.record.set_recorded_by(row.Text("recorded_by"));
    *rating.record.mutable_record_time() = row.TimeFromMicros("record_us");
    out.push_back(std::move(rating));
  }
  return out;
}

std::vector<Keyed<crm::analytics::v1::ReportClient>> SalesReportStore::DrillClients(
    pqxx::transaction_base& tx, const domain::ClientDrillQuery& q, const Reach& reach,
    const std::optional<common::api::TimeKey>& after, int limit) {
  const common::api::TimeKeyParams page = common::api::TimeKeyParamsOf(after);
  const bool funnel = domain::IsFunnelFigure(q.figure);
  const pqxx::result rows =
      funnel
          ? tx.exec_prepared("analytics_drill_funnel_clients", q.edition, reach.all,
                             common::db::OrNull(reach.owner_id),
                             common::db::OrNull(reach.department_id), q.key, q.narrowed,
                             common::db::OrNull(page.micros), common::db::OrNull(page.id), limit)
          : tx.exec_prepared("analytics_drill_market_clients", common::db::NullIfEmpty(q.project),
                             static_cast<int>(q.figure), q.key, q.narrowed,
                             common::db::NullIfEmpty(q.edition), common::db::OrNull(q.lead_source),
                             common::db::OrNull(page.micros), common::db::OrNull(page.id), limit);
  std::vector<Keyed<crm::analytics::v1::ReportClient>> out;
  for (const auto& r : rows) {
    const common::db::Row row(r);
    Keyed<crm::analytics::v1::ReportClient> client{
        .key = KeyOf(row, funnel ? "assess_us" : "entered_us")};
    FillClient(row, client);
    client.record.set_area_dm2(row.Int64("area_dm2"));
    if (funnel) {
      client.record.set_readiness_level(row.Text("level"));
      *client.record.mutable_assess_time() = row.TimeFromMicros("assess_us");
      client.record.set_bought(row.Bool("bought"));
      *client.record.mutable_net_amount() = domain::Roubles(row.Int64("net"));
    } else {
      client.record.set_exhibitor(row.Bool("exhibitor"));
    }
    out.push_back(std::move(client));
  }
  return out;
}

std::vector<domain::FunnelCell> SalesReportStore::Funnel(pqxx::transaction_base& tx,
                                                         const std::string& edition,
                                                         const Reach& reach) {
  std::vector<domain::FunnelCell> out;
  for (const auto& r : tx.exec_prepared("analytics_readiness_funnel", edition, reach.all,
                                        common::db::OrNull(reach.owner_id),
                                        common::db::OrNull(reach.department_id))) {
    const common::db::Row row(r);
    out.push_back({.level = row.Text("level"),
                   .clients = row.Int64("clients"),
                   .bought = row.Int64("bought"),
                   .area_dm2 = row.Int64("area_dm2"),
                   .net_kopecks = row.Int64("net")});
  }
  return out;
}

}  // namespace crm::analytics
