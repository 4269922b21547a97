// The `crm` command line against the whole system: every planning capability a manager, a head
// of sales, an analyst and an admin use from the terminal, run as the real binary with the
// environment `tools/up` prints (service addresses and the development token secret).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/flow.h"
#include "tests/e2e/stack.h"
#include "tests/support/service_harness.h"

namespace crm::testing {
namespace {

using ::testing::HasSubstr;

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

std::string Quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new Stack();
    const std::vector<std::pair<const char*, const char*>> addresses = {
        {"CRM_REGISTRY_ADDR", "registry"},
        {"CRM_PLANNING_ADDR", "planning"},
        {"CRM_DOCUMENTS_ADDR", "documents"},
        {"CRM_ACCOUNTING_ADDR", "accounting"},
        {"CRM_ANALYTICS_ADDR", "analytics"}};
    for (const auto& [variable, service] : addresses) {
      setenv(variable, stack_->Address(service).c_str(), 1);
    }
    setenv("CRM_NATS_URL", stack_->nats_url().c_str(), 1);
    setenv("CRM_JWT_HS256_SECRET", kTestJwtSecret, 1);
    unsetenv("CRM_TOKEN");
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  // Runs `crm --as <roles> --subject <subject> args...` and returns its exit code and output.
  static CliResult Crm(const std::string& role, const std::string& subject,
                       const std::vector<std::string>& args) {
    std::string command = Quote(std::string(CRM_BIN_DIR) + "/crm") + " --as " + role;
    if (!subject.empty()) {
      command += " --subject " + Quote(subject);
    }
    for (const auto& arg : args) {
      command += " " + Quote(arg);
    }
    command += " 2>&1";
    CliResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
      return result;
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
      result.output.append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
  }

  // Crm() that must succeed; the output on failure names the command.
  static std::string Ok(const std::string& role, const std::string& subject,
                        const std::vector<std::string>& args) {
    const CliResult r = Crm(role, subject, args);
    std::string line;
    for (const auto& a : args) {
      line += a + " ";
    }
    EXPECT_EQ(r.exit_code, 0) << "crm " << line << "\n" << r.output;
    return r.output;
  }

