#include "services/planning/domain/contact_rules.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "common/core/errors.h"
#include "services/planning/domain/sale_pricing.h"
#include "tests/support/timestamps.h"

namespace crm::planning::domain {
namespace {

using common::auth::Principal;
using common::auth::Role;
using crm::testing::At;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kClient[] = "11111111-1111-4111-8111-111111111111";
constexpr char kOtherClient[] = "22222222-2222-4222-8222-222222222222";
constexpr char kPerson[] = "33333333-3333-4333-8333-333333333333";
constexpr char kProject[] = "44444444-4444-4444-8444-444444444444";
constexpr char kEdition[] = "55555555-5555-4555-8555-555555555555";
constexpr char kManager[] = "66666666-6666-4666-8666-666666666666";
constexpr char kOtherManager[] = "77777777-7777-4777-8777-777777777777";

std::string Repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

v1::PlanContactRequest ValidRequest() {
  v1::PlanContactRequest request;
  auto* c = request.mutable_contact();
  c->set_client(std::string("clients/") + kClient);
  c->set_contact_person(std::string("clients/") + kClient + "/contactPersons/" + kPerson);
  c->set_edition(std::string("projects/") + kProject + "/editions/" + kEdition);
  c->set_type(v1::CONTACT_TYPE_MEETING);
  c->set_purpose("Обсудить стенд 12,5 м² в павильоне 3");
  *c->mutable_scheduled_time() = At("2026-12-01T09:00:00Z");
  request.set_request_id("req-1");
  return request;
}

// The field paths of the ValidationError `fn` throws; fails the test if it throws nothing.
template <class Fn>
std::vector<std::string> FieldsOf(Fn&& fn) {
  try {
    fn();
  } catch (const common::ValidationError& e) {
    std::vector<std::string> fields;
    for (const auto& v : e.violations()) {
      fields.push_back(v.field);
    }
    return fields;
  }
  ADD_FAILURE() << "no ValidationError";
  return {};
}

std::vector<std::string> ResultFields(const v1::ContactResult& result,
                                      const Timestamp& now = At("2026-11-26T12:00:00Z")) {
  common::Violations violations;
  ValidateResult(result, now, violations);
  return FieldsOf([&] { violations.ThrowIfAny(); });
}

TEST(ValidatePlanContactTest, AcceptsACompleteRequestAndDefaultsTheOwnerToTheCaller) {
  const PlanInput in = ValidatePlanContact(ValidRequest(), std::string("employees/") + kManager);
  EXPECT_EQ(in.client_id, kClient);
  ASSERT_TRUE(in.contact_person_id.has_value());
  EXPECT_EQ(*in.contact_person_id, kPerson);
  EXPECT_EQ(in.project_id, kProject);
  EXPECT_EQ(in.edition_id, kEdition);
  EXPECT_EQ(in.type, v1::CONTACT_TYPE_MEETING);
  EXPECT_EQ(in.owner_id, kManager);
  EXPECT_EQ(TimeUtil::ToString(in.scheduled_time), "2026-12-01T09:00:00Z");
}

TEST(ValidatePlanContactTest, NormalisesUpperCaseIdsAndKeepsAnExplicitOwner) {
  auto request = ValidRequest();
  request.mutable_contact()->set_client("clients/AAAAAAAA-1111-4111-8111-111111111111");
  request.mutable_contact()->clear_contact_person();
  request.mutable_contact()->set_owner(std::string("employees/") + kOtherManager);
  request.clear_request_id();
  const PlanInput in = ValidatePlanContact(request, std::string("employees/") + kManager);
  EXPECT_EQ(in.client_id, "aaaaaaaa-1111-4111-8111-111111111111");
  EXPECT_FALSE(in.contact_person_id.has_value());
  EXPECT_EQ(in.owner_id, kOtherManager);
}

TEST(ValidatePlanContactTest, MissingContactIsOneViolation) {
  v1::PlanContactRequest request;
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, "employees/x"); }),
              ElementsAre("contact"));
}

TEST(ValidatePlanContactTest, ReportsEveryMissingFieldAtOnce) {
  v1::PlanContactRequest request;
  request.mutable_contact();
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, std::string("employees/") + kManager); }),
              UnorderedElementsAre("contact.client", "contact.edition", "contact.type",
                                   "contact.purpose", "contact.scheduled_time"));
}

