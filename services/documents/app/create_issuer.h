#pragma once

#include "common/api/idempotency.h"
#include "common/db/pool.h"
#include "crm/documents/v1/documents.pb.h"

// Creating an issuer (CreateIssuer): one of our legal entities that invoices are issued by.
namespace crm::documents::app {

// Once per `key` (the caller's request as sent): refuses a second issuer with the same INN, KPP and
// bank account (AlreadyExistsError naming it) and inserts the issuer, primary when it asks to be or
// when it is the first (the former primary then is not). `issuer` is validated and normalized. A
// replay returns the caller's earlier issuer.
v1::Issuer CreateIssuer(common::db::Pool& pool, const common::api::IdempotencyKey& key,
                        const v1::Issuer& issuer);

}  // namespace crm::documents::app
