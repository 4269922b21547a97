#include "tools/grpc-fuzz/request_generator.h"

#include <google/api/field_behavior.pb.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace crm::tools::grpc_fuzz {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {

constexpr int kMaxDepth = 5;

bool LooksLikeCollection(std::string_view segment) {
  if (segment.empty() || std::islower(static_cast<unsigned char>(segment[0])) == 0) {
    return false;
  }
  for (char c : segment) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      return false;
    }
  }
  return true;
}

// "clients/{id}" and "a/{id}/b/{id}": an even number of segments, collections in lower camel
// case, ids without spaces.
bool LooksLikeName(const std::string& text) {
  if (text.size() > 200 || text.find(' ') != std::string::npos) {
    return false;
  }
  std::vector<std::string_view> segments;
  std::string_view rest = text;
  for (std::size_t slash = rest.find('/'); slash != std::string_view::npos;
       slash = rest.find('/')) {
    segments.push_back(rest.substr(0, slash));
    rest.remove_prefix(slash + 1);
  }
  segments.push_back(rest);
  if (segments.size() < 2 || segments.size() % 2 != 0) {
    return false;
  }
  for (std::size_t i = 0; i < segments.size(); i += 2) {
    if (!LooksLikeCollection(segments[i]) || segments[i + 1].empty()) {
      return false;
    }
  }
  return true;
}

std::string LowerCamel(std::string_view snake) {
  std::string out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

std::string Plural(std::string word) {
  if (word.empty() || word.back() == 's') {
    return word;
  }
  if (word.back() == 'y') {
    word.back() = 'i';
    return word + "es";
  }
  return word + "s";
}

const std::vector<std::string>& HostileStrings() {
  static const std::vector<std::string> values = {
      "",
      " ",
      "'",
      "'; DROP TABLE clients; --",
      "' OR '1'='1",
      "%",
      "_%\\",
      "\\",
      "\"",
      "$1",
      "E'\\x00'",
      std::string("nul\0inside", 10),
      std::string(1, '\0'),
      "\x01\x02\x03\x1b[31m\x7f",
      "\t\n\r\v\f",
      "line\nbreak",
      // A right-to-left override (U+202E), a zero-width space and a byte-order mark, spelled out.
      std::string{'\xe2', '\x80', '\xae', '\xe2', '\x80', '\x8b', '\xef', '\xbb', '\xbf'},
      "\xf0\x9f\x98\x80\xf0\x9f\x8f\x97",  // emoji
      "Ёлка-Строй «Ёж» №1",
      "../../etc/passwd",
      "clients/",
      "clients/../clients",
      "clients/not-a-uuid",
      "clients/00000000-0000-0000-0000-000000000000",
      "CLIENTS/00000000-0000-0000-0000-000000000000",
      "employees/*",
      "/",
      "//",
      "a/b/c/d/e/f/g/h",
      "-1",
      "0",
      "99999999999999999999999999999",
      "1e309",
      "NaN",
      "Infinity",
      "-0",
      "2026-13-01",
      "2027-02-29",
      "0000-00-00",
      "9999-12-31T24:61:61Z",
      "null",
      "true",
      "{\"a\":",
      R"(<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>)",
      "${jndi:ldap://x}",
      "%s%n%x",
      "*",
      "name desc, ; drop",
      "display_name asc asc",
  };
  return values;
}

}  // namespace

void NamePool::Add(const std::string& name) {
  if (!LooksLikeName(name)) {
    return;
  }
  // The name under its last collection, and each parent under its own.
  for (std::size_t slash = name.find('/'); slash != std::string::npos;) {
    const std::size_t before = name.rfind('/', slash - 1);
    const std::size_t begin = before == std::string::npos ? 0 : before + 1;
    const std::string collection = name.substr(begin, slash - begin);
    const std::size_t id_end = name.find('/', slash + 1);
    const std::string prefix = name.substr(0, id_end);
    auto& names = by_collection_[collection];
    if (std::find(names.begin(), names.end(), prefix) == names.end()) {
      if (names.size() < kPerCollection) {
        names.push_back(prefix);
      } else {
        names[prefix.size() % kPerCollection] = prefix;
      }
      all_.push_back(prefix);
    }
    slash = id_end == std::string::npos ? std::string::npos : name.find('/', id_end + 1);
  }
  if (all_.size() > 4096) {
    all_.erase(all_.begin(), all_.begin() + 1024);
  }
}

