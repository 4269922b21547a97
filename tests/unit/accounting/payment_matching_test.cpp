// Matching a payment to the payer's open invoices: by the numbers its purpose names, in part, in
// full, over several invoices, with an overpayment, or by an exact amount; else unmatched.

#include "services/accounting/domain/payment_matching.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace crm::accounting::domain {

// Found by the matchers through the argument's namespace.
bool operator==(const Allocation& a, const Allocation& b) {
  return a.document_id == b.document_id && a.amount_kopecks == b.amount_kopecks;
}

void PrintTo(const Allocation& a, std::ostream* os) {
  *os << a.document_id << ":" << a.amount_kopecks;
}

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<OpenInvoice> kInvoices = {
    {"a", "2026-000007", 14884000},
    {"b", "2026-000009", 5000000},
    {"c", "2026-000010", 5000000},
};

TEST(PaymentMatchingTest, FindsInvoiceNumbersInAPurpose) {
  EXPECT_THAT(InvoiceNumbersIn("Оплата по счету №2026-000007 от 14.02.2026, сч. 2026-000009; "
                               "НДС 22% - 26840-00"),
              ElementsAre("2026-000007", "14", "02", "2026", "2026-000009", "22", "26840-00"));
  EXPECT_THAT(InvoiceNumbersIn("Предоплата за стенд"), IsEmpty());
  EXPECT_THAT(InvoiceNumbersIn("счет 2026-000007 и снова 2026-000007"), ElementsAre("2026-000007"));
}

TEST(PaymentMatchingTest, ANamedInvoicePaidInFull) {
  const Match m = MatchPayment(14884000, "Оплата по счету № 2026-000007 от 14.02.2026", kInvoices);
  EXPECT_THAT(m.allocations, ElementsAre(Allocation{"a", 14884000}));
  EXPECT_EQ(m.unallocated_kopecks, 0);
}

TEST(PaymentMatchingTest, APartialPayment) {
  const Match m = MatchPayment(10000000, "Частичная оплата счета 2026-000007", kInvoices);
  EXPECT_THAT(m.allocations, ElementsAre(Allocation{"a", 10000000}));
  EXPECT_EQ(m.unallocated_kopecks, 0);
}

TEST(PaymentMatchingTest, AnOverpaymentLeavesTheRestUnallocated) {
  const Match m = MatchPayment(15000000, "Оплата счета 2026-000007", kInvoices);
  EXPECT_THAT(m.allocations, ElementsAre(Allocation{"a", 14884000}));
  EXPECT_EQ(m.unallocated_kopecks, 116000);
}

TEST(PaymentMatchingTest, OnePaymentForSeveralInvoicesInThePurposesOrder) {
  const Match m =
      MatchPayment(8000000, "Оплата по счетам 2026-000010, 2026-000009 за стенды", kInvoices);
  EXPECT_THAT(m.allocations, ElementsAre(Allocation{"c", 5000000}, Allocation{"b", 3000000}));
  EXPECT_EQ(m.unallocated_kopecks, 0);
}

TEST(PaymentMatchingTest, WithoutANumberTheOneInvoiceOwingExactlyTheAmount) {
  Match m = MatchPayment(14884000, "Оплата за участие в выставке", kInvoices);
  EXPECT_THAT(m.allocations, ElementsAre(Allocation{"a", 14884000}));
  // Two invoices owe 50 000.00: ambiguous, an accountant decides.
  m = MatchPayment(5000000, "Оплата за участие в выставке", kInvoices);
  EXPECT_THAT(m.allocations, IsEmpty());
  EXPECT_EQ(m.unallocated_kopecks, 5000000);
}

TEST(PaymentMatchingTest, NothingToMatchGoesUnmatched) {
  // A number that is not the payer's invoice, and an amount no invoice owes.
  Match m = MatchPayment(100, "Оплата по счету 2026-000099", kInvoices);
  EXPECT_THAT(m.allocations, IsEmpty());
  EXPECT_EQ(m.unallocated_kopecks, 100);
  m = MatchPayment(14884000, "Оплата по счету 2026-000007", {});
  EXPECT_THAT(m.allocations, IsEmpty());
}

TEST(MatchRefundTest, OnlyAPurposeSayingRefundIsMatched) {
  EXPECT_TRUE(IsRefundPurpose("Возврат излишне перечисленных средств"));
  EXPECT_TRUE(IsRefundPurpose("ВОЗВРАТ ПО П/П 418"));
  EXPECT_TRUE(IsRefundPurpose("Частичный возврат аванса"));
  EXPECT_FALSE(IsRefundPurpose("Оплата за монтаж стенда"));
  const std::vector<Credit> credits = {{"a", "418", 5000}};
  EXPECT_THAT(MatchRefund(5000, "Оплата за монтаж стенда", credits), IsEmpty());
  const auto shares = MatchRefund(5000, "Возврат переплаты", credits);
  ASSERT_EQ(shares.size(), 1U);
  EXPECT_EQ(shares[0].payment_id, "a");
  EXPECT_EQ(shares[0].amount_kopecks, 5000);
}

TEST(MatchRefundTest, NamedPaymentsFirstThenTheOldestEachUpToWhatItHasLeft) {
  const std::vector<Credit> credits = {
      {"old", "17", 3000}, {"mid", "25", 4000}, {"new", "418", 2000}};
  auto shares = MatchRefund(5000, "Возврат по п/п № 418 от 27.02.2026", credits);
  ASSERT_EQ(shares.size(), 2U);
  EXPECT_EQ(shares[0].payment_id, "new");
  EXPECT_EQ(shares[0].amount_kopecks, 2000);
  EXPECT_EQ(shares[1].payment_id, "old");
  EXPECT_EQ(shares[1].amount_kopecks, 3000);

  shares = MatchRefund(9000, "Возврат средств", credits);
  ASSERT_EQ(shares.size(), 3U);
  EXPECT_EQ(shares[2].amount_kopecks, 2000);
}

TEST(MatchRefundTest, MoreThanTheClientHasLeftIsAnAccountantsToDecide) {
  EXPECT_THAT(MatchRefund(9001, "Возврат", {{"old", "17", 3000}, {"mid", "25", 6000}}), IsEmpty());
  EXPECT_THAT(MatchRefund(100, "Возврат", {}), IsEmpty());
}

}  // namespace
}  // namespace crm::accounting::domain
