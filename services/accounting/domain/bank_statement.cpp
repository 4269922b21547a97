#include "services/accounting/domain/bank_statement.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <tuple>

#include "common/api/date.h"
#include "common/core/text.h"

namespace crm::accounting::domain {
namespace {

using crm::common::CodePage;

constexpr std::string_view kFirstLine = "1CClientBankExchange";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
// "Кодировка=" as each code page (and UTF-8) writes it, to read the header's own claim before the
// file can be decoded.
constexpr std::string_view kEncodingKeyWindows = "\xCA\xEE\xE4\xE8\xF0\xEE\xE2\xEA\xE0=";
constexpr std::string_view kEncodingKeyDos = "\x8A\xAE\xA4\xA8\xE0\xAE\xA2\xAA\xA0=";
constexpr std::string_view kEncodingKeyUtf8 = "Кодировка=";

constexpr std::string_view kAccountStart = "СекцияРасчСчет";
constexpr std::string_view kAccountEnd = "КонецРасчСчет";
constexpr std::string_view kDocumentStart = "СекцияДокумент";
constexpr std::string_view kDocumentEnd = "КонецДокумента";
constexpr std::string_view kFileEnd = "КонецФайла";
// Words that may only stand as markers: a value holding one is an attempt to smuggle a section
// into a field (or a file glued together by mistake).
constexpr std::array<std::string_view, 6> kMarkers = {kFirstLine,     kAccountStart, kAccountEnd,
                                                      kDocumentStart, kDocumentEnd,  kFileEnd};

constexpr int kMaxPurposeParts = 6;

// The lines of a text one at a time, without their line breaks, so that a statement of 100,000
// documents is not held a second time as a list of lines. Lines end with CR LF (the format's) or
// LF alone; a CR elsewhere stays in the line and is refused there as a control character.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  // The next line, or nullopt after the last.
  std::optional<std::string_view> Next() {
    if (begin_ >= text_.size()) {
      return std::nullopt;
    }
    std::size_t end = text_.find('\n', begin_);
    const std::size_t next = end == std::string_view::npos ? text_.size() : end + 1;
    if (end == std::string_view::npos) {
      end = text_.size();
    }
    std::size_t stop = end;
    if (stop > begin_ && text_[stop - 1] == '\r') {
      --stop;
    }
    const std::string_view line = text_.substr(begin_, stop - begin_);
    begin_ = next;
    ++number_;
    return line;
  }

  // 1-based number of the line Next returned last (after the last one: how many there are).
  int number() const { return number_; }
  // Whether the line Next returned last was the last one.
  bool AtEnd() const { return begin_ >= text_.size(); }

 private:
  std::string_view text_;
  std::size_t begin_ = 0;
  int number_ = 0;
};

// 1-based number of the line holding byte `offset` of `text`.
int LineOf(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  return 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
}

std::string_view TrimView(std::string_view text) {
  while (!text.empty() && (text.front() == ' ')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ')) {
    text.remove_suffix(1);
  }
  return text;
}

// The code page the header names, checked against the code page its own key is written in.
CodePage DetectCodePage(std::string_view bytes) {
  LineReader lines(bytes);
  lines.Next();  // 1CClientBankExchange
  while (const std::optional<std::string_view> line = lines.Next()) {
    const std::string_view text = *line;
    const int number = lines.number();
    std::optional<CodePage> written;
    std::string_view value;
    if (text.starts_with(kEncodingKeyWindows)) {
      written = CodePage::kWindows1251;
      value = text.substr(kEncodingKeyWindows.size());
    } else if (text.starts_with(kEncodingKeyDos)) {
      written = CodePage::kCp866;
      value = text.substr(kEncodingKeyDos.size());
    } else if (text.starts_with(kEncodingKeyUtf8)) {
      throw StatementFormatError(number,
                                 "the file is in UTF-8; the format is written in Windows-1251 "
                                 "(Кодировка=Windows) or CP866 (Кодировка=DOS)");
    } else {
      continue;
    }
    value = TrimView(value);
    CodePage named;
    if (value == "Windows") {
      named = CodePage::kWindows1251;
    } else if (value == "DOS") {
      named = CodePage::kCp866;
    } else {
      throw StatementFormatError(number, "Кодировка must be Windows or DOS");
    }
    if (named != *written) {
      throw StatementFormatError(number, "the header says Кодировка=" + std::string(value) +
                                             " but the file is written in " +
                                             std::string(crm::common::CodePageName(*written)));
    }
    return named;
  }
  throw StatementFormatError(0,
                             "no Кодировка line in Windows-1251 or CP866: the header must name the "
                             "code page (Кодировка=Windows or Кодировка=DOS)");
}

std::optional<std::string> IsoDateOf(std::string_view text) {
  // dd.mm.yyyy
  if (text.size() != 10 || text[2] != '.' || text[5] != '.') {
    return std::nullopt;
  }
  for (std::size_t i : {0, 1, 3, 4, 6, 7, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
  }
  auto number = [&](std::size_t at, std::size_t length) {
    int n = 0;
    for (std::size_t i = at; i < at + length; ++i) {
      n = n * 10 + (text[i] - '0');
    }
    return n;
  };
  const int day = number(0, 2);
  const int month = number(3, 2);
  const int year = number(6, 4);
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (year < 1 || !date.ok()) {
    return std::nullopt;
  }
  return crm::common::api::IsoDate(date);
}

// "123", "123.4", "123.45" (roubles) as kopecks; at most 15 digits of roubles.
std::optional<int64_t> KopecksOf(std::string_view text) {
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 15 || (dot != std::string_view::npos && fraction.empty()) ||
      fraction.size() > 2) {
    return std::nullopt;
  }
  auto digits = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(fraction)) {
    return std::nullopt;
  }
  int64_t kopecks = 0;
  for (char c : whole) {
    kopecks = kopecks * 10 + (c - '0');
  }
  kopecks *= 100;
  if (!fraction.empty()) {
    kopecks += (fraction[0] - '0') * 10;
  }
  if (fraction.size() == 2) {
    kopecks += fraction[1] - '0';
  }
  return kopecks;
}

