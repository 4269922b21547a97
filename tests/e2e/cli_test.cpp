// The `crm` command line against the whole system: every planning capability a manager, a head
// of sales, an analyst and an admin use from the terminal, run as the real binary with the
// environment `tools/up` prints (service addresses and the development token secret).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "tests/e2e/cli_fixture.h"
#include "tests/e2e/flow.h"
#include "tests/support/eventually.h"
#include "tests/support/read_file.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

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
  // Every change of the sale, newest first, with who made it and why.
  const std::string sale_history = Ok("sales_manager", me, {"sales", "history", sale});
  EXPECT_THAT(JsonStrings(sale_history, "change"), ElementsAre("cancelled", "amended", "recorded"));
  EXPECT_THAT(sale_history, AllOf(HasSubstr("Клиент попросил стенд больше"),
                                  HasSubstr("Отказ от участия"), HasSubstr(me)));

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

  // A redirect to the advertising department (a unit an admin created in registry; planning
  // knows it a moment later), visible in the sender's box.
  const std::string advertising = FirstName(
      Ok("admin", "", {"departments", "create", "--display-name", "Отдел рекламы"}), "departments");
  ASSERT_FALSE(advertising.empty());
  const std::string redirect =
      FirstName(OkOnceKnown("sales_manager", me,
                            {"redirects", "create", "--client", flow.client, "--to-department",
                             advertising, "--deadline", "2027-01-25T18:00:00+04:00", "--goal",
                             "Реклама в каталоге выставки"}),
                "redirects");
  ASSERT_FALSE(redirect.empty());
  EXPECT_THAT(Ok("sales_manager", me, {"redirects", "list", "--box", "sent"}), HasSubstr(redirect));
  // Someone of that department takes it (once planning knows her as a member): the redirect's
  // task is in her calendar, before the deadline.
  const std::string adman = FirstName(Ok("admin", "",
                                         {"employees", "create", "--full-name",
                                          "Орлова Дарья Игоревна", "--email", "orlova@expo.test"}),
                                      "employees");
  ASSERT_FALSE(adman.empty());
  Ok("admin", "", {"employees", "set-department", adman, "--department", advertising});
  const std::string open_redirect = Ok("sales_manager", me, {"redirects", "get", redirect});
  CliResult claimed =
      Crm("sales_manager", adman, {"redirects", "claim", redirect, "--etag", Etag(open_redirect)});
  for (int i = 0; i < 100 && claimed.exit_code != 0 &&
                  claimed.output.find("PERMISSION_DENIED") != std::string::npos;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    claimed = Crm("sales_manager", adman,
                  {"redirects", "claim", redirect, "--etag", Etag(open_redirect)});
  }
  ASSERT_EQ(claimed.exit_code, 0) << claimed.output;
  const std::string task = FirstName(claimed.output, "contacts");
  ASSERT_FALSE(task.empty()) << claimed.output;
  EXPECT_EQ(JsonString(claimed.output, "responsible"), adman);
  EXPECT_THAT(Ok("sales_manager", adman, {"tasks", "month", "--date", "2027-01-01"}),
              HasSubstr(task));

  // Readiness, lead source and the client's rating.
  Ok("sales_manager", me,
     {"readiness", "set", "--client", flow.client, "--edition", flow.edition, "--level", "hot",
      "--comment", "Согласуют угловой стенд"});
  EXPECT_THAT(Ok("sales_manager", me,
                 {"readiness", "get", "--client", flow.client, "--edition", flow.edition}),
              HasSubstr("READINESS_LEVEL_HOT"));
  // The lead source is the client's, kept by registry.
  const std::string with_source = Ok("sales_manager", me,
                                     {"lead-source", "set", "--client", flow.client, "--source",
                                      "website", "--detail", "Заявка с сайта"});
  EXPECT_EQ(JsonString(with_source, "leadSourceKind"), "LEAD_SOURCE_KIND_WEBSITE");
  EXPECT_THAT(Ok("analyst", "", {"clients", "get", flow.client}), HasSubstr("Заявка с сайта"));
  Ok("sales_manager", me,
     {"ratings", "record", "--client", flow.client, "--target", "company", "--score", "5",
      "--comment", "Всё быстро и понятно"});
  EXPECT_THAT(Ok("sales_manager", me, {"ratings", "list", "--client", flow.client}),
              HasSubstr("Всё быстро и понятно"));

  // The edition's readiness funnel (once analytics has the assessment) and the period sales
  // report, as tables.
  EXPECT_THAT(OkOnceKnown("analyst", "", {"-o", "table", "report", "funnel", flow.edition}),
              HasSubstr("hot"));
  // The manager's own month (the sale was cancelled, the contacts stay), also saved as a
  // workbook, CSV and a chart in both formats.
  const TempDir exports("crm-report-exports");
  const auto file = [&exports](const char* name) { return (exports.path() / name).string(); };
  EXPECT_THAT(Ok("sales_manager", me,
                 {"-o", "table", "report", "sales", "--by", "manager", "--xlsx", file("r.xlsx"),
                  "--csv", file("r.csv"), "--svg", file("r.svg"), "--png", file("r.png")}),
              HasSubstr("EFFECTIVENESS"));
  EXPECT_THAT(ReadAll(file("r.xlsx")), StartsWith("PK"));
  EXPECT_THAT(ReadAll(file("r.csv")), HasSubstr("Итого,0,0.00,0.00"));
  EXPECT_THAT(ReadAll(file("r.svg")), HasSubstr("<svg"));
  EXPECT_THAT(ReadAll(file("r.png")), StartsWith("\x89PNG"));
  EXPECT_THAT(Ok("analyst", "", {"-o", "yaml", "report", "market", "--csv", file("m.csv")}),
              HasSubstr("byFederalDistrict"));
  EXPECT_THAT(ReadAll(file("m.csv")), HasSubstr("Выставка,Экспонентов,Площадь"));
  // The manager's month as a workbook row beside the previous month; the other reports: by
  // project team, lead sources, ratings by score and the contacts behind the total.
  Ok("sales_manager", me, {"report", "manager", "--csv", file("manager.csv")});
  EXPECT_THAT(ReadAll(file("manager.csv")), HasSubstr("\r\nПрошлый период,"));
  EXPECT_THAT(Ok("analyst", "", {"-o", "table", "report", "sales", "--by", "team"}),
              HasSubstr("EFFECTIVENESS"));
  EXPECT_THAT(Ok("analyst", "", {"-o", "table", "report", "lead-sources"}),
              HasSubstr("CONVERSION"));
  EXPECT_THAT(Ok("analyst", "", {"-o", "table", "report", "ratings", "--target", "company"}),
              HasSubstr("SCORE"));
  Ok("sales_manager", me, {"report", "drill", "--total", "--kind", "contacts"});
  // As a table too: the contacts, not the empty list of sales beside them.
  EXPECT_THAT(
      Ok("sales_manager", me, {"-o", "table", "report", "drill", "--total", "--kind", "contacts"}),
      Not(HasSubstr("no sales")));
  // Money invoiced and received beside the sales; the payments behind a figure; the records of a
  // lead-source row and of a rating score.
  EXPECT_THAT(Ok("sales_manager", me, {"-o", "table", "report", "sales", "--by", "manager"}),
              AllOf(HasSubstr("INVOICED"), HasSubstr("RECEIVED"), HasSubstr("OUTSTANDING")));
  Ok("analyst", "", {"report", "drill", "--total", "--kind", "payments"});
  Ok("analyst", "", {"report", "drill", "--unknown-lead-source", "--kind", "contacts"});
  Ok("analyst", "", {"report", "drill", "--rating-score", "5", "--rating-target", "company"});
  // The sales behind the invoiced and outstanding money, each with its own; the clients behind
  // the manager's clients contacted, the website's and the rating report's, and the ratings
  // behind a score (once analytics has the client's lead source and the rating).
  Ok("analyst", "", {"-o", "table", "report", "drill", "--total", "--kind", "invoiced"});
  Ok("analyst", "", {"report", "drill", "--total", "--kind", "outstanding"});
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"report", "drill", "--key", me, "--kind", "clients"},
           {"report", "drill", "--lead-source", "WEBSITE", "--kind", "clients"},
           {"report", "drill", "--rating-score", "5", "--rating-target", "company", "--kind",
            "ratings"},
           {"report", "drill", "--rating-total", "--kind", "clients"}}) {
    EXPECT_TRUE(Eventually([&] {
      return Crm("analyst", "", args).output.find(flow.client) != std::string::npos;
    })) << args[1]
        << " " << args[3] << " " << Crm("analyst", "", args).output;
  }
  // The contacts behind the manager report's figures; the clients behind the funnel's stages
  // and the market analysis's figures, the latter for who reads every report only.
  Ok("sales_manager", me,
     {"report", "drill", "--key", me, "--kind", "contacts", "--contact-type",
      "CONTACT_TYPE_MEETING"});
  Ok("sales_manager", me, {"report", "drill", "--key", me, "--kind", "open-contacts"});
  EXPECT_THAT(Ok("analyst", "",
                 {"report", "drill-clients", "--figure", "level", "--edition", flow.edition,
                  "--key", "READINESS_LEVEL_HOT"}),
              HasSubstr(flow.client));
  Ok("analyst", "", {"-o", "table", "report", "drill-clients", "--figure", "base", "--narrowed"});
  const CliResult no_market =
      Crm("sales_manager", me, {"report", "drill-clients", "--figure", "base"});
  EXPECT_NE(no_market.exit_code, 0);
  EXPECT_THAT(no_market.output, HasSubstr("PERMISSION_DENIED"));
  const CliResult no_drill = Crm("accountant", "", {"report", "drill", "--total"});
  EXPECT_NE(no_drill.exit_code, 0);
  EXPECT_THAT(no_drill.output, HasSubstr("PERMISSION_DENIED"));

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

