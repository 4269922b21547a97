// The 1C EnterpriseData exchange's pure part (services/accounting/domain/enterprise_data.h): the
// objects of a document, the message envelope, and the reading of 1C's messages, hostile ones
// included.

#include "services/accounting/domain/enterprise_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "tests/unit/accounting/enterprise_data_test_events.h"

namespace crm::accounting::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

events::v1::DocumentIssued Invoice(const std::string& type = "INVOICE") {
  auto ev = exchange_test::ExchangedDocument(
      "4d3c2b1a-0f9e-4d8c-b7a6-958473625140", type, "2026-000001",
      "sales/0b6c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d", "clients/22222222-3333-4444-8555-666666666666");
  ev.mutable_client()->set_legal_name("АО «Ромашка» & <сыновья>");
  return ev;
}

const ExchangeObject* OfType(const std::vector<ExchangeObject>& objects, const std::string& type) {
  for (const auto& object : objects) {
    if (object.type == type) {
      return &object;
    }
  }
  return nullptr;
}

TEST(EnterpriseDataFormatTest, ObjectRefsAreStableNameBasedUuids) {
  const std::string ref = ObjectRef("clients/22222222-3333-4444-8555-666666666666");
  EXPECT_TRUE(common::IsUuid(ref));
  EXPECT_EQ(ref[14], '5');  // version 5
  EXPECT_EQ(ref, ObjectRef("clients/22222222-3333-4444-8555-666666666666"));
  EXPECT_NE(ref, ObjectRef("clients/22222222-3333-4444-8555-666666666667"));
}

TEST(EnterpriseDataFormatTest, AnInvoiceBecomesItsCounterpartyAccountContractAndDocument) {
  const auto objects = ObjectsOfIssued(Invoice());
  const ExchangeObject* counterparty = OfType(objects, "Справочник.Контрагенты");
  const ExchangeObject* invoice = OfType(objects, "Документ.СчетНаОплатуПокупателю");
  const ExchangeObject* contract = OfType(objects, "Справочник.Договоры");
  ASSERT_NE(counterparty, nullptr);
  ASSERT_NE(invoice, nullptr);
  ASSERT_NE(contract, nullptr);
  ASSERT_NE(OfType(objects, "Справочник.БанковскиеСчета"), nullptr);
  EXPECT_EQ(counterparty->ref, ObjectRef("clients/22222222-3333-4444-8555-666666666666"));
  EXPECT_EQ(invoice->ref, ObjectRef("documents/4d3c2b1a-0f9e-4d8c-b7a6-958473625140"));
  EXPECT_TRUE(contract->weak);  // an invoice only names the sale's contract
  EXPECT_THAT(counterparty->xml, HasSubstr("<ИНН>7736207543</ИНН>"));
  EXPECT_THAT(counterparty->xml, HasSubstr("АО «Ромашка» &amp; &lt;сыновья&gt;"));
  EXPECT_THAT(invoice->xml, HasSubstr("<Номер>2026-000001</Номер>"));
  EXPECT_THAT(invoice->xml, HasSubstr("<Дата>2026-11-27T00:00:00</Дата>"));
  EXPECT_THAT(invoice->xml, HasSubstr("<Сумма>148840.00</Сумма>"));
  EXPECT_THAT(invoice->xml, HasSubstr("<Ссылка>" + counterparty->ref + "</Ссылка>"));
  EXPECT_THAT(invoice->xml, HasSubstr("<Ссылка>" + contract->ref + "</Ссылка>"));
  EXPECT_THAT(invoice->xml, HasSubstr("<Количество>12.500</Количество>"));
  // The same event, the same bytes: a re-export updates the same objects.
  EXPECT_EQ(ObjectsOfIssued(Invoice())[4].xml, objects[4].xml);
}

