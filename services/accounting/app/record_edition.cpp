#include "services/accounting/app/record_edition.h"

#include "common/api/date.h"
#include "common/bus/consumer.h"
#include "services/accounting/store/edition_store.h"

namespace crm::accounting::app {
namespace {

std::string DateOf(const google::type::Date& date) {
  const auto day = common::api::CalendarDate(date);
  return day ? common::api::IsoDate(*day) : std::string();
}

EditionRecord RecordOf(const crm::events::v1::EditionSnapshot& snapshot) {
  common::bus::ChildResourceIdsOrPoison(snapshot.edition(), "projects", "editions",
                                        "edition.edition");
  EditionRecord edition;
  edition.name = snapshot.edition();
  edition.display_name = snapshot.display_name();
  edition.project_display_name = snapshot.project_display_name();
  edition.start_date = DateOf(snapshot.start_date());
  edition.end_date = DateOf(snapshot.end_date());
  edition.venue = snapshot.venue();
  if (snapshot.has_price_per_m2()) {
    edition.price_per_m2_kopecks = snapshot.price_per_m2().minor_units();
  }
  return edition;
}

}  // namespace

void RecordEdition(pqxx::work& tx, const crm::events::v1::EditionCreated& created,
                   const std::optional<std::string>& event_time) {
  EditionStore::Put(tx, RecordOf(created.edition()), false, event_time);
}

void RecordEdition(pqxx::work& tx, const crm::events::v1::EditionUpdated& updated,
                   const std::optional<std::string>& event_time) {
  EditionRecord edition = RecordOf(updated.edition());
  for (const auto& price : updated.stand_prices()) {
    edition.stand_prices[price.stand_type()] = price.price_per_m2().minor_units();
  }
  EditionStore::Put(tx, edition, true, event_time);
}

}  // namespace crm::accounting::app
