// crm statements import (bank statements) and crm payments list | get | match | unmatch
// (accounting's payments and their matching to invoices; docs/accounting-bank-statements.md).

#include <filesystem>

#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {

void AddPaymentCommands(CLI::App& app, Globals& globals) {
  namespace acc = crm::accounting::v1;
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
    payments, globals, "match", "Put a payment (or its unallocated rest) on invoices by hand",
    &Stub::MatchPayment, connect);
match.command->add_option("name", *match.request->mutable_name(), "payments/<uuid>")->required();
auto shares = std::make_shared<std::vector<std::string>>();
match.command
    ->add_option("--invoice", *shares,
                 "documents/<uuid>=<roubles>, e.g. documents/4d3c…=148840.00 (repeat for more)")
    ->required();
match.Then([shares](acc::MatchPaymentRequest& r) {
  r.clear_invoices();
  for (const std::string& share : *shares) {
    const std::size_t eq = share.rfind('=');
    if (eq == std::string::npos) {
      throw ArgumentError("--invoice " + share + ": expected documents/<uuid>=<roubles>");
    }
    auto* invoice = r.add_invoices();
    invoice->set_invoice(share.substr(0, eq));
    invoice->mutable_amount()->set_currency_code("RUB");
    invoice->mutable_amount()->set_minor_units(ParseRublesToKopecks(share.substr(eq + 1)));
  }
});

UnaryCommand<Stub, acc::UnmatchPaymentRequest, acc::Payment> unmatch(
    payments, globals, "unmatch", "Undo every match of a payment: back to the queue",
    &Stub::UnmatchPayment, connect);
unmatch.command->add_option("name", *unmatch.request->mutable_name(), "payments/<uuid>")
    ->required();
}  // namespace crm::cli

}  // namespace crm::cli
