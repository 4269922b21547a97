#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/planning/domain/contact_rules.h"

// Recording the result of a contact (CompleteContact): the contact is completed once, with its
// result; a sale result also records the sale, a reschedule also plans the follow-up contact.
namespace crm::planning::app {

// A validated CompleteContact request.
struct ContactCompletion {
  std::string contact_id;
  // The contact's resource name, as the request gave it (error messages, ResourceInfo).
  std::string contact_name;
  v1::ContactResult result;
  domain::ResultKind kind;
  google::protobuf::Timestamp now;
};

// In one transaction: locks the contact, checks the caller may write it and that it is still
// planned, resolves the result's catalogue references, then completes it by the result's kind
// and enqueues contact.completed (and sale.recorded, or contact.rescheduled and
// contact.planned). Throws NotFoundError, PermissionError, PreconditionError
// CONTACT_ALREADY_COMPLETED / CONTACT_NOT_PLANNED (cancelled) / EDITION_PRICE_UNSET,
// ValidationError.
v1::CompleteContactResponse CompleteContact(common::db::Pool& pool,
                                            const common::auth::Principal& caller,
                                            const ContactCompletion& completion);

}  // namespace crm::planning::app
