#include "services/analytics/store/projection_store.h"

#include <array>
#include <map>
#include <optional>

#include "common/db/params.h"
#include "common/db/row.h"

namespace crm::analytics {
namespace {

std::vector<domain::KeyCount> KeyCounts(const pqxx::result& result) {
  std::vector<domain::KeyCount> out;
  out.reserve(result.size());
  for (const auto& r : result) {
    const common::db::Row row(r);
    out.push_back({row.Text("key"), row.Int64("n")});
  }
  return out;
}

std::optional<std::string> OrNull(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

// The indexes of rows keyed `keys` in rounds, each naming a key at most once and keeping the order
// of the rows of one key: a set-based statement per round applies them as one after the other.
std::vector<std::vector<std::size_t>> Rounds(const std::vector<std::string>& keys) {
  std::vector<std::vector<std::size_t>> rounds;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::size_t round = seen[keys[i]]++;
    if (round == rounds.size()) {
      rounds.emplace_back();
    }
    rounds[round].push_back(i);
  }
  return rounds;
}

// The value `field` of the rows `which`, an element per row, for a statement's array parameter.
template <class Row, class Field>
std::string Column(const std::vector<Row>& rows, const std::vector<std::size_t>& which,
                   Field field) {
  std::vector<std::optional<std::string>> values;
  values.reserve(which.size());
  for (const std::size_t i : which) {
    values.push_back(field(rows[i]));
  }
  return common::db::NullableArrayLiteral(values);
}

template <class Row>
std::vector<std::string> Ids(const std::vector<Row>& rows) {
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const auto& row : rows) {
    ids.push_back(row.id);
  }
  return ids;
}

// The arrays of contacts' planned state for the rows `which` (each contact once): ids, owners,
// types (NULL when unknown), times, ce-times, clients, editions.
std::array<std::string, 7> ContactColumns(const std::vector<domain::ContactRow>& rows,
                                          const std::vector<std::size_t>& which) {
  using Row = domain::ContactRow;
  return {Column(rows, which, [](const Row& r) { return OrNull(r.id); }),
          Column(rows, which, [](const Row& r) { return OrNull(r.owner_id); }),
          Column(rows, which, [](const Row& r) { return OrNull(r.type); }),
          Column(rows, which, [](const Row& r) { return OrNull(r.scheduled_rfc3339); }),
          Column(rows, which, [](const Row& r) { return OrNull(r.event_rfc3339); }),
          Column(rows, which, [](const Row& r) { return OrNull(r.client_id); }),
          Column(rows, which, [](const Row& r) { return OrNull(r.edition); })};
}

}  // namespace

void ProjectionStore::UpsertEmployee(pqxx::transaction_base& tx, const domain::ManagerRow& row) {
  tx.exec_prepared("analytics_upsert_employee", row.id, row.full_name);
}

void ProjectionStore::UpsertMembership(pqxx::transaction_base& tx,
                                       const domain::MembershipRow& row) {
  tx.exec_prepared("analytics_upsert_membership", row.id, row.full_name,
                   common::db::NullIfEmpty(row.department_id),
                   common::db::NullIfEmpty(row.event_rfc3339));
}

void ProjectionStore::UpsertPlannedContacts(pqxx::transaction_base& tx,
                                            const std::vector<domain::ContactRow>& rows) {
  for (const auto& round : Rounds(Ids(rows))) {
    // A reassignment tells no type: its rows keep theirs.
    std::vector<std::size_t> typed;
    std::vector<std::size_t> untyped;
    for (const std::size_t i : round) {
      (rows[i].type.empty() ? untyped : typed).push_back(i);
    }
    for (const auto& [which, keep_type] : {std::pair{&typed, false}, std::pair{&untyped, true}}) {
      if (!which->empty()) {
        const auto c = ContactColumns(rows, *which);
        tx.exec_prepared("analytics_upsert_planned_contacts", c[0], c[1], c[2], c[3], c[4], c[5],
                         c[6], keep_type);
      }
    }
  }
}

void ProjectionStore::CancelContacts(pqxx::transaction_base& tx,
                                     const std::vector<domain::ContactRow>& rows) {
  for (const auto& round : Rounds(Ids(rows))) {
    const auto c = ContactColumns(rows, round);
    tx.exec_prepared("analytics_cancel_contacts", c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
  }
}

void ProjectionStore::UpsertCompletedContacts(pqxx::transaction_base& tx,
                                              const std::vector<domain::ContactRow>& rows) {
  using Row = domain::ContactRow;
  for (const auto& w : Rounds(Ids(rows))) {
    tx.exec_prepared(
        "analytics_upsert_completed_contacts",
        Column(rows, w, [](const Row& r) { return OrNull(r.id); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.owner_id); }),
        Column(rows, w, [](const Row& r) { return std::optional<std::string>(r.type); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.scheduled_rfc3339); }),
        Column(rows, w, [](const Row& r) { return std::optional<std::string>(r.result_kind); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.complete_rfc3339); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.client_id); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.edition); }),
        Column(rows, w,
               [](const Row& r) { return std::optional<std::string>(r.positive ? "t" : "f"); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.refusal_reason); }));
  }
}

