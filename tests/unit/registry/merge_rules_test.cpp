#include "services/registry/domain/merge_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace crm::registry {
namespace {

using ::testing::IsEmpty;

v1::Client Client(const std::string& inn, const std::string& phone, const std::string& email,
                  const std::string& ogrn = "") {
  v1::Client client;
  client.set_inn(inn);
  client.set_phone(phone);
  client.set_email(email);
  client.set_ogrn(ogrn);
  return client;
}

std::vector<std::string> Fields(const std::vector<FilledField>& filled) {
  std::vector<std::string> fields;
  fields.reserve(filled.size());
  for (const auto& field : filled) {
    fields.push_back(field.field + "=" + field.value);
  }
  return fields;
}

TEST(MergeRulesTest, FillsOnlyEmptyFieldsFromTheFirstClientThatHasThem) {
  v1::Client survivor = Client("7707083893", "+7 846 1", "");
  std::vector<v1::Client> merged = {Client("7736207543", "+7 846 2", ""),
                                    Client("7736207543", "", "b@x.ru"),
                                    Client("7736207543", "", "c@x.ru")};
  merged[0].set_legal_address("Самара");
  EXPECT_THAT(Fields(PlanMergeFill(survivor, merged)),
              ::testing::ElementsAre("legal_address=Самара", "email=b@x.ru"));
}

TEST(MergeRulesTest, OgrnComesOnlyFromTheSameCompany) {
  v1::Client survivor = Client("7707083893", "", "");
  EXPECT_THAT(PlanMergeFill(survivor, {Client("7736207543", "", "", "1027700132195")}), IsEmpty());
  EXPECT_THAT(Fields(PlanMergeFill(survivor, {Client("7707083893", "", "", "1027700132195")})),
              ::testing::ElementsAre("ogrn=1027700132195"));
}

TEST(MergeRulesTest, NothingToFillWhenTheSurvivorHasEverything) {
  v1::Client survivor = Client("7707083893", "1", "a@x.ru", "1027700132195");
  survivor.set_legal_address("Москва");
  EXPECT_THAT(PlanMergeFill(survivor, {Client("7707083893", "2", "b@x.ru", "1")}), IsEmpty());
}

TEST(MergeRulesTest, UndoEmptiesOnlyFieldsStillHoldingTheFilledValue) {
  const std::vector<FilledField> filled = {{"phone", "+7 846 2"}, {"email", "b@x.ru"}};
  v1::Client survivor = ApplyMergeFill(Client("7707083893", "", ""), filled);
  EXPECT_EQ(survivor.phone(), "+7 846 2");
  EXPECT_EQ(survivor.email(), "b@x.ru");
  survivor.set_email("new@x.ru");  // changed after the merge
  v1::Client undone = UndoMergeFill(survivor, filled);
  EXPECT_EQ(undone.phone(), "");
  EXPECT_EQ(undone.email(), "new@x.ru");
}

TEST(MergeRulesTest, UnknownFieldsAreIgnored) {
  v1::Client survivor = Client("7707083893", "1", "");
  EXPECT_EQ(ApplyMergeFill(survivor, {{"inn", "000"}}).inn(), "7707083893");
  EXPECT_EQ(UndoMergeFill(survivor, {{"inn", "7707083893"}}).inn(), "7707083893");
}

void AddAccount(v1::Client& client, const std::string& account, const std::string& bank_name) {
  v1::BankAccount* added = client.add_bank_accounts();
  added->set_bik("044525225");
  added->set_account(account);
  added->set_correspondent_account("30101810400000000225");
  added->set_bank_name(bank_name);
}

std::vector<std::string> Accounts(const v1::Client& client) {
  std::vector<std::string> accounts;
  for (const v1::BankAccount& account : client.bank_accounts()) {
    accounts.push_back(account.account() + " " + account.bank_name());
  }
  return accounts;
}

TEST(MergeRulesTest, TheSurvivorGainsTheBankAccountsItDoesNotListAndUndoTakesThemAway) {
  v1::Client survivor = Client("7707083893", "1", "a@x.ru");
  AddAccount(survivor, "40702810900000000001", "Сбербанк");
  std::vector<v1::Client> merged = {Client("7707083893", "", ""), Client("7707083893", "", "")};
  AddAccount(merged[0], "40702810900000000001", "Сбербанк (копия)");  // the survivor lists it
  AddAccount(merged[0], "40702810900000000002", "ВТБ");
  AddAccount(merged[1], "40702810900000000003", "Альфа");
  AddAccount(merged[1], "40702810900000000002", "ВТБ");  // twice among the merged

  const std::vector<FilledField> filled = PlanMergeFill(survivor, merged);
  ASSERT_EQ(filled.size(), 1U);
  EXPECT_EQ(filled[0].field, "bank_accounts");
  v1::Client kept = ApplyMergeFill(survivor, filled);
  EXPECT_THAT(Accounts(kept),
              ::testing::ElementsAre("40702810900000000001 Сбербанк", "40702810900000000002 ВТБ",
                                     "40702810900000000003 Альфа"));
  EXPECT_EQ(kept.bank_accounts(1).bik(), "044525225");
  EXPECT_EQ(kept.bank_accounts(1).correspondent_account(), "30101810400000000225");

  kept.mutable_bank_accounts(2)->set_bank_name("Альфа-Банк");  // edited after the merge
  EXPECT_THAT(
      Accounts(UndoMergeFill(kept, filled)),
      ::testing::ElementsAre("40702810900000000001 Сбербанк", "40702810900000000003 Альфа-Банк"));
}

TEST(MergeRulesTest, BankAccountsAreAddedOnlyUpToAClientsLimit) {
  v1::Client survivor = Client("7707083893", "1", "a@x.ru");
  for (int i = 0; i < 9; ++i) {
    AddAccount(survivor, "4070281090000000001" + std::to_string(i), "");
  }
  v1::Client other = Client("7707083893", "", "");
  AddAccount(other, "40702810900000000021", "");
  AddAccount(other, "40702810900000000022", "");
  const v1::Client kept = ApplyMergeFill(survivor, PlanMergeFill(survivor, {other}));
  EXPECT_EQ(kept.bank_accounts_size(), 10);
  EXPECT_EQ(kept.bank_accounts(9).account(), "40702810900000000021");
  for (int i = 0; i < 10; ++i) {
    AddAccount(survivor, "4070281090000000003" + std::to_string(i), "");
  }
  EXPECT_THAT(PlanMergeFill(survivor, {other}), IsEmpty());
}

}  // namespace
}  // namespace crm::registry
