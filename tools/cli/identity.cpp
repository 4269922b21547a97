#include "tools/cli/identity.h"

#include <algorithm>

#include "crm/registry/v1/registry.grpc.pb.h"

namespace crm::cli {

namespace reg = crm::registry::v1;

std::optional<ActingEmployee> FindActingEmployee(const Endpoints& endpoints,
                                                 const std::string& lookup_token,
                                                 const std::vector<std::string>& roles,
                                                 std::string* problem) {
  auto registry = reg::RegistryService::NewStub(Connect(endpoints.registry));
  reg::ListEmployeesRequest request;
  request.set_page_size(500);
  for (;;) {
    grpc::ClientContext context;
    PrepareContext(context, lookup_token);
    reg::ListEmployeesResponse page;
    grpc::Status status = registry->ListEmployees(&context, request, &page);
    if (!status.ok()) {
      *problem = "the registry at " + endpoints.registry +
                 " did not list the employees: " + DescribeStatus(status);
      while (!problem->empty() && problem->back() == '\n') {
        problem->pop_back();
      }
      return std::nullopt;
    }
    for (const reg::Employee& e : page.employees()) {
      const bool holds_all = std::all_of(roles.begin(), roles.end(), [&](const std::string& role) {
        return std::find(e.roles().begin(), e.roles().end(), role) != e.roles().end();
      });
      if (holds_all && e.status() != reg::EMPLOYEE_STATUS_LEFT) {
        return ActingEmployee{e.name(), e.full_name(), e.department()};
      }
    }
    if (page.next_page_token().empty()) {
      break;
    }
    request.set_page_token(page.next_page_token());
  }
  std::string joined;
  for (const std::string& role : roles) {
    joined += (joined.empty() ? "" : ", ") + role;
  }
  *problem = "no active employee in the registry has the role " + joined +
             " (tools/up loads demo staff with every role)";
  return std::nullopt;
}

}  // namespace crm::cli
