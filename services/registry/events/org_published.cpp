#include "services/registry/events/org_published.h"

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

}  // namespace

events::v1::EmployeeUpdated EmployeeUpdatedEvent(const v1::Employee& employee) {
  events::v1::EmployeeUpdated event;
  // The snapshot is the one employee.created carries, so consumers reuse its handling.
  *event.mutable_employee() = EmployeeCreatedEvent(employee).employee();
  for (const std::string& role : employee.roles()) {
    event.add_roles(role);
  }
  event.set_status(employee.status() == v1::EMPLOYEE_STATUS_LEFT ? "left" : "active");
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

}  // namespace crm::registry
