#include "services/accounting/domain/list_key.h"

#include <gtest/gtest.h>

namespace crm::accounting::domain {
namespace {

constexpr char kId[] = "0b6f1c4e-8a42-4a3b-9a53-2f0c8f1f9d10";

TEST(ExportKeyTest, RoundTrips) {
  ExportKey key{1767225600123456, kId};
  auto parsed = ParseExportKey(FormatExportKey(key));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->create_time_micros, key.create_time_micros);
  EXPECT_EQ(parsed->id, key.id);
}

TEST(ExportKeyTest, RejectsWhatItDidNotProduce) {
  EXPECT_FALSE(ParseExportKey(""));
  EXPECT_FALSE(ParseExportKey("/"));
  EXPECT_FALSE(ParseExportKey(std::string("/") + kId));
  EXPECT_FALSE(ParseExportKey(std::string("12x/") + kId));
  EXPECT_FALSE(ParseExportKey("12/not-a-uuid"));
  EXPECT_FALSE(ParseExportKey("99999999999999999999999/" + std::string(kId)));
  EXPECT_FALSE(ParseExportKey(std::string("12/") + kId + "/x"));
}

}  // namespace
}  // namespace crm::accounting::domain