bool AllDigits(std::string_view text, std::size_t length) {
  return text.size() == length &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `text` as a JSON string, quotes included (UTF-8 passes through; the reader has refused control
// characters already, but they would be escaped).
void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xF];
      out += kHex[c & 0xF];
    } else {
      out += c;
    }
  }
  out += '"';
}

// A key=value section as read, in file order: keys and values point into the statement's text,
// so that reading 100,000 documents allocates little besides the documents themselves.
class Section {
 public:
  Section(std::string_view name, int line) : name_(name), line_(line) {
    fields_.reserve(32);  // a payment document's usual count
  }

  void Add(std::string_view key, std::string_view value, int line) {
    if (const Field* first = Find(key)) {
      throw StatementFormatError(line, std::string(key) + " appears twice in the " +
                                           std::string(name_) + " that starts at line " +
                                           std::to_string(line_) + " (first at line " +
                                           std::to_string(first->line) + ")");
    }
    fields_.push_back({key, value, line});
  }

  int line() const { return line_; }

  // Every key=value as the JSON array [["key","value"], ...].
  std::string FieldsJson() const {
    std::size_t size = 2;
    for (const Field& field : fields_) {
      size += field.key.size() + field.value.size() + 8;  // [ " " , " " ] ,
    }
    std::string json;
    json.reserve(size);
    json += '[';
    for (const Field& field : fields_) {
      if (json.size() > 1) {
        json += ',';
      }
      json += '[';
      AppendJsonString(json, field.key);
      json += ',';
      AppendJsonString(json, field.value);
      json += ']';
    }
    return json + "]";
  }

  std::string Optional(std::string_view key) const {
    const Field* field = Find(key);
    return field == nullptr ? std::string() : std::string(field->value);
  }

  std::string Required(std::string_view key) const {
    const Field* field = Find(key);
    if (field == nullptr || field->value.empty()) {
      throw StatementFormatError(line_,
                                 "the " + std::string(name_) + " has no " + std::string(key));
    }
    return std::string(field->value);
  }

  int LineOf(std::string_view key) const {
    const Field* field = Find(key);
    return field == nullptr ? line_ : field->line;
  }

  std::string Date(std::string_view key, bool required) const {
    const std::string text = required ? Required(key) : Optional(key);
    if (text.empty()) {
      return {};
    }
    auto iso = IsoDateOf(text);
    if (!iso) {
      throw StatementFormatError(LineOf(key), std::string(key) + " must be a date dd.mm.yyyy");
    }
    return *iso;
  }

