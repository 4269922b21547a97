// ResourceIdOrPoison: the id of a resource name an event carries, or a PoisonEvent.
#include <gtest/gtest.h>

#include "common/bus/consumer.h"

namespace crm::common::bus {
namespace {

TEST(ResourceIdOrPoisonTest, ReadsTheIdInLowerCase) {
  EXPECT_EQ(ResourceIdOrPoison("clients/0B6F7A8C-1D2E-4F30-9A41-B5C6D7E8F901", "clients", "client"),
            "0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901");
}

TEST(ResourceIdOrPoisonTest, ANameOfAnotherCollectionOrNoNameIsAPoisonEventNamingTheField) {
  for (const char* name : {"projects/0b6f7a8c-1d2e-4f30-9a41-b5c6d7e8f901", "clients/42", ""}) {
    try {
      ResourceIdOrPoison(name, "clients", "survivor");
      ADD_FAILURE() << "accepted '" << name << "'";
    } catch (const PoisonEvent& e) {
      EXPECT_EQ(std::string(e.what()),
                std::string("survivor is not a \"clients/{uuid}\" name: '") + name + "'");
    }
  }
}

}  // namespace
}  // namespace crm::common::bus
