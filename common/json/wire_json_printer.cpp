#include "common/json/wire_json_printer.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <vector>

#include "common/core/text.h"
#include "common/json/field_kind.h"

namespace crm::common {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

namespace {

using json_detail::IsPackable;
using json_detail::Kind;
using json_detail::KindOf;
using json_detail::kMaxDepth;
using enum json_detail::WireType;

// The largest field number kept in a table's dense index; larger ones are looked up by search.
constexpr uint32_t kDenseFieldNumbers = 256;

}  // namespace

struct WireJsonPrinter::TypeTable {
  struct Field {
    Kind kind = Kind::kUnsupported;
    const FieldDescriptor* descriptor = nullptr;  // null: not a field of the type (skipped)
    std::string key;                              // "jsonName":
    const TypeTable* message = nullptr;           // kMessage: the field's type
  };

  const Field* Find(uint64_t number) const {
    if (number < dense.size()) {
      return dense[number].descriptor != nullptr ? &dense[number] : nullptr;
    }
    for (const auto& f : sparse) {
      if (static_cast<uint64_t>(f.descriptor->number()) == number) {
        return &f;
      }
    }
    return nullptr;
  }

  std::vector<Field> dense;   // by field number
  std::vector<Field> sparse;  // field numbers from kDenseFieldNumbers up
};

namespace {

using TypeTable = WireJsonPrinter::TypeTable;

// Reads the wire format of one message.
class Reader {
 public:
  explicit Reader(std::string_view data) : p_(data.data()), end_(data.data() + data.size()) {}

  bool Done() const { return p_ == end_; }

  bool Varint(uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) {
        return false;
      }
      const auto byte = static_cast<uint8_t>(*p_++);
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  template <class T>
  bool Fixed(T* value) {
    if (end_ - p_ < static_cast<std::ptrdiff_t>(sizeof(T))) {
      return false;
    }
    std::memcpy(value, p_, sizeof(T));  // little-endian hosts only (x86-64, arm64)
    p_ += sizeof(T);
    return true;
  }

  bool Bytes(std::string_view* field) {
    uint64_t length = 0;
    if (!Varint(&length) || length > static_cast<uint64_t>(end_ - p_)) {
      return false;
    }
    *field = std::string_view(p_, static_cast<std::size_t>(length));
    p_ += length;
    return true;
  }

  bool Skip(uint32_t wire_type) {
    uint64_t ignored = 0;
    std::string_view bytes;
    switch (wire_type) {
      case kVarint:
        return Varint(&ignored);
      case kFixed64Wire:
        return Fixed(&ignored);
      case kLengthDelimited:
        return Bytes(&bytes);
      case kFixed32Wire: {
        uint32_t fixed = 0;
        return Fixed(&fixed);
      }
      default:
        return false;  // groups: the converter's
    }
  }

  // The next tag without consuming it; 0 at the end.
  uint64_t PeekTag() {
    const char* saved = p_;
    uint64_t tag = 0;
    if (!Varint(&tag)) {
      tag = 0;
    }
    p_ = saved;
    return tag;
  }

 private:
  const char* p_;
  const char* end_;
};

template <class T>
void AppendNumber(std::string* out, T value) {
  std::array<char, 24> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out->append(buffer.data(), end);
}

template <class T>
void AppendQuotedNumber(std::string* out, T value) {
  out->push_back('"');
  AppendNumber(out, value);
  out->push_back('"');
}

void AppendHex4(std::string* out, uint32_t code) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) {
    out->push_back(kHex[(code >> shift) & 0xF]);
  }
}