  int64_t Amount(std::string_view key, bool required) const {
    const std::string text = required ? Required(key) : Optional(key);
    if (text.empty()) {
      return 0;
    }
    auto kopecks = KopecksOf(text);
    if (!kopecks) {
      throw StatementFormatError(LineOf(key), std::string(key) + " must be an amount like 1234.56");
    }
    return *kopecks;
  }

  std::string Account(std::string_view key) const {
    std::string account = Required(key);
    if (!AllDigits(account, 20)) {
      throw StatementFormatError(LineOf(key),
                                 std::string(key) + " must be an account of 20 digits");
    }
    return account;
  }

  // An INN of 10 or 12 digits; absent or "0" (a private person) is "".
  std::string Inn(std::string_view key) const {
    std::string inn = Optional(key);
    if (inn.empty() || inn == "0") {
      return {};
    }
    if (!AllDigits(inn, 10) && !AllDigits(inn, 12)) {
      throw StatementFormatError(LineOf(key),
                                 std::string(key) + " must be an INN of 10 or 12 digits");
    }
    return inn;
  }

  // A KPP of 9 characters (digits, capital Latin letters at positions 5 and 6); absent or "0" is
  // "".
  std::string Kpp(std::string_view key) const {
    std::string kpp = Optional(key);
    if (kpp.empty() || kpp == "0") {
      return {};
    }
    const bool ok = kpp.size() == 9 && std::all_of(kpp.begin(), kpp.end(), [](char c) {
                      return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
                    });
    if (!ok) {
      throw StatementFormatError(LineOf(key), std::string(key) + " must be a KPP of 9 characters");
    }
    return kpp;
  }

  // The first of `keys` present.
  std::string FirstOf(std::initializer_list<std::string_view> keys) const {
    for (const auto& key : keys) {
      std::string value = Optional(key);
      if (!value.empty()) {
        return value;
      }
    }
    return {};
  }

 private:
  struct Field {
    std::string_view key;
    std::string_view value;
    int line = 0;
  };

  // A section has a few dozen keys: a scan beats a map's allocations.
  const Field* Find(std::string_view key) const {
    for (const Field& field : fields_) {
      if (field.key == key) {
        return &field;
      }
    }
    return nullptr;
  }

  std::string_view name_;
  int line_;
  std::vector<Field> fields_;
};

StatementAccount AccountOf(const Section& section) {
  StatementAccount account;
  account.line = section.line();
  account.account = section.Account("РасчСчет");
  account.start_date = section.Date("ДатаНачала", false);
  account.end_date = section.Date("ДатаКонца", false);
  account.opening_balance = section.Amount("НачальныйОстаток", false);
  account.total_received = section.Amount("ВсегоПоступило", false);
  account.total_debited = section.Amount("ВсегоСписано", false);
  account.closing_balance = section.Amount("КонечныйОстаток", false);
  return account;
}

StatementDocument DocumentOf(const Section& section, std::string kind) {
  StatementDocument doc;
  doc.line = section.line();
  doc.kind = std::move(kind);
  doc.number = section.Required("Номер");
  if (crm::common::CharacterCount(doc.number) > 64) {
    throw StatementFormatError(section.LineOf("Номер"), "Номер is longer than 64 characters");
  }
  doc.date = section.Date("Дата", true);
  doc.amount_kopecks = section.Amount("Сумма", true);
  if (doc.amount_kopecks <= 0) {
    throw StatementFormatError(section.LineOf("Сумма"), "Сумма must be more than zero");
  }
  doc.payer_account = section.Account("ПлательщикСчет");
  doc.payer_inn = section.Inn("ПлательщикИНН");
  doc.payer_kpp = section.Kpp("ПлательщикКПП");
  doc.payer_name = section.FirstOf({"Плательщик1", "Плательщик"});
  doc.payer_bank = section.Optional("ПлательщикБанк1");
  doc.payer_bik = section.Optional("ПлательщикБИК");
  doc.payee_account = section.Account("ПолучательСчет");
  doc.payee_inn = section.Inn("ПолучательИНН");
  doc.payee_kpp = section.Kpp("ПолучательКПП");
  doc.payee_name = section.FirstOf({"Получатель1", "Получатель"});
  doc.payee_bank = section.Optional("ПолучательБанк1");
  doc.payee_bik = section.Optional("ПолучательБИК");
  doc.debited_date = section.Date("ДатаСписано", false);
  doc.credited_date = section.Date("ДатаПоступило", false);
  doc.purpose = section.Optional("НазначениеПлатежа");
  if (doc.purpose.empty()) {
    // Some banks split the purpose over numbered lines.
    for (int part = 1; part <= kMaxPurposeParts; ++part) {
      std::string text = section.Optional("НазначениеПлатежа" + std::to_string(part));
      if (text.empty()) {
        continue;
      }
      doc.purpose += doc.purpose.empty() ? text : " " + text;
    }
  }
  doc.fields_json = section.FieldsJson();
  return doc;
}

