#include "services/planning/domain/payment_reminder.h"

#include "common/ru/amount_in_words.h"
#include "common/ru/money.h"

namespace crm::planning::domain {

std::string PaymentReminderPurpose(const OverdueInvoice& invoice) {
  std::string text = "Напомнить об оплате счёта № " + invoice.number;
  if (!invoice.edition_display_name.empty()) {
    text += " (" + invoice.edition_display_name + ")";
  }
  text += ": не оплачено " + common::ru::FormatRubles(invoice.outstanding_kopecks) + " ₽ из " +
          common::ru::FormatRubles(invoice.total_kopecks) + " ₽";
  if (!invoice.due_date.empty()) {
    text += ", срок оплаты " + invoice.due_date;
  }
  if (invoice.days_overdue > 0) {
    text += ", просрочка " + std::to_string(invoice.days_overdue) + " " +
            std::string(common::ru::PluralForm(invoice.days_overdue, "день", "дня", "дней"));
  }
  return text;
}

}  // namespace crm::planning::domain