  // Ok() for a call that refers to what planning learns from registry events: retried while
  // planning has not seen it yet (NOT_FOUND), for up to 20 s.
  static std::string OkOnceKnown(const std::string& role, const std::string& subject,
                                 const std::vector<std::string>& args) {
    for (int i = 0; i < 100; ++i) {
      const CliResult r = Crm(role, subject, args);
      if (r.exit_code == 0 || r.output.find("NOT_FOUND") == std::string::npos) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return Ok(role, subject, args);
  }

  // The first resource name of `collection` ("sales/<uuid>") in a command's output.
  static std::string FirstName(const std::string& output, const std::string& collection) {
    std::smatch m;
    const std::regex re(collection +
                        "/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    return std::regex_search(output, m, re) ? m.str() : "";
  }
  static std::string Etag(const std::string& output) {
    std::smatch m;
    return std::regex_search(output, m, std::regex("\"etag\": *\"([^\"]+)\"")) ? m.str(1) : "";
  }

  static Stack* stack_;
};
Stack* CliTest::stack_ = nullptr;

TEST_F(CliTest, AManagersDayFromTheTerminal) {
  Flow flow(*stack_);
  ASSERT_NO_FATAL_FAILURE(flow.SetUpReferenceData("7707083893", "773601001"));
  const std::string& me = flow.manager;

  // The client is found by a fragment of its name, in any case, without the legal form.
  EXPECT_THAT(Ok("sales_manager", me, {"clients", "search", "--query", "строймаш"}),
              HasSubstr(flow.client));

  // Plan a call, see it in the month view and the client's timeline.
  const std::string planned =
      OkOnceKnown("sales_manager", me,
                  {"contacts", "plan", "--client", flow.client, "--edition", flow.edition, "--type",
                   "call", "--purpose", "Предложить угловой стенд", "--at",
                   "2027-01-20T10:00:00+04:00", "--contact-person", flow.contact_person});
  const std::string contact = FirstName(planned, "contacts");
  ASSERT_FALSE(contact.empty()) << planned;
  EXPECT_THAT(Ok("sales_manager", me, {"tasks", "month", "--date", "2027-01-01"}),
              HasSubstr(contact));
  EXPECT_THAT(Ok("sales_manager", me, {"contacts", "get", contact}),
              HasSubstr("CONTACT_TYPE_CALL"));

  // The call ends in a sale with a service line and a discount.
  const std::string completed = Ok(
      "sales_manager", me,
      {"contacts", "complete", contact, "--result",
       R"({"sale":{"areaDm2":"1800","standNumber":"B-7","serviceLines":[{"name":"Электричество 5 кВт","quantityMilli":"1000","unit":"шт.","unitPrice":{"currencyCode":"RUB","minorUnits":"1200000"}}],"discount":{"percentBp":1000}}})"});
  const std::string sale = FirstName(completed, "sales");
  ASSERT_FALSE(sale.empty()) << completed;
  EXPECT_THAT(Ok("sales_manager", me, {"tasks", "timeline", flow.client}), HasSubstr(contact));

  // Amend it (bigger stand, no discount), then cancel it with a reason.
  const std::string before = Ok("sales_manager", me, {"sales", "get", sale});
  const std::string amended = Ok("sales_manager", me,
                                 {"sales", "amend", sale, "--etag", Etag(before), "--area-m2", "24",
                                  "--no-discount", "--reason", "Клиент попросил стенд больше"});
  EXPECT_THAT(amended, HasSubstr("2400"));
  const std::string cancelled =
      Ok("sales_manager", me,
         {"sales", "cancel", sale, "--etag", Etag(amended), "--reason", "Отказ от участия"});
  EXPECT_THAT(cancelled, HasSubstr("CANCELLED"));
  // A cancelled sale does not change any more: a clear error and a non-zero exit.
  const CliResult again = Crm(
      "sales_manager", me, {"sales", "amend", sale, "--etag", Etag(cancelled), "--area-m2", "30"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.output, HasSubstr("FAILED_PRECONDITION"));

  // An admin adds a refusal reason; the next call ends with that refusal.
  const std::string reason_out = Ok("admin", "",
                                    {"catalogues", "refusal-reasons", "create", "--scope",
                                     "participation", "--name", "Бюджет на 2027 год не утверждён"});
  const std::string reason = FirstName(reason_out, "refusalReasons");
  ASSERT_FALSE(reason.empty()) << reason_out;
  const std::string second = FirstName(
      Ok("sales_manager", me,
         {"contacts", "plan", "--client", flow.client, "--edition", flow.edition, "--type",
          "meeting", "--purpose", "Обсудить участие", "--at", "2027-01-21T10:00:00+04:00"}),
      "contacts");
  ASSERT_FALSE(second.empty());
  Ok("sales_manager", me,
     {"contacts", "complete", second, "--result",
      R"({"refusal":{"refusalReason":")" + reason + R"(","details":"Вернуться в марте"}})"});
  EXPECT_THAT(Ok("sales_manager", me, {"catalogues", "refusal-reasons", "list"}),
              HasSubstr("Бюджет на 2027 год не утверждён"));

  // A redirect to the advertising department, visible in the sender's box.
  const std::string redirect = FirstName(
      Ok("sales_manager", me,
         {"redirects", "create", "--client", flow.client, "--to-department", "Отдел рекламы",
          "--deadline", "2027-01-25T18:00:00+04:00", "--goal", "Реклама в каталоге выставки"}),
      "redirects");
  ASSERT_FALSE(redirect.empty());
  EXPECT_THAT(Ok("sales_manager", me, {"redirects", "list", "--box", "sent"}), HasSubstr(redirect));

  // Readiness, lead source and the client's rating.
  Ok("sales_manager", me,
     {"readiness", "set", "--client", flow.client, "--edition", flow.edition, "--level", "hot",
      "--comment", "Согласуют угловой стенд"});
  EXPECT_THAT(Ok("sales_manager", me,
                 {"readiness", "get", "--client", flow.client, "--edition", flow.edition}),
              HasSubstr("READINESS_LEVEL_HOT"));
  Ok("sales_manager", me,
     {"lead-source", "set", "--client", flow.client, "--source", "website", "--detail",
      "Заявка с сайта"});
  Ok("sales_manager", me,
     {"ratings", "record", "--client", flow.client, "--target", "company", "--score", "5",
      "--comment", "Всё быстро и понятно"});
  EXPECT_THAT(Ok("sales_manager", me, {"ratings", "list", "--client", flow.client}),
              HasSubstr("Всё быстро и понятно"));

  // The figures (analysts read everyone's): two completed contacts, one positive (the sale).
  EXPECT_THAT(Ok("analyst", "", {"stats", "contacts", "--manager", me}),
              HasSubstr("CONTACT_TYPE_MEETING"));

  // Denials are clear errors with a non-zero exit: an accountant has no calendar, a manager
  // adds no catalogue reasons.
  const CliResult denied = Crm("accountant", "", {"tasks", "overdue"});
  EXPECT_NE(denied.exit_code, 0);
  EXPECT_THAT(denied.output, HasSubstr("PERMISSION_DENIED"));
  const CliResult not_admin =
      Crm("sales_manager", me,
          {"catalogues", "refusal-reasons", "create", "--scope", "visit", "--name", "Нет"});
  EXPECT_NE(not_admin.exit_code, 0);
  EXPECT_THAT(not_admin.output, HasSubstr("PERMISSION_DENIED"));

  // Bad input: the field is named and nothing is planned.
  const CliResult bad =
      Crm("sales_manager", me,
          {"contacts", "plan", "--client", "clients/not-a-uuid", "--edition", flow.edition,
           "--type", "call", "--purpose", "x", "--at", "2027-01-20T10:00:00+04:00"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.output, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(bad.output, HasSubstr("client"));
}

}  // namespace
}  // namespace crm::testing
