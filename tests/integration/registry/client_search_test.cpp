// SearchClients with a ClientFilter (name with typos and Russian normalisation, phone, e-mail,
// region, industry, verification state), its orders and pages; the stored search form agrees
// with the domain's; a client's history with field-level changes and restoring a version.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <pqxx/pqxx>
#include <string_view>

#include "common/bus/outbox.h"
#include "crm/events/v1/registry_topics.h"
#include "services/registry/domain/client_filter.h"
#include "services/registry/domain/search_text.h"
#include "services/registry/store/all_queries.h"
#include "services/registry/store/client_filter.h"
#include "tests/integration/registry/registry_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Stub = v1::RegistryService::Stub;

class ClientSearchTest : public RegistryTest {
 protected:
  v1::Client Make(const std::string& display_name, const std::string& legal_name, int inn_body,
                  const std::string& region, const std::string& industry,
                  const std::string& phone = "", const std::string& email = "",
                  const std::string& token = "") {
    v1::Client client;
    client.set_display_name(display_name);
    client.set_legal_name(legal_name);
    client.set_inn(LegalEntityInn(inn_body));
    client.set_kpp(client.inn().substr(0, 4) + "01001");
    client.mutable_legal_address_details()->set_region_code(region);
    client.set_industry_code(industry);
    if (!phone.empty()) {
      client.add_phones()->set_number(phone);
    }
    if (!email.empty()) {
      client.add_emails(email);
    }
    v1::CreateClientRequest request;
    *request.mutable_client() = client;
    v1::Client out;
    grpc::Status status =
        Call(&Stub::CreateClient, request, &out, token.empty() ? manager() : token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Search(const v1::SearchClientsRequest& request, v1::SearchClientsResponse* out) {
    return Call(&Stub::SearchClients, request, out, manager());
  }

  std::vector<std::string> Names(const v1::ClientFilter& filter,
                                 v1::ClientOrder order = v1::CLIENT_ORDER_UNSPECIFIED) {
    v1::SearchClientsRequest request;
    *request.mutable_filter() = filter;
    request.set_order_by(order);
    v1::SearchClientsResponse response;
    grpc::Status status = Search(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& c : response.clients()) {
      names.push_back(c.display_name());
    }
    return names;
  }

  // Every page of `request` in turn (at most 10), the clients' display names in order.
  std::vector<std::string> AllPages(v1::SearchClientsRequest request) {
    std::vector<std::string> seen;
    for (int page = 0; page < 10; ++page) {
      v1::SearchClientsResponse response;
      grpc::Status status = Search(request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& c : response.clients()) {
        seen.push_back(c.display_name());
      }
      if (!status.ok() || response.next_page_token().empty()) {
        break;
      }
      request.set_page_token(response.next_page_token());
    }
    return seen;
  }

  std::vector<std::string> ByQuery(const std::string& query) {
    v1::ClientFilter filter;
    filter.set_query(query);
    return Names(filter);
  }

  void SeedBase() {
    Make("СтройМаш", "ООО «СтройМаш»", 101, "63", "construction", "+7 (846) 200-00-01",
         "info@stroymash.ru");
    Make("Ёлка-Маркет", "АО \"Ёлка-Маркет\"", 102, "77", "consumer", "8 495 300-00-02");
    Make("Строймашсервис", "ООО «Строймашсервис»", 103, "16", "machinery");
    Make("Агрохолдинг Заволжье", "ПАО «Агрохолдинг Заволжье»", 104, "63", "agro", "",
         "Office@Zavolzhie.RU", analyst());
  }
};

TEST_F(ClientSearchTest, NameSearchForgivesCaseQuotesYoLegalFormsAndTypos) {
  SeedBase();
  // Exact fragments rank first, then similar names.
  EXPECT_THAT(ByQuery("строймаш"), ElementsAre("СтройМаш", "Строймашсервис"));
  EXPECT_THAT(ByQuery("ООО «СТРОЙМАШ»"), ElementsAre("СтройМаш", "Строймашсервис"));
  EXPECT_THAT(ByQuery("елка маркет"), ElementsAre("Ёлка-Маркет"));
  EXPECT_THAT(ByQuery("ёлка"), ElementsAre("Ёлка-Маркет"));
  // One or two wrong letters still find the client.
  EXPECT_THAT(ByQuery("строимаш"), ::testing::Contains("СтройМаш"));
  EXPECT_THAT(ByQuery("агрохолдинк"), ElementsAre("Агрохолдинг Заволжье"));
  EXPECT_THAT(ByQuery("заволжъе"), ElementsAre("Агрохолдинг Заволжье"));
  EXPECT_THAT(ByQuery("совсем другое"), IsEmpty());
}

TEST_F(ClientSearchTest, FiltersByPhoneEmailRegionIndustryAndState) {
  SeedBase();
  v1::ClientFilter filter;
  filter.set_phone("88462000001");
  EXPECT_THAT(Names(filter), ElementsAre("СтройМаш"));
  filter.set_phone("+7 495 300 00 02");
  EXPECT_THAT(Names(filter), ElementsAre("Ёлка-Маркет"));
  filter.Clear();
  filter.set_email("office@zavolzhie.ru");
  EXPECT_THAT(Names(filter), ElementsAre("Агрохолдинг Заволжье"));
  filter.Clear();
  filter.add_region_codes("63");
  EXPECT_THAT(Names(filter), ElementsAre("Агрохолдинг Заволжье", "СтройМаш"));
  filter.add_industry_codes("agro");
  EXPECT_THAT(Names(filter), ElementsAre("Агрохолдинг Заволжье"));
  filter.Clear();
  filter.add_federal_district_codes("VOLGA");
  EXPECT_THAT(Names(filter), ElementsAre("Агрохолдинг Заволжье", "СтройМаш", "Строймашсервис"));
  filter.Clear();
  filter.add_verification_states(v1::VERIFICATION_STATE_VERIFIED);
  EXPECT_THAT(Names(filter), ElementsAre("Агрохолдинг Заволжье"));
  filter.Clear();
  filter.add_legal_forms(v1::LEGAL_FORM_OOO);
  EXPECT_THAT(Names(filter), IsEmpty());

  // A contact person's phone finds their company.
  v1::CreateContactPersonRequest person;
  v1::ClientFilter by_name;
  by_name.set_query("Ёлка");
  v1::SearchClientsRequest request;
  *request.mutable_filter() = by_name;
  v1::SearchClientsResponse found;
  ASSERT_TRUE(Search(request, &found).ok());
  ASSERT_EQ(found.clients_size(), 1);
  person.set_parent(found.clients(0).name());
  person.mutable_contact_person()->set_full_name("Сидоров Олег");
  person.mutable_contact_person()->set_phone("+7 (917) 555-44-33");
  v1::ContactPerson created;
  ASSERT_TRUE(Call(&Stub::CreateContactPerson, person, &created, head()).ok());
  filter.Clear();
  filter.set_phone("89175554433");
  EXPECT_THAT(Names(filter), ElementsAre("Ёлка-Маркет"));
}

TEST_F(ClientSearchTest, BadFiltersAreInvalidArgument) {
  v1::SearchClientsRequest request;
  request.mutable_filter()->add_region_codes("00");
  request.mutable_filter()->add_industry_codes("space");
  request.mutable_filter()->set_phone("12");
  request.mutable_filter()->set_email("nobody");
  request.mutable_filter()->add_verification_states(v1::VERIFICATION_STATE_UNSPECIFIED);
  request.mutable_filter()->add_groups("groups/1");
  request.mutable_filter()->add_projects("projects/1");
  request.mutable_filter()->add_curators("employees/1");
  request.mutable_filter()->set_query("ООО");
  request.set_order_by(v1::CLIENT_ORDER_RELEVANCE);
  v1::SearchClientsResponse response;
  grpc::Status status = Search(request, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(
      ViolatedFields(status),
      UnorderedElementsAre("filter.region_codes[0]", "filter.industry_codes[0]", "filter.phone",
                           "filter.email", "filter.verification_states[0]", "filter.groups[0]",
                           "filter.projects[0]", "filter.curators[0]", "filter.query", "order_by"));
  request.Clear();
  request.set_query("строй");
  request.mutable_filter()->set_query("маш");
  status = Search(request, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("query"));
}

TEST_F(ClientSearchTest, EveryOrderPagesThroughEachClientOnce) {
  for (int i = 0; i < 7; ++i) {
    Make("Стройка " + std::to_string(i), "ООО «Стройка " + std::to_string(i) + "»", 200 + i, "63",
         "construction");
  }
  for (v1::ClientOrder order : {v1::CLIENT_ORDER_DISPLAY_NAME, v1::CLIENT_ORDER_CREATE_TIME,
                                v1::CLIENT_ORDER_UPDATE_TIME, v1::CLIENT_ORDER_RELEVANCE}) {
    SCOPED_TRACE(v1::ClientOrder_Name(order));
    v1::SearchClientsRequest request;
    request.mutable_filter()->set_query("стройка");
    request.set_order_by(order);
    request.set_page_size(3);
    const std::vector<std::string> seen = AllPages(request);
    EXPECT_EQ(seen.size(), 7u);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 7u);
    if (order == v1::CLIENT_ORDER_CREATE_TIME) {
      EXPECT_EQ(seen.front(), "Стройка 6");
      EXPECT_EQ(seen.back(), "Стройка 0");
    }
  }
}

TEST_F(ClientSearchTest, APageTokenIsOnlyForItsCallerAndFilters) {
  for (int i = 0; i < 3; ++i) {
    Make("Стройка " + std::to_string(i), "ООО «Стройка " + std::to_string(i) + "»", 300 + i, "63",
         "construction");
  }
  v1::SearchClientsRequest request;
  request.mutable_filter()->set_query("стройка");
  request.set_page_size(2);
  v1::SearchClientsResponse first;
  ASSERT_TRUE(Search(request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());

  // Another caller with the very same request.
  v1::SearchClientsResponse response;
  grpc::Status status = Call(&Stub::SearchClients, request, &response, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));
  // The same caller with another filter.
  v1::SearchClientsRequest other = request;
  other.mutable_filter()->add_region_codes("63");
  status = Search(other, &response);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));

