// The `crm` command line against the whole system: the client registry as analysts, sales
// managers, accountants and admins use it from the terminal — clients and their history,
// verification, duplicates and merges, groups, exhibitions and curators, staff, import and
// mailings — and the clear errors a person gets for what their role may not do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/e2e/cli_fixture.h"
#include "tests/support/read_file.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Each test makes its own clients (INNs with valid check digits, one set per test) on the
// suite's shared system, so the tests do not depend on each other's order.
class RegistryCliTest : public CliTest {
 protected:
  // An employee added by an admin; the name is the subject of that person's tokens.
  static std::string NewEmployee(const std::string& full_name, const std::string& email) {
    const std::string out =
        Ok("admin", "", {"employees", "create", "--full-name", full_name, "--email", email});
    std::string name = FirstName(out, "employees");
    EXPECT_FALSE(name.empty()) << out;
    return name;
  }

  // `crm clients create args...` as `role`; returns the created client's output.
  static std::string CreateClient(const std::string& role, const std::string& subject,
                                  std::vector<std::string> args) {
    args.insert(args.begin(), {"clients", "create"});
    return Ok(role, subject, args);
  }

  static std::string Get(const std::string& client) {
    return Ok("analyst", "", {"clients", "get", client});
  }
};

TEST_F(RegistryCliTest, AClientFromCreationToARestoredVersion) {
  const std::string manager = NewEmployee("Иванова Мария Петровна", "ivanova@expo.test");

  // A manager's new client waits for an analyst's check; its geography comes from the address.
  const std::string created =
      CreateClient("sales_manager", manager, {"--display-name",  "Волжский трубный завод",
                                              "--legal-name",    "ООО «Волжский трубный завод»",
                                              "--inn",           "6316000015",
                                              "--kpp",           "631601001",
                                              "--legal-form",    "OOO",
                                              "--phone",         "+7 (846) 123-45-67",
                                              "--email",         "info@vtz.test",
                                              "--postal-code",   "443001",
                                              "--postal-region", "63",
                                              "--postal-city",   "Самара",
                                              "--postal-street", "ул. Ленинградская, 10"});
  const std::string client = FirstName(created, "clients");
  ASSERT_FALSE(client.empty()) << created;
  EXPECT_EQ(JsonString(created, "verificationState"), "VERIFICATION_STATE_PENDING_VERIFICATION");
  EXPECT_EQ(JsonString(created, "creator"), manager);
  const std::string got = Ok("sales_manager", manager, {"clients", "get", client});
  EXPECT_EQ(JsonString(got, "displayName"), "Волжский трубный завод");
  EXPECT_EQ(JsonString(got, "legalForm"), "LEGAL_FORM_OOO");
  EXPECT_EQ(JsonString(got, "region"), "Самарская область");

  // Found by a name fragment with a typo, by INN, and by the phone typed another way.
  EXPECT_THAT(Ok("sales_manager", manager, {"clients", "search", "--query", "трубнй"}),
              HasSubstr(client));
  EXPECT_THAT(Ok("sales_manager", manager, {"clients", "search", "--inn", "6316000015"}),
              HasSubstr(client));
  EXPECT_THAT(Ok("sales_manager", manager, {"clients", "search", "--phone", "8 846 123 45 67"}),
              HasSubstr(client));

  // An analyst changes exactly the fields named: a new short name and website, the e-mail
  // cleared with an empty value; the legal name and phone stay.
  const std::string updated =
      Ok("analyst", "",
         {"clients", "update", client, "--etag", Etag(got), "--display-name", "ВТЗ", "--website",
          "https://vtz.test", "--email", ""});
  EXPECT_EQ(JsonString(updated, "displayName"), "ВТЗ");
  EXPECT_EQ(JsonString(updated, "website"), "https://vtz.test");
  EXPECT_EQ(JsonString(updated, "legalName"), "ООО «Волжский трубный завод»");
  EXPECT_THAT(updated, HasSubstr("+7 (846) 123-45-67"));
  EXPECT_THAT(updated, Not(HasSubstr("info@vtz.test")));
  EXPECT_NE(Etag(updated), Etag(got));

  // Deleted, it leaves the search (unless asked for) and comes back when undeleted.
  const std::string deleted =
      Ok("analyst", "", {"clients", "delete", client, "--etag", Etag(updated)});
  EXPECT_THAT(deleted, HasSubstr("\"deleteTime\""));
  EXPECT_THAT(Ok("analyst", "", {"clients", "search", "--inn", "6316000015"}),
              Not(HasSubstr(client)));
  EXPECT_THAT(Ok("analyst", "", {"clients", "search", "--inn", "6316000015", "--show-deleted"}),
              HasSubstr(client));
  const std::string undeleted = Ok("analyst", "", {"clients", "undelete", client});
  EXPECT_THAT(undeleted, Not(HasSubstr("\"deleteTime\"")));

  // The history, newest first, names every change; version 1 written back restores the
  // original name and e-mail.
  EXPECT_THAT(JsonStrings(Ok("sales_manager", manager, {"clients", "history", client}), "change"),
              ElementsAre("undeleted", "deleted", "updated", "created"));
  const std::string restored = Ok(
      "analyst", "", {"clients", "restore", client, "--version", "1", "--etag", Etag(undeleted)});
  EXPECT_EQ(JsonString(restored, "displayName"), "Волжский трубный завод");
  EXPECT_THAT(restored, HasSubstr("info@vtz.test"));
  EXPECT_EQ(JsonString(Ok("analyst", "", {"clients", "history", client}), "change"), "restored");

  // A contact person, listed for the manager.
  const std::string person_out =
      Ok("analyst", "",
         {"contact-persons", "create", "--client", client, "--full-name", "Сидоров Пётр Иванович",
          "--position", "Директор по маркетингу", "--phone", "+7 846 555-00-11", "--email",
          "sidorov@vtz.test", "--mailing-consent", "--primary"});
  const std::string person = FirstName(person_out, client + "/contactPersons");
  ASSERT_FALSE(person.empty()) << person_out;
  const std::string persons =
      Ok("sales_manager", manager, {"contact-persons", "list", "--client", client});
  EXPECT_THAT(persons, AllOf(HasSubstr(person), HasSubstr("Сидоров Пётр Иванович"),
                             HasSubstr("Директор по маркетингу"), HasSubstr("\"primary\": true")));
  // A new position and no e-mail any more; the phone stays.
  const std::string changed = Ok("analyst", "",
                                 {"contact-persons", "update", person, "--etag", Etag(person_out),
                                  "--position", "Коммерческий директор", "--email", ""});
  EXPECT_EQ(JsonString(changed, "position"), "Коммерческий директор");
  EXPECT_THAT(changed, AllOf(Not(HasSubstr("sidorov@vtz.test")), HasSubstr("+7 846 555-00-11")));
  // The person's history, field by field; the first version's position and e-mail come back.
  const std::string person_history = Ok("sales_manager", manager, {"history", person});
  EXPECT_THAT(JsonStrings(person_history, "change"), ElementsAre("updated", "created"));
  EXPECT_THAT(person_history, HasSubstr("Директор по маркетингу"));
  const std::string person_restored =
      Ok("analyst", "", {"history", "restore", person, "--version", "1", "--etag", Etag(changed)});
  EXPECT_THAT(person_restored,
              AllOf(HasSubstr("Директор по маркетингу"), HasSubstr("sidorov@vtz.test")));
  EXPECT_THAT(JsonStrings(Ok("analyst", "", {"history", person}), "change"),
              ElementsAre("restored", "updated", "created"));
}

