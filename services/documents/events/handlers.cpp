#include "services/documents/events/handlers.h"

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <string>
#include <utility>

#include "common/api/date.h"
#include "common/auth/access.h"
#include "common/bus/event_time.h"
#include "common/core/ids.h"
#include "common/core/text.h"
#include "services/documents/app/advance_invoicing.h"
#include "services/documents/app/sale_invoicing.h"
#include "services/documents/store/document_store.h"

namespace crm::documents {
namespace {

using common::bus::InboundEvent;
using common::bus::PoisonEvent;

void OnEmployeeUpdated(pqxx::work& tx, const events::v1::EmployeeUpdated& updated,
                       const InboundEvent& meta) {
  const auto employee_id = common::auth::EmployeeIdOf(updated.employee().employee());
  if (!employee_id) {
    throw PoisonEvent("employee.employee is not an \"employees/{uuid}\" name: '" +
                      updated.employee().employee() + "'");
  }
  std::string department_id;
  if (!updated.department_unit().empty()) {
    department_id = common::bus::ResourceIdOrPoison(updated.department_unit(), "departments",
                                                    "department_unit");
  }
  store::SetEmployeeDepartment(tx, *employee_id, department_id, common::bus::EventTimeOf(meta));
}

// Registry's edition as documents keeps it: the name as sales carry it, the end date, the status.
void KeepEdition(pqxx::work& tx, const events::v1::EditionSnapshot& edition,
                 const std::string& status, const InboundEvent& meta) {
  const auto ids = common::ParseChildResourceId(edition.edition(), "projects", "editions");
  if (!ids) {
    throw PoisonEvent("edition.edition is not a \"projects/{uuid}/editions/{uuid}\" name: '" +
                      edition.edition() + "'");
  }
  std::string end_date;
  if (edition.has_end_date() && !common::api::IsUnsetDate(edition.end_date())) {
    const auto date = common::api::CalendarDate(edition.end_date());
    if (!date) {
      throw PoisonEvent("edition.end_date is not a calendar date");
    }
    end_date = common::api::IsoDate(*date);
  }
  store::UpsertEdition(tx,
                       common::ResourceName("projects", common::LowerAscii(ids->first)) + "/" +
                           common::ResourceName("editions", common::LowerAscii(ids->second)),
                       end_date, status.empty() ? "planned" : status,
                       common::bus::EventTimeOf(meta));
}

}  // namespace

common::bus::ConsumerOptions SalesConsumerOptions() {
  // A fetch's events commit together, and their invoices are published only then: an invoice
  // (numbering, its PDF rendered and stored) costs several milliseconds, far more than a commit,
  // so a few per transaction keep the first invoice of a backlog from waiting for the last.
  return {.durable = "documents-sales", .filter_subject = "crm.planning.sale.>", .batch_size = 4};
}

void RegisterSaleHandlers(common::bus::EventRouter& router, std::vector<std::string> package) {
  router.On(
      events::v1::kSaleRecorded,
      [package](pqxx::work& tx, const events::v1::SaleRecorded& sale, const InboundEvent& meta) {
        app::IssueInvoiceForSale(tx, sale, meta.id, package);
      });
  router.On(
      events::v1::kSaleAmended,
      [package](pqxx::work& tx, const events::v1::SaleAmended& amended, const InboundEvent& meta) {
        app::ReissueInvoiceForSale(tx, amended, meta.id, package);
      });
  router.On(events::v1::kSaleCancelled,
            [](pqxx::work& tx, const events::v1::SaleCancelled& cancelled,
               const InboundEvent& meta) { app::AnnulInvoiceOfSale(tx, cancelled, meta.id); });
}

common::bus::ConsumerOptions EmployeesConsumerOptions() {
  return {.durable = "documents-employees", .filter_subject = "crm.registry.employee.>"};
}

void RegisterEmployeeHandlers(common::bus::EventRouter& router) {
  router.On(events::v1::kEmployeeUpdated, OnEmployeeUpdated);
}

common::bus::ConsumerOptions EditionsConsumerOptions() {
  return {.durable = "documents-editions", .filter_subject = "crm.registry.edition.>"};
}

void RegisterEditionHandlers(common::bus::EventRouter& router) {
  router.On(events::v1::kEditionCreated,
            [](pqxx::work& tx, const events::v1::EditionCreated& created,
               const InboundEvent& meta) { KeepEdition(tx, created.edition(), "", meta); });
  router.On(
      events::v1::kEditionUpdated,
      [](pqxx::work& tx, const events::v1::EditionUpdated& updated, const InboundEvent& meta) {
        KeepEdition(tx, updated.edition(), updated.status(), meta);
      });
}

common::bus::ConsumerOptions PaymentsConsumerOptions() {
  return {.durable = "documents-payments", .filter_subject = "crm.accounting.payment.>"};
}

// A payment an accountant matched by hand, as payment.received would have carried it had the
// match been made at import: the payment and the shares this match made.
events::v1::PaymentReceived AsReceived(const events::v1::PaymentMatched& matched) {
  events::v1::PaymentReceived payment;
  payment.set_payment(matched.payment());
  payment.set_number(matched.number());
  *payment.mutable_date() = matched.date();
  *payment.mutable_amount() = matched.amount();
  payment.set_client_inn(matched.client_inn());
  payment.set_client_kpp(matched.client_kpp());
  payment.set_payer_name(matched.payer_name());
  payment.set_purpose(matched.purpose());
  *payment.mutable_matched_invoices() = matched.matched_invoices();
  *payment.mutable_sales() = matched.sales();
  *payment.mutable_unallocated() = matched.unallocated();
  return payment;
}

// The time an event's payload gives, else its ce-time; nullopt with neither.
std::optional<std::string> TimeOf(const google::protobuf::Timestamp* given,
                                  const InboundEvent& meta) {
  if (given != nullptr) {
    return google::protobuf::util::TimeUtil::ToString(*given);
  }
  return common::bus::EventTimeOf(meta);
}

// As TimeOf, an event with neither time applied as the latest: now.
std::string TimeOrNow(const google::protobuf::Timestamp* given, const InboundEvent& meta) {
  return TimeOf(given, meta)
      .value_or(google::protobuf::util::TimeUtil::ToString(
          google::protobuf::util::TimeUtil::GetCurrentTime()));
}

void RegisterPaymentHandlers(common::bus::EventRouter& router) {
  router.On(
      events::v1::kPaymentReceived,
      [](pqxx::work& tx, const events::v1::PaymentReceived& payment, const InboundEvent& meta) {
        app::IssueAdvanceVatInvoices(tx, payment, meta.id, common::bus::EventTimeOf(meta));
      });
  router.On(
      events::v1::kPaymentMatched,
      [](pqxx::work& tx, const events::v1::PaymentMatched& matched, const InboundEvent& meta) {
        app::IssueAdvanceVatInvoices(
            tx, AsReceived(matched), meta.id,
            TimeOf(matched.has_match_time() ? &matched.match_time() : nullptr, meta));
      });
  router.On(
      events::v1::kPaymentUnmatched,
      [](pqxx::work& tx, const events::v1::PaymentUnmatched& unmatched, const InboundEvent& meta) {
        app::FollowUnmatchedPayment(
            tx, unmatched, meta.id,
            TimeOrNow(unmatched.has_unmatch_time() ? &unmatched.unmatch_time() : nullptr, meta));
      });
  router.On(
      events::v1::kPaymentRefunded,
      [](pqxx::work& tx, const events::v1::PaymentRefunded& refunded, const InboundEvent& meta) {
        app::RecordAdvanceRefund(
            tx, refunded.refund(), /*undone=*/false, meta.id,
            TimeOrNow(refunded.has_match_time() ? &refunded.match_time() : nullptr, meta));
      });
  router.On(
      events::v1::kPaymentRefundUndone,
      [](pqxx::work& tx, const events::v1::PaymentRefundUndone& undone, const InboundEvent& meta) {
        app::RecordAdvanceRefund(
            tx, undone.refund(), /*undone=*/true, meta.id,
            TimeOrNow(undone.has_undo_time() ? &undone.undo_time() : nullptr, meta));
      });
}

std::vector<common::bus::Subscription> Subscriptions(int sale_max_deliver,
                                                     std::vector<std::string> package) {
  std::vector<common::bus::Subscription> all;
  common::bus::EventRouter sales;
  RegisterSaleHandlers(sales, std::move(package));
  common::bus::ConsumerOptions sales_options = SalesConsumerOptions();
  sales_options.max_deliver = sale_max_deliver;
  all.push_back({sales_options, std::move(sales)});
  common::bus::EventRouter employees;
  RegisterEmployeeHandlers(employees);
  all.push_back({EmployeesConsumerOptions(), std::move(employees)});
  common::bus::EventRouter editions;
  RegisterEditionHandlers(editions);
  all.push_back({EditionsConsumerOptions(), std::move(editions)});
  common::bus::EventRouter payments;
  RegisterPaymentHandlers(payments);
  common::bus::ConsumerOptions payments_options = PaymentsConsumerOptions();
  payments_options.max_deliver = sale_max_deliver;
  all.push_back({payments_options, std::move(payments)});
  return all;
}

}  // namespace crm::documents
