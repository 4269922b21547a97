// Contact result kinds, the refusal reason catalogues, and sales with services, discounts,
// amendments and cancellation.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/planning_topics.h"
#include "tests/integration/planning/results_fixture.h"

namespace crm::planning::results_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kNoTimeToVisit[] = "refusalReasons/00000000-0000-4000-8000-000000000201";

class ResultKindsTest : public ResultsTest {
 protected:
  grpc::Status CreateReason(const std::string& token, v1::RefusalScope scope,
                            const std::string& display_name, v1::RefusalReasonEntry* out) {
    v1::CreateRefusalReasonRequest request;
    request.mutable_refusal_reason()->set_scope(scope);
    request.mutable_refusal_reason()->set_display_name(display_name);
    return Call(*catalogue_stub_, &v1::CatalogueService::Stub::CreateRefusalReason, token, request,
                out);
  }

  v1::Sale RecordSale(const v1::SaleOutcome& sale) {
    const v1::Contact contact = PlanContact(manager_, client_id_);
    v1::ContactResult result;
    *result.mutable_sale() = sale;
    v1::CompleteContactResponse response;
    const grpc::Status status = Complete(manager_, contact.name(), result, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.sale();
  }

  static v1::SaleOutcome StandWithServices() {
    v1::SaleOutcome sale;
    sale.set_area_dm2(1250);  // 12.5 m² at 8 000,00 = 100 000,00
    sale.set_stand_number("B-14");
    sale.set_stand_type(v1::STAND_TYPE_CORNER);
    auto* furniture = sale.add_service_lines();
    furniture->set_name("Стол и два стула");
    furniture->set_quantity_milli(2000);
    furniture->set_unit("компл.");
    furniture->mutable_unit_price()->set_minor_units(350'000);  // 2 × 3 500,00 = 7 000,00
    auto* power = sale.add_service_lines();
    power->set_name("Подключение электричества 5 кВт");
    power->set_quantity_milli(1000);
    power->set_unit("шт.");
    power->mutable_unit_price()->set_minor_units(1'200'000);  // 12 000,00
    sale.mutable_discount()->set_percent_bp(1000);            // 10% of 119 000,00 = 11 900,00
    sale.mutable_discount()->set_reason("Постоянный участник");
    return sale;
  }
};

TEST_F(ResultKindsTest, InvitationAndManualAreRecordedAsPositiveResults) {
  const v1::Contact first = PlanContact(manager_, client_id_);
  v1::ContactResult invitation;
  auto* visitor = invitation.mutable_invitation()->add_visitors();
  visitor->set_full_name("Смирнов Олег");
  visitor->set_position("Главный инженер");
  v1::CompleteContactResponse response;
  ASSERT_TRUE(Complete(manager_, first.name(), invitation, &response).ok());
  EXPECT_EQ(response.contact().result().invitation().visitors(0).full_name(), "Смирнов Олег");

  const v1::Contact second = PlanContact(manager_, client_id_);
  v1::ContactResult manual;
  manual.mutable_manual_sent()->set_manual(v1::MANUAL_KIND_TECHNICAL);
  manual.mutable_manual_sent()->set_channel(v1::DELIVERY_CHANNEL_EMAIL);
  manual.mutable_manual_sent()->set_title("Техническое руководство участника, ред. 3");
  ASSERT_TRUE(Complete(manager_, second.name(), manual, &response).ok());

  EXPECT_EQ(Count("contacts", "result_kind = 'invitation'"), 1);
  EXPECT_EQ(Count("contacts", "result_kind = 'manual_sent'"), 1);
  auto events = testing::ReadStream(nats_url_, events::v1::kContactCompleted, 2);
  ASSERT_EQ(events.size(), 2u);
  const auto a = Parse<ev::ContactCompleted>(events[0].data);
  const auto b = Parse<ev::ContactCompleted>(events[1].data);
  EXPECT_EQ(a.result_kind(), "invitation");
  EXPECT_TRUE(a.positive());
  EXPECT_EQ(b.result_kind(), "manual_sent");
  EXPECT_TRUE(b.positive());
  EXPECT_EQ(b.result().manual_sent().channel(), v1::DELIVERY_CHANNEL_EMAIL);
}

TEST_F(ResultKindsTest, BadResultsAreRejectedWithEveryFieldAndChangeNothing) {
  const v1::Contact contact = PlanContact(manager_, client_id_);
  v1::ContactResult manual;
  manual.mutable_manual_sent();
  v1::CompleteContactResponse response;
  grpc::Status status = Complete(manager_, contact.name(), manual, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("result.manual_sent.manual", "result.manual_sent.channel"));

  v1::ContactResult invitation;
  invitation.mutable_invitation()->add_visitors()->set_position("Инженер");
  status = Complete(manager_, contact.name(), invitation, &response);
  EXPECT_THAT(testing::ViolatedFields(status),
              ElementsAre("result.invitation.visitors[0].full_name"));

  v1::ContactResult sale;
  sale.mutable_sale()->set_area_dm2(1000);
  auto* line = sale.mutable_sale()->add_service_lines();
  line->set_name("Ковролин");
  line->set_unit("м²");
  line->mutable_unit_price()->set_minor_units(-5);
  sale.mutable_sale()->mutable_discount()->set_percent_bp(20'000);
  sale.mutable_sale()->mutable_price_per_m2()->set_minor_units(700'000);
  status = Complete(manager_, contact.name(), sale, &response);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("result.sale.price_override_reason",
                                   "result.sale.service_lines[0].quantity_milli",
                                   "result.sale.service_lines[0].unit_price.minor_units",
                                   "result.sale.discount.percent_bp"));

  // A fixed discount above the amount is caught once the amount is known.
  v1::ContactResult too_much;
  too_much.mutable_sale()->set_area_dm2(100);  // 8 000,00
  too_much.mutable_sale()->mutable_discount()->mutable_amount()->set_minor_units(900'000);
  status = Complete(manager_, contact.name(), too_much, &response);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("result.sale.discount.amount"));

  EXPECT_EQ(Count("contacts", "state = 'PLANNED'"), 1);
  EXPECT_EQ(Count("sales"), 0);
  EXPECT_EQ(Count("outbox", "subject = 'crm.planning.contact.completed'"), 0);
}

TEST_F(ResultKindsTest, RefusalsResolveAgainstTheCatalogue) {
  // The original enum maps to its seeded catalogue entry.
  const v1::Contact legacy = PlanContact(manager_, client_id_);
  v1::ContactResult by_enum;
  by_enum.mutable_refusal()->set_reason(v1::REFUSAL_REASON_NO_BUDGET);
  v1::CompleteContactResponse response;
  ASSERT_TRUE(Complete(manager_, legacy.name(), by_enum, &response).ok());
  EXPECT_EQ(response.contact().result().refusal().refusal_reason(),
            "refusalReasons/00000000-0000-4000-8000-000000000101");

  // A new catalogue entry maps back to OTHER for readers of the enum.
  v1::RefusalReasonEntry entry;
  ASSERT_TRUE(
      CreateReason(admin_, v1::REFUSAL_SCOPE_PARTICIPATION, "Переезд производства", &entry).ok());
  const v1::Contact by_catalogue = PlanContact(manager_, client_id_);
  v1::ContactResult refusal;
  refusal.mutable_refusal()->set_refusal_reason(entry.name());
  refusal.mutable_refusal()->set_details("Вернутся к разговору осенью");
  ASSERT_TRUE(Complete(manager_, by_catalogue.name(), refusal, &response).ok());
  EXPECT_EQ(response.contact().result().refusal().reason(), v1::REFUSAL_REASON_OTHER);

  // Refusal to visit needs a VISIT reason.
  const v1::Contact visit = PlanContact(manager_, client_id_);
  v1::ContactResult wrong_scope;
  wrong_scope.mutable_visit_refusal()->set_refusal_reason(entry.name());
  grpc::Status status = Complete(manager_, visit.name(), wrong_scope, &response);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("result.visit_refusal.refusal_reason"));
  v1::ContactResult visit_refusal;
  visit_refusal.mutable_visit_refusal()->set_refusal_reason(kNoTimeToVisit);
  visit_refusal.mutable_visit_refusal()->set_comment("Сезон отпусков");
  ASSERT_TRUE(Complete(manager_, visit.name(), visit_refusal, &response).ok());
  EXPECT_EQ(Count("contacts", "result_kind = 'visit_refusal'"), 1);

  // A deactivated entry cannot be picked, but still resolves for the results that name it.
  v1::DeactivateRefusalReasonRequest deactivate;
  deactivate.set_name(entry.name());
  deactivate.set_etag(entry.etag());
  v1::RefusalReasonEntry inactive;
  ASSERT_TRUE(Call(*catalogue_stub_, &v1::CatalogueService::Stub::DeactivateRefusalReason, admin_,
                   deactivate, &inactive)
                  .ok());
  EXPECT_FALSE(inactive.active());
  const v1::Contact late = PlanContact(manager_, client_id_);
  status = Complete(manager_, late.name(), refusal, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("result.refusal.refusal_reason"));
  v1::GetRefusalReasonRequest get;
  get.set_name(entry.name());
  v1::RefusalReasonEntry got;
  ASSERT_TRUE(
      Call(*catalogue_stub_, &v1::CatalogueService::Stub::GetRefusalReason, manager_, get, &got)
          .ok());
  EXPECT_EQ(got.display_name(), "Переезд производства");
  EXPECT_FALSE(got.active());

  // Reactivated, it can be picked again. Only an admin reactivates, with the current etag and a
  // well-formed name; a refused call changes nothing.
  v1::ReactivateRefusalReasonRequest reactivate;
  reactivate.set_name(entry.name());
  reactivate.set_etag(inactive.etag());
  v1::RefusalReasonEntry active;
  status = Call(*catalogue_stub_, &v1::CatalogueService::Stub::ReactivateRefusalReason, manager_,
                reactivate, &active);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::ReactivateRefusalReasonRequest stale = reactivate;
  stale.set_etag(entry.etag());
  status = Call(*catalogue_stub_, &v1::CatalogueService::Stub::ReactivateRefusalReason, admin_,
                stale, &active);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  v1::ReactivateRefusalReasonRequest bad_name = reactivate;
  bad_name.set_name("refusalReasons/not-a-uuid");
  status = Call(*catalogue_stub_, &v1::CatalogueService::Stub::ReactivateRefusalReason, admin_,
                bad_name, &active);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("name"));
  ASSERT_TRUE(
      Call(*catalogue_stub_, &v1::CatalogueService::Stub::GetRefusalReason, manager_, get, &got)
          .ok());
  EXPECT_FALSE(got.active());
  ASSERT_TRUE(Call(*catalogue_stub_, &v1::CatalogueService::Stub::ReactivateRefusalReason, admin_,
                   reactivate, &active)
                  .ok());
  EXPECT_TRUE(active.active());
  const v1::Contact again = PlanContact(manager_, client_id_);
  ASSERT_TRUE(Complete(manager_, again.name(), refusal, &response).ok());
}

TEST_F(ResultKindsTest, CatalogueIsEditedByAdminsOnly) {
  v1::RefusalReasonEntry entry;
  grpc::Status status = CreateReason(manager_, v1::REFUSAL_SCOPE_VISIT, "Болезнь", &entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = CreateReason(head_, v1::REFUSAL_SCOPE_VISIT, "Болезнь", &entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = CreateReason(admin_, v1::REFUSAL_SCOPE_UNSPECIFIED, " ", &entry);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("refusal_reason.scope", "refusal_reason.display_name"));
  EXPECT_EQ(Count("refusal_reasons"), 12);

  ASSERT_TRUE(CreateReason(admin_, v1::REFUSAL_SCOPE_VISIT, "Болезнь", &entry).ok());
  v1::UpdateRefusalReasonRequest update;
  update.mutable_refusal_reason()->set_name(entry.name());
  update.mutable_refusal_reason()->set_etag(entry.etag());
  update.mutable_refusal_reason()->set_display_name("Болезнь сотрудников");
  update.mutable_update_mask()->add_paths("display_name");
  v1::RefusalReasonEntry renamed;
  status = Call(*catalogue_stub_, &v1::CatalogueService::Stub::UpdateRefusalReason, manager_,
                update, &renamed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(*catalogue_stub_, &v1::CatalogueService::Stub::UpdateRefusalReason, admin_,
                   update, &renamed)
                  .ok());
  EXPECT_EQ(renamed.display_name(), "Болезнь сотрудников");
  EXPECT_NE(renamed.etag(), entry.etag());
  // The old etag no longer matches.
  status = Call(*catalogue_stub_, &v1::CatalogueService::Stub::UpdateRefusalReason, admin_, update,
                &renamed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);

  // Managers list the active VISIT reasons, page by page.
  v1::ListRefusalReasonsRequest list;
  list.set_scope(v1::REFUSAL_SCOPE_VISIT);
  list.set_page_size(4);
  v1::ListRefusalReasonsResponse page;
  ASSERT_TRUE(
      Call(*catalogue_stub_, &v1::CatalogueService::Stub::ListRefusalReasons, manager_, list, &page)
          .ok());
  ASSERT_EQ(page.refusal_reasons_size(), 4);
  ASSERT_FALSE(page.next_page_token().empty());
  list.set_page_token(page.next_page_token());
  v1::ListRefusalReasonsResponse rest;
  ASSERT_TRUE(
      Call(*catalogue_stub_, &v1::CatalogueService::Stub::ListRefusalReasons, manager_, list, &rest)
          .ok());
  ASSERT_EQ(rest.refusal_reasons_size(), 2);
  EXPECT_EQ(rest.refusal_reasons(1).display_name(), "Болезнь сотрудников");
  EXPECT_TRUE(rest.next_page_token().empty());
}

TEST_F(ResultKindsTest, SaleWithServicesAndDiscountIsPricedAndAnnounced) {
  const v1::Sale sale = RecordSale(StandWithServices());
  EXPECT_EQ(sale.space_amount().minor_units(), 10'000'000);
  EXPECT_EQ(sale.services_amount().minor_units(), 1'900'000);
  EXPECT_EQ(sale.discount_amount().minor_units(), 1'190'000);
  EXPECT_EQ(sale.net_amount().minor_units(), 10'710'000);
  EXPECT_EQ(sale.vat_rate_bp(), 2200);
  EXPECT_EQ(sale.vat_amount().minor_units(), 2'356'200);
  EXPECT_EQ(sale.total_amount().minor_units(), 13'066'200);
  EXPECT_EQ(sale.service_lines(0).amount().minor_units(), 700'000);
  EXPECT_EQ(sale.stand_type(), v1::STAND_TYPE_CORNER);
  EXPECT_EQ(sale.state(), v1::SALE_STATE_ACTIVE);

  auto events = testing::ReadStream(nats_url_, events::v1::kSaleRecorded, 1);
  ASSERT_EQ(events.size(), 1u);
  const auto recorded = Parse<ev::SaleRecorded>(events[0].data);
  EXPECT_EQ(recorded.client().inn(), "7701234567");
  EXPECT_EQ(recorded.contact_person().full_name(), "Иванова Мария Петровна");
  EXPECT_EQ(recorded.manager().full_name(), "Петров Иван Сергеевич");
  ASSERT_EQ(recorded.service_lines_size(), 2);
  EXPECT_EQ(recorded.service_lines(1).amount().minor_units(), 1'200'000);
  EXPECT_EQ(recorded.discount().percent_bp(), 1000);
  EXPECT_EQ(recorded.discount_amount().minor_units(), 1'190'000);
  EXPECT_EQ(recorded.total_amount().minor_units(), 13'066'200);
  EXPECT_EQ(recorded.state(), "ACTIVE");

  // A price override needs a reason and is kept next to the list price.
  v1::SaleOutcome discounted;
  discounted.set_area_dm2(1000);
  discounted.mutable_price_per_m2()->set_minor_units(700'000);
  discounted.set_price_override_reason("Цена прошлого года по договорённости");
  const v1::Sale overridden = RecordSale(discounted);
  EXPECT_EQ(overridden.price_per_m2().minor_units(), 700'000);
  EXPECT_EQ(overridden.list_price_per_m2().minor_units(), 800'000);
  EXPECT_EQ(overridden.net_amount().minor_units(), 7'000'000);
}

TEST_F(ResultKindsTest, AmendSaleRecomputesAmountsAndPublishesWhatChanged) {
  const v1::Sale sale = RecordSale(StandWithServices());
  v1::AmendSaleRequest amend;
  amend.mutable_sale()->set_name(sale.name());
  amend.mutable_sale()->set_etag(sale.etag());
  amend.mutable_sale()->set_area_dm2(1800);  // 18 m² = 144 000,00
  amend.mutable_sale()->mutable_discount()->mutable_amount()->set_minor_units(1'000'000);
  amend.mutable_update_mask()->add_paths("area_dm2");
  amend.mutable_update_mask()->add_paths("discount");
  amend.set_reason("Клиент попросил стенд больше");

  // Someone else's sale: denied, nothing changes.
  v1::Sale amended;
  grpc::Status status =
      Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, other_manager_, amend, &amended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // A head of another department: denied too.
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, other_head_, amend, &amended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // An analyst reads, never writes.
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, analyst_, amend, &amended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // Bad input: every problem at once.
  v1::AmendSaleRequest bad = amend;
  bad.mutable_sale()->set_area_dm2(0);
  bad.mutable_sale()->clear_etag();
  bad.mutable_update_mask()->add_paths("sale_time");
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, bad, &amended);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("sale.area_dm2", "update_mask", "sale.etag"));
  EXPECT_EQ(Count("sales", "area_dm2 = 1250"), 1);

  // The head of the manager's department may.
  ASSERT_TRUE(Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, head_, amend, &amended).ok());
  // 144 000 + 19 000 − 10 000 = 153 000,00 net; VAT 33 660,00.
  EXPECT_EQ(amended.space_amount().minor_units(), 14'400'000);
  EXPECT_EQ(amended.discount_amount().minor_units(), 1'000'000);
  EXPECT_EQ(amended.net_amount().minor_units(), 15'300'000);
  EXPECT_EQ(amended.vat_amount().minor_units(), 3'366'000);
  EXPECT_EQ(amended.total_amount().minor_units(), 18'666'000);
  EXPECT_EQ(amended.service_lines_size(), 2);
  EXPECT_NE(amended.etag(), sale.etag());

  // The same etag again: the sale moved on.
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, amend, &amended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ErrorReason(status), "ETAG_MISMATCH");

  auto events = testing::ReadStream(nats_url_, events::v1::kSaleAmended, 1);
  ASSERT_EQ(events.size(), 1u);
  const auto event = Parse<ev::SaleAmended>(events[0].data);
  EXPECT_EQ(event.sale().area_dm2(), 1800);
  EXPECT_EQ(event.previous().area_dm2(), 1250);
  EXPECT_EQ(event.sale().client().legal_name(), "ООО «СтройМаш»");
  EXPECT_EQ(event.amended_by(), "employees/" + head_id_);
  EXPECT_EQ(event.reason(), "Клиент попросил стенд больше");
  EXPECT_THAT(event.changed_fields(),
              UnorderedElementsAre("area_dm2", "discount", "space_amount", "discount_amount",
                                   "net_amount", "vat_amount", "total_amount"));
}

TEST_F(ResultKindsTest, CancelSaleNeedsAReasonAndFreezesTheSale) {
  const v1::Sale sale = RecordSale(StandWithServices());
  v1::CancelSaleRequest cancel;
  cancel.set_name(sale.name());
  cancel.set_etag(sale.etag());
  v1::Sale cancelled;
  grpc::Status status =
      Call(*sales_stub_, &v1::SaleService::Stub::CancelSale, manager_, cancel, &cancelled);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("reason"));
  cancel.set_reason("Клиент отказался от участия, письмо от 20.03");
  status =
      Call(*sales_stub_, &v1::SaleService::Stub::CancelSale, other_manager_, cancel, &cancelled);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("sales", "state = 'ACTIVE'"), 1);

