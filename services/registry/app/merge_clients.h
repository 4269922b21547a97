#pragma once

#include <string>

#include "common/api/idempotency.h"
#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/registry/v1/quality.pb.h"
#include "services/registry/domain/quality_validation.h"

// Merging duplicate clients into a survivor (MergeClients) and undoing a merge (UndoMerge).
namespace crm::registry::app {

// Once per `key`: locks the survivor and the merged clients in id order, each live and at the
// etag the analyst saw; fills the survivor's empty fields from the merged clients
// (domain/merge_rules.h), moves their records to it, retires them, records every client's
// history, closes their queue items and enqueues client.merged. A replay returns its merge
// (found before the etags it carries, now stale, are checked).
v1::Merge MergeClients(common::db::Pool& pool, const common::auth::Principal& caller,
                       const common::api::IdempotencyKey& key, const MergeRequest& input);

// Undoes the merge `merge_id` (named `name`): the survivor must still be live and every merged
// client still merged into it; the moved records go back, the merged clients are restored, the
// survivor's filled fields are emptied again, the queue items reopen, and client.merge_undone is
// enqueued. NOT_FOUND, or FAILED_PRECONDITION MERGE_ALREADY_UNDONE, SURVIVOR_NOT_LIVE,
// MERGED_CLIENT_CHANGED.
v1::Merge UndoMerge(common::db::Pool& pool, const common::auth::Principal& caller,
                    const std::string& merge_id, const std::string& name);

}  // namespace crm::registry::app
