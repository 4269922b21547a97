#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>

#include "tests/e2e/stack.h"
#include "tests/support/child_process.h"

// The real crm-gateway binary in front of a Stack, on free ports, waited for until ready.
namespace crm::testing {

class GatewayProcess {
 public:
  // `env` adds to or overrides the gateway's configuration (CRM_GATEWAY_*).
  explicit GatewayProcess(const Stack& stack, const std::map<std::string, std::string>& env = {});
  ~GatewayProcess();

  int http_port() const { return http_port_; }
  int h2c_port() const { return h2c_port_; }
  int admin_port() const { return admin_port_; }
  // The crm-gateway process (to read its CPU time).
  pid_t pid() const;
  std::string Log() const;
  // Stops it with SIGTERM; the exit status.
  int Stop();

 private:
  int http_port_ = 0;
  int h2c_port_ = 0;
  int admin_port_ = 0;
  std::filesystem::path log_;
  std::unique_ptr<ChildProcess> process_;
};

// The descriptor set the build wrote (what the gateway reads).
std::string DescriptorSetPath();

}  // namespace crm::testing
