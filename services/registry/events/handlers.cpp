#include "services/registry/events/handlers.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <ctime>
#include <string>

#include "common/api/enum_text.h"
#include "common/bus/event_time.h"
#include "crm/events/v1/planning_topics.h"
#include "services/registry/app/lead_sources.h"
#include "services/registry/app/participation_from_sales.h"
#include "services/registry/domain/client_rules.h"

namespace crm::registry {
namespace {

using common::bus::InboundEvent;
using common::bus::PoisonEvent;
using google::protobuf::util::TimeUtil;

// The sale as registry keeps it; `active` from its state.
SaleOfClient SaleOf(const events::v1::SaleRecorded& sale) {
  SaleOfClient kept;
  kept.sale_id = common::bus::ResourceIdOrPoison(sale.sale(), "sales", "sale");
  kept.client_id = common::bus::ResourceIdOrPoison(sale.client().client(), "clients", "client");
  kept.edition_id = common::bus::ChildResourceIdsOrPoison(sale.edition().edition(), "projects",
                                                          "editions", "edition.edition")
                        .second;
  if (sale.area_dm2() < 0) {
    throw PoisonEvent("sale " + sale.sale() + " has a negative area");
  }
  kept.area_dm2 = sale.area_dm2();
  kept.active = sale.state() != "CANCELLED";
  return kept;
}

// The year of the sale, for an edition that has no dates yet.
int YearOf(const events::v1::SaleRecorded& sale) {
  const std::time_t seconds = TimeUtil::TimestampToTimeT(sale.sale_time());
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return utc.tm_year + 1900;
}

// ce-time, or now for an event that carries none (it is then the latest).
std::string EventTime(const InboundEvent& meta) {
  return common::bus::EventTimeOf(meta).value_or(TimeUtil::ToString(TimeUtil::GetCurrentTime()));
}

void Apply(pqxx::work& tx, const events::v1::SaleRecorded& sale, bool active,
           const InboundEvent& meta) {
  SaleOfClient kept = SaleOf(sale);
  kept.active = kept.active && active;
  ApplySaleToParticipation(tx, kept, EventTime(meta), YearOf(sale));
}

// Planning's kind as registry's: the two enums have the same names (a unit test compares them).
v1::LeadSourceKind KindOf(crm::planning::v1::LeadSourceKind kind) {
  try {
    return LeadSourceKindText::Parse(
        common::api::EnumText<crm::planning::v1::LeadSourceKind>::Of(kind));
  } catch (const std::invalid_argument&) {         // a number planning's enum lacks
  } catch (const common::api::StoredEnumError&) {  // a name registry's enum lacks
  }
  throw PoisonEvent("lead source kind " + std::to_string(static_cast<int>(kind)) +
                    " is unknown to registry");
}

void ApplyLeadSource(pqxx::work& tx, const events::v1::LeadSourceSet& event) {
  const auto& source = event.lead_source();
  app::LeadSourceSetting setting;
  setting.client_id = common::bus::ResourceIdOrPoison(source.client(), "clients", "client");
  setting.kind = KindOf(source.source());
  setting.detail = source.detail();
  setting.actor = source.recorded_by();
  if (!source.has_record_time()) {
    throw PoisonEvent("lead source of " + source.client() + " has no record_time");
  }
  setting.time = TimeUtil::ToString(source.record_time());
  app::ApplyLeadSourceSetting(tx, setting);
}

}  // namespace

common::bus::ConsumerOptions LeadSourcesConsumerOptions() {
  return {.durable = "registry-lead-sources", .filter_subject = "crm.planning.lead_source.set"};
}

void RegisterLeadSourceHandlers(common::bus::EventRouter& router) {
  router.On(events::v1::kLeadSourceSet, [](pqxx::work& tx, const events::v1::LeadSourceSet& event,
                                           const InboundEvent&) { ApplyLeadSource(tx, event); });
}

common::bus::ConsumerOptions SalesConsumerOptions() {
  return {.durable = "registry-sales", .filter_subject = "crm.planning.sale.>"};
}

void RegisterSaleHandlers(common::bus::EventRouter& router) {
  router.On(events::v1::kSaleRecorded,
            [](pqxx::work& tx, const events::v1::SaleRecorded& sale, const InboundEvent& meta) {
              Apply(tx, sale, true, meta);
            });
  router.On(events::v1::kSaleAmended,
            [](pqxx::work& tx, const events::v1::SaleAmended& amended, const InboundEvent& meta) {
              Apply(tx, amended.sale(), true, meta);
            });
  router.On(events::v1::kSaleCancelled,
            [](pqxx::work& tx, const events::v1::SaleCancelled& cancelled,
               const InboundEvent& meta) { Apply(tx, cancelled.sale(), false, meta); });
}

std::vector<common::bus::Subscription> Subscriptions() {
  std::vector<common::bus::Subscription> all;
  common::bus::EventRouter sales;
  RegisterSaleHandlers(sales);
  all.push_back({SalesConsumerOptions(), std::move(sales)});
  common::bus::EventRouter lead_sources;
  RegisterLeadSourceHandlers(lead_sources);
  all.push_back({LeadSourcesConsumerOptions(), std::move(lead_sources)});
  return all;
}

}  // namespace crm::registry
