#include "services/registry/domain/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "common/api/date.h"
#include "common/core/errors.h"
#include "tests/unit/registry/page_tokens.h"

namespace crm::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

// The field paths a validation rejects; empty when it passes.
std::vector<std::string> Violated(const std::function<void()>& validate) {
  try {
    validate();
  } catch (const common::ValidationError& e) {
    std::vector<std::string> fields;
    for (const auto& v : e.violations()) {
      fields.push_back(v.field);
    }
    return fields;
  }
  return {};
}

v1::CreateClientRequest LegalEntity() {
  v1::CreateClientRequest request;
  auto* c = request.mutable_client();
  c->set_display_name("СтройМаш");
  c->set_legal_name("ООО «СтройМаш»");
  c->set_inn("7707083893");
  c->set_kpp("773601001");
  c->set_ogrn("1027700132195");
  return request;
}

v1::CreateClientRequest SoleTrader() {
  v1::CreateClientRequest request;
  auto* c = request.mutable_client();
  c->set_display_name("ИП Петров");
  c->set_legal_name("ИП Петров Пётр Петрович");
  c->set_inn("500100732259");
  c->set_ogrn("304500116000157");
  return request;
}

TEST(ValidateCreateClientTest, AcceptsBothKindsAndTrims) {
  auto request = LegalEntity();
  request.mutable_client()->set_display_name("  СтройМаш\t");
  request.mutable_client()->set_kpp(" 773601001 ");
  request.mutable_client()->set_name("clients/whatever");
  request.mutable_client()->set_etag("ignored");
  v1::Client client = ValidateCreateClient(request);
  EXPECT_EQ(client.display_name(), "СтройМаш");
  EXPECT_EQ(client.kpp(), "773601001");
  EXPECT_EQ(client.name(), "");
  EXPECT_EQ(client.etag(), "");
  EXPECT_THAT(Violated([] { ValidateCreateClient(SoleTrader()); }), IsEmpty());
}

TEST(ValidateCreateClientTest, RequisitesMustAgreeWithTheInnKind) {
  struct Case {
    std::function<void(v1::Client*)> change;
    std::vector<std::string> fields;
  };
  const std::vector<std::pair<v1::CreateClientRequest, Case>> cases = {
      {LegalEntity(), {[](v1::Client* c) { c->clear_kpp(); }, {"client.kpp"}}},
      {LegalEntity(), {[](v1::Client* c) { c->set_ogrn("304500116000157"); }, {"client.ogrn"}}},
      {LegalEntity(), {[](v1::Client* c) { c->clear_ogrn(); }, {}}},
      {LegalEntity(), {[](v1::Client* c) { c->set_kpp("7736AZ001"); }, {}}},
      {SoleTrader(), {[](v1::Client* c) { c->set_kpp("773601001"); }, {"client.kpp"}}},
      {SoleTrader(), {[](v1::Client* c) { c->set_ogrn("1027700132195"); }, {"client.ogrn"}}},
      {SoleTrader(), {[](v1::Client* c) { c->set_ogrn("304500116000158"); }, {"client.ogrn"}}},
      // A broken INN hides neither the KPP's nor the OGRN's own problems.
      {LegalEntity(),
       {[](v1::Client* c) {
          c->set_inn("7707083890");
          c->set_kpp("12");
        },
        {"client.inn", "client.kpp"}}},
  };
  for (const auto& [base, test] : cases) {
    auto request = base;
    test.change(request.mutable_client());
    EXPECT_THAT(Violated([&] { ValidateCreateClient(request); }),
                UnorderedElementsAreArray(test.fields))
        << request.client().ShortDebugString();
  }
}

TEST(ValidateCreateClientTest, ReportsEveryProblemAtOnce) {
  v1::CreateClientRequest request;
  request.set_request_id("a\nb");
  auto* c = request.mutable_client();
  c->set_legal_name(std::string(501, 'x'));
  c->set_legal_address("строка\nещё строка");
  c->set_phone("+7");
  c->set_email("nobody");
  EXPECT_THAT(
      Violated([&] { ValidateCreateClient(request); }),
      UnorderedElementsAre("request_id", "client.display_name", "client.legal_name", "client.inn",
                           "client.legal_address", "client.phone", "client.email"));
  EXPECT_THAT(Violated([] { ValidateCreateClient(v1::CreateClientRequest()); }),
              ElementsAre("client"));
}

