#include "tests/e2e/stack.h"

#include <httplib.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "tests/support/eventually.h"
#include "tests/support/free_port.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"

namespace crm::testing {
namespace {
std::filesystem::path Binary(const std::string& service) {
  return std::filesystem::path(CRM_BIN_DIR) / ("crm-" + service);
}
}  // namespace

Stack::Stack(std::map<std::string, std::map<std::string, std::string>> extra_env)
    : Stack(TestEnvironment::Get().FreshNats(), std::move(extra_env)) {}

Stack::Stack(std::string nats_url, std::map<std::string, std::map<std::string, std::string>> env_of)
    : Stack(StackOptions{.nats_url = std::move(nats_url), .env = std::move(env_of)}) {}

Stack::Stack(StackOptions options) : dir_("crm-e2e"), nats_url_(std::move(options.nats_url)) {
  auto& env = TestEnvironment::Get();
  if (nats_url_.empty()) {
    nats_url_ = env.FreshNats();
  }
  exchange_dir_ = options.exchange_dir.empty() ? dir_.path() / "exchange" : options.exchange_dir;
  std::filesystem::create_directories(exchange_dir_);
  for (const char* name : kServices) {
    Service s;
    auto url = options.database_urls.find(name);
    s.database_url = url != options.database_urls.end()
                         ? url->second
                         : env.FreshDatabase(std::string("e2e_") + name);
    s.grpc_port = FreeTcpPort();
    s.admin_port = FreeTcpPort();
    s.log = env.LogPath(std::string("crm-") + name);
    s.extra_env = options.env[name];
    services_[name] = std::move(s);
    // A migration Job has the database URL and nothing else.
    ChildProcess migrate({Binary(name).string(), "migrate"},
                         {{"CRM_DATABASE_URL", services_[name].database_url}},
                         env.LogPath(std::string("migrate-") + name));
    if (int code = migrate.Wait(); code != 0) {
      throw std::runtime_error(std::string("crm-") + name + " migrate failed with " +
                               std::to_string(code));
    }
  }
  for (const char* name : kServices) {
    Start(name);
  }
}

Stack::~Stack() {
  for (auto& [name, s] : services_) {
    if (s.process) {
      s.process->Terminate(std::chrono::seconds(10));
    }
  }
}

void Stack::SetExtraEnv(const std::string& service, std::map<std::string, std::string> env) {
  services_.at(service).extra_env = std::move(env);
}

std::map<std::string, std::string> Stack::EnvFor(const std::string& name) const {
  const Service& s = services_.at(name);
  std::map<std::string, std::string> env = s.extra_env;
  env.insert({{"CRM_DATABASE_URL", s.database_url},
              {"CRM_NATS_URL", nats_url_},
              {"CRM_GRPC_LISTEN", "127.0.0.1:" + std::to_string(s.grpc_port)},
              {"CRM_ADMIN_LISTEN", "127.0.0.1:" + std::to_string(s.admin_port)},
              {"CRM_JWT_HS256_SECRET", kTestJwtSecret},
              {"CRM_JWT_AUDIENCE", common::auth::kDefaultAudience},
              {"CRM_EXCHANGE_DIR", exchange_dir_.string()},
              // The flow checks the 1C export as a JSON package (ListExports and its file).
              {"CRM_ACCOUNTING_EXCHANGE_FORMAT", "json"},
              {"CRM_STREAM_MAX_GIB", "1"},
              {"CRM_LOG_LEVEL", "info"}});
  return env;
}

std::shared_ptr<grpc::Channel> Stack::Channel(const std::string& service) const {
  return grpc::CreateChannel(Address(service), grpc::InsecureChannelCredentials());
}

std::string Stack::Address(const std::string& service) const {
  return "127.0.0.1:" + std::to_string(services_.at(service).grpc_port);
}

Stack::AdminResponse Stack::AdminGet(const std::string& service, const std::string& path) const {
  httplib::Client admin("127.0.0.1", services_.at(service).admin_port);
  AdminResponse response;
  if (auto res = admin.Get(path)) {
    response.status = res->status;
    response.content_type = res->get_header_value("Content-Type");
    response.body = res->body;
  }
  return response;
}

std::string Stack::DatabaseUrl(const std::string& service) const {
  return services_.at(service).database_url;
}

void Stack::SetDatabaseUrl(const std::string& service, std::string url) {
  services_.at(service).database_url = std::move(url);
}

int Stack::RunOperatorCommand(const std::string& service, const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env,
                              std::chrono::seconds timeout) {
  std::vector<std::string> argv = {Binary(service).string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> full_env = env;
  full_env.emplace("CRM_DATABASE_URL", services_.at(service).database_url);
  operator_log_ = TestEnvironment::Get().LogPath("operator-" + service);
  ChildProcess command(argv, full_env, operator_log_);
  if (!Eventually([&] { return !command.Running(); }, timeout, std::chrono::milliseconds(50))) {
    command.Kill();
    return -1;
  }
  return command.Wait();
}

std::string Stack::OperatorOutput() const { return ReadFile(operator_log_); }

void Stack::Start(const std::string& name) {
  Service& s = services_.at(name);
  s.process = std::make_unique<ChildProcess>(
      std::vector<std::string>{Binary(name).string(), "serve"}, EnvFor(name), s.log);
  WaitReady(name);
}

void Stack::WaitReady(const std::string& name) {
  Service& s = services_.at(name);
  httplib::Client admin("127.0.0.1", s.admin_port);
  admin.set_connection_timeout(std::chrono::milliseconds(200));
  bool ready = Eventually(
      [&] {
        if (!s.process->Running()) {
          return true;  // reported below
        }
        auto res = admin.Get("/readyz");
        return res && res->status == 200;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(50));
  if (!ready || !s.process->Running()) {
    throw std::runtime_error("crm-" + name + " did not become ready; log:\n" + Log(name));
  }
}

void Stack::Stop(const std::string& name) { services_.at(name).process->Terminate(); }

void Stack::Crash(const std::string& name) { services_.at(name).process->Kill(); }

bool Stack::Running(const std::string& name) { return services_.at(name).process->Running(); }

pid_t Stack::Pid(const std::string& name) const {
  const auto& process = services_.at(name).process;
  return process && process->Running() ? process->Pid() : -1;
}

std::string Stack::Log(const std::string& name) const {
  return ReadFileTail(services_.at(name).log, 0, 16 * 1024);
}

}  // namespace crm::testing
