// The HTTP/JSON gateway over the real five services: every mapping rule of google.api.http
// (path variables, nested and repeated query parameters, body "*" and body "field", update_mask
// from the query, int64 as strings, enums by name, timestamps), errors as google.rpc.Status with
// the standard HTTP codes, client and server streaming (SSE, NDJSON, JSON array), the body and
// rate limits, CORS, the OpenAPI document, the console's static files, HTTP/2 and metrics.
#include <absl/strings/escaping.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/auth/auth.h"
#include "common/core/ids.h"
#include "services/gateway/dev_oidc.h"
#include "services/gateway/openapi.h"
#include "services/gateway/transcoding/api_catalog.h"
#include "services/gateway/transcoding/request_builder.h"
#include "tests/e2e/gateway_process.h"
#include "tests/e2e/stack.h"
#include "tests/support/eventually.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

using common::auth::Role;
using nlohmann::json;

constexpr char kConsoleOrigin[] = "https://crm.expo-volga.example";

struct Reply {
  int status = 0;
  json body;
  std::string raw;
  httplib::Headers headers;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Field paths of the google.rpc.BadRequest in a google.rpc.Status JSON body.
std::set<std::string> ViolatedFieldsOf(const json& status) {
  std::set<std::string> fields;
  for (const auto& detail : status.value("details", json::array())) {
    if (detail.value("@type", "") == "type.googleapis.com/google.rpc.BadRequest") {
      for (const auto& v : detail.value("fieldViolations", json::array())) {
        fields.insert(v.value("field", ""));
      }
    }
  }
  return fields;
}

class GatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new Stack();
    static_dir_ = new TempDir("crm-console");
    std::ofstream(static_dir_->path() / "index.html") << "<!doctype html><title>Expo CRM</title>";
    std::filesystem::create_directories(static_dir_->path() / "assets");
    std::ofstream(static_dir_->path() / "assets" / "app.3f9a1c2e.js") << "console.log(1);";
    gateway_ = new GatewayProcess(*stack_, {{"CRM_GATEWAY_CORS_ORIGINS", kConsoleOrigin},
                                            {"CRM_GATEWAY_STATIC_DIR", static_dir_->path()},
                                            {"CRM_GATEWAY_MAX_BODY_BYTES", "65536"},
                                            {"CRM_GATEWAY_RATE_LIMIT_RPS", "1000"},
                                            {"CRM_GATEWAY_RATE_LIMIT_BURST", "1000"}});
    admin_ = TokenFor("services/gateway-test", {Role::kAdmin});
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete static_dir_;
    delete stack_;
  }

  static Reply Call(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& body = "", httplib::Headers headers = {}, int port = 0) {
    httplib::Client client("127.0.0.1", port == 0 ? gateway_->http_port() : port);
    client.set_read_timeout(std::chrono::seconds(30));
    if (!token.empty()) {
      headers.emplace("Authorization", "Bearer " + token);
    }
    httplib::Result result = method == "GET"       ? client.Get(path, headers)
                             : method == "DELETE"  ? client.Delete(path, headers)
                             : method == "OPTIONS" ? client.Options(path, headers)
                             : method == "PATCH"
                                 ? client.Patch(path, headers, body, "application/json")
                                 : client.Post(path, headers, body, "application/json");
    Reply reply;
    if (!result) {
      ADD_FAILURE() << method << " " << path << ": " << httplib::to_string(result.error());
      return reply;
    }
    reply.status = result->status;
    reply.raw = result->body;
    reply.headers = result->headers;
    reply.body = json::parse(result->body, nullptr, false);
    return reply;
  }

  // An employee created through the gateway and given `role` (system roles are given by an
  // admin's update); their resource name, "" when either call failed.
  static std::string EmployeeWithRole(const std::string& full_name, const std::string& email,
                                      const std::string& role) {
    auto created = Call("POST", "/v1/employees", admin_,
                        json{{"fullName", full_name}, {"email", email}}.dump());
    EXPECT_EQ(created.status, 200) << created.raw;
    const std::string name = created.body.value("name", "");
    auto given = Call("PATCH", "/v1/" + name + "?updateMask=roles", admin_,
                      json{{"roles", {role}}, {"etag", created.body.value("etag", "")}}.dump());
    EXPECT_EQ(given.status, 200) << given.raw;
    return given.status == 200 ? name : "";
  }

  // `token` names the employee with their role, and the services take it (the employee's
  // overdue tasks, through the test's own gateway).
  static void ExpectTokenOf(const std::string& token, const std::string& name,
                            const std::string& full_name, Role role) {
    common::auth::TokenVerifier verifier(
        {.hs256_secret = kTestJwtSecret, .audience = common::auth::kDefaultAudience});
    const auto principal = verifier.Verify(token);
    EXPECT_EQ(principal.subject, name);
    EXPECT_EQ(principal.name, full_name);
    EXPECT_EQ(principal.roles, std::set<Role>{role});
    auto overdue = Call("GET", "/v1/contacts:overdue?owner=" + name, token);
    EXPECT_EQ(overdue.status, 200) << overdue.raw;
  }

  // A client created through the gateway (POST /v1/clients, body "client"); each with a KPP of
  // its own, as INN and KPP together name one client.
  static json CreateClient(const std::string& inn, const std::string& name) {
    static int branch = 100;
    const std::string kpp = "773601" + std::to_string(++branch % 1000);
    json client = {{"displayName", name},
                   {"legalName", "ООО «" + name + "»"},
                   {"inn", inn},
                   {"kpp", kpp},
                   {"legalForm", "LEGAL_FORM_OOO"},
                   {"legalAddress", "443001, г. Самара, ул. Молодогвардейская, д. 1"}};
    auto reply = Call("POST", "/v1/clients", admin_, client.dump());
    EXPECT_EQ(reply.status, 200) << reply.raw;
    return reply.body;
  }

  // An employee with the sales manager role and their token.
  static std::pair<std::string, std::string> CreateManager(const std::string& tag) {
    json employee = {{"fullName", "Иванова Мария Петровна"},
                     {"email", "ivanova-" + tag + "@expo-volga.example"},
                     {"department", "Отдел продаж"}};
    auto reply = Call("POST", "/v1/employees", admin_, employee.dump());
    EXPECT_EQ(reply.status, 200) << reply.raw;
    std::string name = reply.body.value("name", "");
    return {name, TokenFor(name, {Role::kSalesManager})};
  }

  // A project with an edition (POST .../editions: a path variable and body "edition").
  static std::string CreateEdition(const std::string& tag) {
    auto project =
        Call("POST", "/v1/projects", admin_, json{{"displayName", "Волга-Строй " + tag}}.dump());
    EXPECT_EQ(project.status, 200) << project.raw;
    json edition = {{"displayName", "Волга-Строй 2027"},
                    {"startDate", {{"year", 2027}, {"month", 3}, {"day", 10}}},
                    {"endDate", {{"year", 2027}, {"month", 3}, {"day", 13}}},
                    {"venue", "Самара, Экспо-Волга"},
                    {"pricePerM2", {{"currencyCode", "RUB"}, {"minorUnits", "800000"}}}};
    auto created =
        Call("POST", "/v1/" + project.body.value("name", "") + "/editions", admin_, edition.dump());
    EXPECT_EQ(created.status, 200) << created.raw;
    return created.body.value("name", "");
  }

  // Plans a call through the gateway; retries while planning has not yet learnt the client.
  static json PlanCall(const std::string& token, const std::string& client,
                       const std::string& edition, const json& extra = json::object()) {
    json contact = {{"client", client},
                    {"edition", edition},
                    {"type", "CONTACT_TYPE_CALL"},
                    {"purpose", "Предложить стенд"},
                    {"scheduledTime", "2026-12-07T09:30:00Z"}};
    contact.update(extra);
    Reply reply;
    bool planned = Eventually(
        [&] {
          reply = Call("POST", "/v1/contacts", token, contact.dump());
          return reply.status == 200;
        },
        std::chrono::seconds(30), std::chrono::milliseconds(100));
    EXPECT_TRUE(planned) << reply.raw;
    return reply.body;
  }

  static Stack* stack_;
  static TempDir* static_dir_;
  static GatewayProcess* gateway_;
  static std::string admin_;
};