TEST_F(RegistryCliTest, TheVerificationQueueFromNewRecordToRejection) {
  const std::string manager = NewEmployee("Орлов Денис Андреевич", "orlov@expo.test");
  const std::string first = FirstName(
      CreateClient("sales_manager", manager,
                   {"--display-name", "Сызранский элеватор", "--legal-name",
                    "АО «Сызранский элеватор»", "--inn", "6318004008", "--kpp", "631801001"}),
      "clients");
  const std::string second =
      FirstName(CreateClient("sales_manager", manager,
                             {"--display-name", "Кинельский хлебозавод", "--legal-name",
                              "ООО «Кинельский хлебозавод»", "--inn", "6321005001", "--kpp",
                              "632101001", "--phone", "+7 846 630-10-20"}),
                "clients");
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());

  // Both new records wait in the analysts' queue.
  const std::string queue =
      Ok("analyst", "", {"quality", "queue", "--reason", "new-record", "--page-size", "500"});
  EXPECT_THAT(queue, AllOf(HasSubstr(first), HasSubstr(second), HasSubstr("Сызранский элеватор"),
                           HasSubstr("VERIFICATION_REASON_NEW_RECORD")));

  // Verified, the first one leaves the queue.
  const std::string verified =
      Ok("analyst", "",
         {"quality", "verify", first, "--etag", Etag(Get(first)), "--comment", "Сверено с ЕГРЮЛ"});
  EXPECT_EQ(JsonString(verified, "verificationState"), "VERIFICATION_STATE_VERIFIED");
  EXPECT_THAT(Ok("analyst", "", {"quality", "queue", "--page-size", "500"}),
              AllOf(Not(HasSubstr(first)), HasSubstr(second)));

  // After a call the manager flags the second one with the reason; the analysts see it.
  const std::string flagged =
      Ok("sales_manager", manager,
         {"quality", "flag", second, "--problem", "Телефон не отвечает, компания переехала",
          "--field", "phone", "--comment", "Звонил трижды"});
  EXPECT_EQ(JsonString(flagged, "client"), second);
  EXPECT_EQ(JsonString(flagged, "reason"), "VERIFICATION_REASON_FLAGGED_BY_MANAGER");
  EXPECT_EQ(JsonString(Get(second), "verificationState"), "VERIFICATION_STATE_FLAGGED");
  EXPECT_THAT(Ok("analyst", "", {"quality", "queue", "--reason", "flagged", "--page-size", "500"}),
              AllOf(HasSubstr(second), HasSubstr("Телефон не отвечает, компания переехала")));

  // Rejected with a reason: the record is REJECTED and nothing of it is left in the queue.
  const std::string rejected = Ok("analyst", "",
                                  {"quality", "reject", second, "--etag", Etag(Get(second)),
                                   "--reason", "Компания ликвидирована"});
  EXPECT_EQ(JsonString(rejected, "verificationState"), "VERIFICATION_STATE_REJECTED");
  EXPECT_THAT(Ok("analyst", "", {"quality", "queue", "--page-size", "500"}),
              Not(HasSubstr(second)));
  EXPECT_THAT(JsonStrings(Ok("analyst", "", {"clients", "history", second}), "change"),
              ElementsAre("rejected", "flagged", "created"));
}