  ASSERT_TRUE(Search(request, &response).ok());
  EXPECT_EQ(response.clients_size(), 1);
}

// Relevance search tries strict similarity thresholds before the default one; whatever the page
// size, it returns the same names in the same order as scoring every match would.
TEST_F(ClientSearchTest, RelevanceReachesWeakMatchesWhateverThePageSize) {
  int inn = 300;
  for (const char* name : {"Металлсервис", "Металлургсервис Плюс", "Металлбаза", "Металлторгсервис",
                           "Металлургсервис", "Металлюгсервис"}) {
    Make(name, std::string("ООО «") + name + "»", inn++, "63", "machinery");
  }
  // Word similarity to the query: 1 and 1 (the fragment itself), 0.81, 0.75, 0.69; 0.38 is out.
  for (int page_size : {1, 2, 10}) {
    SCOPED_TRACE(page_size);
    v1::SearchClientsRequest request;
    request.mutable_filter()->set_query("металлургсервис");
    request.set_order_by(v1::CLIENT_ORDER_RELEVANCE);
    request.set_page_size(page_size);
    const std::vector<std::string> seen = AllPages(request);
    ASSERT_EQ(seen.size(), 5u);
    EXPECT_THAT(std::vector<std::string>(seen.begin(), seen.begin() + 2),
                UnorderedElementsAre("Металлургсервис", "Металлургсервис Плюс"));
    EXPECT_THAT(std::vector<std::string>(seen.begin() + 2, seen.end()),
                ElementsAre("Металлторгсервис", "Металлюгсервис", "Металлсервис"));
  }
}

