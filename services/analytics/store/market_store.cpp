#include "services/analytics/store/market_store.h"

#include "common/db/params.h"
#include "common/db/pool.h"
#include "common/db/row.h"

namespace crm::analytics {
namespace {

std::vector<domain::SegmentCell> Segments(const pqxx::result& result) {
  std::vector<domain::SegmentCell> out;
  out.reserve(result.size());
  for (const auto& r : result) {
    const common::db::Row row(r);
    out.push_back({.key = row.Text("key"),
                   .clients = row.Int64("clients"),
                   .exhibitors = row.Int64("exhibitors"),
                   .area_dm2 = row.Int64("area_dm2")});
  }
  return out;
}

}  // namespace

void MarketStore::UpsertClient(pqxx::transaction_base& tx, const domain::ClientRow& row,
                               const std::string& state) {
  tx.exec_prepared("analytics_upsert_client", row.id, row.display_name, row.region_code,
                   row.federal_district_code, row.industry, row.lead_source_kind, row.version,
                   common::db::NullIfEmpty(row.created_rfc3339), common::db::NullIfEmpty(state));
}

void MarketStore::DeleteClient(pqxx::transaction_base& tx, const std::string& id) {
  tx.exec_prepared("analytics_delete_client", id);
}

void MarketStore::MergeClients(pqxx::transaction_base& tx, const std::string& survivor_id,
                               const std::vector<std::string>& merged_ids) {
  tx.exec_prepared("analytics_merge_clients", survivor_id, common::db::ArrayLiteral(merged_ids));
}

void MarketStore::UndoMerge(pqxx::transaction_base& tx, const std::string& survivor_id,
                            const std::vector<std::string>& restored_ids) {
  tx.exec_prepared("analytics_undo_merge", survivor_id, common::db::ArrayLiteral(restored_ids));
}

void MarketStore::UpsertParticipation(pqxx::transaction_base& tx,
                                      const domain::ParticipationRow& row, bool deleted) {
  tx.exec_prepared("analytics_upsert_participation", row.id, row.client_id, row.edition,
                   row.competitor_exhibition, row.year, row.area_dm2, deleted);
}

void MarketStore::UpsertCompetitor(pqxx::transaction_base& tx, const domain::CompetitorRow& row) {
  tx.exec_prepared("analytics_upsert_competitor_exhibition", row.id, row.display_name);
}

domain::MarketFigures MarketStore::Figures(pqxx::transaction_base& tx, const std::string& project) {
  const char* scope = common::db::NullIfEmpty(project);
  domain::MarketFigures figures;
  const common::db::Row totals(tx.exec_prepared1("analytics_market_totals", scope));
  figures.clients = totals.Int64("clients");
  figures.exhibitors = totals.Int64("exhibitors");
  figures.by_federal_district = Segments(tx.exec_prepared("analytics_market_segments", scope, 1));
  figures.by_region = Segments(tx.exec_prepared("analytics_market_segments", scope, 2));
  figures.by_industry = Segments(tx.exec_prepared("analytics_market_segments", scope, 3));
  figures.by_size = Segments(tx.exec_prepared("analytics_market_sizes", scope));
  for (const auto& r : tx.exec_prepared("analytics_market_competitors", scope)) {
    const common::db::Row row(r);
    figures.competitors.emplace_back(row.Text("id"), row.Text("display_name"), row.Int64("clients"),
                                     row.Int64("also_ours"));
  }
  for (const auto& r : tx.exec_prepared("analytics_market_retention", scope)) {
    const common::db::Row row(r);
    figures.editions.push_back({.edition = row.Text("name"),
                                .display_name = row.Text("display_name"),
                                .start_date = row.Text("start_date"),
                                .exhibitors = row.Int64("exhibitors"),
                                .area_dm2 = row.Int64("area_dm2"),
                                .retained = row.Int64("retained"),
                                .churned = row.Int64("churned"),
                                .previous_exhibitors = row.Int64("previous_exhibitors"),
                                .new_exhibitors = row.Int64("new_exhibitors")});
  }
  for (const auto& r : tx.exec_prepared("analytics_market_new_by_lead_source", scope)) {
    const common::db::Row row(r);
    figures.new_by_lead_source[row.Text("edition")].push_back({row.Text("key"), row.Int64("n")});
  }
  for (const auto& r : tx.exec_prepared("analytics_market_growth")) {
    const common::db::Row row(r);
    figures.growth.emplace_back(static_cast<int32_t>(row.Int64("year")), row.Int64("added"));
  }
  return figures;
}

}  // namespace crm::analytics