TEST(ValidateCreateEditionTest, ChecksParentDatesAndPrice) {
  v1::CreateEditionRequest request;
  request.set_parent("projects/0d3c1c6e-4a5b-4c3d-9e8f-0123456789ab");
  auto* e = request.mutable_edition();
  e->set_display_name("Волга-Строй 2028");
  e->mutable_start_date()->set_year(2028);
  e->mutable_start_date()->set_month(2);
  e->mutable_start_date()->set_day(29);  // a leap year
  *e->mutable_end_date() = e->start_date();
  e->mutable_price_per_m2()->set_currency_code("RUB");
  e->mutable_price_per_m2()->set_minor_units(1);
  NewEdition edition = ValidateCreateEdition(request);
  EXPECT_EQ(edition.project_id, "0d3c1c6e-4a5b-4c3d-9e8f-0123456789ab");
  EXPECT_EQ(common::api::IsoDate(edition.edition.start_date()), "2028-02-29");

  request.set_parent("projects/0d3c1c6e");
  e->mutable_end_date()->set_day(28);
  e->mutable_price_per_m2()->set_minor_units(100'000'000'001);
  EXPECT_THAT(
      Violated([&] { ValidateCreateEdition(request); }),
      UnorderedElementsAre("parent", "edition.end_date", "edition.price_per_m2.minor_units"));
}

TEST(ValidateSearchClientsTest, QueryInnAndTokenScope) {
  v1::SearchClientsRequest request;
  EXPECT_THAT(Violated([&] { ValidateSearchClients(request, kListCaller); }), IsEmpty());
  request.set_query(" с ");
  EXPECT_THAT(Violated([&] { ValidateSearchClients(request, kListCaller); }), ElementsAre("query"));
  request.set_query(" СТ ");
  request.set_order_by(v1::CLIENT_ORDER_DISPLAY_NAME);
  ClientSearch search = ValidateSearchClients(request, kListCaller);
  EXPECT_EQ(search.filter.name_query, "ст");
  request.set_inn("123");
  EXPECT_THAT(Violated([&] { ValidateSearchClients(request, kListCaller); }), ElementsAre("inn"));

  request.set_inn("7707083893");
  request.set_page_token(
      ListTokenFor(request, {"СтройМаш", "0d3c1c6e-4a5b-4c3d-9e8f-0123456789ab"}));
  search = ValidateSearchClients(request, kListCaller);
  ASSERT_TRUE(search.window.after.has_value());
  EXPECT_EQ(search.window.after->sort, "СтройМаш");
  request.set_inn("");
  EXPECT_THAT(Violated([&] { ValidateSearchClients(request, kListCaller); }),
              ElementsAre("page_token"));
}

TEST(ValidateListEditionsTest, TokenSortMustBeADate) {
  v1::ListEditionsRequest request;
  request.set_parent("projects/0d3c1c6e-4a5b-4c3d-9e8f-0123456789ab");
  request.set_page_token(
      ListTokenFor(request, {"2027-03-14", "0d3c1c6e-4a5b-4c3d-9e8f-0123456789ab"}));
  EXPECT_THAT(Violated([&] { ValidateListEditions(request, kListCaller); }), IsEmpty());
  request.set_page_token(
      ListTokenFor(request, {"tomorrow", "0d3c1c6e-4a5b-4c3d-9e8f-0123456789ab"}));
  EXPECT_THAT(Violated([&] { ValidateListEditions(request, kListCaller); }),
              ElementsAre("page_token"));
}

TEST(ValidateCreateEmployeeTest, EmailIsRequired) {
  v1::CreateEmployeeRequest request;
  request.mutable_employee()->set_full_name("Смирнова Елена");
  EXPECT_THAT(Violated([&] { ValidateCreateEmployee(request); }), ElementsAre("employee.email"));
  request.mutable_employee()->set_email(" smirnova@expo-volga.ru ");
  EXPECT_EQ(ValidateCreateEmployee(request).email(), "smirnova@expo-volga.ru");
}

}  // namespace
}  // namespace crm::registry
