#include "services/analytics/domain/team_report.h"

#include <tuple>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/text.h"

namespace crm::analytics::domain {
namespace {

using CellKey = std::tuple<bool, bool, std::string>;

template <class Cell>
CellKey TeamKey(const Cell& cell) {
  return {cell.current, cell.total, cell.total ? cell.key : TeamOfEdition(cell.key)};
}

// `by_edition` grouped by team (totals as they are), `add` summing each cell into its team's.
template <class Cell, class Add>
std::vector<Cell> RollUp(const std::vector<Cell>& by_edition, Add add) {
  std::map<CellKey, Cell> teams;
  for (const auto& cell : by_edition) {
    const CellKey key = TeamKey(cell);
    Cell fresh;
    fresh.current = cell.current;
    fresh.total = cell.total;
    fresh.key = std::get<2>(key);
    add(teams.try_emplace(key, std::move(fresh)).first->second, cell);
  }
  std::vector<Cell> out;
  out.reserve(teams.size());
  for (auto& [key, cell] : teams) {
    out.push_back(std::move(cell));
  }
  return out;
}

}  // namespace

TeamMemberRow TeamMemberRowOf(const crm::events::v1::ProjectTeamMemberSnapshot& member,
                              bool removed, const std::string& event_time) {
  common::Violations violations;
  TeamMemberRow row;
  if (auto project = common::ParseResourceId(member.project(), "projects")) {
    row.project = "projects/" + common::LowerAscii(*project);
  } else {
    violations.Add("member.project", "must be projects/{uuid}");
  }
  if (auto employee = common::ParseResourceId(member.employee(), "employees")) {
    row.employee_id = common::LowerAscii(*employee);
  } else {
    violations.Add("member.employee", "must be employees/{uuid}");
  }
  violations.ThrowIfAny();
  row.role = member.role();
  row.removed = removed;
  row.event_rfc3339 = event_time;
  return row;
}

std::string TeamOfEdition(const std::string& edition) {
  const auto pos = edition.find("/editions/");
  return pos == std::string::npos ? std::string() : edition.substr(0, pos);
}

std::vector<SalesCell> SalesByTeam(const std::vector<SalesCell>& by_edition) {
  return RollUp(by_edition, [](SalesCell& team, const SalesCell& cell) {
    team.sales += cell.sales;
    team.area_dm2 += cell.area_dm2;
    team.net_kopecks += cell.net_kopecks;
    team.total_kopecks += cell.total_kopecks;
    team.invoiced_kopecks += cell.invoiced_kopecks;
    team.received_kopecks += cell.received_kopecks;
    team.outstanding_kopecks += cell.outstanding_kopecks;
  });
}

std::vector<ContactCell> ContactsByTeam(const std::vector<ContactCell>& by_edition,
                                        const std::vector<ContactCell>& team_clients) {
  std::map<CellKey, int64_t> clients;
  for (const auto& cell : team_clients) {
    clients[CellKey{cell.current, false, cell.key}] = cell.clients;
  }
  return RollUp(by_edition, [&clients](ContactCell& team, const ContactCell& cell) {
    team.completed += cell.completed;
    team.positive += cell.positive;
    team.refusals += cell.refusals;
    // A total's clients are counted once already; a team's come from `team_clients`.
    if (cell.total) {
      team.clients = cell.clients;
    } else {
      auto it = clients.find(CellKey{team.current, false, team.key});
      team.clients = it != clients.end() ? it->second : 0;
    }
  });
}

void AddTeamMembers(crm::analytics::v1::SalesReport& report,
                    const std::vector<TeamMemberCell>& members) {
  std::map<std::string, crm::analytics::v1::SalesReportRow*> rows;
  for (auto& row : *report.mutable_rows()) {
    rows.emplace(row.key(), &row);
  }
  for (const auto& member : members) {
    auto it = rows.find(member.project);
    if (it == rows.end()) {
      continue;
    }
    auto* out = it->second->add_team_members();
    out->set_employee(member.employee);
    out->set_display_name(member.display_name);
    out->set_role(member.role);
  }
}

}  // namespace crm::analytics::domain
