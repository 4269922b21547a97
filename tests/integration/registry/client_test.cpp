// CreateClient, GetClient and SearchClients against a real PostgreSQL.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "common/bus/outbox.h"
#include "crm/events/v1/registry_topics.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ResourceInfoName;
using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using Stub = v1::RegistryService::Stub;

class ClientTest : public RegistryTest {
 protected:
  grpc::Status Get(const std::string& name, v1::Client* out, const std::string& token) {
    v1::GetClientRequest request;
    request.set_name(name);
    return Call(&Stub::GetClient, request, out, token);
  }

  grpc::Status Search(const std::string& query, const std::string& inn, int page_size,
                      const std::string& page_token, v1::SearchClientsResponse* out) {
    v1::SearchClientsRequest request;
    request.set_query(query);
    request.set_inn(inn);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    // These tests are about which clients match; relevance order has its own tests.
    request.set_order_by(v1::CLIENT_ORDER_DISPLAY_NAME);
    return Call(&Stub::SearchClients, request, out, analyst());
  }

  std::vector<std::string> SearchNames(const std::string& query, const std::string& inn = "") {
    v1::SearchClientsResponse response;
    grpc::Status status = Search(query, inn, 0, "", &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& c : response.clients()) {
      names.push_back(c.display_name());
    }
    return names;
  }

  void ExpectNothingWritten() {
    EXPECT_EQ(Count("clients"), 0);
    EXPECT_EQ(Count("client_history"), 0);
    EXPECT_EQ(Count("outbox"), 0);
  }
};

TEST_F(ClientTest, CreatesLegalEntityWithHistoryAndEvent) {
  v1::Client input = SberClient();
  input.set_display_name("  Сбербанк \t");  // surrounding spaces are trimmed
  input.set_inn(" 7707083893 ");
  input.set_name("clients/ignored");  // output-only fields are ignored
  v1::Client created;
  grpc::Status status = CreateClient(input, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();

  auto id = common::ParseResourceId(created.name(), "clients");
  ASSERT_TRUE(id.has_value()) << created.name();
  EXPECT_EQ(created.display_name(), "Сбербанк");
  EXPECT_EQ(created.legal_name(), "ПАО «Сбербанк России»");
  EXPECT_EQ(created.inn(), kSberInn);
  EXPECT_EQ(created.kpp(), kSberKpp);
  EXPECT_EQ(created.ogrn(), kSberOgrn);
  EXPECT_EQ(created.legal_address(), "117312, г. Москва, ул. Вавилова, д. 19");
  EXPECT_EQ(created.phone(), "+7 (495) 500-55-50");
  EXPECT_EQ(created.email(), "info@sberbank.ru");
  EXPECT_GT(created.create_time().seconds(), 1'700'000'000);
  EXPECT_EQ(created.update_time().seconds(), created.create_time().seconds());
  EXPECT_FALSE(created.etag().empty());

  v1::Client fetched;
  status = Get(created.name(), &fetched, accountant());  // any role reads
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());

  // Who created it, when, and the whole record, from day one.
  pqxx::connection conn(url_);
  pqxx::read_transaction tx(conn);
  auto history = tx.exec_params(
      "SELECT change, changed_by, version, snapshot->>'inn', snapshot->>'displayName',"
      " snapshot->>'name', changed_at = (SELECT created_at FROM clients WHERE id = $1::uuid)"
      " FROM client_history WHERE client_id = $1::uuid",
      *id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0][0].as<std::string>(), "created");
  EXPECT_TRUE(history[0][1].as<std::string>().starts_with("employees/"));
  EXPECT_EQ(history[0][2].as<int>(), 1);
  EXPECT_EQ(history[0][3].as<std::string>(), kSberInn);
  EXPECT_EQ(history[0][4].as<std::string>(), "Сбербанк");
  EXPECT_EQ(history[0][5].as<std::string>(), created.name());
  EXPECT_TRUE(history[0][6].as<bool>());

  auto outbox = tx.exec("SELECT subject, subject_id, payload FROM outbox");
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0][0].as<std::string>(), events::v1::kClientCreated.subject);
  EXPECT_EQ(outbox[0][1].as<std::string>(), created.name());
  events::v1::ClientCreated event;
  common::bus::FromJson(outbox[0][2].as<std::string>(), &event);
  EXPECT_EQ(event.client().client(), created.name());
  EXPECT_EQ(event.client().kpp(), kSberKpp);
}

