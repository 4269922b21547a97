// JSON read into protobuf by the shared parser: whatever it reads must be exactly the message
// protobuf's converter (util::JsonStringToMessage, the options FromJson uses) reads, for every
// event type filled with random values and for the edge cases of each kind of field; what it does
// not read it leaves to the converter, which reads it or refuses it.
#include "common/json/wire_json_parser.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/message_filler.h"

namespace crm::common {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;

// Every kind of field the JSON mapping knows, in one message.
constexpr const char* kKindsProto = R"pb(
  name: "crm/test/json_kinds.proto"
  package: "crm.test"
  syntax: "proto3"
  dependency: "google/protobuf/timestamp.proto"
  dependency: "google/protobuf/duration.proto"
  message_type {
    name: "Kinds"
    field { name: "i32" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
    field { name: "i64" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }
    field { name: "u32" number: 3 label: LABEL_OPTIONAL type: TYPE_UINT32 }
    field { name: "u64" number: 4 label: LABEL_OPTIONAL type: TYPE_UINT64 }
    field { name: "s32" number: 5 label: LABEL_OPTIONAL type: TYPE_SINT32 }
    field { name: "s64" number: 6 label: LABEL_OPTIONAL type: TYPE_SINT64 }
    field { name: "f32" number: 7 label: LABEL_OPTIONAL type: TYPE_FIXED32 }
    field { name: "f64" number: 8 label: LABEL_OPTIONAL type: TYPE_FIXED64 }
    field { name: "sf32" number: 9 label: LABEL_OPTIONAL type: TYPE_SFIXED32 }
    field { name: "sf64" number: 10 label: LABEL_OPTIONAL type: TYPE_SFIXED64 }
    field { name: "flag" number: 11 label: LABEL_OPTIONAL type: TYPE_BOOL }
    field { name: "text" number: 12 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "data" number: 13 label: LABEL_OPTIONAL type: TYPE_BYTES }
    field {
      name: "color"
      number: 14
      label: LABEL_OPTIONAL
      type: TYPE_ENUM
      type_name: ".crm.test.Kinds.Color"
    }
    field {
      name: "child"
      number: 15
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".crm.test.Kinds"
    }
    field { name: "numbers" number: 16 label: LABEL_REPEATED type: TYPE_INT64 }
    field {
      name: "children"
      number: 17
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".crm.test.Kinds"
    }
    field {
      name: "at_time"
      number: 18
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Timestamp"
    }
    field {
      name: "took"
      number: 19
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Duration"
    }
    field { name: "left_name" number: 20 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
    field { name: "right_count" number: 21 label: LABEL_OPTIONAL type: TYPE_INT32 oneof_index: 0 }
    field { name: "ratio" number: 22 label: LABEL_OPTIONAL type: TYPE_DOUBLE }
    field {
      name: "counts"
      number: 23
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".crm.test.Kinds.CountsEntry"
    }
    field {
      name: "colors"
      number: 24
      label: LABEL_REPEATED
      type: TYPE_ENUM
      type_name: ".crm.test.Kinds.Color"
    }
    nested_type {
      name: "CountsEntry"
      field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
      field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_INT32 }
      options { map_entry: true }
    }
    enum_type {
      name: "Color"
      value { name: "COLOR_UNSPECIFIED" number: 0 }
      value { name: "COLOR_RED" number: 1 }
    }
    oneof_decl { name: "choice" }
  }
)pb";

class WireJsonParserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    google::protobuf::FileDescriptorSet set;
    std::ifstream in(CRM_DESCRIPTOR_SET, std::ios::binary);
    ASSERT_TRUE(set.ParseFromIstream(&in)) << CRM_DESCRIPTOR_SET;
    pool_ = new google::protobuf::DescriptorPool();
    for (const auto& file : set.file()) {
      ASSERT_NE(pool_->BuildFile(file), nullptr) << file.name();
    }
    for (const auto* wkt : {google::protobuf::Timestamp::descriptor()->file(),
                            google::protobuf::Duration::descriptor()->file()}) {
      if (pool_->FindFileByName(wkt->name()) == nullptr) {
        google::protobuf::FileDescriptorProto proto;
        wkt->CopyTo(&proto);
        ASSERT_NE(pool_->BuildFile(proto), nullptr) << wkt->name();
      }
    }
    google::protobuf::FileDescriptorProto kinds;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kKindsProto, &kinds));
    ASSERT_NE(pool_->BuildFile(kinds), nullptr);
    factory_ = new google::protobuf::DynamicMessageFactory(pool_);
    events_ = new std::vector<std::string>();
    for (const auto& file : set.file()) {
      if (file.package() == "crm.events.v1") {
        events_->push_back(file.name());
      }
    }
  }

  static std::unique_ptr<Message> New(const Descriptor* type) {
    return std::unique_ptr<Message>(factory_->GetPrototype(type)->New());
  }

  // The message the shared parser reads, or null when it leaves `json` to the converter.
  static std::unique_ptr<Message> Fast(const Descriptor* type, const std::string& json) {
    static const WireJsonParser parser;
    std::string binary;
    auto message = New(type);
    if (!parser.Parse(type, json, &binary) || !message->ParseFromString(binary)) {
      return nullptr;
    }
    return message;
  }

  // The message the converter reads, or null when it refuses `json`.
  static std::unique_ptr<Message> Converter(const Descriptor* type, const std::string& json) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    auto message = New(type);
    if (!google::protobuf::util::JsonStringToMessage(json, message.get(), options).ok()) {
      return nullptr;
    }
    return message;
  }

  // Read by the shared parser, and exactly as the converter reads it.
  static void ExpectFast(const Descriptor* type, const std::string& json) {
    auto fast = Fast(type, json);
    auto reference = Converter(type, json);
    ASSERT_NE(fast, nullptr) << "left to the converter: " << json;
    ASSERT_NE(reference, nullptr) << "the converter refuses: " << json;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*fast, *reference))
        << json << "\n  read: " << fast->ShortDebugString()
        << "\n  converter: " << reference->ShortDebugString();
  }

  // Left to the converter, which reads it (`converter_reads`) or refuses it.
  static void ExpectLeft(const Descriptor* type, const std::string& json, bool converter_reads) {
    EXPECT_EQ(Fast(type, json), nullptr) << "read, not left to the converter: " << json;
    EXPECT_EQ(Converter(type, json) != nullptr, converter_reads) << json;
  }

  static const Descriptor* Kinds() { return pool_->FindMessageTypeByName("crm.test.Kinds"); }

  static google::protobuf::DescriptorPool* pool_;
  static google::protobuf::DynamicMessageFactory* factory_;
  static std::vector<std::string>* events_;
};

