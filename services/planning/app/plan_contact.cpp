#include "services/planning/app/plan_contact.h"

#include <string>

#include "common/api/idempotency.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "services/planning/app/actors.h"
#include "services/planning/app/contact_tasks.h"
#include "services/planning/app/reference_checks.h"
#include "services/planning/store/planning_store.h"

namespace crm::planning::app {
namespace {

using common::auth::Principal;

// Everything a contact refers to must be known to planning's projection of registry data.
//
// An unknown client is NOT_FOUND naming the client rather than FAILED_PRECONDITION
// ("CLIENT_UNKNOWN"): planning cannot tell a client registry never had from one whose
// client.created event has not arrived yet, and from the caller's side both mean "this name does
// not resolve here" — the standard AIP answer for a well-formed name, with the name in
// ResourceInfo. A client that was just created in registry resolves once the event lands (a
// retry succeeds), which the NOT_FOUND message says. The same holds for contact persons,
// editions and employees.
//
// Returns the client and contact person as found, which the new task's channel defaults come
// from (read once per request).
TaskParties CheckPlanReferences(pqxx::work& tx, const domain::PlanInput& in,
                                const v1::Contact& requested, const Principal& caller) {
  TaskParties parties = FindTaskParties(tx, in);
  if (!parties.client) {
    throw common::NotFoundError(requested.client());
  }
  RequireClientNotDeleted(tx, in.client_id);
  if (in.contact_person_id) {
    const auto& person = parties.contact_person;
    if (!person || person->client_id != in.client_id) {
      throw common::NotFoundError(requested.contact_person());
    }
    RequireContactPersonNotDeleted(*person);
  }
  auto edition = store::FindEdition(tx, in.edition_id);
  if (!edition || edition->project_id != in.project_id) {
    throw common::NotFoundError(requested.edition());
  }
  // Planning for oneself needs no lookup (the token vouches for the employee); assigning a
  // contact to someone else must name an employee planning knows, so a typo cannot create
  // contacts nobody sees.
  if (common::auth::EmployeeIdOf(caller.subject) != in.owner_id &&
      !store::FindEmployee(tx, in.owner_id)) {
    throw common::NotFoundError(common::ResourceName("employees", in.owner_id));
  }
  return parties;
}
}  // namespace

v1::Contact PlanContact(common::db::Pool& pool, const Principal& caller,
                        const v1::PlanContactRequest& request, const domain::PlanInput& in,
                        const google::protobuf::Timestamp& now) {
  return common::api::CreateOnce(
      pool, common::api::KeyOf(caller.subject, "PlanContact", request),
      [&](pqxx::work& tx) {
        const TaskParties parties = CheckPlanReferences(tx, in, request.contact(), caller);
        CheckOwnerAccess(tx, LoadActor(tx, caller), common::auth::Records::kTasks,
                         common::auth::Action::kWrite, in.owner_id);
        return InsertPlannedTask(tx, in, parties, now).contact;
      },
      [&](pqxx::transaction_base& tx, const std::string& name) {
        // The caller's own earlier contact, as far as they may still read it.
        return ReadableContact(tx, caller, common::ParseResourceId(name, "contacts").value(), name);
      });
}

}  // namespace crm::planning::app