// What the header must hold, checked once it is complete.
void CheckHeader(const Section& header, BankStatement& statement) {
  statement.version = header.Required("ВерсияФормата");
  if (statement.version != "1.03") {
    throw StatementFormatError(
        header.LineOf("ВерсияФормата"),
        "ВерсияФормата " + statement.version + " is not supported; the CRM reads version 1.03");
  }
  statement.sender = header.Optional("Отправитель");
  statement.receiver = header.Optional("Получатель");
  statement.start_date = header.Date("ДатаНачала", true);
  statement.end_date = header.Date("ДатаКонца", true);
  if (statement.end_date < statement.start_date) {
    throw StatementFormatError(header.LineOf("ДатаКонца"), "ДатаКонца is before ДатаНачала");
  }
  if (statement.accounts.empty()) {
    throw StatementFormatError(header.line(), "the header names no РасчСчет");
  }
}

enum class Place { kHeader, kAccount, kDocument, kEnd };

bool ValueHasMarker(std::string_view value) {
  return std::any_of(kMarkers.begin(), kMarkers.end(), [&](std::string_view marker) {
    return value.find(marker) != std::string_view::npos;
  });
}

// The header keys that may repeat: one РасчСчет per account, one Документ per kind exported.
bool Repeatable(std::string_view key) { return key == "РасчСчет" || key == "Документ"; }

bool ValidKey(std::string_view key) {
  return !key.empty() && key.find(' ') == std::string_view::npos;
}

}  // namespace

StatementFormatError::StatementFormatError(int line, const std::string& message)
    : std::runtime_error(line > 0 ? "line " + std::to_string(line) + ": " + message : message),
      line_(line) {}

