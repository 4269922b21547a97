#include "services/accounting/api/accounting_api.h"

#include <google/protobuf/util/time_util.h>

#include "common/api/date.h"
#include "common/api/enum_text.h"
#include "common/api/idempotency.h"
#include "common/api/page_token.h"
#include "common/auth/access.h"
#include "common/core/digest.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "common/core/text.h"
#include "common/db/money.h"
#include "services/accounting/app/get_receivables.h"
#include "services/accounting/app/import_bank_statement.h"
#include "services/accounting/app/match_payment.h"
#include "services/accounting/app/refund_payment.h"
#include "services/accounting/domain/bank_statement.h"
#include "services/accounting/domain/enterprise_data.h"
#include "services/accounting/store/exchange_store.h"
#include "services/accounting/store/export_store.h"
#include "services/accounting/store/payment_store.h"

namespace crm::accounting {
namespace {

using google::protobuf::util::TimeUtil;

constexpr std::string_view kStatements = "bankStatements";
constexpr std::string_view kPayments = "payments";

// An ISO date read back from the store; unset when "".
void SetDate(const std::string& iso, google::type::Date* out) {
  if (auto date = common::api::ParseIsoDate(iso)) {
    *out = common::api::ProtoDate(*date);
  }
}

void ToProto(const std::string& name, const std::string& inn, const std::string& kpp,
             const std::string& account, const std::string& bank, const std::string& bik,
             crm::accounting::v1::PaymentParty* out) {
  out->set_name(name);
  out->set_inn(inn);
  out->set_kpp(kpp);
  out->set_account(account);
  out->set_bank_name(bank);
  out->set_bik(bik);
}

// A payment's match state as the payments table stores it: "unmatched", "refunded", ...
using MatchStateText =
    common::api::EnumText<crm::accounting::v1::PaymentMatchState, common::api::TextCase::kLower>;

// How a share was made, as payment_allocations and payment_refunds store it: "auto", "manual".
using MethodText =
    common::api::EnumText<crm::accounting::v1::AllocationMethod, common::api::TextCase::kLower>;

// A payment's direction as the payments table stores it: "incoming", "outgoing".
using DirectionText =
    common::api::EnumText<crm::accounting::v1::PaymentDirection, common::api::TextCase::kLower>;

void ToProto(const PaymentRecord& r, crm::accounting::v1::Payment* out) {
  const domain::StatementDocument& d = r.document;
  out->set_name(common::ResourceName(kPayments, r.id));
  out->set_statement(common::ResourceName(kStatements, r.statement_id));
  out->set_direction(d.incoming ? crm::accounting::v1::PAYMENT_DIRECTION_INCOMING
                                : crm::accounting::v1::PAYMENT_DIRECTION_OUTGOING);
  out->set_document_kind(d.kind);
  out->set_number(d.number);
  SetDate(d.date, out->mutable_date());
  *out->mutable_amount() = common::db::MoneyOf("RUB", d.amount_kopecks);
  ToProto(d.payer_name, d.payer_inn, d.payer_kpp, d.payer_account, d.payer_bank, d.payer_bik,
          out->mutable_payer());
  ToProto(d.payee_name, d.payee_inn, d.payee_kpp, d.payee_account, d.payee_bank, d.payee_bik,
          out->mutable_payee());
  out->set_purpose(d.purpose);
  if (!d.credited_date.empty()) {
    SetDate(d.credited_date, out->mutable_credited_date());
  }
  if (!d.debited_date.empty()) {
    SetDate(d.debited_date, out->mutable_debited_date());
  }
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r.create_time_micros);
  out->set_match_state(MatchStateText::Parse(r.match_state));
  *out->mutable_unallocated_amount() = common::db::MoneyOf("RUB", r.unallocated_kopecks);
  *out->mutable_refunded_amount() = common::db::MoneyOf("RUB", r.refunded_kopecks);
}

void ToProto(const std::vector<RefundShareRecord>& shares, crm::accounting::v1::Payment* out) {
  for (const auto& share : shares) {
    auto* refund = out->add_refunds();
    refund->set_payment(common::ResourceName(kPayments, share.other_id));
    refund->set_number(share.other_number);
    *refund->mutable_amount() = common::db::MoneyOf("RUB", share.amount_kopecks);
    refund->set_method(MethodText::Parse(share.method));
  }
}

void ToProto(const std::vector<AllocationRecord>& allocations, crm::accounting::v1::Payment* out) {
  for (const auto& a : allocations) {
    auto* allocation = out->add_allocations();
    allocation->set_invoice(common::ResourceName("documents", a.invoice_id));
    allocation->set_invoice_number(a.invoice_number);
    allocation->set_sale(a.sale);
    *allocation->mutable_amount() = common::db::MoneyOf("RUB", a.amount_kopecks);
    allocation->set_method(MethodText::Parse(a.method));
  }
}

// The payment with its allocations, as GetPayment, MatchPayment and UnmatchPayment answer.
void ReadPayment(pqxx::transaction_base& tx, const std::string& id,
                 crm::accounting::v1::Payment* out) {
  ToProto(common::api::Found(PaymentStore::Get(tx, id), common::ResourceName(kPayments, id)), out);
  ToProto(PaymentStore::AllocationsOf(tx, id), out);
  ToProto(PaymentStore::RefundSharesOf(tx, id), out);
}

// A share's amount: RUB, more than zero; each problem a violation of `field`.amount.
void CheckShareAmount(common::Violations& violations, const std::string& field,
                      const crm::common::v1::Money& amount) {
  if (amount.currency_code() != "RUB") {
    violations.Add(field + ".amount.currency_code", "must be RUB");
  }
  if (amount.minor_units() <= 0) {
    violations.Add(field + ".amount.minor_units", "must be more than zero");
  }
}

// The payment id of a request's `name`, or a violation of it.
std::optional<std::string> ReadPaymentName(common::Violations& violations,
                                           const std::string& name) {
  auto id = common::ParseResourceId(name, kPayments);
  if (!id) {
    violations.Add("name", "must be payments/{uuid}");
  }
  return id;
}

void ToProto(const ExportRecord& r, crm::accounting::v1::Export* out) {
  out->set_name(common::ResourceName("exports", r.id));
  out->set_document(common::ResourceName("documents", r.document_id));
  out->set_document_number(r.document_number);
  out->set_file_name(r.file_name);
  out->set_sha256(r.sha256);
  out->set_size_bytes(r.size_bytes);
  *out->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r.create_time_micros);
  out->set_operation(r.operation == "annul" ? crm::accounting::v1::EXPORT_OPERATION_ANNUL
                                            : crm::accounting::v1::EXPORT_OPERATION_ISSUE);
}