// SearchClients reads the relevance order in two parts (names containing the fragment, then names
// only similar to it, at stricter thresholds first); every page, whatever its size, holds the
// clients the single statement clients_search_by_relevance gives at the default threshold, in the
// same order, ties of equal score by id included.
TEST_F(ClientSearchTest, RelevancePagesAreThoseOfTheSingleStatement) {
  int inn = 400;
  for (const std::string name :
       {"Строймаш", "Строймаш Групп", "Строймашагро", "Агростроймаш", "Стройсмаш", "Строимаш",
        "Стройтехмаш", "Маш Строй", "Строймаш 2", "Строймаш 3", "Строймаш 4", "Стоймаш",
        "Металлургсервис", "Металлюгсервис", "Металлсервис", "Вектор Групп", "Вектор Групп 7",
        "Векторгрупп", "Групп Вектор"}) {
    Make(name, "ООО «" + name + "»", inn++, "63", "machinery");
  }
  pqxx::connection conn(url_);
  for (const auto& query : registry::AllQueries()) {
    if (std::string_view(query.name) == "clients_search_by_relevance") {
      conn.prepare("single", query.sql);
    }
  }
  for (const std::string query :
       {"строймаш", "ООО Строймаш", "стоймаш", "металлургсервис", "вектор групп", "маш"}) {
    v1::SearchClientsRequest request;
    request.mutable_filter()->set_query(query);
    request.set_order_by(v1::CLIENT_ORDER_RELEVANCE);
    common::Violations violations;
    const ClientFilterSpec spec = ReadClientFilter(request.filter(), "", violations);
    ASSERT_TRUE(violations.empty());
    std::vector<std::string> expected;
    {
      pqxx::read_transaction tx(conn);
      tx.exec0("SET LOCAL plan_cache_mode = force_custom_plan");
      for (const auto& row : tx.exec_prepared(
               "single", pqxx::prepare::make_dynamic_params(ClientFilterParameters(spec)), false,
               "", "00000000-0000-0000-0000-000000000000", 1000)) {
        expected.push_back("clients/" + row["id"].as<std::string>());
      }
    }
    ASSERT_FALSE(expected.empty()) << query;
    for (int page_size : {1, 2, 3, 5, 50}) {
      SCOPED_TRACE(query + ", page size " + std::to_string(page_size));
      request.set_page_size(page_size);
      request.clear_page_token();
      std::vector<std::string> seen;
      for (int page = 0; page < 40; ++page) {
        v1::SearchClientsResponse response;
        ASSERT_TRUE(Search(request, &response).ok());
        for (const auto& c : response.clients()) {
          seen.push_back(c.name());
        }
        if (response.next_page_token().empty()) {
          break;
        }
        request.set_page_token(response.next_page_token());
      }
      EXPECT_EQ(seen, expected);
    }
  }
}

