// Mailing rules and files, free of I/O.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "common/core/errors.h"
#include "services/registry/domain/mailing_files.h"
#include "services/registry/domain/mailing_rules.h"

namespace crm::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

MailingRecipient Recipient(int row) {
  MailingRecipient r;
  r.row_number = row;
  r.client_id = "7f1c0c4e-0000-4000-8000-000000000001";
  r.addressee = "ООО «Волга; Строй»";
  r.inn = "6316000000";
  r.contact_person = "Петров \"Иван\"";
  r.position = "=директор";
  r.postal_code = "443001";
  r.region_code = "63";
  r.city = "Самара";
  r.street_line = "ул. Ленина, д. 1";
  return r;
}

std::vector<std::string> Violated(const std::function<void()>& call) {
  try {
    call();
  } catch (const common::ValidationError& error) {
    std::vector<std::string> fields;
    for (const auto& violation : error.violations()) {
      fields.push_back(violation.field);
    }
    return fields;
  }
  return {};
}

TEST(MailingCsv, Utf8WithBomSemicolonsAndQuotedFields) {
  const std::string csv = MailingCsv({Recipient(1)});
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF№;Получатель;ИНН;"));
  EXPECT_THAT(csv, HasSubstr("\r\n1;\"ООО «Волга; Строй»\";6316000000;\"Петров \"\"Иван\"\"\";"
                             "'=директор;443001;Самарская область;Самара;ул. Ленина, д. 1;"
                             "clients/7f1c0c4e-0000-4000-8000-000000000001\r\n"));
  EXPECT_TRUE(csv.ends_with("\r\n"));
}

// OWASP CSV injection: every character a spreadsheet starts a formula with, the tab and the
// carriage return included, gets the apostrophe.
TEST(MailingCsv, EveryFormulaStartIsDefused) {
  const std::pair<std::string, std::string> cases[] = {
      {"=1+1", "'=1+1"},
      {"+7 (846) 200-00-00", "'+7 (846) 200-00-00"},
      {"-Петров", "'-Петров"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"\t=HYPERLINK(\"http://x\")", "\"'\t=HYPERLINK(\"\"http://x\"\")\""},
      {"\r=1+1", "\"'\r=1+1\""},
      {"директор", "директор"},
  };
  for (const auto& [position, expected] : cases) {
    MailingRecipient r = Recipient(1);
    r.position = position;
    EXPECT_THAT(MailingCsv({r}), HasSubstr(";\"Петров \"\"Иван\"\"\";" + expected + ";443001;"))
        << position;
  }
}

TEST(MailingLabels, RussianOrderWithTheRegionByName) {
  MailingRecipient moscow = Recipient(2);
  moscow.region_code = "77";
  moscow.city = "Москва";
  const auto labels = MailingLabels({Recipient(1), moscow});
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_THAT(AddressLabelLines(labels[0]),
              ElementsAre("ООО «Волга; Строй»", "Петров \"Иван\"", "ул. Ленина, д. 1", "Самара",
                          "Самарская область", "443001"));
  // A city of federal significance is its own region.
  EXPECT_THAT(AddressLabelLines(labels[1]), ElementsAre("ООО «Волга; Строй»", "Петров \"Иван\"",
                                                        "ул. Ленина, д. 1", "Москва", "443001"));
}

TEST(MailingRules, ReturnedMailNamesRowsOrClientsOnce) {
  v1::MarkReturnedMailRequest request;
  request.set_name("mailingExports/7f1c0c4e-0000-4000-8000-000000000001");
  request.add_row_numbers(3);
  request.add_row_numbers(3);
  request.add_row_numbers(0);
  request.add_clients("clients/nope");
  EXPECT_THAT(Violated([&] { ValidateMarkReturnedMail(request); }),
              ElementsAre("row_numbers[1]", "row_numbers[2]", "clients[0]"));
  request.clear_row_numbers();
  request.clear_clients();
  request.add_row_numbers(7);
  const ReturnedMail mail = ValidateMarkReturnedMail(request);
  EXPECT_THAT(mail.row_numbers, ElementsAre(7));
  EXPECT_EQ(ReturnedMailRequestId("e", "c"), "returned-mail:e:c");
}

TEST(MailingRules, WhoSeesAndEditsSelections) {
  using common::auth::Principal;
  using common::auth::Role;
  Principal owner{.subject = "employees/1", .roles = {Role::kSalesManager}};
  Principal other{.subject = "employees/2", .roles = {Role::kSalesManager}};
  Principal analyst{.subject = "employees/3", .roles = {Role::kAnalyst}};
  v1::MailingSelection personal;
  personal.set_personal(true);
  personal.set_owner(owner.subject);
  EXPECT_TRUE(MaySeeMailingSelection(personal, owner));
  EXPECT_FALSE(MaySeeMailingSelection(personal, other));
  EXPECT_FALSE(MayEditMailingSelection(personal, analyst));
  v1::MailingSelection shared;
  EXPECT_TRUE(MaySeeMailingSelection(shared, other));
  EXPECT_FALSE(MayEditMailingSelection(shared, owner));
  EXPECT_TRUE(MayEditMailingSelection(shared, analyst));
  EXPECT_FALSE(MayCreateMailingSelection(shared, owner));
  EXPECT_TRUE(MayCreateMailingSelection(personal, owner));
}

}  // namespace
}  // namespace crm::registry