BankStatement ParseBankStatement(std::string_view bytes) {
  if (bytes.empty()) {
    throw StatementFormatError(0, "the file is empty");
  }
  if (bytes.size() > kMaxStatementBytes) {
    throw StatementFormatError(0, "the file has " + std::to_string(bytes.size()) +
                                      " bytes; a statement may have at most " +
                                      std::to_string(kMaxStatementBytes));
  }
  if (bytes.starts_with(kUtf8Bom)) {
    throw StatementFormatError(
        1,
        "the file starts with a UTF-8 byte order mark; the format is written "
        "in Windows-1251 or CP866");
  }
  std::string_view first_line;
  {
    LineReader raw(bytes);
    while (const std::optional<std::string_view> line = raw.Next()) {
      if (line->size() > kMaxStatementLineBytes) {
        throw StatementFormatError(
            raw.number(),
            "the line is longer than " + std::to_string(kMaxStatementLineBytes) + " bytes");
      }
      if (raw.number() == 1) {
        first_line = *line;
      }
    }
  }
  if (TrimView(first_line) != kFirstLine) {
    throw StatementFormatError(1, "the file does not start with 1CClientBankExchange");
  }

  BankStatement statement;
  statement.code_page = DetectCodePage(bytes);
  std::string text;
  try {
    text = crm::common::ToUtf8(bytes, statement.code_page);
  } catch (const crm::common::CodePageError& e) {
    throw StatementFormatError(LineOf(bytes, e.offset()), std::string("the text is ") + e.what() +
                                                              "; is the file in another encoding?");
  }
  LineReader lines(text);
  lines.Next();  // 1CClientBankExchange, checked above

  Place place = Place::kHeader;
  Section header("header", 2);
  std::optional<Section> open;
  std::string open_kind;
  std::map<std::tuple<std::string, std::string, std::string, int64_t>, int> order_lines;

  // The format ends every line with CR LF: a last line without one is a cut, unless it is
  // КонецФайла itself.
  const bool cut = !text.ends_with('\n');
  while (const std::optional<std::string_view> next = lines.Next()) {
    const int number = lines.number();
    const std::string_view line = TrimView(*next);
    if (cut && lines.AtEnd() && line != kFileEnd) {
      throw StatementFormatError(number, "the file ends in the middle of this line (truncated?)");
    }
    if (crm::common::HasControlCharacters(line)) {
      throw StatementFormatError(number, "the line holds a control character");
    }
    if (line.empty()) {
      continue;
    }
    if (place == Place::kEnd) {
      throw StatementFormatError(number, "text after КонецФайла");
    }
    const std::size_t eq = line.find('=');
    const std::string_view key = TrimView(line.substr(0, eq));
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : TrimView(line.substr(eq + 1));

    const bool opens_account = line == kAccountStart;
    const bool opens_document = key == kDocumentStart;
    if (opens_account || opens_document || line == kFileEnd) {
      if (place != Place::kHeader) {
        throw StatementFormatError(
            number, "the section that starts at line " + std::to_string(open->line()) +
                        " is not closed (" +
                        std::string(place == Place::kAccount ? kAccountEnd : kDocumentEnd) +
                        " is missing)");
      }
      if (statement.version.empty()) {
        CheckHeader(header, statement);
      }
      if (line == kFileEnd) {
        place = Place::kEnd;
      } else if (opens_account) {
        open.emplace(kAccountStart, number);
        place = Place::kAccount;
      } else {
        if (value.empty() || ValueHasMarker(value)) {
          throw StatementFormatError(number, "СекцияДокумент must name the document's kind");
        }
        open.emplace(kDocumentStart, number);
        open_kind = std::string(value);
        place = Place::kDocument;
      }
      continue;
    }
    if (line == kAccountEnd || line == kDocumentEnd) {
      const bool closes_account = line == kAccountEnd;
      if ((closes_account && place != Place::kAccount) ||
          (!closes_account && place != Place::kDocument)) {
        throw StatementFormatError(number, std::string(line) + " without its section");
      }
      if (closes_account) {
        statement.balances.push_back(AccountOf(*open));
      } else {
        StatementDocument doc = DocumentOf(*open, std::exchange(open_kind, std::string()));
        const auto key_of =
            std::make_tuple(doc.number, doc.date, doc.payer_account, doc.amount_kopecks);
        auto [it, inserted] = order_lines.try_emplace(key_of, doc.line);
        if (!inserted) {
          throw StatementFormatError(doc.line, "the same payment order (Номер " + doc.number +
                                                   ", Дата, ПлательщикСчет, Сумма) as at line " +
                                                   std::to_string(it->second));
        }
        statement.documents.push_back(std::move(doc));
      }
      open.reset();
      place = Place::kHeader;
      continue;
    }
    if (eq == std::string_view::npos || !ValidKey(key)) {
      throw StatementFormatError(number, "expected key=value or a section marker");
    }
    if (ValueHasMarker(value)) {
      throw StatementFormatError(number,
                                 "the value of " + std::string(key) + " holds a section marker");
    }
    if (ValueHasMarker(key)) {
      throw StatementFormatError(number, "unexpected " + std::string(key));
    }
    if (place == Place::kHeader) {
      if (!statement.version.empty()) {
        throw StatementFormatError(number,
                                   "header line " + std::string(key) + " after the first section");
      }
      if (key == "РасчСчет") {
        if (!AllDigits(value, 20)) {
          throw StatementFormatError(number, "РасчСчет must be an account of 20 digits");
        }
        statement.accounts.emplace_back(value);
      }
      if (Repeatable(key)) {
        continue;
      }
      header.Add(key, value, number);
    } else {
      open->Add(key, value, number);
    }
  }

  if (place == Place::kAccount || place == Place::kDocument) {
    throw StatementFormatError(lines.number(),
                               "the file ends inside the section that starts at line " +
                                   std::to_string(open->line()) + " (truncated?)");
  }
  if (place != Place::kEnd) {
    throw StatementFormatError(lines.number(), "the file ends without КонецФайла (truncated?)");
  }
  for (auto& doc : statement.documents) {
    const bool to_us = std::find(statement.accounts.begin(), statement.accounts.end(),
                                 doc.payee_account) != statement.accounts.end();
    const bool from_us = std::find(statement.accounts.begin(), statement.accounts.end(),
                                   doc.payer_account) != statement.accounts.end();
    if (!to_us && !from_us) {
      throw StatementFormatError(
          doc.line, "the document touches none of the statement's accounts (РасчСчет)");
    }
    doc.incoming = to_us;
  }
  return statement;
}

}  // namespace crm::accounting::domain