// total_size (AIP-158), when asked for, is the number of rows all the pages of the filter give,
// the same on every page, whatever the order (a relevance page cut at a strict similarity included)
// and page size, and what counting the rows in the database gives.
TEST_F(ClientSearchTest, TotalSizeIsTheCountOfEveryPagesRows) {
  for (int i = 0; i < 5; ++i) {
    Make("Стройка " + std::to_string(i), "ООО «Стройка " + std::to_string(i) + "»", 400 + i, "63",
         "construction");
  }
  int inn = 410;
  for (const char* name : {"Металлсервис", "Металлургсервис Плюс", "Металлбаза", "Металлторгсервис",
                           "Металлургсервис", "Металлюгсервис"}) {
    Make(name, std::string("ООО «") + name + "»", inn++, "77", "machinery");
  }
  // A deleted client counts only when deleted clients are shown.
  v1::Client gone = Make("Стройка снесённая", "ООО «Стройка снесённая»", 420, "63", "construction");
  v1::DeleteClientRequest deletion;
  deletion.set_name(gone.name());
  deletion.set_etag(gone.etag());
  v1::Client deleted;
  ASSERT_TRUE(Call(&Stub::DeleteClient, deletion, &deleted, analyst()).ok());

  struct Case {
    const char* label;
    std::function<void(v1::SearchClientsRequest&)> build;
    int expected;
  };
  const std::vector<Case> cases = {
      {"everything", [](v1::SearchClientsRequest&) {}, 11},
      {"everything with deleted", [](v1::SearchClientsRequest& r) { r.set_show_deleted(true); },
       12},
      {"region 63", [](v1::SearchClientsRequest& r) { r.mutable_filter()->add_region_codes("63"); },
       5},
      {"region 63 with deleted",
       [](v1::SearchClientsRequest& r) {
         r.mutable_filter()->add_region_codes("63");
         r.set_show_deleted(true);
       },
       6},
      {"industry by update time",
       [](v1::SearchClientsRequest& r) {
         r.mutable_filter()->add_industry_codes("machinery");
         r.set_order_by(v1::CLIENT_ORDER_UPDATE_TIME);
       },
       6},
      // 0.38 similar "Металлбаза" is out; a one-row page is filled at the strictest threshold.
      {"weak matches by relevance",
       [](v1::SearchClientsRequest& r) {
         r.mutable_filter()->set_query("металлургсервис");
         r.set_order_by(v1::CLIENT_ORDER_RELEVANCE);
       },
       5},
      {"nothing", [](v1::SearchClientsRequest& r) { r.mutable_filter()->set_inn("7707083893"); },
       0},
  };
  for (const Case& c : cases) {
    for (int page_size : {1, 4, 50}) {
      SCOPED_TRACE(std::string(c.label) + ", page size " + std::to_string(page_size));
      v1::SearchClientsRequest request;
      c.build(request);
      request.set_page_size(page_size);
      request.set_include_total_size(true);
      int rows = 0;
      for (int page = 0; page < 20; ++page) {
        v1::SearchClientsResponse response;
        grpc::Status status = Search(request, &response);
        ASSERT_TRUE(status.ok()) << status.error_message();
        EXPECT_EQ(response.total_size(), c.expected);
        rows += response.clients_size();
        if (response.next_page_token().empty()) {
          break;
        }
        request.set_page_token(response.next_page_token());
      }
      EXPECT_EQ(rows, c.expected);
    }
  }

  pqxx::connection conn(url_);
  pqxx::read_transaction tx(conn);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM clients WHERE legal_region_code = '63' "
                     "AND deleted_at IS NULL")[0]
                .as<long>(),
            5);

  // Not asked for, nothing is counted.
  v1::SearchClientsRequest request;
  request.mutable_filter()->add_region_codes("63");
  v1::SearchClientsResponse response;
  ASSERT_TRUE(Search(request, &response).ok());
  EXPECT_EQ(response.clients_size(), 5);
  EXPECT_EQ(response.total_size(), 0);
}

