// Responses as JSON: the gateway's wire-format printer must print exactly what protobuf's
// converter (util::BinaryToJsonString, the options Envoy's transcoder uses) prints, for every
// response type of the API filled with random values, and for every Unicode character.
#include "services/gateway/transcoding/json_codec.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>
#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "services/gateway/transcoding/api_catalog.h"
#include "services/gateway/transcoding/wire_json_printer.h"

namespace crm::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

class JsonCodecTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalog_ = ApiCatalog::Load(CRM_DESCRIPTOR_SET).release();
    resolver_ = google::protobuf::util::NewTypeResolverForDescriptorPool("type.googleapis.com",
                                                                         &catalog_->pool());
  }

  // The converter's JSON, or nullopt when it refuses the message.
  static std::optional<std::string> Reference(const Descriptor* type, const std::string& binary) {
    std::string printed;
    auto status = google::protobuf::util::BinaryToJsonString(
        resolver_, "type.googleapis.com/" + type->full_name(), binary, &printed,
        google::protobuf::util::JsonPrintOptions());
    if (!status.ok()) {
      return std::nullopt;
    }
    return printed;
  }

  static void ExpectSameAsConverter(const JsonCodec& codec, const Message& message) {
    const std::string binary = message.SerializeAsString();
    auto expected = Reference(message.GetDescriptor(), binary);
    if (expected) {
      EXPECT_EQ(codec.ToJson(message.GetDescriptor(), binary), *expected) << message.DebugString();
    } else {
      EXPECT_THROW(codec.ToJson(message.GetDescriptor(), binary), std::runtime_error);
    }
  }

  static std::unique_ptr<Message> New(const std::string& type) {
    const Descriptor* d = catalog_->pool().FindMessageTypeByName(type);
    EXPECT_NE(d, nullptr) << type;
    return std::unique_ptr<Message>(catalog_->factory().GetPrototype(d)->New());
  }

  static const ApiCatalog* catalog_;
  static google::protobuf::util::TypeResolver* resolver_;
};

const ApiCatalog* JsonCodecTest::catalog_ = nullptr;
google::protobuf::util::TypeResolver* JsonCodecTest::resolver_ = nullptr;

// Fills a message with random values through reflection: every scalar kind with its extremes,
// strings mixing ASCII, Cyrillic, characters JSON or the converter escapes and ones beyond the
// Basic Multilingual Plane, enum numbers without a name, times in and out of range.
class Filler {
 public:
  explicit Filler(unsigned seed) : random_(seed) {}

