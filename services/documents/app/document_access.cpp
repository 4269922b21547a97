#include "services/documents/app/document_access.h"

#include "common/api/idempotency.h"
#include "common/core/ids.h"
#include "services/documents/store/document_store.h"

namespace crm::documents::app {

common::auth::DepartmentLookup Departments(pqxx::transaction_base& tx) {
  return
      [&tx](const std::string& employee_id) { return store::EmployeeDepartment(tx, employee_id); };
}

void CheckDocumentAccess(pqxx::transaction_base& tx, const common::auth::Principal& caller,
                         const std::string& manager, common::auth::Action action) {
  common::auth::CheckAccess(common::auth::ActorOf(caller, Departments(tx)),
                            common::auth::Records::kDocuments, action,
                            common::auth::OwnerOf(manager, Departments(tx)));
}

v1::Document Reread(pqxx::transaction_base& tx, const std::string& document_id) {
  return common::api::Found(store::GetDocument(tx, document_id),
                            common::ResourceName("documents", document_id))
      .document;
}

}  // namespace crm::documents::app