std::string NamePool::EtagOf(const std::string& name) const {
  auto it = etags_.find(name);
  return it == etags_.end() ? "" : it->second;
}

void NamePool::Harvest(const Message& message) {
  const Reflection* reflection = message.GetReflection();
  const FieldDescriptor* name = message.GetDescriptor()->FindFieldByName("name");
  const FieldDescriptor* etag = message.GetDescriptor()->FindFieldByName("etag");
  if (name != nullptr && etag != nullptr && name->type() == FieldDescriptor::TYPE_STRING &&
      etag->type() == FieldDescriptor::TYPE_STRING && !name->is_repeated() &&
      !etag->is_repeated() && etags_.size() < 20000) {
    etags_[reflection->GetString(message, name)] = reflection->GetString(message, etag);
  }
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          Add(reflection->GetRepeatedString(message, field, i));
        }
      } else {
        Add(reflection->GetString(message, field));
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          Harvest(reflection->GetRepeatedMessage(message, field, i));
        }
      } else {
        Harvest(reflection->GetMessage(message, field));
      }
    }
  }
}

namespace {
std::string PickFrom(std::mt19937_64& random, const std::vector<std::string>& from) {
  if (from.empty()) {
    return "";
  }
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
}
}  // namespace

std::string NamePool::Pick(std::mt19937_64& random, const std::string& collection) const {
  auto it = by_collection_.find(collection);
  return it == by_collection_.end() ? "" : PickFrom(random, it->second);
}

std::string NamePool::PickAny(std::mt19937_64& random) const { return PickFrom(random, all_); }

std::string CollectionOfField(std::string_view field_name) {
  for (std::string_view person :
       {"manager", "curator", "employee", "owner", "assignee", "author", "head", "approver",
        "responsible", "requested_by", "new_manager", "from_manager", "to_manager"}) {
    if (field_name == person) {
      return "employees";
    }
  }
  std::string_view base = field_name;
  for (std::string_view suffix : {"_name", "_names"}) {
    if (base.size() > suffix.size() && base.substr(base.size() - suffix.size()) == suffix) {
      base.remove_suffix(suffix.size());
    }
  }
  return Plural(LowerCamel(base));
}

namespace {
// The method's noun in lower camel case: GetContactPerson -> contactPerson (the verb is the first
// capitalised word).
std::string NounOfMethod(std::string_view method_name) {
  std::size_t start = 1;
  while (start < method_name.size() &&
         std::isupper(static_cast<unsigned char>(method_name[start])) == 0) {
    ++start;
  }
  if (start >= method_name.size()) {
    return "";
  }
  std::string noun(method_name.substr(start));
  noun[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(noun[0])));
  return noun;
}
}  // namespace

RequestGenerator::RequestGenerator(std::mt19937_64& random, const NamePool& names)
    : random_(random), names_(names) {}

bool RequestGenerator::Chance(double p) { return std::bernoulli_distribution(p)(random_); }

int RequestGenerator::Between(int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random_);
}

