// FromJson / ToJson: an event payload read off the bus and written onto it.
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include "common/bus/outbox.h"
#include "crm/events/v1/registry_client_events.pb.h"
#include "tests/support/message_filler.h"

namespace crm::common::bus {
namespace {

namespace ev = crm::events::v1;

TEST(PayloadJson, WhatIsWrittenReadsBackTheSameAndUnknownFieldsAreIgnored) {
  ev::ClientMerged merged;
  merged.set_survivor("clients/0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901");
  merged.add_merged("clients/1c7f8b9d-2e3f-4a41-8b52-c6d7e8f90a12");
  merged.set_merge("merges/2d8a9cae-3f40-4b52-9c63-d7e8f90a1b23");

  ev::ClientMerged again;
  FromJson(ToJson(merged), &again);
  EXPECT_EQ(again.SerializeAsString(), merged.SerializeAsString());

  // A newer producer's field is skipped, the rest read.
  ev::ClientMerged newer;
  FromJson(R"({"survivor": "clients/0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901", "addedLater": 1})",
           &newer);
  EXPECT_EQ(newer.survivor(), merged.survivor());
}

TEST(PayloadJson, ARawControlCharacterIsRefusedAsMalformedWithItsPlace) {
  // RFC 8259 allows tab, line feed and carriage return between tokens, nothing else raw.
  ev::ClientMerged ok;
  FromJson("{\n\t\"survivor\":\r\n \"clients/x\"}", &ok);
  EXPECT_EQ(ok.survivor(), "clients/x");

  for (const std::string& json : {std::string("{\"survivor\": \"clients/x\x01\"}"),
                                  std::string("{\"survivor\": \"clients/\0x\"}", 24),
                                  std::string("{\"survivor\": \"clients/x\"}\x1f")}) {
    ev::ClientMerged payload;
    try {
      FromJson(json, &payload);
      ADD_FAILURE() << "accepted: " << json;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("malformed crm.events.v1.ClientMerged payload"),
                std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("raw control character at byte"), std::string::npos)
          << e.what();
    }
    EXPECT_EQ(payload.survivor(), "") << "nothing is read from a refused payload";
  }
}

TEST(PayloadJson, NotJsonIsRefusedAsMalformed) {
  ev::ClientMerged payload;
  EXPECT_THROW(FromJson("{\"survivor\": ", &payload), std::invalid_argument);
  EXPECT_THROW(FromJson("[]", &payload), std::invalid_argument);
}

// ToJson prints from the wire format through the shared printer: for every event type, filled
// with random values, it must print exactly what protobuf's converter prints, since subscribers
// read these payloads.
TEST(PayloadJson, EveryEventTypePrintsAsProtobufsConverterPrintsIt) {
  google::protobuf::FileDescriptorSet set;
  std::ifstream in(CRM_DESCRIPTOR_SET, std::ios::binary);
  ASSERT_TRUE(set.ParseFromIstream(&in)) << CRM_DESCRIPTOR_SET;
  // Built from the descriptor set: a static library links only the event types its users name.
  google::protobuf::DescriptorPool pool;
  for (const auto& file : set.file()) {
    ASSERT_NE(pool.BuildFile(file), nullptr) << file.name();
  }
  google::protobuf::DynamicMessageFactory factory(&pool);
  crm::testing::MessageFiller filler(20261207);
  int types = 0;
  for (const auto& file : set.file()) {
    if (file.package() != "crm.events.v1") {
      continue;
    }
    const google::protobuf::FileDescriptor* events = pool.FindFileByName(file.name());
    for (int t = 0; t < events->message_type_count(); ++t, ++types) {
      const google::protobuf::Descriptor* type = events->message_type(t);
      for (int i = 0; i < 20; ++i) {
        std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(type)->New());
        filler.Fill(*message, 0);
        std::string expected;
        if (google::protobuf::util::MessageToJsonString(*message, &expected).ok()) {
          EXPECT_EQ(ToJson(*message), expected) << type->full_name();
        } else {
          EXPECT_THROW(ToJson(*message), std::runtime_error) << type->full_name();
        }
      }
    }
  }
  EXPECT_GT(types, 40);
}

}  // namespace
}  // namespace crm::common::bus
