#include "common/grpc/server_options.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>

namespace crm::common::rpc {
namespace {

std::unique_ptr<grpc::Server> ServeOn(const std::string& address, int* port) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), port);
  ConfigureServerBuilder(builder);
  return builder.BuildAndStart();
}

// A second server on a port in use fails to start instead of sharing its connections.
TEST(ServerOptionsTest, ASecondServerCannotTakeAPortInUse) {
  int first_port = 0;
  auto first = ServeOn("127.0.0.1:0", &first_port);
  ASSERT_NE(first, nullptr);
  ASSERT_GT(first_port, 0);
  int second_port = 0;
  auto second = ServeOn("127.0.0.1:" + std::to_string(first_port), &second_port);
  EXPECT_EQ(second, nullptr);
  EXPECT_EQ(second_port, 0);
  first->Shutdown();
}

}  // namespace
}  // namespace crm::common::rpc
