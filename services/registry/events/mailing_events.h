#pragma once

#include <string>

#include "crm/events/v1/registry_mailing_export_events.pb.h"
#include "crm/events/v1/registry_mailing_selection_events.pb.h"
#include "crm/registry/v1/mailing.pb.h"

// What postal mailings emit (docs/events.md): subjects and payload builders.
namespace crm::registry {

inline constexpr char kMailingSelectionCreatedSubject[] = "crm.registry.mailing_selection.created";
inline constexpr char kMailingSelectionUpdatedSubject[] = "crm.registry.mailing_selection.updated";
inline constexpr char kMailingSelectionDeletedSubject[] = "crm.registry.mailing_selection.deleted";
inline constexpr char kMailingExportCreatedSubject[] = "crm.registry.mailing_export.created";
inline constexpr char kMailingReturnedMailMarkedSubject[] =
    "crm.registry.mailing_export.returned_mail_marked";

events::v1::MailingSelectionChanged MailingSelectionChangedEvent(
    const v1::MailingSelection& selection, const std::string& changed_by);
events::v1::MailingExportCreated MailingExportCreatedEvent(const v1::MailingExport& made);

}  // namespace crm::registry