// A GetReceivables request checked field by field; every problem is a violation of its field.
app::ReceivablesRequest ReadReceivablesRequest(
    const crm::accounting::v1::GetReceivablesRequest& request) {
  namespace v1 = crm::accounting::v1;
  common::Violations violations;
  app::ReceivablesRequest out;
  if (!v1::ReceivablesGrouping_IsValid(request.group_by())) {
    violations.Add("group_by", "must be CLIENT, EDITION or MANAGER");
  } else if (request.group_by() != v1::RECEIVABLES_GROUPING_UNSPECIFIED) {
    out.group_by = request.group_by();
  }
  const std::chrono::year_month_day today = common::api::LocalDate(TimeUtil::GetCurrentTime());
  out.as_of = today;
  if (request.has_as_of()) {
    if (auto as_of = common::api::ReadDate(violations, "as_of", request.as_of())) {
      if (*as_of > today) {
        violations.Add("as_of", "must not be after today (" + common::api::IsoDate(today) + ")");
      } else {
        out.as_of = *as_of;
      }
    }
  }
  if (!request.client().empty()) {
    if (common::ParseResourceId(request.client(), "clients")) {
      out.client = request.client();
    } else {
      violations.Add("client", "must be clients/{uuid} or empty");
    }
  }
  if (!request.edition().empty()) {
    if (common::ParseChildResourceId(request.edition(), "projects", "editions")) {
      out.edition = request.edition();
    } else {
      violations.Add("edition", "must be projects/{uuid}/editions/{uuid} or empty");
    }
  }
  if (!request.manager().empty()) {
    if (auto id = common::auth::EmployeeIdOf(request.manager())) {
      out.manager = request.manager();
      out.manager_id = *id;
    } else {
      violations.Add("manager", "must be employees/{uuid} or empty");
    }
  }
  violations.ThrowIfAny();
  return out;
}

}  // namespace

