#pragma once

#include <optional>
#include <string>
#include <string_view>

// An edition's sale terms as registry announces them (crm.registry.edition.updated): its status,
// which decides whether it still takes sales, and the stand types its price list names. Pure.
namespace crm::planning::domain {

// The statuses of crm.registry.v1.EditionStatus, by their numbers there (edition_terms.cpp checks
// them).
enum class EditionStatus {
  kPlanned = 1,
  kOpenForSales = 2,
  kRunning = 3,
  kClosed = 4,
  kCancelled = 5
};

// "planned", "open_for_sales", "running", "closed", "cancelled": the event's text and the
// editions.status column, registry's EditionStatus in lower case (common/api/enum_text.h), as
// registry publishes it. nullopt for any other text.
std::optional<EditionStatus> ParseEditionStatus(std::string_view text);
std::string EditionStatusText(EditionStatus status);

// Whether the edition takes new sales and stand holds: every status but closed and cancelled (a
// planned edition sells too: registry announces editions as planned and opens them later).
bool EditionAcceptsSales(EditionStatus status);

// Throws common::PreconditionError EDITION_CLOSED naming `edition_name` when the edition takes
// no new sales.
void RequireEditionAcceptsSales(EditionStatus status, const std::string& edition_name);

// The stored stand type of a price list entry ("OPEN_AREA", as edition_stand_prices holds it) for
// the event's text ("open_area"); nullopt for a type registry does not define.
std::optional<std::string> StoredStandType(std::string_view event_text);

}  // namespace crm::planning::domain
