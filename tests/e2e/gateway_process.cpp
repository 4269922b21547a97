#include "tests/e2e/gateway_process.h"

#include <httplib.h>

#include <stdexcept>

#include "tests/support/eventually.h"
#include "tests/support/free_port.h"
#include "tests/support/test_environment.h"

namespace crm::testing {

std::string DescriptorSetPath() { return CRM_DESCRIPTOR_SET; }

GatewayProcess::GatewayProcess(const Stack& stack, const std::map<std::string, std::string>& env)
    : http_port_(FreeTcpPort()), h2c_port_(FreeTcpPort()), admin_port_(FreeTcpPort()) {
  std::map<std::string, std::string> config = {
      {"CRM_GATEWAY_LISTEN", "127.0.0.1:" + std::to_string(http_port_)},
      {"CRM_GATEWAY_H2C_LISTEN", "127.0.0.1:" + std::to_string(h2c_port_)},
      {"CRM_ADMIN_LISTEN", "127.0.0.1:" + std::to_string(admin_port_)},
      {"CRM_GATEWAY_DESCRIPTOR_SET", DescriptorSetPath()},
      {"CRM_LOG_LEVEL", "info"}};
  for (const char* service : Stack::kServices) {
    std::string variable = "CRM_";
    for (const char* p = service; *p; ++p) {
      variable += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    }
    config[variable + "_ADDR"] = stack.Address(service);
  }
  for (const auto& [k, v] : env) {
    config[k] = v;
  }
  log_ = TestEnvironment::Get().LogPath("crm-gateway");
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{std::string(CRM_BIN_DIR) + "/crm-gateway", "serve"}, config, log_);
  httplib::Client admin("127.0.0.1", admin_port_);
  admin.set_connection_timeout(std::chrono::milliseconds(200));
  bool ready = Eventually(
      [&] {
        if (!process_->Running()) {
          return true;
        }
        auto res = admin.Get("/readyz");
        return res && res->status == 200;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(50));
  if (!ready || !process_->Running()) {
    throw std::runtime_error("crm-gateway did not become ready; log:\n" + Log());
  }
}

GatewayProcess::~GatewayProcess() {
  if (process_) {
    process_->Terminate(std::chrono::seconds(10));
  }
}

pid_t GatewayProcess::pid() const { return process_->Pid(); }

int GatewayProcess::Stop() { return process_->Terminate(std::chrono::seconds(10)); }

std::string GatewayProcess::Log() const { return ReadFileTail(log_, 0, 16 * 1024); }

}  // namespace crm::testing
