#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "crm/registry/v1/exhibitions.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/exhibition_rules.h"
#include "services/registry/domain/sale_participation.h"
#include "services/registry/store/page.h"

// Editing projects and editions, competitors' exhibitions and participation, inside the caller's
// transaction; `actor` is the principal subject recorded as author.
namespace crm::registry {

std::optional<v1::Project> LockProject(pqxx::transaction_base& tx, const std::string& id);
v1::Project UpdateProjectRecord(pqxx::transaction_base& tx, const std::string& id,
                                const v1::Project& project, const std::string& actor);

std::optional<v1::Edition> FindEdition(pqxx::transaction_base& tx, const EditionRef& ref);
std::optional<v1::Edition> LockEdition(pqxx::transaction_base& tx, const EditionRef& ref);
v1::Edition UpdateEditionRecord(pqxx::transaction_base& tx, const std::string& id,
                                const v1::Edition& edition, const std::string& actor);

v1::CompetitorExhibition InsertCompetitorExhibition(pqxx::transaction_base& tx,
                                                    const std::string& id,
                                                    const v1::CompetitorExhibition& exhibition,
                                                    const std::string& actor);
std::optional<v1::CompetitorExhibition> FindCompetitorExhibition(pqxx::transaction_base& tx,
                                                                 const std::string& id);
std::optional<v1::CompetitorExhibition> LockCompetitorExhibition(pqxx::transaction_base& tx,
                                                                 const std::string& id);
v1::CompetitorExhibition UpdateCompetitorExhibitionRecord(
    pqxx::transaction_base& tx, const std::string& id, const v1::CompetitorExhibition& exhibition,
    const std::string& actor);
Page<v1::CompetitorExhibition> ListCompetitorExhibitions(pqxx::transaction_base& tx,
                                                         const ListWindow& window);

// Throws pqxx::unique_violation when the client already has this participation (the edition, or the
// competitor's exhibition in that year).
v1::Participation InsertParticipation(pqxx::transaction_base& tx, const std::string& id,
                                      const NewParticipation& participation, int year,
                                      const std::string& actor);
std::optional<v1::Participation> FindParticipation(pqxx::transaction_base& tx,
                                                   const ParticipationRef& ref);
// The client's record of the same edition, or of the same competitor's exhibition and year.
std::optional<v1::Participation> FindSameParticipation(pqxx::transaction_base& tx,
                                                       const NewParticipation& participation);
std::optional<v1::Participation> DeleteParticipation(pqxx::transaction_base& tx,
                                                     const ParticipationRef& ref);
Page<v1::Participation> ListParticipations(pqxx::transaction_base& tx,
                                           const ParticipationList& list);

// Participation derived from sales (domain/sale_participation.h).
// Client `id`, or the client it was merged into; nullopt for an unknown client.
std::optional<std::string> ClientSurvivor(pqxx::transaction_base& tx, const std::string& id);
// A sale as registry keeps it, and the client and edition it had before (the same for a new
// sale); nullopt when an event newer than `event_time` (RFC 3339) already changed it.
struct SaleOfClient {
  std::string sale_id;
  std::string client_id;
  std::string edition_id;
  int64_t area_dm2 = 0;
  bool active = true;
};
std::optional<std::pair<std::string, std::string>> WriteParticipationSale(
    pqxx::transaction_base& tx, const SaleOfClient& sale, const std::string& event_time);
ActiveSales ActiveSalesOf(pqxx::transaction_base& tx, const std::string& client_id,
                          const std::string& edition_id);
struct EditionParticipation {
  v1::Participation participation;
  bool from_sales = false;
};
std::optional<EditionParticipation> LockEditionParticipation(pqxx::transaction_base& tx,
                                                             const std::string& client_id,
                                                             const std::string& edition_id);
// nullopt when the edition is unknown; `fallback_year` when it has no dates yet.
std::optional<v1::Participation> InsertParticipationFromSales(
    pqxx::transaction_base& tx, const std::string& id, const std::string& client_id,
    const std::string& edition_id, int64_t area_dm2, const std::string& actor, int fallback_year);
v1::Participation SetParticipationArea(pqxx::transaction_base& tx, const std::string& id,
                                       int64_t area_dm2);

}  // namespace crm::registry
