#pragma once

#include <cstdint>
#include <string>

// The call a sales manager makes when an invoice of their sale is not paid by its due date:
// planning plans it from accounting's crm.accounting.invoice.overdue (app/payment_reminder.h).
namespace crm::planning::domain {

// An invoice accounting found overdue, as the reminder shows it.
struct OverdueInvoice {
  std::string number;  // "2026-000007"
  int64_t total_kopecks = 0;
  int64_t outstanding_kopecks = 0;
  int32_t days_overdue = 0;
  std::string due_date;  // "19.02.2026"; "" when unknown
  std::string edition_display_name;
};

// The call takes a quarter of an hour, at ten in the morning of the next working day in the
// manager's calendar zone, with a reminder at its start.
inline constexpr int64_t kPaymentReminderSeconds = 900;
inline constexpr char kPaymentReminderLocalTime[] = "10:00";

// "Напомнить об оплате счёта № 2026-000007 (Волга-Строй 2027): не оплачено 100 000,00
// ₽ из 148 840,00 ₽, срок оплаты 19.02.2026, просрочка 12 дней".
std::string PaymentReminderPurpose(const OverdueInvoice& invoice);

}  // namespace crm::planning::domain