  void Fill(Message& message, int depth) {
    const Descriptor* d = message.GetDescriptor();
    const auto* r = message.GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (Pick(3) == 0) {
        continue;
      }
      if (f->is_map()) {
        for (int n = Pick(3); n > 0; --n) {
          Message* entry = r->AddMessage(&message, f);
          Fill(*entry, depth + 1);
        }
        continue;
      }
      const int count = f->is_repeated() ? Pick(4) : 1;
      for (int n = 0; n < count; ++n) {
        Set(message, f, depth);
      }
    }
  }

 private:
  int Pick(int below) { return static_cast<int>(random_() % static_cast<unsigned>(below)); }

  template <class T>
  T Number() {
    switch (Pick(5)) {
      case 0:
        return 0;
      case 1:
        return std::numeric_limits<T>::max();
      case 2:
        return std::numeric_limits<T>::min();
      case 3:
        return static_cast<T>(1);
      default:
        return static_cast<T>(random_());
    }
  }

  std::string Text() {
    static const char* pieces[] = {
        "Предложить стенд", "abc",        " ",        "<b>",  "&amp;",    "\"q\"",
        "back\\slash",      "\n\t\r\b\f", "\x01\x1f", "\x7f", "\xc2\xad",  // soft hyphen
        "\xe2\x80\xa8",                                                    // line separator
        "\xef\xbb\xbf",                                                    // byte order mark
        "\xf0\x9f\x98\x80",                                                // an emoji
        "\xf3\xa0\x80\xa0",  // a tag character (escaped)
        "€ № «ёлка»",       "/path?x=1"};
    std::string text;
    for (int n = Pick(4); n > 0; --n) {
      text += pieces[Pick(std::size(pieces))];
    }
    return text;
  }

  void Set(Message& message, const FieldDescriptor* f, int depth) {
    const auto* r = message.GetReflection();
    const bool repeated = f->is_repeated();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        auto v = Number<int32_t>();
        repeated ? r->AddInt32(&message, f, v) : r->SetInt32(&message, f, v);
        return;
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        auto v = Number<int64_t>();
        repeated ? r->AddInt64(&message, f, v) : r->SetInt64(&message, f, v);
        return;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        auto v = Number<uint32_t>();
        repeated ? r->AddUInt32(&message, f, v) : r->SetUInt32(&message, f, v);
        return;
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        auto v = Number<uint64_t>();
        repeated ? r->AddUInt64(&message, f, v) : r->SetUInt64(&message, f, v);
        return;
      }
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        double v = Pick(2) == 0 ? 0.1 * Pick(1000) : 1e300;
        repeated ? r->AddDouble(&message, f, v) : r->SetDouble(&message, f, v);
        return;
      }
      case FieldDescriptor::CPPTYPE_FLOAT: {
        float v = 0.25F * static_cast<float>(Pick(100));
        repeated ? r->AddFloat(&message, f, v) : r->SetFloat(&message, f, v);
        return;
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        bool v = Pick(2) == 0;
        repeated ? r->AddBool(&message, f, v) : r->SetBool(&message, f, v);
        return;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const auto* e = f->enum_type();
        int v = Pick(10) == 0 ? 1000 + Pick(10) : e->value(Pick(e->value_count()))->number();
        if (f->file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO3 ||
            e->FindValueByNumber(v) != nullptr) {
          repeated ? r->AddEnumValue(&message, f, v) : r->SetEnumValue(&message, f, v);
        }
        return;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string v = Text();
        if (f->type() == FieldDescriptor::TYPE_BYTES) {
          v.clear();
          for (int n = Pick(8); n > 0; --n) {
            v.push_back(static_cast<char>(random_()));
          }
        }
        repeated ? r->AddString(&message, f, v) : r->SetString(&message, f, v);
        return;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        const std::string& type = f->message_type()->full_name();
        if (type == "google.protobuf.Any" || type == "google.protobuf.Struct" ||
            type == "google.protobuf.Value" || type == "google.protobuf.ListValue" ||
            (depth > 3 && !f->message_type()->full_name().starts_with("google.protobuf."))) {
          return;  // an Any needs a resolvable type; deep recursion adds nothing
        }
        Message* sub = repeated ? r->AddMessage(&message, f) : r->MutableMessage(&message, f);
        if (type == "google.protobuf.Timestamp" || type == "google.protobuf.Duration") {
          SetTime(*sub, type == "google.protobuf.Duration");
        } else {
          Fill(*sub, depth + 1);
        }
        return;
      }
    }
  }

  void SetTime(Message& time, bool duration) {
    const auto* d = time.GetDescriptor();
    const auto* r = time.GetReflection();
    int64_t seconds = 0;
    int32_t nanos = 0;
    switch (Pick(6)) {
      case 0:
        break;
      case 1:
        seconds = duration ? 315576000000 : 253402300799;
        nanos = 999999999;
        break;
      case 2:
        seconds = duration ? -315576000000 : -62135596800;
        nanos = duration ? -5000000 : 0;
        break;
      case 3:
        seconds = static_cast<int64_t>(random_() % 4000000000ULL);
        nanos = static_cast<int32_t>(Pick(1000)) * (Pick(2) == 0 ? 1000000 : 1000);
        break;
      case 4:
        seconds = duration ? -static_cast<int64_t>(Pick(100000)) : 1803880800 + Pick(100000);
        nanos = static_cast<int32_t>(random_() % 1000000000) * (duration && seconds < 0 ? -1 : 1);
        break;
      default:  // out of range or inconsistent: the converter refuses it
        seconds = duration ? 400000000000 : 253402300800;
        nanos = -1;
    }
    r->SetInt64(&time, d->FindFieldByName("seconds"), seconds);
    r->SetInt32(&time, d->FindFieldByName("nanos"), nanos);
  }

  std::mt19937_64 random_;
};