google::protobuf::DescriptorPool* WireJsonParserTest::pool_ = nullptr;
google::protobuf::DynamicMessageFactory* WireJsonParserTest::factory_ = nullptr;
std::vector<std::string>* WireJsonParserTest::events_ = nullptr;

// Every event type, filled with random values and printed by the converter with lowerCamel names,
// with proto names and with every default value: read by the shared parser, as the converter reads
// it, and equal to the message printed.
TEST_F(WireJsonParserTest, EveryEventTypeReadsAsProtobufsConverterReadsIt) {
  crm::testing::MessageFiller filler(20261207);
  int types = 0;
  int read = 0;
  for (const std::string& name : *events_) {
    const google::protobuf::FileDescriptor* file = pool_->FindFileByName(name);
    for (int t = 0; t < file->message_type_count(); ++t, ++types) {
      const Descriptor* type = file->message_type(t);
      for (int i = 0; i < 20; ++i) {
        auto message = New(type);
        filler.Fill(*message, 0);
        for (int style = 0; style < 3; ++style) {
          google::protobuf::util::JsonPrintOptions options;
          options.preserve_proto_field_names = style == 1;
          options.always_print_primitive_fields = style == 2;
          std::string json;
          if (!google::protobuf::util::MessageToJsonString(*message, &json, options).ok()) {
            continue;  // a time out of range: no JSON to read
          }
          ExpectFast(type, json);
          auto fast = Fast(type, json);
          ASSERT_NE(fast, nullptr);
          EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*fast, *message))
              << type->full_name() << ": " << json;
          ++read;
        }
      }
    }
  }
  EXPECT_GT(types, 40);
  EXPECT_GT(read, types * 20);
}