TEST_F(ClientTest, CreatesSoleTraderWithoutKpp) {
  v1::Client created;
  grpc::Status status = CreateClient(SoleTraderClient(), &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.inn(), kSoleTraderInn);
  EXPECT_EQ(created.kpp(), "");
  EXPECT_EQ(created.ogrn(), kSoleTraderOgrnip);
}

TEST_F(ClientTest, EveryClientRoleMayCreateAndOthersMayNot) {
  v1::CreateClientRequest request;
  *request.mutable_client() = SberClient();
  v1::Client out;
  // Another company system reads clients but enters none; a token without a CRM role does
  // nothing.
  const std::string service = crm::testing::TokenFor("services/billing", {Role::kService});
  const grpc::Status denied = Call(&Stub::CreateClient, request, &out, service);
  EXPECT_EQ(denied.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(denied.error_message(), "this role may not create clients");
  EXPECT_EQ(Call(&Stub::CreateClient, request, &out,
                 crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {}))
                .error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("clients"), 0);

  int kpp_suffix = 1;
  for (const std::string& token : {manager(), head(), analyst(), accountant(), admin()}) {
    request.mutable_client()->set_kpp("77360100" + std::to_string(kpp_suffix++));
    grpc::Status status = Call(&Stub::CreateClient, request, &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(Count("clients"), 5);
}

TEST_F(ClientTest, RejectsCallsWithoutValidToken) {
  v1::CreateClientRequest request;
  *request.mutable_client() = SberClient();
  v1::Client out;
  EXPECT_EQ(Call(&Stub::CreateClient, request, &out, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Call(&Stub::CreateClient, request, &out, "not-a-jwt").error_code(),
            grpc::UNAUTHENTICATED);
  v1::Client fetched;
  EXPECT_EQ(Get("clients/" + common::NewUuid(), &fetched, "").error_code(), grpc::UNAUTHENTICATED);
  v1::SearchClientsResponse found;
  EXPECT_EQ(Call(&Stub::SearchClients, v1::SearchClientsRequest(), &found, "").error_code(),
            grpc::UNAUTHENTICATED);
  ExpectNothingWritten();
}

TEST_F(ClientTest, DuplicateInnAndKppIsAlreadyExistsNamingTheFirstClient) {
  v1::Client first = MustCreateClient(SberClient());

  v1::Client again = SberClient();
  again.set_display_name("Сбер (дубль)");
  v1::Client out;
  grpc::Status status = CreateClient(again, &out);
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
  EXPECT_EQ(ResourceInfoName(status), first.name());
  EXPECT_EQ(Count("clients"), 1);
  EXPECT_EQ(Count("client_history"), 1);
  EXPECT_EQ(Count("outbox"), 1);

  // A branch: the same INN with another KPP is another client.
  v1::Client branch = SberClient();
  branch.set_kpp("631602001");
  EXPECT_TRUE(CreateClient(branch, &out).ok());
  EXPECT_EQ(Count("clients"), 2);
}

TEST_F(ClientTest, DuplicateSoleTraderInnIsAlreadyExists) {
  v1::Client first = MustCreateClient(SoleTraderClient());
  v1::Client again = SoleTraderClient();
  again.clear_ogrn();
  again.set_display_name("Петров П. П.");
  v1::Client out;
  grpc::Status status = CreateClient(again, &out);
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ResourceInfoName(status), first.name());
  EXPECT_EQ(Count("clients"), 1);
}

TEST_F(ClientTest, RacingDuplicatesCreateOneClient) {
  constexpr int kCallers = 8;
  std::vector<grpc::Status> statuses(kCallers);
  std::vector<v1::Client> results(kCallers);
  std::vector<std::thread> threads;
  threads.reserve(kCallers);
  std::atomic<bool> go{false};
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      while (!go) {
        std::this_thread::yield();
      }
      statuses[static_cast<std::size_t>(i)] =
          CreateClient(SberClient(), &results[static_cast<std::size_t>(i)]);
    });
  }
  go = true;
  for (auto& t : threads) {
    t.join();
  }
  std::string winner;
  int created = 0;
  for (int i = 0; i < kCallers; ++i) {
    if (statuses[static_cast<std::size_t>(i)].ok()) {
      ++created;
      winner = results[static_cast<std::size_t>(i)].name();
    }
  }
  ASSERT_EQ(created, 1);
  for (const auto& status : statuses) {
    if (!status.ok()) {
      EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
      EXPECT_EQ(ResourceInfoName(status), winner);
    }
  }
  EXPECT_EQ(Count("clients"), 1);
  EXPECT_EQ(Count("outbox"), 1);
}

