#include "services/registry/app/participation_from_sales.h"

#include "common/bus/consumer.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "crm/events/v1/registry_topics.h"
#include "services/registry/domain/sale_participation.h"
#include "services/registry/events/published.h"

namespace crm::registry {
namespace {

// Who the participations made from sales are recorded as created by.
constexpr char kSalesActor[] = "crm-planning sales";

// Brings the participation of `client_id` in `edition_id` in line with its active sales.
void Reconcile(pqxx::work& tx, const std::string& client_id, const std::string& edition_id,
               int sale_year) {
  const std::optional<EditionParticipation> current =
      LockEditionParticipation(tx, client_id, edition_id);
  const ActiveSales sales = ActiveSalesOf(tx, client_id, edition_id);
  std::optional<ExistingParticipation> existing;
  if (current) {
    existing = ExistingParticipation{current->participation.area_dm2(), current->from_sales};
  }
  switch (DecideParticipation(existing, sales)) {
    case ParticipationChange::kNone:
      return;
    case ParticipationChange::kCreate: {
      auto created = InsertParticipationFromSales(tx, common::NewUuid(), client_id, edition_id,
                                                  sales.area_dm2, kSalesActor, sale_year);
      if (!created) {
        throw common::bus::PoisonEvent("the sale's edition " + edition_id +
                                       " is not an edition registry knows");
      }
      common::bus::EnqueueEvent(tx, events::v1::kParticipationRecorded, created->name(),
                                ParticipationRecordedEvent(*created));
      return;
    }
    case ParticipationChange::kSetArea: {
      const ParticipationRef ref = ValidateParticipationName(current->participation.name(), "name");
      const v1::Participation updated =
          SetParticipationArea(tx, ref.participation_id, sales.area_dm2);
      common::bus::EnqueueEvent(tx, events::v1::kParticipationUpdated, updated.name(),
                                ParticipationUpdatedEvent(updated, existing->area_dm2));
      return;
    }
    case ParticipationChange::kDelete: {
      const ParticipationRef ref = ValidateParticipationName(current->participation.name(), "name");
      if (auto deleted = DeleteParticipation(tx, ref)) {
        common::bus::EnqueueEvent(tx, events::v1::kParticipationDeleted, deleted->name(),
                                  ParticipationDeletedEvent(*deleted));
      }
      return;
    }
  }
}

}  // namespace

void ApplySaleToParticipation(pqxx::work& tx, SaleOfClient sale, const std::string& event_time,
                              int sale_year) {
  std::optional<std::string> survivor = ClientSurvivor(tx, sale.client_id);
  if (!survivor) {
    throw common::bus::PoisonEvent("the sale's client " + sale.client_id +
                                   " is not a client registry knows");
  }
  sale.client_id = *survivor;
  const auto previous = WriteParticipationSale(tx, sale, event_time);
  if (!previous) {
    return;  // a newer event of this sale was applied already
  }
  Reconcile(tx, sale.client_id, sale.edition_id, sale_year);
  // An amendment that moved the sale to another client or edition leaves the old one's sales.
  const auto& [previous_client, previous_edition] = *previous;
  if (previous_client != sale.client_id || previous_edition != sale.edition_id) {
    auto previous_survivor = ClientSurvivor(tx, previous_client);
    Reconcile(tx, previous_survivor.value_or(previous_client), previous_edition, sale_year);
  }
}

}  // namespace crm::registry
