#pragma once

#include "common/bus/topic.h"
#include "crm/events/v1/registry_client_events.pb.h"
#include "crm/events/v1/registry_competitor_exhibition_events.pb.h"
#include "crm/events/v1/registry_contact_person_events.pb.h"
#include "crm/events/v1/registry_curator_events.pb.h"
#include "crm/events/v1/registry_department_events.pb.h"
#include "crm/events/v1/registry_edition_events.pb.h"
#include "crm/events/v1/registry_employee_events.pb.h"
#include "crm/events/v1/registry_group_events.pb.h"
#include "crm/events/v1/registry_group_proposal_events.pb.h"
#include "crm/events/v1/registry_import_events.pb.h"
#include "crm/events/v1/registry_mailing_export_events.pb.h"
#include "crm/events/v1/registry_mailing_selection_events.pb.h"
#include "crm/events/v1/registry_participation_events.pb.h"
#include "crm/events/v1/registry_project_events.pb.h"
#include "crm/events/v1/registry_project_team_events.pb.h"

// Every event registry publishes: its subject and payload (docs/events.md describes each).
namespace crm::events::v1 {

inline constexpr common::bus::Topic<ClientCreated> kClientCreated{"crm.registry.client.created"};
inline constexpr common::bus::Topic<ClientUpdated> kClientUpdated{"crm.registry.client.updated"};
inline constexpr common::bus::Topic<ClientDeleted> kClientDeleted{"crm.registry.client.deleted"};
inline constexpr common::bus::Topic<ClientUndeleted> kClientUndeleted{
    "crm.registry.client.undeleted"};
inline constexpr common::bus::Topic<ClientRestored> kClientRestored{"crm.registry.client.restored"};
inline constexpr common::bus::Topic<ClientVerified> kClientVerified{"crm.registry.client.verified"};
inline constexpr common::bus::Topic<ClientRejected> kClientRejected{"crm.registry.client.rejected"};
inline constexpr common::bus::Topic<ClientFlagged> kClientFlagged{"crm.registry.client.flagged"};
inline constexpr common::bus::Topic<ClientPostalAddressInvalidated> kClientPostalAddressInvalidated{
    "crm.registry.client.postal_address_invalidated"};
inline constexpr common::bus::Topic<ClientMerged> kClientMerged{"crm.registry.client.merged"};
inline constexpr common::bus::Topic<ClientMergeUndone> kClientMergeUndone{
    "crm.registry.client.merge_undone"};

inline constexpr common::bus::Topic<ContactPersonCreated> kContactPersonCreated{
    "crm.registry.contact_person.created"};
inline constexpr common::bus::Topic<ContactPersonUpdated> kContactPersonUpdated{
    "crm.registry.contact_person.updated"};
inline constexpr common::bus::Topic<ContactPersonDeleted> kContactPersonDeleted{
    "crm.registry.contact_person.deleted"};
inline constexpr common::bus::Topic<ContactPersonUndeleted> kContactPersonUndeleted{
    "crm.registry.contact_person.undeleted"};

inline constexpr common::bus::Topic<EditionCreated> kEditionCreated{"crm.registry.edition.created"};
inline constexpr common::bus::Topic<EditionUpdated> kEditionUpdated{"crm.registry.edition.updated"};

inline constexpr common::bus::Topic<EmployeeCreated> kEmployeeCreated{
    "crm.registry.employee.created"};
inline constexpr common::bus::Topic<EmployeeUpdated> kEmployeeUpdated{
    "crm.registry.employee.updated"};

inline constexpr common::bus::Topic<CuratorAssigned> kCuratorAssigned{
    "crm.registry.curator.assigned"};
inline constexpr common::bus::Topic<CuratorEnded> kCuratorEnded{"crm.registry.curator.ended"};
inline constexpr common::bus::Topic<CuratorsReassigned> kCuratorsReassigned{
    "crm.registry.curators.reassigned"};

inline constexpr common::bus::Topic<ProjectCreated> kProjectCreated{"crm.registry.project.created"};
inline constexpr common::bus::Topic<ProjectUpdated> kProjectUpdated{"crm.registry.project.updated"};
inline constexpr common::bus::Topic<ProjectTargetGroupsSet> kProjectTargetGroupsSet{
    "crm.registry.project.target_groups_set"};

inline constexpr common::bus::Topic<CompetitorExhibitionCreated> kCompetitorExhibitionCreated{
    "crm.registry.competitor_exhibition.created"};
inline constexpr common::bus::Topic<CompetitorExhibitionUpdated> kCompetitorExhibitionUpdated{
    "crm.registry.competitor_exhibition.updated"};

inline constexpr common::bus::Topic<ParticipationRecorded> kParticipationRecorded{
    "crm.registry.participation.recorded"};
inline constexpr common::bus::Topic<ParticipationUpdated> kParticipationUpdated{
    "crm.registry.participation.updated"};
inline constexpr common::bus::Topic<ParticipationDeleted> kParticipationDeleted{
    "crm.registry.participation.deleted"};

inline constexpr common::bus::Topic<GroupCreated> kGroupCreated{"crm.registry.group.created"};
inline constexpr common::bus::Topic<GroupUpdated> kGroupUpdated{"crm.registry.group.updated"};
inline constexpr common::bus::Topic<GroupDeleted> kGroupDeleted{"crm.registry.group.deleted"};
inline constexpr common::bus::Topic<GroupMembersChanged> kGroupMembersChanged{
    "crm.registry.group.members_changed"};
inline constexpr common::bus::Topic<GroupMembersChangedByFilter> kGroupMembersChangedByFilter{
    "crm.registry.group.members_changed_by_filter"};

inline constexpr common::bus::Topic<GroupProposalCreated> kGroupProposalCreated{
    "crm.registry.group_proposal.created"};
inline constexpr common::bus::Topic<GroupProposalAccepted> kGroupProposalAccepted{
    "crm.registry.group_proposal.accepted"};
inline constexpr common::bus::Topic<GroupProposalRejected> kGroupProposalRejected{
    "crm.registry.group_proposal.rejected"};

inline constexpr common::bus::Topic<DepartmentCreated> kDepartmentCreated{
    "crm.registry.department.created"};
inline constexpr common::bus::Topic<DepartmentUpdated> kDepartmentUpdated{
    "crm.registry.department.updated"};
inline constexpr common::bus::Topic<DepartmentDeleted> kDepartmentDeleted{
    "crm.registry.department.deleted"};

inline constexpr common::bus::Topic<ProjectTeamMemberSet> kProjectTeamMemberSet{
    "crm.registry.project_team.member_set"};
inline constexpr common::bus::Topic<ProjectTeamMemberRemoved> kProjectTeamMemberRemoved{
    "crm.registry.project_team.member_removed"};

inline constexpr common::bus::Topic<ClientImportCompleted> kImportCompleted{
    "crm.registry.import.completed"};

inline constexpr common::bus::Topic<MailingSelectionChanged> kMailingSelectionCreated{
    "crm.registry.mailing_selection.created"};
inline constexpr common::bus::Topic<MailingSelectionChanged> kMailingSelectionUpdated{
    "crm.registry.mailing_selection.updated"};
inline constexpr common::bus::Topic<MailingSelectionChanged> kMailingSelectionDeleted{
    "crm.registry.mailing_selection.deleted"};

inline constexpr common::bus::Topic<MailingExportCreated> kMailingExportCreated{
    "crm.registry.mailing_export.created"};
inline constexpr common::bus::Topic<MailingReturnedMailMarked> kMailingExportReturnedMailMarked{
    "crm.registry.mailing_export.returned_mail_marked"};

// The list of the topics above, for the AsyncAPI document (tools/asyncapi).
inline constexpr common::bus::TopicInfo kRegistryTopics[] = {
    InfoOf(kClientCreated),
    InfoOf(kClientUpdated),
    InfoOf(kClientDeleted),
    InfoOf(kClientUndeleted),
    InfoOf(kClientRestored),
    InfoOf(kClientVerified),
    InfoOf(kClientRejected),
    InfoOf(kClientFlagged),
    InfoOf(kClientPostalAddressInvalidated),
    InfoOf(kClientMerged),
    InfoOf(kClientMergeUndone),
    InfoOf(kContactPersonCreated),
    InfoOf(kContactPersonUpdated),
    InfoOf(kContactPersonDeleted),
    InfoOf(kContactPersonUndeleted),
    InfoOf(kEditionCreated),
    InfoOf(kEditionUpdated),
    InfoOf(kEmployeeCreated),
    InfoOf(kEmployeeUpdated),
    InfoOf(kCuratorAssigned),
    InfoOf(kCuratorEnded),
    InfoOf(kCuratorsReassigned),
    InfoOf(kProjectCreated),
    InfoOf(kProjectUpdated),
    InfoOf(kProjectTargetGroupsSet),
    InfoOf(kCompetitorExhibitionCreated),
    InfoOf(kCompetitorExhibitionUpdated),
    InfoOf(kParticipationRecorded),
    InfoOf(kParticipationUpdated),
    InfoOf(kParticipationDeleted),
    InfoOf(kGroupCreated),
    InfoOf(kGroupUpdated),
    InfoOf(kGroupDeleted),
    InfoOf(kGroupMembersChanged),
    InfoOf(kGroupMembersChangedByFilter),
    InfoOf(kGroupProposalCreated),
    InfoOf(kGroupProposalAccepted),
    InfoOf(kGroupProposalRejected),
    InfoOf(kDepartmentCreated),
    InfoOf(kDepartmentUpdated),
    InfoOf(kDepartmentDeleted),
    InfoOf(kProjectTeamMemberSet),
    InfoOf(kProjectTeamMemberRemoved),
    InfoOf(kImportCompleted),
    InfoOf(kMailingSelectionCreated),
    InfoOf(kMailingSelectionUpdated),
    InfoOf(kMailingSelectionDeleted),
    InfoOf(kMailingExportCreated),
    InfoOf(kMailingExportReturnedMailMarked)};

}  // namespace crm::events::v1
