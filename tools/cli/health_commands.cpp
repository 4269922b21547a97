// crm health: asks services the standard gRPC health question (grpc.health.v1.Health/Check, the
// whole server) and, with --wait, keeps asking until each answers SERVING. Start-up scripts and
// the image smoke test (tools/image smoke) wait on it; no token is needed.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"
#include "tools/cli/rpc.h"

namespace crm::cli {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using Clock = std::chrono::steady_clock;

// Pause between two questions to a service that is not serving yet.
constexpr std::chrono::milliseconds kRetryPause{50};
// How long one question may take: a starting server that accepts the connection answers at once.
constexpr std::chrono::seconds kCheckDeadline{2};

struct HealthArgs {
  std::vector<std::string> services;
  std::string address;
  double wait_seconds = 0;
};

// The address of a service named on the command line (registry … analytics).
const std::string& AddressOf(const Endpoints& endpoints, const std::string& service) {
  const std::pair<const char*, const std::string*> known[] = {{"registry", &endpoints.registry},
                                                              {"planning", &endpoints.planning},
                                                              {"documents", &endpoints.documents},
                                                              {"accounting", &endpoints.accounting},
                                                              {"analytics", &endpoints.analytics}};
  for (const auto& [name, address] : known) {
    if (service == name) {
      return *address;
    }
  }
  throw ArgumentError("unknown service " + service +
                      " (registry, planning, documents, accounting, analytics)");
}

std::string StatusName(HealthCheckResponse::ServingStatus status) {
  return HealthCheckResponse::ServingStatus_Name(status);
}

// Asks `address` until it answers SERVING or `wait` has passed (at least once). Prints one line:
// the name, the address, the last answer and how long it took. Returns whether it is SERVING.
bool WaitServing(const std::string& name, const std::string& address,
                 std::chrono::duration<double> wait) {
  const auto start = Clock::now();
  // A channel that retries a refused connection every 50 ms: gRPC's default backs off for
  // seconds after a refusal, which would hide how soon a starting server answers.
  grpc::ChannelArguments channel_args;
  channel_args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
  channel_args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 50);
  channel_args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 100);
  // Connect: the same transport as every command (TLS when CRM_GRPC_TLS_CA_FILE is set).
  auto stub = grpc::health::v1::Health::NewStub(Connect(address, channel_args));
  std::string last;
  for (;;) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + kCheckDeadline);
    HealthCheckRequest request;
    HealthCheckResponse response;
    const grpc::Status status = stub->Check(&ctx, request, &response);
    const std::chrono::duration<double> took = Clock::now() - start;
    if (status.ok()) {
      last = StatusName(response.status());
      if (response.status() == HealthCheckResponse::SERVING) {
        std::printf("%-12s %-22s SERVING after %.2f s\n", name.c_str(), address.c_str(),
                    took.count());
        return true;
      }
    } else {
      last = DescribeStatus(status);
      if (!last.empty() && last.back() == '\n') {
        last.pop_back();
      }
    }
    if (took + kRetryPause > wait) {
      std::printf("%-12s %-22s not serving after %.2f s: %s\n", name.c_str(), address.c_str(),
                  took.count(), last.c_str());
      return false;
    }
    std::this_thread::sleep_for(kRetryPause);
  }
}

}  // namespace

void AddHealthCommands(CLI::App& app, Globals& globals) {
  auto args = std::make_shared<HealthArgs>();
  auto* health = app.add_subcommand(
      "health",
      "Ask services the gRPC health question (grpc.health.v1) until they answer SERVING; exit "
      "code 0 when all do");
  health
      ->add_option("services", args->services,
                   "registry, planning, documents, accounting, analytics (default: all five)")
      ->check(CLI::IsMember({"registry", "planning", "documents", "accounting", "analytics"}));
  health->add_option("--addr", args->address,
                     "Ask this host:port instead of the named services' addresses");
  health
      ->add_option("--wait", args->wait_seconds,
                   "Keep asking for up to this many seconds until SERVING (default: ask once)")
      ->check(CLI::NonNegativeNumber);
  health->callback([&globals, args] {
    globals.action = [&globals, args] {
      const std::chrono::duration<double> wait{args->wait_seconds};
      bool all_serving = true;
      if (!args->address.empty()) {
        if (!args->services.empty()) {
          throw ArgumentError("--addr asks one address; name no services with it");
        }
        return WaitServing("server", args->address, wait) ? 0 : 1;
      }
      std::vector<std::string> services = args->services;
      if (services.empty()) {
        services = {"registry", "planning", "documents", "accounting", "analytics"};
      }
      for (const auto& service : services) {
        all_serving =
            WaitServing(service, AddressOf(globals.endpoints, service), wait) && all_serving;
      }
      return all_serving ? 0 : 1;
    };
  });
}

}  // namespace crm::cli