TEST_F(JsonCodecTest, EveryResponseTypePrintsAsTheConverterPrintsIt) {
  JsonCodec codec(catalog_->pool());
  Filler filler(20261207);
  std::set<const Descriptor*> types;
  for (const auto& method : catalog_->methods()) {
    types.insert(method.descriptor->output_type());
    types.insert(method.descriptor->input_type());
  }
  types.insert(catalog_->pool().FindMessageTypeByName("google.rpc.Status"));
  ASSERT_GT(types.size(), 50U);
  for (const Descriptor* type : types) {
    for (int i = 0; i < 20; ++i) {
      std::unique_ptr<Message> message(catalog_->factory().GetPrototype(type)->New());
      filler.Fill(*message, 0);
      ExpectSameAsConverter(codec, *message);
    }
  }
}

TEST_F(JsonCodecTest, EveryCharacterIsEscapedAsTheConverterEscapesIt) {
  JsonCodec codec(catalog_->pool());
  auto response = New("crm.planning.v1.ListCalendarResponse");
  const auto* field = response->GetDescriptor()->FindFieldByName("time_zone");
  auto utf8 = [](uint32_t c) {
    std::string s;
    if (c < 0x80) {
      s += static_cast<char>(c);
    } else if (c < 0x800) {
      s += static_cast<char>(0xC0 | (c >> 6));
      s += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      s += static_cast<char>(0xE0 | (c >> 12));
      s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (c >> 18));
      s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
  };
  // Sixteen characters to a string keeps the run short; each is still checked in its own right
  // since a string with one character the printer leaves to the converter is all the
  // converter's.
  for (uint32_t start = 0; start < 0x110000; start += 16) {
    std::string text;
    for (uint32_t c = start; c < start + 16; ++c) {
      if (c < 0xD800 || c > 0xDFFF) {
        text += utf8(c);
      }
    }
    response->GetReflection()->SetString(response.get(), field, text);
    ExpectSameAsConverter(codec, *response);
  }
  // Invalid UTF-8 (a backend that sends it): the converter's output too.
  std::string binary = "\x1a\x04\x61\xff\x62\xc3";  // time_zone = 61 ff 62 c3
  EXPECT_EQ(codec.ToJson(response->GetDescriptor(), binary),
            Reference(response->GetDescriptor(), binary).value());
}

TEST_F(JsonCodecTest, TheCalendarAndClientSearchArePrintedWithoutTheConverter) {
  WireJsonPrinter printer;
  JsonCodec codec(catalog_->pool());
  Filler filler(7);
  for (const char* type :
       {"crm.planning.v1.ListCalendarResponse", "crm.registry.v1.SearchClientsResponse"}) {
    auto response = New(type);
    const auto* list = response->GetDescriptor()->field(0);
    ASSERT_TRUE(list->is_repeated());
    for (int i = 0; i < 30; ++i) {
      Message* item = response->GetReflection()->AddMessage(response.get(), list);
      item->GetReflection()->SetString(item, item->GetDescriptor()->FindFieldByName("name"),
                                       "items/" + std::to_string(i) + " «Строй» <x>");
    }
    const std::string binary = response->SerializeAsString();
    std::string printed;
    EXPECT_TRUE(printer.Print(response->GetDescriptor(), binary, &printed)) << type;
    EXPECT_EQ(printed, Reference(response->GetDescriptor(), binary).value());
  }
}

TEST_F(JsonCodecTest, AnEnumNumberWithoutANameIsLeftToTheConverter) {
  WireJsonPrinter printer;
  auto contact = New("crm.planning.v1.Contact");
  contact->GetReflection()->SetEnumValue(contact.get(),
                                         contact->GetDescriptor()->FindFieldByName("type"), 777);
  std::string printed;
  EXPECT_FALSE(printer.Print(contact->GetDescriptor(), contact->SerializeAsString(), &printed));
  JsonCodec codec(catalog_->pool());
  EXPECT_EQ(codec.ToJson(contact->GetDescriptor(), contact->SerializeAsString()),
            R"({"type":777})");
}

}  // namespace
}  // namespace crm::gateway
