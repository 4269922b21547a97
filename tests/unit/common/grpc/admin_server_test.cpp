#include "common/grpc/admin_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <string>

namespace crm::common::rpc {
namespace {

// The status of GET `path` on the admin server at `port`; -1 when it does not answer.
int StatusOf(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  auto res = client.Get(path);
  return res ? res->status : -1;
}

// The probes' endpoints over a real HTTP server: /healthz while the process runs, /serving until
// shutdown begins whatever the dependencies say, /readyz only when `ready` says so too.
TEST(AdminServerTest, HealthServingAndReadinessAnswerApart) {
  std::atomic<bool> serving{true};
  std::atomic<bool> database_up{false};
  AdminServer admin(
      "127.0.0.1:0", [&] { return serving.load(); },
      [&] { return serving.load() && database_up.load(); });
  const int port = admin.Start();
  ASSERT_GT(port, 0);

  EXPECT_EQ(StatusOf(port, "/healthz"), 200);
  EXPECT_EQ(StatusOf(port, "/serving"), 200);
  EXPECT_EQ(StatusOf(port, "/readyz"), 503);  // the database does not answer: serving, not ready

  database_up = true;
  EXPECT_EQ(StatusOf(port, "/serving"), 200);
  EXPECT_EQ(StatusOf(port, "/readyz"), 200);

  serving = false;  // SIGTERM: no longer serving nor ready, still alive
  EXPECT_EQ(StatusOf(port, "/healthz"), 200);
  EXPECT_EQ(StatusOf(port, "/serving"), 503);
  EXPECT_EQ(StatusOf(port, "/readyz"), 503);
  EXPECT_EQ(StatusOf(port, "/nothing"), 404);

  admin.Stop();
  EXPECT_EQ(StatusOf(port, "/healthz"), -1);
}

}  // namespace
}  // namespace crm::common::rpc
