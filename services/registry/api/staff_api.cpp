#include "services/registry/api/staff_api.h"

#include <map>
#include <optional>
#include <string>

#include "common/api/etag.h"
#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/registry/api/list_pages.h"
#include "services/registry/domain/staff_rules.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/employee_store.h"
#include "services/registry/store/project_store.h"
#include "services/registry/store/staff_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;
using common::auth::Role;

std::string EmployeeName(const std::string& id) { return common::ResourceName("employees", id); }

// An employee who may take over clients: exists and still works here. Share-locked, so they
// cannot leave before the assignment commits.
v1::Employee ActiveEmployee(pqxx::work& tx, const std::string& id, const std::string& field) {
  auto employee = ShareLockEmployee(tx, id);
  if (!employee) {
    throw common::NotFoundError(EmployeeName(id));
  }
  if (employee->status() == v1::EMPLOYEE_STATUS_LEFT) {
    throw common::PreconditionError(
        "EMPLOYEE_LEFT", employee->name() + " (" + field + ") has left and cannot curate clients");
  }
  return *employee;
}

}  // namespace

StaffApi::StaffApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status StaffApi::GetEmployee(grpc::ServerContext* context,
                                   const v1::GetEmployeeRequest* request, v1::Employee* response) {
  return guard_.Run(context, [&](const Principal&) {
    const std::string id = ValidateEmployeeName(request->name(), "name");
    *response = common::api::Found(
        pool_.Read([&](pqxx::read_transaction& tx) { return FindEmployee(tx, id); }),
        request->name());
  });
}

grpc::Status StaffApi::UpdateEmployee(grpc::ServerContext* context,
                                      const v1::UpdateEmployeeRequest* request,
                                      v1::Employee* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const EmployeeUpdate update = ValidateUpdateEmployee(*request);
    if (ChangesRoles(update) && !caller.Has(Role::kAdmin)) {
      throw common::PermissionError("only admins change an employee's system roles");
    }
    v1::Employee target;
    try {
      *response = pool_.InTransaction([&](pqxx::work& tx) {
        auto current = LockEmployee(tx, update.id);
        if (!current) {
          throw common::NotFoundError(EmployeeName(update.id));
        }
        common::api::CheckEtag(current->name(), current->etag(), update.etag);
        target = ApplyEmployeeUpdate(*current, request->employee(), update.paths);
        v1::Employee updated = UpdateEmployeeRecord(tx, update.id, target, caller.subject);
        common::bus::EnqueueEvent(tx, events::v1::kEmployeeUpdated, updated.name(),
                                  EmployeeUpdatedEvent(updated));
        return updated;
      });
    } catch (const pqxx::unique_violation&) {
      // The only unique key an update can hit is the e-mail: name the employee holding it.
      auto existing = pool_.Read(
          [&](pqxx::read_transaction& tx) { return FindEmployeeByEmail(tx, target.email()); });
      if (!existing) {
        throw;
      }
      throw common::AlreadyExistsError(
          "an employee with e-mail " + target.email() + " already exists: " + existing->name(),
          existing->name());
    }
  });
}

grpc::Status StaffApi::AssignCurator(grpc::ServerContext* context,
                                     const v1::AssignCuratorRequest* request,
                                     v1::Curator* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const CuratorAssignment assignment = ValidateAssignCurator(*request);
    try {
      *response = pool_.InTransaction([&](pqxx::work& tx) {
        auto client = FindClient(tx, assignment.client_id);
        if (!client) {
          throw common::NotFoundError(request->client());
        }
        if (client->has_delete_time()) {
          throw common::PreconditionError("CLIENT_DELETED",
                                          "the client " + client->name() + " is deleted");
        }
        if (!FindProject(tx, assignment.project_id)) {
          throw common::NotFoundError(request->project());
        }
        if (!assignment.contact_person_id.empty() &&
            !IsContactPersonOf(tx, assignment.contact_person_id, assignment.client_id)) {
          throw common::NotFoundError(request->contact_person());
        }
        ActiveEmployee(tx, assignment.employee_id, "employee");
        std::string previous;
        if (auto current = LockCurrentCurator(tx, assignment)) {
          if (current->employee() == EmployeeName(assignment.employee_id)) {
            return *current;  // already the curator: nothing changes, nothing to announce
          }
          previous = current->employee();
          EndCurator(tx,
                     common::ParseChildResourceId(current->name(), "clients", "curators")->second,
                     caller.subject, v1::CURATORSHIP_END_REASON_REPLACED);
        }
        v1::Curator created = InsertCurator(tx, common::NewUuid(), assignment, caller.subject);
        common::bus::EnqueueEvent(tx, events::v1::kCuratorAssigned, created.name(),
                                  CuratorAssignedEvent(created, previous));
        return created;
      });
    } catch (const pqxx::unique_violation&) {
      // Another assignment of the same client, project and contact person committed first.
      throw common::ConflictError("CONCURRENT_ASSIGNMENT",
                                  "another curator was assigned at the same moment; read the "
                                  "client's curators and retry");
    }
  });
}