Stack* GatewayTest::stack_ = nullptr;
TempDir* GatewayTest::static_dir_ = nullptr;
GatewayProcess* GatewayTest::gateway_ = nullptr;
std::string GatewayTest::admin_;

TEST_F(GatewayTest, BodyFieldCreatesAndPathVariableReadsWithEnumsByNameAndTimestamps) {
  json created = CreateClient("7707083893", "СтройМаш");
  const std::string name = created.value("name", "");
  ASSERT_EQ(name.rfind("clients/", 0), 0u) << created.dump();
  EXPECT_EQ(created.value("legalForm", ""), "LEGAL_FORM_OOO");
  // RFC 3339 in UTC, as the protobuf JSON mapping writes a Timestamp.
  const std::string create_time = created.value("createTime", "");
  EXPECT_EQ(create_time.size() >= 20 && create_time.back() == 'Z', true) << create_time;

  auto read = Call("GET", "/v1/" + name, admin_, "", {{"X-Request-Id", "gw-test-read-1"}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.body.value("name", ""), name);
  EXPECT_EQ(read.body.value("displayName", ""), "СтройМаш");
  EXPECT_EQ(read.Header("Content-Type"), "application/json");
  // The caller's request id is kept and returned.
  EXPECT_EQ(read.Header("x-request-id"), "gw-test-read-1");
  // Without one the gateway makes one.
  EXPECT_TRUE(common::IsUuid(Call("GET", "/v1/" + name, admin_).Header("x-request-id")));
}

TEST_F(GatewayTest, NestedRepeatedAndEnumQueryParametersFilterTheSearch) {
  json created = CreateClient("7736050003", "Газотурбина");
  const std::string name = created.value("name", "");
  // filter.query is nested; filter.legalForms is repeated (JSON and proto names both work) and
  // takes enum names; orderBy an enum; pageSize an int32.
  auto found = Call("GET",
                    "/v1/clients:search?filter.query=%D0%93%D0%B0%D0%B7%D0%BE%D1%82%D1%83%D1%80"
                    "%D0%B1%D0%B8%D0%BD%D0%B0&filter.legalForms=LEGAL_FORM_OOO"
                    "&filter.legal_forms=LEGAL_FORM_AO&pageSize=10",
                    admin_);
  ASSERT_EQ(found.status, 200) << found.raw;
  bool seen = false;
  for (const auto& c : found.body.value("clients", json::array())) {
    seen = seen || c.value("name", "") == name;
  }
  EXPECT_TRUE(seen) << found.raw;
  // A repeated filter that excludes it.
  auto none = Call(
      "GET", "/v1/clients:search?filter.inn=7736050003&filter.legalForms=LEGAL_FORM_IP", admin_);
  ASSERT_EQ(none.status, 200) << none.raw;
  EXPECT_TRUE(none.body.value("clients", json::array()).empty()) << none.raw;
  // The INN shorthand finds it exactly.
  auto by_inn = Call("GET", "/v1/clients:search?inn=7736050003", admin_);
  ASSERT_EQ(by_inn.status, 200) << by_inn.raw;
  bool by_inn_seen = false;
  for (const auto& c : by_inn.body.value("clients", json::array())) {
    by_inn_seen = by_inn_seen || c.value("name", "") == name;
    EXPECT_EQ(c.value("inn", ""), "7736050003");
  }
  EXPECT_TRUE(by_inn_seen) << by_inn.raw;
}

TEST_F(GatewayTest, BadQueryParametersAre400WithTheParameterAsTheViolatedField) {
  auto unknown = Call("GET", "/v1/clients:search?colour=red", admin_);
  EXPECT_EQ(unknown.status, 400) << unknown.raw;
  EXPECT_EQ(unknown.body.value("code", 0), 3);
  EXPECT_EQ(ViolatedFieldsOf(unknown.body), std::set<std::string>{"colour"}) << unknown.raw;
  auto bad_enum = Call("GET", "/v1/clients:search?filter.legalForms=LEGAL_FORM_NONE", admin_);
  EXPECT_EQ(bad_enum.status, 400) << bad_enum.raw;
  EXPECT_EQ(ViolatedFieldsOf(bad_enum.body), std::set<std::string>{"filter.legalForms"});
  auto bad_int = Call("GET", "/v1/clients:search?pageSize=many", admin_);
  EXPECT_EQ(bad_int.status, 400) << bad_int.raw;
  EXPECT_EQ(ViolatedFieldsOf(bad_int.body), std::set<std::string>{"pageSize"});
  auto bad_json = Call("POST", "/v1/clients", admin_, "{\"displayName\": ");
  EXPECT_EQ(bad_json.status, 400) << bad_json.raw;
  EXPECT_EQ(ViolatedFieldsOf(bad_json.body), std::set<std::string>{"client"});
}

TEST_F(GatewayTest, UpdateMaskFromTheQueryAndAStaleEtagIs409) {
  json created = CreateClient("7728168971", "Альфа-Стенд");
  const std::string name = created.value("name", "");
  // PATCH /v1/{client.name=clients/*}: the nested path variable names the client, the body is
  // the client, update_mask comes from the query (camelCase paths accepted).
  auto updated = Call("PATCH", "/v1/" + name + "?updateMask=displayName,notes", admin_,
                      json{{"displayName", "Альфа-Стенд Плюс"},
                           {"notes", "через шлюз"},
                           {"legalName", "не меняется"},
                           {"etag", created.value("etag", "")}}
                          .dump());
  ASSERT_EQ(updated.status, 200) << updated.raw;
  EXPECT_EQ(updated.body.value("displayName", ""), "Альфа-Стенд Плюс");
  EXPECT_EQ(updated.body.value("notes", ""), "через шлюз");
  EXPECT_EQ(updated.body.value("legalName", ""), created.value("legalName", ""));
  // The etag of before the update is stale now: ABORTED, which HTTP calls 409.
  auto stale = Call("PATCH", "/v1/" + name + "?update_mask=display_name", admin_,
                    json{{"displayName", "Опять"}, {"etag", created.value("etag", "")}}.dump());
  EXPECT_EQ(stale.status, 409) << stale.raw;
  EXPECT_EQ(stale.body.value("code", 0), 10);
}

TEST_F(GatewayTest, DeleteAndBodyStarUndelete) {
  json created = CreateClient("6316031581", "Удаляемый");
  const std::string name = created.value("name", "");
  // DELETE takes the etag from the query.
  auto stale = Call("DELETE", "/v1/" + name + "?etag=stale", admin_);
  EXPECT_EQ(stale.status, 409) << stale.raw;
  auto deleted = Call("DELETE", "/v1/" + name + "?etag=" + created.value("etag", ""), admin_);
  ASSERT_EQ(deleted.status, 200) << deleted.raw;
  EXPECT_FALSE(deleted.body.value("deleteTime", "").empty()) << deleted.raw;
  // POST /v1/{name=clients/*}:undelete with body "*": the body carries every other field.
  auto restored = Call("POST", "/v1/" + name + ":undelete", admin_, "{}");
  ASSERT_EQ(restored.status, 200) << restored.raw;
  EXPECT_FALSE(restored.body.contains("deleteTime")) << restored.raw;
  // With body "*" there are no query parameters to take.
  auto with_query = Call("POST", "/v1/" + name + ":undelete?etag=x", admin_, "{}");
  EXPECT_EQ(with_query.status, 400) << with_query.raw;
}

TEST_F(GatewayTest, ErrorsMapToHttpWithTheStatusBodyAndItsDetails) {
  // INVALID_ARGUMENT with every field violation, as the console shows them per field.
  auto invalid = Call("POST", "/v1/clients", admin_,
                      json{{"displayName", ""}, {"legalName", "x"}, {"inn", "123"}}.dump());
  ASSERT_EQ(invalid.status, 400) << invalid.raw;
  EXPECT_EQ(invalid.body.value("code", 0), 3);
  auto fields = ViolatedFieldsOf(invalid.body);
  EXPECT_TRUE(fields.contains("client.inn") && fields.contains("client.display_name"))
      << invalid.raw;
  // No token: 401.
  auto anonymous = Call("GET", "/v1/clients:search?inn=7707083893", "");
  EXPECT_EQ(anonymous.status, 401) << anonymous.raw;
  EXPECT_EQ(anonymous.body.value("code", 0), 16);
  // A role that may not (another company system creates no clients): 403.
  auto service = TokenFor("services/billing", {Role::kService});
  auto denied = Call("POST", "/v1/clients", service,
                     json{{"displayName", "X"}, {"legalName", "X"}, {"inn", "7707083893"}}.dump());
  EXPECT_EQ(denied.status, 403) << denied.raw;
  EXPECT_EQ(denied.body.value("code", 0), 7);
  // A well-formed name that does not exist: 404 with its ResourceInfo.
  auto missing = Call("GET", "/v1/clients/" + common::NewUuid(), admin_);
  EXPECT_EQ(missing.status, 404) << missing.raw;
  EXPECT_NE(missing.raw.find("google.rpc.ResourceInfo"), std::string::npos) << missing.raw;
  // ALREADY_EXISTS: 409.
  json department = {{"displayName", "Отдел выставок " + common::NewUuid().substr(0, 8)}};
  ASSERT_EQ(Call("POST", "/v1/departments", admin_, department.dump()).status, 200);
  auto twice = Call("POST", "/v1/departments", admin_, department.dump());
  EXPECT_EQ(twice.status, 409) << twice.raw;
  EXPECT_EQ(twice.body.value("code", 0), 6);
  // No method at the path: 404; a path with other methods: 405 with Allow.
  auto nowhere = Call("GET", "/v1/nowhere", admin_);
  EXPECT_EQ(nowhere.status, 404) << nowhere.raw;
  EXPECT_EQ(nowhere.body.value("code", 0), 5);
  auto wrong_method = Call("DELETE", "/v1/clients:search", admin_);
  EXPECT_EQ(wrong_method.status, 405) << wrong_method.raw;
  EXPECT_EQ(wrong_method.Header("Allow"), "GET");
}

TEST_F(GatewayTest, CalendarWithNestedDateQueryAndInt64AsStrings) {
  auto [manager, token] = CreateManager("calendar");
  json client = CreateClient("6315376946", "Календарь");
  std::string edition = CreateEdition("calendar");
  json contact = PlanCall(token, client.value("name", ""), edition);
  ASSERT_FALSE(contact.value("name", "").empty()) << contact.dump();
  // GET /v1/{owner=employees/*}/calendar with an enum and a nested google.type.Date.
  auto month = Call("GET",
                    "/v1/" + manager +
                        "/calendar?period=CALENDAR_PERIOD_MONTH&date.year=2026&date.month=12"
                        "&date.day=1&view=CALENDAR_VIEW_BASIC",
                    token);
  ASSERT_EQ(month.status, 200) << month.raw;
  bool seen = false;
  for (const auto& c : month.body.value("contacts", json::array())) {
    seen = seen || c.value("name", "") == contact.value("name", "");
  }
  EXPECT_TRUE(seen) << month.raw;
  // A sale's area is an int64: a JSON string both ways.
  auto completed =
      Call("POST", "/v1/" + contact.value("name", "") + ":complete", token,
           json{{"result", {{"sale", {{"areaDm2", "1250"}, {"standNumber", "A-12"}}}}}}.dump());
  ASSERT_EQ(completed.status, 200) << completed.raw;
  EXPECT_NE(completed.raw.find("\"areaDm2\":\"1250\""), std::string::npos) << completed.raw;
}

TEST_F(GatewayTest, WatchRemindersOverServerSentEventsReceivesAReminder) {
  // A variable, not a structured binding: the watcher's lambda captures it, and clang 14 (which
  // clang-tidy parses with) cannot capture bindings.
  const std::string token = CreateManager("reminders").second;
  json client = CreateClient("7707083893", "Напоминание");
  std::string edition = CreateEdition("reminders");
  // The watch opens first; the reminder falls due two seconds after planning.
  std::atomic<bool> stop{false};
  std::string received;
  std::mutex mutex;
  int status = 0;
  std::string content_type;
  std::thread watcher([&] {
    httplib::Client http("127.0.0.1", gateway_->http_port());
    http.set_read_timeout(std::chrono::seconds(60));
    httplib::Headers headers = {{"Authorization", "Bearer " + token},
                                {"Accept", "text/event-stream"}};
    http.Get(
        "/v1/reminders:watch?afterSequence=0", headers,
        [&](const httplib::Response& response) {
          std::lock_guard lock(mutex);
          status = response.status;
          content_type = response.get_header_value("Content-Type");
          return true;
        },
        [&](const char* data, size_t length) {
          std::lock_guard lock(mutex);
          received.append(data, length);
          return !stop.load();
        });
  });
  auto fire = std::chrono::system_clock::now() + std::chrono::seconds(2);
  std::string fire_time =
      google::protobuf::util::TimeUtil::ToString(google::protobuf::util::TimeUtil::TimeTToTimestamp(
          std::chrono::system_clock::to_time_t(fire) + 1));
  json contact = PlanCall(token, client.value("name", ""), edition,
                          {{"scheduledTime", "2026-12-31T09:00:00Z"},
                           {"reminders", json::array({{{"remindTime", fire_time}}})}});
  const std::string contact_name = contact.value("name", "");
  bool got = Eventually(
      [&] {
        std::lock_guard lock(mutex);
        return received.find(contact_name) != std::string::npos;
      },
      std::chrono::seconds(40), std::chrono::milliseconds(50));
  stop = true;
  // The client closes; the next keep-alive or event ends the request.
  watcher.join();
  std::lock_guard lock(mutex);
  EXPECT_TRUE(got) << received;
  EXPECT_EQ(status, 200);
  EXPECT_EQ(content_type, "text/event-stream");
  // One event: "data: <ReminderNotice JSON>", its sequence an int64 string.
  auto at = received.find("data: ");
  ASSERT_NE(at, std::string::npos) << received;
  auto end = received.find("\n\n", at);
  json notice = json::parse(received.substr(at + 6, end - at - 6), nullptr, false);
  ASSERT_TRUE(notice.is_object()) << received;
  EXPECT_TRUE(notice["sequence"].is_string()) << received;
  EXPECT_EQ(notice.value("contact", ""), contact_name);
}

TEST_F(GatewayTest, AStreamRefusedAtOnceGetsItsOwnStatus) {
  auto reply = Call("GET", "/v1/reminders:watch", "", "", {{"Accept", "text/event-stream"}});
  EXPECT_EQ(reply.status, 401) << reply.raw;
  EXPECT_EQ(reply.body.value("code", 0), 16);
}

TEST_F(GatewayTest, ImportUploadsAsAJsonArrayAndRunsWithProgressAsNdjsonOrAnArray) {
  const std::string csv = "Название;Полное название;ИНН\nРомашка;ООО «Ромашка»;7707083893\n";
  std::string encoded;
  {
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned value = 0;
    int bits = -6;
    for (unsigned char c : csv) {
      value = (value << 8) + c;
      bits += 8;
      while (bits >= 0) {
        encoded += alphabet[(value >> bits) & 0x3F];
        bits -= 6;
      }
    }
    if (bits > -6) {
      encoded += alphabet[((value << 8) >> (bits + 8)) & 0x3F];
    }
    while (encoded.size() % 4) {
      encoded += '=';
    }
  }
  // A client-streaming call: a JSON array of the request messages.
  json upload = json::array(
      {{{"import",
         {{"fileName", "clients.csv"},
          {"format", "IMPORT_FILE_FORMAT_CSV"},
          {"columnMappings", json::array({{{"column", "Название"}, {"field", "display_name"}},
                                          {{"column", "Полное название"}, {"field", "legal_name"}},
                                          {{"column", "ИНН"}, {"field", "inn"}}})}}}},
       {{"chunk", encoded}}});
  auto created = Call("POST", "/v1/imports", admin_, upload.dump());
  ASSERT_EQ(created.status, 200) << created.raw;
  EXPECT_EQ(created.body.value("totalRows", 0), 1) << created.raw;
  const std::string name = created.body.value("name", "");
  // The progress stream as one JSON array (the default, as Envoy answers)...
  auto array = Call("POST", "/v1/" + name + ":run", admin_, json{{"validateOnly", true}}.dump());
  ASSERT_EQ(array.status, 200) << array.raw;
  ASSERT_TRUE(array.body.is_array()) << array.raw;
  ASSERT_FALSE(array.body.empty());
  EXPECT_EQ(array.body.back().value("state", ""), "STATE_DRY_RUN_DONE") << array.raw;
  // ...or one object per line.
  auto lines = Call("POST", "/v1/" + name + ":run", admin_, json{{"validateOnly", true}}.dump(),
                    {{"Accept", "application/x-ndjson"}});
  ASSERT_EQ(lines.status, 200) << lines.raw;
  EXPECT_EQ(lines.Header("Content-Type"), "application/x-ndjson");
  std::string last;
  std::size_t start = 0;
  while (start < lines.raw.size()) {
    auto nl = lines.raw.find('\n', start);
    std::string line = lines.raw.substr(start, nl - start);
    if (!line.empty()) {
      last = line;
    }
    start = nl == std::string::npos ? lines.raw.size() : nl + 1;
  }
  EXPECT_EQ(json::parse(last, nullptr, false).value("state", ""), "STATE_DRY_RUN_DONE")
      << lines.raw;
}

TEST_F(GatewayTest, BodiesOverTheLimitAre413) {
  std::string big(100 * 1024, 'x');
  auto reply = Call("POST", "/v1/clients", admin_,
                    json{{"displayName", big}, {"legalName", "x"}, {"inn", "7707083893"}}.dump(),
                    {{"Origin", kConsoleOrigin}});
  EXPECT_EQ(reply.status, 413) << reply.raw.substr(0, 200);
  EXPECT_EQ(reply.body.value("code", 0), 8);
  // The console can read the refusal.
  EXPECT_EQ(reply.Header("Access-Control-Allow-Origin"), kConsoleOrigin);
}

TEST_F(GatewayTest, ClientsOverTheirRateGet429WithRetryAfterOthersDoNot) {
  GatewayProcess limited(
      *stack_, {{"CRM_GATEWAY_RATE_LIMIT_RPS", "1"}, {"CRM_GATEWAY_RATE_LIMIT_BURST", "3"}});
  auto greedy = TokenFor("employees/" + common::NewUuid(), {Role::kAnalyst});
  std::vector<int> statuses;
  Reply last;
  for (int i = 0; i < 5; ++i) {
    last = Call("GET", "/v1/clients:search?inn=7707083893", greedy, "", {}, limited.http_port());
    statuses.push_back(last.status);
  }
  EXPECT_EQ(statuses[0], 200);
  EXPECT_EQ(statuses[2], 200);
  EXPECT_EQ(statuses[4], 429);
  EXPECT_EQ(last.body.value("code", 0), 8);
  EXPECT_GE(std::stoi(last.Header("Retry-After").empty() ? "0" : last.Header("Retry-After")), 1);
  // Another subject has a bucket of its own.
  auto other = TokenFor("employees/" + common::NewUuid(), {Role::kAnalyst});
  EXPECT_EQ(
      Call("GET", "/v1/clients:search?inn=7707083893", other, "", {}, limited.http_port()).status,
      200);
}

TEST_F(GatewayTest, CorsPreflightAndSimpleRequestsForAllowedOriginsOnly) {
  httplib::Headers preflight = {{"Origin", kConsoleOrigin},
                                {"Access-Control-Request-Method", "PATCH"},
                                {"Access-Control-Request-Headers", "authorization, content-type"}};
  auto allowed = Call("OPTIONS", "/v1/clients/" + common::NewUuid(), "", "", preflight);
  EXPECT_EQ(allowed.status, 204);
  EXPECT_EQ(allowed.Header("Access-Control-Allow-Origin"), kConsoleOrigin);
  EXPECT_NE(allowed.Header("Access-Control-Allow-Methods").find("PATCH"), std::string::npos);
  EXPECT_NE(allowed.Header("Access-Control-Allow-Headers").find("authorization"),
            std::string::npos);

  httplib::Headers foreign = {{"Origin", "https://evil.example"},
                              {"Access-Control-Request-Method", "GET"}};
  auto refused = Call("OPTIONS", "/v1/clients:search", "", "", foreign);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.Header("Access-Control-Allow-Origin"), "");

  auto simple =
      Call("GET", "/v1/clients:search?inn=7707083893", admin_, "", {{"Origin", kConsoleOrigin}});
  EXPECT_EQ(simple.status, 200);
  EXPECT_EQ(simple.Header("Access-Control-Allow-Origin"), kConsoleOrigin);
  EXPECT_NE(simple.Header("Access-Control-Expose-Headers").find("x-request-id"), std::string::npos);
  auto other = Call("GET", "/v1/clients:search?inn=7707083893", admin_, "",
                    {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.Header("Access-Control-Allow-Origin"), "");
}

TEST_F(GatewayTest, OpenApiDocumentListsEveryHttpRuleAndItsReferencesResolve) {
  auto reply = Call("GET", "/openapi.json", "");
  ASSERT_EQ(reply.status, 200);
  const json& doc = reply.body;
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", ""), "3.0.3");
  auto catalog = gateway::ApiCatalog::Load(DescriptorSetPath());
  std::size_t bindings = 0;
  for (const auto& method : catalog->methods()) {
    for (const auto& binding : method.bindings) {
      ++bindings;
      std::string verb = binding.http_method;
      for (auto& c : verb) {
        c = static_cast<char>(std::tolower(c));
      }
      std::string path = gateway::OpenApiPath(binding.path);
      ASSERT_TRUE(doc["paths"].contains(path)) << path << " of " << method.grpc_path;
      ASSERT_TRUE(doc["paths"][path].contains(verb)) << verb << " " << path;
      EXPECT_EQ(doc["paths"][path][verb].value("x-grpc-method", ""), method.grpc_path);
      // Every {parameter} of the path is declared.
      for (std::size_t at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
        std::string param = path.substr(at + 1, path.find('}', at) - at - 1);
        bool declared = false;
        for (const auto& p : doc["paths"][path][verb].value("parameters", json::array())) {
          declared = declared || (p.value("in", "") == "path" && p.value("name", "") == param);
        }
        EXPECT_TRUE(declared) << param << " in " << path;
      }
    }
  }
  EXPECT_GT(bindings, 80u);
  // Every $ref names a schema that is there.
  std::function<void(const json&)> check = [&](const json& node) {
    if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it.key() == "$ref") {
          std::string ref = it.value();
          ASSERT_EQ(ref.rfind("#/components/schemas/", 0), 0u) << ref;
          EXPECT_TRUE(doc["components"]["schemas"].contains(ref.substr(21))) << ref;
        } else {
          check(it.value());
        }
      }
    } else if (node.is_array()) {
      for (const auto& item : node) {
        check(item);
      }
    }
  };
  check(doc);
}

