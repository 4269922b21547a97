#include "services/planning/app/complete_contact.h"

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/planning/app/actors.h"
#include "services/planning/app/contact_tasks.h"
#include "services/planning/app/redirect_tasks.h"
#include "services/planning/app/reference_checks.h"
#include "services/planning/app/sale_content.h"
#include "services/planning/app/sale_history.h"
#include "services/planning/app/sale_terms.h"
#include "services/planning/domain/result_rules.h"
#include "services/planning/events/published.h"
#include "services/planning/store/catalogue_store.h"
#include "services/planning/store/planning_store.h"
#include "services/planning/store/sales_store.h"

namespace crm::planning::app {
namespace {

namespace ev = crm::events::v1;
using common::auth::Principal;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

std::optional<domain::CatalogueEntry> RefusalReasonEntry(pqxx::transaction_base& tx,
                                                         const std::string& id) {
  auto row = store::FindRefusalReason(tx, id);
  if (!row) {
    return std::nullopt;
  }
  return row->rule;
}

// The lower-case id of a (validated) "refusalReasons/{id}" name.
std::string RefusalReasonId(const std::string& name) {
  common::Violations ignored;
  return domain::ParseIdField(name, "refusalReasons", "", ignored).value_or("");
}

// Checks the catalogue references of a refusal / visit refusal (an active entry of the right
// scope) and fills the refusal's enum and catalogue name from each other. Other kinds pass
// unchanged. Throws common::ValidationError.
v1::ContactResult ResolveResultReferences(pqxx::transaction_base& tx,
                                          const v1::ContactResult& result) {
  v1::ContactResult resolved = result;
  common::Violations violations;
  if (result.has_refusal()) {
    v1::RefusalOutcome& refusal = *resolved.mutable_refusal();
    const std::string id = refusal.refusal_reason().empty()
                               ? domain::LegacyRefusalReasonId(refusal.reason())
                               : RefusalReasonId(refusal.refusal_reason());
    const auto entry = RefusalReasonEntry(tx, id);
    const std::string field = refusal.refusal_reason().empty() ? "result.refusal.reason"
                                                               : "result.refusal.refusal_reason";
    domain::CheckReasonUsable(entry, v1::REFUSAL_SCOPE_PARTICIPATION, field, violations);
    if (violations.empty()) {
      domain::CompleteRefusalReason(refusal, *entry, "result.refusal", violations);
    }
  } else if (result.has_visit_refusal()) {
    const auto entry =
        RefusalReasonEntry(tx, RefusalReasonId(result.visit_refusal().refusal_reason()));
    domain::CheckReasonUsable(entry, v1::REFUSAL_SCOPE_VISIT, "result.visit_refusal.refusal_reason",
                              violations);
    if (entry) {
      resolved.mutable_visit_refusal()->set_refusal_reason(
          common::ResourceName("refusalReasons", entry->id));
    }
  }
  violations.ThrowIfAny();
  return resolved;
}

// crm.planning.contact.completed for a just completed contact: its result, the kind and whether
// it counts as positive (domain::IsPositive).
void EnqueueContactCompleted(pqxx::transaction_base& tx, const v1::Contact& c,
                             domain::ResultKind kind) {
  common::bus::EnqueueEvent(tx, ev::kContactCompleted, c.name(), ContactCompletedEvent(c, kind));
}

// A sale result: inserts the sale, completes the contact, enqueues contact.completed and
// sale.recorded. Throws PreconditionError EDITION_PRICE_UNSET when the edition has no price and
// no override is given.
v1::CompleteContactResponse CompleteWithSale(pqxx::work& tx, const store::ContactRow& row,
                                             const v1::ContactResult& result, const Timestamp& now,
                                             const Principal& caller) {
  if (row.edition_id.empty()) {
    throw common::PreconditionError("CONTACT_WITHOUT_EDITION",
                                    row.contact.name() +
                                        " is about no edition (a redirect's task); set its edition "
                                        "(UpdateContact) before recording a sale");
  }
  auto edition = store::FindEdition(tx, row.edition_id);
  if (!edition || !store::FindClient(tx, row.client_id)) {
    // Foreign keys make this impossible; say so loudly rather than record a partial sale.
    throw std::runtime_error("contact " + row.id +
                             " refers to a client or edition not in the projection");
  }
  RequireClientNotDeleted(tx, row.client_id);
  RequireEditionAcceptsSales(tx, row.edition_id, row.contact.edition());
  const auto& price = edition->snapshot.price_per_m2();
  const v1::SaleOutcome& given = result.sale();
  const PlacedSale placed = PlaceSale(
      tx, now, row.edition_id, row.client_id, given,
      {given.area_dm2() != 0, given.stand_type() != v1::STAND_TYPE_UNSPECIFIED}, "", "result.sale");

  store::NewSale sale;
  sale.id = common::NewUuid();
  sale.contact_id = row.id;
  sale.client_id = row.client_id;
  sale.project_id = row.project_id;
  sale.edition_id = row.edition_id;
  sale.manager_id = row.owner_id;
  sale.currency_code = price.currency_code();
  sale.list_price_per_m2 = placed.list_price_per_m2;
  sale.content = PriceSaleContent(placed.outcome, placed.list_price_per_m2, price.currency_code(),
                                  now, "result.sale");
  if (placed.stand) {
    sale.content.stand_id = placed.stand->id;
  }
  DecideApproval(tx, row.edition_id, placed.list_price_per_m2, caller, now, true, nullptr,
                 sale.content);
  sale.sale_time = now;

  v1::CompleteContactResponse response;
  const store::SaleRow stored = store::InsertSale(tx, sale);
  RecordSaleChange(tx, SaleChange::kRecorded, nullptr, stored, caller, now, "");
  if (placed.stand) {
    TakeStand(tx, *placed.stand, stored, now);
  }
  *response.mutable_sale() = stored.sale;
  *response.mutable_contact() = store::CompleteContact(tx, row.id, result, "sale", now).contact;
  EnqueueContactCompleted(tx, response.contact(), domain::ResultKind::kSale);
  // Everything a subscriber (documents, accounting, analytics) needs without calling back: the
  // parties as planning knows them at the moment of the sale. A sale waiting for a head of
  // sales' approval does not count yet: its sale.recorded goes out when it is approved.
  if (stored.sale.state() == v1::SALE_STATE_ACTIVE) {
    common::bus::EnqueueEvent(tx, ev::kSaleRecorded, stored.sale.name(),
                              SaleRecordedEvent(tx, stored, caller));
  }
  return response;
}

// A reschedule: plans the follow-up contact, completes this one, enqueues contact.completed,
// contact.rescheduled and the follow-up's contact.planned.
v1::CompleteContactResponse CompleteWithReschedule(pqxx::work& tx, const store::ContactRow& row,
                                                   const v1::ContactResult& result,
                                                   const Timestamp& now) {
  // The follow-up continues the same conversation: same client, person, edition, type, purpose
  // and owner, at the new time; it is a new task, so registry's deletions refuse it.
  RequireClientNotDeleted(tx, row.client_id);
  if (!row.contact_person_id.empty()) {
    if (auto person = store::FindContactPerson(tx, row.contact_person_id)) {
      RequireContactPersonNotDeleted(*person);
    }
  }
  store::NewContact next;
  next.id = common::NewUuid();
  next.client_id = row.client_id;
  if (!row.contact_person_id.empty()) {
    next.contact_person_id = row.contact_person_id;
  }
  next.project_id = row.project_id;
  next.edition_id = row.edition_id;
  next.type = row.contact.type();
  next.purpose = row.contact.purpose();
  next.scheduled_time = result.reschedule().new_time();
  next.owner_id = row.owner_id;
  next.rescheduled_from = row.id;
  next.create_time = now;
  next.task = ContinuedTask(row.contact);

  v1::CompleteContactResponse response;
  const store::ContactRow inserted = store::InsertContact(tx, next);
  *response.mutable_next_contact() = inserted.contact;
  PlanTaskReminders(tx, inserted, next.task, now);
  *response.mutable_contact() =
      store::CompleteContact(tx, row.id, result, "reschedule", now).contact;

  EnqueueContactCompleted(tx, response.contact(), domain::ResultKind::kReschedule);
  common::bus::EnqueueEvent(tx, ev::kContactRescheduled, response.contact().name(),
                            ContactRescheduledEvent(response.contact(), response.next_contact(),
                                                    result.reschedule().reason()));
  EnqueueContactPlanned(tx, response.next_contact());
  return response;
}

}  // namespace

v1::CompleteContactResponse CompleteContact(common::db::Pool& pool, const Principal& caller,
                                            const ContactCompletion& completion) {
  const Timestamp& now = completion.now;
  return pool.InTransaction([&](pqxx::work& tx) {
    auto row = store::FindContactForUpdate(tx, completion.contact_id);
    if (!row) {
      throw common::NotFoundError(completion.contact_name);
    }
    CheckOwnerAccess(tx, LoadActor(tx, caller), common::auth::Records::kTasks,
                     common::auth::Action::kWrite, row->owner_id);
    if (row->contact.state() == v1::CONTACT_STATE_COMPLETED) {
      throw common::PreconditionError(
          "CONTACT_ALREADY_COMPLETED",
          completion.contact_name + " was already completed at " +
              TimeUtil::ToString(row->contact.complete_time()) +
              "; a contact is completed once (plan a new contact instead)");
    }
    if (row->contact.state() != v1::CONTACT_STATE_PLANNED) {
      // A cancelled task is closed too (CancelContact); the store completes planned ones only.
      throw common::PreconditionError("CONTACT_NOT_PLANNED",
                                      "the task " + completion.contact_name + " is " +
                                          v1::ContactState_Name(row->contact.state()) +
                                          "; only a planned task can be completed");
    }
    const v1::ContactResult result = ResolveResultReferences(tx, completion.result);
    v1::CompleteContactResponse out;
    switch (completion.kind) {
      case domain::ResultKind::kSale:
        out = CompleteWithSale(tx, *row, result, now, caller);
        break;
      case domain::ResultKind::kReschedule:
        out = CompleteWithReschedule(tx, *row, result, now);
        break;
      default:
        *out.mutable_contact() =
            store::CompleteContact(tx, row->id, result,
                                   std::string(domain::ResultKindName(completion.kind)), now)
                .contact;
        EnqueueContactCompleted(tx, out.contact(), completion.kind);
        break;
    }
    // A redirect's task reports its result back to the redirect.
    std::optional<v1::Contact> next;
    if (out.has_next_contact()) {
      next = out.next_contact();
    }
    FollowCompletedTask(tx, out.contact(), completion.kind, next, caller.subject, now);
    return out;
  });
}

}  // namespace crm::planning::app