void ProjectionStore::UpsertSales(pqxx::transaction_base& tx,
                                  const std::vector<domain::SaleRow>& rows,
                                  const std::vector<domain::EditionRow>& editions) {
  using Row = domain::SaleRow;
  using Edition = domain::EditionRow;
  std::vector<std::size_t> all_editions(editions.size());
  for (std::size_t i = 0; i < editions.size(); ++i) {
    all_editions[i] = i;
  }
  if (!editions.empty()) {
    const auto& e = all_editions;
    tx.exec_prepared(
        "analytics_insert_editions_if_missing",
        Column(editions, e, [](const Edition& r) { return std::optional<std::string>(r.name); }),
        Column(editions, e, [](const Edition& r) { return std::optional<std::string>(r.project); }),
        Column(editions, e,
               [](const Edition& r) { return std::optional<std::string>(r.display_name); }),
        Column(editions, e,
               [](const Edition& r) { return std::optional<std::string>(r.project_display_name); }),
        Column(editions, e, [](const Edition& r) { return OrNull(r.start_date); }),
        Column(editions, e, [](const Edition& r) { return OrNull(r.end_date); }));
  }
  for (const auto& w : Rounds(Ids(rows))) {
    auto number = [](int64_t n) { return std::optional<std::string>(std::to_string(n)); };
    tx.exec_prepared(
        "analytics_upsert_sales", Column(rows, w, [](const Row& r) { return OrNull(r.id); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.manager_id); }),
        Column(rows, w, [&](const Row& r) { return number(r.area_dm2); }),
        Column(rows, w, [&](const Row& r) { return number(r.net_kopecks); }),
        Column(rows, w, [&](const Row& r) { return number(r.total_kopecks); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.sale_rfc3339); }),
        Column(rows, w, [](const Row& r) { return std::optional<std::string>(r.stand_type); }),
        Column(rows, w,
               [](const Row& r) {
                 return std::optional<std::string>(r.cancelled ? "cancelled" : "active");
               }),
        Column(rows, w, [](const Row& r) { return OrNull(r.event_rfc3339); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.edition); }),
        Column(rows, w, [](const Row& r) { return OrNull(r.client_id); }));
  }
  std::vector<std::size_t> named;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].manager_full_name.empty()) {
      named.push_back(i);
    }
  }
  if (!named.empty()) {
    tx.exec_prepared("analytics_insert_employees_if_missing",
                     Column(rows, named, [](const Row& r) { return OrNull(r.manager_id); }),
                     Column(rows, named, [](const Row& r) {
                       return std::optional<std::string>(r.manager_full_name);
                     }));
  }
}

void ProjectionStore::UpsertEdition(pqxx::transaction_base& tx, const domain::EditionRow& row) {
  tx.exec_prepared("analytics_upsert_edition", row.name, row.project, row.display_name,
                   row.project_display_name, common::db::NullIfEmpty(row.start_date),
                   common::db::NullIfEmpty(row.end_date), common::db::NullIfEmpty(row.status),
                   common::db::NullIfEmpty(row.event_rfc3339));
}

void ProjectionStore::InsertReadiness(pqxx::transaction_base& tx, const domain::ReadinessRow& row) {
  tx.exec_prepared("analytics_insert_readiness", row.client_id, row.edition, row.level,
                   row.record_rfc3339, row.recorded_by);
}

void ProjectionStore::UpsertDepartment(pqxx::transaction_base& tx,
                                       const domain::DepartmentRow& row) {
  tx.exec_prepared("analytics_upsert_department", row.id, row.display_name, row.deleted,
                   common::db::NullIfEmpty(row.event_rfc3339));
}

bool ReportStore::ManagerKnown(pqxx::transaction_base& tx, const std::string& manager_id) {
  return common::db::Row(tx.exec_prepared1("analytics_manager_known", manager_id)).Bool("known");
}

std::string ReportStore::EmployeeDepartment(pqxx::transaction_base& tx,
                                            const std::string& employee_id) {
  auto result = tx.exec_prepared("analytics_employee_department", employee_id);
  return result.empty() ? std::string() : common::db::Row(result[0]).Text("department_id");
}

std::vector<domain::KeyCount> ReportStore::CompletedByType(pqxx::transaction_base& tx,
                                                           const domain::ReportQuery& q) {
  return KeyCounts(tx.exec_prepared("analytics_completed_by_type", q.manager_id, q.start_rfc3339,
                                    q.end_rfc3339));
}

std::vector<domain::KeyCount> ReportStore::CompletedByResult(pqxx::transaction_base& tx,
                                                             const domain::ReportQuery& q) {
  return KeyCounts(tx.exec_prepared("analytics_completed_by_result", q.manager_id, q.start_rfc3339,
                                    q.end_rfc3339));
}

int64_t ReportStore::OpenContacts(pqxx::transaction_base& tx, const domain::ReportQuery& q) {
  return common::db::Row(tx.exec_prepared1("analytics_open_contacts", q.manager_id, q.start_rfc3339,
                                           q.end_rfc3339))
      .Int64("n");
}

domain::SalesTotals ReportStore::Sales(pqxx::transaction_base& tx, const domain::ReportQuery& q) {
  const common::db::Row row(
      tx.exec_prepared1("analytics_sales_totals", q.manager_id, q.start_rfc3339, q.end_rfc3339));
  return {row.Int64("sales"), row.Int64("area_dm2"), row.Int64("net"), row.Int64("total")};
}

}  // namespace crm::analytics
