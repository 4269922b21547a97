#include "services/analytics/domain/money.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "tests/support/violations.h"

namespace crm::analytics::domain {
namespace {

using crm::testing::ViolatedFieldsOf;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kDocument[] = "documents/6a0d7c55-3f1e-4b8c-9d2a-1e5f3c7b9a01";
constexpr char kReplaced[] = "documents/6a0d7c55-3f1e-4b8c-9d2a-1e5f3c7b9a02";
constexpr char kSale[] = "sales/0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";
constexpr char kPayment[] = "payments/5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c";

google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

crm::events::v1::DocumentIssued Invoice() {
  crm::events::v1::DocumentIssued ev;
  ev.set_document(kDocument);
  ev.set_type("INVOICE");
  ev.set_number("СЧ-17");
  ev.set_sequence_number(17);
  *ev.mutable_issue_date() = Day(2026, 2, 5);
  *ev.mutable_payment_due_date() = Day(2026, 2, 10);
  ev.set_sale(kSale);
  ev.mutable_total_amount()->set_minor_units(12'200'000);
  ev.set_replaces(kReplaced);
  return ev;
}

TEST(MoneyRowsTest, AnInvoiceWithWhatItReplacesAndOnlyInvoices) {
  const auto row = InvoiceRowOf(Invoice());
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->document_id, "6a0d7c55-3f1e-4b8c-9d2a-1e5f3c7b9a01");
  EXPECT_EQ(row->sale_id, "0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d");
  EXPECT_EQ(row->total_kopecks, 12'200'000);
  EXPECT_EQ(row->issue_date, "2026-02-05");
  EXPECT_EQ(row->due_date, "2026-02-10");
  EXPECT_EQ(row->replaces_id, "6a0d7c55-3f1e-4b8c-9d2a-1e5f3c7b9a02");

  auto act = Invoice();
  act.set_type("ACT");
  EXPECT_FALSE(InvoiceRowOf(act).has_value());
  auto bad = Invoice();
  bad.set_sale("sales/42");
  bad.clear_issue_date();
  EXPECT_THAT(ViolatedFieldsOf([&] { InvoiceRowOf(bad); }),
              UnorderedElementsAre("sale", "issue_date"));
}

TEST(MoneyRowsTest, SharesAtImportStandBeforeAnyUnmatchAndAMatchAtItsTime) {
  crm::events::v1::PaymentReceived received;
  received.set_payment(kPayment);
  *received.mutable_date() = Day(2026, 2, 10);
  auto* share = received.add_matched_invoices();
  share->set_document(kDocument);
  share->set_sale(kSale);
  share->mutable_amount()->set_minor_units(5'000'000);
  const auto rows = PaymentSharesOf(received);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].matched_at, "-infinity");
  EXPECT_EQ(rows[0].payment_date, "2026-02-10");
  EXPECT_EQ(rows[0].amount_kopecks, 5'000'000);

  crm::events::v1::PaymentMatched matched;
  matched.set_payment(kPayment);
  *matched.mutable_date() = Day(2026, 2, 10);
  *matched.add_matched_invoices() = *share;
  // Without a match_time the ce-time tells; with neither the event is unusable.
  EXPECT_EQ(PaymentSharesOf(matched, "2026-02-12T09:00:00Z").at(0).matched_at,
            "2026-02-12T09:00:00Z");
  EXPECT_THAT(ViolatedFieldsOf([&] { PaymentSharesOf(matched, ""); }), ElementsAre("match_time"));
  *matched.mutable_match_time() = TimeUtil::SecondsToTimestamp(1770883200);  // 2026-02-12T08:00:00Z
  EXPECT_EQ(PaymentSharesOf(matched, "2026-02-13T09:00:00Z").at(0).matched_at,
            "2026-02-12T08:00:00Z");

  matched.mutable_matched_invoices(0)->set_document("invoices/1");
  matched.mutable_matched_invoices(0)->mutable_amount()->set_minor_units(-1);
  matched.clear_date();
  EXPECT_THAT(
      ViolatedFieldsOf([&] { PaymentSharesOf(matched, ""); }),
      UnorderedElementsAre("date", "matched_invoices[0].document", "matched_invoices[0].amount"));

  crm::events::v1::PaymentUnmatched unmatched;
  unmatched.set_payment("payments/x");
  EXPECT_THAT(ViolatedFieldsOf([&] { PaymentUnmatchOf(unmatched, ""); }),
              UnorderedElementsAre("payment", "unmatch_time"));
  unmatched.set_payment(kPayment);
  EXPECT_EQ(PaymentUnmatchOf(unmatched, "2026-02-14T10:00:00Z").unmatched_rfc3339,
            "2026-02-14T10:00:00Z");
}

}  // namespace
}  // namespace crm::analytics::domain
