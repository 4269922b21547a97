#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/auth/auth.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/planning/v1/assessments.pb.h"
#include "crm/planning/v1/calendar.pb.h"
#include "crm/planning/v1/planning.pb.h"
#include "crm/planning/v1/redirects.pb.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/store/sales_store.h"
#include "services/planning/store/stand_store.h"

// Everything planning emits: the topics are declared in crm/events/v1/planning_topics.h (subject
// + payload type, docs/events.md); here is one payload builder per event. The handlers publish
// with common::bus::EnqueueEvent(tx, events::v1::k<Event>, resource name, <Event>Event(...)) in
// the transaction of the change. What planning consumes is in events/handlers.h.
namespace crm::planning {

// --- contacts (crm.planning.contact.*) -------------------------------------------------------
events::v1::ContactPlanned ContactPlannedEvent(const v1::Contact& contact);
// A just completed contact: its result, the kind and whether it counts as positive.
events::v1::ContactCompleted ContactCompletedEvent(const v1::Contact& contact,
                                                   domain::ResultKind kind);
// `contact` completed with a reschedule; `next` is the follow-up planned by it.
events::v1::ContactRescheduled ContactRescheduledEvent(const v1::Contact& contact,
                                                       const v1::Contact& next,
                                                       const std::string& reason);
// `contact` after the change; `changed_fields`: the update_mask paths that changed.
events::v1::ContactUpdated ContactUpdatedEvent(const v1::Contact& contact,
                                               const std::vector<std::string>& changed_fields);
events::v1::ContactCancelled ContactCancelledEvent(const v1::Contact& contact,
                                                   const google::protobuf::Timestamp& cancel_time,
                                                   const std::string& reason);
// A planned task moved from `previous_owner_id` to `new_owner_id` (ids, not names).
events::v1::ContactReassigned ContactReassignedEvent(
    const std::string& contact_id, const std::string& client_id,
    const std::string& previous_owner_id, const std::string& new_owner_id,
    const google::protobuf::Timestamp& scheduled_time);

// --- tasks (crm.planning.task.*) -------------------------------------------------------------
events::v1::TaskReminderDue TaskReminderDueEvent(const v1::ReminderNotice& notice);

// --- sales (crm.planning.sale.*) -------------------------------------------------------------
// The sale as sale.recorded / amended / cancelled carry it: the requisites of the client, the
// contact person, the edition and the manager as planning's projection knows them now (the
// caller's name stands in for a manager the projection does not know yet).
events::v1::SaleRecorded SaleRecordedEvent(pqxx::transaction_base& tx, const store::SaleRow& row,
                                           const common::auth::Principal& caller);
// `changed_fields`: the sale's update_mask paths that changed between `before` and `after`.
events::v1::SaleAmended SaleAmendedEvent(pqxx::transaction_base& tx, const store::SaleRow& before,
                                         const store::SaleRow& after,
                                         const std::vector<std::string>& changed_fields,
                                         const common::auth::Principal& caller,
                                         const google::protobuf::Timestamp& amend_time,
                                         const std::string& reason);
events::v1::SaleCancelled SaleCancelledEvent(pqxx::transaction_base& tx,
                                             const store::SaleRow& cancelled,
                                             const common::auth::Principal& caller,
                                             const google::protobuf::Timestamp& cancel_time,
                                             const std::string& reason);

// --- redirects (crm.planning.redirect.*) -----------------------------------------------------
events::v1::RedirectCreated RedirectCreatedEvent(const v1::Redirect& redirect);
events::v1::RedirectStatusChanged RedirectStatusChangedEvent(const v1::Redirect& redirect,
                                                             v1::RedirectStatus previous_status,
                                                             const std::string& changed_by);
// `redirect` after its task's completion moved it to DONE (its `task` and `result` set).
events::v1::RedirectCompleted RedirectCompletedEvent(const v1::Redirect& redirect);

// --- assessments: readiness, lead source, rating ---------------------------------------------
// `previous_level`: UNSPECIFIED for a client's first assessment for the edition.
events::v1::ReadinessChanged ReadinessChangedEvent(const v1::Readiness& readiness,
                                                   v1::ReadinessLevel previous_level);
events::v1::LeadSourceSet LeadSourceSetEvent(const v1::LeadSource& lead_source);
events::v1::RatingRecorded RatingRecordedEvent(const v1::Rating& rating);

// --- stands (crm.planning.stand.*) -----------------------------------------------------------
events::v1::StandSnapshot StandSnapshotOf(const store::StandRow& stand);
events::v1::StandHeld StandHeldEvent(const store::StandRow& held);
// `stand` as it was before the sale took it (its number, type and price are what changes not).
events::v1::StandSold StandSoldEvent(const store::StandRow& stand, const store::SaleRow& sale);
// `client_id`: the hold's or the sale's client; `sale_id` "" unless a sale let it go;
// `released_by` an employee name, "" when a hold expired.
events::v1::StandReleased StandReleasedEvent(const store::StandRow& stand,
                                             const std::string& reason,
                                             const std::string& client_id,
                                             const std::string& sale_id,
                                             const std::string& released_by);

}  // namespace crm::planning