// A buyer pays before any manager met them: the accountant enters the client, which waits in the
// analysts' queue like a manager's entry; another company system may not enter clients.
TEST_F(RegistryCliTest, AnAccountantEntersABuyerWhoPaidFirst) {
  const std::string accountant = NewEmployee("Белова Ольга Игоревна", "o.belova@expo.test");
  const std::string created =
      CreateClient("accountant", accountant,
                   {"--display-name", "Отрадненский маслозавод", "--legal-name",
                    "ООО «Отрадненский маслозавод»", "--inn", "6325003005", "--kpp", "632501001"});
  const std::string client = FirstName(created, "clients");
  ASSERT_FALSE(client.empty()) << created;
  EXPECT_EQ(JsonString(created, "verificationState"), "VERIFICATION_STATE_PENDING_VERIFICATION");
  EXPECT_EQ(JsonString(created, "creator"), accountant);
  EXPECT_THAT(
      Ok("analyst", "", {"quality", "queue", "--reason", "new-record", "--page-size", "500"}),
      AllOf(HasSubstr(client), HasSubstr("Отрадненский маслозавод")));

  // The same INN and KPP again is the existing client.
  const CliResult again =
      Crm("accountant", accountant,
          {"clients", "create", "--display-name", "Маслозавод", "--legal-name",
           "ООО «Отрадненский маслозавод»", "--inn", "6325003005", "--kpp", "632501001"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.output, HasSubstr("ALREADY_EXISTS"));

  const CliResult service =
      Crm("service", "services/billing",
          {"clients", "create", "--display-name", "Похвистневский хлебозавод", "--legal-name",
           "АО «Похвистневский хлебозавод»", "--inn", "6325003012", "--kpp", "632501001"});
  EXPECT_NE(service.exit_code, 0);
  EXPECT_THAT(service.output,
              AllOf(HasSubstr("PERMISSION_DENIED"), HasSubstr("may not create clients")));
  EXPECT_THAT(Ok("analyst", "", {"clients", "search", "--inn", "6325003012"}),
              Not(HasSubstr("clients/")));

  const std::string verified = Ok(
      "analyst", "",
      {"quality", "verify", client, "--etag", Etag(Get(client)), "--comment", "Оплата получена"});
  EXPECT_EQ(JsonString(verified, "verificationState"), "VERIFICATION_STATE_VERIFIED");

  // Counted on request: one client has that INN.
  EXPECT_THAT(Ok("analyst", "", {"clients", "search", "--inn", "6325003005", "--count"}),
              HasSubstr("\"totalSize\": 1"));
  EXPECT_THAT(Ok("analyst", "", {"clients", "search", "--inn", "6325003005"}),
              Not(HasSubstr("totalSize")));
}

TEST_F(RegistryCliTest, DuplicatesAreFoundMergedAndTheMergeUndone) {
  const std::string a =
      FirstName(CreateClient("analyst", "",
                             {"--display-name", "Самарский подшипниковый завод", "--legal-name",
                              "АО «Самарский подшипниковый завод»", "--inn", "6320001004", "--kpp",
                              "632001001", "--phone", "+7 846 200-30-40"}),
                "clients");
  const std::string b = FirstName(
      CreateClient("analyst", "",
                   {"--display-name", "Самарский подшипниковый завод", "--legal-name",
                    "АО Самарский подшипниковый завод", "--inn", "6345002000", "--kpp", "634501001",
                    "--phone", "8 (846) 200-30-40", "--email", "sales@spz.test"}),
      "clients");
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  Ok("analyst", "",
     {"contact-persons", "create", "--client", b, "--full-name", "Кузнецова Анна Сергеевна"});

  // A manager about to enter the company again sees both candidates and why.
  EXPECT_THAT(Ok("sales_manager", "",
                 {"quality", "check-duplicates", "--display-name", "Самарский подшипниковый",
                  "--phone", "88462003040"}),
              AllOf(HasSubstr(a), HasSubstr(b), HasSubstr("DUPLICATE_REASON_SAME_PHONE")));
  // The analysts' scan of the whole base puts the two into one cluster.
  EXPECT_THAT(Ok("analyst", "", {"quality", "find-duplicates", "--all"}),
              AllOf(HasSubstr(a), HasSubstr(b), HasSubstr("DUPLICATE_REASON_SIMILAR_NAME")));

  // Merged: b's contact person moves to a, a's empty e-mail is filled from b, b is retired.
  const std::string merge_out =
      Ok("analyst", "",
         {"quality", "merge", "--survivor", a, "--merged", b, "--etag", a + "=" + Etag(Get(a)),
          "--etag", b + "=" + Etag(Get(b)), "--comment", "Один завод, две записи"});
  const std::string merge = FirstName(merge_out, "merges");
  ASSERT_FALSE(merge.empty()) << merge_out;
  EXPECT_EQ(JsonString(merge_out, "survivor"), a);
  EXPECT_THAT(merge_out, HasSubstr("\"movedContactPersons\": 1"));
  EXPECT_THAT(Get(b), HasSubstr("\"deleteTime\""));
  EXPECT_EQ(JsonString(Get(a), "email"), "sales@spz.test");
  EXPECT_THAT(Ok("analyst", "", {"contact-persons", "list", "--client", a}),
              HasSubstr("Кузнецова Анна Сергеевна"));
  const std::string history = Ok("analyst", "", {"clients", "history", a, "--include-merged"});
  EXPECT_THAT(JsonStrings(history, "change"), AllOf(Contains("merged"), Contains("merged_into")));
  EXPECT_THAT(history, HasSubstr(b));
  // The newest entry of the survivor's history names the merge to undo.
  const std::string from_history =
      JsonString(Ok("analyst", "", {"clients", "history", a, "--page-size", "1"}), "merge");
  EXPECT_EQ(from_history, merge);

  // Undone from the history: b is back with its contact person, a loses what the merge filled
  // in, and the history says so. A second undo is refused.
  const std::string undone = Ok("analyst", "", {"quality", "undo-merge", from_history});
  EXPECT_THAT(undone, HasSubstr("\"undoTime\""));
  EXPECT_THAT(Get(b), Not(HasSubstr("\"deleteTime\"")));
  EXPECT_THAT(Ok("analyst", "", {"contact-persons", "list", "--client", b}),
              HasSubstr("Кузнецова Анна Сергеевна"));
  EXPECT_EQ(JsonString(Get(a), "email"), "");
  EXPECT_EQ(JsonString(Ok("analyst", "", {"clients", "history", a}), "change"), "merge_undone");
  const CliResult again = Crm("analyst", "", {"quality", "undo-merge", merge});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.output, HasSubstr("MERGE_ALREADY_UNDONE"));
}

