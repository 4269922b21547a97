#include "services/registry/api/registry_api.h"

#include <optional>
#include <stdexcept>
#include <string>

#include "common/api/idempotency.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/registry/api/list_pages.h"
#include "services/registry/app/client_edits.h"
#include "services/registry/app/contact_persons.h"
#include "services/registry/app/create_client.h"
#include "services/registry/app/resource_history.h"
#include "services/registry/domain/client_access.h"
#include "services/registry/domain/validation.h"
#include "services/registry/events/published.h"
#include "services/registry/store/client_filter.h"
#include "services/registry/store/client_store.h"
#include "services/registry/store/employee_store.h"
#include "services/registry/store/exhibition_store.h"
#include "services/registry/store/project_store.h"
#include "services/registry/store/quality_store.h"
#include "services/registry/store/staff_store.h"

namespace crm::registry {
namespace {

using common::auth::Principal;

}  // namespace

RegistryApi::RegistryApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool)
    : guard_(guard), pool_(pool) {}

grpc::Status RegistryApi::CreateClient(grpc::ServerContext* context,
                                       const v1::CreateClientRequest* request,
                                       v1::Client* response) {
  // Any CRM role reaches the handler; the shared rule (CheckClientCreate) says which may create.
  return guard_.Run(context, [&](const Principal& caller) {
    CheckClientCreate(caller);
    const v1::Client client = ValidateCreateClient(*request);
    *response = app::CreateClient(pool_, caller,
                                  common::api::KeyOf(caller.subject, "CreateClient", *request),
                                  client, request->request_id());
  });
}

grpc::Status RegistryApi::GetClient(grpc::ServerContext* context,
                                    const v1::GetClientRequest* request, v1::Client* response) {
  return guard_.Run(context, [&](const Principal&) {
    const std::string id = ValidateClientName(request->name(), "name");
    *response = common::api::Found(
        pool_.Read([&](pqxx::read_transaction& tx) { return FindClient(tx, id); }),
        request->name());
  });
}

grpc::Status RegistryApi::SearchClients(grpc::ServerContext* context,
                                        const v1::SearchClientsRequest* request,
                                        v1::SearchClientsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ClientSearch search = ValidateSearchClients(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      CheckClientFilterReferences(tx, search.filter, caller.subject, "filter");
      if (request->include_total_size()) {
        response->set_total_size(static_cast<int32_t>(CountClients(tx, search)));
      }
      return registry::SearchClients(tx, search);
    });
    FillListResponse(page, search.window, response->mutable_clients(),
                     response->mutable_next_page_token());
  });
}

grpc::Status RegistryApi::UpdateClient(grpc::ServerContext* context,
                                       const v1::UpdateClientRequest* request,
                                       v1::Client* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ClientUpdate update = ValidateUpdateClient(*request);
    *response = app::UpdateClient(pool_, caller, update, request->client());
  });
}

grpc::Status RegistryApi::DeleteClient(grpc::ServerContext* context,
                                       const v1::DeleteClientRequest* request,
                                       v1::Client* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ClientDeletion deletion = ValidateDeleteClient(*request);
    *response = app::DeleteClient(pool_, caller, deletion);
  });
}

grpc::Status RegistryApi::UndeleteClient(grpc::ServerContext* context,
                                         const v1::UndeleteClientRequest* request,
                                         v1::Client* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const std::string id = ValidateClientName(request->name(), "name");
    *response = app::UndeleteClient(pool_, caller, id, request->name());
  });
}

grpc::Status RegistryApi::CreateContactPerson(grpc::ServerContext* context,
                                              const v1::CreateContactPersonRequest* request,
                                              v1::ContactPerson* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const NewContactPerson input = ValidateCreateContactPerson(*request);
    *response = app::CreateContactPerson(
        pool_, caller, common::api::KeyOf(caller.subject, "CreateContactPerson", *request), input);
  });
}

grpc::Status RegistryApi::ListContactPersons(grpc::ServerContext* context,
                                             const v1::ListContactPersonsRequest* request,
                                             v1::ListContactPersonsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ContactPersonList list = ValidateListContactPersons(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      if (!ClientExists(tx, list.parent_id)) {
        throw common::NotFoundError(request->parent());
      }
      return registry::ListContactPersons(tx, list.parent_id, list.show_deleted, list.window);
    });
    FillListResponse(page, list.window, response->mutable_contact_persons(),
                     response->mutable_next_page_token());
  });
}

