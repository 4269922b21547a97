#pragma once

#include <pqxx/pqxx>
#include <string>

#include "crm/registry/v1/exhibitions.pb.h"
#include "services/registry/domain/project_base_rules.h"
#include "services/registry/store/page.h"

// The client base of an exhibition project, read from its rows (project_base, kept by the
// triggers of migration 0068) in one statement per page.
namespace crm::registry {

Page<v1::ProjectClient> ListProjectClients(pqxx::transaction_base& tx,
                                           const ProjectClientList& list);
// How many clients of the project's base the list's filter matches on all its pages.
long CountProjectClients(pqxx::transaction_base& tx, const ProjectClientList& list);

}  // namespace crm::registry