TEST_F(ClientTest, RepeatedRequestIdReturnsTheOriginalClient) {
  const std::string request_id = common::NewUuid();
  v1::Client first;
  ASSERT_TRUE(CreateClient(SberClient(), &first, request_id).ok());
  v1::Client second;
  grpc::Status status = CreateClient(SberClient(), &second, request_id);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());

  // The same key with another body is not a retry: refused, and nothing is created.
  v1::Client changed = SoleTraderClient();
  v1::Client third;
  status = CreateClient(changed, &third, request_id);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "REQUEST_ID_REUSED");

  EXPECT_EQ(Count("clients"), 1);
  EXPECT_EQ(Count("client_history"), 1);
  EXPECT_EQ(Count("outbox"), 1);

  // Another key with the same requisites is a duplicate, not a replay.
  v1::Client other;
  grpc::Status duplicate = CreateClient(SberClient(), &other, common::NewUuid());
  EXPECT_EQ(duplicate.error_code(), grpc::ALREADY_EXISTS);
  EXPECT_EQ(ResourceInfoName(duplicate), first.name());
}

struct BadClientCase {
  const char* label;
  std::function<void(v1::Client&)> change;
  std::vector<std::string> fields;
};

TEST_F(ClientTest, InvalidClientsAreRejectedWithEveryFieldAndNothingWritten) {
  std::string cyrillic_501;
  for (int i = 0; i < 501; ++i) {
    cyrillic_501 += "Ж";
  }
  const std::vector<BadClientCase> cases = {
      {"bad INN checksum", [](v1::Client& c) { c.set_inn("7707083894"); }, {"client.inn"}},
      {"INN of 11 digits", [](v1::Client& c) { c.set_inn("77070838931"); }, {"client.inn"}},
      {"INN with letters", [](v1::Client& c) { c.set_inn("77070838AB"); }, {"client.inn"}},
      {"missing INN", [](v1::Client& c) { c.clear_inn(); }, {"client.inn"}},
      {"missing names",
       [](v1::Client& c) {
         c.clear_display_name();
         c.set_legal_name("   ");
       },
       {"client.display_name", "client.legal_name"}},
      {"legal entity without KPP", [](v1::Client& c) { c.clear_kpp(); }, {"client.kpp"}},
      {"malformed KPP", [](v1::Client& c) { c.set_kpp("7736-0100"); }, {"client.kpp"}},
      {"lower-case KPP letters", [](v1::Client& c) { c.set_kpp("7736ab001"); }, {"client.kpp"}},
      {"sole trader with KPP",
       [](v1::Client& c) {
         c.set_inn(kSoleTraderInn);
         c.clear_ogrn();
       },
       {"client.kpp"}},
      {"OGRNIP for a legal entity",
       [](v1::Client& c) { c.set_ogrn(kSoleTraderOgrnip); },
       {"client.ogrn"}},
      {"OGRN for a sole trader",
       [](v1::Client& c) {
         c.set_inn(kSoleTraderInn);
         c.clear_kpp();
       },
       {"client.ogrn"}},
      {"bad OGRN checksum", [](v1::Client& c) { c.set_ogrn("1027700132196"); }, {"client.ogrn"}},
      {"bad e-mail", [](v1::Client& c) { c.set_email("info at sberbank"); }, {"client.email"}},
      {"bad phone", [](v1::Client& c) { c.set_phone("call me maybe"); }, {"client.phone"}},
      {"name over 500 characters",
       [&](v1::Client& c) { c.set_display_name(cyrillic_501); },
       {"client.display_name"}},
      {"control characters",
       [](v1::Client& c) {
         c.set_legal_name("ООО\x01«Рога»");
         c.set_legal_address("Самара,\nул. Ленина");
       },
       {"client.legal_name", "client.legal_address"}},
      {"NUL byte",
       [](v1::Client& c) { c.set_display_name(std::string("Сбер\0x", 10)); },
       {"client.display_name"}},
      {"everything wrong at once",
       [](v1::Client& c) {
         c.clear_display_name();
         c.set_inn("123");
         c.set_kpp("x");
         c.set_ogrn("1");
         c.set_email("@");
         c.set_phone("12");
       },
       {"client.display_name", "client.inn", "client.kpp", "client.ogrn", "client.phone",
        "client.email"}},
  };
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.label);
    v1::Client client = SberClient();
    bad.change(client);
    v1::Client out;
    grpc::Status status = CreateClient(client, &out);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << status.error_message();
    std::vector<std::string> fields = ViolatedFields(status);
    EXPECT_EQ(std::set<std::string>(fields.begin(), fields.end()),
              std::set<std::string>(bad.fields.begin(), bad.fields.end()));
  }
  ExpectNothingWritten();
}

