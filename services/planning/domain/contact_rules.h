#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/api/enum_text.h"
#include "common/auth/auth.h"
#include "common/core/errors.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/planning/domain/task_rules.h"

// Pure rules of contact planning: request validation, the formal result of a contact, and who may
// plan, complete and see what. No I/O: the API layer looks things up and calls these.
namespace crm::planning::domain {

// Purpose of a contact: the brief's limit, in characters (UTF-8 code points), not bytes, since
// most text is Cyrillic.
inline constexpr std::size_t kMaxPurposeChars = 2000;
// Free text of a result (note, refusal details, reschedule reason): a meeting summary may be
// longer than a purpose.
inline constexpr std::size_t kMaxResultTextChars = 4000;
inline constexpr std::size_t kMaxStandNumberChars = 32;

// Times a person can mean: a year outside [2000, 2100) is a typo (a two-digit year, a unit
// mistake) rather than a contact.
bool IsPlausibleTime(const google::protobuf::Timestamp& t);

// Number of UTF-8 code points in `text`.
std::size_t CharCount(std::string_view text);
// True when `text` holds something besides whitespace.
bool HasContent(std::string_view text);
// A free text of a request: "is required" when `required` and it has no content, else at most
// `max_chars` code points. Violations on `field`.
void CheckText(std::string_view text, bool required, std::size_t max_chars,
               const std::string& field, common::Violations& violations);

// A PlanContactRequest reduced to validated ids (lower-case UUIDs).
struct PlanInput {
  std::string client_id;
  std::optional<std::string> contact_person_id;
  std::string project_id;
  std::string edition_id;
  v1::ContactType type = v1::CONTACT_TYPE_UNSPECIFIED;
  std::string purpose;
  google::protobuf::Timestamp scheduled_time;
  std::string owner_id;
  // Calendar attributes: purpose kind, duration, channel, reminders.
  TaskAttributes task;
};

// Validates the request, collecting every violation under its proto path ("contact.client",
// ...), and throws common::ValidationError once. An empty owner defaults to the caller's subject,
// which must then be an employee ("employees/{uuid}"). Output-only fields are ignored (AIP-203).
// With `edition_optional` (an update of a task planned without one: a redirect's) the edition
// may stay empty.
PlanInput ValidatePlanContact(const v1::PlanContactRequest& request,
                              std::string_view caller_subject, bool edition_optional = false);

// The kinds of a contact result: the cases of ContactResult.outcome (ResultKind::kSale, ...;
// OUTCOME_NOT_SET is no kind). Their names, the oneof's field names ("visit_refusal"), are the
// values of contacts.result_kind and of ContactCompleted.result_kind.
using ResultKind = v1::ContactResult::OutcomeCase;
using ResultKindText = common::api::FieldText<ResultKind, v1::ContactResult>;
inline std::string_view ResultKindName(ResultKind kind) { return ResultKindText::Of(kind); }

// A positive result moves the client towards taking part: a sale, an invitation sent or a
// manual sent. A reschedule only postpones the conversation and a note records nothing formal,
// so neither counts; refusals are negative. Effectiveness is the share of completed contacts
// with a positive result (GetContactStats).
bool IsPositive(ResultKind kind);

// Validates a result against `now` (a reschedule must move the contact into the future). Adds
// violations under `path` ("result", "result.sale.area_dm2", ...) and returns the kind, or
// nullopt when the result has no outcome (a violation on `path` itself).
std::optional<ResultKind> ValidateResult(const v1::ContactResult& result,
                                         const google::protobuf::Timestamp& now,
                                         common::Violations& violations,
                                         const std::string& path = "result");

// Parses a "collection/{uuid}" field, adding a violation when it is malformed. Returns the
// lower-case id.
std::optional<std::string> ParseIdField(std::string_view value, std::string_view collection,
                                        const std::string& field, common::Violations& violations);

}  // namespace crm::planning::domain
