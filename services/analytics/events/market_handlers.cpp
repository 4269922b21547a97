#include "services/analytics/events/market_handlers.h"

#include "common/bus/event_time.h"
#include "crm/events/v1/registry_topics.h"
#include "services/analytics/domain/market.h"
#include "services/analytics/store/market_store.h"

namespace crm::analytics {

using common::bus::InboundEvent;
namespace ev1 = crm::events::v1;

namespace {

// The ids of "clients/{uuid}" names; a malformed one makes the event unusable.
std::vector<std::string> ClientIds(const google::protobuf::RepeatedPtrField<std::string>& names,
                                   std::string_view field) {
  std::vector<std::string> ids;
  ids.reserve(names.size());
  for (const auto& name : names) {
    ids.push_back(common::bus::ResourceIdOrPoison(name, "clients", field));
  }
  return ids;
}

}  // namespace

void AddMarketRoutes(common::bus::EventRouter& router) {
  router.On(ev1::kClientCreated, [](pqxx::work& tx, const ev1::ClientCreated& ev,
                                    const InboundEvent& meta) {
    MarketStore::UpsertClient(
        tx, domain::ClientRowOf(ev.client(), "client", common::bus::EventTimeOf(meta).value_or("")),
        "active");
  });
  router.On(ev1::kClientUpdated,
            [](pqxx::work& tx, const ev1::ClientUpdated& ev, const InboundEvent&) {
              MarketStore::UpsertClient(tx, domain::ClientRowOf(ev.client(), "client", ""), "");
            });
  router.On(ev1::kClientRestored,
            [](pqxx::work& tx, const ev1::ClientRestored& ev, const InboundEvent&) {
              MarketStore::UpsertClient(tx, domain::ClientRowOf(ev.client(), "client", ""), "");
            });
  router.On(ev1::kClientUndeleted, [](pqxx::work& tx, const ev1::ClientUndeleted& ev,
                                      const InboundEvent&) {
    MarketStore::UpsertClient(tx, domain::ClientRowOf(ev.client(), "client", ""), "active");
  });
  router.On(ev1::kClientDeleted,
            [](pqxx::work& tx, const ev1::ClientDeleted& ev, const InboundEvent&) {
              MarketStore::DeleteClient(
                  tx, common::bus::ResourceIdOrPoison(ev.client(), "clients", "client"));
            });
  router.On(ev1::kClientMerged,
            [](pqxx::work& tx, const ev1::ClientMerged& ev, const InboundEvent&) {
              MarketStore::MergeClients(
                  tx, common::bus::ResourceIdOrPoison(ev.survivor(), "clients", "survivor"),
                  ClientIds(ev.merged(), "merged"));
            });
  router.On(ev1::kClientMergeUndone,
            [](pqxx::work& tx, const ev1::ClientMergeUndone& ev, const InboundEvent&) {
              MarketStore::UndoMerge(
                  tx, common::bus::ResourceIdOrPoison(ev.survivor(), "clients", "survivor"),
                  ClientIds(ev.restored(), "restored"));
            });
  router.On(ev1::kParticipationRecorded, [](pqxx::work& tx, const ev1::ParticipationRecorded& ev,
                                            const InboundEvent&) {
    MarketStore::UpsertParticipation(tx, domain::ParticipationRowOf(ev.participation()), false);
  });
  router.On(ev1::kParticipationUpdated, [](pqxx::work& tx, const ev1::ParticipationUpdated& ev,
                                           const InboundEvent&) {
    MarketStore::UpsertParticipation(tx, domain::ParticipationRowOf(ev.participation()), false);
  });
  router.On(ev1::kParticipationDeleted, [](pqxx::work& tx, const ev1::ParticipationDeleted& ev,
                                           const InboundEvent&) {
    MarketStore::UpsertParticipation(tx, domain::ParticipationRowOf(ev.participation()), true);
  });
  router.On(ev1::kCompetitorExhibitionCreated,
            [](pqxx::work& tx, const ev1::CompetitorExhibitionCreated& ev, const InboundEvent&) {
              MarketStore::UpsertCompetitor(tx,
                                            domain::CompetitorRowOf(ev.competitor_exhibition()));
            });
  router.On(ev1::kCompetitorExhibitionUpdated,
            [](pqxx::work& tx, const ev1::CompetitorExhibitionUpdated& ev, const InboundEvent&) {
              MarketStore::UpsertCompetitor(tx,
                                            domain::CompetitorRowOf(ev.competitor_exhibition()));
            });
}

}  // namespace crm::analytics
