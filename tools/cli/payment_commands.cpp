// crm statements import (bank statements), crm payments list | get | match | unmatch
// (accounting's payments and their matching to invoices; docs/accounting-bank-statements.md) and
// crm receivables (what issued invoices still owe, with its ageing).

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/display.h"
#include "tools/cli/parse.h"
#include "tools/cli/table.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {
namespace {

namespace acc = crm::accounting::v1;

// A group's (or the total's) figures as table cells after its key and name.
void AddFigureCells(const acc::ReceivablesFigures& f, std::vector<std::string>& row) {
  const acc::ReceivablesAgeing& a = f.ageing();
  row.push_back(std::to_string(f.invoice_count()));
  for (const auto* money :
       {&f.invoiced(), &f.paid(), &f.outstanding(), &a.not_due(), &a.overdue_1_to_30_days(),
        &a.overdue_31_to_60_days(), &a.overdue_61_to_90_days(), &a.overdue_over_90_days(),
        &f.due_before_opening()}) {
    row.push_back(MoneyText(money->minor_units(), money->currency_code()));
  }
}

// Receivables as a table: a line per group, then the total; the ageing columns are days past due.
int PrintReceivables(const Globals& globals, const acc::Receivables& r) {
  if (globals.output != "table") {
    return PrintResponse(globals, r);
  }
  const bool edition = r.group_by() == acc::RECEIVABLES_GROUPING_EDITION;
  const bool manager = r.group_by() == acc::RECEIVABLES_GROUPING_MANAGER;
  const char* by = edition ? "edition" : manager ? "manager" : "client";
  std::vector<TableColumn> columns = {{edition   ? "EDITION"
                                       : manager ? "MANAGER"
                                                 : "CLIENT"},
                                      {"NAME", Align::kLeft, 40}};
  for (const char* header : {"INVOICES", "INVOICED", "PAID", "OUTSTANDING", "NOT DUE", "1-30 DAYS",
                             "31-60 DAYS", "61-90 DAYS", "OVER 90 DAYS", "BEFORE OPENING"}) {
    columns.push_back({header, Align::kRight});
  }
  std::vector<std::vector<std::string>> rows;
  for (const acc::ReceivablesGroup& group : r.groups()) {
    std::vector<std::string> row = {group.key().empty() ? "(unknown)" : group.key(),
                                    group.display_name()};
    AddFigureCells(group.figures(), row);
    rows.push_back(std::move(row));
  }
  std::vector<std::string> total = {"TOTAL", ""};
  AddFigureCells(r.total(), total);
  rows.push_back(std::move(total));
  std::printf("Receivables by %s as of %s\n%s", by,
              DateText(r.as_of().year(), r.as_of().month(), r.as_of().day()).c_str(),
              RenderTable(columns, rows).c_str());
  return 0;
}

}  // namespace

