// A client's bank accounts through CreateClient and UpdateClient, against a real PostgreSQL:
// stored, returned, published with the client, checked against the bank's БИК, and refused
// field by field with nothing written.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using Stub = v1::RegistryService::Stub;

constexpr char kSberBik[] = "044525225";
constexpr char kSberCorrespondent[] = "30101810400000000225";
constexpr char kSberAccount[] = "40702810938000012345";
constexpr char kTinkoffBik[] = "044525974";
constexpr char kTinkoffAccount[] = "40702810800000001234";

v1::BankAccount Account(const std::string& bik, const std::string& number,
                        const std::string& correspondent = "", const std::string& bank = "") {
  v1::BankAccount account;
  account.set_bik(bik);
  account.set_account(number);
  account.set_correspondent_account(correspondent);
  account.set_bank_name(bank);
  return account;
}

class BankAccountsTest : public RegistryTest {
 protected:
  v1::Client Get(const std::string& name) {
    v1::GetClientRequest request;
    request.set_name(name);
    v1::Client out;
    grpc::Status status = Call(&Stub::GetClient, request, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
};

TEST_F(BankAccountsTest, CreatedWithAccountsStoresTrimmedAndPublishesThem) {
  v1::Client client = SberClient();
  *client.add_bank_accounts() =
      Account(" 044525225 ", kSberAccount, kSberCorrespondent, " ПАО Сбербанк ");
  *client.add_bank_accounts() = Account(kTinkoffBik, kTinkoffAccount);
  v1::Client created;
  grpc::Status status = CreateClient(client, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();

  ASSERT_EQ(created.bank_accounts_size(), 2);
  EXPECT_EQ(created.bank_accounts(0).bik(), kSberBik);
  EXPECT_EQ(created.bank_accounts(0).account(), kSberAccount);
  EXPECT_EQ(created.bank_accounts(0).correspondent_account(), kSberCorrespondent);
  EXPECT_EQ(created.bank_accounts(0).bank_name(), "ПАО Сбербанк");
  EXPECT_EQ(created.bank_accounts(1).account(), kTinkoffAccount);
  EXPECT_EQ(created.bank_accounts(1).correspondent_account(), "");
  EXPECT_EQ(Get(created.name()).SerializeAsString(), created.SerializeAsString());

  const auto event = LastEvent(events::v1::kClientCreated);
  ASSERT_EQ(event.client().bank_accounts_size(), 2);
  EXPECT_EQ(event.client().bank_accounts(0).bik(), kSberBik);
  EXPECT_EQ(event.client().bank_accounts(0).account(), kSberAccount);
  EXPECT_EQ(event.client().bank_accounts(0).correspondent_account(), kSberCorrespondent);
  EXPECT_EQ(event.client().bank_accounts(0).bank_name(), "ПАО Сбербанк");
  EXPECT_EQ(event.client().bank_accounts(1).bik(), kTinkoffBik);
}

TEST_F(BankAccountsTest, UpdateReplacesTheListAndAnAccountantMayDoIt) {
  v1::Client client = SberClient();
  *client.add_bank_accounts() = Account(kSberBik, kSberAccount, kSberCorrespondent);
  const v1::Client created = MustCreateClient(client);

  v1::Client changes = created;
  changes.clear_bank_accounts();
  *changes.add_bank_accounts() = Account(kTinkoffBik, kTinkoffAccount, "", "АО «Т-Банк»");
  *changes.add_bank_accounts() = Account(kSberBik, kSberAccount, kSberCorrespondent);
  changes.set_display_name("не меняется: не в маске");
  v1::Client updated;
  grpc::Status status = Update(changes, {"bank_accounts"}, &updated, accountant());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(updated.bank_accounts_size(), 2);
  EXPECT_EQ(updated.bank_accounts(0).account(), kTinkoffAccount);
  EXPECT_EQ(updated.bank_accounts(0).bank_name(), "АО «Т-Банк»");
  EXPECT_EQ(updated.bank_accounts(1).account(), kSberAccount);
  EXPECT_EQ(updated.display_name(), created.display_name());
  EXPECT_NE(updated.etag(), created.etag());

  const auto event = LastEvent(events::v1::kClientUpdated);
  ASSERT_EQ(event.client().bank_accounts_size(), 2);
  EXPECT_EQ(event.client().bank_accounts(0).account(), kTinkoffAccount);
  EXPECT_EQ(event.client().bank_accounts(1).account(), kSberAccount);

  // An empty list clears them.
  changes = updated;
  changes.clear_bank_accounts();
  status = Update(changes, {"bank_accounts"}, &updated, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.bank_accounts_size(), 0);
  EXPECT_EQ(Get(created.name()).bank_accounts_size(), 0);
}

TEST_F(BankAccountsTest, BadBikChecksumAndDuplicateAreRefusedFieldByFieldAndNothingWritten) {
  std::string wrong_key = kSberAccount;
  wrong_key[19] = wrong_key[19] == '9' ? '0' : static_cast<char>(wrong_key[19] + 1);
  v1::Client client = SberClient();
  *client.add_bank_accounts() = Account("144525225", kSberAccount);     // not a Russian bank
  *client.add_bank_accounts() = Account(kSberBik, wrong_key);           // control key
  *client.add_bank_accounts() = Account(kTinkoffBik, kTinkoffAccount);  // fine
  *client.add_bank_accounts() = Account(kTinkoffBik, kTinkoffAccount);  // the same again
  *client.add_bank_accounts() = Account(kSberBik, "", "30101810400000000226");
  v1::Client out;
  grpc::Status status = CreateClient(client, &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(
      ViolatedFields(status),
      UnorderedElementsAre("client.bank_accounts[0].bik", "client.bank_accounts[1].account",
                           "client.bank_accounts[3].account", "client.bank_accounts[4].account",
                           "client.bank_accounts[4].correspondent_account"));
  EXPECT_EQ(Count("clients"), 0);
  EXPECT_EQ(Count("outbox"), 0);

  // The same rules on update; the client stays as it was.
  v1::Client good = SberClient();
  *good.add_bank_accounts() = Account(kSberBik, kSberAccount, kSberCorrespondent);
  const v1::Client created = MustCreateClient(good);
  const long events_before = Count("outbox");
  v1::Client changes = created;
  *changes.add_bank_accounts() = Account(kSberBik, kSberAccount);
  *changes.add_bank_accounts() = Account(kTinkoffBik, wrong_key);
  status = Update(changes, {"bank_accounts"}, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("client.bank_accounts[1].account", "client.bank_accounts[2].account"));
  EXPECT_EQ(Get(created.name()).SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(Count("outbox"), events_before);

  // At most ten.
  changes = created;
  changes.clear_bank_accounts();
  for (int i = 0; i < 11; ++i) {
    *changes.add_bank_accounts() = Account(kSberBik, kSberAccount);
  }
  status = Update(changes, {"bank_accounts"}, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("client.bank_accounts"));
}

TEST_F(BankAccountsTest, OnlyThoseWhoMayEditTheClientChangeItsAccounts) {
  v1::Client client = SberClient();
  *client.add_bank_accounts() = Account(kSberBik, kSberAccount, kSberCorrespondent);
  const v1::Client created = MustCreateClient(client);
  v1::Client changes = created;
  changes.clear_bank_accounts();
  *changes.add_bank_accounts() = Account(kTinkoffBik, kTinkoffAccount);
  const std::string stranger = crm::testing::TokenFor(
      common::ResourceName("employees", common::NewUuid()), {Role::kSalesManager});
  v1::Client out;
  EXPECT_EQ(Update(changes, {"bank_accounts"}, &out, stranger).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Update(changes, {"bank_accounts"}, &out, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Get(created.name()).SerializeAsString(), created.SerializeAsString());
}

}  // namespace
}  // namespace crm::registry::integration