TEST_F(WireJsonParserTest, IntegersInEveryFormTheConverterTakesAndTheirLimits) {
  ExpectFast(Kinds(),
             R"({"i32": -2147483648, "i64": "-9223372036854775808", "u32": 4294967295,
                 "u64": "18446744073709551615", "s32": -5, "s64": "-7", "f32": 7, "f64": "8",
                 "sf32": -9, "sf64": "-10", "flag": true})");
  ExpectFast(Kinds(), R"({"i32": 2147483647, "i64": 9223372036854775807, "s32": 2147483647,
                          "s64": -9223372036854775808, "sf64": 9223372036854775807})");
  ExpectFast(Kinds(), R"({"i64": 9007199254740993, "u64": 18446744073709551615})");
  ExpectFast(Kinds(), R"({"i32": "12", "u32": "0", "f32": "4294967295", "flag": false})");
  ExpectFast(Kinds(), R"({"numbers": [1, "2", -3, "-9223372036854775808"]})");
  // Out of range, of the wrong type, or not an integer as JSON writes one.
  for (const char* json : {R"({"i32": 2147483648})", R"({"i32": -2147483649})", R"({"u32": -1})",
                           R"({"u32": 4294967296})", R"({"i64": "9223372036854775808"})",
                           R"({"u64": "18446744073709551616"})", R"({"u64": -1})",
                           R"({"i32": "abc"})", R"({"i32": true})", R"({"i32": {}})",
                           R"({"flag": 1})", R"({"i32": 1.5})", R"({"i32": 01})"}) {
    ExpectLeft(Kinds(), json, false);
  }
  // Forms only the converter reads.
  for (const char* json :
       {R"({"i32": 1.0})", R"({"i32": 1e2})", R"({"i64": " 5"})", R"({"flag": "yes"})"}) {
    EXPECT_EQ(Fast(Kinds(), json), nullptr) << json;
  }
}

TEST_F(WireJsonParserTest, StringsWithEveryEscapeSurrogatePairsAndNonAsciiText) {
  ExpectFast(Kinds(), R"({"text": "\"\\\/\b\f\n\r\t\u0041\u00e9\u0416\u2028"})");
  ExpectFast(Kinds(), R"({"text": "\ud83d\ude00 and \uDB40\uDC20"})");
  ExpectFast(Kinds(), "{\"text\": \"Предложить стенд € \xf0\x9f\x98\x80\"}");
  ExpectFast(Kinds(), R"({"text": ""})");
  ExpectFast(Kinds(), R"({"text": ")" + std::string(300, 'x') + R"("})");  // a 2-byte length
  ExpectFast(Kinds(), R"({"data": "AAEC/w==", "child": {"data": "YQ=="}})");
  ExpectFast(Kinds(), R"({"data": ""})");
  // Lone surrogates, invalid UTF-8 and unknown escapes are the converter's to judge.
  for (const std::string& json :
       {std::string(R"({"text": "\ud800"})"), std::string(R"({"text": "\udc00x"})"),
        std::string(R"({"text": "\ud800\u0041"})"), std::string("{\"text\": \"\xff\"}"),
        std::string("{\"text\": \"\xc0\xaf\"}"), std::string("{\"text\": \"\xed\xa0\x80\"}"),
        std::string(R"({"text": "\x41"})"), std::string(R"({"data": "-_8="})"),
        std::string(R"({"data": "AAE"})")}) {
    EXPECT_EQ(Fast(Kinds(), json), nullptr) << json;
  }
  for (const char* json : {R"({"text": 5})", R"({"text": "abc)"}) {
    ExpectLeft(Kinds(), json, false);
  }
  ExpectLeft(Kinds(), R"({"text": "a\q"})", true);  // the converter's leniency
}