TEST(EnterpriseDataFormatTest, ActsVatInvoicesContractsAndReplacementsMapToTheirObjects) {
  EXPECT_NE(OfType(ObjectsOfIssued(Invoice("ACT")), "Документ.РеализацияТоваровУслуг"), nullptr);
  EXPECT_NE(OfType(ObjectsOfIssued(Invoice("UPD")), "Документ.РеализацияТоваровУслуг"), nullptr);
  EXPECT_NE(OfType(ObjectsOfIssued(Invoice("VAT_INVOICE")), "Документ.СчетФактураВыданный"),
            nullptr);
  const auto contract = ObjectsOfIssued(Invoice("CONTRACT"));
  ASSERT_NE(OfType(contract, "Справочник.Договоры"), nullptr);
  EXPECT_FALSE(OfType(contract, "Справочник.Договоры")->weak);
  EXPECT_EQ(OfType(contract, "Справочник.Договоры")->ref,
            OfType(ObjectsOfIssued(Invoice()), "Справочник.Договоры")->ref);
  EXPECT_TRUE(ObjectsOfIssued(Invoice("CHECKLIST")).empty());

  auto replacing = Invoice();
  replacing.set_document("documents/5d3c2b1a-0f9e-4d8c-b7a6-958473625140");
  replacing.set_replaces("documents/4d3c2b1a-0f9e-4d8c-b7a6-958473625140");
  const auto objects = ObjectsOfIssued(replacing);
  const ExchangeObject* deletion = OfType(objects, "УдалениеОбъекта");
  ASSERT_NE(deletion, nullptr);
  EXPECT_EQ(deletion->ref, ObjectRef("documents/4d3c2b1a-0f9e-4d8c-b7a6-958473625140"));

  events::v1::DocumentAnnulled annulled;
  annulled.set_document("documents/4d3c2b1a-0f9e-4d8c-b7a6-958473625140");
  annulled.set_type("INVOICE");
  const auto deleted = ObjectsOfAnnulled(annulled);
  ASSERT_EQ(deleted.size(), 1U);
  EXPECT_EQ(deleted[0].ref, deletion->ref);
  EXPECT_THAT(deleted[0].xml, HasSubstr("СсылкаНаОбъект.Документ.СчетНаОплатуПокупателю"));

  auto broken = Invoice();
  broken.clear_number();
  EXPECT_THROW(ObjectsOfIssued(broken), common::ValidationError);
}

TEST(EnterpriseDataFormatTest, AMessageCarriesItsNumbersAndReadsBack) {
  MessageHeader header;
  header.from = "CRM";
  header.to = "BP";
  header.message_no = 7;
  header.received_no = 3;
  std::vector<std::string> bodies;
  for (const auto& object : ObjectsOfIssued(Invoice())) {
    bodies.push_back(object.xml);
  }
  const std::string message = BuildMessage(header, "2026-12-06T14:00:00", bodies);
  EXPECT_THAT(message, HasSubstr("<msg:MessageNo>7</msg:MessageNo>"));
  EXPECT_THAT(message, HasSubstr("<msg:ReceivedNo>3</msg:ReceivedNo>"));
  EXPECT_THAT(message, HasSubstr(std::string("<Body xmlns=\"") + kEnterpriseDataNamespace));
  EXPECT_THAT(message, Not(HasSubstr("xmlns=\"\"")));
  EXPECT_EQ(MessageFileName("CRM", "BP"), "Message_CRM_BP.xml");

  // Read as 1C would (from CRM to BP).
  const InboundMessage read = ParseMessage(message, "BP", "CRM");
  EXPECT_EQ(read.header.message_no, 7);
  EXPECT_EQ(read.header.received_no, 3);
  EXPECT_EQ(read.other_objects, static_cast<int>(bodies.size()));
  EXPECT_TRUE(read.payments.empty());
}

std::string FromOneC(const std::string& body, const std::string& format = kEnterpriseDataNamespace,
                     const std::string& message_no = "4") {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message xmlns:msg=\"") +
         kExchangeMessageNamespace + "\"><msg:Header><msg:Format>" + format +
         "</msg:Format><msg:Confirmation><msg:ExchangePlan>" + kExchangePlan +
         "</msg:ExchangePlan><msg:To>CRM</msg:To><msg:From>BP</msg:From><msg:MessageNo>" +
         message_no +
         "</msg:MessageNo><msg:ReceivedNo>2</msg:ReceivedNo></msg:Confirmation></msg:Header>"
         "<Body xmlns=\"" +
         format + "\">" + body + "</Body></Message>";
}

const char kPayment[] =
    "<Документ.ПоступлениеБезналичныхДенежныхСредств><КлючевыеСвойства>"
    "<Ссылка>9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d</Ссылка><Дата>2026-03-02T12:00:00</Дата>"
    "<Номер>00БП-000012</Номер></КлючевыеСвойства>"
    "<Контрагент><Ссылка>x</Ссылка><Наименование>Ромашка</Наименование>"
    "<ИНН>7736207543</ИНН><КПП>773601001</КПП></Контрагент>"
    "<БанковскийСчетКонтрагента><НомерСчета>40702810500000000418</НомерСчета>"
    "</БанковскийСчетКонтрагента><БанковскийСчетОрганизации>"
    "<НомерСчета>40702810900000012345</НомерСчета></БанковскийСчетОрганизации>"
    "<СуммаДокумента>148840.5</СуммаДокумента><НомерВходящегоДокумента>418"
    "</НомерВходящегоДокумента><ДатаВходящегоДокумента>2026-02-27T00:00:00"
    "</ДатаВходящегоДокумента><НазначениеПлатежа>Оплата по счету № 2026-000007</НазначениеПлатежа>"
    "</Документ.ПоступлениеБезналичныхДенежныхСредств>";

