#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crm/events/v1/registry_topics.h"
#include "crm/registry/v1/exhibitions.pb.h"
#include "crm/registry/v1/groups.pb.h"
#include "crm/registry/v1/import.pb.h"
#include "crm/registry/v1/mailing.pb.h"
#include "crm/registry/v1/quality.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "crm/registry/v1/staff.pb.h"

// Everything the registry emits: the topics are declared in crm/events/v1/registry_topics.h
// (subject + payload type, docs/events.md); here is one payload builder per event. The handlers
// publish with common::bus::EnqueueEvent(tx, events::v1::k<Event>, resource name, <Event>Event(..))
// in the transaction of the change. The registry consumes no events.
namespace crm::registry {

// --- clients (crm.registry.client.*) ---------------------------------------------------------
events::v1::ClientCreated ClientCreatedEvent(const v1::Client& client);
events::v1::ClientUpdated ClientUpdatedEvent(const v1::Client& client);
events::v1::ClientDeleted ClientDeletedEvent(const v1::Client& client);
events::v1::ClientUndeleted ClientUndeletedEvent(const v1::Client& client);
events::v1::ClientRestored ClientRestoredEvent(const v1::Client& client, int restored_version);
events::v1::ClientVerified ClientVerifiedEvent(const v1::Client& client,
                                               const std::string& verified_by,
                                               const std::string& comment,
                                               bool postal_address_confirmed);
events::v1::ClientRejected ClientRejectedEvent(const v1::Client& client,
                                               const std::string& rejected_by,
                                               const std::string& reason);
events::v1::ClientFlagged ClientFlaggedEvent(const v1::VerificationItem& item,
                                             const std::string& flagged_by);
events::v1::ClientPostalAddressInvalidated ClientPostalAddressInvalidatedEvent(
    const v1::VerificationItem& item, const std::string& reported_by);
events::v1::ClientMerged ClientMergedEvent(const v1::Merge& merge, const std::string& merged_by);
events::v1::ClientMergeUndone ClientMergeUndoneEvent(const v1::Merge& merge);

// --- contact persons (crm.registry.contact_person.*) -----------------------------------------
events::v1::ContactPersonCreated ContactPersonCreatedEvent(const v1::ContactPerson& person);
events::v1::ContactPersonUpdated ContactPersonUpdatedEvent(const v1::ContactPerson& person);
events::v1::ContactPersonDeleted ContactPersonDeletedEvent(const v1::ContactPerson& person);
events::v1::ContactPersonUndeleted ContactPersonUndeletedEvent(const v1::ContactPerson& person);

// --- staff: employees, departments, curators, project teams ----------------------------------
events::v1::EmployeeCreated EmployeeCreatedEvent(const v1::Employee& employee);
events::v1::EmployeeUpdated EmployeeUpdatedEvent(const v1::Employee& employee);
events::v1::DepartmentCreated DepartmentCreatedEvent(const v1::Department& department);
events::v1::DepartmentUpdated DepartmentUpdatedEvent(const v1::Department& department);
events::v1::DepartmentDeleted DepartmentDeletedEvent(const v1::Department& department);
events::v1::CuratorAssigned CuratorAssignedEvent(const v1::Curator& curator,
                                                 const std::string& previous_employee);
events::v1::CuratorEnded CuratorEndedEvent(const v1::Curator& curator);
events::v1::CuratorsReassigned CuratorsReassignedEvent(const v1::ReassignCuratorsResponse& result,
                                                       const std::string& reassigned_by);
events::v1::ProjectTeamMemberSet ProjectTeamMemberSetEvent(const v1::ProjectTeamMember& member,
                                                           const std::string& previous_role);
events::v1::ProjectTeamMemberRemoved ProjectTeamMemberRemovedEvent(
    const v1::ProjectTeamMember& member);

// --- exhibitions: projects, editions, competitors' exhibitions, participations ----------------
events::v1::ProjectCreated ProjectCreatedEvent(const v1::Project& project);
events::v1::ProjectUpdated ProjectUpdatedEvent(const v1::Project& project);
// `groups`, `linked`, `unlinked`: "groups/{group}" names.
events::v1::ProjectTargetGroupsSet ProjectTargetGroupsSetEvent(
    const std::string& project, const std::vector<std::string>& groups,
    const std::vector<std::string>& linked, const std::vector<std::string>& unlinked,
    const std::string& set_by);
events::v1::EditionCreated EditionCreatedEvent(const v1::Edition& edition,
                                               const v1::Project& project);
events::v1::EditionUpdated EditionUpdatedEvent(const v1::Edition& edition,
                                               const v1::Project& project);
events::v1::CompetitorExhibitionCreated CompetitorExhibitionCreatedEvent(
    const v1::CompetitorExhibition& exhibition);
events::v1::CompetitorExhibitionUpdated CompetitorExhibitionUpdatedEvent(
    const v1::CompetitorExhibition& exhibition);
events::v1::ParticipationRecorded ParticipationRecordedEvent(const v1::Participation& p);
events::v1::ParticipationUpdated ParticipationUpdatedEvent(const v1::Participation& p,
                                                           int64_t previous_area_dm2);
events::v1::ParticipationDeleted ParticipationDeletedEvent(const v1::Participation& p);

// --- groups (crm.registry.group.*) -----------------------------------------------------------
events::v1::GroupCreated GroupCreatedEvent(const v1::Group& group);
events::v1::GroupUpdated GroupUpdatedEvent(const v1::Group& group);
events::v1::GroupDeleted GroupDeletedEvent(const v1::Group& group);
// `client_ids`: the clients named in the request (added or removed).
events::v1::GroupMembersChanged GroupMembersChangedEvent(const v1::Group& group,
                                                         const std::vector<std::string>& client_ids,
                                                         bool added, int64_t changed_count,
                                                         int64_t member_count);
// `sample_ids`: at most 100 of the changed clients; the sample is truncated when fewer than
// `changed_count`.
events::v1::GroupMembersChangedByFilter GroupMembersChangedByFilterEvent(
    const v1::Group& group, bool added, int64_t changed_count, int64_t member_count,
    const std::vector<std::string>& sample_ids, const std::string& changed_by);

// --- group membership proposals (crm.registry.group_proposal.*) ------------------------------
events::v1::GroupProposalCreated GroupProposalCreatedEvent(
    const v1::GroupMembershipProposal& proposal);
// `member_count`: the group's members after the client joined.
events::v1::GroupProposalAccepted GroupProposalAcceptedEvent(
    const v1::GroupMembershipProposal& proposal, int64_t member_count);
events::v1::GroupProposalRejected GroupProposalRejectedEvent(
    const v1::GroupMembershipProposal& proposal);

// --- imports and mailings ---------------------------------------------------------------------
events::v1::ClientImportCompleted ClientImportCompletedEvent(const v1::ClientImport& import,
                                                             const std::string& run_by);
events::v1::MailingSelectionChanged MailingSelectionChangedEvent(
    const v1::MailingSelection& selection, const std::string& changed_by);
events::v1::MailingExportCreated MailingExportCreatedEvent(const v1::MailingExport& made);
// `client_ids`: the clients whose letters came back; `row_numbers` as the request gave them.
events::v1::MailingReturnedMailMarked MailingReturnedMailMarkedEvent(
    const v1::MailingExport& mailing_export, const std::vector<std::string>& client_ids,
    const std::vector<int>& row_numbers, const std::string& marked_by);

}  // namespace crm::registry
