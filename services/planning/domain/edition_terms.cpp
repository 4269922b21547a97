#include "services/planning/domain/edition_terms.h"

#include "common/api/enum_text.h"
#include "common/core/errors.h"
#include "crm/planning/v1/results.pb.h"
#include "crm/registry/v1/registry.pb.h"

namespace crm::planning::domain {
namespace {

namespace registry = crm::registry::v1;
using common::api::TextCase;

// The event's text and the column's of an edition status.
using StatusText = common::api::EnumText<registry::EditionStatus, TextCase::kLower>;
static_assert(static_cast<int>(EditionStatus::kPlanned) == registry::EDITION_STATUS_PLANNED);
static_assert(static_cast<int>(EditionStatus::kOpenForSales) ==
              registry::EDITION_STATUS_OPEN_FOR_SALES);
static_assert(static_cast<int>(EditionStatus::kRunning) == registry::EDITION_STATUS_RUNNING);
static_assert(static_cast<int>(EditionStatus::kClosed) == registry::EDITION_STATUS_CLOSED);
static_assert(static_cast<int>(EditionStatus::kCancelled) == registry::EDITION_STATUS_CANCELLED);

}  // namespace

std::optional<EditionStatus> ParseEditionStatus(std::string_view text) {
  const auto status = StatusText::Find(text);
  return status ? std::optional<EditionStatus>(static_cast<EditionStatus>(*status)) : std::nullopt;
}

std::string EditionStatusText(EditionStatus status) {
  return StatusText::Of(static_cast<registry::EditionStatus>(status));
}

bool EditionAcceptsSales(EditionStatus status) {
  return status != EditionStatus::kClosed && status != EditionStatus::kCancelled;
}

void RequireEditionAcceptsSales(EditionStatus status, const std::string& edition_name) {
  if (!EditionAcceptsSales(status)) {
    throw common::PreconditionError("EDITION_CLOSED",
                                    edition_name + " is " + EditionStatusText(status) +
                                        " in the registry and takes no new sales",
                                    edition_name);
  }
}

std::optional<std::string> StoredStandType(std::string_view event_text) {
  // Registry's StandType in lower case; planning's has the same numbers (results.proto), and the
  // former name OPEN_AIR only as an alias, which registry never sends.
  const auto type = common::api::EnumText<registry::StandType, TextCase::kLower>::Find(event_text);
  return type ? std::optional<std::string>(
                    common::api::EnumText<v1::StandType>::Of(static_cast<v1::StandType>(*type)))
              : std::nullopt;
}

}  // namespace crm::planning::domain
