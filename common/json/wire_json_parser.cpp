#include "common/json/wire_json_parser.h"

#include <array>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "common/core/text.h"
#include "common/json/field_kind.h"

namespace crm::common {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

namespace {

using json_detail::Kind;
using json_detail::KindOf;
using json_detail::kMaxDepth;
using enum json_detail::WireType;

// A message's fields and oneofs tracked per object (a field given twice is the converter's).
constexpr int kMaxFields = 256;
constexpr int kMaxOneofs = 64;

}  // namespace

struct WireJsonParser::TypeTable {
  struct Field {
    Kind kind = Kind::kUnsupported;
    std::string json_name;
    std::string name;
    std::string tag;  // the encoded tag that precedes each value
    int index = 0;    // among the type's fields
    int oneof = -1;   // the index of its oneof, -1 for none
    bool repeated = false;
    const TypeTable* message = nullptr;                        // kMessage: the field's type
    std::vector<std::pair<std::string, int32_t>> enum_values;  // kEnum: names and numbers
  };

  const Field* Find(std::string_view key) const {
    for (const Field& f : fields) {
      if (f.json_name == key || f.name == key) {
        return &f;
      }
    }
    return nullptr;
  }

  std::vector<Field> fields;
};

namespace {

using TypeTable = WireJsonParser::TypeTable;

void AppendVarint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

template <class T>
void AppendFixed(std::string* out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));  // little-endian hosts only (x86-64, arm64)
  out->append(bytes, sizeof(T));
}

// A length-delimited value is written after a one-byte length placeholder at `mark`, which
// FinishLength fills once the value's size is known (widened when it takes more than a byte).
std::size_t StartLength(std::string* out) {
  out->push_back('\0');
  return out->size() - 1;
}

void FinishLength(std::string* out, std::size_t mark) {
  const std::size_t length = out->size() - mark - 1;
  if (length < 0x80) {
    (*out)[mark] = static_cast<char>(length);
    return;
  }
  std::string prefix;
  AppendVarint(&prefix, length);
  (*out)[mark] = prefix[0];
  out->insert(mark + 1, prefix, 1, std::string::npos);
}

// An integer as JSON writes it, -?(0|[1-9][0-9]*), within 64 bits of magnitude; "-0" is refused.
bool ParseInteger(std::string_view text, bool* negative, uint64_t* magnitude) {
  *negative = !text.empty() && text.front() == '-';
  if (*negative) {
    text.remove_prefix(1);
  }
  if (text.empty() || (text.front() == '0' && (text.size() > 1 || *negative))) {
    return false;
  }
  uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
    const auto digit = static_cast<uint64_t>(c - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      return false;
    }
    value = value * 10 + digit;
  }
  *magnitude = value;
  return true;
}

// A signed value within [min, max] from a sign and a magnitude.
bool SignedInRange(bool negative, uint64_t magnitude, int64_t min, int64_t max, int64_t* value) {
  if (negative) {
    if (magnitude > static_cast<uint64_t>(-(min + 1)) + 1) {
      return false;
    }
    *value = static_cast<int64_t>(0 - magnitude);
    return true;
  }
  if (magnitude > static_cast<uint64_t>(max)) {
    return false;
  }
  *value = static_cast<int64_t>(magnitude);
  return true;
}

