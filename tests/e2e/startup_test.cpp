// Services started at the same moment on a bus without streams (a fresh deployment, or every
// pod restarted at once) race to create the streams; each must still be SERVING within a bound
// far below the 5 s a JetStream request without an answer or a connect timeout costs. The speed
// itself is measured by tools/bench/run footprint.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/auth/auth.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/free_port.h"
#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_environment.h"

namespace crm::testing {
namespace {

constexpr const char* kRacers[] = {"registry", "planning", "documents"};

// Polls the gRPC health service with short attempts and a channel that retries connecting
// every few milliseconds, so the figure is the service's start, not the client's backoff.
bool ServingWithin(int port, std::chrono::steady_clock::time_point deadline) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 20);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 20);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 50);
  auto channel = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port),
                                           grpc::InsecureChannelCredentials(), args);
  auto health = grpc::health::v1::Health::NewStub(channel);
  while (std::chrono::steady_clock::now() < deadline) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
    ctx.set_wait_for_ready(true);
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    if (health->Check(&ctx, request, &response).ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return true;
    }
  }
  return false;
}

TEST(ServiceStartup, ServicesStartedTogetherOnABusWithoutStreamsServeWithinThreeSeconds) {
  auto& env = TestEnvironment::Get();
  TempDir dir("crm-startup");
  std::map<std::string, std::string> database;
  for (const char* name : kRacers) {
    database[name] = env.FreshDatabase(std::string("startup_") + name);
    ChildProcess migrate({std::string(CRM_BIN_DIR) + "/crm-" + name, "migrate"},
                         {{"CRM_DATABASE_URL", database[name]}},
                         env.LogPath(std::string("startup-migrate-") + name));
    ASSERT_EQ(migrate.Wait(), 0) << name;
  }
  for (int round = 0; round < 3; ++round) {
    const std::string nats_url = env.FreshNats();  // no streams: the services create them
    std::vector<std::unique_ptr<ChildProcess>> processes;
    std::map<std::string, int> grpc_port;
    const auto started = std::chrono::steady_clock::now();
    for (const char* name : kRacers) {
      grpc_port[name] = FreeTcpPort();
      processes.push_back(std::make_unique<ChildProcess>(
          std::vector<std::string>{std::string(CRM_BIN_DIR) + "/crm-" + name, "serve"},
          std::map<std::string, std::string>{
              {"CRM_DATABASE_URL", database[name]},
              {"CRM_NATS_URL", nats_url},
              {"CRM_GRPC_LISTEN", "127.0.0.1:" + std::to_string(grpc_port[name])},
              {"CRM_ADMIN_LISTEN", "127.0.0.1:" + std::to_string(FreeTcpPort())},
              {"CRM_JWT_HS256_SECRET", kTestJwtSecret},
              {"CRM_JWT_AUDIENCE", common::auth::kDefaultAudience},
              {"CRM_EXCHANGE_DIR", dir.path().string()},
              {"CRM_STREAM_MAX_GIB", "1"},
              {"CRM_LOG_LEVEL", "info"}},
          env.LogPath("startup-" + std::string(name))));
    }
    for (const char* name : kRacers) {
      EXPECT_TRUE(ServingWithin(grpc_port[name], started + std::chrono::seconds(3)))
          << "crm-" << name << " not SERVING 3 s after start, round " << round;
    }
    for (auto& process : processes) {
      process->Terminate();
    }
  }
}

}  // namespace
}  // namespace crm::testing
