// StaffService: departments of the staff directory and exhibition projects' teams.

#include <optional>
#include <string>

#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/api/list_pages.h"
#include "services/registry/api/staff_api.h"
#include "services/registry/domain/staff_org_rules.h"
#include "services/registry/events/published.h"
#include "services/registry/store/project_store.h"
#include "services/registry/store/staff_org_store.h"
#include "services/registry/store/staff_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;

v1::Department LiveDepartment(std::optional<v1::Department> department, const std::string& name) {
  if (!department || department->has_delete_time()) {
    throw common::NotFoundError(name);
  }
  return *department;
}

// A department's head must be an employee who still works here.
void CheckHead(pqxx::transaction_base& tx, const v1::Department& department) {
  if (department.head().empty()) {
    return;
  }
  auto employee = FindEmployee(tx, common::ParseResourceId(department.head(), "employees").value());
  if (!employee) {
    throw common::ValidationError("department.head", "names no employee: " + department.head());
  }
  if (employee->status() == v1::EMPLOYEE_STATUS_LEFT) {
    throw common::ValidationError("department.head", department.head() + " has left");
  }
}

common::AlreadyExistsError NameTaken(const v1::Department& existing) {
  return common::AlreadyExistsError(
      "a department named \"" + existing.display_name() + "\" already exists", existing.name());
}

}  // namespace

grpc::Status StaffApi::CreateDepartment(grpc::ServerContext* context,
                                        const v1::CreateDepartmentRequest* request,
                                        v1::Department* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const v1::Department department = ValidateCreateDepartment(*request);
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateDepartment", *request),
        [&](pqxx::work& tx) {
          CheckHead(tx, department);
          v1::Department created =
              InsertDepartment(tx, common::NewUuid(), department, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kDepartmentCreated, created.name(),
                                    DepartmentCreatedEvent(created));
          return created;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(
              FindDepartment(tx, common::ParseResourceId(name, "departments").value()), name);
        },
        [&](pqxx::read_transaction& tx) {
          if (auto existing = FindLiveDepartmentByName(tx, department.display_name())) {
            throw NameTaken(*existing);
          }
        });
  });
}

grpc::Status StaffApi::GetDepartment(grpc::ServerContext* context,
                                     const v1::GetDepartmentRequest* request,
                                     v1::Department* response) {
  return guard_.Run(context, [&](const Principal&) {
    const std::string id = ValidateDepartmentName(request->name(), "name");
    *response = LiveDepartment(
        pool_.Read([&](pqxx::read_transaction& tx) { return FindDepartment(tx, id); }),
        request->name());
  });
}

grpc::Status StaffApi::UpdateDepartment(grpc::ServerContext* context,
                                        const v1::UpdateDepartmentRequest* request,
                                        v1::Department* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const DepartmentUpdate update = ValidateUpdateDepartment(*request);
    v1::Department target;
    try {
      *response = pool_.InTransaction([&](pqxx::work& tx) {
        v1::Department current =
            LiveDepartment(LockDepartment(tx, update.id), request->department().name());
        common::api::CheckEtag(current.name(), current.etag(), update.etag);
        target = ApplyDepartmentUpdate(current, request->department(), update.paths);
        CheckHead(tx, target);
        v1::Department updated = UpdateDepartmentRecord(tx, update.id, target, caller.subject);
        common::bus::EnqueueEvent(tx, events::v1::kDepartmentUpdated, updated.name(),
                                  DepartmentUpdatedEvent(updated));
        return updated;
      });
    } catch (const pqxx::unique_violation&) {
      auto existing = pool_.Read([&](pqxx::read_transaction& tx) {
        return FindLiveDepartmentByName(tx, target.display_name());
      });
      if (!existing) {
        throw;
      }
      throw NameTaken(*existing);
    }
  });
}

grpc::Status StaffApi::DeleteDepartment(grpc::ServerContext* context,
                                        const v1::DeleteDepartmentRequest* request,
                                        v1::Department* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const DepartmentDeletion deletion = ValidateDeleteDepartment(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      v1::Department current = LiveDepartment(LockDepartment(tx, deletion.id), request->name());
      common::api::CheckEtag(current.name(), current.etag(), deletion.etag);
      if (current.member_count() > 0) {
        throw common::PreconditionError("DEPARTMENT_NOT_EMPTY",
                                        current.name() + " still has " +
                                            std::to_string(current.member_count()) +
                                            " employees; move them to another department first");
      }
      v1::Department deleted = MarkDepartmentDeleted(tx, deletion.id, caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kDepartmentDeleted, deleted.name(),
                                DepartmentDeletedEvent(deleted));
      return deleted;
    });
  });
}