// A task planned without an edition (a redirect's) may keep none when it is updated.
TEST(ValidatePlanContactTest, AnEditionIsOptionalOnlyWhenAsked) {
  auto request = ValidRequest();
  request.mutable_contact()->clear_edition();
  const std::string caller = std::string("employees/") + kManager;
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, caller); }),
              ElementsAre("contact.edition"));
  const PlanInput in = ValidatePlanContact(request, caller, /*edition_optional=*/true);
  EXPECT_EQ(in.edition_id, "");
  EXPECT_EQ(in.project_id, "");
  request.mutable_contact()->set_edition("editions/x");
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, caller, true); }),
              ElementsAre("contact.edition"));
}

TEST(ValidatePlanContactTest, RejectsMalformedNames) {
  auto request = ValidRequest();
  request.mutable_contact()->set_client("clients/not-a-uuid");
  request.mutable_contact()->set_contact_person("contactPersons/x");
  request.mutable_contact()->set_edition(std::string("editions/") + kEdition);
  request.mutable_contact()->set_owner("users/42");
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, std::string("employees/") + kManager); }),
              UnorderedElementsAre("contact.client", "contact.contact_person", "contact.edition",
                                   "contact.owner"));
}

TEST(ValidatePlanContactTest, ContactPersonMustBelongToTheClient) {
  auto request = ValidRequest();
  request.mutable_contact()->set_contact_person(std::string("clients/") + kOtherClient +
                                                "/contactPersons/" + kPerson);
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, std::string("employees/") + kManager); }),
              ElementsAre("contact.contact_person"));
}

TEST(ValidatePlanContactTest, PurposeIsCountedInCharactersNotBytes) {
  auto request = ValidRequest();
  // 2000 Cyrillic letters are 4000 bytes and still within the limit.
  request.mutable_contact()->set_purpose(Repeat("ж", 2000));
  EXPECT_NO_THROW(ValidatePlanContact(request, std::string("employees/") + kManager));
  request.mutable_contact()->set_purpose(Repeat("ж", 2001));
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, std::string("employees/") + kManager); }),
              ElementsAre("contact.purpose"));
}

TEST(ValidatePlanContactTest, BlankPurposeIsMissing) {
  auto request = ValidRequest();
  request.mutable_contact()->set_purpose(" \t\n");
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, std::string("employees/") + kManager); }),
              ElementsAre("contact.purpose"));
}

TEST(ValidatePlanContactTest, RejectsUnknownTypeAndImplausibleTimes) {
  auto request = ValidRequest();
  request.mutable_contact()->set_type(static_cast<v1::ContactType>(42));
  *request.mutable_contact()->mutable_scheduled_time() = At("1999-12-31T23:59:59Z");
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, std::string("employees/") + kManager); }),
              UnorderedElementsAre("contact.type", "contact.scheduled_time"));

  request = ValidRequest();
  request.mutable_contact()->mutable_scheduled_time()->set_nanos(-1);
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, std::string("employees/") + kManager); }),
              ElementsAre("contact.scheduled_time"));
}

TEST(ValidatePlanContactTest, OwnerIsRequiredWhenTheCallerIsNotAnEmployee) {
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(ValidRequest(), "services/importer"); }),
              ElementsAre("contact.owner"));
}

TEST(ValidatePlanContactTest, LimitsTheRequestId) {
  auto request = ValidRequest();
  request.set_request_id(std::string(129, 'r'));
  EXPECT_THAT(FieldsOf([&] { ValidatePlanContact(request, std::string("employees/") + kManager); }),
              ElementsAre("request_id"));
}

TEST(ValidateResultTest, MissingOutcomeIsAViolationOnResult) {
  EXPECT_THAT(ResultFields(v1::ContactResult()), ElementsAre("result"));
}