TEST_F(RegistryCliTest, SharedAndPersonalGroups) {
  const std::string manager = NewEmployee("Смирнов Илья Олегович", "smirnov@expo.test");
  const std::string first = FirstName(
      CreateClient("analyst", "",
                   {"--display-name", "Жигулёвский станкозавод", "--legal-name",
                    "ООО «Жигулёвский станкозавод»", "--inn", "6317006002", "--kpp", "631701001"}),
      "clients");
  const std::string second =
      FirstName(CreateClient("analyst", "",
                             {"--display-name", "Чапаевский механический завод", "--legal-name",
                              "АО «Чапаевский механический завод»", "--inn", "6319007001", "--kpp",
                              "631901001"}),
                "clients");
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());

  // An analyst keeps a shared group: two added, one taken out again.
  const std::string shared_out =
      Ok("analyst", "",
         {"groups", "create", "--display-name", "Машиностроение Поволжья", "--kind", "industry",
          "--description", "Заводы для приглашений"});
  const std::string shared = FirstName(shared_out, "groups");
  ASSERT_FALSE(shared.empty()) << shared_out;
  EXPECT_EQ(JsonString(shared_out, "kind"), "GROUP_KIND_INDUSTRY");
  EXPECT_THAT(
      Ok("analyst", "", {"groups", "add-members", shared, "--client", first, "--client", second}),
      AllOf(HasSubstr("\"changedCount\": \"2\""), HasSubstr("\"memberCount\": \"2\"")));
  EXPECT_THAT(Ok("analyst", "", {"groups", "remove-members", shared, "--client", second}),
              AllOf(HasSubstr("\"changedCount\": \"1\""), HasSubstr("\"memberCount\": \"1\"")));
  // Every manager reads it.
  EXPECT_THAT(Ok("sales_manager", manager, {"groups", "members", shared}),
              AllOf(HasSubstr(first), Not(HasSubstr(second))));
  // Bulk: every client matching a filter.
  EXPECT_THAT(
      Ok("analyst", "", {"groups", "add-by-filter", shared, "--query", "чапаевский механический"}),
      AllOf(HasSubstr("\"changedCount\": \"1\""), HasSubstr("\"memberCount\": \"2\"")));
  EXPECT_THAT(Ok("sales_manager", manager, {"groups", "members", shared}),
              AllOf(HasSubstr(first), HasSubstr(second)));

  // A manager's personal group: theirs alone, filled by hand and by a filter.
  const std::string personal_out = Ok("sales_manager", manager,
                                      {"groups", "create", "--display-name", "Мои горячие клиенты",
                                       "--kind", "other", "--personal"});
  const std::string personal = FirstName(personal_out, "groups");
  ASSERT_FALSE(personal.empty()) << personal_out;
  EXPECT_THAT(personal_out, HasSubstr("\"personal\": true"));
  EXPECT_EQ(JsonString(personal_out, "owner"), manager);
  Ok("sales_manager", manager, {"groups", "add-members", personal, "--client", first});
  EXPECT_THAT(
      Ok("sales_manager", manager, {"groups", "add-by-filter", personal, "--inn", "6319007001"}),
      HasSubstr("\"memberCount\": \"2\""));
  EXPECT_THAT(
      Ok("sales_manager", manager, {"groups", "remove-members", personal, "--client", first}),
      HasSubstr("\"memberCount\": \"1\""));
  EXPECT_THAT(Ok("sales_manager", manager, {"groups", "of-client", "--client", second}),
              AllOf(HasSubstr(shared), HasSubstr(personal)));
  const CliResult hidden = Crm("analyst", "", {"groups", "members", personal});
  EXPECT_NE(hidden.exit_code, 0);
  EXPECT_THAT(hidden.output, HasSubstr("NOT_FOUND"));

  // Sales propose clients for a shared group; the analyst accepts one (the client joins) and
  // rejects another with a reason the manager reads.
  const std::string agro_out =
      Ok("analyst", "",
         {"groups", "create", "--display-name", "Сельхозмашиностроение", "--kind", "industry"});
  const std::string agro = FirstName(agro_out, "groups");
  ASSERT_FALSE(agro.empty()) << agro_out;
  const std::string proposed =
      Ok("sales_manager", manager,
         {"groups", "propose", agro, first, "--comment", "Делают навесное оборудование"});
  const std::string proposal = FirstName(proposed, "groupProposals");
  ASSERT_FALSE(proposal.empty()) << proposed;
  EXPECT_THAT(Ok("analyst", "", {"groups", "proposals", "--state", "pending"}),
              HasSubstr(proposal));
  Ok("analyst", "", {"groups", "accept", proposal, "--etag", Etag(proposed)});
  EXPECT_THAT(Ok("sales_manager", manager, {"groups", "members", agro}), HasSubstr(first));
  const std::string doubtful =
      Ok("sales_manager", manager, {"groups", "propose", agro, second, "--comment", "Возможно"});
  const std::string doubtful_name = FirstName(doubtful, "groupProposals");
  ASSERT_FALSE(doubtful_name.empty()) << doubtful;
  Ok("analyst", "",
     {"groups", "reject", doubtful_name, "--etag", Etag(doubtful), "--reason",
      "Не сельхозтехника"});
  EXPECT_THAT(Ok("sales_manager", manager, {"groups", "proposals"}),
              AllOf(HasSubstr("Не сельхозтехника"), HasSubstr(proposal)));
  EXPECT_THAT(Ok("sales_manager", manager, {"groups", "members", agro}), Not(HasSubstr(second)));
}

