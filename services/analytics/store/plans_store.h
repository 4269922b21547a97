#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/analytics/domain/plans.h"

// Sales plans in the database (store/sql/plans.sql): an edition's plan cells with the plan's
// version, and the plan-vs-fact statement.
namespace crm::analytics {

// An edition as the projection knows it.
struct PlanEdition {
  std::string display_name;
  std::optional<std::chrono::year_month_day> start_date;
  std::optional<std::chrono::year_month_day> end_date;
};

// The saved plan's version, who changed it and when.
struct PlanVersion {
  int64_t version = 0;
  std::string updated_by;
  google::protobuf::Timestamp update_time;
};

class PlanStore {
 public:
  static std::optional<PlanEdition> Edition(pqxx::transaction_base& tx, const std::string& edition);
  // The same, locking the edition's row until the transaction ends.
  static std::optional<PlanEdition> LockEdition(pqxx::transaction_base& tx,
                                                const std::string& edition);
  static std::optional<PlanVersion> Version(pqxx::transaction_base& tx, const std::string& edition);
  // Replaces every level and target of `cells` with them and steps the plan's version.
  static void Replace(pqxx::transaction_base& tx, const std::string& edition,
                      const std::vector<domain::PlanCell>& cells, const std::string& updated_by);
  static std::vector<domain::PlanCell> Cells(pqxx::transaction_base& tx,
                                             const std::string& edition);
  static bool DepartmentKnown(pqxx::transaction_base& tx, const std::string& department_id);
  // Plan and fact per level, target and month, months in `time_zone`.
  static std::vector<domain::PlanFactSums> VsFact(pqxx::transaction_base& tx,
                                                  const std::string& edition,
                                                  const std::string& time_zone);
};

}  // namespace crm::analytics
