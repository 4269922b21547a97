#include "services/planning/app/payment_reminder.h"

#include "services/planning/app/contact_tasks.h"
#include "services/planning/store/calendar_store.h"
#include "services/planning/store/sales_store.h"

namespace crm::planning::app {

std::optional<store::ContactRow> PlanPaymentReminder(pqxx::transaction_base& tx,
                                                     const std::string& sale_id,
                                                     const domain::OverdueInvoice& invoice,
                                                     const google::protobuf::Timestamp& now) {
  const std::optional<store::SaleRow> sale = store::FindSaleRow(tx, sale_id);
  if (!sale || sale->sale.state() == v1::SALE_STATE_CANCELLED) {
    return std::nullopt;
  }
  domain::PlanInput task;
  task.client_id = sale->client_id;
  task.project_id = sale->project_id;
  task.edition_id = sale->edition_id;
  task.owner_id = sale->manager_id;
  // The person the sale was agreed with, when the contact that made it had one.
  if (const auto made_in = store::FindContact(tx, sale->contact_id);
      made_in && !made_in->contact_person_id.empty()) {
    task.contact_person_id = made_in->contact_person_id;
  }
  task.type = v1::CONTACT_TYPE_CALL;
  task.purpose = domain::PaymentReminderPurpose(invoice);
  task.scheduled_time =
      store::NextWorkingMorning(tx, now, domain::kPaymentReminderLocalTime,
                                store::FindCalendarSettings(tx, sale->manager_id).time_zone);
  task.task.purpose_kind = v1::CONTACT_PURPOSE_PAYMENT_REMINDER;
  task.task.duration_seconds = domain::kPaymentReminderSeconds;
  v1::TaskReminder at_start;
  at_start.mutable_before_start()->set_seconds(0);
  task.task.reminders = {at_start};
  return InsertPlannedTask(tx, task, FindTaskParties(tx, task), now);
}

}  // namespace crm::planning::app
