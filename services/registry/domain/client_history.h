#pragma once

#include <string>
#include <vector>

#include "crm/registry/v1/registry.pb.h"

// Field-level changes between two versions of a client, and what restoring a version writes.
namespace crm::registry {

// The fields of Client a user enters (and RestoreClientVersion writes back), plus delete_time,
// verification_state and postal_address_valid, which change through their own operations.
// Bookkeeping (name, etag, times) and derived values (geography) are not compared.
std::vector<v1::FieldChange> DiffClients(const v1::Client& before, const v1::Client& after);

// The Client fields an earlier version can give back, as update-mask paths.
const std::vector<std::string>& RestorableClientFields();

// An old snapshot in today's model: snapshots written before clients had lists of phones and
// e-mail addresses hold only `phone` and `email`.
v1::Client UpgradeSnapshot(v1::Client snapshot);

}  // namespace crm::registry
