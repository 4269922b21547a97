#include "services/registry/events/quality_events.h"

namespace crm::registry {

events::v1::ClientFlagged ClientFlaggedEvent(const v1::VerificationItem& item,
                                             const std::string& flagged_by) {
  events::v1::ClientFlagged event;
  event.set_client(item.client());
  event.set_verification_item(item.name());
  event.set_flagged_by(flagged_by);
  event.set_problem(item.problem());
  *event.mutable_field_paths() = item.field_paths();
  event.set_comment(item.comment());
  return event;
}

events::v1::ClientPostalAddressInvalidated ClientPostalAddressInvalidatedEvent(
    const v1::VerificationItem& item, const std::string& reported_by) {
  events::v1::ClientPostalAddressInvalidated event;
  event.set_client(item.client());
  event.set_verification_item(item.name());
  event.set_reported_by(reported_by);
  event.set_problem(item.problem());
  event.set_comment(item.comment());
  return event;
}

}  // namespace crm::registry
