#include "tools/cli/names.h"

#include <chrono>
#include <functional>

#include "crm/registry/v1/exhibitions.grpc.pb.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "crm/registry/v1/staff.grpc.pb.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;

constexpr std::size_t kMostNames = 200;
// A table waits for names only briefly: they are a convenience.
constexpr std::chrono::seconds kLookupDeadline{3};

// How many '/'-separated segments `name` has, and whether it starts with `collection` + "/".
bool IsName(const std::string& name, std::string_view collection, int segments) {
  if (!name.starts_with(std::string(collection) + "/")) {
    return false;
  }
  int count = 1;
  for (char c : name) {
    count += c == '/' ? 1 : 0;
  }
  return count == segments;
}

// Asks for the resource `name` names and gives the text a person knows it by.
using Lookup =
    std::function<grpc::Status(grpc::ClientContext&, const std::string& name, std::string& text)>;

// A Get method of `stub` whose request takes the name, and the response's field to show.
template <class Stub, class Request, class Response>
Lookup Get(Stub& stub,
           grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
           const std::string& (Response::*text)() const) {
  return
      [&stub, method, text](grpc::ClientContext& ctx, const std::string& name, std::string& out) {
        Request request;
        request.set_name(name);
        Response response;
        grpc::Status status = (stub.*method)(&ctx, request, &response);
        out = (response.*text)();
        return status;
      };
}

}  // namespace

std::map<std::string, std::string> ResolveResourceNames(const Endpoints& endpoints,
                                                        const std::string& token,
                                                        const std::set<std::string>& names) {
  std::map<std::string, std::string> resolved;
  auto channel = Connect(endpoints.registry);
  auto registry = reg::RegistryService::NewStub(channel);
  auto exhibitions = reg::ExhibitionService::NewStub(channel);
  auto staff = reg::StaffService::NewStub(channel);
  std::size_t asked = 0;
  for (const std::string& name : names) {
    if (asked == kMostNames) {
      break;
    }
    // One lookup: the call, and the text of its answer.
    Lookup lookup;
    if (IsName(name, "clients", 2)) {
      lookup = Get(*registry, &reg::RegistryService::Stub::GetClient, &reg::Client::display_name);
    } else if (IsName(name, "employees", 2)) {
      lookup = Get(*staff, &reg::StaffService::Stub::GetEmployee, &reg::Employee::full_name);
    } else if (IsName(name, "projects", 4) && name.find("/editions/") != std::string::npos) {
      lookup =
          Get(*exhibitions, &reg::ExhibitionService::Stub::GetEdition, &reg::Edition::display_name);
    } else if (IsName(name, "projects", 2)) {
      lookup =
          Get(*exhibitions, &reg::ExhibitionService::Stub::GetProject, &reg::Project::display_name);
    } else if (IsName(name, "competitorExhibitions", 2)) {
      lookup = Get(*exhibitions, &reg::ExhibitionService::Stub::GetCompetitorExhibition,
                   &reg::CompetitorExhibition::display_name);
    } else {
      continue;
    }
    ++asked;
    grpc::ClientContext context;
    PrepareContext(context, token);
    context.set_deadline(std::chrono::system_clock::now() + kLookupDeadline);
    std::string text;
    grpc::Status status = lookup(context, name, text);
    if (status.error_code() == grpc::UNAVAILABLE ||
        status.error_code() == grpc::DEADLINE_EXCEEDED) {
      break;
    }
    if (status.ok() && !text.empty()) {
      resolved[name] = text;
    }
  }
  return resolved;
}

}  // namespace crm::cli