TEST_F(RegistryCliTest, ExhibitionsParticipationAndCurators) {
  const std::string departing = NewEmployee("Ковалёва Елена Викторовна", "kovaleva@expo.test");
  const std::string successor = NewEmployee("Фёдоров Антон Сергеевич", "fedorov@expo.test");

  const std::string project_out = Ok("admin", "",
                                     {"projects", "create", "--display-name", "Волга-Строй",
                                      "--description", "Строительная выставка Поволжья"});
  const std::string project = FirstName(project_out, "projects");
  ASSERT_FALSE(project.empty()) << project_out;
  const std::string edition_out = Ok(
      "admin", "",
      {"editions", "create", "--project", project, "--display-name", "Волга-Строй 2027", "--start",
       "2027-03-10", "--end", "2027-03-13", "--price-per-m2", "8000", "--venue", "Экспо-Волга"});
  const std::string edition = FirstName(edition_out, project + "/editions");
  ASSERT_FALSE(edition.empty()) << edition_out;
  EXPECT_EQ(JsonString(edition_out, "status"), "EDITION_STATUS_PLANNED");
  EXPECT_THAT(edition_out, HasSubstr("\"minorUnits\": \"800000\""));
  EXPECT_THAT(Ok("sales_manager", departing, {"editions", "list", "--project", project}),
              HasSubstr(edition));

  const std::string client =
      FirstName(CreateClient("analyst", "",
                             {"--display-name", "Сызранский кирпичный завод", "--legal-name",
                              "ООО «Сызранский кирпичный завод»", "--inn", "6322008005", "--kpp",
                              "632201001"}),
                "clients");
  ASSERT_FALSE(client.empty());

  // The client took part in the edition with a 12.5 m² stand.
  const std::string participation = Ok(
      "analyst", "",
      {"participations", "create", "--client", client, "--edition", edition, "--area-m2", "12.5"});
  EXPECT_EQ(JsonString(participation, "edition"), edition);
  EXPECT_THAT(participation, AllOf(HasSubstr("\"areaDm2\": \"1250\""), HasSubstr("2027")));
  EXPECT_THAT(Ok("sales_manager", departing, {"participations", "list", "--client", client}),
              HasSubstr(edition));

  // A manager edits only the clients they curate: refused before, allowed once assigned.
  const CliResult before =
      Crm("sales_manager", departing,
          {"clients", "update", client, "--etag", Etag(Get(client)), "--notes", "Угловой стенд"});
  EXPECT_NE(before.exit_code, 0);
  EXPECT_THAT(before.output, HasSubstr("PERMISSION_DENIED"));
  const std::string assigned =
      Ok("analyst", "",
         {"curators", "assign", "--client", client, "--project", project, "--employee", departing});
  EXPECT_EQ(JsonString(assigned, "employee"), departing);
  EXPECT_THAT(Ok("sales_manager", departing, {"curators", "list", "--client", client}),
              HasSubstr(departing));
  const std::string noted =
      Ok("sales_manager", departing,
         {"clients", "update", client, "--etag", Etag(Get(client)), "--notes", "Угловой стенд"});
  EXPECT_EQ(JsonString(noted, "notes"), "Угловой стенд");

  // The curator leaves: their clients go to the successor and they are marked left.
  const std::string reassigned =
      Ok("analyst", "", {"curators", "reassign", "--employee", departing, "--to", successor});
  EXPECT_THAT(reassigned, AllOf(HasSubstr("\"reassignedCount\": 1"),
                                HasSubstr("EMPLOYEE_STATUS_LEFT"), HasSubstr(client)));
  EXPECT_THAT(Ok("analyst", "", {"curators", "of-employee", "--employee", successor}),
              HasSubstr(client));
  EXPECT_THAT(Ok("analyst", "", {"curators", "of-employee", "--employee", departing}),
              Not(HasSubstr(client)));
  EXPECT_THAT(Ok("analyst", "", {"curators", "list", "--client", client, "--history"}),
              HasSubstr("CURATORSHIP_END_REASON_EMPLOYEE_LEFT"));
  EXPECT_EQ(JsonString(Ok("analyst", "", {"employees", "get", departing}), "status"),
            "EMPLOYEE_STATUS_LEFT");
  const std::string taken_over =
      Ok("sales_manager", successor,
         {"clients", "update", client, "--etag", Etag(Get(client)), "--website", "szk.test"});
  EXPECT_EQ(JsonString(taken_over, "website"), "szk.test");
}

