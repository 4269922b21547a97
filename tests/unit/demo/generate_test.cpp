#include "tools/demo/generate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "common/ru/requisites.h"

namespace crm::demo {
namespace {

namespace ru = crm::common::ru;

TEST(Inn, KnownControlDigits) {
  // 7707083893 is a well-known valid legal-entity ИНН.
  EXPECT_EQ(InnControlDigit("770708389"), 3);
  EXPECT_EQ(MakeInn("770708389"), "7707083893");
}

TEST(Inn, EveryBodyGetsAValidInn) {
  Rng rng(1);
  for (int i = 0; i < 2000; ++i) {
    std::string body;
    for (int d = 0; d < 9; ++d) {
      body += static_cast<char>('0' + rng.Between(0, 9));
    }
    std::string inn = MakeInn(body);
    EXPECT_EQ(ru::ValidateInn(inn), std::nullopt) << inn;
  }
}

TEST(Ogrn, KnownControlDigit) {
  // 1027700132195 is a well-known valid ОГРН.
  EXPECT_EQ(OgrnControlDigit("102770013219"), 5);
  EXPECT_EQ(ru::ValidateOgrn(MakeOgrn("112631500456")), std::nullopt);
}

TEST(AccountKey, MatchesTheBankOfRussiaCheck) {
  const std::string bik = "043601607";
  std::string corr = WithAccountKey(CorrespondentKeyPrefix(bik), "30101810000000000607");
  EXPECT_EQ(corr.size(), 20u);
  EXPECT_EQ(ru::ValidateCorrespondentAccount(corr, bik), std::nullopt) << corr;
  std::string settlement = WithAccountKey(SettlementKeyPrefix(bik), "40702810054400012345");
  EXPECT_EQ(ru::ValidateSettlementAccount(settlement, bik), std::nullopt) << settlement;
  // Only the key digit changes.
  EXPECT_EQ(settlement.substr(0, 8), "40702810");
  EXPECT_EQ(settlement.substr(9), "54400012345");
}

TEST(AccountKey, KnownRealAccount) {
  // Sberbank's correspondent account for БИК 044525225 is 30101810400000000225.
  EXPECT_EQ(WithAccountKey(CorrespondentKeyPrefix("044525225"), "30101810000000000225"),
            "30101810400000000225");
}

TEST(DemoIssuer, RequisitesAreValid) {
  Issuer i = DemoIssuer();
  EXPECT_EQ(i.legal_name, "ООО «Экспо-Волга»");
  EXPECT_EQ(ru::ValidateInn(i.inn), std::nullopt);
  EXPECT_EQ(i.inn.size(), 10u);
  EXPECT_EQ(ru::ValidateKpp(i.kpp), std::nullopt);
  EXPECT_EQ(ru::ValidateOgrn(i.ogrn), std::nullopt);
  EXPECT_EQ(ru::ValidateBik(i.bik), std::nullopt);
  EXPECT_EQ(ru::ValidateSettlementAccount(i.settlement_account, i.bik), std::nullopt);
  EXPECT_EQ(ru::ValidateCorrespondentAccount(i.correspondent_account, i.bik), std::nullopt);
  EXPECT_NE(i.address.find("Самара"), std::string::npos);
}

TEST(GenerateCompanies, ValidUniqueAndPlausible) {
  auto companies = GenerateCompanies(300, 20270316);
  ASSERT_EQ(companies.size(), 300u);
  std::set<std::string> inns, names;
  for (const auto& c : companies) {
    EXPECT_EQ(c.inn.size(), 10u);
    EXPECT_EQ(ru::ValidateInn(c.inn), std::nullopt) << c.inn;
    EXPECT_EQ(ru::ValidateKpp(c.kpp), std::nullopt) << c.kpp;
    EXPECT_EQ(c.kpp.substr(0, 4), c.inn.substr(0, 4));
    EXPECT_EQ(ru::ValidateOgrn(c.ogrn), std::nullopt) << c.ogrn;
    EXPECT_EQ(c.ogrn.substr(3, 2), c.inn.substr(0, 2)) << "OGRN region matches INN region";
    EXPECT_TRUE(inns.insert(c.inn).second) << "duplicate INN " << c.inn;
    EXPECT_TRUE(names.insert(c.display_name).second) << "duplicate name " << c.display_name;
    EXPECT_TRUE(c.legal_name.starts_with("ООО «") || c.legal_name.starts_with("АО «"))
        << c.legal_name;
    EXPECT_NE(c.legal_name.find(c.display_name), std::string::npos);
    EXPECT_NE(c.address.find("г. "), std::string::npos);
    EXPECT_TRUE(c.phone.starts_with("+7 (")) << c.phone;
    EXPECT_EQ(c.phone.size(), std::string("+7 (846) 212-34-56").size()) << c.phone;
    EXPECT_NE(c.email.find('@'), std::string::npos);
    ASSERT_GE(c.contacts.size(), 1u);
    ASSERT_LE(c.contacts.size(), 3u);
    for (const auto& p : c.contacts) {
      EXPECT_FALSE(p.full_name.empty());
      EXPECT_FALSE(p.position.empty());
      EXPECT_NE(p.email.find('@'), std::string::npos);
    }
  }
}

TEST(GenerateCompanies, MostlyFromTheSamaraRegion) {
  auto companies = GenerateCompanies(300, 20270316);
  int samara = 0;
  for (const auto& c : companies) {
    samara += c.inn.starts_with("63") ? 1 : 0;
  }
  EXPECT_GT(samara, 90);
  EXPECT_LT(samara, 210);
}

TEST(GenerateCompanies, DeterministicInTheSeed) {
  auto a = GenerateCompanies(50, 7);
  auto b = GenerateCompanies(50, 7);
  auto c = GenerateCompanies(50, 8);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].inn, b[i].inn);
    EXPECT_EQ(a[i].display_name, b[i].display_name);
    EXPECT_EQ(a[i].address, b[i].address);
  }
  EXPECT_NE(a[0].inn + a[1].inn, c[0].inn + c[1].inn);
}

