#include "services/planning/domain/edition_terms.h"

#include <gtest/gtest.h>

#include "common/core/errors.h"

namespace crm::planning::domain {
namespace {

TEST(EditionTermsTest, EveryStatusReadsBackAsItsText) {
  for (const char* text : {"planned", "open_for_sales", "running", "closed", "cancelled"}) {
    const auto status = ParseEditionStatus(text);
    ASSERT_TRUE(status.has_value()) << text;
    EXPECT_EQ(EditionStatusText(*status), text);
  }
  EXPECT_FALSE(ParseEditionStatus("CLOSED").has_value());
  EXPECT_FALSE(ParseEditionStatus("").has_value());
  EXPECT_FALSE(ParseEditionStatus("archived").has_value());
}

TEST(EditionTermsTest, OnlyClosedAndCancelledEditionsRefuseSales) {
  EXPECT_TRUE(EditionAcceptsSales(EditionStatus::kPlanned));
  EXPECT_TRUE(EditionAcceptsSales(EditionStatus::kOpenForSales));
  EXPECT_TRUE(EditionAcceptsSales(EditionStatus::kRunning));
  EXPECT_FALSE(EditionAcceptsSales(EditionStatus::kClosed));
  EXPECT_FALSE(EditionAcceptsSales(EditionStatus::kCancelled));
}

TEST(EditionTermsTest, ARefusedSaleNamesTheEditionAndItsStatus) {
  const std::string edition = "projects/p/editions/e";
  EXPECT_NO_THROW(RequireEditionAcceptsSales(EditionStatus::kRunning, edition));
  try {
    RequireEditionAcceptsSales(EditionStatus::kCancelled, edition);
    FAIL() << "a cancelled edition took a sale";
  } catch (const common::PreconditionError& e) {
    EXPECT_EQ(e.reason(), "EDITION_CLOSED");
    EXPECT_EQ(e.subject(), edition);
    EXPECT_NE(std::string(e.what()).find("cancelled"), std::string::npos) << e.what();
  }
}

TEST(EditionTermsTest, StandTypesAreStoredUpperCaseAndOpenAreaKeepsItsName) {
  EXPECT_EQ(StoredStandType("linear"), "LINEAR");
  EXPECT_EQ(StoredStandType("corner"), "CORNER");
  EXPECT_EQ(StoredStandType("peninsula"), "PENINSULA");
  EXPECT_EQ(StoredStandType("island"), "ISLAND");
  EXPECT_EQ(StoredStandType("open_area"), "OPEN_AREA");
  EXPECT_FALSE(StoredStandType("open_air").has_value());
  EXPECT_FALSE(StoredStandType("LINEAR").has_value());
  EXPECT_FALSE(StoredStandType("").has_value());
}

}  // namespace
}  // namespace crm::planning::domain