// Reads JSON text token by token.
class JsonInput {
 public:
  explicit JsonInput(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) {
      ++p_;
    }
  }
  bool AtEnd() const { return p_ == end_; }
  char Peek() {
    SkipSpace();
    return p_ < end_ ? *p_ : '\0';
  }
  bool Take(char c) {
    SkipSpace();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool Word(std::string_view word) {
    SkipSpace();
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // A string with no escape in it, as it stands (keys, enum names, numbers, times).
  bool PlainString(std::string_view* text) {
    if (!Take('"')) {
      return false;
    }
    const char* start = p_;
    while (p_ < end_ && *p_ != '"') {
      if (*p_ == '\\' || static_cast<unsigned char>(*p_) < 0x20) {
        return false;
      }
      ++p_;
    }
    if (p_ == end_) {
      return false;
    }
    *text = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return true;
  }

  // A string's text, its escapes decoded, appended to `out`; false for invalid UTF-8, an unknown
  // escape and a surrogate that is not half of a pair.
  bool String(std::string* out) {
    if (!Take('"')) {
      return false;
    }
    const char* run = p_;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out->append(run, p_);
        ++p_;
        return true;
      }
      if (c < 0x20) {
        return false;
      }
      if (c == '\\') {
        out->append(run, p_);
        if (!Escape(out)) {
          return false;
        }
        run = p_;
        continue;
      }
      if (c < 0x80) {
        ++p_;
        continue;
      }
      uint32_t code = 0;
      const std::size_t length =
          DecodeUtf8At(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0, &code);
      if (length == 0) {
        return false;
      }
      p_ += length;
    }
    return false;
  }

  // An integer, as a JSON number or a quoted one.
  bool Integer(bool* negative, uint64_t* magnitude) {
    std::string_view text;
    if (Peek() == '"') {
      return PlainString(&text) && ParseInteger(text, negative, magnitude);
    }
    const char* start = p_;
    while (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '-' || *p_ == '+' || *p_ == '.' ||
                         *p_ == 'e' || *p_ == 'E')) {
      ++p_;
    }
    return ParseInteger(std::string_view(start, static_cast<std::size_t>(p_ - start)), negative,
                        magnitude);
  }

 private:
  // The four hex digits of a \u escape at p_.
  bool Hex4(uint32_t* code) {
    const std::optional<uint32_t> value =
        ParseHex4(std::string_view(p_, static_cast<std::size_t>(end_ - p_)));
    if (!value) {
      return false;
    }
    p_ += 4;
    *code = *value;
    return true;
  }

  // The escape at p_ (a backslash), decoded into `out`.
  bool Escape(std::string* out) {
    ++p_;
    if (p_ == end_) {
      return false;
    }
    const char c = *p_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out->push_back(c);
        return true;
      case 'b':
        out->push_back('\b');
        return true;
      case 'f':
        out->push_back('\f');
        return true;
      case 'n':
        out->push_back('\n');
        return true;
      case 'r':
        out->push_back('\r');
        return true;
      case 't':
        out->push_back('\t');
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    uint32_t code = 0;
    if (!Hex4(&code) || (code >= 0xDC00 && code <= 0xDFFF)) {
      return false;
    }
    if (code >= 0xD800 && code <= 0xDBFF) {
      uint32_t low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') {
        return false;
      }
      p_ += 2;
      if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) {
        return false;
      }
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(*out, code);
    return true;
  }

  const char* p_;
  const char* end_;
};

// Padded standard base64, its unused bits zero; false for anything else.
bool DecodeBase64(std::string_view text, std::string* out) {
  static constexpr auto kValues = [] {
    std::array<int8_t, 256> values{};
    values.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) {
      values[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
    }
    return values;
  }();
  if (text.size() % 4 != 0) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int padding = 0;
    if (last) {
      padding = text[i + 3] == '=' ? (text[i + 2] == '=' ? 2 : 1) : 0;
    }
    uint32_t bits = 0;
    for (int j = 0; j < 4 - padding; ++j) {
      const int8_t v = kValues[static_cast<unsigned char>(text[i + j])];
      if (v < 0) {
        return false;
      }
      bits |= static_cast<uint32_t>(v) << (18 - 6 * j);
    }
    if ((padding == 1 && (bits & 0xFF) != 0) || (padding == 2 && (bits & 0xFFFF) != 0)) {
      return false;
    }
    out->push_back(static_cast<char>(bits >> 16));
    if (padding < 2) {
      out->push_back(static_cast<char>((bits >> 8) & 0xFF));
    }
    if (padding < 1) {
      out->push_back(static_cast<char>(bits & 0xFF));
    }
  }
  return true;
}

