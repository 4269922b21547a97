#pragma once

#include <pqxx/pqxx>
#include <string>

#include "common/auth/access.h"
#include "crm/documents/v1/documents.pb.h"

// Who may read or change a document: the shared rule (common/auth/access.h, records kDocuments)
// on the document's sale's manager, with department units from documents' projection of
// registry's employees, read at request time so a move between departments takes effect at once.
namespace crm::documents::app {

// The department unit of an employee id, as `tx` sees the projection.
common::auth::DepartmentLookup Departments(pqxx::transaction_base& tx);

// Throws common::PermissionError unless `caller` may `action` a document of `manager`'s sale
// ("employees/{id}"; "" for documents issued before documents kept the manager, which only those
// who reach every document reach).
void CheckDocumentAccess(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                         const std::string& manager, common::auth::Action action);

// The document as stored now (after a change in `tx`); NotFoundError when it is not.
v1::Document Reread(pqxx::transaction_base& tx, const std::string& document_id);

}  // namespace crm::documents::app
