#include "services/registry/events/handlers.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <ctime>
#include <string>

#include "common/bus/event_time.h"
#include "crm/events/v1/planning_topics.h"
#include "services/registry/app/participation_from_sales.h"

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

}  // namespace

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
  return all;
}

}  // namespace crm::registry