TEST(Rng, StaysInRangeAndIsReproducible) {
  Rng a(42), b(42);
  for (int i = 0; i < 1000; ++i) {
    int x = a.Between(3, 7);
    EXPECT_GE(x, 3);
    EXPECT_LE(x, 7);
    EXPECT_EQ(x, b.Between(3, 7));
  }
  EXPECT_THROW(a.Between(2, 1), std::invalid_argument);
}

TEST(DemoData, FixedSets) {
  // Five managers; one person for every other role, so `crm --as ROLE` finds exactly one.
  std::map<std::string, int> roles;
  for (const auto& e : DemoStaff()) {
    ++roles[e.role];
  }
  EXPECT_EQ(roles, (std::map<std::string, int>{{"sales_manager", 5},
                                               {"sales_head", 1},
                                               {"analyst", 1},
                                               {"accountant", 1},
                                               {"admin", 1}}));
  // The head of sales heads the managers' department.
  for (const auto& e : DemoStaff()) {
    EXPECT_EQ(e.heads_department, e.role == "sales_head") << e.full_name;
    if (e.role == "sales_manager" || e.role == "sales_head") {
      EXPECT_EQ(e.department, "Отдел продаж") << e.full_name;
    }
  }
  auto exhibitions = DemoExhibitions();
  ASSERT_EQ(exhibitions.size(), 3u);
  EXPECT_EQ(exhibitions[0].project_name, "Волга-Строй");
  EXPECT_EQ(exhibitions[1].project_name, "АгроЭкспо");
  EXPECT_EQ(exhibitions[2].project_name, "Медицина и здоровье");
  for (const auto& e : exhibitions) {
    EXPECT_EQ(e.start_year, 2027);
    EXPECT_GE(e.price_per_m2_kopecks, 800000);
    EXPECT_LE(e.price_per_m2_kopecks, 1200000);
  }
}