// After the sale: the manager sends the invoice, an accountant closes the edition, and the signed
// act comes back as a scan that is attached and named in the signature.
TEST_F(CliTest, AnInvoiceIsSentAndTheSignedActComesBackAsAScan) {
  Flow flow(*stack_);
  ASSERT_NO_FATAL_FAILURE(flow.SetUpReferenceData("5262044420", "526201001"));
  const std::string sale = flow.RecordSale(flow.PlanCall().name(), 1500).sale().name();
  ASSERT_FALSE(sale.empty());
  ASSERT_TRUE(Eventually([&] { return !flow.InvoicesFor(sale).empty(); }));
  const std::string& me = flow.manager;

  std::string out = Ok("sales_manager", me, {"documents", "list", "--sale", sale});
  const std::string invoice = FirstName(out, "documents");
  out = Ok("sales_manager", me,
           {"documents", "send", invoice, "--etag", Etag(out), "--channel", "email", "--to",
            "buh@client.example"});
  EXPECT_THAT(out, AllOf(HasSubstr("DOCUMENT_STATUS_SENT"), HasSubstr("DELIVERY_CHANNEL_EMAIL"),
                         HasSubstr("buh@client.example")));
  const CliResult no_channel =
      Crm("sales_manager", me, {"documents", "send", invoice, "--etag", "2", "--channel", "fax"});
  EXPECT_NE(no_channel.exit_code, 0);
  EXPECT_THAT(no_channel.output, HasSubstr("--channel"));

  // An admin words the act's statement for this issuer, previews it and activates it.
  const std::string issuer =
      JsonString(Ok("accountant", "", {"documents", "get", invoice}), "issuer");
  // An accountant records what the director signs on.
  const std::string issuers = Ok("accountant", "", {"issuers", "list", "--page-size", "100"});
  const std::vector<std::string> names = JsonStrings(issuers, "name");
  const std::vector<std::string> etags = JsonStrings(issuers, "etag");
  const auto at = std::find(names.begin(), names.end(), issuer);
  ASSERT_NE(at, names.end()) << issuers;
  ASSERT_EQ(names.size(), etags.size());
  const CliResult stale = Crm(
      "accountant", "", {"issuers", "update", issuer, "--etag", "0", "--director-basis", "Устава"});
  EXPECT_NE(stale.exit_code, 0);
  EXPECT_THAT(stale.output, HasSubstr("ABORTED"));
  const CliResult no_mode = Crm("accountant", "",
                                {"issuers", "update", issuer, "--etag", etags[at - names.begin()],
                                 "--closing-documents", "upd3"});
  EXPECT_NE(no_mode.exit_code, 0);
  EXPECT_THAT(no_mode.output, HasSubstr("--closing-documents"));
  EXPECT_THAT(Ok("accountant", "",
                 {"issuers", "update", issuer, "--etag", etags[at - names.begin()],
                  "--director-position", "Генеральный директор", "--director-basis", "Устава",
                  "--closing-documents", "act", "--edo-id", "2BE-7707083893-773601001"}),
              AllOf(HasSubstr("\"directorBasis\": \"Устава\""), HasSubstr("Генеральный директор"),
                    HasSubstr("CLOSING_DOCUMENTS_ACT_AND_VAT_INVOICE")));

  const std::string made = Shell("mktemp").out;
  const std::string text_file = made.substr(0, made.find('\n'));
  ASSERT_EQ(Shell("printf '%s' 'Услуги по акту № {{number}} оказаны; {{buyer.legal_name}} "
                  "претензий не имеет.' > " +
                  text_file)
                .exit_code,
            0);
  out = Ok("admin", "",
           {"templates", "create", "--issuer", issuer, "--type", "act", "--file", text_file});
  const std::string act_text = JsonString(out, "name");
  EXPECT_THAT(out, HasSubstr("DOCUMENT_TEMPLATE_STATE_DRAFT"));
  const CliResult unknown =
      Crm("admin", "",
          {"templates", "create", "--issuer", issuer, "--type", "act", "--statement", "{{totl}}"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_THAT(unknown.output, HasSubstr("{{totl}}"));
  const std::string preview = text_file + ".pdf";
  Ok("accountant", "", {"templates", "preview", act_text, "-o", preview});
  EXPECT_THAT(Shell("pdftotext " + preview + " -").out, HasSubstr("Услуги по акту № 2026-000017"));
  Ok("admin", "", {"templates", "activate", act_text, "--etag", Etag(out)});
  EXPECT_THAT(Ok("accountant", "", {"templates", "list", "--issuer", issuer, "--type", "act"}),
              HasSubstr("DOCUMENT_TEMPLATE_STATE_ACTIVE"));

  Ok("accountant", "", {"documents", "close-edition", flow.edition, "--date", "2026-12-01"});
  out = Ok("sales_manager", me, {"documents", "list", "--sale", sale, "--type", "act"});
  const std::string act = FirstName(out, "documents");
  EXPECT_THAT(Ok("sales_manager", me, {"documents", "get", act}), HasSubstr("DOCUMENT_TYPE_ACT"));
  const std::string act_pdf = text_file + ".act.pdf";
  Ok("sales_manager", me, {"documents", "download", act, "-o", act_pdf});
  EXPECT_THAT(Shell("pdftotext " + act_pdf + " -").out, HasSubstr("претензий не имеет"));
  // The VAT invoice closing issued with the act, as the tax service's EDO XML for the buyer.
  out = Ok("sales_manager", me, {"documents", "list", "--sale", sale, "--type", "vat_invoice"});
  const std::string vat_invoice = FirstName(out, "documents");
  const std::string xml_file = text_file + ".xml";
  EXPECT_THAT(Ok("sales_manager", me,
                 {"documents", "download", vat_invoice, "--format", "xml", "--recipient-edo-id",
                  "2AL-18DC3D87-B414-471B-9B58-D51485D2F072-00000", "-o", xml_file}),
              HasSubstr("application/xml"));
  EXPECT_THAT(Shell("iconv -f CP1251 -t UTF-8 " + xml_file).out,
              AllOf(HasSubstr("encoding=\"windows-1251\""), HasSubstr("Функция=\"СЧФ\""),
                    HasSubstr("_2BE-7707083893-773601001_")));
  const CliResult no_recipient =
      Crm("sales_manager", me, {"documents", "download", vat_invoice, "--format", "xml"});
  EXPECT_NE(no_recipient.exit_code, 0);
  EXPECT_THAT(no_recipient.output, HasSubstr("recipient_edo_participant_id"));
  Shell("rm -f " + text_file + " " + preview + " " + act_pdf + " " + xml_file);

  const std::string scan_file = Shell("mktemp --suffix=.pdf").out;
  const std::string path = scan_file.substr(0, scan_file.find('\n'));
  ASSERT_EQ(Shell("printf '%%PDF-1.4\\n%% signed act\\n%%%%EOF\\n' > " + path).exit_code, 0);
  out = Ok("sales_manager", me, {"documents", "attach", act, path, "--request-id", "act-scan-1"});
  const std::string scan = JsonString(out, "name");
  EXPECT_THAT(scan, StartsWith(act + "/scans/"));
  EXPECT_EQ(JsonString(Ok("sales_manager", me,
                          {"documents", "attach", act, path, "--request-id", "act-scan-1"}),
                       "name"),
            scan);

  const std::string current = Ok("sales_manager", me, {"documents", "get", act});
  out = Ok("accountant", "",
           {"documents", "sign", act, "--etag", Etag(current), "--signatory",
            "Генеральный директор Петров П. П.", "--date", "2026-12-02", "--scan", scan});
  EXPECT_THAT(
      out, AllOf(HasSubstr("DOCUMENT_STATUS_SIGNED"), HasSubstr("Петров П. П."), HasSubstr(scan)));
  // The invoice is not signed by the buyer.
  const CliResult not_signed = Crm("accountant", "",
                                   {"documents", "sign", invoice, "--etag",
                                    Etag(Ok("accountant", "", {"documents", "get", invoice})),
                                    "--signatory", "Петров", "--date", "2026-12-02"});
  EXPECT_NE(not_signed.exit_code, 0);
  EXPECT_THAT(not_signed.output, HasSubstr("NOT_SIGNED_BY_BUYER"));

  const std::string copy = path + ".copy";
  Ok("analyst", "", {"documents", "scan", scan, "-o", copy});
  EXPECT_EQ(Shell("cmp " + path + " " + copy).exit_code, 0);
  Shell("rm -f " + path + " " + copy);
}

// Without -o the command line prints tables with the columns that matter, names instead of
// resource ids, Russian amounts and areas; -o json keeps the API's JSON for scripts and -o yaml
// gives the same as YAML.
TEST_F(CliTest, TablesByDefaultJsonAndYamlForScripts) {
  Flow flow(*stack_);
  ASSERT_NO_FATAL_FAILURE(flow.SetUpReferenceData("6318004008", "631801001"));
  const std::string sale = flow.RecordSale(flow.PlanCall().name(), 1250).sale().name();
  ASSERT_FALSE(sale.empty());
  const std::string as_me = "crm --as sales_manager --subject " + flow.manager + " ";

  // 12,5 m² at 8 000,00 ₽/m² plus 22% VAT.
  const CliResult sale_table = Shell(as_me + "sales get " + sale);
  ASSERT_EQ(sale_table.exit_code, 0) << sale_table.output;
  EXPECT_THAT(
      sale_table.out,
      AllOf(StartsWith("TIME"), HasSubstr("CLIENT"), HasSubstr("EDITION"), HasSubstr("AREA"),
            HasSubstr("AMOUNT"), HasSubstr("СтройМаш"), HasSubstr("Волга-Строй 2027"),
            HasSubstr("12,5\u00a0м²"), HasSubstr("122\u00a0000,00\u00a0₽"), HasSubstr("active"),
            HasSubstr(sale), Not(HasSubstr("{")), Not(HasSubstr(flow.client))));

  const CliResult clients = Shell(as_me + "clients search --inn 6318004008");
  ASSERT_EQ(clients.exit_code, 0) << clients.output;
  EXPECT_THAT(clients.out, AllOf(StartsWith("CLIENT"), HasSubstr("INN/KPP"), HasSubstr("CITY"),
                                 HasSubstr("STATE"), HasSubstr("СтройМаш"),
                                 HasSubstr("6318004008/631801001"), HasSubstr(flow.client)));
  // One line per client under the header, not 30.
  EXPECT_EQ(std::count(clients.out.begin(), clients.out.end(), '\n'), 2) << clients.out;

  const CliResult timeline = Shell(as_me + "tasks timeline " + flow.client);
  ASSERT_EQ(timeline.exit_code, 0) << timeline.output;
  EXPECT_THAT(timeline.out, AllOf(HasSubstr("call"), HasSubstr("СтройМаш"),
                                  HasSubstr("Иванова Мария Петровна"), HasSubstr("completed")));

  // An empty list is a note on stderr and nothing on stdout.
  const CliResult none = Shell(as_me + "redirects list --box sent");
  ASSERT_EQ(none.exit_code, 0) << none.output;
  EXPECT_EQ(none.out, "");
  EXPECT_EQ(none.err, "no redirects\n");

  // -o json is the API's JSON as before; -o yaml the same fields as YAML.
  const CliResult json = Shell(as_me + "-o json sales get " + sale);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_THAT(json.out,
              AllOf(StartsWith("{\n \"name\": \"" + sale + "\""),
                    HasSubstr("\"areaDm2\": \"1250\""), HasSubstr("\"currencyCode\": \"RUB\"")));
  EXPECT_EQ(JsonString(json.out, "client"), flow.client);
  const CliResult yaml = Shell(as_me + "-o yaml sales get " + sale);
  ASSERT_EQ(yaml.exit_code, 0) << yaml.output;
  EXPECT_THAT(yaml.out,
              AllOf(StartsWith("name: " + sale + "\n"), HasSubstr("client: " + flow.client + "\n"),
                    HasSubstr("areaDm2: \"1250\"\n"),
                    HasSubstr("totalAmount:\n  currencyCode: RUB\n  minorUnits: "
                              "\"12200000\"\n"),
                    Not(HasSubstr("{"))));

  const CliResult bad = Shell(as_me + "-o xml sales get " + sale);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("--output"));
}

// crm health: the standard gRPC health question, no token needed; what start-up scripts and the
// image smoke test (tools/image smoke) wait on.
TEST_F(CliTest, HealthAsksEveryServiceAndWaitsForServing) {
  const CliResult all = Shell("crm health");
  ASSERT_EQ(all.exit_code, 0) << all.output;
  for (const char* service : {"registry", "planning", "documents", "accounting", "analytics"}) {
    EXPECT_THAT(all.out, HasSubstr(std::string(service))) << all.out;
  }
  EXPECT_EQ(std::count(all.out.begin(), all.out.end(), '\n'), 5) << all.out;
  EXPECT_THAT(all.out, Not(HasSubstr("not serving"))) << all.out;

  const CliResult one = Shell("crm health documents --wait 5");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_THAT(one.out, AllOf(StartsWith("documents"), HasSubstr("SERVING after")));

  // Nothing listens on port 1: asked until the time is up, then exit code 1 with the reason.
  const auto start = std::chrono::steady_clock::now();
  const CliResult refused = Shell("crm health --addr 127.0.0.1:1 --wait 0.5");
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.out, AllOf(HasSubstr("127.0.0.1:1"), HasSubstr("not serving after"),
                                 HasSubstr("UNAVAILABLE")));
  EXPECT_GE(took, std::chrono::milliseconds(400));

  // Bad input: an unknown service, and --addr together with a named service.
  const CliResult unknown = Shell("crm health billing");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_THAT(unknown.err, HasSubstr("billing"));
  const CliResult both = Shell("crm health registry --addr 127.0.0.1:1");
  EXPECT_EQ(both.exit_code, 2) << both.output;
  EXPECT_THAT(both.err, HasSubstr("name no services"));
}

