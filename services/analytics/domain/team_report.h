#pragma once

#include <map>
#include <string>
#include <vector>

#include "crm/analytics/v1/analytics.pb.h"
#include "crm/events/v1/registry_project_team_events.pb.h"
#include "services/analytics/domain/sales_report.h"

// The sales report by project team: the team of an edition is its project's team
// (crm.registry.project_team.*), so a team's figures are its project's editions' rolled up, with
// clients contacted counted once per team. Pure.
namespace crm::analytics::domain {

// A project team member as the projection keeps it, from member_set (removed = false) or
// member_removed (removed = true).
struct TeamMemberRow {
  std::string project;      // "projects/{uuid}", lower case
  std::string employee_id;  // UUID
  std::string role;         // "lead", "sales_manager", ...; "" keeps the row's
  bool removed = false;
  std::string event_rfc3339;  // the event's ce-time; "" when it carries none
};

// Throws common::ValidationError for a member whose project or employee is not a resource name.
TeamMemberRow TeamMemberRowOf(const crm::events::v1::ProjectTeamMemberSnapshot& member,
                              bool removed, const std::string& event_time);

// The team of an edition: "projects/{project}" of "projects/{project}/editions/{edition}"; ""
// for no edition.
std::string TeamOfEdition(const std::string& edition);

// Cells grouped by edition rolled up to the team of each edition (totals as they are).
std::vector<SalesCell> SalesByTeam(const std::vector<SalesCell>& by_edition);
// The same for contacts; each team's clients contacted is taken from `team_clients` (cells keyed
// by team, `clients` only), as a client contacted for two editions of a project is one client.
std::vector<ContactCell> ContactsByTeam(const std::vector<ContactCell>& by_edition,
                                        const std::vector<ContactCell>& team_clients);

// A member of a team as the report shows it.
struct TeamMemberCell {
  std::string project;
  std::string employee;  // "employees/{uuid}"
  std::string display_name;
  std::string role;
};

// Puts each team's members on the report's row for that team (in the order given).
void AddTeamMembers(crm::analytics::v1::SalesReport& report,
                    const std::vector<TeamMemberCell>& members);

}  // namespace crm::analytics::domain