TEST_F(WireJsonParserTest, EnumsNestedRepeatedOneofsAndNames) {
  ExpectFast(Kinds(), R"({"color": "COLOR_RED", "colors": ["COLOR_RED", 0, 7]})");
  ExpectFast(Kinds(), R"({"color": 1})");
  ExpectFast(Kinds(), R"({"color": 1000})");  // a number the enum does not name (proto3: kept)
  ExpectFast(Kinds(), R"({"child": {"child": {"i32": 1, "children": []}},
                          "children": [{}, {"text": "a"}, {"child": {}}]})");
  ExpectFast(Kinds(), R"({"leftName": "a"})");
  ExpectFast(Kinds(), R"({"left_name": "a", "at_time": "2026-12-07T16:37:00Z"})");
  ExpectFast(Kinds(), R"({"rightCount": 0})");
  ExpectFast(Kinds(), " {\n\t\"i32\" : 1 ,\r\n \"text\":\"a\" ,\"numbers\" :[ 1 , 2 ] } \n");
  ExpectFast(Kinds(), "{}");
  // Nested deeper than 64 levels: left to the converter.
  std::string deep;
  for (int i = 0; i < 70; ++i) {
    deep += "{\"child\": ";
  }
  deep += "{}" + std::string(70, '}');
  EXPECT_EQ(Fast(Kinds(), deep), nullptr);
  // Unknown fields and names, null, two members of a oneof or the same field twice, kinds the
  // parser does not read: the converter decides.
  for (const char* json :
       {R"({"addedLater": 1, "i32": 2})", R"({"text": null})", R"({"ratio": 0.5})",
        R"({"counts": {"a": 1}})", R"({"color": "COLOR_BLUE"})", R"({"color": "color_red"})",
        R"({"leftName": "a", "rightCount": 1})", R"({"i32": 1, "i32": 2})",
        R"({"i32": 1, "I32": 2})", R"({"child": {"child": null}})"}) {
    EXPECT_EQ(Fast(Kinds(), json), nullptr) << json;
  }
  // Malformed.
  for (const char* json : {R"({"i32": 1)", R"({"i32" 1})", "[]", "{} x", "", R"({"child": 5})",
                           R"({"numbers": [1 2]})", "{\"i32\": 1}}"}) {
    ExpectLeft(Kinds(), json, false);
  }
  // Not JSON, yet read by the converter: left to it, so nothing changes for such a payload.
  for (const char* json : {R"({"i32": 1,})", R"({"children": [{}, ]})", R"({i32: 1})"}) {
    ExpectLeft(Kinds(), json, true);
  }
}

TEST_F(WireJsonParserTest, TimestampsAndDurationsWithinTheirRanges) {
  for (const char* time :
       {"2026-12-07T16:37:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00.5Z", "1969-12-31T23:59:59.123Z", "1970-01-01T00:00:00.000001Z",
        "2000-03-01T00:00:00Z", "1900-02-28T23:59:59Z"}) {
    ExpectFast(Kinds(), std::string(R"({"atTime": ")") + time + "\"}");
  }
  for (const char* duration : {"1.5s", "-0.25s", "315576000000s", "-315576000000.999999999s", "0s",
                               "-3s", "0.000000001s", "86400.100s"}) {
    ExpectFast(Kinds(), std::string(R"({"took": ")") + duration + "\"}");
  }
  // Out of range or not a date: left to the converter, which refuses them.
  for (const char* time : {"2026-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "10000-01-01T00:00:00Z",
                           "2026-12-07T24:00:00Z", "2026-12-07"}) {
    ExpectLeft(Kinds(), std::string(R"({"atTime": ")") + time + "\"}", false);
  }
  for (const char* duration : {"315576000001s", "1.5", "s", "1.1234567891s"}) {
    ExpectLeft(Kinds(), std::string(R"({"took": ")") + duration + "\"}", false);
  }
  // Other forms the converter may read (offsets, lower case, "-0s"): the converter's.
  for (const char* time :
       {"2026-12-07T19:37:00+03:00", "2026-12-07t16:37:00z", "2026-12-07T16:37:00.1234567891Z"}) {
    EXPECT_EQ(Fast(Kinds(), std::string(R"({"atTime": ")") + time + "\"}"), nullptr) << time;
  }
  EXPECT_EQ(Fast(Kinds(), R"({"took": "-0s"})"), nullptr);
}

}  // namespace
}  // namespace crm::common
