#pragma once

#include <string>
#include <vector>

#include "crm/events/v1/registry_competitor_exhibition_events.pb.h"
#include "crm/events/v1/registry_curator_events.pb.h"
#include "crm/events/v1/registry_edition_events.pb.h"
#include "crm/events/v1/registry_employee_events.pb.h"
#include "crm/events/v1/registry_group_events.pb.h"
#include "crm/events/v1/registry_participation_events.pb.h"
#include "crm/events/v1/registry_project_events.pb.h"
#include "crm/registry/v1/exhibitions.pb.h"
#include "crm/registry/v1/groups.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "crm/registry/v1/staff.pb.h"

// What the registry emits about its organisation side: staff and curators (docs/events.md).
namespace crm::registry {

inline constexpr char kEmployeeUpdatedSubject[] = "crm.registry.employee.updated";
inline constexpr char kCuratorAssignedSubject[] = "crm.registry.curator.assigned";
inline constexpr char kCuratorEndedSubject[] = "crm.registry.curator.ended";
inline constexpr char kCuratorsReassignedSubject[] = "crm.registry.curators.reassigned";
inline constexpr char kProjectCreatedSubject[] = "crm.registry.project.created";
inline constexpr char kProjectUpdatedSubject[] = "crm.registry.project.updated";
inline constexpr char kEditionUpdatedSubject[] = "crm.registry.edition.updated";
inline constexpr char kCompetitorExhibitionCreatedSubject[] =
    "crm.registry.competitor_exhibition.created";
inline constexpr char kCompetitorExhibitionUpdatedSubject[] =
    "crm.registry.competitor_exhibition.updated";
inline constexpr char kParticipationRecordedSubject[] = "crm.registry.participation.recorded";
inline constexpr char kParticipationDeletedSubject[] = "crm.registry.participation.deleted";
inline constexpr char kGroupCreatedSubject[] = "crm.registry.group.created";
inline constexpr char kGroupUpdatedSubject[] = "crm.registry.group.updated";
inline constexpr char kGroupDeletedSubject[] = "crm.registry.group.deleted";
inline constexpr char kGroupMembersChangedSubject[] = "crm.registry.group.members_changed";
inline constexpr char kGroupMembersChangedByFilterSubject[] =
    "crm.registry.group.members_changed_by_filter";
inline constexpr char kProjectTargetGroupsSetSubject[] = "crm.registry.project.target_groups_set";
inline constexpr char kDepartmentCreatedSubject[] = "crm.registry.department.created";
inline constexpr char kDepartmentUpdatedSubject[] = "crm.registry.department.updated";
inline constexpr char kDepartmentDeletedSubject[] = "crm.registry.department.deleted";
inline constexpr char kProjectTeamMemberSetSubject[] = "crm.registry.project_team.member_set";
inline constexpr char kProjectTeamMemberRemovedSubject[] =
    "crm.registry.project_team.member_removed";

events::v1::EmployeeUpdated EmployeeUpdatedEvent(const v1::Employee& employee);
events::v1::CuratorAssigned CuratorAssignedEvent(const v1::Curator& curator,
                                                 const std::string& previous_employee);
events::v1::CuratorEnded CuratorEndedEvent(const v1::Curator& curator);
events::v1::CuratorsReassigned CuratorsReassignedEvent(const v1::ReassignCuratorsResponse& result,
                                                       const std::string& reassigned_by);
events::v1::ProjectCreated ProjectCreatedEvent(const v1::Project& project);
events::v1::ProjectUpdated ProjectUpdatedEvent(const v1::Project& project);
events::v1::EditionUpdated EditionUpdatedEvent(const v1::Edition& edition,
                                               const v1::Project& project);
events::v1::CompetitorExhibitionCreated CompetitorExhibitionCreatedEvent(
    const v1::CompetitorExhibition& exhibition);
events::v1::CompetitorExhibitionUpdated CompetitorExhibitionUpdatedEvent(
    const v1::CompetitorExhibition& exhibition);
events::v1::ParticipationRecorded ParticipationRecordedEvent(const v1::Participation& p);
events::v1::ParticipationDeleted ParticipationDeletedEvent(const v1::Participation& p);
events::v1::GroupCreated GroupCreatedEvent(const v1::Group& group);
events::v1::GroupUpdated GroupUpdatedEvent(const v1::Group& group);
events::v1::GroupDeleted GroupDeletedEvent(const v1::Group& group);

}  // namespace crm::registry
