#include "services/analytics/store/forecast_store.h"

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <vector>

#include "common/api/date.h"
#include "common/db/params.h"
#include "common/db/row.h"

namespace crm::analytics {
namespace {

using google::protobuf::util::TimeUtil;

std::string Rfc3339Of(int64_t micros) {
  return TimeUtil::ToString(TimeUtil::MicrosecondsToTimestamp(micros));
}

domain::StandState StandStateOf(const std::string& state) {
  if (state == "held") {
    return domain::StandState::kHeld;
  }
  return state == "sold" ? domain::StandState::kSold : domain::StandState::kReleased;
}

}  // namespace

domain::FactBase ForecastStore::LoadFacts(pqxx::transaction_base& tx,
                                          const std::optional<FactScope>& scope) {
  const std::optional<std::string> edition =
      scope ? std::optional<std::string>(scope->edition) : std::nullopt;
  const std::optional<std::string> as_of =
      scope ? std::optional<std::string>(Rfc3339Of(scope->as_of_us)) : std::nullopt;
  const auto load = [&](const char* statement) {
    return tx.exec_prepared(statement, common::db::OrNull(edition), common::db::OrNull(as_of));
  };
  domain::FactBase facts;
  for (const auto& r : load("forecast_editions")) {
    const common::db::Row row(r);
    domain::EditionInfo e;
    e.name = row.Text("name");
    e.project = row.Text("project");
    e.display_name = row.Text("display_name");
    e.start_date = row.Text("start_date");
    const auto date = common::api::ParseIsoDate(e.start_date);
    if (!date) {
      continue;
    }
    e.open_us = domain::OpeningMicros(*date);
    facts[e.name].edition = std::move(e);
  }
  for (const auto& r : load("forecast_assessments")) {
    const common::db::Row row(r);
    auto it = facts.find(row.Text("edition"));
    const auto level = domain::LevelIndex(row.Text("level"));
    if (it != facts.end() && level) {
      it->second.assessments.push_back({row.Text("client"), *level, row.Int64("time_us")});
    }
  }
  for (const auto& r : load("forecast_sales")) {
    const common::db::Row row(r);
    auto it = facts.find(row.Text("edition"));
    if (it != facts.end()) {
      it->second.sales.push_back(
          {row.Text("client"), row.Int64("time_us"), row.Int64("area_dm2"), row.Int64("net")});
    }
  }
  for (const auto& r : load("forecast_stand_changes")) {
    const common::db::Row row(r);
    auto it = facts.find(row.Text("edition"));
    if (it != facts.end()) {
      it->second.stands.push_back({row.Text("stand"), row.Text("client"),
                                   StandStateOf(row.Text("state")), row.Int64("area_dm2"),
                                   row.Int64("time_us"),
                                   row.OptionalInt64("expire_us").value_or(0)});
    }
  }
  return facts;
}

bool ForecastStore::ProjectKnown(pqxx::transaction_base& tx, const std::string& project) {
  return common::db::Row(tx.exec_prepared1("forecast_project_known", project)).Bool("known");
}

void ForecastStore::InsertStandChange(pqxx::transaction_base& tx, const StandChangeRow& row) {
  const std::optional<std::string> expire =
      row.expire_rfc3339.empty() ? std::nullopt : std::optional<std::string>(row.expire_rfc3339);
  tx.exec_prepared("stand_change_insert", row.stand, row.edition, row.state, row.client,
                   row.area_dm2, row.change_rfc3339, common::db::OrNull(expire));
}

void ForecastStore::ReplaceHistory(pqxx::transaction_base& tx,
                                   const domain::HistoryImport& history) {
  const domain::EditionInfo& e = history.edition;
  tx.exec_prepared("history_edition_delete", e.name);
  tx.exec_prepared("history_edition_insert", e.name, e.project, e.display_name, e.start_date);
  std::vector<std::string> clients;
  std::vector<std::string> levels;
  std::vector<std::string> times;
  for (const domain::Assessment& a : history.assessments) {
    clients.push_back(a.client);
    levels.push_back(domain::LevelName(a.level));
    times.push_back(Rfc3339Of(a.time_us));
  }
  tx.exec_prepared("history_readiness_insert", e.name, common::db::QuotedArrayLiteral(clients),
                   common::db::QuotedArrayLiteral(levels), common::db::QuotedArrayLiteral(times));
  clients.clear();
  times.clear();
  std::vector<int64_t> areas;
  std::vector<int64_t> nets;
  for (const domain::SaleFact& s : history.sales) {
    clients.push_back(s.client);
    times.push_back(Rfc3339Of(s.time_us));
    areas.push_back(s.area_dm2);
    nets.push_back(s.net);
  }
  tx.exec_prepared("history_sales_insert", e.name, common::db::QuotedArrayLiteral(clients),
                   common::db::QuotedArrayLiteral(times), common::db::NumberArrayLiteral(areas),
                   common::db::NumberArrayLiteral(nets));
}

}  // namespace crm::analytics