AccountingApi::AccountingApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
                             Exchange exchange)
    : guard_(guard), pool_(pool), exchange_(std::move(exchange)) {}

grpc::Status AccountingApi::GetExport(grpc::ServerContext* context,
                                      const crm::accounting::v1::GetExportRequest* request,
                                      crm::accounting::v1::Export* response) {
  return guard_.Run(context, [&](const common::auth::Principal&) {
    auto id = common::ParseResourceId(request->name(), "exports");
    if (!id) {
      throw common::ValidationError("name", "must be exports/{uuid}");
    }
    ToProto(common::api::Found(
                pool_.Read([&](pqxx::read_transaction& tx) { return ExportStore::Get(tx, *id); }),
                request->name()),
            response);
  });
}

grpc::Status AccountingApi::ListExports(grpc::ServerContext* context,
                                        const crm::accounting::v1::ListExportsRequest* request,
                                        crm::accounting::v1::ListExportsResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const common::api::PageQuery query = common::api::PageQueryOf(*request, caller.subject);
    common::Violations violations;
    int page_size = 0;
    try {
      page_size = common::PageSize(request->page_size());
    } catch (const common::ValidationError& e) {
      violations.Add(e.violations()[0].field, e.violations()[0].description);
    }
    const std::optional<common::api::TimeKey> after =
        common::api::ReadTimeKeyToken(violations, query, request->page_token());
    violations.ThrowIfAny();

    auto page = pool_.Read(
        [&](pqxx::read_transaction& tx) { return ExportStore::List(tx, page_size, after); });
    for (const auto& record : page.items) {
      ToProto(record, response->add_exports());
    }
    if (page.next) {
      response->set_next_page_token(common::api::IssuePageToken(query, *page.next));
    }
  });
}

grpc::Status AccountingApi::ImportBankStatement(
    grpc::ServerContext* context, const crm::accounting::v1::ImportBankStatementRequest* request,
    crm::accounting::v1::ImportBankStatementResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    StatementRecord statement;
    statement.file_name = request->file_name();
    violations.AddIf("file_name", common::CheckText(statement.file_name, {.max_characters = 255}));
    std::optional<domain::BankStatement> parsed;
    if (request->content().empty()) {
      violations.Add("content", "required: the statement file (1CClientBankExchange 1.03)");
    } else {
      try {
        parsed = domain::ParseBankStatement(request->content());
      } catch (const domain::StatementFormatError& e) {
        violations.Add("content", std::string("not a 1CClientBankExchange 1.03 statement: ") +
                                      e.what() + "; nothing was imported");
      }
    }
    violations.ThrowIfAny();

    statement.id = common::NewUuid();
    statement.sha256 = common::Sha256Hex(request->content());
    statement.imported_by = caller.subject;
    statement.content = request->content();
    const app::StatementImport done =
        app::ImportBankStatement(pool_, statement, *parsed, request->validate_only());
    if (!done.statement_id.empty()) {
      response->set_statement(common::ResourceName(kStatements, done.statement_id));
    }
    response->set_document_count(done.document_count);
    response->set_imported_count(done.imported_count);
    response->set_duplicate_count(done.duplicate_count);
    for (const auto& id : done.payment_ids) {
      response->add_payments(common::ResourceName(kPayments, id));
    }
  });
}

grpc::Status AccountingApi::GetPayment(grpc::ServerContext* context,
                                       const crm::accounting::v1::GetPaymentRequest* request,
                                       crm::accounting::v1::Payment* response) {
  return guard_.Run(context, [&](const common::auth::Principal&) {
    common::Violations violations;
    const auto id = ReadPaymentName(violations, request->name());
    violations.ThrowIfAny();
    pool_.Read([&](pqxx::read_transaction& tx) { ReadPayment(tx, *id, response); });
  });
}

