#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "services/planning/domain/payment_reminder.h"
#include "services/planning/store/planning_store.h"

// Payment reminders: when accounting finds an invoice of a sale unpaid after its due date
// (crm.accounting.invoice.overdue), the sale's manager gets a call to the client in their
// calendar, with what is owed in its purpose.
namespace crm::planning::app {

// Plans the reminder call for the sale `sale_id`'s manager: a CALL of purpose PAYMENT_REMINDER to
// the sale's client (the person the sale was agreed with) about its edition, at ten in the morning
// of the next working day after `now` in the manager's calendar zone, with a reminder at its start;
// enqueues contact.planned. Nothing for a sale planning does not know or one cancelled since (its
// invoice is annulled): nullopt.
std::optional<store::ContactRow> PlanPaymentReminder(pqxx::transaction_base& tx,
                                                     const std::string& sale_id,
                                                     const domain::OverdueInvoice& invoice,
                                                     const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