// `count` decimal digits at text[at..] as a number; false when one is not a digit.
bool Digits(std::string_view text, std::size_t at, std::size_t count, int64_t* value) {
  if (at + count > text.size()) {
    return false;
  }
  int64_t result = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    result = result * 10 + (text[i] - '0');
  }
  *value = result;
  return true;
}

// ".d{1,9}" at text[at..] as nanoseconds, moving `at` past it; no fraction is 0.
bool Fraction(std::string_view text, std::size_t* at, int64_t* nanos) {
  *nanos = 0;
  if (*at >= text.size() || text[*at] != '.') {
    return true;
  }
  std::size_t digits = 0;
  for (std::size_t i = *at + 1; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    ++digits;
  }
  if (digits == 0 || digits > 9 || !Digits(text, *at + 1, digits, nanos)) {
    return false;
  }
  for (std::size_t i = digits; i < 9; ++i) {
    *nanos *= 10;
  }
  *at += 1 + digits;
  return true;
}

void AppendSecondsNanos(std::string* out, int64_t seconds, int64_t nanos) {
  if (seconds != 0) {
    out->push_back(0x08);
    AppendVarint(out, static_cast<uint64_t>(seconds));
  }
  if (nanos != 0) {
    out->push_back(0x10);
    AppendVarint(out, static_cast<uint64_t>(nanos));
  }
}

// "YYYY-MM-DDTHH:MM:SS[.fffffffff]Z", years 0001 to 9999.
bool AppendTimestamp(std::string* out, std::string_view text) {
  int64_t year = 0;
  int64_t month = 0;
  int64_t day = 0;
  int64_t hour = 0;
  int64_t minute = 0;
  int64_t second = 0;
  int64_t nanos = 0;
  if (text.size() < 20 || !Digits(text, 0, 4, &year) || text[4] != '-' ||
      !Digits(text, 5, 2, &month) || text[7] != '-' || !Digits(text, 8, 2, &day) ||
      text[10] != 'T' || !Digits(text, 11, 2, &hour) || text[13] != ':' ||
      !Digits(text, 14, 2, &minute) || text[16] != ':' || !Digits(text, 17, 2, &second)) {
    return false;
  }
  std::size_t at = 19;
  if (!Fraction(text, &at, &nanos) || at + 1 != text.size() || text[at] != 'Z') {
    return false;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] + (month == 2 && leap ? 1 : 0) || hour > 23 || minute > 59 ||
      second > 59) {
    return false;
  }
  // Days from 1970-01-01 of the civil date (proleptic Gregorian, 400-year eras from March).
  const int64_t y = month <= 2 ? year - 1 : year;
  const int64_t era = y / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  const int64_t days = era * 146097 + day_of_era - 719468;
  AppendSecondsNanos(out, days * 86400 + hour * 3600 + minute * 60 + second, nanos);
  return true;
}

// "-1.5s": seconds and nanos of the same sign, within 10,000 years.
bool AppendDuration(std::string* out, std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  std::size_t at = negative ? 1 : 0;
  std::size_t digits = 0;
  while (at + digits < text.size() && text[at + digits] >= '0' && text[at + digits] <= '9') {
    ++digits;
  }
  int64_t seconds = 0;
  int64_t nanos = 0;
  if (digits == 0 || digits > 12 || (digits > 1 && text[at] == '0') ||
      !Digits(text, at, digits, &seconds)) {
    return false;
  }
  at += digits;
  if (!Fraction(text, &at, &nanos) || at + 1 != text.size() || text[at] != 's' ||
      seconds > 315576000000) {
    return false;
  }
  if (negative) {
    if (seconds == 0 && nanos == 0) {
      return false;  // "-0s": the converter's
    }
    seconds = -seconds;
    nanos = -nanos;
  }
  AppendSecondsNanos(out, seconds, nanos);
  return true;
}

bool ParseObject(const TypeTable& table, JsonInput& in, std::string* out, int depth);