TEST_F(RegistryCliTest, AnAdminBuildsADepartment) {
  const std::string employee = NewEmployee("Петров Олег Николаевич", "petrov@expo.test");
  const std::string department_out = Ok(
      "admin", "", {"departments", "create", "--display-name", "Отдел продаж", "--head", employee});
  const std::string department = FirstName(department_out, "departments");
  ASSERT_FALSE(department.empty()) << department_out;
  EXPECT_EQ(JsonString(department_out, "head"), employee);

  const std::string assigned =
      Ok("admin", "", {"employees", "set-department", employee, "--department", department});
  EXPECT_EQ(JsonString(assigned, "departmentUnit"), department);
  EXPECT_EQ(JsonString(assigned, "department"), "Отдел продаж");
  EXPECT_THAT(Ok("analyst", "", {"departments", "members", department}), HasSubstr(employee));
  EXPECT_EQ(JsonString(Ok("sales_manager", employee, {"employees", "get", employee}), "department"),
            "Отдел продаж");
  EXPECT_THAT(Ok("sales_manager", employee, {"departments", "list"}), HasSubstr(department));
}

TEST_F(RegistryCliTest, ImportADryRunThenTheRealRun) {
  const std::string existing =
      FirstName(CreateClient("analyst", "",
                             {"--display-name", "Новокуйбышевский завод масел", "--legal-name",
                              "АО «Новокуйбышевский завод масел»", "--inn", "6315009008", "--kpp",
                              "631501001", "--phone", "+7 846 300-00-01"}),
                "clients");
  ASSERT_FALSE(existing.empty());

  // A new company, a new phone for a known one, and a row with a wrong INN.
  TempDir dir("crm-cli-import");
  const std::filesystem::path csv = dir.path() / "exhibitors.csv";
  std::ofstream(csv) << "Наименование;ИНН;КПП;Телефон;E-mail\n"
                        "Тольяттинский кабельный завод;6312003008;631201001;+7 8482 11-22-33;"
                        "tkz@tkz.test\n"
                        "Новокуйбышевский завод масел;6315009008;631501001;+7 846 300-00-02;\n"
                        "Ошибочная строка;1234567890;123456789;;\n";

  const std::string uploaded = Ok("analyst", "", {"import", "create", csv.string()});
  const std::string import = FirstName(uploaded, "imports");
  ASSERT_FALSE(import.empty()) << uploaded;
  EXPECT_EQ(JsonString(uploaded, "state"), "STATE_UPLOADED");
  EXPECT_THAT(uploaded, HasSubstr("\"totalRows\": 3"));

  // The dry run gives every row its result and changes nothing.
  const std::string dry = Ok("analyst", "", {"import", "run", import, "--dry-run"});
  EXPECT_EQ(JsonString(dry, "state"), "STATE_DRY_RUN_DONE");
  EXPECT_THAT(dry, AllOf(HasSubstr("\"created\": 1"), HasSubstr("\"updated\": 1"),
                         HasSubstr("\"error\": 1")));
  const std::string dry_rows = Ok("analyst", "", {"import", "rows", import});
  EXPECT_THAT(JsonStrings(dry_rows, "outcome"),
              ElementsAre("OUTCOME_CREATED", "OUTCOME_UPDATED", "OUTCOME_ERROR"));
  EXPECT_THAT(dry_rows, AllOf(HasSubstr(existing), HasSubstr("INN checksum does not match")));
  EXPECT_THAT(Ok("analyst", "", {"clients", "search", "--inn", "6312003008"}),
              Not(HasSubstr("clients/")));
  EXPECT_THAT(Get(existing), Not(HasSubstr("300-00-02")));

  // The real run does it.
  const std::string run = Ok("analyst", "", {"import", "run", import});
  EXPECT_EQ(JsonString(run, "state"), "STATE_COMPLETED");
  const std::string created_rows =
      Ok("analyst", "", {"import", "rows", import, "--outcome", "created"});
  const std::string created = FirstName(created_rows, "clients");
  ASSERT_FALSE(created.empty()) << created_rows;
  EXPECT_EQ(JsonString(Get(created), "displayName"), "Тольяттинский кабельный завод");
  EXPECT_THAT(Ok("analyst", "", {"clients", "search", "--inn", "6312003008"}), HasSubstr(created));
  EXPECT_THAT(Get(existing), HasSubstr("+7 846 300-00-02"));
  EXPECT_THAT(
      JsonStrings(Ok("analyst", "", {"import", "rows", import, "--outcome", "error"}), "outcome"),
      ElementsAre("OUTCOME_ERROR"));
}