TEST_F(ClientTest, FieldViolationsCarryRussianTextsForPeople) {
  v1::Client client = SberClient();
  client.set_inn("7707083894");  // a bad check digit
  client.clear_display_name();
  client.set_legal_name("");
  v1::Client out;
  grpc::Status status = CreateClient(client, &out);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT) << status.error_message();
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::BadRequest bad;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  std::map<std::string, std::string> russian;
  for (const auto& violation : bad.field_violations()) {
    EXPECT_EQ(violation.localized_message().locale(), "ru-RU") << violation.field();
    EXPECT_FALSE(violation.description().empty()) << "the English text stays";
    russian[violation.field()] = violation.localized_message().message();
  }
  EXPECT_EQ(russian["client.inn"], "Неверный ИНН: не сходится контрольное число");
  EXPECT_EQ(russian["client.display_name"], "Обязательное поле");
  ExpectNothingWritten();
}

TEST_F(ClientTest, MissingClientAndBadRequestIdAreInvalid) {
  v1::CreateClientRequest request;
  request.set_request_id(std::string(129, 'a'));
  v1::Client out;
  grpc::Status status = Call(&Stub::CreateClient, request, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("request_id", "client"));
  ExpectNothingWritten();
}

TEST_F(ClientTest, ExactlyFiveHundredCharactersIsAccepted) {
  std::string name;
  for (int i = 0; i < 500; ++i) {
    name += "Ё";
  }
  v1::Client client = SberClient();
  client.set_display_name(name);
  v1::Client out;
  grpc::Status status = CreateClient(client, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.display_name(), name);
}

TEST_F(ClientTest, InvalidUtf8IsRejectedAndNothingWritten) {
  v1::Client client = SberClient();
  client.set_display_name("\xD0\x9F\xFF\xFE");
  v1::Client out;
  grpc::Status status = CreateClient(client, &out);
  // proto3 strings must be UTF-8: the server's protobuf parser refuses the request before any
  // handler runs, and the server's interceptor answers INVALID_ARGUMENT for it. The domain
  // checks catch the same bytes when they come another way; either way nothing is stored.
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_FALSE(status.error_message().empty());
  ExpectNothingWritten();
}

TEST_F(ClientTest, GetClientNotFoundAndMalformedNames) {
  v1::Client out;
  const std::string unknown = "clients/" + common::NewUuid();
  grpc::Status status = Get(unknown, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ResourceInfoName(status), unknown);

  for (const std::string& name : {std::string(""), std::string("clients/123"),
                                  "projects/" + common::NewUuid(), std::string("clients/")}) {
    SCOPED_TRACE(name);
    status = Get(name, &out, manager());
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));
  }
}