// An accountant has the issuer make contracts as drafts; the sale's manager renders a draft again
// and issues it, which numbers it; issuing it twice is refused.
TEST_F(CliTest, ADraftContractIsRenderedAgainAndIssuedFromTheTerminal) {
  Flow flow(*stack_);
  ASSERT_NO_FATAL_FAILURE(flow.SetUpReferenceData("5262044501", "526201001"));
  const std::string& me = flow.manager;
  const std::string first = flow.RecordSale(flow.PlanCall().name(), 1500).sale().name();
  ASSERT_FALSE(first.empty());
  ASSERT_TRUE(Eventually([&] { return !flow.InvoicesFor(first).empty(); }));
  const std::string issuer = flow.InvoicesFor(first).at(0).issuer();
  const auto issuer_etag = [&] {
    const std::string issuers = Ok("accountant", "", {"issuers", "list", "--page-size", "100"});
    const std::vector<std::string> names = JsonStrings(issuers, "name");
    const std::vector<std::string> etags = JsonStrings(issuers, "etag");
    const auto at = std::find(names.begin(), names.end(), issuer);
    return at == names.end() ? std::string() : etags.at(at - names.begin());
  };
  const CliResult invoice_draft =
      Crm("accountant", "",
          {"issuers", "update", issuer, "--etag", issuer_etag(), "--draft-kinds", "invoice"});
  EXPECT_NE(invoice_draft.exit_code, 0);
  EXPECT_THAT(invoice_draft.output, HasSubstr("issuer.draft_kinds"));
  EXPECT_THAT(
      Ok("accountant", "",
         {"issuers", "update", issuer, "--etag", issuer_etag(), "--draft-kinds", "contract"}),
      HasSubstr("DOCUMENT_TYPE_CONTRACT"));

  const std::string sale = flow.RecordSale(flow.PlanCall().name(), 2000).sale().name();
  ASSERT_FALSE(sale.empty());
  std::string out;
  ASSERT_TRUE(Eventually([&] {
    out = Ok("sales_manager", me, {"documents", "list", "--sale", sale, "--type", "contract"});
    return out.find("DOCUMENT_STATUS_DRAFT") != std::string::npos;
  }));
  const std::string draft = FirstName(out, "documents");
  out = Ok("sales_manager", me, {"documents", "render-draft", draft, "--etag", Etag(out)});
  EXPECT_THAT(out, AllOf(HasSubstr("DOCUMENT_STATUS_DRAFT"), HasSubstr(me)));
  out = Ok("sales_manager", me, {"documents", "issue", draft, "--etag", Etag(out)});
  EXPECT_THAT(out, AllOf(HasSubstr("DOCUMENT_STATUS_ISSUED"), HasSubstr("\"number\": \"")));
  const CliResult again =
      Crm("sales_manager", me, {"documents", "issue", draft, "--etag", Etag(out)});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.output, HasSubstr("NOT_A_DRAFT"));
  const std::string pdf = Shell("mktemp").out;
  const std::string path = pdf.substr(0, pdf.find('\n'));
  Ok("sales_manager", me, {"documents", "download", draft, "-o", path});
  EXPECT_THAT(Shell("pdftotext " + path + " -").out, Not(HasSubstr("ПРОЕКТ")));
  Shell("rm -f " + path);

  Ok("accountant", "",
     {"issuers", "update", issuer, "--etag", issuer_etag(), "--draft-kinds", "none"});
}

}  // namespace
}  // namespace crm::testing
