#include "services/registry/events/org_published.h"

#include "services/registry/domain/exhibition_rules.h"
#include "services/registry/domain/group_rules.h"
#include "services/registry/events/published.h"

namespace crm::registry {
namespace {

void FillTerm(const v1::Curator& curator, events::v1::CuratorTerm* term) {
  term->set_curator(curator.name());
  term->set_client(curator.client());
  term->set_project(curator.project());
  term->set_contact_person(curator.contact_person());
  term->set_employee(curator.employee());
  *term->mutable_start_time() = curator.start_time();
}

void FillProject(const v1::Project& project, events::v1::ProjectSnapshot* snapshot) {
  snapshot->set_project(project.name());
  snapshot->set_display_name(project.display_name());
  snapshot->set_description(project.description());
}

void FillCompetitor(const v1::CompetitorExhibition& exhibition,
                    events::v1::CompetitorExhibitionSnapshot* snapshot) {
  snapshot->set_competitor_exhibition(exhibition.name());
  snapshot->set_display_name(exhibition.display_name());
  snapshot->set_organizer(exhibition.organizer());
  snapshot->set_city(exhibition.city());
  snapshot->set_periodicity(PeriodicityText::Of(exhibition.periodicity()));
  if (exhibition.has_start_date()) {
    *snapshot->mutable_start_date() = exhibition.start_date();
    *snapshot->mutable_end_date() = exhibition.end_date();
  }
}

void FillParticipation(const v1::Participation& p, events::v1::ParticipationSnapshot* snapshot) {
  snapshot->set_participation(p.name());
  snapshot->set_client(p.name().substr(0, p.name().find("/participations/")));
  snapshot->set_edition(p.edition());
  snapshot->set_competitor_exhibition(p.competitor_exhibition());
  snapshot->set_year(p.year());
  snapshot->set_area_dm2(p.area_dm2());
}

void FillGroup(const v1::Group& group, events::v1::GroupSnapshot* snapshot) {
  snapshot->set_group(group.name());
  snapshot->set_display_name(group.display_name());
  snapshot->set_description(group.description());
  snapshot->set_kind(GroupKindText::Of(group.kind()));
  snapshot->set_owner(group.owner());
}

}  // namespace

events::v1::EmployeeUpdated EmployeeUpdatedEvent(const v1::Employee& employee) {
  events::v1::EmployeeUpdated event;
  // The snapshot is the one employee.created carries, so consumers reuse its handling.
  *event.mutable_employee() = EmployeeCreatedEvent(employee).employee();
  for (const std::string& role : employee.roles()) {
    event.add_roles(role);
  }
  event.set_status(employee.status() == v1::EMPLOYEE_STATUS_LEFT ? "left" : "active");
  event.set_department_unit(employee.department_unit());
  return event;
}

events::v1::CuratorAssigned CuratorAssignedEvent(const v1::Curator& curator,
                                                 const std::string& previous_employee) {
  events::v1::CuratorAssigned event;
  FillTerm(curator, event.mutable_curator());
  event.set_previous_employee(previous_employee);
  event.set_assigned_by(curator.assigned_by());
  return event;
}

events::v1::CuratorEnded CuratorEndedEvent(const v1::Curator& curator) {
  events::v1::CuratorEnded event;
  FillTerm(curator, event.mutable_curator());
  event.set_ended_by(curator.ended_by());
  return event;
}

events::v1::CuratorsReassigned CuratorsReassignedEvent(const v1::ReassignCuratorsResponse& result,
                                                       const std::string& reassigned_by) {
  events::v1::CuratorsReassigned event;
  event.set_from_employee(result.employee().name());
  event.set_reassigned_count(result.reassigned_count());
  for (const auto& count : result.counts()) {
    auto* out = event.add_counts();
    out->set_employee(count.employee());
    out->set_count(count.count());
  }
  for (const auto& curator : result.curators()) {
    FillTerm(curator, event.add_curators());
  }
  event.set_reassigned_by(reassigned_by);
  return event;
}

events::v1::ProjectCreated ProjectCreatedEvent(const v1::Project& project) {
  events::v1::ProjectCreated event;
  FillProject(project, event.mutable_project());
  return event;
}

events::v1::ProjectUpdated ProjectUpdatedEvent(const v1::Project& project) {
  events::v1::ProjectUpdated event;
  FillProject(project, event.mutable_project());
  return event;
}

events::v1::EditionUpdated EditionUpdatedEvent(const v1::Edition& edition,
                                               const v1::Project& project) {
  events::v1::EditionUpdated event;
  *event.mutable_edition() = EditionCreatedEvent(edition, project).edition();
  event.set_status(EditionStatusText::Of(edition.status()));
  for (const v1::StandPrice& price : edition.stand_prices()) {
    auto* out = event.add_stand_prices();
    out->set_stand_type(StandTypeText::Of(price.stand_type()));
    *out->mutable_price_per_m2() = price.price_per_m2();
  }
  return event;
}

events::v1::CompetitorExhibitionCreated CompetitorExhibitionCreatedEvent(
    const v1::CompetitorExhibition& exhibition) {
  events::v1::CompetitorExhibitionCreated event;
  FillCompetitor(exhibition, event.mutable_competitor_exhibition());
  return event;
}

events::v1::CompetitorExhibitionUpdated CompetitorExhibitionUpdatedEvent(
    const v1::CompetitorExhibition& exhibition) {
  events::v1::CompetitorExhibitionUpdated event;
  FillCompetitor(exhibition, event.mutable_competitor_exhibition());
  return event;
}

events::v1::ParticipationRecorded ParticipationRecordedEvent(const v1::Participation& p) {
  events::v1::ParticipationRecorded event;
  FillParticipation(p, event.mutable_participation());
  return event;
}

events::v1::ParticipationDeleted ParticipationDeletedEvent(const v1::Participation& p) {
  events::v1::ParticipationDeleted event;
  FillParticipation(p, event.mutable_participation());
  return event;
}

events::v1::GroupCreated GroupCreatedEvent(const v1::Group& group) {
  events::v1::GroupCreated event;
  FillGroup(group, event.mutable_group());
  return event;
}

events::v1::GroupUpdated GroupUpdatedEvent(const v1::Group& group) {
  events::v1::GroupUpdated event;
  FillGroup(group, event.mutable_group());
  return event;
}

events::v1::GroupDeleted GroupDeletedEvent(const v1::Group& group) {
  events::v1::GroupDeleted event;
  event.set_group(group.name());
  return event;
}

}  // namespace crm::registry