grpc::Status StaffApi::ListDepartments(grpc::ServerContext* context,
                                       const v1::ListDepartmentsRequest* request,
                                       v1::ListDepartmentsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ListWindow window = ValidateListDepartments(*request, caller.subject);
    auto page = pool_.Read(
        [&](pqxx::read_transaction& tx) { return registry::ListDepartments(tx, window); });
    FillListResponse(page, window, response->mutable_departments(),
                     response->mutable_next_page_token());
  });
}

grpc::Status StaffApi::SetEmployeeDepartment(grpc::ServerContext* context,
                                             const v1::SetEmployeeDepartmentRequest* request,
                                             v1::Employee* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const EmployeeDepartmentChange change = ValidateSetEmployeeDepartment(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      if (!LockEmployee(tx, change.employee_id)) {
        throw common::NotFoundError(request->employee());
      }
      if (!change.department_id.empty()) {
        // Locked: a concurrent deletion waits for this commit and then sees the new member.
        auto department = LockDepartment(tx, change.department_id);
        if (!department || department->has_delete_time()) {
          throw common::ValidationError("department",
                                        "names no department: " + request->department());
        }
      }
      v1::Employee updated = registry::SetEmployeeDepartment(tx, change.employee_id,
                                                             change.department_id, caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kEmployeeUpdated, updated.name(),
                                EmployeeUpdatedEvent(updated));
      return updated;
    });
  });
}

grpc::Status StaffApi::ListDepartmentMembers(grpc::ServerContext* context,
                                             const v1::ListDepartmentMembersRequest* request,
                                             v1::ListDepartmentMembersResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const DepartmentMemberList list = ValidateListDepartmentMembers(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      LiveDepartment(FindDepartment(tx, list.department_id), request->department());
      return registry::ListDepartmentMembers(tx, list);
    });
    FillListResponse(page, list.window, response->mutable_employees(),
                     response->mutable_next_page_token());
  });
}

grpc::Status StaffApi::SetProjectTeamMember(grpc::ServerContext* context,
                                            const v1::SetProjectTeamMemberRequest* request,
                                            v1::ProjectTeamMember* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const TeamMemberChange change = ValidateSetProjectTeamMember(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      if (!FindProject(tx, change.ref.project_id)) {
        throw common::NotFoundError(request->project());
      }
      // Kept from leaving until this commits; one who left joins no team.
      auto employee = ShareLockEmployee(tx, change.ref.employee_id);
      if (!employee) {
        throw common::NotFoundError(request->employee());
      }
      if (employee->status() == v1::EMPLOYEE_STATUS_LEFT) {
        throw common::PreconditionError("EMPLOYEE_LEFT",
                                        employee->name() + " has left and joins no project team");
      }
      auto [member, previous_role] = registry::SetProjectTeamMember(tx, change, caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kProjectTeamMemberSet, member.name(),
                                ProjectTeamMemberSetEvent(member, previous_role));
      return member;
    });
  });
}

grpc::Status StaffApi::RemoveProjectTeamMember(grpc::ServerContext* context,
                                               const v1::RemoveProjectTeamMemberRequest* request,
                                               v1::ProjectTeamMember* response) {
  return guard_.Run(context, [&](const Principal&) {
    const TeamMemberRef ref = ValidateRemoveProjectTeamMember(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      v1::ProjectTeamMember removed =
          common::api::Found(registry::RemoveProjectTeamMember(tx, ref), request->name());
      common::bus::EnqueueEvent(tx, events::v1::kProjectTeamMemberRemoved, removed.name(),
                                ProjectTeamMemberRemovedEvent(removed));
      return removed;
    });
  });
}

grpc::Status StaffApi::ListProjectTeamMembers(grpc::ServerContext* context,
                                              const v1::ListProjectTeamMembersRequest* request,
                                              v1::ListProjectTeamMembersResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const TeamMemberList list = ValidateListProjectTeamMembers(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      if (!FindProject(tx, list.project_id)) {
        throw common::NotFoundError(request->project());
      }
      return registry::ListProjectTeamMembers(tx, list);
    });
    FillListResponse(page, list.window, response->mutable_members(),
                     response->mutable_next_page_token());
  });
}

}  // namespace crm::registry
