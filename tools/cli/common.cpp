#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "common/auth/auth.h"
#include "common/core/files.h"
#include "tools/cli/commands.h"
#include "tools/cli/identity.h"
#include "tools/cli/names.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

namespace auth = crm::common::auth;

// Subject of a minted dev token when --subject is not given: a well-formed employee name, so
// services that read the caller as an employee accept it.
constexpr const char* kPlaceholderSubject = "employees/00000000-0000-0000-0000-000000000000";

std::vector<auth::Role> ParseRoles(const std::vector<std::string>& names) {
  std::vector<auth::Role> roles;
  for (const auto& name : names) {
    auto role = auth::ParseRole(name);
    if (!role) {
      throw ArgumentError("unknown role \"" + name +
                          "\"; expected sales_manager, sales_head, analyst, accountant, admin "
                          "or service");
    }
    roles.push_back(*role);
  }
  return roles;
}

std::string RequireSecret(const char* why) {
  std::string secret = EnvOr("CRM_JWT_HS256_SECRET", "");
  if (secret.empty()) {
    throw ArgumentError(std::string(why) +
                        " needs CRM_JWT_HS256_SECRET (source .local/env for the local stack)");
  }
  return secret;
}

// Whether --as names a role people hold (every role but "service").
bool ActsAsStaff(const std::vector<std::string>& roles) {
  return std::any_of(roles.begin(), roles.end(),
                     [](const std::string& r) { return r != "service"; });
}

// Makes `request` a token of a real employee holding the --as roles, found in the registry with
// a short-lived lookup token, and says on stderr who that is. Without one, the token stays the
// placeholder's and stderr says why its views will be empty.
void ActAsEmployee(const Globals& globals, const std::string& secret, auth::TokenRequest& request) {
  auth::TokenRequest lookup;
  lookup.roles = {auth::Role::kAdmin};
  lookup.subject = "services/crm-cli";
  lookup.name = "crm CLI (employee lookup)";
  lookup.ttl = std::chrono::minutes(1);
  lookup.audience = {TokenAudience()};
  std::vector<std::string> roles;
  for (const std::string& role : globals.as_roles) {
    if (role != "service") {
      roles.push_back(role);
    }
  }
  std::string problem;
  auto employee =
      FindActingEmployee(globals.endpoints, auth::MintHs256Token(secret, lookup), roles, &problem);
  if (!employee) {
    std::cerr << "crm: " << problem << "; acting as a placeholder employee with no department, "
              << "so views of one's own or one's department's work are empty (--subject "
                 "employees/<uuid> picks someone)\n";
    return;
  }
  request.subject = employee->name;
  request.name = employee->full_name;
  std::cerr << "crm: acting as " << employee->full_name << " (" << employee->name << ", "
            << (employee->department.empty() ? "no department" : employee->department) << ")\n";
}

// The terminal's width when stdout is one, else 0 (a pipe or a file gets whole values).
std::size_t TerminalWidth() {
  winsize size{};
  if (isatty(STDOUT_FILENO) == 0 || ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0) {
    return 0;
  }
  return size.ws_col;
}

// The token to send, and in `subject` the subject of a token minted for --as.
std::string MintToken(const Globals& globals, std::string* subject) {
  if (!globals.token.empty()) {
    return globals.token;
  }
  if (!globals.as_roles.empty()) {
    const std::string secret = RequireSecret("--as");
    auth::TokenRequest request;
    request.roles = ParseRoles(globals.as_roles);
    request.subject = globals.subject.empty() ? kPlaceholderSubject : globals.subject;
    request.name = "crm CLI (" + globals.as_roles.front() + ")";
    request.ttl = std::chrono::minutes(10);
    request.audience = {TokenAudience()};
    if (globals.subject.empty() && ActsAsStaff(globals.as_roles)) {
      ActAsEmployee(globals, secret, request);
    }
    *subject = request.subject;
    return auth::MintHs256Token(secret, request);
  }
  return EnvOr("CRM_TOKEN", "");
}

}  // namespace

std::string Globals::ResolveToken() const {
  if (!token_) {
    token_ = MintToken(*this, &acting_subject_);
  }
  return *token_;
}

std::string Globals::ActingSubject() const {
  ResolveToken();
  return acting_subject_;
}

int PrintResponse(const Globals& globals, const google::protobuf::Message& response) {
  const std::string token = globals.ResolveToken();
  const Printed printed = Render(
      response, ParseOutputFormat(globals.output),
      [&](const std::set<std::string>& names) {
        return ResolveResourceNames(globals.endpoints, token, names);
      },
      TerminalWidth());
  std::cout << printed.out << std::flush;
  std::cerr << printed.note;
  return 0;
}

int RunCallWith(const Globals& globals,
                const std::function<grpc::Status(grpc::ClientContext&)>& invoke,
                const std::function<int()>& on_success) {
  std::string token = globals.ResolveToken();
  grpc::ClientContext context;
  std::string request_id = PrepareContext(context, token);
  grpc::Status status = invoke(context);
  if (status.ok()) {
    return on_success();
  }
  std::cerr << DescribeStatus(status) << "  request id: " << request_id << "\n";
  if (status.error_code() == grpc::UNAUTHENTICATED && token.empty()) {
    std::cerr << "  (no token: pass --token, set CRM_TOKEN, or use --as ROLE with "
                 "CRM_JWT_HS256_SECRET)\n";
  }
  return 1;
}

int RunCall(const Globals& globals, const std::function<grpc::Status(grpc::ClientContext&)>& invoke,
            const google::protobuf::Message& response) {
  return RunCallWith(globals, invoke, [&] { return PrintResponse(globals, response); });
}

std::string ReadFile(const std::string& path) {
  try {
    return common::ReadWholeFile(path, "the file");
  } catch (const std::runtime_error& e) {
    throw ArgumentError(e.what());
  }
}

void AddPaging(CLI::App* command, int* page_size, std::string* page_token) {
  command->add_option("--page-size", *page_size, "Results per page (service default 50, max 500)")
      ->check(CLI::Range(1, 500));
  command->add_option("--page-token", *page_token, "nextPageToken of the previous page");
}

void AddTokenCommands(CLI::App& app, Globals& globals) {
  auto* token = app.add_subcommand("token", "Access tokens (development)");
  token->require_subcommand(1);
  auto* mint =
      token->add_subcommand("mint", "Print an HS256 token signed with CRM_JWT_HS256_SECRET");
  struct Options {
    std::vector<std::string> roles;
    std::string subject;
    std::string name;
    int ttl_hours = 12;
  };
  auto opts = std::make_shared<Options>();
  mint->add_option("--role", opts->roles, "Role (repeatable)")
      ->required()
      ->allow_extra_args(false)
      ->delimiter(',');
  mint->add_option("--subject", opts->subject, "employees/<uuid> or services/<name>")->required();
  mint->add_option("--name", opts->name, "Display name");
  mint->add_option("--ttl-hours", opts->ttl_hours, "Lifetime in hours")
      ->check(CLI::Range(1, 24 * 366));
  mint->callback([&globals, opts] {
    globals.action = [opts] {
      auth::TokenRequest request;
      request.roles = ParseRoles(opts->roles);
      request.subject = opts->subject;
      request.name = opts->name;
      request.ttl = std::chrono::hours(opts->ttl_hours);
      request.audience = {TokenAudience()};
      std::cout << auth::MintHs256Token(RequireSecret("token mint"), request) << std::endl;
      return 0;
    };
  });
}

}  // namespace crm::cli
