#include "services/planning/domain/payment_reminder.h"

#include <gtest/gtest.h>

namespace crm::planning::domain {
namespace {

TEST(PaymentReminderPurpose, SaysWhatIsOwedOfWhichInvoiceAndHowLate) {
  OverdueInvoice invoice{.number = "2026-000007",
                         .total_kopecks = 14'884'000,
                         .outstanding_kopecks = 10'000'000,
                         .days_overdue = 12,
                         .due_date = "19.02.2026",
                         .edition_display_name = "Волга-Строй 2027"};
  EXPECT_EQ(PaymentReminderPurpose(invoice),
            "Напомнить об оплате счёта № 2026-000007 (Волга-Строй 2027): не оплачено "
            "100\u00a0000,00 ₽ из 148\u00a0840,00 ₽, срок оплаты 19.02.2026, "
            "просрочка "
            "12 "
            "дней");
  invoice.days_overdue = 1;
  EXPECT_TRUE(PaymentReminderPurpose(invoice).ends_with("просрочка 1 день"));
  invoice.days_overdue = 23;
  EXPECT_TRUE(PaymentReminderPurpose(invoice).ends_with("просрочка 23 дня"));
}

TEST(PaymentReminderPurpose, LeavesOutWhatIsNotKnown) {
  const OverdueInvoice invoice{
      .number = "2026-000008", .total_kopecks = 500'000, .outstanding_kopecks = 500'000};
  EXPECT_EQ(PaymentReminderPurpose(invoice),
            "Напомнить об оплате счёта № 2026-000008: не оплачено 5\u00a0000,00 "
            "₽ "
            "из "
            "5\u00a0000,00 ₽");
}

}  // namespace
}  // namespace crm::planning::domain