TEST_F(GatewayTest, ServesTheConsoleFilesWithClientRoutesAndCaching) {
  auto index = Call("GET", "/", "");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");
  EXPECT_NE(index.raw.find("Expo CRM"), std::string::npos);
  // A client-side route gets the entry page.
  auto route = Call("GET", "/clients/123/history", "");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.raw, index.raw);
  auto asset = Call("GET", "/assets/app.3f9a1c2e.js", "");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(asset.Header("Cache-Control"), "public, max-age=31536000, immutable");
  auto again =
      Call("GET", "/assets/app.3f9a1c2e.js", "", "", {{"If-None-Match", asset.Header("ETag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(Call("GET", "/missing.png", "").status, 404);
  EXPECT_EQ(Call("GET", "/../../etc/passwd", "").status, 404);
}

TEST_F(GatewayTest, Http2WithPriorKnowledgeServesTheSameApi) {
  json created = CreateClient("7736050003", "Вторая версия");
  const std::string name = created.value("name", "");
  std::string command =
      "curl -sS --http2-prior-knowledge -o - -w '\\n%{http_version} %{http_code}' "
      "-H 'Authorization: Bearer " +
      admin_ + "' http://127.0.0.1:" + std::to_string(gateway_->h2c_port()) + "/v1/" + name;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  ASSERT_TRUE(pipe);
  std::string output;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe.get())) {
    output.append(buf, n);
  }
  auto nl = output.rfind('\n');
  ASSERT_NE(nl, std::string::npos) << output;
  EXPECT_EQ(output.substr(nl + 1), "2 200") << output;
  json body = json::parse(output.substr(0, nl), nullptr, false);
  EXPECT_EQ(body.value("name", ""), name) << output;
}

// The development sign-in is off unless CRM_GATEWAY_DEV_SIGNIN=1: /dev/signin is 404 (not the
// console's index.html, though a static directory is served), and nothing issues a token.
TEST_F(GatewayTest, DevSignInIsRefusedWhenNotEnabled) {
  auto list = Call("GET", "/dev/signin", "");
  EXPECT_EQ(list.status, 404) << list.raw;
  EXPECT_EQ(list.body.value("code", 0), 5) << list.raw;
  auto post = Call("POST", "/dev/signin", "", json{{"employee", "employees/x"}}.dump());
  EXPECT_EQ(post.status, 404) << post.raw;
  EXPECT_FALSE(post.body.contains("token")) << post.raw;
}

// With CRM_GATEWAY_DEV_SIGNIN=1 and the development key, /dev/signin lists the employees holding
// a role and issues a token for the one picked, with their roles, that the services accept.
TEST_F(GatewayTest, DevSignInListsEmployeesAndIssuesTheirToken) {
  TempDir keys("crm-dev-key");
  const auto key_file = keys.path() / "jwt-secret";
  std::ofstream(key_file) << kTestJwtSecret << "\n";
  // Without the key it does not start.
  EXPECT_THROW(GatewayProcess(*stack_, {{"CRM_GATEWAY_DEV_SIGNIN", "1"}}), std::runtime_error);
  GatewayProcess dev(*stack_, {{"CRM_GATEWAY_DEV_SIGNIN", "1"},
                               {"CRM_GATEWAY_DEV_SIGNIN_KEY_FILE", key_file.string()}});

  const std::string name = EmployeeWithRole("Соколова Анна Игоревна",
                                            "sokolova-dev@expo-volga.example", "sales_manager");
  ASSERT_FALSE(name.empty());
  json no_role = {{"fullName", "Без Ролей"}, {"email", "no-roles-dev@expo-volga.example"}};
  const std::string roleless =
      Call("POST", "/v1/employees", admin_, no_role.dump()).body.value("name", "");

  auto list = Call("GET", "/dev/signin", "", "", {}, dev.http_port());
  ASSERT_EQ(list.status, 200) << list.raw;
  json listed;
  for (const auto& e : list.body["employees"]) {
    EXPECT_NE(e.value("name", ""), roleless) << "an employee without a role is offered";
    if (e.value("name", "") == name) {
      listed = e;
    }
  }
  ASSERT_FALSE(listed.is_null()) << list.raw;
  EXPECT_EQ(listed.value("fullName", ""), "Соколова Анна Игоревна");
  EXPECT_EQ(listed["roles"], json::array({"sales_manager"}));

  auto signed_in =
      Call("POST", "/dev/signin", "", json{{"employee", name}}.dump(), {}, dev.http_port());
  ASSERT_EQ(signed_in.status, 200) << signed_in.raw;
  EXPECT_EQ(signed_in.Header("Cache-Control"), "no-store");
  ExpectTokenOf(signed_in.body.value("token", ""), name, "Соколова Анна Игоревна",
                Role::kSalesManager);

  // Someone who holds no role, or no one, is a field violation; so is a body without a name.
  for (const std::string& body :
       {json{{"employee", roleless}}.dump(), json{{"employee", "employees/nobody"}}.dump(),
        std::string("{}"), std::string("not json")}) {
    auto refused = Call("POST", "/dev/signin", "", body, {}, dev.http_port());
    EXPECT_EQ(refused.status, 400) << body << " " << refused.raw;
    EXPECT_EQ(ViolatedFieldsOf(refused.body), std::set<std::string>{"employee"}) << refused.raw;
  }
  EXPECT_EQ(Call("DELETE", "/dev/signin", "", "", {}, dev.http_port()).status, 405);
}

// Without CRM_GATEWAY_DEV_SIGNIN the development OpenID Connect provider is not there (404 for
// every endpoint), and the console's configuration names no provider, as none is configured.
TEST_F(GatewayTest, DevOidcProviderIsAbsentWhenNotEnabled) {
  for (const char* path :
       {"/dev/oidc/.well-known/openid-configuration", "/dev/oidc/authorize?client_id=x"}) {
    auto reply = Call("GET", path, "");
    EXPECT_EQ(reply.status, 404) << path << " " << reply.raw;
  }
  auto token = Call("POST", "/dev/oidc/token", "", "grant_type=authorization_code&code=x");
  EXPECT_EQ(token.status, 404) << token.raw;
  EXPECT_FALSE(token.body.contains("access_token")) << token.raw;
  auto config = Call("GET", "/console/config.json", "");
  ASSERT_EQ(config.status, 200) << config.raw;
  EXPECT_EQ(config.body.value("issuer", "?"), "") << config.raw;
  EXPECT_EQ(config.body.value("clientId", ""), "expo-crm-console") << config.raw;
  EXPECT_EQ(config.body.value("redirectPath", ""), "/signin/callback") << config.raw;
  EXPECT_FALSE(config.body.value("development", true)) << config.raw;
}

// The production issuer, client and scope come from the environment; a malformed issuer or
// redirect path keeps the gateway from starting.
TEST_F(GatewayTest, ConsoleConfigNamesTheConfiguredProvider) {
  GatewayProcess configured(*stack_,
                            {{"CRM_GATEWAY_OIDC_ISSUER", "https://id.example.com/realms/expo/"},
                             {"CRM_GATEWAY_OIDC_CLIENT_ID", "crm-console"},
                             {"CRM_GATEWAY_OIDC_SCOPE", "openid profile crm"}});
  auto config = Call("GET", "/console/config.json", "", "", {}, configured.http_port());
  ASSERT_EQ(config.status, 200) << config.raw;
  EXPECT_EQ(config.body, json({{"issuer", "https://id.example.com/realms/expo"},
                               {"clientId", "crm-console"},
                               {"scope", "openid profile crm"},
                               {"redirectPath", "/signin/callback"},
                               {"development", false}}));
  EXPECT_THROW(GatewayProcess(*stack_, {{"CRM_GATEWAY_OIDC_ISSUER", "id.example.com"}}),
               std::runtime_error);
  EXPECT_THROW(GatewayProcess(*stack_, {{"CRM_GATEWAY_OIDC_REDIRECT_PATH", "callback"}}),
               std::runtime_error);
}

// The development OpenID Connect provider (CRM_GATEWAY_DEV_SIGNIN=1): discovery, the page of demo
// employees, a one-time code bound to the client, the redirect URI and the PKCE challenge, a
// single-use refresh token, and the token endpoint's RFC 6749 errors; the access tokens it
// answers are ones the services take.
TEST_F(GatewayTest, DevOidcProviderIssuesTokensByTheCodeFlowWithPkce) {
  TempDir keys("crm-dev-oidc-key");
  const auto key_file = keys.path() / "jwt-secret";
  std::ofstream(key_file) << kTestJwtSecret << "\n";
  GatewayProcess dev(*stack_, {{"CRM_GATEWAY_DEV_SIGNIN", "1"},
                               {"CRM_GATEWAY_DEV_SIGNIN_KEY_FILE", key_file.string()}});
  const int port = dev.http_port();
  const std::string origin = "http://127.0.0.1:" + std::to_string(port);
  const std::string issuer = origin + "/dev/oidc";
  // A token lifetime that is no number of seconds keeps the gateway from starting.
  EXPECT_THROW(GatewayProcess(*stack_, {{"CRM_GATEWAY_DEV_SIGNIN", "1"},
                                        {"CRM_GATEWAY_DEV_SIGNIN_KEY_FILE", key_file.string()},
                                        {"CRM_GATEWAY_DEV_SIGNIN_TOKEN_TTL_S", "ten"}}),
               std::runtime_error);
  const std::string redirect_uri = origin + "/signin/callback";

  auto config = Call("GET", "/console/config.json", "", "", {}, port);
  ASSERT_EQ(config.status, 200) << config.raw;
  EXPECT_EQ(config.body.value("issuer", ""), issuer) << config.raw;
  EXPECT_TRUE(config.body.value("development", false)) << config.raw;
  auto discovery = Call("GET", "/dev/oidc/.well-known/openid-configuration", "", "", {}, port);
  ASSERT_EQ(discovery.status, 200) << discovery.raw;
  EXPECT_EQ(discovery.body.value("issuer", ""), issuer);
  EXPECT_EQ(discovery.body.value("authorization_endpoint", ""), issuer + "/authorize");
  EXPECT_EQ(discovery.body.value("token_endpoint", ""), issuer + "/token");
  EXPECT_EQ(discovery.body["code_challenge_methods_supported"], json::array({"S256"}));

  const std::string name =
      EmployeeWithRole("Орлова Вера Петровна", "orlova-oidc@expo-volga.example", "sales_head");
  ASSERT_FALSE(name.empty());

  // RFC 7636's example pair, then a verifier of our own.
  EXPECT_EQ(gateway::PkceS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  const std::string verifier = "Zm9yLXRoZS1jcm0tY29uc29sZS1hLXZlcmlmaWVyLW9mLTQzKw";
  const std::string challenge = gateway::PkceS256(verifier);
  auto query = [&](const std::string& client, const std::string& redirect, bool pkce = true) {
    std::string q = "response_type=code&client_id=" + client +
                    "&redirect_uri=" + httplib::detail::encode_query_param(redirect) +
                    "&scope=openid%20profile&state=st-1&nonce=n-1";
    if (pkce) {
      q += "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }
    return q;
  };
  httplib::Client http("127.0.0.1", port);
  auto form = [&](const std::string& path, const std::string& body) {
    auto r = http.Post(path, body, "application/x-www-form-urlencoded");
    Reply reply;
    if (r) {
      reply.status = r->status;
      reply.raw = r->body;
      reply.headers = r->headers;
      reply.body = json::parse(r->body, nullptr, false);
    }
    return reply;
  };
  // The redirect's query parameters (code, state, error).
  auto redirected = [&](const Reply& reply) {
    EXPECT_EQ(reply.status, 302) << reply.raw;
    const std::string location = reply.Header("Location");
    EXPECT_EQ(location.rfind(redirect_uri + "?", 0), 0u) << location;
    std::map<std::string, std::string> params;
    for (const auto& [k, v] : gateway::ParseQuery(location.substr(location.find('?') + 1))) {
      params[k] = v;
    }
    return params;
  };
  auto code_for = [&](const std::string& who) {
    auto params = redirected(
        form("/dev/oidc/authorize", query("expo-crm-console", redirect_uri) + "&employee=" + who));
    EXPECT_EQ(params["state"], "st-1");
    return params["code"];
  };
  auto exchange = [&](const std::string& code, const std::string& with_verifier,
                      const std::string& redirect = "", const std::string& client = "") {
    return form(
        "/dev/oidc/token",
        "grant_type=authorization_code&code=" + code + "&redirect_uri=" +
            httplib::detail::encode_query_param(redirect.empty() ? redirect_uri : redirect) +
            "&client_id=" + (client.empty() ? "expo-crm-console" : client) +
            "&code_verifier=" + with_verifier);
  };

  // The page lists the demo employees, each with a button posting the pick.
  auto page = Call("GET", "/dev/oidc/authorize?" + query("expo-crm-console", redirect_uri), "", "",
                   {}, port);
  ASSERT_EQ(page.status, 200) << page.raw;
  EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.raw.find("Орлова Вера Петровна"), std::string::npos) << page.raw;
  EXPECT_NE(page.raw.find("руководитель отдела продаж"), std::string::npos);
  EXPECT_NE(page.raw.find("value='" + name + "'"), std::string::npos);

  // The happy path: the code with its verifier for an access token the services take.
  const std::string code = code_for(name);
  ASSERT_FALSE(code.empty());
  auto token = exchange(code, verifier);
  ASSERT_EQ(token.status, 200) << token.raw;
  EXPECT_EQ(token.Header("Cache-Control"), "no-store");
  EXPECT_EQ(token.body.value("token_type", ""), "Bearer");
  EXPECT_EQ(token.body.value("expires_in", 0), 36000);
  ExpectTokenOf(token.body.value("access_token", ""), name, "Орлова Вера Петровна",
                Role::kSalesHead);
  // The ID token names the client, the issuer and the nonce.
  const std::string id_token = token.body.value("id_token", "");
  const auto first_dot = id_token.find('.');
  std::string id_claims;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(
      id_token.substr(first_dot + 1, id_token.rfind('.') - first_dot - 1), &id_claims));
  const json claims = json::parse(id_claims);
  EXPECT_EQ(claims.value("iss", ""), issuer);
  EXPECT_EQ(claims.value("aud", ""), "expo-crm-console");
  EXPECT_EQ(claims.value("nonce", ""), "n-1");
  EXPECT_EQ(claims.value("sub", ""), name);

  auto oauth_error = [](const Reply& reply) { return reply.body.value("error", ""); };
  // The refresh token for a new access token and a rotated refresh token; the old one is spent.
  const std::string refresh_token = token.body.value("refresh_token", "");
  ASSERT_FALSE(refresh_token.empty()) << token.raw;
  auto refresh = [&](const std::string& presented) {
    return form("/dev/oidc/token", "grant_type=refresh_token&refresh_token=" + presented +
                                       "&client_id=expo-crm-console");
  };
  auto renewed = refresh(refresh_token);
  ASSERT_EQ(renewed.status, 200) << renewed.raw;
  EXPECT_NE(renewed.body.value("refresh_token", ""), refresh_token);
  ExpectTokenOf(renewed.body.value("access_token", ""), name, "Орлова Вера Петровна",
                Role::kSalesHead);
  EXPECT_EQ(oauth_error(refresh(refresh_token)), "invalid_grant");
  EXPECT_EQ(discovery.body["grant_types_supported"],
            json::array({"authorization_code", "refresh_token"}));
  // A code is good once.
  auto reused = exchange(code, verifier);
  EXPECT_EQ(reused.status, 400) << reused.raw;
  EXPECT_EQ(oauth_error(reused), "invalid_grant");
  // Another verifier than the challenge's, then the right one: the code is gone either way.
  const std::string guessed = code_for(name);
  auto wrong_verifier = exchange(guessed, std::string(43, 'a'));
  EXPECT_EQ(wrong_verifier.status, 400) << wrong_verifier.raw;
  EXPECT_EQ(oauth_error(wrong_verifier), "invalid_grant");
  EXPECT_EQ(oauth_error(exchange(guessed, verifier)), "invalid_grant");
  // Another redirect URI than the authorization request's.
  auto wrong_redirect = exchange(code_for(name), verifier, origin + "/elsewhere");
  EXPECT_EQ(wrong_redirect.status, 400) << wrong_redirect.raw;
  EXPECT_EQ(oauth_error(wrong_redirect), "invalid_grant");
  // An unknown client.
  auto unknown_client = exchange(code_for(name), verifier, "", "someone-else");
  EXPECT_EQ(unknown_client.status, 401) << unknown_client.raw;
  EXPECT_EQ(oauth_error(unknown_client), "invalid_client");
  // Missing parameters, another grant type, a verifier of the wrong shape.
  EXPECT_EQ(oauth_error(form("/dev/oidc/token", "grant_type=authorization_code")),
            "invalid_request");
  EXPECT_EQ(
      oauth_error(form("/dev/oidc/token", "grant_type=password&code=x&redirect_uri=x&client_id=x")),
      "unsupported_grant_type");
  EXPECT_EQ(oauth_error(exchange(code_for(name), "short")), "invalid_request");

  // At the authorization endpoint, an unknown client or an unregistered redirect URI is told to
  // the person (no redirect); other errors go back to the client with the state.
  for (const std::string& q : {query("someone-else", redirect_uri),
                               query("expo-crm-console", "https://evil.example/signin/callback")}) {
    auto refused = Call("GET", "/dev/oidc/authorize?" + q, "", "", {}, port);
    EXPECT_EQ(refused.status, 400) << q << " " << refused.raw;
    EXPECT_EQ(refused.Header("Location"), "");
  }
  auto no_pkce = redirected(
      Call("GET", "/dev/oidc/authorize?" + query("expo-crm-console", redirect_uri, false), "", "",
           {}, port));
  EXPECT_EQ(no_pkce["error"], "invalid_request");
  EXPECT_EQ(no_pkce["state"], "st-1");
  EXPECT_EQ(no_pkce.count("code"), 0u);
  auto denied =
      redirected(form("/dev/oidc/authorize", query("expo-crm-console", redirect_uri) + "&deny=1"));
  EXPECT_EQ(denied["error"], "access_denied");
  EXPECT_EQ(denied["state"], "st-1");
  // Someone who may not sign in gets no code.
  auto nobody = form("/dev/oidc/authorize",
                     query("expo-crm-console", redirect_uri) + "&employee=employees/nobody");
  EXPECT_EQ(nobody.status, 400) << nobody.raw;
  EXPECT_EQ(nobody.Header("Location"), "");
  EXPECT_EQ(Call("GET", "/dev/oidc/token", "", "", {}, port).status, 405);
}

TEST_F(GatewayTest, MetricsCountRequestsByRouteAndCode) {
  Call("GET", "/v1/clients:search?inn=7707083893", admin_);
  httplib::Client admin("127.0.0.1", gateway_->admin_port());
  auto metrics = admin.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("crm_http_requests_total{code=\"200\",method=\"GET\","
                               "route=\"GET /v1/clients:search\"}"),
            std::string::npos)
      << metrics->body.substr(0, 2000);
  EXPECT_NE(metrics->body.find("crm_http_request_seconds_bucket"), std::string::npos);
}

}  // namespace
}  // namespace crm::testing
