#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/db/row.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/list_window.h"
#include "services/registry/store/page.h"

// Exhibition projects and their editions, inside the caller's transaction.
namespace crm::registry {

v1::Project InsertProject(pqxx::transaction_base& tx, const std::string& id,
                          const v1::Project& project, const std::string& actor);
std::optional<v1::Project> FindProject(pqxx::transaction_base& tx, const std::string& id);
Page<v1::Project> ListProjects(pqxx::transaction_base& tx, const ListWindow& window);

v1::Edition InsertEdition(pqxx::transaction_base& tx, const std::string& id,
                          const std::string& project_id, const v1::Edition& edition,
                          const std::string& actor);
Page<v1::Edition> ListEditions(pqxx::transaction_base& tx, const std::string& project_id,
                               const ListWindow& window);

// A project or an edition from a row of a statement of store/sql/projects.sql (every statement
// returning a project selects the same columns, and so does every one returning an edition).
v1::Project DecodeProject(const common::db::Row& row);
v1::Edition DecodeEdition(const common::db::Row& row);

}  // namespace crm::registry
