#include "tools/cli/output.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include "crm/analytics/v1/analytics.pb.h"
#include "crm/planning/v1/planning.pb.h"
#include "crm/registry/v1/import.pb.h"
#include "crm/registry/v1/registry.pb.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

namespace reg = crm::registry::v1;
namespace plan = crm::planning::v1;

constexpr const char* kClient = "clients/3f1c2a9e-5b7d-4c1e-9a2b-000000000001";
constexpr const char* kEdition =
    "projects/0d9e8f7a-0000-4000-8000-000000000001/editions/0d9e8f7a-0000-4000-8000-000000000002";

class OutputTest : public ::testing::Test {
 protected:
  // Times print in the local zone: the tests read them in Samara time.
  void SetUp() override {
    const char* tz = getenv("TZ");
    saved_tz_ = tz == nullptr ? "" : tz;
    had_tz_ = tz != nullptr;
    setenv("TZ", "Europe/Samara", 1);
    tzset();
  }
  void TearDown() override {
    if (had_tz_) {
      setenv("TZ", saved_tz_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

  static reg::Client Client(const std::string& name, const std::string& display_name,
                            const std::string& inn, const std::string& kpp,
                            const std::string& city) {
    reg::Client c;
    c.set_name(name);
    c.set_display_name(display_name);
    c.set_legal_name("ПАО «" + display_name + "»");
    c.set_inn(inn);
    c.set_kpp(kpp);
    c.mutable_geography()->set_city(city);
    c.set_verification_state(reg::VERIFICATION_STATE_VERIFIED);
    c.set_etag("W/\"7\"");
    return c;
  }

  // Answers every client and edition name with a display name, and counts what it was asked.
  NameResolver Resolver() {
    return [this](const std::set<std::string>& names) {
      asked_.insert(names.begin(), names.end());
      std::map<std::string, std::string> out;
      for (const auto& name : names) {
        if (name == kClient) {
          out[name] = "ВолгаСтрой";
        } else if (name == kEdition) {
          out[name] = "Волга-Строй 2027";
        }
      }
      return out;
    };
  }

  std::set<std::string> asked_;
  std::string saved_tz_;
  bool had_tz_ = false;
};

TEST_F(OutputTest, ASearchIsATableOfTheColumnsThatMatter) {
  reg::SearchClientsResponse response;
  *response.add_clients() = Client("clients/1", "Сбербанк", "7707083893", "773601001", "Москва");
  *response.add_clients() =
      Client("clients/2", "Самарский подшипниковый завод", "6320001004", "632001001", "Самара");
  response.mutable_clients(1)->mutable_delete_time()->set_seconds(1);
  const Printed printed = Render(response, OutputFormat::kTable, Resolver());
  EXPECT_EQ(printed.out,
            "CLIENT                         INN/KPP               CITY    STATE     NAME\n"
            "Сбербанк                       7707083893/773601001  Москва  verified  clients/1\n"
            "Самарский подшипниковый завод  6320001004/632001001  Самара  deleted   clients/2\n");
  EXPECT_EQ(printed.note, "");
}

TEST_F(OutputTest, ALongNameIsCutWithAnEllipsisInTheTableOnly) {
  reg::SearchClientsResponse response;
  *response.add_clients() = Client("clients/1", "Акционерное общество Волжский трубный завод",
                                   "6316000015", "", "Самара");
  const Printed table = Render(response, OutputFormat::kTable, Resolver());
  EXPECT_THAT(table.out, HasSubstr("Акционерное общество Волжский т…  6316000015"));
  EXPECT_THAT(Render(response, OutputFormat::kJson, Resolver()).out,
              HasSubstr("Акционерное общество Волжский трубный завод"));
}

TEST_F(OutputTest, ASaleShowsNamesAreaAndAmountInRussianFormat) {
  plan::Sale sale;
  sale.set_name("sales/1");
  sale.set_client(kClient);
  sale.set_edition(kEdition);
  sale.set_area_dm2(1250);
  sale.mutable_total_amount()->set_currency_code("RUB");
  sale.mutable_total_amount()->set_minor_units(12200000);
  sale.set_state(plan::SALE_STATE_ACTIVE);
  *sale.mutable_sale_time() = TimeUtil::SecondsToTimestamp(1805176800);  // 10:00 in Samara
  const Printed printed = Render(sale, OutputFormat::kTable, Resolver());
  EXPECT_THAT(printed.out,
              AllOf(HasSubstr("TIME"), HasSubstr("AMOUNT"), HasSubstr("16.03.2027 10:00"),
                    HasSubstr("ВолгаСтрой"), HasSubstr("Волга-Строй 2027"),
                    HasSubstr("12,5\u00a0м²"), HasSubstr("122\u00a0000,00\u00a0₽"),
                    HasSubstr("active"), HasSubstr("sales/1"), Not(HasSubstr(kClient))));
  EXPECT_EQ(asked_, (std::set<std::string>{kClient, kEdition}));
}

TEST_F(OutputTest, AnUnresolvedNameIsShownAsItIs) {
  plan::ListContactsResponse response;
  plan::Contact* c = response.add_contacts();
  c->set_name("contacts/1");
  c->set_client("clients/unknown");
  c->set_type(plan::CONTACT_TYPE_CALL);
  c->set_purpose("Предложить угловой стенд");
  c->set_state(plan::CONTACT_STATE_PLANNED);
  *c->mutable_scheduled_time() = TimeUtil::SecondsToTimestamp(1805176800);
  const Printed printed = Render(response, OutputFormat::kTable, Resolver());
  EXPECT_THAT(printed.out, AllOf(HasSubstr("16.03.2027 10:00  call  clients/unknown"),
                                 HasSubstr("Предложить угловой стенд"), HasSubstr("planned")));
}

TEST_F(OutputTest, AnEmptyListAndTheNextPageAreNotesForStandardError) {
  reg::SearchClientsResponse empty;
  Printed printed = Render(empty, OutputFormat::kTable, Resolver());
  EXPECT_EQ(printed.out, "");
  EXPECT_EQ(printed.note, "no clients\n");

  reg::SearchClientsResponse page;
  *page.add_clients() = Client("clients/1", "Сбербанк", "7707083893", "773601001", "Москва");
  page.set_next_page_token("abc");
  printed = Render(page, OutputFormat::kTable, Resolver());
  EXPECT_EQ(printed.note, "more: --page-token abc\n");

  // A list that counts what its filter matches says how many in all.
  page.set_total_size(27);
  printed = Render(page, OutputFormat::kTable, Resolver());
  EXPECT_EQ(printed.note, "27 clients in all\nmore: --page-token abc\n");
}

TEST_F(OutputTest, JsonIsTheMessageAsTheApiReturnsIt) {
  const reg::Client client = Client("clients/1", "Сбербанк", "7707083893", "773601001", "Москва");
  const Printed printed = Render(client, OutputFormat::kJson, Resolver());
  EXPECT_EQ(printed.out, ToPrettyJson(client) + "\n");
  EXPECT_THAT(printed.out, AllOf(HasSubstr("\"displayName\": \"Сбербанк\""),
                                 HasSubstr("\"etag\": \"W/\\\"7\\\"\"")));
  EXPECT_TRUE(asked_.empty());
}

TEST_F(OutputTest, YamlIsTheJsonMappingAsYaml) {
  reg::SearchClientsResponse response;
  *response.add_clients() = Client("clients/1", "Сбербанк", "7707083893", "773601001", "Москва");
  response.set_next_page_token("abc");
  const std::string yaml = Render(response, OutputFormat::kYaml, Resolver()).out;
  EXPECT_THAT(yaml, AllOf(HasSubstr("clients:\n  - name: clients/1\n    displayName: Сбербанк\n"),
                          // Digits stay a string, as in JSON: quoted.
                          HasSubstr("    inn: \"7707083893\"\n"), HasSubstr("    etag: W/\"7\"\n"),
                          HasSubstr("    verificationState: VERIFICATION_STATE_VERIFIED\n"),
                          HasSubstr("nextPageToken: abc\n")));
}

TEST_F(OutputTest, YamlQuotesStringsAReaderWouldTakeForSomethingElse) {
  reg::Client client;
  client.set_display_name("yes");
  client.set_inn("0012345678");
  client.set_kpp("1e3");
  client.set_notes("2027-03-16");
  client.set_website("~");
  client.set_legal_name("Москва 2027");
  client.set_email("off");
  *client.mutable_create_time() = TimeUtil::SecondsToTimestamp(1805176800);
  const std::string yaml = ToYaml(client);
  EXPECT_THAT(yaml, AllOf(HasSubstr("displayName: \"yes\"\n"), HasSubstr("inn: \"0012345678\"\n"),
                          HasSubstr("kpp: \"1e3\"\n"), HasSubstr("notes: \"2027-03-16\"\n"),
                          HasSubstr("website: \"~\"\n"), HasSubstr("email: \"off\"\n"),
                          HasSubstr("createTime: \"2027-03-16T06:00:00Z\"\n"),
                          HasSubstr("legalName: Москва 2027\n")));
}

TEST_F(OutputTest, AReportIsOneLinePerFigure) {
  crm::analytics::v1::ManagerReport report;
  report.set_manager("employees/1");
  auto* by_type = report.add_contacts_by_type();
  by_type->set_key("CONTACT_TYPE_CALL");
  by_type->set_count(3);
  report.set_sales_count(2);
  report.set_area_dm2(3600);
  report.mutable_total_amount()->set_currency_code("RUB");
  report.mutable_total_amount()->set_minor_units(41724000);
  report.set_conversion_bp(3333);
  const std::string out =
      Render(report, OutputFormat::kTable, [](const std::set<std::string>&) {
        return std::map<std::string, std::string>{{"employees/1", "Кузнецова Анна Сергеевна"}};
      }).out;
  EXPECT_THAT(
      out, AllOf(HasSubstr("Manager:             Кузнецова Анна Сергеевна\n"),
                 HasSubstr("Contacts by type:    call 3\n"), HasSubstr("Sales:               2\n"),
                 HasSubstr("Area:                36\u00a0м²\n"),
                 HasSubstr("Total amount:        417\u00a0240,00\u00a0₽\n"),
                 HasSubstr("Conversion:          33,33%\n")));
}

TEST_F(OutputTest, ItemsWithoutAWrittenViewGetTheirScalarFields) {
  reg::ListImportRowsResponse response;
  reg::ImportRow* row = response.add_rows();
  row->set_name("imports/1/rows/2");
  row->set_row_number(2);
  row->set_outcome(reg::ImportRow::OUTCOME_CREATED);
  const std::string out = Render(response, OutputFormat::kTable, Resolver()).out;
  EXPECT_THAT(out, AllOf(HasSubstr("NAME"), HasSubstr("ROW NUMBER"), HasSubstr("OUTCOME"),
                         HasSubstr("imports/1/rows/2"), HasSubstr("created")));
}

TEST_F(OutputTest, ADrillDownPrintsTheListItFilled) {
  crm::analytics::v1::ListSalesReportRecordsResponse contacts;
  auto* contact = contacts.add_contacts();
  contact->set_contact("contacts/7");
  contact->set_result_kind("refusal");
  const Printed printed = Render(contacts, OutputFormat::kTable, Resolver());
  EXPECT_THAT(printed.out, AllOf(HasSubstr("contacts/7"), HasSubstr("refusal")));
  EXPECT_EQ(printed.note, "");

  crm::analytics::v1::ListSalesReportRecordsResponse none;
  EXPECT_EQ(Render(none, OutputFormat::kTable, Resolver()).note, "no sales\n");
}

TEST_F(OutputTest, OpenContactsAndAFiguresClientsPrintAsTables) {
  crm::analytics::v1::ListSalesReportRecordsResponse open;
  auto* contact = open.add_open_contacts();
  contact->set_contact("contacts/8");
  contact->set_type("CONTACT_TYPE_MEETING");
  const Printed contacts = Render(open, OutputFormat::kTable, Resolver());
  EXPECT_THAT(contacts.out, HasSubstr("contacts/8"));
  EXPECT_EQ(contacts.note, "");

  crm::analytics::v1::ListReportClientsResponse churned;
  auto* client = churned.add_clients();
  client->set_client("clients/5");
  client->set_display_name("ООО Волга");
  client->set_lead_source("REFERRAL");
  const Printed clients = Render(churned, OutputFormat::kTable, Resolver());
  EXPECT_THAT(clients.out, AllOf(HasSubstr("clients/5"), HasSubstr("REFERRAL")));
  EXPECT_EQ(clients.note, "");
}

TEST_F(OutputTest, InvoicedSalesAndARatingsRatingsPrintAsTables) {
  crm::analytics::v1::ListSalesReportRecordsResponse invoiced;
  auto* sale = invoiced.add_sales();
  sale->set_sale("sales/3");
  sale->mutable_invoiced_amount()->set_currency_code("RUB");
  sale->mutable_invoiced_amount()->set_minor_units(7'320'000);
  sale->mutable_outstanding_amount()->set_currency_code("RUB");
  sale->mutable_outstanding_amount()->set_minor_units(6'320'000);
  const Printed sales = Render(invoiced, OutputFormat::kTable, Resolver());
  EXPECT_THAT(sales.out,
              AllOf(HasSubstr("INVOICED"), HasSubstr("OUTSTANDING"), HasSubstr("sales/3")));

  crm::analytics::v1::ListSalesReportRecordsResponse fives;
  auto* rating = fives.add_ratings();
  rating->set_rating("clients/5/ratings/9");
  rating->set_score(5);
  const Printed ratings = Render(fives, OutputFormat::kTable, Resolver());
  EXPECT_THAT(ratings.out, HasSubstr("clients/5/ratings/9"));
  EXPECT_EQ(ratings.note, "");
}

TEST_F(OutputTest, OtherResponsesPrintAsYaml) {
  plan::CompleteContactResponse response;
  response.mutable_contact()->set_name("contacts/1");
  response.mutable_sale()->set_area_dm2(1800);
  EXPECT_EQ(Render(response, OutputFormat::kTable, Resolver()).out, ToYaml(response));
}

TEST_F(OutputTest, AReportOfSeveralListsIsItsFiguresThenATableForEachList) {
  crm::analytics::v1::MarketAnalysis market;
  market.set_clients(300);
  market.set_exhibitors(106);
  auto* district = market.add_by_federal_district();
  district->set_key("VOLGA");
  district->set_clients(300);
  district->set_exhibitors(106);
  district->set_area_dm2(48000);
  auto* edition = market.add_editions();
  edition->set_display_name("Волга-Строй 2026");
  edition->set_exhibitors(40);
  edition->set_retained(25);
  edition->set_retention_bp(6250);
  const std::string out = Render(market, OutputFormat::kTable, Resolver()).out;
  EXPECT_THAT(out, AllOf(HasSubstr("300"), HasSubstr("106"), HasSubstr("By federal district\n"),
                         HasSubstr("VOLGA"), HasSubstr("480\u00a0м²"), HasSubstr("Editions\n"),
                         HasSubstr("Волга-Строй 2026"), HasSubstr("62,5%")));
  // An empty list has no heading; nothing is printed as YAML.
  EXPECT_THAT(out, AllOf(Not(HasSubstr("By region")), Not(HasSubstr("byFederalDistrict"))));
}

TEST(ParseOutputFormat, KnowsTheThreeFormats) {
  EXPECT_EQ(ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(ParseOutputFormat("yaml"), OutputFormat::kYaml);
  EXPECT_THROW(ParseOutputFormat("xml"), ArgumentError);
}

}  // namespace
}  // namespace crm::cli