TEST(ValidateResultTest, SaleAreaMustBePositiveAndBounded) {
  v1::ContactResult result;
  result.mutable_sale()->set_area_dm2(1250);
  result.mutable_sale()->set_stand_number("B-14");
  common::Violations ok;
  EXPECT_EQ(ValidateResult(result, At("2026-11-26T12:00:00Z"), ok), ResultKind::kSale);
  EXPECT_TRUE(ok.empty());

  result.mutable_sale()->set_area_dm2(kMaxSaleAreaDm2);
  common::Violations at_max;
  ValidateResult(result, At("2026-11-26T12:00:00Z"), at_max);
  EXPECT_TRUE(at_max.empty());

  for (int64_t bad : {int64_t{-100}, kMaxSaleAreaDm2 + 1}) {
    result.mutable_sale()->set_area_dm2(bad);
    EXPECT_THAT(ResultFields(result), ElementsAre("result.sale.area_dm2")) << bad;
  }
  // No area: the stand the number names brings it (where the edition has a floor plan); without
  // a number there is nothing to take it from.
  result.mutable_sale()->set_area_dm2(0);
  common::Violations from_stand;
  ValidateResult(result, At("2026-11-26T12:00:00Z"), from_stand);
  EXPECT_TRUE(from_stand.empty());
  result.mutable_sale()->clear_stand_number();
  EXPECT_THAT(ResultFields(result), ElementsAre("result.sale.area_dm2"));
}

TEST(ValidateResultTest, StandNumberIsOptionalButBounded) {
  v1::ContactResult result;
  result.mutable_sale()->set_area_dm2(900);
  result.mutable_sale()->set_stand_number(std::string(kMaxStandNumberChars + 1, '7'));
  EXPECT_THAT(ResultFields(result), ElementsAre("result.sale.stand_number"));
}

TEST(ValidateResultTest, RefusalNeedsAKnownReason) {
  v1::ContactResult result;
  result.mutable_refusal();
  EXPECT_THAT(ResultFields(result), ElementsAre("result.refusal.reason"));
  result.mutable_refusal()->set_reason(static_cast<v1::RefusalReason>(77));
  EXPECT_THAT(ResultFields(result), ElementsAre("result.refusal.reason"));
  result.mutable_refusal()->set_reason(v1::REFUSAL_REASON_NO_BUDGET);
  common::Violations ok;
  EXPECT_EQ(ValidateResult(result, At("2026-11-26T12:00:00Z"), ok), ResultKind::kRefusal);
  EXPECT_TRUE(ok.empty());
}

TEST(ValidateResultTest, RescheduleMustMoveIntoTheFutureWithAReason) {
  const Timestamp now = At("2026-11-26T12:00:00Z");
  v1::ContactResult result;
  result.mutable_reschedule();
  EXPECT_THAT(ResultFields(result, now),
              UnorderedElementsAre("result.reschedule.new_time", "result.reschedule.reason"));

  result.mutable_reschedule()->set_reason("Клиент в отпуске");
  *result.mutable_reschedule()->mutable_new_time() = now;
  EXPECT_THAT(ResultFields(result, now), ElementsAre("result.reschedule.new_time"));
  *result.mutable_reschedule()->mutable_new_time() = At("2026-11-25T12:00:00Z");
  EXPECT_THAT(ResultFields(result, now), ElementsAre("result.reschedule.new_time"));

  *result.mutable_reschedule()->mutable_new_time() = At("2026-12-03T10:00:00Z");
  common::Violations ok;
  EXPECT_EQ(ValidateResult(result, now, ok), ResultKind::kReschedule);
  EXPECT_TRUE(ok.empty());
}

TEST(ValidateResultTest, NoteNeedsText) {
  v1::ContactResult result;
  result.mutable_note()->set_text("   ");
  EXPECT_THAT(ResultFields(result), ElementsAre("result.note.text"));
  result.mutable_note()->set_text(Repeat("я", static_cast<int>(kMaxResultTextChars) + 1));
  EXPECT_THAT(ResultFields(result), ElementsAre("result.note.text"));
}

TEST(ResultKindNameTest, NamesMatchTheEventContract) {
  EXPECT_EQ(ResultKindName(ResultKind::kSale), "sale");
  EXPECT_EQ(ResultKindName(ResultKind::kRefusal), "refusal");
  EXPECT_EQ(ResultKindName(ResultKind::kReschedule), "reschedule");
  EXPECT_EQ(ResultKindName(ResultKind::kNote), "note");
}

TEST(TextTest, CountsCodePointsAndSeesBlankText) {
  EXPECT_EQ(CharCount("м²"), 2u);
  EXPECT_EQ(CharCount(""), 0u);
  EXPECT_FALSE(HasContent(" \r\n\t"));
  EXPECT_TRUE(HasContent(" x "));
}

}  // namespace
}  // namespace crm::planning::domain