grpc::Status AccountingApi::ListPayments(grpc::ServerContext* context,
                                         const crm::accounting::v1::ListPaymentsRequest* request,
                                         crm::accounting::v1::ListPaymentsResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const common::api::TimePage page =
        common::api::ReadTimePage(violations, *request, caller.subject);
    PaymentFilter filter;
    if (!request->statement().empty()) {
      filter.statement_id = common::ParseResourceId(request->statement(), kStatements);
      if (!filter.statement_id) {
        violations.Add("statement", "must be bankStatements/{uuid}");
      }
    }
    if (common::api::IsSpecified(request->direction())) {
      filter.direction = DirectionText::Of(request->direction());
    } else if (request->direction() != crm::accounting::v1::PAYMENT_DIRECTION_UNSPECIFIED) {
      violations.Add("direction", "unknown direction");
    }
    filter.unmatched_only = request->unmatched_only();
    violations.ThrowIfAny();

    auto result = pool_.Read([&](pqxx::read_transaction& tx) {
      return PaymentStore::List(tx, filter, page.page_size, page.after);
    });
    for (const auto& record : result.items) {
      ToProto(record, response->add_payments());
    }
    if (result.next) {
      response->set_next_page_token(common::api::IssuePageToken(page.query, *result.next));
    }
  });
}

grpc::Status AccountingApi::MatchPayment(grpc::ServerContext* context,
                                         const crm::accounting::v1::MatchPaymentRequest* request,
                                         crm::accounting::v1::Payment* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const auto id = ReadPaymentName(violations, request->name());
    if (request->invoices().empty() && request->refunded_payments().empty()) {
      violations.Add("invoices",
                     "required: at least one invoice (or, for a refund, "
                     "refunded_payments)");
    }
    if (!request->invoices().empty() && !request->refunded_payments().empty()) {
      violations.Add("refunded_payments",
                     "give invoices for an incoming payment or refunded_payments for an "
                     "outgoing one, not both");
    }
    std::vector<domain::Allocation> allocations;
    for (int i = 0; i < request->invoices_size(); ++i) {
      const auto& share = request->invoices(i);
      const std::string field = "invoices[" + std::to_string(i) + "]";
      auto invoice = common::ParseResourceId(share.invoice(), "documents");
      if (!invoice) {
        violations.Add(field + ".invoice", "must be documents/{uuid}");
      } else if (std::any_of(
                     allocations.begin(), allocations.end(),
                     [&](const domain::Allocation& a) { return a.document_id == *invoice; })) {
        violations.Add(field + ".invoice", "names an invoice named before");
      }
      CheckShareAmount(violations, field, share.amount());
      if (invoice) {
        allocations.push_back({*invoice, share.amount().minor_units()});
      }
    }
    std::vector<domain::RefundShare> refunds;
    for (int i = 0; i < request->refunded_payments_size(); ++i) {
      const auto& share = request->refunded_payments(i);
      const std::string field = "refunded_payments[" + std::to_string(i) + "]";
      auto payment = common::ParseResourceId(share.payment(), kPayments);
      if (!payment) {
        violations.Add(field + ".payment", "must be payments/{uuid}");
      } else if (*payment == id.value_or("") ||
                 std::any_of(refunds.begin(), refunds.end(), [&](const domain::RefundShare& r) {
                   return r.payment_id == *payment;
                 })) {
        violations.Add(field + ".payment", "names the refund itself or a payment named before");
      }
      CheckShareAmount(violations, field, share.amount());
      if (payment) {
        refunds.push_back({*payment, share.amount().minor_units()});
      }
    }
    violations.ThrowIfAny();
    pool_.InTransaction([&](pqxx::work& tx) {
      if (refunds.empty()) {
        app::MatchPaymentByHand(tx, *id, allocations, caller.subject);
      } else {
        app::RefundByHand(tx, *id, refunds, caller.subject);
      }
      response->Clear();
      ReadPayment(tx, *id, response);
    });
  });
}

grpc::Status AccountingApi::UnmatchPayment(
    grpc::ServerContext* context, const crm::accounting::v1::UnmatchPaymentRequest* request,
    crm::accounting::v1::Payment* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    common::Violations violations;
    const auto id = ReadPaymentName(violations, request->name());
    violations.ThrowIfAny();
    pool_.InTransaction([&](pqxx::work& tx) {
      app::UnmatchPayment(tx, *id, caller.subject);
      response->Clear();
      ReadPayment(tx, *id, response);
    });
  });
}

