// WireJsonPrinter against protobuf's converter, with either kind of key.
#include "common/json/wire_json_printer.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <string>

#include "crm/registry/v1/registry.pb.h"

namespace crm::common {
namespace {

std::string Converted(const google::protobuf::Message& message, bool proto_names) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = proto_names;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json, options).ok());
  return json;
}

registry::v1::Client SomeClient() {
  registry::v1::Client client;
  client.set_display_name("Ромашка «Юг» \"ООО\"");
  client.set_legal_form(registry::v1::LEGAL_FORM_OOO);
  client.add_okved_codes("46.90");
  client.add_okved_codes("47.11");
  registry::v1::Phone* phone = client.add_phones();
  phone->set_number("+7 846 200-00-01");
  phone->set_digits("78462000001");
  client.mutable_postal_address()->set_city("Самара");
  client.mutable_legal_address_details();
  client.mutable_delete_time()->set_seconds(1'800'000'000);
  registry::v1::BankAccount* account = client.add_bank_accounts();
  account->set_bik("043601607");
  account->set_account("40702810554400000001");
  return client;
}

TEST(WireJsonPrinterTest, PrintsProtoNamesOrJsonNamesAsTheConverterDoes) {
  const registry::v1::Client client = SomeClient();
  const std::string binary = client.SerializeAsString();
  for (const bool proto_names : {false, true}) {
    const WireJsonPrinter printer(proto_names ? WireJsonPrinter::Keys::kProtoName
                                              : WireJsonPrinter::Keys::kJsonName);
    std::string printed;
    ASSERT_TRUE(printer.Print(registry::v1::Client::descriptor(), binary, &printed));
    EXPECT_EQ(printed, Converted(client, proto_names));
    std::string converted = "left over";
    ASSERT_TRUE(printer.PrintOrConvert(client, &converted).ok());
    EXPECT_EQ(converted, printed);
  }
  // Both kinds of key differ on this client, so each printer used its own.
  EXPECT_NE(Converted(client, true), Converted(client, false));
}

TEST(WireJsonPrinterTest, PrintOrConvertLeavesToTheConverterWhatPrintDoesNot) {
  registry::v1::Client client = SomeClient();
  // An enum number the descriptor does not name: the converter prints it as a number.
  client.set_legal_form(static_cast<registry::v1::LegalForm>(777));
  const WireJsonPrinter printer(WireJsonPrinter::Keys::kProtoName);
  std::string printed;
  EXPECT_FALSE(
      printer.Print(registry::v1::Client::descriptor(), client.SerializeAsString(), &printed));
  std::string converted;
  ASSERT_TRUE(printer.PrintOrConvert(client, &converted).ok());
  EXPECT_EQ(converted, Converted(client, true));
  EXPECT_NE(converted.find(R"("legal_form":777)"), std::string::npos) << converted;
}

}  // namespace
}  // namespace crm::common