TEST(EnterpriseDataFormatTest, IncomingPaymentsAreReadAsStatementDocuments) {
  const InboundMessage message = ParseMessage(FromOneC(kPayment), "CRM", "BP");
  EXPECT_EQ(message.header.message_no, 4);
  EXPECT_EQ(message.header.received_no, 2);
  ASSERT_EQ(message.payments.size(), 1U);
  const InboundPayment& p = message.payments[0];
  EXPECT_EQ(p.number, "418");
  EXPECT_EQ(p.date, "2026-02-27");
  EXPECT_EQ(p.amount_kopecks, 14884050);
  EXPECT_EQ(p.payer_inn, "7736207543");
  EXPECT_EQ(p.payer_kpp, "773601001");
  EXPECT_EQ(p.payer_account, "40702810500000000418");
  EXPECT_EQ(p.purpose, "Оплата по счету № 2026-000007");
  const BankStatement statement = StatementOf(message);
  ASSERT_EQ(statement.documents.size(), 1U);
  EXPECT_TRUE(statement.documents[0].incoming);
  EXPECT_EQ(statement.documents[0].line, 1);
  EXPECT_EQ(statement.start_date, "2026-02-27");
  EXPECT_EQ(statement.accounts, std::vector<std::string>{"40702810900000012345"});
}

void ExpectRefused(const std::string& bytes, const std::string& why) {
  try {
    ParseMessage(bytes, "CRM", "BP");
    ADD_FAILURE() << "accepted: " << why;
  } catch (const ExchangeMessageError& e) {
    EXPECT_THAT(e.what(), HasSubstr(why));
  }
}

