#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/core/code_page.h"

// Bank statements in 1C's client-bank exchange format, version 1.03
// (docs/accounting-bank-statements.md): a text file in Windows-1251 or DOS (CP866) code page, lines
// of key=value between section markers:
//
//   1CClientBankExchange                      the file's first line
//   ВерсияФормата=1.03, Кодировка=Windows|DOS, ДатаНачала, ДатаКонца, РасчСчет, ...   header
//   СекцияРасчСчет ... КонецРасчСчет          balances of one account over the interval
//   СекцияДокумент=<kind> ... КонецДокумента  one payment document
//   КонецФайла                                the last line
//
// Pure: bytes in, a statement or a StatementFormatError out. A file is taken whole or not at all.
namespace crm::accounting::domain {

// The file is not a well-formed statement; nothing of it may be used.
class StatementFormatError : public std::runtime_error {
 public:
  // `line` is 1-based; 0 when the problem is the file as a whole (its size, its encoding).
  StatementFormatError(int line, const std::string& message);
  int line() const { return line_; }

 private:
  int line_;
};

// Larger files are refused unread. 100,000 payment documents take about 58 MB. The API's message
// limit is 16 MiB (about 27,000 documents); larger statements go through the inbox directory.
inline constexpr std::size_t kMaxStatementBytes = std::size_t{64} * 1024 * 1024;
// A longer line is not a statement's (the longest field, a payment's purpose, is 210 characters).
inline constexpr std::size_t kMaxStatementLineBytes = 2000;

// СекцияРасчСчет: an account's balances over the statement's interval (kopecks).
struct StatementAccount {
  int line = 0;
  std::string account;
  std::string start_date;  // ISO; "" when absent
  std::string end_date;    // ISO; "" when absent
  int64_t opening_balance = 0;
  int64_t total_received = 0;
  int64_t total_debited = 0;
  int64_t closing_balance = 0;
};

// СекцияДокумент: one payment document (a payment order, a bank order, ...).
struct StatementDocument {
  int line = 0;      // the line of its СекцияДокумент
  std::string kind;  // the section's value, e.g. "Платежное поручение"
  std::string number;
  std::string date;  // ISO
  int64_t amount_kopecks = 0;
  std::string payer_account;
  std::string payer_inn;  // "" when absent or "0"
  std::string payer_kpp;  // "" when absent or "0"
  std::string payer_name;
  std::string payer_bank;
  std::string payer_bik;
  std::string payee_account;
  std::string payee_inn;
  std::string payee_kpp;
  std::string payee_name;
  std::string payee_bank;
  std::string payee_bik;
  std::string debited_date;   // ДатаСписано, ISO; "" when absent
  std::string credited_date;  // ДатаПоступило, ISO; "" when absent
  std::string purpose;  // НазначениеПлатежа (or its numbered parts joined by spaces)
  // Money coming in: the payee's account is one of the statement's (else the payer's is).
  bool incoming = false;
  // Every key=value of the section as written (UTF-8), in file order, as the JSON array
  // [["key","value"], ...] the payment keeps: one string, not a pair of strings per field, so that
  // a statement of 100,000 documents stays small in memory.
  std::string fields_json;
};

struct BankStatement {
  crm::common::CodePage code_page = crm::common::CodePage::kWindows1251;
  std::string version;  // "1.03"
  std::string sender;
  std::string receiver;
  std::string start_date;             // ISO
  std::string end_date;               // ISO
  std::vector<std::string> accounts;  // the header's РасчСчет lines: our accounts
  std::vector<StatementAccount> balances;
  std::vector<StatementDocument> documents;
};

// Reads a whole statement file. Throws StatementFormatError, with the line, for anything that is
// not the format: a file over kMaxStatementBytes, another first line, a code page other than the
// one the header names (UTF-8 included), bytes without a character, control characters, a line
// that is neither key=value nor a marker, a value carrying a section marker, a section not closed
// before the next one or the end, no КонецФайла or anything after it, a key twice in a section,
// a required value missing or malformed (dates dd.mm.yyyy, amounts 123.45, 20-digit accounts,
// INN of 10 or 12 digits), a document touching none of the statement's accounts, and the same
// payment order (number, date, payer's account, amount) twice.
BankStatement ParseBankStatement(std::string_view bytes);

}  // namespace crm::accounting::domain
