#pragma once

#include <string>
#include <vector>

#include "common/db/pool.h"
#include "crm/documents/v1/documents.pb.h"

// Changing an issuer (UpdateIssuer): its requisites, signatories, payment terms or primary mark.
namespace crm::documents::app {

// The fields an update may change (AIP-134 paths of Issuer); INN and OGRN never change.
const std::vector<std::string_view>& UpdatableIssuerFields();

// On the locked issuer `id` (its name `name`): checks `given.etag()`, copies the `paths` of
// `given` onto it, validates the result as a whole (every requisite rule of CreateIssuer; the
// primary issuer stays primary until another is marked), refuses another issuer's entity and
// account (AlreadyExistsError), unmarks the previous primary when this one becomes primary, and
// stores it. Documents already issued keep the requisites they were issued with.
v1::Issuer UpdateIssuer(common::db::Pool& pool, const std::string& id, const std::string& name,
                        const v1::Issuer& given, const std::vector<std::string>& paths);

}  // namespace crm::documents::app