grpc::Status AccountingApi::GetReceivables(
    grpc::ServerContext* context, const crm::accounting::v1::GetReceivablesRequest* request,
    crm::accounting::v1::Receivables* response) {
  // Every CRM role; the rule of sales records decides whose invoices each sees.
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    const app::ReceivablesRequest query = ReadReceivablesRequest(*request);
    *response = app::GetReceivables(pool_, caller, query);
  });
}

}  // namespace crm::accounting

namespace crm::accounting {

void AccountingApi::RequireEnterpriseData() const {
  if (!exchange_.enterprise_data) {
    throw common::PreconditionError(
        "EXCHANGE_FORMAT_JSON",
        "the 1C exchange runs in the json mode (CRM_ACCOUNTING_EXCHANGE_FORMAT=json): there are "
        "no EnterpriseData messages");
  }
}

grpc::Status AccountingApi::RunExchange(grpc::ServerContext* context,
                                        const crm::accounting::v1::RunExchangeRequest* request,
                                        crm::accounting::v1::ExchangeMessage* response) {
  return guard_.Run(context, [&](const common::auth::Principal&) {
    RequireEnterpriseData();
    const app::SentMessage sent = app::RunExchange(pool_, exchange_.settings, *exchange_.directory,
                                                   request->only_if_pending());
    response->set_message_no(sent.message_no);
    response->set_received_no(sent.received_no);
    response->set_file_name(sent.file_name);
    response->set_content(sent.content);
    response->set_object_count(sent.object_count);
    if (sent.message_no > 0) {
      *response->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(sent.create_time_micros);
    }
  });
}

grpc::Status AccountingApi::ReceiveExchangeMessage(
    grpc::ServerContext* context, const crm::accounting::v1::ReceiveExchangeMessageRequest* request,
    crm::accounting::v1::ReceiveExchangeMessageResponse* response) {
  return guard_.Run(context, [&](const common::auth::Principal& caller) {
    RequireEnterpriseData();
    common::Violations violations;
    std::string file_name = request->file_name();
    violations.AddIf("file_name", common::CheckText(file_name, {.max_characters = 255}));
    if (request->content().empty()) {
      violations.Add("content", "required: 1C's exchange message (EnterpriseData XML)");
    }
    violations.ThrowIfAny();
    app::ReceivedMessage done;
    try {
      done = app::ReceiveExchangeMessage(pool_, exchange_.settings, request->content(), file_name,
                                         caller.subject);
    } catch (const domain::ExchangeMessageError& e) {
      throw common::ValidationError("content",
                                    std::string(e.what()) + "; nothing of the message was applied");
    }
    response->set_message_no(done.message_no);
    response->set_received_no(done.received_no);
    response->set_ignored(done.ignored);
    response->set_payment_count(done.payment_count);
    response->set_imported_count(done.imported_count);
    response->set_duplicate_count(done.duplicate_count);
    for (const auto& id : done.payment_ids) {
      response->add_payments(common::ResourceName(kPayments, id));
    }
    response->set_confirmed_count(done.confirmed_count);
  });
}

grpc::Status AccountingApi::GetExchangeStatus(grpc::ServerContext* context,
                                              const crm::accounting::v1::GetExchangeStatusRequest*,
                                              crm::accounting::v1::ExchangeStatus* response) {
  return guard_.Run(context, [&](const common::auth::Principal&) {
    const ExchangeState state =
        pool_.Read([](pqxx::read_transaction& tx) { return ExchangeStore::Status(tx); });
    response->set_format(exchange_.enterprise_data ? "enterprise_data" : "json");
    response->set_format_version(domain::kEnterpriseDataVersion);
    response->set_node(exchange_.settings.node);
    response->set_peer(exchange_.settings.peer);
    response->set_last_sent_no(state.last_sent_no);
    response->set_last_received_no(state.last_received_no);
    response->set_confirmed_no(state.confirmed_no);
    response->set_pending_count(state.pending_count);
    response->set_unconfirmed_count(state.unconfirmed_count);
  });
}

}  // namespace crm::accounting
