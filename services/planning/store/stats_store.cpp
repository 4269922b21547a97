#include "services/planning/store/stats_store.h"

#include "common/core/ids.h"
#include "common/db/params.h"
#include "common/db/row.h"
#include "common/db/rows.h"
#include "services/planning/domain/task_rules.h"

namespace crm::planning::store {
namespace {

using common::db::OrNull;
using common::db::Row;

// Runs a statement of stats.sql: the selection is $1-$5, `extra` follow.
template <class... Extra>
pqxx::result OverSelection(pqxx::transaction_base& tx, const char* statement, const StatsFilter& f,
                           const Extra&... extra) {
  const std::optional<std::string> start = common::db::OptionalTimeParam(f.start_time);
  const std::optional<std::string> end = common::db::OptionalTimeParam(f.end_time);
  return tx.exec_prepared(statement, OrNull(f.manager_id), OrNull(f.department_id),
                          OrNull(f.edition_id), OrNull(start), OrNull(end), extra...);
}

}  // namespace

std::vector<v1::ContactTypeCount> CountContactsByType(pqxx::transaction_base& tx,
                                                      const StatsFilter& f) {
  return common::db::RowsOf(OverSelection(tx, "stats_by_type", f), [](const Row& row) {
    v1::ContactTypeCount count;
    count.set_type(domain::ContactTypeText::Parse(row.Text("type")));
    count.set_contacts(row.Int64("contacts"));
    count.set_completed(row.Int64("completed"));
    return count;
  });
}

std::vector<v1::ResultKindCount> CountContactsByResultKind(pqxx::transaction_base& tx,
                                                           const StatsFilter& f) {
  return common::db::RowsOf(OverSelection(tx, "stats_by_result_kind", f), [](const Row& row) {
    v1::ResultKindCount count;
    count.set_result_kind(row.Text("result_kind"));
    count.set_contacts(row.Int64("contacts"));
    return count;
  });
}

RescheduleFigures TopReschedules(pqxx::transaction_base& tx, const StatsFilter& f) {
  RescheduleFigures figures;
  for (const auto& r : OverSelection(tx, "stats_reschedules", f, f.client_limit)) {
    const Row row(r);
    v1::ClientReschedules& client = figures.clients.emplace_back();
    client.set_client(common::ResourceName("clients", row.Text("client_id")));
    client.set_reschedules(row.Int64("reschedules"));
    figures.total = row.Int64("total_reschedules");
  }
  return figures;
}

RelationshipFigures LongestRelationships(pqxx::transaction_base& tx, const StatsFilter& f) {
  RelationshipFigures figures;
  for (const auto& r : OverSelection(tx, "stats_relationships", f, f.client_limit)) {
    const Row row(r);
    v1::ClientRelationship& client = figures.clients.emplace_back();
    client.set_client(common::ResourceName("clients", row.Text("client_id")));
    *client.mutable_first_contact_time() = row.TimeFromMicros("first_time_us");
    *client.mutable_last_activity_time() = row.TimeFromMicros("last_time_us");
    client.set_days(row.Int64("days"));
    client.set_contacts(row.Int64("contacts"));
    client.set_sales(row.Int64("sales"));
    figures.average_days = row.Int64("average_days");
    figures.client_count = row.Int64("clients");
  }
  return figures;
}

}  // namespace crm::planning::store
