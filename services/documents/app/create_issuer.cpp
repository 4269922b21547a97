#include "services/documents/app/create_issuer.h"

#include <string>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/documents/store/document_store.h"

namespace crm::documents::app {

v1::Issuer CreateIssuer(common::db::Pool& pool, const common::api::IdempotencyKey& key,
                        const v1::Issuer& issuer) {
  return common::api::CreateOnce(
      pool, key,
      [&](pqxx::work& tx) {
        store::LockIssuers(tx);
        if (auto duplicate = store::IssuerIdByRequisites(tx, issuer)) {
          throw common::AlreadyExistsError(
              "an issuer with this INN, KPP and bank account already exists",
              common::ResourceName("issuers", *duplicate));
        }
        // The first issuer is the one sales are invoiced by until another is marked primary.
        const bool primary = issuer.primary() || !store::PrimaryIssuer(tx);
        if (primary) {
          store::UnmarkPrimaryIssuer(tx);
        }
        return store::InsertIssuer(tx, common::NewUuid(), issuer, primary).issuer;
      },
      [](pqxx::transaction_base& tx, const std::string& name) {
        return common::api::Found(
                   store::FindIssuer(tx, common::ParseResourceId(name, "issuers").value()), name)
            .issuer;
      });
}

}  // namespace crm::documents::app
