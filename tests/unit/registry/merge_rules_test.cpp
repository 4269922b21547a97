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

}  // namespace
}  // namespace crm::registry