TEST(EnterpriseDataFormatTest, HostileMessagesAreRefusedWithTheReason) {
  const std::string good = FromOneC(kPayment);
  ExpectRefused("", "empty");
  ExpectRefused("this is not xml", "not well-formed");
  ExpectRefused(good.substr(0, good.size() / 2), "not well-formed");
  ExpectRefused(FromOneC(kPayment, "http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.6"), "Format");
  ExpectRefused(FromOneC(kPayment, kEnterpriseDataNamespace, "0"), "MessageNo");
  ExpectRefused(FromOneC(kPayment, kEnterpriseDataNamespace, "x1"), "MessageNo");
  // Entity expansion ("billion laughs"): any DOCTYPE is refused, nothing is expanded.
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE Message [<!ENTITY a \"hahahahaha\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
      "<Message>&c;</Message>";
  ExpectRefused(laughs, "DOCTYPE");
  const std::string external =
      "<?xml version=\"1.0\"?><!DOCTYPE Message [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<Message>&x;</Message>";
  ExpectRefused(external, "DOCTYPE");
  ExpectRefused(std::string(kMaxExchangeMessageBytes + 1, ' '), "larger than");
  ExpectRefused("<Other/>", "not Message");
  std::string from_elsewhere = good;
  from_elsewhere.replace(from_elsewhere.find("<msg:From>BP"), 12, "<msg:From>UT");
  ExpectRefused(from_elsewhere, "this exchange takes messages from");
  std::string no_inn = good;
  no_inn.replace(no_inn.find("<ИНН>7736207543</ИНН>"), std::string("<ИНН>7736207543</ИНН>").size(),
                 "");
  ExpectRefused(
      FromOneC(std::string(kPayment).replace(std::string(kPayment).find("148840.5"), 8, "-5")),
      "СуммаДокумента");
  ExpectRefused(no_inn, "ИНН");
}

TEST(EnterpriseDataFormatTest, AZippedMessageIsReadAndAZipBombRefused) {
  const std::string xml = FromOneC(kPayment);
  const InboundMessage message =
      ParseMessage(exchange_test::Zip({{"Message_BP_CRM.xml", xml}}), "CRM", "BP");
  EXPECT_EQ(message.header.message_no, 4);
  EXPECT_EQ(message.payments.size(), 1U);
  // 40 MiB of spaces deflate to a few dozen KiB: refused by its size, never inflated whole.
  const std::string bomb = exchange_test::Zip(
      {{"Message_BP_CRM.xml", xml + std::string(std::size_t{40} * 1024 * 1024, ' ')}});
  EXPECT_LT(bomb.size(), std::size_t{1024} * 1024);
  ExpectRefused(bomb, "too large");
  ExpectRefused(exchange_test::Zip({{"a.xml", xml}, {"b.xml", xml}}), "exactly one .xml");
  ExpectRefused(exchange_test::Zip({{"Message_BP_CRM.txt", xml}}), "exactly one .xml");
  const std::string zipped = exchange_test::Zip({{"Message_BP_CRM.xml", xml}});
  ExpectRefused(zipped.substr(0, zipped.size() / 2), "not an exchange message");
  // A zipped entity attack is refused like a plain one.
  ExpectRefused(exchange_test::Zip({{"m.xml", "<!DOCTYPE x [<!ENTITY a \"a\">]><x>&a;</x>"}}),
                "DOCTYPE");
}

// АО «Ромашка» with an account at Сбербанк (the main one) and one at Т-Банк.
events::v1::ClientSnapshot ClientWithAccounts() {
  events::v1::ClientSnapshot client = Invoice().client();
  auto* sber = client.add_bank_accounts();
  sber->set_bik("044525225");
  sber->set_account("40702810938000012345");
  sber->set_correspondent_account("30101810400000000225");
  sber->set_bank_name("ПАО Сбербанк");
  auto* tbank = client.add_bank_accounts();
  tbank->set_bik("044525974");
  tbank->set_account("40702810800000001234");
  return client;
}

TEST(EnterpriseDataFormatTest, ACounterpartysBankAccountsAreOwnedByItUnderStableRefs) {
  const events::v1::ClientSnapshot client = ClientWithAccounts();
  const std::vector<ExchangeObject> objects = CounterpartyBankAccounts(client);
  ASSERT_EQ(objects.size(), 2U);
  const std::string source = client.client() + "/bankAccounts/40702810938000012345";
  EXPECT_EQ(ClientBankAccountSource(client.client(), "40702810938000012345"), source);
  EXPECT_EQ(objects[0].ref, ObjectRef(source));
  EXPECT_EQ(objects[0].source, source);
  EXPECT_EQ(objects[0].type, "Справочник.БанковскиеСчета");
  EXPECT_EQ(objects[0].priority, 0);
  EXPECT_FALSE(objects[0].weak);
  EXPECT_EQ(objects[0].xml, CounterpartyBankAccounts(client)[0].xml);  // the same every time

  const auto read = exchange_test::BankAccountObjects(objects[0].xml);
  ASSERT_EQ(read.size(), 1U);
  EXPECT_EQ(read[0].ref, ObjectRef(source));
  EXPECT_EQ(read[0].number, "40702810938000012345");
  EXPECT_EQ(read[0].bik, "044525225");
  EXPECT_EQ(read[0].correspondent_account, "30101810400000000225");
  EXPECT_EQ(read[0].bank_name, "ПАО Сбербанк");
  EXPECT_EQ(read[0].owner_kind, "Контрагент");
  EXPECT_EQ(read[0].owner_ref, ObjectRef(client.client()));
  EXPECT_EQ(read[0].owner_inn, "7736207543");
  const auto second = exchange_test::BankAccountObjects(objects[1].xml);
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(second[0].bik, "044525974");
  EXPECT_EQ(second[0].correspondent_account, "");
  EXPECT_EQ(second[0].owner_ref, ObjectRef(client.client()));

  const ExchangeObject deletion = BankAccountDeletion(client.client(), "40702810800000001234");
  EXPECT_EQ(deletion.type, "УдалениеОбъекта");
  EXPECT_EQ(deletion.ref, objects[1].ref);
  EXPECT_EQ(deletion.priority, 2);
  EXPECT_THAT(exchange_test::DeletedBankAccountRefs(deletion.xml),
              ::testing::ElementsAre(objects[1].ref));
}

TEST(EnterpriseDataFormatTest, AnIssuedDocumentCarriesTheBuyersAccountsBesideTheOrganisations) {
  events::v1::DocumentIssued invoice = Invoice();
  *invoice.mutable_client() = ClientWithAccounts();
  const auto objects = ObjectsOfIssued(invoice);
  std::vector<exchange_test::BankAccountObject> accounts;
  for (const auto& object : objects) {
    for (auto& account : exchange_test::BankAccountObjects(object.xml)) {
      if (object.type == "Справочник.БанковскиеСчета") {
        accounts.push_back(std::move(account));
      }
    }
  }
  ASSERT_EQ(accounts.size(), 3U);
  EXPECT_EQ(accounts[0].owner_kind, "Контрагент");
  EXPECT_EQ(accounts[0].number, "40702810938000012345");
  EXPECT_EQ(accounts[1].owner_kind, "Контрагент");
  EXPECT_EQ(accounts[1].number, "40702810800000001234");
  // The organisation's own account is as it was: owned by the organisation.
  EXPECT_EQ(accounts[2].owner_kind, "Организация");
  EXPECT_EQ(accounts[2].number, "40702810900000012345");
  EXPECT_EQ(accounts[2].owner_ref, ObjectRef("issuers/11111111-2222-4333-8444-555555555555"));
  EXPECT_EQ(accounts[2].ref, ObjectRef("issuers/11111111-2222-4333-8444-555555555555/bankAccounts/"
                                       "40702810900000012345"));
  // Without accounts, only the organisation's.
  EXPECT_EQ(objects.size(), ObjectsOfIssued(Invoice()).size() + 2);
}

}  // namespace
}  // namespace crm::accounting::domain
