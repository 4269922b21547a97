// The 1CClientBankExchange 1.03 reader on statement files written from the format's published
// description (statements/statement_windows.txt in Windows-1251, statement_dos.txt the same in
// CP866), and on hostile variants of them: each refused whole, with the line at fault.

#include "services/accounting/domain/bank_statement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

namespace crm::accounting::domain {
namespace {

using crm::common::CodePage;
using ::testing::HasSubstr;

std::string ReadStatementFile(const std::string& name) {
  std::ifstream in(std::string(CRM_STATEMENTS_DIR) + "/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// UTF-8 test text in the code page a bank would write it in.
std::string Encode(const std::string& utf8, const char* code_page) {
  return crm::common::FromUtf8(
      utf8, std::string_view(code_page) == "CP866" ? CodePage::kCp866 : CodePage::kWindows1251);
}

// The Windows statement as UTF-8 text, to be altered and encoded again.
std::string StatementText() {
  return crm::common::ToUtf8(ReadStatementFile("statement_windows.txt"), CodePage::kWindows1251);
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The error ParseBankStatement gives for `bytes`; fails the test when it reads them.
StatementFormatError ErrorOf(const std::string& bytes) {
  try {
    ParseBankStatement(bytes);
  } catch (const StatementFormatError& e) {
    return e;
  }
  ADD_FAILURE() << "the file was read";
  return StatementFormatError(-1, "read");
}

TEST(BankStatementTest, ReadsAWindows1251Statement) {
  const BankStatement s = ParseBankStatement(ReadStatementFile("statement_windows.txt"));
  EXPECT_EQ(s.code_page, CodePage::kWindows1251);
  EXPECT_EQ(s.version, "1.03");
  EXPECT_EQ(s.sender, "СБИС Банк-Клиент");
  EXPECT_EQ(s.start_date, "2026-03-02");
  EXPECT_EQ(s.end_date, "2026-03-02");
  EXPECT_THAT(s.accounts, ::testing::ElementsAre("40702810900000012345"));
  ASSERT_EQ(s.balances.size(), 1U);
  EXPECT_EQ(s.balances[0].line, 12);
  EXPECT_EQ(s.balances[0].opening_balance, 100000000);
  EXPECT_EQ(s.balances[0].total_received, 19884000);
  EXPECT_EQ(s.balances[0].total_debited, 1200050);
  EXPECT_EQ(s.balances[0].closing_balance, 118683950);
  ASSERT_EQ(s.documents.size(), 3U);

  const StatementDocument& first = s.documents[0];
  EXPECT_EQ(first.line, 21);
  EXPECT_EQ(first.kind, "Платежное поручение");
  EXPECT_EQ(first.number, "418");
  EXPECT_EQ(first.date, "2026-02-27");
  EXPECT_EQ(first.amount_kopecks, 14884000);
  EXPECT_EQ(first.payer_account, "40702810500000000418");
  EXPECT_EQ(first.payer_inn, "7736207543");
  EXPECT_EQ(first.payer_kpp, "773601001");
  EXPECT_EQ(first.payer_name, "АО \"Ромашка\"");
  EXPECT_EQ(first.payer_bank, "ПАО СБЕРБАНК");
  EXPECT_EQ(first.payer_bik, "044525225");
  EXPECT_EQ(first.payee_account, "40702810900000012345");
  EXPECT_EQ(first.payee_inn, "7707083893");
  EXPECT_EQ(first.credited_date, "2026-03-02");
  EXPECT_EQ(first.debited_date, "");
  EXPECT_THAT(first.purpose, HasSubstr("Оплата по счету № 2026-000007 от 14.02.2026"));
  EXPECT_TRUE(first.incoming);
  const nlohmann::json fields = nlohmann::json::parse(first.fields_json);
  ASSERT_EQ(fields.size(), 27U);
  EXPECT_EQ(fields.front(), nlohmann::json::array({"Номер", "418"}));
  EXPECT_EQ(fields.back()[0], "НазначениеПлатежа");

  const StatementDocument& sole_trader = s.documents[1];
  EXPECT_EQ(sole_trader.amount_kopecks, 5000000);
  EXPECT_EQ(sole_trader.payer_inn, "631234567890");
  EXPECT_EQ(sole_trader.payer_kpp, "");  // "0": none
  EXPECT_EQ(sole_trader.purpose, "Предоплата за стенд Без НДС");
  EXPECT_TRUE(sole_trader.incoming);

  const StatementDocument& outgoing = s.documents[2];
  EXPECT_EQ(outgoing.amount_kopecks, 1200050);
  EXPECT_EQ(outgoing.debited_date, "2026-03-02");
  EXPECT_FALSE(outgoing.incoming);
}

TEST(BankStatementTest, ReadsTheSameStatementInDos) {
  const BankStatement windows = ParseBankStatement(ReadStatementFile("statement_windows.txt"));
  const BankStatement dos = ParseBankStatement(ReadStatementFile("statement_dos.txt"));
  EXPECT_EQ(dos.code_page, CodePage::kCp866);
  ASSERT_EQ(dos.documents.size(), windows.documents.size());
  for (std::size_t i = 0; i < dos.documents.size(); ++i) {
    EXPECT_EQ(dos.documents[i].fields_json, windows.documents[i].fields_json);
    EXPECT_EQ(dos.documents[i].purpose, windows.documents[i].purpose);
  }
  EXPECT_THAT(dos.documents[0].purpose, HasSubstr("№ 2026-000007"));
}

TEST(BankStatementTest, LinesEndingInLfAloneReadAsWell) {
  std::string text = StatementText();
  std::erase(text, '\r');
  EXPECT_EQ(ParseBankStatement(Encode(text, "CP1251")).documents.size(), 3U);
}

TEST(BankStatementTest, ADocumentSectionNeverClosedIsRefusedAtTheNextSection) {
  const std::string text = StatementText();
  const std::size_t first_end = text.find("КонецДокумента\r\n");
  std::string broken = text;
  broken.erase(first_end, std::string("КонецДокумента\r\n").size());
  const StatementFormatError e = ErrorOf(Encode(broken, "CP1251"));
  EXPECT_EQ(e.line(), 49);
  EXPECT_THAT(e.what(), HasSubstr("the section that starts at line 21 is not closed"));
}

TEST(BankStatementTest, ATruncatedFileIsRefused) {
  const std::string text = StatementText();
  const std::string inside = text.substr(0, text.find("Сумма=50000"));
  StatementFormatError e = ErrorOf(Encode(inside, "CP1251"));
  EXPECT_THAT(e.what(), HasSubstr("ends inside the section that starts at line 50"));

  const std::string no_end = Replace(text, "КонецФайла\r\n", "");
  e = ErrorOf(Encode(no_end, "CP1251"));
  EXPECT_THAT(e.what(), HasSubstr("without КонецФайла"));

  // Cut in the middle of a line.
  e = ErrorOf(ReadStatementFile("statement_windows.txt").substr(0, 300));
  EXPECT_THAT(e.what(), HasSubstr("truncated"));
}

TEST(BankStatementTest, TextAfterTheEndOfFileIsRefused) {
  const std::string text = StatementText() + "СекцияДокумент=Платежное поручение\r\n";
  const StatementFormatError e = ErrorOf(Encode(text, "CP1251"));
  EXPECT_EQ(e.line(), 81);
  EXPECT_THAT(e.what(), HasSubstr("after КонецФайла"));
}

TEST(BankStatementTest, AWrongEncodingIsRefused) {
  // The DOS file claiming Windows, and the Windows file claiming DOS.
  std::string dos = ReadStatementFile("statement_dos.txt");
  const std::string windows_claim =
      Replace(crm::common::ToUtf8(dos, CodePage::kCp866), "Кодировка=DOS", "Кодировка=Windows");
  StatementFormatError e = ErrorOf(Encode(windows_claim, "CP866"));
  EXPECT_EQ(e.line(), 3);
  EXPECT_THAT(e.what(), HasSubstr("says Кодировка=Windows but the file is written in CP866"));

  const std::string dos_claim = Replace(StatementText(), "Кодировка=Windows", "Кодировка=DOS");
  e = ErrorOf(Encode(dos_claim, "CP1251"));
  EXPECT_THAT(e.what(), HasSubstr("says Кодировка=DOS but the file is written in Windows-1251"));

  // UTF-8, as an editor might save it, with and without a byte order mark.
  e = ErrorOf(StatementText());
  EXPECT_EQ(e.line(), 3);
  EXPECT_THAT(e.what(), HasSubstr("UTF-8"));
  e = ErrorOf("\xEF\xBB\xBF" + StatementText());
  EXPECT_THAT(e.what(), HasSubstr("byte order mark"));

  // A byte Windows-1251 has no character for.
  std::string bytes = ReadStatementFile("statement_windows.txt");
  bytes.insert(bytes.find(Encode("Номер=418", "CP1251")) + 7, "\x98");
  e = ErrorOf(bytes);
  EXPECT_EQ(e.line(), 22);
  EXPECT_THAT(e.what(), HasSubstr("not valid Windows-1251"));

  // No Кодировка at all.
  e = ErrorOf(Encode(Replace(StatementText(), "Кодировка=Windows\r\n", ""), "CP1251"));
  EXPECT_THAT(e.what(), HasSubstr("no Кодировка"));
}

TEST(BankStatementTest, ControlCharactersAreRefused) {
  for (const std::string& control :
       {std::string("\x01"), std::string("\x1b[2J"), std::string("\t"), std::string("\r")}) {
    const std::string text =
        Replace(StatementText(), "Предоплата за стенд", "Предоплата" + control + " за стенд");
    const StatementFormatError e = ErrorOf(Encode(text, "CP1251"));
    EXPECT_EQ(e.line(), 64) << static_cast<int>(control[0]);
    EXPECT_THAT(e.what(), HasSubstr("control character"));
  }
  std::string with_nul = ReadStatementFile("statement_windows.txt");
  with_nul.insert(with_nul.find(Encode("Номер=418", "CP1251")) + 6, std::string(1, '\0'));
  EXPECT_EQ(ErrorOf(with_nul).line(), 22);
}

TEST(BankStatementTest, ValuesCarryingSectionMarkersAreRefused) {
  for (const std::string marker : {"КонецДокумента", "КонецФайла", "СекцияДокумент=Платежное",
                                   "СекцияРасчСчет", "1CClientBankExchange"}) {
    const std::string text =
        Replace(StatementText(), "Предоплата за стенд", "Предоплата " + marker);
    const StatementFormatError e = ErrorOf(Encode(text, "CP1251"));
    EXPECT_EQ(e.line(), 64) << marker;
    EXPECT_THAT(e.what(), HasSubstr("holds a section marker"));
  }
  // A marker as a key inside a section.
  const std::string text = Replace(StatementText(), "ВидОплаты=01\r\nНазначениеПлатежа1",
                                   "КонецФайла=1\r\nНазначениеПлатежа1");
  EXPECT_THAT(ErrorOf(Encode(text, "CP1251")).what(), HasSubstr("unexpected КонецФайла"));
}

TEST(BankStatementTest, TheSamePaymentOrderTwiceInOneFileIsRefused) {
  const std::string text = StatementText();
  const std::size_t begin = text.find("СекцияДокумент");
  const std::size_t end =
      text.find("КонецДокумента\r\n") + std::string("КонецДокумента\r\n").size();
  std::string twice = text;
  twice.insert(end, text.substr(begin, end - begin));
  const StatementFormatError e = ErrorOf(Encode(twice, "CP1251"));
  EXPECT_EQ(e.line(), 50);
  EXPECT_THAT(e.what(), HasSubstr("the same payment order (Номер 418"));
  EXPECT_THAT(e.what(), HasSubstr("as at line 21"));
}

TEST(BankStatementTest, AKeyTwiceInASectionIsRefused) {
  const std::string text =
      Replace(StatementText(), "Сумма=50000\r\n", "Сумма=50000\r\nСумма=5\r\n");
  const StatementFormatError e = ErrorOf(Encode(text, "CP1251"));
  EXPECT_EQ(e.line(), 54);
  EXPECT_THAT(e.what(), HasSubstr("Сумма appears twice"));
}

TEST(BankStatementTest, MalformedValuesAreRefusedWithTheirLine) {
  struct Case {
    std::string from, to, message;
    int line;
  };
  const std::vector<Case> cases = {
      {"Сумма=50000", "Сумма=50 000,00", "Сумма must be an amount", 53},
      {"Сумма=50000", "Сумма=0.00", "Сумма must be more than zero", 53},
      {"Сумма=50000", "Сумма=-5", "Сумма must be an amount", 53},
      {"Сумма=50000", "Сумма=1.234", "Сумма must be an amount", 53},
      {"Дата=02.03.2026\r\nСумма=50000", "Дата=30.02.2026\r\nСумма=50000", "Дата must be a date",
       52},
      {"ПлательщикСчет=40802810100000000077", "ПлательщикСчет=4080281010000000007",
       "ПлательщикСчет must be an account of 20 digits", 54},
      {"ПлательщикИНН=631234567890", "ПлательщикИНН=63123456789", "ПлательщикИНН must be an INN",
       56},
      {"ПлательщикКПП=773601001", "ПлательщикКПП=7736", "ПлательщикКПП must be a KPP", 28},
      {"Номер=77\r\n", "", "has no Номер", 50},
      {"ВерсияФормата=1.03", "ВерсияФормата=1.02", "1.02 is not supported", 2},
      {"ДатаНачала=02.03.2026\r\nДатаКонца=02.03.2026\r\nРасчСчет=40702810900000012345\r\nДокумент",
       "ДатаНачала=03.03.2026\r\nДатаКонца=02.03.2026\r\nРасчСчет=40702810900000012345\r\nДокумент",
       "ДатаКонца is before ДатаНачала", 9},
      {"Отправитель=СБИС Банк-Клиент", "Отправитель СБИС", "expected key=value", 4},
      {"ПолучательСчет=40702810300000000999", "ПолучательСчет=40702810300000000998", "",
       0},  // still ours: the payer's account is the statement's
  };
  for (const Case& c : cases) {
    const std::string bytes = Encode(Replace(StatementText(), c.from, c.to), "CP1251");
    if (c.message.empty()) {
      EXPECT_NO_THROW(ParseBankStatement(bytes));
      continue;
    }
    const StatementFormatError e = ErrorOf(bytes);
    EXPECT_EQ(e.line(), c.line) << c.to;
    EXPECT_THAT(e.what(), HasSubstr(c.message)) << c.to;
  }
}

TEST(BankStatementTest, ADocumentOfAnotherAccountIsRefused) {
  const std::string text =
      Replace(StatementText(), "ПолучательСчет=40702810900000012345\r\nПолучатель1=ООО \"Экспо\"",
              "ПолучательСчет=40702810900000054321\r\nПолучатель1=ООО \"Экспо\"");
  const StatementFormatError e = ErrorOf(Encode(text, "CP1251"));
  EXPECT_EQ(e.line(), 50);
  EXPECT_THAT(e.what(), HasSubstr("touches none of the statement's accounts"));
}

TEST(BankStatementTest, GarbageAndAbsurdSizesAreRefusedUnread) {
  EXPECT_THAT(ErrorOf("").what(), HasSubstr("empty"));

  std::string fifty_megabytes(std::size_t{50} * 1024 * 1024, '\0');
  std::mt19937 random(14);
  for (char& c : fifty_megabytes) {
    c = static_cast<char>(random() & 0xFF);
  }
  StatementFormatError e = ErrorOf(fifty_megabytes);
  EXPECT_GE(e.line(), 1);  // within the size limit: refused at its first malformed line

  e = ErrorOf(std::string(std::size_t{65} * 1024 * 1024, 'A'));
  EXPECT_EQ(e.line(), 0);
  EXPECT_THAT(e.what(), HasSubstr("at most 67108864"));

  e = ErrorOf(fifty_megabytes.substr(0, std::size_t{1} * 1024 * 1024));
  EXPECT_GE(e.line(), 1);

  const std::string long_line = "1CClientBankExchange\r\n" + std::string(5000, 'A') + "\r\n";
  e = ErrorOf(long_line);
  EXPECT_EQ(e.line(), 2);
  EXPECT_THAT(e.what(), HasSubstr("longer than 2000 bytes"));

  e = ErrorOf("PK\x03\x04 not a statement");
  EXPECT_EQ(e.line(), 1);
  EXPECT_THAT(e.what(), HasSubstr("does not start with 1CClientBankExchange"));
}

}  // namespace
}  // namespace crm::accounting::domain