TEST_F(ClientTest, SearchFindsCyrillicFragmentsInAnyCaseAndByInn) {
  v1::Client stroymash = SberClient();
  stroymash.set_display_name("СтройМаш");
  stroymash.set_legal_name("ООО «СтройМаш»");
  stroymash.set_inn("7728168971");
  stroymash.set_kpp("772801001");
  stroymash.clear_ogrn();
  MustCreateClient(stroymash);

  v1::Client volga = SberClient();
  volga.set_display_name("Волга-Экспо");
  volga.set_legal_name("АО «Волжская строительная компания»");
  volga.set_inn("6449013711");
  volga.set_kpp("644901001");
  volga.clear_ogrn();
  MustCreateClient(volga);

  MustCreateClient(SberClient());
  MustCreateClient(SoleTraderClient());

  // "строй" is close enough to "строительная" for a typo-tolerant search.
  EXPECT_THAT(SearchNames("строй"), ElementsAre("Волга-Экспо", "СтройМаш"));
  EXPECT_THAT(SearchNames("СТРОЙМАШ"), ElementsAre("СтройМаш"));
  // A fragment of the legal name finds the client too.
  EXPECT_THAT(SearchNames("строительная"), ElementsAre("Волга-Экспо"));
  EXPECT_THAT(SearchNames("  ВОЛГ "), ElementsAre("Волга-Экспо"));
  EXPECT_THAT(SearchNames("ст"), ElementsAre("Волга-Экспо", "СтройМаш"));
  EXPECT_THAT(SearchNames("", kSoleTraderInn), ElementsAre("ИП Петров"));
  EXPECT_THAT(SearchNames("маш", "7728168971"), ElementsAre("СтройМаш"));
  EXPECT_THAT(SearchNames("сбер", "7728168971"), ElementsAre());
  EXPECT_THAT(SearchNames("нет такого"), ElementsAre());
  // Quotes, punctuation and legal-form words do not matter; LIKE wildcards are plain punctuation.
  EXPECT_THAT(SearchNames("ООО «СТРОЙМАШ»"), ElementsAre("СтройМаш"));
  EXPECT_THAT(SearchNames("%маш%"), ElementsAre("СтройМаш"));
  // Both filters empty: every client, by display name.
  EXPECT_THAT(SearchNames(""), ElementsAre("Волга-Экспо", "ИП Петров", "Сбербанк", "СтройМаш"));
}

TEST_F(ClientTest, SearchRejectsShortQueriesAndBadInn) {
  v1::SearchClientsResponse out;
  grpc::Status status = Search("с", "", 0, "", &out);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("query"));

  status = Search("ab", "7707083894", 0, "", &out);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("inn"));

  status = Search("a\x02z", "", -1, "", &out);
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("query"));

  status = Search("", "", -1, "", &out);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_size"));

  status = Search("", "", 0, "garbage!", &out);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));
}

TEST_F(ClientTest, PagesReturnEveryClientOnceInOrder) {
  constexpr int kClients = 23;
  std::set<std::string> created;
  for (int i = 0; i < kClients; ++i) {
    v1::Client client = SberClient();
    // Equal display names in pairs: the id breaks ties across page boundaries.
    client.set_display_name("Клиент " + std::to_string(i / 2));
    client.set_inn(LegalEntityInn(123456 + i));
    created.insert(MustCreateClient(client).name());
  }

  std::vector<std::string> seen;
  std::vector<std::string> order;
  std::string token;
  int pages = 0;
  do {
    v1::SearchClientsResponse page;
    grpc::Status status = Search("", "", 5, token, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(page.clients_size(), 5);
    for (const auto& c : page.clients()) {
      seen.push_back(c.name());
      order.push_back(c.display_name());
    }
    token = page.next_page_token();
    ++pages;
    ASSERT_LT(pages, 10);
  } while (!token.empty());
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(seen.size(), created.size());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), created);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));

  // Fragment search pages too, and its token does not fit another query.
  v1::SearchClientsResponse first;
  ASSERT_TRUE(Search("клиент", "", 10, "", &first).ok());
  EXPECT_EQ(first.clients_size(), 10);
  ASSERT_FALSE(first.next_page_token().empty());
  v1::SearchClientsResponse rest;
  ASSERT_TRUE(Search("клиент", "", 100, first.next_page_token(), &rest).ok());
  EXPECT_EQ(rest.clients_size(), kClients - 10);
  EXPECT_TRUE(rest.next_page_token().empty());
  grpc::Status mismatch = Search("клиент 1", "", 10, first.next_page_token(), &rest);
  EXPECT_EQ(mismatch.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(mismatch), ElementsAre("page_token"));
}

// Contact persons belong to clients.
class ContactPersonTest : public RegistryTest {
 protected:
  grpc::Status Create(const std::string& parent, const v1::ContactPerson& person,
                      v1::ContactPerson* out, const std::string& token,
                      const std::string& request_id = "") {
    v1::CreateContactPersonRequest request;
    request.set_parent(parent);
    *request.mutable_contact_person() = person;
    request.set_request_id(request_id);
    return Call(&Stub::CreateContactPerson, request, out, token);
  }
  grpc::Status List(const std::string& parent, int page_size, const std::string& token,
                    v1::ListContactPersonsResponse* out) {
    v1::ListContactPersonsRequest request;
    request.set_parent(parent);
    request.set_page_size(page_size);
    request.set_page_token(token);
    return Call(&Stub::ListContactPersons, request, out, accountant());
  }
  static v1::ContactPerson Person(const std::string& full_name) {
    v1::ContactPerson person;
    person.set_full_name(full_name);
    person.set_position("Директор по маркетингу");
    person.set_phone("8 846 200-00-00");
    person.set_email("ivanova@stroymash.ru");
    return person;
  }
};

