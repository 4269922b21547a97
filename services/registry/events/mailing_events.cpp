#include "services/registry/events/mailing_events.h"

#include "common/bus/outbox.h"

namespace crm::registry {

events::v1::MailingSelectionChanged MailingSelectionChangedEvent(
    const v1::MailingSelection& selection, const std::string& changed_by) {
  events::v1::MailingSelectionChanged event;
  event.set_selection(selection.name());
  event.set_display_name(selection.display_name());
  event.set_owner(selection.owner());
  event.set_subscribed_only(selection.subscribed_only());
  event.set_valid_postal_address_only(selection.valid_postal_address_only());
  event.set_filter_json(common::bus::ToJson(selection.filter()));
  event.set_changed_by(changed_by);
  return event;
}

events::v1::MailingExportCreated MailingExportCreatedEvent(const v1::MailingExport& made) {
  events::v1::MailingExportCreated event;
  event.set_mailing_export(made.name());
  event.set_selection(made.selection());
  event.set_recipient_count(made.recipient_count());
  event.set_created_by(made.creator());
  return event;
}

}  // namespace crm::registry