TEST_F(RegistryCliTest, AMailingFromSelectionToReturnedMail) {
  const std::string client =
      FirstName(CreateClient("analyst", "",
                             {"--display-name", "Сергиевский сахарный завод", "--legal-name",
                              "ООО «Сергиевский сахарный завод»", "--inn", "6314010000", "--kpp",
                              "631401001", "--postal-code", "446540", "--postal-region", "63",
                              "--postal-city", "Сергиевск", "--postal-street", "ул. Заводская, 5"}),
                "clients");
  ASSERT_FALSE(client.empty());
  Ok("analyst", "",
     {"contact-persons", "create", "--client", client, "--full-name", "Лебедева Ольга Игоревна",
      "--position", "Директор", "--primary", "--mailing-consent"});

  // A shared selection of complete postal addresses, fixed as an export.
  const std::string selection_out =
      Ok("analyst", "",
         {"mailing", "create-selection", "--display-name", "Приглашения на Волга-Строй 2027",
          "--inn", "6314010000", "--valid-postal-only"});
  const std::string selection = FirstName(selection_out, "mailingSelections");
  ASSERT_FALSE(selection.empty()) << selection_out;
  const std::string export_out = Ok("analyst", "", {"mailing", "export", selection});
  const std::string exported = FirstName(export_out, "mailingExports");
  ASSERT_FALSE(exported.empty()) << export_out;
  EXPECT_THAT(export_out, HasSubstr("\"recipientCount\": 1"));

  // The CSV for Excel and the label sheet, written where asked.
  TempDir dir("crm-cli-mailing");
  const std::filesystem::path csv = dir.path() / "letters.csv";
  const std::filesystem::path pdf = dir.path() / "labels.pdf";
  EXPECT_THAT(
      Ok("analyst", "", {"mailing", "download", exported, "--format", "csv", "-o", csv.string()}),
      HasSubstr("wrote " + csv.string()));
  const std::string table = ReadAll(csv);
  EXPECT_THAT(table, AllOf(HasSubstr("ООО «Сергиевский сахарный завод»"), HasSubstr("6314010000"),
                           HasSubstr("Лебедева Ольга Игоревна"), HasSubstr("446540"),
                           HasSubstr("ул. Заводская, 5"), HasSubstr(client)));
  Ok("analyst", "", {"mailing", "download", exported, "--format", "labels", "-o", pdf.string()});
  const std::string labels = ReadAll(pdf);
  EXPECT_THAT(labels, StartsWith("%PDF"));
  EXPECT_THAT(PdfText(labels), AllOf(HasSubstr("Лебедева Ольга Игоревна"), HasSubstr("446540")));

  // The letter came back: the address is marked invalid and goes to the analysts' queue; the
  // next export of the selection leaves it out.
  const std::string returned =
      Ok("analyst", "",
         {"mailing", "returned-mail", exported, "--row", "1", "--problem", "Адресат выбыл"});
  EXPECT_THAT(returned, AllOf(HasSubstr("\"markedRows\": 1"),
                              HasSubstr("VERIFICATION_REASON_RETURNED_MAIL"), HasSubstr(client)));
  EXPECT_THAT(Get(client), Not(HasSubstr("\"postalAddressValid\": true")));
  EXPECT_THAT(Ok("analyst", "", {"quality", "queue", "--reason", "returned-mail"}),
              AllOf(HasSubstr(client), HasSubstr("Адресат выбыл")));
  EXPECT_THAT(Ok("analyst", "", {"mailing", "get-export", exported}),
              HasSubstr("\"returnedCount\": 1"));
  EXPECT_THAT(Ok("analyst", "", {"mailing", "export", selection}),
              Not(HasSubstr("recipientCount")));

  // A manager's personal selection is theirs alone.
  const std::string manager = NewEmployee("Белова Ксения Павловна", "belova@expo.test");
  const std::string personal = FirstName(Ok("sales_manager", manager,
                                            {"mailing", "create-selection", "--display-name",
                                             "Мои адресаты", "--query", "сахарный", "--personal"}),
                                         "mailingSelections");
  ASSERT_FALSE(personal.empty());
  EXPECT_THAT(Ok("sales_manager", manager, {"mailing", "get-selection", personal}),
              HasSubstr("\"personal\": true"));
  const CliResult hidden = Crm("analyst", "", {"mailing", "get-selection", personal});
  EXPECT_NE(hidden.exit_code, 0);
  EXPECT_THAT(hidden.output, HasSubstr("NOT_FOUND"));
}

