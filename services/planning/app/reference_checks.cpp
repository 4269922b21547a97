#include "services/planning/app/reference_checks.h"

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/planning/domain/edition_terms.h"

namespace crm::planning::app {

void RequireClientNotDeleted(pqxx::transaction_base& tx, const std::string& client_id) {
  if (store::ClientDeleted(tx, client_id)) {
    const std::string name = common::ResourceName("clients", client_id);
    throw common::PreconditionError(
        "CLIENT_DELETED",
        name +
            " was deleted in the registry: it takes no new tasks, redirects or sales (its open "
            "tasks stay)",
        name);
  }
}

void RequireContactPersonNotDeleted(const store::ContactPersonRow& person) {
  if (person.deleted) {
    const std::string& name = person.snapshot.contact_person();
    throw common::PreconditionError(
        "CONTACT_PERSON_DELETED",
        name + " was deleted in the registry: name another contact person or none", name);
  }
}

void RequireEditionAcceptsSales(pqxx::transaction_base& tx, const std::string& edition_id,
                                const std::string& edition_name) {
  if (const auto terms = store::FindEditionTerms(tx, edition_id)) {
    domain::RequireEditionAcceptsSales(terms->status, edition_name);
  }
}

}  // namespace crm::planning::app