TEST(PlanContacts, SpreadOverManagersAndValidIndices) {
  auto companies = GenerateCompanies(300, 1);
  auto contacts = PlanContacts(100, 5, companies, 3, 2);
  ASSERT_EQ(contacts.size(), 100u);
  std::set<int> used_companies;
  int per_manager[5] = {};
  for (size_t i = 0; i < contacts.size(); ++i) {
    const auto& c = contacts[i];
    EXPECT_EQ(c.number, static_cast<int>(i) + 1);
    ASSERT_GE(c.manager, 0);
    ASSERT_LT(c.manager, 5);
    per_manager[c.manager]++;
    ASSERT_GE(c.company, 0);
    ASSERT_LT(c.company, 300);
    EXPECT_LT(c.contact_person,
              static_cast<int>(companies[static_cast<size_t>(c.company)].contacts.size()));
    EXPECT_GE(c.exhibition, 0);
    EXPECT_LT(c.exhibition, 3);
    EXPECT_GE(c.day_offset, 1);
    EXPECT_GE(c.hour, 9);
    EXPECT_LE(c.hour, 17);
    EXPECT_FALSE(c.purpose.empty());
    used_companies.insert(c.company);
  }
  EXPECT_EQ(used_companies.size(), 100u);
  for (int n : per_manager) {
    EXPECT_EQ(n, 20);
  }
}

TEST(FloorPlan, HasEveryStandOnceWithTypesAndAreas) {
  const std::string csv = FloorPlanCsv();
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), kFloorPlanStands + 1);
  EXPECT_NE(csv.find("\nA-1;Павильон 1;угловой;18\n"), std::string::npos);
  EXPECT_NE(csv.find("\nD-2;Павильон 1;остров;36\n"), std::string::npos);
  EXPECT_NE(csv.find("\nB-10;Павильон 2;полуостров;24\n"), std::string::npos);
  EXPECT_EQ(FloorPlanStandNumber(kFloorPlanStands - 1), "D-30");
}

TEST(PlanCompletions, MixOfOutcomesWithAQuarterSales) {
  auto companies = GenerateCompanies(300, 1);
  auto contacts = PlanContacts(100, 5, companies, 3, 2);
  auto completions = PlanCompletions(contacts, 30, 3);
  ASSERT_EQ(completions.size(), 30u);
  int sales = 0, refusals = 0, reschedules = 0, notes = 0;
  std::set<int> numbers;
  std::set<int> managers;
  std::set<std::pair<int, std::string>> stands;  // (exhibition, number)
  for (const auto& c : completions) {
    EXPECT_TRUE(numbers.insert(c.contact_number).second);
    managers.insert(contacts[static_cast<size_t>(c.contact_number - 1)].manager);
    switch (c.kind) {
      case OutcomeKind::kSale:
        ++sales;
        // A stand of the floor plan, each sold once in its exhibition; its area comes with it.
        EXPECT_EQ(c.area_dm2, 0);
        EXPECT_TRUE(
            stands.emplace(contacts[static_cast<size_t>(c.contact_number - 1)].exhibition, c.stand)
                .second)
            << c.stand;
        EXPECT_NE(FloorPlanCsv().find("\n" + c.stand + ";"), std::string::npos) << c.stand;
        break;
      case OutcomeKind::kRefusal:
        ++refusals;
        EXPECT_GE(c.refusal_reason, 1);
        EXPECT_LE(c.refusal_reason, 5);
        break;
      case OutcomeKind::kReschedule:
        ++reschedules;
        EXPECT_GT(c.reschedule_days, 0);
        EXPECT_FALSE(c.text.empty());
        break;
      case OutcomeKind::kNote:
        ++notes;
        EXPECT_FALSE(c.text.empty());
        break;
    }
  }
  EXPECT_EQ(sales, 8);
  EXPECT_GT(refusals, 0);
  EXPECT_GT(reschedules, 0);
  EXPECT_GT(notes, 0);
  EXPECT_EQ(managers.size(), 5u);
}

TEST(RequestId, ZeroPadded) {
  EXPECT_EQ(RequestId("client", 42, 4), "demo-client-0042");
  EXPECT_EQ(RequestId("contact", 7, 3), "demo-contact-007");
}

}  // namespace
}  // namespace crm::demo
