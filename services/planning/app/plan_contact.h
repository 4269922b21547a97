#pragma once

#include <google/protobuf/timestamp.pb.h>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/planning/domain/contact_rules.h"

// Planning a contact (PlanContact): a calendar task of a manager with a client about an edition.
namespace crm::planning::app {

// Once per (caller, request_id): checks that everything `in` refers to is in planning's
// projection and that the caller may plan for the owner, inserts the contact with its task
// attributes and reminders and enqueues contact.planned. A replay returns the caller's earlier
// contact as far as they may still read it. Throws NotFoundError, PermissionError and the
// idempotency errors of common/api/idempotency.h.
v1::Contact PlanContact(common::db::Pool& pool, const common::auth::Principal& caller,
                        const v1::PlanContactRequest& request, const domain::PlanInput& in,
                        const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