// Characters outside ASCII that the converter writes as \uXXXX (format and invisible
// characters, which some browsers and JavaScript parsers mishandle).
bool EscapedByConverter(uint32_t code) {
  if (code > 0xAD && code < 0x600) {
    return false;  // Latin, Greek, Cyrillic: the common case, decided at once
  }
  return (code >= 0x80 && code <= 0x9F) || code == 0xAD || (code >= 0x600 && code <= 0x603) ||
         code == 0x6DD || code == 0x70F || code == 0x17B4 || code == 0x17B5 ||
         (code >= 0x200B && code <= 0x200F) || (code >= 0x2028 && code <= 0x202E) ||
         (code >= 0x2060 && code <= 0x2064) || (code >= 0x206A && code <= 0x206F) ||
         code == 0xFEFF || (code >= 0xFFF9 && code <= 0xFFFB) ||
         (code >= 0x1D173 && code <= 0x1D17A) || code == 0xE0001 ||
         (code >= 0xE0020 && code <= 0xE007F);
}

// ASCII characters written as they are (the others are escaped).
constexpr std::array<bool, 128> kPlainAscii = [] {
  std::array<bool, 128> plain{};
  for (int c = 0x20; c < 0x7F; ++c) {
    plain[c] = c != '"' && c != '\\' && c != '<' && c != '>';
  }
  return plain;
}();

// Appends `text` as a JSON string, escaped as the converter escapes it; false for invalid UTF-8
// and for escaped characters beyond the Basic Multilingual Plane (the converter's business).
// Runs of characters that need no escape are copied at once.
bool AppendString(std::string* out, std::string_view text) {
  out->push_back('"');
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto* end = p + text.size();
  const auto* run = p;  // start of the characters not yet copied
  auto flush = [&](const uint8_t* upto) {
    out->append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(upto - run));
  };
  while (p < end) {
    const uint8_t c = *p;
    if (c < 0x80) {
      if (kPlainAscii[c]) {
        ++p;
        continue;
      }
      flush(p);
      switch (c) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\b':
          out->append("\\b");
          break;
        case '\f':
          out->append("\\f");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        default:  // other control characters, <, > and DEL
          AppendHex4(out, c);
      }
      run = ++p;
      continue;
    }
    uint32_t code = 0;
    const std::size_t length = common::DecodeUtf8At(
        text, static_cast<std::size_t>(p - reinterpret_cast<const uint8_t*>(text.data())), &code);
    if (length == 0) {
      return false;
    }
    if (EscapedByConverter(code)) {
      if (code > 0xFFFF) {
        return false;
      }
      flush(p);
      AppendHex4(out, code);
      p += length;
      run = p;
    } else {
      p += length;
    }
  }
  flush(end);
  out->push_back('"');
  return true;
}

