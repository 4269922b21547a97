#pragma once

#include <string>
#include <vector>

// Which of analytics' tables are a copy of events and which hold what people entered: a rebuild
// (`crm-analytics projection-rebuild`) empties the first and replays the stream into them, and
// keeps the second. A test checks that every table of the schema is in exactly one list.
namespace crm::analytics {

// Filled by the projection consumer alone.
inline const std::vector<std::string>& ProjectionTables() {
  static const std::vector<std::string> tables = {"employees",
                                                  "departments",
                                                  "contacts",
                                                  "sales",
                                                  "editions",
                                                  "readiness_changes",
                                                  "readiness_latest",
                                                  "stand_changes",
                                                  "clients",
                                                  "participations",
                                                  "competitor_exhibitions",
                                                  "project_team_members",
                                                  "ratings",
                                                  "invoices",
                                                  "payment_shares",
                                                  "payment_unmatches"};
  return tables;
}

// Entered through the API: sales plans and the imported history of past editions.
inline const std::vector<std::string>& EnteredTables() {
  static const std::vector<std::string> tables = {
      "sales_plans", "sales_plan_cells", "history_editions", "history_readiness", "history_sales"};
  return tables;
}

}  // namespace crm::analytics