TEST_F(RegistryCliTest, DenialsAndBadInputAreClearErrors) {
  const std::string client = FirstName(
      CreateClient("analyst", "",
                   {"--display-name", "Безенчукский элеватор", "--legal-name",
                    "АО «Безенчукский элеватор»", "--inn", "6323012004", "--kpp", "632301001"}),
      "clients");
  ASSERT_FALSE(client.empty());

  // What a role may not do: a non-zero exit, PERMISSION_DENIED and what was needed.
  const CliResult accountant_deletes =
      Crm("accountant", "", {"clients", "delete", client, "--etag", Etag(Get(client))});
  EXPECT_NE(accountant_deletes.exit_code, 0);
  EXPECT_THAT(accountant_deletes.output,
              AllOf(HasSubstr("PERMISSION_DENIED"), HasSubstr("DeleteClient requires")));
  EXPECT_THAT(Get(client), Not(HasSubstr("\"deleteTime\"")));

  const CliResult manager_queue = Crm("sales_manager", "", {"quality", "queue"});
  EXPECT_NE(manager_queue.exit_code, 0);
  EXPECT_THAT(manager_queue.output, HasSubstr("PERMISSION_DENIED"));

  TempDir dir("crm-cli-denied");
  const std::filesystem::path csv = dir.path() / "clients.csv";
  std::ofstream(csv) << "ИНН;Наименование\n6324011003;Похвистневский завод\n";
  const CliResult manager_imports = Crm("sales_manager", "", {"import", "create", csv.string()});
  EXPECT_NE(manager_imports.exit_code, 0);
  EXPECT_THAT(manager_imports.output, HasSubstr("PERMISSION_DENIED"));

  const CliResult analyst_department =
      Crm("analyst", "", {"departments", "create", "--display-name", "Отдел качества"});
  EXPECT_NE(analyst_department.exit_code, 0);
  EXPECT_THAT(analyst_department.output, HasSubstr("PERMISSION_DENIED"));

  const CliResult accountant_group =
      Crm("accountant", "", {"groups", "create", "--display-name", "Должники", "--kind", "other"});
  EXPECT_NE(accountant_group.exit_code, 0);
  EXPECT_THAT(accountant_group.output, HasSubstr("PERMISSION_DENIED"));

  // Bad input names the field, and nothing is created.
  const CliResult bad_inn =
      Crm("analyst", "",
          {"clients", "create", "--display-name", "Похвистневский завод", "--legal-name",
           "ООО «Похвистневский завод»", "--inn", "1234567890", "--kpp", "632401001"});
  EXPECT_NE(bad_inn.exit_code, 0);
  EXPECT_THAT(bad_inn.output, AllOf(HasSubstr("INVALID_ARGUMENT"), HasSubstr("client.inn")));
  const CliResult no_kpp =
      Crm("analyst", "",
          {"clients", "create", "--display-name", "Похвистневский завод", "--legal-name",
           "ООО «Похвистневский завод»", "--inn", "6324011003"});
  EXPECT_NE(no_kpp.exit_code, 0);
  EXPECT_THAT(no_kpp.output, AllOf(HasSubstr("INVALID_ARGUMENT"), HasSubstr("client.kpp")));
  EXPECT_THAT(Ok("analyst", "", {"clients", "search", "--query", "похвистневский"}),
              Not(HasSubstr("clients/")));
  // A value the command line itself cannot use: exit code 2 naming the option.
  const CliResult bad_kind =
      Crm("analyst", "", {"groups", "create", "--display-name", "Прочие", "--kind", "misc"});
  EXPECT_EQ(bad_kind.exit_code, 2);
  EXPECT_THAT(bad_kind.output, HasSubstr("--kind"));
}

TEST_F(RegistryCliTest, BankAccountsAreSetShownReplacedAndChecked) {
  const std::string created =
      CreateClient("analyst", "",
                   {"--display-name", "Сбербанк", "--legal-name", "ПАО «Сбербанк России»", "--inn",
                    "7707083893", "--kpp", "773601001", "--bank-account",
                    "044525225:40702810938000012345:30101810400000000225:ПАО Сбербанк: Москва",
                    "--bank-account", "044525974:40702810800000001234"});
  const std::string client = FirstName(created, "clients");
  ASSERT_FALSE(client.empty()) << created;
  const std::string got = Get(client);
  EXPECT_THAT(JsonStrings(got, "account"),
              ElementsAre("40702810938000012345", "40702810800000001234"));
  EXPECT_THAT(JsonStrings(got, "bik"), ElementsAre("044525225", "044525974"));
  EXPECT_EQ(JsonString(got, "correspondentAccount"), "30101810400000000225");
  EXPECT_EQ(JsonString(got, "bankName"), "ПАО Сбербанк: Москва");

  // Update replaces the list with the accounts given.
  const std::string updated = Ok("accountant", "",
                                 {"clients", "update", client, "--etag", Etag(got),
                                  "--bank-account", "044525974:40702810800000001234"});
  EXPECT_THAT(JsonStrings(updated, "account"), ElementsAre("40702810800000001234"));

  // An account that does not match its bank's БИК is refused, naming it.
  const CliResult bad = Crm("analyst", "",
                            {"clients", "update", client, "--etag", Etag(updated), "--bank-account",
                             "044525225:40702810800000001234"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.output,
              AllOf(HasSubstr("INVALID_ARGUMENT"), HasSubstr("client.bank_accounts[0].account")));
}

}  // namespace
}  // namespace crm::testing