TEST_F(ClientSearchTest, StoredSearchNameAgreesWithTheDomain) {
  const std::vector<std::string> names = {
      "ООО «СтройМаш»",
      "Общество с ограниченной ответственностью \"Ёлка-Маркет\"",
      "ПАО  Сбербанк   России",
      "Индивидуальный предприниматель Пётр Петров",
      "ЗАО „Волга“ — Экспо №1",
      "ao АО ао-Строй",
      "Крестьянское (фермерское) хозяйство Иванова",
      "LLC Volga Trade Ltd.",
      "Непубличное акционерное общество «Рога и копыта»",
      "ГУП/МУП: test_name%",
  };
  pqxx::connection conn(url_);
  pqxx::read_transaction tx(conn);
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    EXPECT_EQ(tx.exec_params1("SELECT registry_search_name($1)", name)[0].as<std::string>(),
              NormalizeCompanyName(name));
    EXPECT_EQ(tx.exec_params1("SELECT registry_phone_digits($1)", "8 (846) 207-11-11")[0]
                  .as<std::string>(),
              NormalizePhoneDigits("8 (846) 207-11-11"));
  }
}

class ClientHistoryTest : public RegistryTest {
 protected:
  grpc::Status Restore(const v1::Client& client, int version, v1::Client* out,
                       const std::string& token) {
    v1::RestoreClientVersionRequest request;
    request.set_name(client.name());
    request.set_version(version);
    request.set_etag(client.etag());
    return Call(&Stub::RestoreClientVersion, request, out, token);
  }
};

