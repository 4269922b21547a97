#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/core/errors.h"
#include "common/db/pool.h"
#include "crm/registry/v1/registry.pb.h"
#include "services/registry/domain/client_access.h"
#include "services/registry/domain/list_window.h"

// What the registry's client handlers share: pages, etag checks, branch rules and the
// responsible people of a client.
namespace crm::registry {

std::string ExistingClientMessage(const v1::Client& client, const v1::Client& existing);

// The client locked for a write, after the caller proved (by its etag) to have seen this
// version: NOT_FOUND, or ABORTED with reason ETAG_MISMATCH when someone changed it since.
v1::Client LockCurrentClient(pqxx::transaction_base& tx, const std::string& id,
                             const std::string& etag);

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

}  // namespace crm::registry
