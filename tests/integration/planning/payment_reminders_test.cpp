// Payment reminders: accounting's crm.accounting.invoice.overdue, published on the real bus,
// becomes a call in the sale's manager's calendar through planning's real consumer.

#include <gtest/gtest.h>

#include "crm/events/v1/accounting_topics.h"
#include "tests/integration/planning/results_fixture.h"

namespace crm::planning::results_testing {
namespace {

class PaymentRemindersTest : public ResultsTest {
 protected:
  v1::Sale RecordSale() {
    const v1::Contact contact = PlanContact(manager_, client_id_);
    v1::ContactResult result;
    result.mutable_sale()->set_area_dm2(1200);
    v1::CompleteContactResponse response;
    const grpc::Status status = Complete(manager_, contact.name(), result, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.sale();
  }

  // Invoice 2026-000007 of `sale`: 96 000 ₽ of 115 200 ₽ unpaid, due 19.02.2026, 12 days late.
  static ev::InvoiceOverdue Overdue(const std::string& sale) {
    ev::InvoiceOverdue overdue;
    overdue.set_document("documents/" + common::NewUuid());
    overdue.set_number("2026-000007");
    overdue.set_sale(sale);
    overdue.set_edition_display_name("СтройЭкспо-2026");
    overdue.mutable_payment_due_date()->set_year(2026);
    overdue.mutable_payment_due_date()->set_month(2);
    overdue.mutable_payment_due_date()->set_day(19);
    overdue.mutable_total()->set_currency_code("RUB");
    overdue.mutable_total()->set_minor_units(11'520'000);
    overdue.mutable_paid()->set_currency_code("RUB");
    overdue.mutable_paid()->set_minor_units(1'920'000);
    overdue.mutable_outstanding()->set_currency_code("RUB");
    overdue.mutable_outstanding()->set_minor_units(9'600'000);
    overdue.set_days_overdue(12);
    return overdue;
  }

  void Publish(const std::string& event_id, const ev::InvoiceOverdue& overdue) {
    testing::PublishEvent(nats_url_, ev::kInvoiceOverdue, event_id, overdue, overdue.document());
  }

  int64_t Reminders() { return Count("contacts", "purpose_kind = 'PAYMENT_REMINDER'"); }
};

TEST_F(PaymentRemindersTest, AnOverdueInvoiceBecomesACallForTheSalesManagerNextWorkingMorning) {
  const v1::Sale sale = RecordSale();
  const std::string event_id = common::NewUuid();
  Publish(event_id, Overdue(sale.name()));
  ASSERT_TRUE(testing::Eventually([&] { return Reminders() == 1; }));

  pqxx::connection conn(db_url_);
  pqxx::read_transaction tx(conn);
  const pqxx::row task = tx.exec1(
      "SELECT owner_id::text, client_id::text, contact_person_id::text, edition_id::text, type, "
      "purpose, duration_s, extract(isodow FROM scheduled_time AT TIME ZONE 'Europe/Samara'), "
      "to_char(scheduled_time AT TIME ZONE 'Europe/Samara', 'HH24:MI'), "
      "(scheduled_time AT TIME ZONE 'Europe/Samara')::date - "
      "(now() AT TIME ZONE 'Europe/Samara')::date, state "
      "FROM contacts WHERE purpose_kind = 'PAYMENT_REMINDER'");
  EXPECT_EQ(task[0].as<std::string>(), manager_id_);
  EXPECT_EQ(task[1].as<std::string>(), client_id_);
  EXPECT_EQ(task[2].as<std::string>(), person_id_) << "the person the sale was agreed with";
  EXPECT_EQ(task[3].as<std::string>(), edition_id_);
  EXPECT_EQ(task[4].as<std::string>(), "CALL");
  EXPECT_EQ(task[5].as<std::string>(),
            "Напомнить об оплате счёта № 2026-000007 (СтройЭкспо-2026): не оплачено "
            "96\u00a0000,00 ₽ из 115\u00a0200,00 ₽, срок оплаты 19.02.2026, "
            "просрочка "
            "12 "
            "дней");
  EXPECT_EQ(task[6].as<int>(), 900);
  // Ten in the morning of a working day, the next one after today in the manager's zone.
  EXPECT_LE(task[7].as<int>(), 5);
  EXPECT_EQ(task[8].as<std::string>(), "10:00");
  EXPECT_GE(task[9].as<int>(), 1);
  EXPECT_LE(task[9].as<int>(), 3);
  EXPECT_EQ(task[10].as<std::string>(), "PLANNED");
  // Its reminder fires at its start.
  EXPECT_EQ(Count("task_reminders",
                  "contact_id IN (SELECT id FROM contacts WHERE purpose_kind = "
                  "'PAYMENT_REMINDER') AND fire_time = (SELECT scheduled_time "
                  "FROM contacts WHERE purpose_kind = 'PAYMENT_REMINDER')"),
            1);

  // The same event again (a redelivery) plans nothing more.
  Publish(event_id, Overdue(sale.name()));
  const std::string later = common::NewUuid();
  // A marker after it: once a sale nobody knows has been handled, the duplicate was too.
  Publish(later, Overdue("sales/" + common::NewUuid()));
  ASSERT_TRUE(testing::Eventually(
      [&] { return Count("processed_events", "event_id = '" + later + "'") == 1; }));
  EXPECT_EQ(Reminders(), 1);
}

TEST_F(PaymentRemindersTest, ACancelledSaleGetsNoReminder) {
  const v1::Sale sale = RecordSale();
  v1::CancelSaleRequest cancel;
  cancel.set_name(sale.name());
  cancel.set_etag(sale.etag());
  cancel.set_reason("Клиент отказался от участия");
  v1::Sale cancelled;
  ASSERT_TRUE(
      Call(*sales_stub_, &v1::SaleService::Stub::CancelSale, manager_, cancel, &cancelled).ok());
  const std::string event_id = common::NewUuid();
  Publish(event_id, Overdue(sale.name()));
  ASSERT_TRUE(testing::Eventually(
      [&] { return Count("processed_events", "event_id = '" + event_id + "'") == 1; }));
  EXPECT_EQ(Reminders(), 0);
}

TEST_F(PaymentRemindersTest, AnEventWithoutAnOutstandingAmountIsRefusedAndChangesNothing) {
  const v1::Sale sale = RecordSale();
  ev::InvoiceOverdue paid = Overdue(sale.name());
  paid.mutable_outstanding()->set_minor_units(0);
  const std::string poison = common::NewUuid();
  Publish(poison, paid);
  // The consumer goes on: the next, valid event is handled.
  const std::string next = common::NewUuid();
  Publish(next, Overdue(sale.name()));
  ASSERT_TRUE(testing::Eventually([&] { return Reminders() == 1; }));
  EXPECT_EQ(Count("processed_events", "event_id = '" + next + "'"), 1);
  // The refused event went to the dead letters, not into the inbox: nothing of it was kept.
  EXPECT_EQ(Count("processed_events", "event_id = '" + poison + "'"), 0);
}

}  // namespace
}  // namespace crm::planning::results_testing