std::string RequestGenerator::Uuid() {
  const uint64_t high = random_();
  const uint64_t low = random_();
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(high & 0xfff),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

void RequestGenerator::ForMethod(const std::string& method_name) {
  noun_ = NounOfMethod(method_name);
  collection_ = Plural(noun_);
}

std::string RequestGenerator::NameOf(const std::string& collection, bool own) {
  std::string found = names_.Pick(random_, collection);
  if (!found.empty() && Chance(0.9)) {
    return found;
  }
  if (own && Chance(0.4)) {
    const std::string parent = names_.Pick(random_, OneOf<std::string>({"editions", "employees"}));
    if (!parent.empty()) {
      return parent + "/" + noun_;
    }
  }
  return collection + "/" + Uuid();
}

void RequestGenerator::Fill(Message& request, const std::string& method_name) {
  ForMethod(method_name);
  // A third plausible throughout (to get past validation into the handler), a third plausible
  // with a few hostile changes, a third hostile anywhere.
  const int mode = Between(0, 2);
  hostile_rate_ = mode == 2 ? 0.45 : 0.0;
  FillMessage(request, 0, mode == 2 && Chance(0.5) ? 0.5 : 0.9);
  hostile_rate_ = 0.45;
  if (mode == 1) {
    Mutate(request, method_name);
  }
}

void RequestGenerator::Mutate(Message& request, const std::string& method_name) {
  ForMethod(method_name);
  const int changes = Between(1, 3);
  for (int change = 0; change < changes; ++change) {
    Message* message = &request;
    for (int depth = 0; depth < kMaxDepth; ++depth) {
      const Descriptor* descriptor = message->GetDescriptor();
      if (descriptor->field_count() == 0) {
        break;
      }
      const FieldDescriptor* field = descriptor->field(Between(0, descriptor->field_count() - 1));
      const Reflection* reflection = message->GetReflection();
      const bool descend = field->type() == FieldDescriptor::TYPE_MESSAGE &&
                           !field->is_repeated() && reflection->HasField(*message, field) &&
                           Chance(0.6);
      if (descend) {
        message = reflection->MutableMessage(message, field);
        continue;
      }
      const int what = Between(0, 9);
      if (what == 0) {
        reflection->ClearField(message, field);
      } else if (what == 1 && field->is_repeated()) {
        const int count = Between(50, 400);
        for (int i = 0; i < count; ++i) {
          AddOrSet(*message, field, depth + 1, Chance(0.5));
        }
      } else {
        if (!field->is_repeated()) {
          reflection->ClearField(message, field);
        }
        SetField(*message, field, depth + 1, true);
      }
      break;
    }
  }
}

void RequestGenerator::FillMessage(Message& message, int depth, double set_probability) {
  const Descriptor* descriptor = message.GetDescriptor();
  const bool plausible = hostile_rate_ == 0.0;
  auto wanted = [&](const FieldDescriptor* field) {
    if (!plausible) {
      return Chance(set_probability);
    }
    const auto& behaviours = field->options().GetRepeatedExtension(google::api::field_behavior);
    for (int behaviour : behaviours) {
      if (behaviour == google::api::REQUIRED) {
        return true;
      }
      if (behaviour == google::api::OUTPUT_ONLY) {
        return false;
      }
    }
    return Chance(set_probability * 0.4);
  };
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (const auto* oneof = field->real_containing_oneof(); oneof != nullptr) {
      // One member of the oneof, picked when its first member comes by.
      if (oneof->field(0) != field || !Chance(set_probability)) {
        continue;
      }
      field = oneof->field(Between(0, oneof->field_count() - 1));
    } else if (!wanted(field)) {
      continue;
    }
    SetField(message, field, depth, hostile_rate_ > 0 && Chance(hostile_rate_));
  }
  const Reflection* reflection = message.GetReflection();
  if (const FieldDescriptor* mask = descriptor->FindFieldByName("update_mask");
      mask != nullptr && mask->message_type() != nullptr && reflection->HasField(message, mask)) {
    FillFieldMask(*reflection->MutableMessage(&message, mask), message);
  }
  const FieldDescriptor* name = descriptor->FindFieldByName("name");
  const FieldDescriptor* etag = descriptor->FindFieldByName("etag");
  if (plausible && name != nullptr && etag != nullptr && !name->is_repeated() &&
      !etag->is_repeated() && name->type() == FieldDescriptor::TYPE_STRING &&
      etag->type() == FieldDescriptor::TYPE_STRING) {
    const std::string known = names_.EtagOf(reflection->GetString(message, name));
    if (!known.empty()) {
      reflection->SetString(&message, etag, known);
    }
  }
}