TEST_F(ClientHistoryTest, ListsEveryChangeNewestFirstWithFieldDiffs) {
  v1::Client created = MustCreateClient(SberClient());
  v1::Client changes = created;
  changes.set_display_name("Сбер");
  changes.add_okved_codes("64.19");
  v1::Client updated;
  ASSERT_TRUE(Update(changes, {"display_name", "okved_codes"}, &updated, head()).ok());
  changes = updated;
  changes.set_website("sberbank.ru");
  ASSERT_TRUE(Update(changes, {"website"}, &updated, analyst()).ok());

  v1::ListClientHistoryRequest request;
  request.set_name(created.name());
  request.set_page_size(2);
  v1::ListClientHistoryResponse page;
  ASSERT_TRUE(Call(&Stub::ListClientHistory, request, &page, accountant()).ok());
  ASSERT_EQ(page.versions_size(), 2);
  EXPECT_EQ(page.versions(0).version(), 3);
  EXPECT_EQ(page.versions(0).change(), "updated");
  ASSERT_EQ(page.versions(0).field_changes_size(), 1);
  EXPECT_EQ(page.versions(0).field_changes(0).field(), "website");
  EXPECT_EQ(page.versions(0).field_changes(0).before(), "");
  EXPECT_EQ(page.versions(0).field_changes(0).after(), "\"sberbank.ru\"");
  EXPECT_EQ(page.versions(1).version(), 2);
  ASSERT_EQ(page.versions(1).field_changes_size(), 2);
  EXPECT_EQ(page.versions(1).field_changes(0).field(), "display_name");
  EXPECT_EQ(page.versions(1).field_changes(0).before(), "\"Сбербанк\"");
  EXPECT_EQ(page.versions(1).field_changes(0).after(), "\"Сбер\"");
  EXPECT_EQ(page.versions(1).field_changes(1).field(), "okved_codes");
  EXPECT_EQ(page.versions(1).field_changes(1).after(), "[\"64.19\"]");
  ASSERT_FALSE(page.next_page_token().empty());

  request.set_page_token(page.next_page_token());
  ASSERT_TRUE(Call(&Stub::ListClientHistory, request, &page, accountant()).ok());
  ASSERT_EQ(page.versions_size(), 1);
  EXPECT_EQ(page.versions(0).version(), 1);
  EXPECT_EQ(page.versions(0).change(), "created");
  EXPECT_TRUE(page.next_page_token().empty());

  request.set_name("clients/" + common::NewUuid());
  request.clear_page_token();
  EXPECT_EQ(Call(&Stub::ListClientHistory, request, &page, accountant()).error_code(),
            grpc::NOT_FOUND);
}

TEST_F(ClientHistoryTest, RestoreWritesTheOldValuesBackAsANewVersion) {
  v1::Client created = MustCreateClient(SberClient());
  v1::Client changes = created;
  changes.set_display_name("Опечатка");
  changes.set_email("wrong@example.ru");
  v1::Client updated;
  ASSERT_TRUE(Update(changes, {"display_name", "email"}, &updated, head()).ok());

  v1::Client restored;
  grpc::Status status = Restore(updated, 1, &restored, head());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(restored.display_name(), "Сбербанк");
  EXPECT_EQ(restored.email(), "info@sberbank.ru");
  EXPECT_EQ(restored.etag(), "3");

  v1::ListClientHistoryRequest request;
  request.set_name(created.name());
  v1::ListClientHistoryResponse history;
  ASSERT_TRUE(Call(&Stub::ListClientHistory, request, &history, head()).ok());
  ASSERT_EQ(history.versions_size(), 3);
  EXPECT_EQ(history.versions(0).change(), "restored");
  events::v1::ClientRestored event;
  common::bus::FromJson(FirstPayload(events::v1::kClientRestored), &event);
  EXPECT_EQ(event.restored_version(), 1);
  EXPECT_EQ(event.client().display_name(), "Сбербанк");

  // A stale etag, an unknown version, nothing to restore, another manager.
  v1::Client out;
  EXPECT_EQ(Restore(updated, 1, &out, head()).error_code(), grpc::ABORTED);
  status = Restore(restored, 9, &out, head());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("version"));
  EXPECT_EQ(Restore(restored, 3, &out, head()).error_code(), grpc::FAILED_PRECONDITION);
  const std::string stranger = crm::testing::TokenFor(
      common::ResourceName("employees", common::NewUuid()), {Role::kSalesManager});
  EXPECT_EQ(Restore(restored, 2, &out, stranger).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("client_history"), 3);
}

TEST_F(ClientHistoryTest, RestoreStillObeysUniqueness) {
  v1::Client created = MustCreateClient(SberClient());
  v1::Client changes = created;
  changes.set_kpp("773601002");
  v1::Client moved;
  ASSERT_TRUE(Update(changes, {"kpp"}, &moved, analyst()).ok());
  // Another branch takes the old KPP meanwhile.
  v1::Client other = SberClient();
  other.set_display_name("Сбербанк, другой филиал");
  MustCreateClient(other);
  v1::Client out;
  grpc::Status status = Restore(moved, 1, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::ALREADY_EXISTS) << status.error_message();
}

}  // namespace
}  // namespace crm::registry::integration