grpc::Status StaffApi::EndCuratorship(grpc::ServerContext* context,
                                      const v1::EndCuratorshipRequest* request,
                                      v1::Curator* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const CuratorRef ref = ValidateEndCuratorship(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      const v1::Curator current = common::api::Found(LockCurator(tx, ref), request->name());
      if (current.has_end_time()) {
        throw common::PreconditionError("CURATORSHIP_ENDED",
                                        "the term " + current.name() + " has already ended");
      }
      v1::Curator ended =
          EndCurator(tx, ref.curator_id, caller.subject, v1::CURATORSHIP_END_REASON_ENDED);
      common::bus::EnqueueEvent(tx, events::v1::kCuratorEnded, ended.name(),
                                CuratorEndedEvent(ended));
      return ended;
    });
  });
}

grpc::Status StaffApi::ListCurators(grpc::ServerContext* context,
                                    const v1::ListCuratorsRequest* request,
                                    v1::ListCuratorsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const CuratorList list = ValidateListCurators(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      if (!ClientExists(tx, list.client_id)) {
        throw common::NotFoundError(request->parent());
      }
      return registry::ListCurators(tx, list);
    });
    FillListResponse(page, list.window, response->mutable_curators(),
                     response->mutable_next_page_token());
  });
}

grpc::Status StaffApi::ListCuratorshipsOfEmployee(
    grpc::ServerContext* context, const v1::ListCuratorshipsOfEmployeeRequest* request,
    v1::ListCuratorshipsOfEmployeeResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const EmployeeCuratorships list = ValidateListCuratorshipsOfEmployee(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      if (!FindEmployee(tx, list.employee_id)) {
        throw common::NotFoundError(request->employee());
      }
      return registry::ListCuratorshipsOfEmployee(tx, list);
    });
    FillListResponse(page, list.window, response->mutable_curators(),
                     response->mutable_next_page_token());
  });
}

grpc::Status StaffApi::ReassignCurators(grpc::ServerContext* context,
                                        const v1::ReassignCuratorsRequest* request,
                                        v1::ReassignCuratorsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const Reassignment reassignment = ValidateReassignCurators(*request);
    *response = pool_.InTransaction([&](pqxx::work& tx) {
      auto leaving = LockEmployee(tx, reassignment.employee_id);
      if (!leaving) {
        throw common::NotFoundError(request->employee());
      }
      if (leaving->status() == v1::EMPLOYEE_STATUS_LEFT) {
        throw common::PreconditionError("EMPLOYEE_LEFT", leaving->name() + " has already left");
      }
      for (std::size_t i = 0; i < reassignment.successor_ids.size(); ++i) {
        ActiveEmployee(tx, reassignment.successor_ids[i], "successors[" + std::to_string(i) + "]");
      }
      const long current = CountCurrentCuratorships(tx, reassignment.employee_id);
      if (current > 0 && reassignment.successor_ids.empty()) {
        throw common::ValidationError(
            "successors", "must name at least one successor: " + leaving->name() + " curates " +
                              std::to_string(current) + " client terms");
      }
      v1::ReassignCuratorsResponse result;
      std::map<std::string, int> counts;
      for (v1::Curator& moved : registry::ReassignCurators(
               tx, reassignment.employee_id, reassignment.successor_ids, caller.subject)) {
        ++counts[moved.employee()];
        *result.add_curators() = std::move(moved);
      }
      for (const std::string& id : reassignment.successor_ids) {
        auto* count = result.add_counts();
        count->set_employee(EmployeeName(id));
        count->set_count(counts[EmployeeName(id)]);
      }
      result.set_reassigned_count(result.curators_size());
      *result.mutable_employee() = MarkEmployeeLeft(tx, reassignment.employee_id, caller.subject);
      common::bus::EnqueueEvent(tx, events::v1::kCuratorsReassigned, result.employee().name(),
                                CuratorsReassignedEvent(result, caller.subject));
      common::bus::EnqueueEvent(tx, events::v1::kEmployeeUpdated, result.employee().name(),
                                EmployeeUpdatedEvent(result.employee()));
      return result;
    });
  });
}

}  // namespace crm::registry
