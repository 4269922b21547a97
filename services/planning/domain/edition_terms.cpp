#include "services/planning/domain/edition_terms.h"

#include <array>
#include <utility>

#include "common/core/errors.h"

namespace crm::planning::domain {
namespace {

constexpr std::array<std::pair<EditionStatus, std::string_view>, 5> kEditionStatusTexts = {{
    {EditionStatus::kPlanned, "planned"},
    {EditionStatus::kOpenForSales, "open_for_sales"},
    {EditionStatus::kRunning, "running"},
    {EditionStatus::kClosed, "closed"},
    {EditionStatus::kCancelled, "cancelled"},
}};

// Registry's stand types (crm.registry.v1.StandType without its prefix) as the event and the
// stored price list spell them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kStandTypeTexts = {{
    {"linear", "LINEAR"},
    {"corner", "CORNER"},
    {"peninsula", "PENINSULA"},
    {"island", "ISLAND"},
    {"open_area", "OPEN_AREA"},
}};

}  // namespace

std::optional<EditionStatus> ParseEditionStatus(std::string_view text) {
  for (const auto& [status, status_text] : kEditionStatusTexts) {
    if (status_text == text) {
      return status;
    }
  }
  return std::nullopt;
}

std::string_view EditionStatusText(EditionStatus status) {
  for (const auto& [known, text] : kEditionStatusTexts) {
    if (known == status) {
      return text;
    }
  }
  return "";
}

bool EditionAcceptsSales(EditionStatus status) {
  return status != EditionStatus::kClosed && status != EditionStatus::kCancelled;
}

void RequireEditionAcceptsSales(EditionStatus status, const std::string& edition_name) {
  if (!EditionAcceptsSales(status)) {
    throw common::PreconditionError("EDITION_CLOSED",
                                    edition_name + " is " + std::string(EditionStatusText(status)) +
                                        " in the registry and takes no new sales",
                                    edition_name);
  }
}

std::optional<std::string> StoredStandType(std::string_view event_text) {
  for (const auto& [text, stored] : kStandTypeTexts) {
    if (text == event_text) {
      return std::string(stored);
    }
  }
  return std::nullopt;
}

}  // namespace crm::planning::domain