void AppendBase64(std::string* out, std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out->push_back('"');
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    out->push_back(kAlphabet[v >> 18]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(kAlphabet[(v >> 6) & 63]);
    out->push_back(kAlphabet[v & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    const uint32_t v = (p[i] << 16) | (rest == 2 ? p[i + 1] << 8 : 0);
    out->push_back(kAlphabet[v >> 18]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out->push_back('=');
  }
  out->push_back('"');
}

// Seconds and nanos of a Timestamp or Duration; false for anything else in it.
bool ReadSecondsNanos(std::string_view binary, int64_t* seconds, int32_t* nanos) {
  Reader reader(binary);
  *seconds = 0;
  *nanos = 0;
  while (!reader.Done()) {
    uint64_t tag = 0;
    uint64_t value = 0;
    if (!reader.Varint(&tag) || (tag & 7) != kVarint || !reader.Varint(&value)) {
      return false;
    }
    if ((tag >> 3) == 1) {
      *seconds = static_cast<int64_t>(value);
    } else if ((tag >> 3) == 2) {
      *nanos = static_cast<int32_t>(value);
    } else {
      return false;
    }
  }
  return true;
}

// ".123", ".123456" or ".123456789" (as few digits as keep the value), or nothing for 0.
void AppendNanos(std::string* out, int32_t nanos) {
  if (nanos == 0) {
    return;
  }
  char digits[9];
  for (int i = 8, v = nanos; i >= 0; --i, v /= 10) {
    digits[i] = static_cast<char>('0' + v % 10);
  }
  int count = 9;
  if (nanos % 1000000 == 0) {
    count = 3;
  } else if (nanos % 1000 == 0) {
    count = 6;
  }
  out->push_back('.');
  out->append(digits, static_cast<std::size_t>(count));
}

// `value` (0 <= value < 10^width) with leading zeros to `width` digits.
void AppendDigits(std::string* out, int64_t value, int width) {
  char digits[8];
  for (int i = width - 1; i >= 0; --i, value /= 10) {
    digits[i] = static_cast<char>('0' + value % 10);
  }
  out->append(digits, static_cast<std::size_t>(width));
}

// RFC 3339 in UTC, as the converter writes a Timestamp.
bool AppendTimestamp(std::string* out, std::string_view binary) {
  int64_t seconds = 0;
  int32_t nanos = 0;
  constexpr int64_t kMinSeconds = -62135596800;  // 0001-01-01T00:00:00Z
  constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z
  if (!ReadSecondsNanos(binary, &seconds, &nanos) || seconds < kMinSeconds ||
      seconds > kMaxSeconds || nanos < 0 || nanos > 999999999) {
    return false;
  }
  int64_t days = seconds / 86400;
  int64_t of_day = seconds % 86400;
  if (of_day < 0) {
    of_day += 86400;
    --days;
  }
  // The civil date of a day count from 1970-01-01 (proleptic Gregorian, 400-year eras).
  const int64_t shifted = days + 719468;  // days from 0000-03-01
  const int64_t era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
  const int64_t day_of_era = shifted - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;  // from March
  const int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  out->push_back('"');
  AppendDigits(out, year, 4);
  out->push_back('-');
  AppendDigits(out, month, 2);
  out->push_back('-');
  AppendDigits(out, day, 2);
  out->push_back('T');
  AppendDigits(out, of_day / 3600, 2);
  out->push_back(':');
  AppendDigits(out, of_day / 60 % 60, 2);
  out->push_back(':');
  AppendDigits(out, of_day % 60, 2);
  AppendNanos(out, nanos);
  out->append("Z\"");
  return true;
}

// "-1.5s", as the converter writes a Duration.
bool AppendDuration(std::string* out, std::string_view binary) {
  int64_t seconds = 0;
  int32_t nanos = 0;
  constexpr int64_t kMaxSeconds = 315576000000;  // 10,000 years
  if (!ReadSecondsNanos(binary, &seconds, &nanos) || seconds < -kMaxSeconds ||
      seconds > kMaxSeconds || nanos <= -1000000000 || nanos >= 1000000000 ||
      (seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0)) {
    return false;
  }
  out->push_back('"');
  if (seconds < 0 || nanos < 0) {
    out->push_back('-');
  }
  AppendNumber(out, seconds < 0 ? -seconds : seconds);
  AppendNanos(out, nanos < 0 ? -nanos : nanos);
  out->append("s\"");
  return true;
}

bool PrintMessage(const TypeTable& table, std::string_view binary, std::string* out, int depth);

// One value of `field` read from `reader` (whose wire type is `wire_type`).
bool PrintValue(const TypeTable::Field& field, uint32_t wire_type, Reader& reader, std::string* out,
                int depth) {
  uint64_t varint = 0;
  uint32_t fixed32 = 0;
  uint64_t fixed64 = 0;
  std::string_view bytes;
  switch (field.kind) {
    case Kind::kInt32:
    case Kind::kInt64:
    case Kind::kUInt32:
    case Kind::kUInt64:
    case Kind::kSInt32:
    case Kind::kSInt64:
    case Kind::kBool:
    case Kind::kEnum:
      if (wire_type != kVarint || !reader.Varint(&varint)) {
        return false;
      }
      break;
    case Kind::kFixed32:
    case Kind::kSFixed32:
      if (wire_type != kFixed32Wire || !reader.Fixed(&fixed32)) {
        return false;
      }
      break;
    case Kind::kFixed64:
    case Kind::kSFixed64:
      if (wire_type != kFixed64Wire || !reader.Fixed(&fixed64)) {
        return false;
      }
      break;
    case Kind::kString:
    case Kind::kBytes:
    case Kind::kMessage:
    case Kind::kTimestamp:
    case Kind::kDuration:
      if (wire_type != kLengthDelimited || !reader.Bytes(&bytes)) {
        return false;
      }
      break;
    case Kind::kUnsupported:
      return false;
  }
  switch (field.kind) {
    case Kind::kInt32:
      AppendNumber(out, static_cast<int32_t>(varint));
      return true;
    case Kind::kInt64:
      AppendQuotedNumber(out, static_cast<int64_t>(varint));
      return true;
    case Kind::kUInt32:
      AppendNumber(out, static_cast<uint32_t>(varint));
      return true;
    case Kind::kUInt64:
      AppendQuotedNumber(out, varint);
      return true;
    case Kind::kSInt32: {
      const auto v = static_cast<uint32_t>(varint);
      AppendNumber(out, static_cast<int32_t>((v >> 1) ^ (~(v & 1) + 1)));
      return true;
    }
    case Kind::kSInt64:
      AppendQuotedNumber(out, static_cast<int64_t>((varint >> 1) ^ (~(varint & 1) + 1)));
      return true;
    case Kind::kBool:
      out->append(varint != 0 ? "true" : "false");
      return true;
    case Kind::kEnum: {
      const auto* value =
          field.descriptor->enum_type()->FindValueByNumber(static_cast<int32_t>(varint));
      if (value == nullptr) {
        return false;
      }
      out->push_back('"');
      out->append(value->name());
      out->push_back('"');
      return true;
    }
    case Kind::kFixed32:
      AppendNumber(out, fixed32);
      return true;
    case Kind::kSFixed32:
      AppendNumber(out, static_cast<int32_t>(fixed32));
      return true;
    case Kind::kFixed64:
      AppendQuotedNumber(out, fixed64);
      return true;
    case Kind::kSFixed64:
      AppendQuotedNumber(out, static_cast<int64_t>(fixed64));
      return true;
    case Kind::kString:
      return AppendString(out, bytes);
    case Kind::kBytes:
      AppendBase64(out, bytes);
      return true;
    case Kind::kMessage:
      return PrintMessage(*field.message, bytes, out, depth + 1);
    case Kind::kTimestamp:
      return AppendTimestamp(out, bytes);
    case Kind::kDuration:
      return AppendDuration(out, bytes);
    case Kind::kUnsupported:
      return false;
  }
  return false;
}

// Fields in the order they come on the wire (field number order from protobuf's serializers),
// each repeated field's run of elements as one array - the converter's order.
bool PrintMessage(const TypeTable& table, std::string_view binary, std::string* out, int depth) {
  if (depth > kMaxDepth) {
    return false;
  }
  Reader reader(binary);
  out->push_back('{');
  bool first = true;
  while (!reader.Done()) {
    uint64_t tag = 0;
    if (!reader.Varint(&tag)) {
      return false;
    }
    const auto wire_type = static_cast<uint32_t>(tag & 7);
    const TypeTable::Field* field = table.Find(tag >> 3);
    if (field == nullptr) {
      if (!reader.Skip(wire_type)) {
        return false;
      }
      continue;
    }
    if (field->kind == Kind::kUnsupported) {
      return false;
    }
    if (!first) {
      out->push_back(',');
    }
    first = false;
    out->append(field->key);
    if (!field->descriptor->is_repeated()) {
      if (!PrintValue(*field, wire_type, reader, out, depth)) {
        return false;
      }
      continue;
    }
    out->push_back('[');
    bool first_element = true;
    while (true) {
      if (wire_type == kLengthDelimited && IsPackable(field->kind)) {
        std::string_view packed;
        if (!reader.Bytes(&packed)) {
          return false;
        }
        Reader elements(packed);
        const uint32_t element_wire =
            field->kind == Kind::kFixed32 || field->kind == Kind::kSFixed32   ? kFixed32Wire
            : field->kind == Kind::kFixed64 || field->kind == Kind::kSFixed64 ? kFixed64Wire
                                                                              : kVarint;
        while (!elements.Done()) {
          if (!first_element) {
            out->push_back(',');
          }
          first_element = false;
          if (!PrintValue(*field, element_wire, elements, out, depth)) {
            return false;
          }
        }
      } else {
        if (!first_element) {
          out->push_back(',');
        }
        first_element = false;
        if (!PrintValue(*field, wire_type, reader, out, depth)) {
          return false;
        }
      }
      if (reader.PeekTag() != tag) {
        break;
      }
      uint64_t same = 0;
      reader.Varint(&same);
    }
    out->push_back(']');
  }
  out->push_back('}');
  return true;
}

}  // namespace

WireJsonPrinter::WireJsonPrinter(Keys keys) : keys_(keys) {}
WireJsonPrinter::~WireJsonPrinter() = default;

namespace {

// The table of `type`, made with those of every type it reaches, its keys named by `keys`.
const TypeTable& BuildTables(json_detail::TypeTables<TypeTable>::Map& tables,
                             const Descriptor* type, WireJsonPrinter::Keys keys) {
  // The tables of every message type `type` reaches, created first and then linked, so
  // recursive types point at each other.
  std::vector<const Descriptor*> pending = {type};
  std::vector<const Descriptor*> created;
  while (!pending.empty()) {
    const Descriptor* next = pending.back();
    pending.pop_back();
    if (tables.contains(next)) {
      continue;
    }
    tables.emplace(next, std::make_unique<TypeTable>());
    created.push_back(next);
    for (int i = 0; i < next->field_count(); ++i) {
      const FieldDescriptor* f = next->field(i);
      if (KindOf(f) == Kind::kMessage && !tables.contains(f->message_type())) {
        pending.push_back(f->message_type());
      }
    }
  }
  for (const Descriptor* d : created) {
    TypeTable& table = *tables.at(d);
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      TypeTable::Field field;
      field.kind = KindOf(f);
      field.descriptor = f;
      if (!AppendString(&field.key,
                        keys == WireJsonPrinter::Keys::kProtoName ? f->name() : f->json_name())) {
        field.kind = Kind::kUnsupported;
      }
      field.key.push_back(':');
      if (field.kind == Kind::kMessage) {
        field.message = tables.at(f->message_type()).get();
      }
      const auto number = static_cast<uint32_t>(f->number());
      if (number < kDenseFieldNumbers) {
        if (table.dense.size() <= number) {
          table.dense.resize(number + 1);
        }
        table.dense[number] = std::move(field);
      } else {
        table.sparse.push_back(std::move(field));
      }
    }
  }
  return *tables.at(type);
}

}  // namespace

bool WireJsonPrinter::Print(const Descriptor* type, std::string_view binary,
                            std::string* out) const {
  const auto build = [this](json_detail::TypeTables<TypeTable>::Map& tables,
                            const Descriptor* t) -> const TypeTable& {
    return BuildTables(tables, t, keys_);
  };
  return PrintMessage(tables_.Get(type, build), binary, out, 0);
}

google::protobuf::util::Status WireJsonPrinter::PrintOrConvert(
    const google::protobuf::Message& message, std::string* out) const {
  out->clear();
  if (std::string binary;
      message.SerializeToString(&binary) && Print(message.GetDescriptor(), binary, out)) {
    return {};
  }
  out->clear();
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = keys_ == Keys::kProtoName;
  return google::protobuf::util::MessageToJsonString(message, out, options);
}

}  // namespace crm::common
