// The client model's pure rules: name normalisation for search, phones, OKVED codes, legal forms,
// geography, access rules and field-level history diffs.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/errors.h"
#include "services/registry/domain/client_access.h"
#include "services/registry/domain/client_filter.h"
#include "services/registry/domain/client_history.h"
#include "services/registry/domain/client_rules.h"
#include "services/registry/domain/geography.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/domain/verification.h"

namespace crm::registry {
namespace {

using common::auth::Principal;
using common::auth::Role;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(NormalizeCompanyNameTest, FoldsCaseYoQuotesAndLegalForms) {
  EXPECT_EQ(NormalizeCompanyName("ООО «СтройМаш»"), "строймаш");
  EXPECT_EQ(NormalizeCompanyName("АО \"Ёлка-Маркет\""), "елка маркет");
  EXPECT_EQ(NormalizeCompanyName("Общество с ограниченной ответственностью „Волга“"), "волга");
  EXPECT_EQ(NormalizeCompanyName("Индивидуальный предприниматель Пётр Петров"), "петр петров");
  EXPECT_EQ(NormalizeCompanyName("  ПАО   Сбербанк   России "), "сбербанк россии");
  EXPECT_EQ(NormalizeCompanyName("LLC Volga Trade Ltd."), "volga trade");
  // Legal-form letters inside a word stay.
  EXPECT_EQ(NormalizeCompanyName("Заоблачный"), "заоблачный");
  EXPECT_EQ(NormalizeCompanyName("ООО"), "");
}

TEST(NormalizePhoneDigitsTest, RussianNumbersBecomeElevenDigitsFromSeven) {
  EXPECT_EQ(NormalizePhoneDigits("8 (846) 207-11-11"), "78462071111");
  EXPECT_EQ(NormalizePhoneDigits("+7 846 207 11 11"), "78462071111");
  EXPECT_EQ(NormalizePhoneDigits("846 207-11-11"), "78462071111");
  EXPECT_EQ(NormalizePhoneDigits("207-11-11"), "2071111");
  EXPECT_EQ(NormalizePhoneDigits("+49 30 1234567"), "49301234567");
}

TEST(ContainsPatternTest, EscapesLikeWildcards) {
  EXPECT_EQ(ContainsPattern("a%b_c\\"), "%a\\%b\\_c\\\\%");
}

TEST(OkvedTest, AcceptsTheOkved2Shapes) {
  for (const char* good : {"41", "41.2", "41.20", "41.20.1", "01.11.11"}) {
    EXPECT_EQ(CheckOkvedCode(good), std::nullopt) << good;
  }
  for (const char* bad : {"", "4", "41.", "41.2.1", "41.200", "41.20.11.1", "00", "a1.20"}) {
    EXPECT_NE(CheckOkvedCode(bad), std::nullopt) << bad;
  }
}

TEST(LegalFormTest, CodesRoundTrip) {
  EXPECT_EQ(LegalFormText::Of(v1::LEGAL_FORM_OOO), "OOO");
  EXPECT_EQ(LegalFormText::Of(v1::LEGAL_FORM_UNSPECIFIED), "");
  EXPECT_EQ(LegalFormText::Parse("PAO"), v1::LEGAL_FORM_PAO);
  EXPECT_THROW(LegalFormText::Parse("XYZ"), common::api::StoredEnumError);  // corrupt data
  EXPECT_TRUE(IsIndividualLegalForm(v1::LEGAL_FORM_IP));
  EXPECT_FALSE(IsIndividualLegalForm(v1::LEGAL_FORM_AO));
}

TEST(GeographyTest, RegionsBelongToKnownDistricts) {
  EXPECT_GE(Regions().size(), 85u);
  for (const Region& region : Regions()) {
    EXPECT_TRUE(FindFederalDistrict(region.district_code).has_value()) << region.code;
  }
  v1::Client client;
  client.mutable_postal_address()->set_region_code("16");
  client.mutable_postal_address()->set_city("Казань");
  v1::Geography geography = GeographyOf(client);
  EXPECT_EQ(geography.region(), "Республика Татарстан");
  EXPECT_EQ(geography.federal_district_code(), "VOLGA");
  EXPECT_EQ(geography.city(), "Казань");
  v1::Address moscow;
  moscow.set_postal_code("117312");
  moscow.set_region_code("77");
  moscow.set_city("Москва");
  moscow.set_street_line("ул. Вавилова, д. 19");
  EXPECT_EQ(AddressLine(moscow), "117312, Москва, ул. Вавилова, д. 19");
}

Principal Caller(const std::string& subject, Role role) {
  return Principal{.subject = subject, .name = "", .roles = {role}};
}

constexpr char kA[] = "0a0a0a0a-0000-4000-8000-00000000000a";
constexpr char kB[] = "0b0b0b0b-0000-4000-8000-00000000000b";

std::string Staff(const char* id) { return std::string("employees/") + id; }

TEST(ClientAccessTest, EachRoleGetsItsRule) {
  const ClientResponsibility mine{.curator_ids = {kA}};
  const std::vector<std::string> website = {"website"};
  const std::vector<std::string> requisites = {"kpp", "legal_address_details"};
  EXPECT_NO_THROW(CheckClientEdit(Caller(Staff(kA), Role::kSalesManager), mine, website));
  EXPECT_THROW(CheckClientEdit(Caller(Staff(kB), Role::kSalesManager), mine, website),
               common::PermissionError);
  EXPECT_NO_THROW(CheckClientEdit(Caller(Staff(kB), Role::kSalesHead), mine, website));
  EXPECT_NO_THROW(CheckClientEdit(Caller(Staff(kB), Role::kAnalyst), mine, website));
  EXPECT_NO_THROW(CheckClientEdit(Caller(Staff(kB), Role::kAdmin), mine, website));
  EXPECT_NO_THROW(CheckClientEdit(Caller(Staff(kB), Role::kAccountant), mine, requisites));
  EXPECT_THROW(CheckClientEdit(Caller(Staff(kB), Role::kAccountant), mine, website),
               common::PermissionError);
  EXPECT_THROW(CheckContactPersonEdit(Caller(Staff(kB), Role::kAccountant), mine),
               common::PermissionError);
  // Curators, not creators, are responsible: a client nobody curates is no manager's to edit.
  const ClientResponsibility curated{.curator_ids = {kB}};
  const ClientResponsibility nobody{.curator_ids = {}};
  EXPECT_THROW(CheckClientEdit(Caller(Staff(kA), Role::kSalesManager), nobody, website),
               common::PermissionError);
  EXPECT_THROW(CheckContactPersonEdit(Caller(Staff(kA), Role::kSalesManager), nobody),
               common::PermissionError);
  EXPECT_NO_THROW(CheckContactPersonEdit(Caller(Staff(kB), Role::kSalesManager), curated));
  // The token's subject in upper case is the same curator.
  EXPECT_NO_THROW(
      CheckClientEdit(Caller("employees/0B0B0B0B-0000-4000-8000-00000000000B", Role::kSalesManager),
                      curated, website));
  EXPECT_EQ(InitialVerificationState(Caller(Staff(kA), Role::kSalesManager)),
            v1::VERIFICATION_STATE_PENDING_VERIFICATION);
  EXPECT_EQ(InitialVerificationState(Caller(Staff(kB), Role::kAnalyst)),
            v1::VERIFICATION_STATE_VERIFIED);
}

TEST(DiffClientsTest, ReportsChangedFieldsOnlyAsJson) {
  v1::Client before;
  before.set_name("clients/1");
  before.set_etag("1");
  before.set_display_name("Сбер");
  before.add_phones()->set_number("1");
  v1::Client after = before;
  after.set_etag("2");
  after.set_display_name("Сбербанк");
  after.set_legal_form(v1::LEGAL_FORM_PAO);
  after.clear_phones();
  std::vector<std::string> fields;
  for (const auto& change : DiffClients(before, after)) {
    fields.push_back(change.field() + ": " + change.before() + " -> " + change.after());
  }
  EXPECT_THAT(fields, ElementsAre("display_name: \"Сбер\" -> \"Сбербанк\"",
                                  "legal_form:  -> \"LEGAL_FORM_PAO\"",
                                  "phones: [{\"number\":\"1\"}] -> "));
  EXPECT_THAT(DiffClients(before, before), IsEmpty());
}

TEST(ClientFilterTest, NormalisesValuesAndRejectsUnknownOnes) {
  v1::ClientFilter filter;
  filter.set_query("ООО «Ёлка»");
  filter.set_phone("8 (846) 207-11-11");
  filter.set_email("Info@Example.RU");
  filter.add_region_codes("77");
  filter.add_region_codes("63");
  filter.add_region_codes("63");
  common::Violations v;
  ClientFilterSpec spec = ReadClientFilter(filter, "filter", v);
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(spec.name_query, "елка");
  EXPECT_EQ(spec.phone_digits, "78462071111");
  EXPECT_EQ(spec.email_key, "info@example.ru");
  EXPECT_THAT(spec.region_codes, ElementsAre("63", "77"));
  filter.add_curators("employees/1");
  common::Violations denied;
  ReadClientFilter(filter, "filter", denied);
  EXPECT_FALSE(denied.empty());
}

TEST(ClientFilterTest, ReadsGroupsParticipationAndCurators) {
  const std::string a = "0b6a1d9e-5c1f-4f3e-9d0a-111111111111";
  const std::string b = "0b6a1d9e-5c1f-4f3e-9d0a-222222222222";
  v1::ClientFilter filter;
  filter.add_groups("groups/" + b);
  filter.add_groups("groups/" + a);
  filter.add_groups("groups/" + b);
  filter.add_projects("projects/" + a);
  filter.add_projects("projects/" + a + "/editions/" + b);
  filter.add_competitor_exhibitions("competitorExhibitions/" + a);
  filter.add_participation_years(2025);
  filter.add_participation_years(2024);
  filter.add_participation_years(2025);
  filter.add_curators("employees/" + a);
  filter.add_curator_projects("projects/" + b);
  common::Violations v;
  ClientFilterSpec spec = ReadClientFilter(filter, "filter", v);
  EXPECT_TRUE(v.empty());
  EXPECT_THAT(spec.group_ids, ElementsAre(a, b));
  EXPECT_THAT(spec.participation_project_ids, ElementsAre(a));
  EXPECT_THAT(spec.participation_edition_ids, ElementsAre(b));
  ASSERT_EQ(spec.edition_refs.size(), 1u);
  EXPECT_EQ(spec.edition_refs[0].first, a);
  EXPECT_THAT(spec.participation_competitor_ids, ElementsAre(a));
  EXPECT_THAT(spec.participation_years, ElementsAre(2024, 2025));
  EXPECT_THAT(spec.curator_employee_ids, ElementsAre(a));
  EXPECT_THAT(spec.curator_project_ids, ElementsAre(b));
  EXPECT_TRUE(HasOrganisationConditions(spec));
  EXPECT_NE(ClientFilterKey(spec), ClientFilterKey(ClientFilterSpec{}));

  v1::ClientFilter bad;
  bad.add_groups("clients/" + a);
  bad.add_projects("projects/" + a + "/editions/nope");
  bad.add_competitor_exhibitions("competitorExhibitions/x");
  bad.add_participation_years(1800);
  bad.add_curators("employees/" + a);
  bad.add_curator_projects("groups/" + a);
  common::Violations problems;
  ReadClientFilter(bad, "filter", problems);
  try {
    problems.ThrowIfAny();
    ADD_FAILURE() << "expected violations";
  } catch (const common::ValidationError& error) {
    std::vector<std::string> fields;
    for (const auto& violation : error.violations()) {
      fields.push_back(violation.field);
    }
    EXPECT_THAT(fields, ElementsAre("filter.groups[0]", "filter.projects[0]",
                                    "filter.competitor_exhibitions[0]",
                                    "filter.participation_years[0]", "filter.curator_projects[0]"));
  }
}

}  // namespace
}  // namespace crm::registry
