#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tools/cli/output.h"
#include "tools/cli/rpc.h"

// The `crm` command tree. Each Add*Commands registers one group of subcommands; a subcommand's
// callback stores what to do in Globals::action, which main() runs after parsing so that errors
// become exit codes instead of escaping through the parser.
namespace crm::cli {

struct Globals {
  std::string token;                  // --token, else CRM_TOKEN
  std::vector<std::string> as_roles;  // --as (dev: mint a token with CRM_JWT_HS256_SECRET)
  std::string subject;                // --subject for a minted token
  std::string output = "table";       // -o: table, json or yaml
  Endpoints endpoints = Endpoints::FromEnv();
  std::function<int()> action;

  // The bearer token to send: --token, CRM_TOKEN, or one minted for --as. Empty when none (the
  // service then answers UNAUTHENTICATED, which is worth seeing). Throws ArgumentError when --as
  // is used without a secret or with an unknown role. Worked out once per run.
  std::string ResolveToken() const;
  // The employee the --as token speaks for (employees/<uuid>); empty for --token and CRM_TOKEN,
  // whose subject the command line does not read.
  std::string ActingSubject() const;

 private:
  mutable std::optional<std::string> token_;
  mutable std::string acting_subject_;
};

// Prints a response in the format of -o (tools/cli/output.h): the text on stdout, notes (an
// empty list, the next page) on stderr. Returns 0.
int PrintResponse(const Globals& globals, const google::protobuf::Message& response);

// Runs one unary call: prepares the context, calls `invoke`, prints `response` (PrintResponse) on
// success (exit code 0) or the explained status on stderr (exit code 1).
int RunCall(const Globals& globals, const std::function<grpc::Status(grpc::ClientContext&)>& invoke,
            const google::protobuf::Message& response);
// Like RunCall, but leaves printing the response to `on_success` (which returns the exit code).
int RunCallWith(const Globals& globals,
                const std::function<grpc::Status(grpc::ClientContext&)>& invoke,
                const std::function<int()>& on_success);

// A stub of `Service`, on the address of the service that serves its proto package.
template <class Service>
std::unique_ptr<typename Service::Stub> StubFor(const Globals& globals) {
  return Service::NewStub(Connect(globals.endpoints.For(Service::service_full_name())));
}

// The whole of a file a command uploads; throws ArgumentError naming it when it cannot be read.
std::string ReadFile(const std::string& path);

// Adds --page-size and --page-token to a list command, stored in the given fields.
void AddPaging(CLI::App* command, int* page_size, std::string* page_token);

// `text` when it is an edition's resource name; otherwise the one edition whose display name
// contains it ("Волга-Строй 2027", "Волга"), looked up in the registry with the caller's token.
// Throws ArgumentError when none or several match.
std::string EditionNamed(const Globals& globals, const std::string& text);

void AddTokenCommands(CLI::App& app, Globals& globals);
void AddRegistryCommands(CLI::App& app, Globals& globals);
// After AddRegistryCommands: adds to its clients and contact-persons groups.
void AddClientCommands(CLI::App& app, Globals& globals);
// crm history: contact persons', projects', editions' and groups' history.
void AddHistoryCommands(CLI::App& app, Globals& globals);
void AddPlanningCommands(CLI::App& app, Globals& globals);
void AddCalendarCommands(CLI::App& app, Globals& globals);
// Needs AddPlanningCommands first: it adds to the `sales` group.
void AddResultsCommands(CLI::App& app, Globals& globals);
// After AddResultsCommands: adds `sales approve|reject` to its `sales` group.
void AddStandCommands(CLI::App& app, Globals& globals);
void AddDocumentCommands(CLI::App& app, Globals& globals);
void AddAccountingCommands(CLI::App& app, Globals& globals);
// crm statements import, crm payments list | get | match | unmatch (payment_commands.cpp).
void AddPaymentCommands(CLI::App& app, Globals& globals);
// crm budgets show | report | import | add-line | add-cost (budget_commands.cpp).
void AddBudgetCommands(CLI::App& app, Globals& globals);
// crm plans show | set | import | vs-fact (plan_commands.cpp).
void AddPlanCommands(CLI::App& app, Globals& globals);
void AddAnalyticsCommands(CLI::App& app, Globals& globals);
void AddForecastCommands(CLI::App& app, Globals& globals);
void AddEventCommands(CLI::App& app, Globals& globals);
// crm health: the gRPC health question to each service (no token needed).
void AddHealthCommands(CLI::App& app, Globals& globals);
void AddQualityCommands(CLI::App& app, Globals& globals);
// Registry organisation: employees and curators, projects/editions/competitors/participation,
// client groups. Called after AddRegistryCommands (they extend its groups).
void AddStaffCommands(CLI::App& app, Globals& globals);
void AddExhibitionCommands(CLI::App& app, Globals& globals);
void AddGroupCommands(CLI::App& app, Globals& globals);
void AddImportCommands(CLI::App& app, Globals& globals);
// After AddGroupCommands: group members by filter, projects' target groups and client base,
// departments and project teams.
void AddOrganisationCommands(CLI::App& app, Globals& globals);
void AddMailingCommands(CLI::App& app, Globals& globals);
// crm exchange run | status | receive (tools/cli/exchange_commands.cpp).
void AddExchangeCommands(CLI::App& app, Globals& globals);

}  // namespace crm::cli
