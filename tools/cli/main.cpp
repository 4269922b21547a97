// `crm`: the command line of Expo CRM. Calls the services' gRPC APIs and prints the responses as
// tables (or JSON, YAML with -o); `crm events tail` follows the event stream.
#include <iostream>

#include "tools/cli/commands.h"
#include "tools/cli/parse.h"

int main(int argc, char** argv) {
  crm::cli::Globals globals;
  CLI::App app{
      "Expo CRM command line.\n"
      "Service addresses: CRM_REGISTRY_ADDR, CRM_PLANNING_ADDR, CRM_DOCUMENTS_ADDR,\n"
      "CRM_ACCOUNTING_ADDR, CRM_ANALYTICS_ADDR (default 127.0.0.1:50051..50055), CRM_NATS_URL.\n"
      "Credentials: --token or CRM_TOKEN; for development, --as ROLE mints a token with\n"
      "CRM_JWT_HS256_SECRET for the first employee of the registry holding ROLE (stderr says "
      "who).\n"
      "Output: a table (amounts as 122 000,00 \u20bd, areas as 12,5 \u043c\u00b2, times in the "
      "local\n"
      "zone); -o json or -o yaml print the whole response for scripts.",
      "crm"};
  app.option_defaults()->always_capture_default();
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--token", globals.token, "Bearer token (default: $CRM_TOKEN)");
  app.add_option("--as", globals.as_roles,
                 "Mint a token with this role (sales_manager, sales_head, analyst, accountant, "
                 "admin, service; repeatable); needs CRM_JWT_HS256_SECRET")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("-o,--output", globals.output,
                 "table (default), json (protobuf JSON, as the API returns it) or yaml")
      ->check(CLI::IsMember({"table", "json", "yaml"}));
  app.add_option("--subject", globals.subject,
                 "Subject of the --as token, e.g. employees/<uuid> (default: the first employee "
                 "holding the --as roles, else a placeholder employee)");

  crm::cli::AddTokenCommands(app, globals);
  crm::cli::AddRegistryCommands(app, globals);
  crm::cli::AddStaffCommands(app, globals);
  crm::cli::AddExhibitionCommands(app, globals);
  crm::cli::AddGroupCommands(app, globals);
  crm::cli::AddOrganisationCommands(app, globals);
  crm::cli::AddClientCommands(app, globals);
  crm::cli::AddHistoryCommands(app, globals);
  crm::cli::AddPlanningCommands(app, globals);
  crm::cli::AddCalendarCommands(app, globals);
  crm::cli::AddResultsCommands(app, globals);
  crm::cli::AddStandCommands(app, globals);
  crm::cli::AddDocumentCommands(app, globals);
  crm::cli::AddAccountingCommands(app, globals);
  crm::cli::AddPaymentCommands(app, globals);
  crm::cli::AddBudgetCommands(app, globals);
  crm::cli::AddExchangeCommands(app, globals);
  crm::cli::AddAnalyticsCommands(app, globals);
  crm::cli::AddPlanCommands(app, globals);
  crm::cli::AddForecastCommands(app, globals);
  crm::cli::AddEventCommands(app, globals);
  crm::cli::AddQualityCommands(app, globals);
  crm::cli::AddImportCommands(app, globals);
  crm::cli::AddMailingCommands(app, globals);
  crm::cli::AddHealthCommands(app, globals);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const crm::cli::ArgumentError& e) {
    std::cerr << "crm: " << e.what() << "\n";
    return 2;
  }
  if (!globals.action) {
    std::cerr << app.help();
    return 2;
  }
  try {
    return globals.action();
  } catch (const crm::cli::ArgumentError& e) {
    std::cerr << "crm: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "crm: " << e.what() << "\n";
    return 1;
  }
}
