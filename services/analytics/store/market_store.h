#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/analytics/domain/market.h"

// registry's clients, participations and competitors' exhibitions in the projection, and the
// market analysis's sections (store/sql/market.sql), each one grouped query.
namespace crm::analytics {

class MarketStore {
 public:
  // A client's snapshot; an older version changes nothing but a missing creation time.
  // `state` "" keeps the row's.
  static void UpsertClient(pqxx::transaction_base& tx, const domain::ClientRow& row,
                           const std::string& state);
  static void DeleteClient(pqxx::transaction_base& tx, const std::string& id);
  static void MergeClients(pqxx::transaction_base& tx, const std::string& survivor_id,
                           const std::vector<std::string>& merged_ids);
  static void UndoMerge(pqxx::transaction_base& tx, const std::string& survivor_id,
                        const std::vector<std::string>& restored_ids);
  static void UpsertParticipation(pqxx::transaction_base& tx, const domain::ParticipationRow& row,
                                  bool deleted);
  static void UpsertCompetitor(pqxx::transaction_base& tx, const domain::CompetitorRow& row);

  // Every section for `project` ("" for every edition), in one snapshot the caller holds.
  static domain::MarketFigures Figures(pqxx::transaction_base& tx, const std::string& project);
};

}  // namespace crm::analytics