grpc::Status RegistryApi::CreateProject(grpc::ServerContext* context,
                                        const v1::CreateProjectRequest* request,
                                        v1::Project* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const v1::Project project = ValidateCreateProject(*request);
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateProject", *request),
        [&](pqxx::work& tx) {
          v1::Project created = InsertProject(tx, common::NewUuid(), project, caller.subject);
          app::RecordResourceHistory(tx, created, app::kCreated, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kProjectCreated, created.name(),
                                    ProjectCreatedEvent(created));
          return created;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(
              FindProject(tx, common::ParseResourceId(name, "projects").value()), name);
        });
  });
}

grpc::Status RegistryApi::ListProjects(grpc::ServerContext* context,
                                       const v1::ListProjectsRequest* request,
                                       v1::ListProjectsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ListWindow window = ValidateListProjects(*request, caller.subject);
    auto page =
        pool_.Read([&](pqxx::read_transaction& tx) { return registry::ListProjects(tx, window); });
    FillListResponse(page, window, response->mutable_projects(),
                     response->mutable_next_page_token());
  });
}

grpc::Status RegistryApi::CreateEdition(grpc::ServerContext* context,
                                        const v1::CreateEditionRequest* request,
                                        v1::Edition* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const NewEdition input = ValidateCreateEdition(*request);
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateEdition", *request),
        [&](pqxx::work& tx) {
          auto project = FindProject(tx, input.project_id);
          if (!project) {
            throw common::NotFoundError(common::ResourceName("projects", input.project_id));
          }
          v1::Edition created =
              InsertEdition(tx, common::NewUuid(), input.project_id, input.edition, caller.subject);
          app::RecordResourceHistory(tx, created, app::kCreated, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kEditionCreated, created.name(),
                                    EditionCreatedEvent(created, *project));
          return created;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          const auto ids = common::ParseChildResourceId(name, "projects", "editions");
          return common::api::Found(FindEdition(tx, {ids.value().first, ids->second}), name);
        });
  });
}

grpc::Status RegistryApi::ListEditions(grpc::ServerContext* context,
                                       const v1::ListEditionsRequest* request,
                                       v1::ListEditionsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ChildList list = ValidateListEditions(*request, caller.subject);
    auto page = pool_.Read([&](pqxx::read_transaction& tx) {
      if (!FindProject(tx, list.parent_id)) {
        throw common::NotFoundError(request->parent());
      }
      return registry::ListEditions(tx, list.parent_id, list.window);
    });
    FillListResponse(page, list.window, response->mutable_editions(),
                     response->mutable_next_page_token());
  });
}

grpc::Status RegistryApi::CreateEmployee(grpc::ServerContext* context,
                                         const v1::CreateEmployeeRequest* request,
                                         v1::Employee* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const v1::Employee employee = ValidateCreateEmployee(*request);
    *response = common::api::CreateOnce(
        pool_, common::api::KeyOf(caller.subject, "CreateEmployee", *request),
        [&](pqxx::work& tx) {
          v1::Employee created = InsertEmployee(tx, common::NewUuid(), employee, caller.subject);
          common::bus::EnqueueEvent(tx, events::v1::kEmployeeCreated, created.name(),
                                    EmployeeCreatedEvent(created));
          return created;
        },
        [&](pqxx::transaction_base& tx, const std::string& name) {
          return common::api::Found(
              FindEmployee(tx, common::ParseResourceId(name, "employees").value()), name);
        },
        [&](pqxx::read_transaction& tx) {
          if (auto existing = FindEmployeeByEmail(tx, employee.email())) {
            throw common::AlreadyExistsError("an employee with e-mail " + employee.email() +
                                                 " already exists: " + existing->name(),
                                             existing->name());
          }
        });
  });
}

grpc::Status RegistryApi::ListEmployees(grpc::ServerContext* context,
                                        const v1::ListEmployeesRequest* request,
                                        v1::ListEmployeesResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const ListWindow window = ValidateListEmployees(*request, caller.subject);
    auto page =
        pool_.Read([&](pqxx::read_transaction& tx) { return registry::ListEmployees(tx, window); });
    FillListResponse(page, window, response->mutable_employees(),
                     response->mutable_next_page_token());
  });
}

}  // namespace crm::registry
