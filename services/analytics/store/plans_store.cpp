#include "services/analytics/store/plans_store.h"

#include "common/api/date.h"
#include "common/db/params.h"
#include "common/db/row.h"

namespace crm::analytics {
namespace {

std::optional<PlanEdition> DecodeEdition(const pqxx::result& found) {
  if (found.empty()) {
    return std::nullopt;
  }
  const common::db::Row row(found[0]);
  return PlanEdition{row.Text("display_name"), common::api::ParseIsoDate(row.Text("start_date")),
                     common::api::ParseIsoDate(row.Text("end_date"))};
}

PlanVersion DecodeVersion(const common::db::Row& row) {
  return {row.Int64("version"), row.Text("updated_by"), row.TimeFromMicros("update_time_us")};
}

crm::analytics::v1::PlanLevel LevelOf(const common::db::Row& row) {
  return domain::PlanLevelText::Parse(row.Text("level"));
}

}  // namespace

std::optional<PlanEdition> PlanStore::Edition(pqxx::transaction_base& tx,
                                              const std::string& edition) {
  return DecodeEdition(tx.exec_prepared("plans_edition", edition));
}

std::optional<PlanEdition> PlanStore::LockEdition(pqxx::transaction_base& tx,
                                                  const std::string& edition) {
  return DecodeEdition(tx.exec_prepared("plans_edition_lock", edition));
}

std::optional<PlanVersion> PlanStore::Version(pqxx::transaction_base& tx,
                                              const std::string& edition) {
  const pqxx::result found = tx.exec_prepared("plans_version", edition);
  if (found.empty()) {
    return std::nullopt;
  }
  return DecodeVersion(common::db::Row(found[0]));
}

void PlanStore::Replace(pqxx::transaction_base& tx, const std::string& edition,
                        const std::vector<domain::PlanCell>& cells, const std::string& updated_by) {
  tx.exec_prepared("plans_save", edition, updated_by);
  std::vector<std::string> levels;
  std::vector<std::string> targets;
  std::vector<std::string> months;
  std::vector<int64_t> areas;
  std::vector<int64_t> nets;
  for (const domain::PlanCell& cell : cells) {
    levels.push_back(domain::PlanLevelText::Of(cell.level));
    targets.push_back(cell.target_id);
    months.push_back(domain::PlanMonthText(cell.month) + "-01");
    areas.push_back(cell.area_dm2);
    nets.push_back(cell.net_kopecks);
  }
  // The same target may be cleared more than once: a DELETE deletes a row once.
  tx.exec_prepared("plans_cells_clear", edition, common::db::QuotedArrayLiteral(levels),
                   common::db::QuotedArrayLiteral(targets));
  tx.exec_prepared("plans_cells_insert", edition, updated_by,
                   common::db::QuotedArrayLiteral(levels), common::db::QuotedArrayLiteral(targets),
                   common::db::QuotedArrayLiteral(months), common::db::NumberArrayLiteral(areas),
                   common::db::NumberArrayLiteral(nets));
}

std::vector<domain::PlanCell> PlanStore::Cells(pqxx::transaction_base& tx,
                                               const std::string& edition) {
  std::vector<domain::PlanCell> cells;
  for (const auto& found : tx.exec_prepared("plans_cells", edition)) {
    const common::db::Row row(found);
    domain::PlanCell cell;
    cell.level = LevelOf(row);
    cell.target_id = row.Text("target");
    const auto month = domain::ParsePlanMonth(row.Text("month"));
    if (!month) {
      throw std::logic_error("a plan cell of " + edition + " has the month " + row.Text("month"));
    }
    cell.month = *month;
    cell.area_dm2 = row.Int64("area_dm2");
    cell.net_kopecks = row.Int64("net_kopecks");
    cell.updated_by = row.Text("updated_by");
    cell.update_time = row.TimeFromMicros("update_time_us");
    cells.push_back(std::move(cell));
  }
  return cells;
}

bool PlanStore::DepartmentKnown(pqxx::transaction_base& tx, const std::string& department_id) {
  return common::db::Row(tx.exec_prepared1("plans_department_known", department_id)).Bool("known");
}

std::vector<domain::PlanFactSums> PlanStore::VsFact(pqxx::transaction_base& tx,
                                                    const std::string& edition,
                                                    const std::string& time_zone) {
  std::vector<domain::PlanFactSums> sums;
  for (const auto& found : tx.exec_prepared("plans_vs_fact", edition, time_zone)) {
    const common::db::Row row(found);
    domain::PlanFactSums month;
    month.level = LevelOf(row);
    month.target_id = row.Text("target");
    month.display_name = row.Text("display_name");
    month.department_now = row.Text("department_now");
    month.month = row.Text("month");
    month.plan_area_dm2 = row.Int64("plan_area_dm2");
    month.fact_area_dm2 = row.Int64("fact_area_dm2");
    month.plan_net = row.Int64("plan_net");
    month.fact_net = row.Int64("fact_net");
    sums.push_back(std::move(month));
  }
  return sums;
}

}  // namespace crm::analytics