void RequestGenerator::SetField(Message& message, const FieldDescriptor* field, int depth,
                                bool hostile) {
  if (!field->is_repeated()) {
    AddOrSet(message, field, depth, hostile);
    return;
  }
  int count = Between(0, 3);
  if (Chance(0.04)) {
    count = Between(100, 1500);
  }
  if (field->type() == FieldDescriptor::TYPE_MESSAGE && depth >= kMaxDepth) {
    count = std::min(count, 1);
  }
  for (int i = 0; i < count; ++i) {
    AddOrSet(message, field, depth, hostile && Chance(0.7));
  }
}

void RequestGenerator::AddOrSet(Message& message, const FieldDescriptor* field, int depth,
                                bool hostile) {
  const Reflection* r = message.GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = field->type() == FieldDescriptor::TYPE_BYTES && Chance(0.7)
                              ? Bytes()
                              : String(*field, hostile);
      repeated ? r->AddString(&message, field, std::move(value))
               : r->SetString(&message, field, std::move(value));
      break;
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      const auto value = static_cast<int32_t>(Integer(true, hostile));
      repeated ? r->AddInt32(&message, field, value) : r->SetInt32(&message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t value = Integer(true, hostile);
      repeated ? r->AddInt64(&message, field, value) : r->SetInt64(&message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      const auto value = static_cast<uint32_t>(Integer(false, hostile));
      repeated ? r->AddUInt32(&message, field, value) : r->SetUInt32(&message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      const auto value = static_cast<uint64_t>(Integer(false, hostile));
      repeated ? r->AddUInt64(&message, field, value) : r->SetUInt64(&message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const double value = Double(hostile);
      repeated ? r->AddDouble(&message, field, value) : r->SetDouble(&message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const auto value = static_cast<float>(Double(hostile));
      repeated ? r->AddFloat(&message, field, value) : r->SetFloat(&message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool value = Chance(0.5);
      repeated ? r->AddBool(&message, field, value) : r->SetBool(&message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* type = field->enum_type();
      // A plausible value is a named one other than UNSPECIFIED when there is one.
      int value =
          type->value(Between(type->value_count() > 1 && !hostile ? 1 : 0, type->value_count() - 1))
              ->number();
      if (hostile && Chance(0.3)) {
        value = OneOf<int>({-1, 999, std::numeric_limits<int>::max(), type->value_count()});
      }
      repeated ? r->AddEnumValue(&message, field, value) : r->SetEnumValue(&message, field, value);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* child =
          repeated ? r->AddMessage(&message, field) : r->MutableMessage(&message, field);
      if (!FillSpecial(*child, hostile) && depth < kMaxDepth) {
        FillMessage(*child, depth + 1, hostile ? 0.5 : 0.8);
      }
      break;
    }
  }
}

bool RequestGenerator::FillSpecial(Message& message, bool hostile) {
  const std::string& type = message.GetDescriptor()->full_name();
  const Reflection* r = message.GetReflection();
  const Descriptor* d = message.GetDescriptor();
  if (type == "google.protobuf.Timestamp" || type == "google.protobuf.Duration") {
    const bool timestamp = type == "google.protobuf.Timestamp";
    int64_t seconds =
        timestamp ? 1796000000 + Between(-400, 400) * int64_t{86400} : Between(0, 7200);
    int32_t nanos = 0;
    if (hostile) {
      seconds = OneOf<int64_t>({-62135596801LL, 253402300800LL, std::numeric_limits<int64_t>::max(),
                                std::numeric_limits<int64_t>::min(), -1, 0, 315537897599LL + 1,
                                -315576000001LL});
      nanos = OneOf<int32_t>({-1, 1000000000, std::numeric_limits<int32_t>::min(), 999999999, 0});
    }
    r->SetInt64(&message, d->FindFieldByName("seconds"), seconds);
    r->SetInt32(&message, d->FindFieldByName("nanos"), nanos);
    return true;
  }
  if (type == "google.type.Date") {
    int year = Between(2024, 2030);
    int month = Between(1, 12);
    int day = Between(1, 28);
    if (hostile) {
      year = OneOf<int>({0, -1, 1, 9999, 10000, 2027, std::numeric_limits<int>::max()});
      month = OneOf<int>({0, 13, -1, 2, 12, 1000});
      day = OneOf<int>({0, 29, 30, 31, 32, -5});
    }
    r->SetInt32(&message, d->FindFieldByName("year"), year);
    r->SetInt32(&message, d->FindFieldByName("month"), month);
    r->SetInt32(&message, d->FindFieldByName("day"), day);
    return true;
  }
  if (type == "google.protobuf.FieldMask") {
    const FieldDescriptor* paths = d->FindFieldByName("paths");
    const int count = Between(0, 3);
    for (int i = 0; i < count; ++i) {
      r->AddString(&message, paths,
                   OneOf<std::string>({"nope", "a.b.c", "*", "", "NAME", "name", "display_name",
                                       "etag", "create_time", Hostile()}));
    }
    return true;
  }
  if (type == "google.protobuf.Any") {
    r->SetString(&message, d->FindFieldByName("type_url"),
                 OneOf<std::string>({"type.googleapis.com/crm.registry.v1.Client", "", Hostile()}));
    r->SetString(&message, d->FindFieldByName("value"), Bytes());
    return true;
  }
  return false;
}

void RequestGenerator::FillFieldMask(Message& mask, const Message& parent) {
  // Paths of the resource the request updates (its other message field), some unknown.
  std::vector<std::string> known;
  const Descriptor* d = parent.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* field = d->field(i);
    if (field->message_type() != nullptr && field->name() != "update_mask") {
      for (int j = 0; j < field->message_type()->field_count(); ++j) {
        known.push_back(field->message_type()->field(j)->name());
      }
    }
  }
  const Reflection* r = mask.GetReflection();
  const FieldDescriptor* paths = mask.GetDescriptor()->FindFieldByName("paths");
  r->ClearField(&mask, paths);
  const int count = Between(0, 4);
  for (int i = 0; i < count; ++i) {
    if (!known.empty() && Chance(0.7)) {
      r->AddString(&mask, paths, OneOf(known));
    } else {
      r->AddString(&mask, paths, OneOf<std::string>({"nope", "*", "", "a.b", Hostile()}));
    }
  }
}

std::string RequestGenerator::String(const FieldDescriptor& field, bool hostile) {
  if (!hostile) {
    return Plausible(field);
  }
  switch (Between(0, 9)) {
    case 0:
      return std::string(static_cast<std::size_t>(Between(256, 70000)),
                         OneOf<char>({'x', '\'', '%', '9', ' '}));
    case 1: {
      std::string repeated;
      const std::string unit = OneOf<std::string>({"Ж", "\xf0\x9f\x98\x80", "a/", "' OR "});
      const int count = Between(100, 5000);
      for (int i = 0; i < count; ++i) {
        repeated += unit;
      }
      return repeated;
    }
    case 2:
      // A name of any collection, most often not the field's.
      return names_.PickAny(random_);
    case 3:
      return OneOf<std::string>(
                 {"clients/", "employees/", "projects/", "documents/", "sales/", "contacts/"}) +
             Uuid();
    case 4: {
      std::string controls;
      const int count = Between(1, 40);
      for (int i = 0; i < count; ++i) {
        controls += static_cast<char>(Between(0, 31));
      }
      return controls;
    }
    case 5:
      return Plausible(field) + Hostile();
    default:
      return Hostile();
  }
}

std::string RequestGenerator::Hostile() { return OneOf(HostileStrings()); }

std::string RequestGenerator::Plausible(const FieldDescriptor& field) {
  const std::string& name = field.name();
  auto has = [&](std::string_view part) { return name.find(part) != std::string::npos; };
  if (name == "name") {
    return NameOf(collection_, true);
  }
  if (name == "parent") {
    return NameOf(OneOf<std::string>({"clients", "projects", "editions", "issuers", "employees"}),
                  false);
  }
  if (has("request_id")) {
    return Uuid();
  }
  if (has("page_token")) {
    return "";  // a token of an earlier page is an answer's; garbage ones are hostile values
  }
  if (name == "inn" || has("_inn")) {
    return OneOf<std::string>({"7707083893", "500100732259", "6316000015", "7736207543"});
  }
  if (has("kpp")) {
    return "773601001";
  }
  if (has("ogrn")) {
    return "1027700132195";
  }
  if (has("bik")) {
    return "043601607";
  }
  if (has("correspondent")) {
    return "30101810200000000607";
  }
  if (has("account")) {
    return "40702810154400000001";
  }
  if (has("email")) {
    return "ivanova-" + std::to_string(Between(1, 999)) + "@expo-volga.example";
  }
  if (has("phone")) {
    return "+7 846 200-" + std::to_string(Between(10, 99)) + "-01";
  }
  if (has("currency")) {
    return "RUB";
  }
  if (has("etag")) {
    return OneOf<std::string>({"", "\"1\"", "W/\"2\""});
  }
  if (has("order_by")) {
    return OneOf<std::string>({"display_name", "create_time desc", "name"});
  }
  if (has("filter") || has("query")) {
    return OneOf<std::string>({"строй", "Волга", "", "display_name = \"x\""});
  }
  if (has("date")) {
    return OneOf<std::string>({"2027-03-10", "2026-12-31"});
  }
  if (has("month") || has("period")) {
    return OneOf<std::string>({"2027-03", "2026-12"});
  }
  if (has("url") || has("site")) {
    return "https://expo-volga.example";
  }
  const std::string collection = CollectionOfField(name);
  if (!names_.Pick(random_, collection).empty()) {
    return NameOf(collection, false);
  }
  return OneOf<std::string>({"Волга-Строй", "ООО «СтройМаш»", "A-12", "Самара", "1", "note"});
}

std::string RequestGenerator::Bytes() {
  std::string bytes(static_cast<std::size_t>(Chance(0.1) ? Between(10000, 300000) : Between(0, 64)),
                    '\0');
  for (char& b : bytes) {
    b = static_cast<char>(random_() & 0xff);
  }
  if (Chance(0.3)) {
    // Something that starts like a file the services read.
    bytes = OneOf<std::string>({"PK\x03\x04", "1CClientBankExchange\n",
                                "\xef\xbb\xbfИНН;Название\n", "<?xml version=\"1.0\"?>"}) +
            bytes;
  }
  return bytes;
}

int64_t RequestGenerator::Integer(bool is_signed, bool hostile) {
  if (!hostile || Chance(0.3)) {
    return OneOf<int64_t>({1, 2, 5, 10, 20, 100, 900, 1500, 800000, Between(0, 100)});
  }
  std::vector<int64_t> values = {0,
                                 1,
                                 2,
                                 1000,
                                 1000000,
                                 std::numeric_limits<int32_t>::max(),
                                 std::numeric_limits<uint32_t>::max(),
                                 std::numeric_limits<int64_t>::max(),
                                 std::numeric_limits<int64_t>::max() / 100};
  if (is_signed) {
    values.insert(values.end(),
                  {-1, -100, std::numeric_limits<int32_t>::min(),
                   std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::min() + 1});
  }
  return OneOf(values);
}

double RequestGenerator::Double(bool hostile) {
  if (!hostile) {
    return OneOf<double>({0.5, 1.0, 10.0, 12.5, 0.2});
  }
  return OneOf<double>({0.0, -0.0, 1.5, -1.5, 100.0, std::nan(""),
                        std::numeric_limits<double>::infinity(),
                        -std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                        std::numeric_limits<double>::denorm_min(), 1e-300, 0.1, 0.5, 1.0});
}

}  // namespace crm::tools::grpc_fuzz