TEST_F(ContactPersonTest, CreatesAndListsContactPersons) {
  v1::Client client = MustCreateClient(SberClient());
  v1::ContactPerson created;
  grpc::Status status = Create(client.name(), Person(" Иванова Анна "), &created, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  auto ids = common::ParseChildResourceId(created.name(), "clients", "contactPersons");
  ASSERT_TRUE(ids.has_value()) << created.name();
  EXPECT_EQ("clients/" + ids->first, client.name());
  EXPECT_EQ(created.full_name(), "Иванова Анна");
  EXPECT_EQ(created.position(), "Директор по маркетингу");
  EXPECT_GT(created.create_time().seconds(), 0);

  for (const char* name : {"Борисов Олег", "Абрамова Ирина", "Васильев Пётр"}) {
    v1::ContactPerson out;
    ASSERT_TRUE(Create(client.name(), Person(name), &out, head()).ok());
  }
  // Another client's people are not listed.
  v1::Client other = SoleTraderClient();
  v1::ContactPerson elsewhere;
  ASSERT_TRUE(Create(MustCreateClient(other).name(), Person("Чужой"), &elsewhere, head()).ok());

  std::vector<std::string> names;
  std::string token;
  do {
    v1::ListContactPersonsResponse page;
    ASSERT_TRUE(List(client.name(), 3, token, &page).ok());
    for (const auto& p : page.contact_persons()) {
      names.push_back(p.full_name());
    }
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_THAT(names,
              ElementsAre("Абрамова Ирина", "Борисов Олег", "Васильев Пётр", "Иванова Анна"));

  const std::string payload = FirstPayload(events::v1::kContactPersonCreated);
  events::v1::ContactPersonCreated event;
  common::bus::FromJson(payload, &event);
  EXPECT_EQ(event.contact_person(), created.name());
  EXPECT_EQ(event.client(), client.name());
  EXPECT_EQ(event.full_name(), "Иванова Анна");
}

TEST_F(ContactPersonTest, UnknownOrMalformedParent) {
  v1::ContactPerson out;
  const std::string unknown = "clients/" + common::NewUuid();
  grpc::Status status = Create(unknown, Person("Иванова Анна"), &out, manager());
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ResourceInfoName(status), unknown);

  status = Create("clients/nope", Person("Иванова Анна"), &out, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("parent"));

  v1::ListContactPersonsResponse list;
  status = List(unknown, 0, "", &list);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  status = List("", 0, "", &list);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("parent"));
  EXPECT_EQ(Count("contact_persons"), 0);
  EXPECT_EQ(Count("outbox"), 0);
}

TEST_F(ContactPersonTest, InvalidPersonRolesAndReplays) {
  v1::Client client = MustCreateClient(SberClient());
  const long events_before = Count("outbox");
  v1::ContactPerson out;

  v1::ContactPerson bad = Person("   ");
  bad.set_email("ivanova@");
  bad.set_phone("+7 (846) abc");
  grpc::Status status = Create(client.name(), bad, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("contact_person.full_name", "contact_person.email",
                                   "contact_person.phone"));

  v1::CreateContactPersonRequest missing;
  missing.set_parent("bad");
  status = Call(&Stub::CreateContactPerson, missing, &out, manager());
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("parent", "contact_person"));

  status = Create(client.name(), Person("Иванова Анна"), &out, accountant());
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  status = Create(client.name(), Person("Иванова Анна"), &out, "");
  EXPECT_EQ(status.error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("contact_persons"), 0);
  EXPECT_EQ(Count("outbox"), events_before);

  const std::string request_id = common::NewUuid();
  v1::ContactPerson first;
  v1::ContactPerson second;
  ASSERT_TRUE(Create(client.name(), Person("Иванова Анна"), &first, head(), request_id).ok());
  ASSERT_TRUE(Create(client.name(), Person("Иванова Анна"), &second, head(), request_id).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(Count("contact_persons"), 1);
  EXPECT_EQ(Count("outbox"), events_before + 1);
}

}  // namespace
}  // namespace crm::registry::integration
