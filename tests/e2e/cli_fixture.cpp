#include "tests/e2e/cli_fixture.h"

#include <stdlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>
#include <thread>
#include <utility>

#include "tests/support/service_harness.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

std::string Quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace

Stack* CliTest::stack_ = nullptr;

void CliTest::SetUpTestSuite() {
  stack_ = new Stack();
  const std::vector<std::pair<const char*, const char*>> addresses = {
      {"CRM_REGISTRY_ADDR", "registry"},
      {"CRM_PLANNING_ADDR", "planning"},
      {"CRM_DOCUMENTS_ADDR", "documents"},
      {"CRM_ACCOUNTING_ADDR", "accounting"},
      {"CRM_ANALYTICS_ADDR", "analytics"}};
  for (const auto& [variable, service] : addresses) {
    setenv(variable, stack_->Address(service).c_str(), 1);
  }
  setenv("CRM_NATS_URL", stack_->nats_url().c_str(), 1);
  setenv("CRM_JWT_HS256_SECRET", kTestJwtSecret, 1);
  setenv("CRM_JWT_AUDIENCE", common::auth::kDefaultAudience, 1);
  unsetenv("CRM_TOKEN");
  const char* path = getenv("PATH");
  setenv("PATH",
         (std::string(CRM_BIN_DIR) + ":" + (path == nullptr ? "/usr/bin:/bin" : path)).c_str(), 1);
}

void CliTest::TearDownTestSuite() {
  delete stack_;
  stack_ = nullptr;
}

CliResult CliTest::Shell(const std::string& command) {
  CliResult result;
  const TempDir dir("crm-cli");
  const std::string err_file = (dir.path() / "stderr").string();
  FILE* pipe = popen(("bash -c " + Quote(command) + " 2>" + Quote(err_file)).c_str(), "r");
  if (pipe == nullptr) {
    return result;
  }
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.out.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file, std::ios::binary);
  result.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
  result.output = result.out + result.err;
  return result;
}

CliResult CliTest::Crm(const std::string& role, const std::string& subject,
                       const std::vector<std::string>& args) {
  const bool format_given = std::find(args.begin(), args.end(), "-o") != args.end() ||
                            std::find(args.begin(), args.end(), "--output") != args.end();
  std::string command =
      Quote(std::string(CRM_BIN_DIR) + "/crm") + (format_given ? "" : " -o json") + " --as " + role;
  if (!subject.empty()) {
    command += " --subject " + Quote(subject);
  }
  for (const auto& arg : args) {
    command += " " + Quote(arg);
  }
  return Shell(command);
}

std::string CliTest::Ok(const std::string& role, const std::string& subject,
                        const std::vector<std::string>& args) {
  const CliResult r = Crm(role, subject, args);
  std::string line;
  for (const auto& a : args) {
    line += a + " ";
  }
  EXPECT_EQ(r.exit_code, 0) << "crm " << line << "\n" << r.output;
  return r.out;
}

std::string CliTest::OkOnceKnown(const std::string& role, const std::string& subject,
                                 const std::vector<std::string>& args) {
  for (int i = 0; i < 100; ++i) {
    const CliResult r = Crm(role, subject, args);
    if (r.exit_code == 0 || r.output.find("NOT_FOUND") == std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return Ok(role, subject, args);
}

std::string CliTest::FirstName(const std::string& output, const std::string& collection) {
  std::smatch m;
  const std::regex re(collection + "/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  return std::regex_search(output, m, re) ? m.str() : "";
}

std::string CliTest::JsonString(const std::string& output, const std::string& key) {
  const std::vector<std::string> values = JsonStrings(output, key);
  return values.empty() ? "" : values.front();
}

std::vector<std::string> CliTest::JsonStrings(const std::string& output, const std::string& key) {
  std::vector<std::string> values;
  const std::regex re("\"" + key + "\": *\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(output.begin(), output.end(), re);
       it != std::sregex_iterator(); ++it) {
    values.push_back(it->str(1));
  }
  return values;
}

}  // namespace crm::testing
