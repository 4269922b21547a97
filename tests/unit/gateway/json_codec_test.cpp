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

#include "common/json/wire_json_printer.h"
#include "services/gateway/transcoding/api_catalog.h"
#include "tests/support/message_filler.h"

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

TEST_F(JsonCodecTest, EveryResponseTypePrintsAsTheConverterPrintsIt) {
  JsonCodec codec(catalog_->pool());
  crm::testing::MessageFiller filler(20261207);
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
  common::WireJsonPrinter printer;
  JsonCodec codec(catalog_->pool());
  crm::testing::MessageFiller filler(7);
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
  common::WireJsonPrinter printer;
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
