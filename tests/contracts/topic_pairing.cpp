// Pairs topics with payloads the way the services do: publishing one event, publishing many,
// routing to a handler. As it is, it compiles (the build proves it). With one of the
// CRM_TOPIC_PAIRING_WRONG_* macros defined it makes one mistake the typed topics must refuse;
// tests/contracts/CMakeLists.txt builds each such variant and passes only when the compiler
// rejects it at the marked line.
#include <vector>

#include "common/bus/consumer.h"
#include "common/bus/outbox.h"
#include "crm/events/v1/planning_topics.h"

namespace crm::contracts {

namespace bus = crm::common::bus;
namespace ev = crm::events::v1;

void PublishSaleEvents(pqxx::work& tx, const ev::SaleRecorded& recorded,
                       const ev::SaleAmended& amended) {
  bus::EnqueueEvent(tx, ev::kSaleRecorded, recorded.sale(), recorded);
#ifdef CRM_TOPIC_PAIRING_WRONG_PUBLISH
  bus::EnqueueEvent(tx, ev::kSaleRecorded, amended.sale().sale(), amended);  // wrong pairing
#else
  bus::EnqueueEvent(tx, ev::kSaleAmended, amended.sale().sale(), amended);
#endif
}

void PublishReminders(pqxx::work& tx, const std::vector<ev::TaskReminderDue>& due) {
  std::vector<bus::PendingEvent<ev::TaskReminderDue>> pending;
  pending.reserve(due.size());
  for (const auto& reminder : due) {
    pending.push_back({reminder.contact(), &reminder});
  }
#ifdef CRM_TOPIC_PAIRING_WRONG_BULK_PUBLISH
  bus::EnqueueEvents(tx, ev::kContactPlanned, pending);  // wrong pairing
#else
  bus::EnqueueEvents(tx, ev::kTaskReminderDue, pending);
#endif
}

void RouteSaleEvents(bus::EventRouter& router) {
  router.On(ev::kSaleRecorded,
            [](pqxx::work&, const ev::SaleRecorded&, const bus::InboundEvent&) {});
#ifdef CRM_TOPIC_PAIRING_WRONG_HANDLER
  router.On(ev::kSaleCancelled,  // wrong pairing
            [](pqxx::work&, const ev::SaleAmended&, const bus::InboundEvent&) {});
#else
  router.On(ev::kSaleCancelled,
            [](pqxx::work&, const ev::SaleCancelled&, const bus::InboundEvent&) {});
#endif
}

#ifdef CRM_TOPIC_PAIRING_WRONG_SUBJECT
inline constexpr bus::Topic<ev::SaleRecorded> kMalformed{"crm.planning.sale"};  // no event part
#else
inline constexpr bus::Topic<ev::SaleRecorded> kWellFormed{"crm.planning.sale.recorded"};
#endif

}  // namespace crm::contracts
