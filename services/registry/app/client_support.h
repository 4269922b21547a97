#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/core/errors.h"
#include "common/db/pool.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/client_access.h"
#include "services/registry/domain/list_window.h"

// What the registry's client use cases share: locking a client for a write, branch rules, the
// responsible people of a client, a change recorded in its history.
namespace crm::registry::app {

std::string ExistingClientMessage(const v1::Client& client, const v1::Client& existing);

// The client locked for a write, after the caller proved (by its etag) to have seen this
// version: NOT_FOUND, or ABORTED with reason ETAG_MISMATCH when someone changed it since.
v1::Client LockCurrentClient(pqxx::transaction_base& tx, const std::string& id,
                             const std::string& etag);

// The client, locked for a write; it must be live (not deleted or merged away) and, when `etag`
// is given (not ""), at the version the caller saw. NOT_FOUND, ABORTED ETAG_MISMATCH, or
// FAILED_PRECONDITION CLIENT_DELETED.
v1::Client LockLiveClient(pqxx::transaction_base& tx, const std::string& id, std::string_view etag);

// The client after a verification or merge change, recorded in its history as `change` by
// `caller` (with the request and merge it came from, when any).
v1::Client RecordClientChange(pqxx::transaction_base& tx, const std::string& id,
                              const std::string& change, const common::auth::Principal& caller,
                              const std::string& request_id = "", const std::string& merge_id = "");

// A branch's head must be a live client with the same INN, and not the branch itself or one of
// its own branches (no cycles). `self_id` is "" for a client being created.
void CheckHeadClient(pqxx::transaction_base& tx, const v1::Client& client,
                     const std::string& self_id);

// The people responsible for a client: its current curators, in any project.
ClientResponsibility LoadClientResponsibility(pqxx::transaction_base& tx, const v1::Client& client);

// FAILED_PRECONDITION: the client already has a primary contact person.
common::PreconditionError PrimaryContactTaken(const std::string& client_id);

// Whether a unique violation comes from the one-primary-contact index.
bool IsPrimaryContactViolation(const pqxx::unique_violation& error);

}  // namespace crm::registry::app