void AddPaymentCommands(CLI::App& app, Globals& globals) {
  using Stub = acc::AccountingService::Stub;
  auto connect = [](const Globals& g) { return StubFor<acc::AccountingService>(g); };

  auto* statements =
      app.add_subcommand("statements", "Bank statements in the 1CClientBankExchange 1.03 format");
  statements->require_subcommand(1);
  UnaryCommand<Stub, acc::ImportBankStatementRequest, acc::ImportBankStatementResponse> import(
      statements, globals, "import",
      "Import a statement file (Windows-1251 or DOS): its payment orders the CRM has not seen",
      &Stub::ImportBankStatement, connect);
  auto path = std::make_shared<std::string>();
  auto validate_only = std::make_shared<bool>(false);
  import.command->add_option("file", *path, "The statement file as the bank client wrote it")
      ->required();
  import.command->add_flag("--validate-only", *validate_only,
                           "Check the file and count what it would import; import nothing");
  import.Then([path, validate_only](acc::ImportBankStatementRequest& r) {
    r.set_content(ReadFile(*path));
  r.set_file_name(std::filesystem::path(*path).filename().string());
  r.set_validate_only(*validate_only);
});

auto* payments = app.add_subcommand("payments", "Payments from bank statements");
payments->require_subcommand(1);

UnaryCommand<Stub, acc::ListPaymentsRequest, acc::ListPaymentsResponse> list(
    payments, globals, "list", "List payments, newest first", &Stub::ListPayments, connect);
list.WithPaging();
list.command->add_option("--statement", *list.request->mutable_statement(),
                         "Only this statement's (bankStatements/<uuid>)");
auto unmatched = std::make_shared<bool>(false);
list.command->add_flag("--unmatched", *unmatched,
                       "Only incoming payments matched to nothing (the queue)");
auto direction = std::make_shared<std::string>();
list.command->add_option("--direction", *direction, "incoming or outgoing")
    ->check(CLI::IsMember({"incoming", "outgoing"}));
list.Then([unmatched, direction](acc::ListPaymentsRequest& r) {
  r.set_unmatched_only(*unmatched);
  if (*direction == "incoming") {
    r.set_direction(acc::PAYMENT_DIRECTION_INCOMING);
  } else if (*direction == "outgoing") {
    r.set_direction(acc::PAYMENT_DIRECTION_OUTGOING);
  }
});

UnaryCommand<Stub, acc::GetPaymentRequest, acc::Payment> get(
    payments, globals, "get", "Show a payment with the invoices it stands on", &Stub::GetPayment,
    connect);
get.command->add_option("name", *get.request->mutable_name(), "payments/<uuid>")->required();

UnaryCommand<Stub, acc::MatchPaymentRequest, acc::Payment> match(
    payments, globals, "match",
    "Put a payment (or its unallocated rest) on invoices by hand, or say which incoming payments "
    "an outgoing one refunds",
    &Stub::MatchPayment, connect);
match.command->add_option("name", *match.request->mutable_name(), "payments/<uuid>")->required();
auto shares = std::make_shared<std::vector<std::string>>();
auto refunds = std::make_shared<std::vector<std::string>>();
match.command->add_option(
    "--invoice", *shares,
    "documents/<uuid>=<roubles>, e.g. documents/4d3c…=148840.00 (repeat for more)");
match.command->add_option("--refunds", *refunds,
                          "For an outgoing payment: payments/<uuid>=<roubles> of an incoming "
                          "payment it returns (repeat for more)");
match.Then([shares, refunds](acc::MatchPaymentRequest& r) {
  r.clear_invoices();
  r.clear_refunded_payments();
  if (shares->empty() == refunds->empty()) {
    throw ArgumentError("give --invoice (an incoming payment) or --refunds (an outgoing one)");
  }
  // "name=<roubles>" split at its last '='.
  const auto split = [](const std::string& share, const char* option, const char* shape) {
    const std::size_t eq = share.rfind('=');
    if (eq == std::string::npos) {
      throw ArgumentError(std::string(option) + " " + share + ": expected " + shape);
    }
    crm::common::v1::Money amount;
    amount.set_currency_code("RUB");
    amount.set_minor_units(ParseRublesToKopecks(share.substr(eq + 1)));
    return std::make_pair(share.substr(0, eq), amount);
  };
  for (const std::string& share : *shares) {
    auto [name, amount] = split(share, "--invoice", "documents/<uuid>=<roubles>");
    auto* invoice = r.add_invoices();
    invoice->set_invoice(name);
    *invoice->mutable_amount() = amount;
  }
  for (const std::string& share : *refunds) {
    auto [name, amount] = split(share, "--refunds", "payments/<uuid>=<roubles>");
    auto* refunded = r.add_refunded_payments();
    refunded->set_payment(name);
    *refunded->mutable_amount() = amount;
  }
});

UnaryCommand<Stub, acc::UnmatchPaymentRequest, acc::Payment> unmatch(
    payments, globals, "unmatch",
    "Undo every match of a payment (back to the queue), or an outgoing payment's refund",
    &Stub::UnmatchPayment, connect);
unmatch.command->add_option("name", *unmatch.request->mutable_name(), "payments/<uuid>")
    ->required();

struct Receivables {
  acc::GetReceivablesRequest request;
  std::string by = "client";
  std::string as_of;
};
auto receivables = std::make_shared<Receivables>();
auto* receivables_cmd = app.add_subcommand(
    "receivables",
    "What issued invoices still owe, per client, edition or manager, by days past due");
receivables_cmd->add_option("--by", receivables->by, "client (default), edition or manager")
    ->check(CLI::IsMember({"client", "edition", "manager"}));
receivables_cmd->add_option("--as-of", receivables->as_of, "YYYY-MM-DD; today when left out");
receivables_cmd->add_option("--client", *receivables->request.mutable_client(),
                            "Only this client's invoices (clients/<uuid>)");
receivables_cmd->add_option("--edition", *receivables->request.mutable_edition(),
                            "Only this edition's (projects/<uuid>/editions/<uuid>)");
receivables_cmd->add_option("--manager", *receivables->request.mutable_manager(),
                            "Only this manager's sales' (employees/<uuid>)");
receivables_cmd->callback([&globals, receivables] {
  acc::GetReceivablesRequest& request = receivables->request;
  request.set_group_by(receivables->by == "edition"   ? acc::RECEIVABLES_GROUPING_EDITION
                       : receivables->by == "manager" ? acc::RECEIVABLES_GROUPING_MANAGER
                                                      : acc::RECEIVABLES_GROUPING_CLIENT);
  if (!receivables->as_of.empty()) {
    *request.mutable_as_of() = ParseDate(receivables->as_of);
  }
  globals.action = [&globals, receivables] {
    acc::Receivables response;
    auto stub = StubFor<acc::AccountingService>(globals);
    return RunCallWith(
        globals,
        [&](grpc::ClientContext& ctx) {
          return stub->GetReceivables(&ctx, receivables->request, &response);
        },
        [&] { return PrintReceivables(globals, response); });
  };
});
}  // namespace crm::cli

}  // namespace crm::cli