// One value of `field`, with its tag, appended to `out`.
bool ParseValue(const TypeTable::Field& field, JsonInput& in, std::string* out, int depth) {
  out->append(field.tag);
  bool negative = false;
  uint64_t magnitude = 0;
  int64_t value = 0;
  switch (field.kind) {
    case Kind::kInt32:
    case Kind::kSInt32:
    case Kind::kSFixed32:
      if (!in.Integer(&negative, &magnitude) ||
          !SignedInRange(negative, magnitude, std::numeric_limits<int32_t>::min(),
                         std::numeric_limits<int32_t>::max(), &value)) {
        return false;
      }
      if (field.kind == Kind::kInt32) {
        AppendVarint(out, static_cast<uint64_t>(value));  // negative: sign-extended to 64 bits
      } else if (field.kind == Kind::kSInt32) {
        const auto v = static_cast<int32_t>(value);
        AppendVarint(out, (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
      } else {
        AppendFixed(out, static_cast<int32_t>(value));
      }
      return true;
    case Kind::kInt64:
    case Kind::kSInt64:
    case Kind::kSFixed64:
      if (!in.Integer(&negative, &magnitude) ||
          !SignedInRange(negative, magnitude, std::numeric_limits<int64_t>::min(),
                         std::numeric_limits<int64_t>::max(), &value)) {
        return false;
      }
      if (field.kind == Kind::kInt64) {
        AppendVarint(out, static_cast<uint64_t>(value));
      } else if (field.kind == Kind::kSInt64) {
        AppendVarint(out, (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
      } else {
        AppendFixed(out, value);
      }
      return true;
    case Kind::kUInt32:
    case Kind::kFixed32:
      if (!in.Integer(&negative, &magnitude) || negative ||
          magnitude > std::numeric_limits<uint32_t>::max()) {
        return false;
      }
      if (field.kind == Kind::kUInt32) {
        AppendVarint(out, magnitude);
      } else {
        AppendFixed(out, static_cast<uint32_t>(magnitude));
      }
      return true;
    case Kind::kUInt64:
    case Kind::kFixed64:
      if (!in.Integer(&negative, &magnitude) || negative) {
        return false;
      }
      if (field.kind == Kind::kUInt64) {
        AppendVarint(out, magnitude);
      } else {
        AppendFixed(out, magnitude);
      }
      return true;
    case Kind::kBool:
      if (in.Word("true")) {
        out->push_back(1);
        return true;
      }
      if (in.Word("false")) {
        out->push_back(0);
        return true;
      }
      return false;
    case Kind::kEnum: {
      if (in.Peek() != '"') {
        if (!in.Integer(&negative, &magnitude) ||
            !SignedInRange(negative, magnitude, std::numeric_limits<int32_t>::min(),
                           std::numeric_limits<int32_t>::max(), &value)) {
          return false;
        }
        AppendVarint(out, static_cast<uint64_t>(value));
        return true;
      }
      std::string_view name;
      if (!in.PlainString(&name)) {
        return false;
      }
      for (const auto& [known, number] : field.enum_values) {
        if (known == name) {
          AppendVarint(out, static_cast<uint64_t>(static_cast<int64_t>(number)));
          return true;
        }
      }
      return false;
    }
    case Kind::kString: {
      const std::size_t mark = StartLength(out);
      if (!in.String(out)) {
        return false;
      }
      FinishLength(out, mark);
      return true;
    }
    case Kind::kBytes: {
      std::string text;
      if (!in.String(&text)) {
        return false;
      }
      const std::size_t mark = StartLength(out);
      if (!DecodeBase64(text, out)) {
        return false;
      }
      FinishLength(out, mark);
      return true;
    }
    case Kind::kTimestamp:
    case Kind::kDuration: {
      std::string_view text;
      if (!in.PlainString(&text)) {
        return false;
      }
      const std::size_t mark = StartLength(out);
      if (!(field.kind == Kind::kTimestamp ? AppendTimestamp(out, text)
                                           : AppendDuration(out, text))) {
        return false;
      }
      FinishLength(out, mark);
      return true;
    }
    case Kind::kMessage: {
      const std::size_t mark = StartLength(out);
      if (!ParseObject(*field.message, in, out, depth + 1)) {
        return false;
      }
      FinishLength(out, mark);
      return true;
    }
    case Kind::kUnsupported:
      return false;
  }
  return false;
}

bool ParseObject(const TypeTable& table, JsonInput& in, std::string* out, int depth) {
  if (depth > kMaxDepth || !in.Take('{')) {
    return false;
  }
  if (in.Take('}')) {
    return true;
  }
  std::bitset<kMaxFields> fields;
  std::bitset<kMaxOneofs> oneofs;
  do {
    std::string_view key;
    if (!in.PlainString(&key) || !in.Take(':')) {
      return false;
    }
    const TypeTable::Field* field = table.Find(key);
    if (field == nullptr || field->kind == Kind::kUnsupported || fields[field->index]) {
      return false;
    }
    fields.set(field->index);
    if (field->oneof >= 0) {
      if (oneofs[field->oneof]) {
        return false;
      }
      oneofs.set(field->oneof);
    }
    if (!field->repeated) {
      if (!ParseValue(*field, in, out, depth)) {
        return false;
      }
      continue;
    }
    if (!in.Take('[')) {
      return false;
    }
    if (in.Take(']')) {
      continue;
    }
    do {
      if (!ParseValue(*field, in, out, depth)) {
        return false;
      }
    } while (in.Take(','));
    if (!in.Take(']')) {
      return false;
    }
  } while (in.Take(','));
  return in.Take('}');
}

uint32_t WireTypeOf(Kind kind) {
  switch (kind) {
    case Kind::kFixed32:
    case Kind::kSFixed32:
      return kFixed32Wire;
    case Kind::kFixed64:
    case Kind::kSFixed64:
      return kFixed64Wire;
    case Kind::kString:
    case Kind::kBytes:
    case Kind::kMessage:
    case Kind::kTimestamp:
    case Kind::kDuration:
      return kLengthDelimited;
    default:
      return kVarint;
  }
}

using Tables = json_detail::TypeTables<TypeTable>::Map;

// The table of `type`, made with those of the types it reaches; a type's table is registered
// before its fields are, so recursive types point at each other.
const TypeTable& BuildTable(Tables& tables, const Descriptor* type) {
  auto [entry, created] = tables.try_emplace(type);
  if (!created) {
    return *entry->second;
  }
  entry->second = std::make_unique<TypeTable>();
  TypeTable& table = *entry->second;
  table.fields.reserve(static_cast<std::size_t>(type->field_count()));
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    TypeTable::Field field;
    field.kind = i < kMaxFields ? KindOf(f) : Kind::kUnsupported;
    field.json_name = f->json_name();
    field.name = f->name();
    field.index = i;
    field.repeated = f->is_repeated();
    if (const auto* oneof = f->containing_oneof()) {
      field.oneof = oneof->index();
      if (field.oneof >= kMaxOneofs) {
        field.kind = Kind::kUnsupported;
      }
    }
    AppendVarint(&field.tag, (static_cast<uint64_t>(f->number()) << 3) | WireTypeOf(field.kind));
    if (field.kind == Kind::kEnum) {
      const auto* values = f->enum_type();
      for (int v = 0; v < values->value_count(); ++v) {
        field.enum_values.emplace_back(values->value(v)->name(), values->value(v)->number());
      }
    }
    table.fields.push_back(std::move(field));
  }
  // The message fields' tables last: building them may rehash `tables`, never moving a table.
  for (int i = 0; i < type->field_count(); ++i) {
    if (table.fields[static_cast<std::size_t>(i)].kind == Kind::kMessage) {
      table.fields[static_cast<std::size_t>(i)].message =
          &BuildTable(tables, type->field(i)->message_type());
    }
  }
  return table;
}

}  // namespace

WireJsonParser::WireJsonParser() = default;
WireJsonParser::~WireJsonParser() = default;

bool WireJsonParser::Parse(const Descriptor* type, std::string_view json, std::string* out) const {
  JsonInput in(json);
  if (!ParseObject(tables_.Get(type, BuildTable), in, out, 0)) {
    return false;
  }
  in.SkipSpace();
  return in.AtEnd();
}

}  // namespace crm::common