  ASSERT_TRUE(
      Call(*sales_stub_, &v1::SaleService::Stub::CancelSale, manager_, cancel, &cancelled).ok());
  EXPECT_EQ(cancelled.state(), v1::SALE_STATE_CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), "Клиент отказался от участия, письмо от 20.03");

  v1::AmendSaleRequest amend;
  amend.mutable_sale()->set_name(sale.name());
  amend.mutable_sale()->set_etag(cancelled.etag());
  amend.mutable_sale()->set_area_dm2(900);
  amend.mutable_update_mask()->add_paths("area_dm2");
  v1::Sale amended;
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, amend, &amended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "SALE_CANCELLED");

  auto events = testing::ReadStream(nats_url_, events::v1::kSaleCancelled, 1);
  ASSERT_EQ(events.size(), 1u);
  const auto event = Parse<ev::SaleCancelled>(events[0].data);
  EXPECT_EQ(event.sale().state(), "CANCELLED");
  EXPECT_EQ(event.sale().total_amount().minor_units(), 13'066'200);
  EXPECT_EQ(event.cancelled_by(), "employees/" + manager_id_);
  EXPECT_EQ(event.reason(), "Клиент отказался от участия, письмо от 20.03");
}

}  // namespace
}  // namespace crm::planning::results_testing
