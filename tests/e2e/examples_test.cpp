// Every command line README.md and tools/up suggest, run as a newcomer runs them right after
// tools/up: against the whole system with the demo data loaded by crm-demo (as tools/up loads it),
// with the `crm` binary on PATH and the environment .local/env sets. Each must print data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/cli_fixture.h"
#include "tests/support/read_file.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// The command of an example line: from "crm" up to the comment (" # ...").
std::string Command(const std::string& line) {
  std::string command = line.substr(line.find("crm "));
  if (size_t comment = command.find(" #"); comment != std::string::npos) {
    command.erase(comment);
  }
  while (!command.empty() && command.back() == ' ') {
    command.pop_back();
  }
  return command;
}

// The `crm ...` lines of README.md's bash blocks.
std::vector<std::string> ReadmeExamples() {
  std::vector<std::string> commands;
  bool in_bash = false;
  for (const std::string& line :
       Lines(ReadAll(std::filesystem::path(CRM_SOURCE_DIR) / "README.md"))) {
    if (line.starts_with("```")) {
      in_bash = !in_bash && line == "```bash";
      continue;
    }
    if (in_bash && line.starts_with("crm ")) {
      commands.push_back(Command(line));
    }
  }
  return commands;
}

class ExamplesTest : public CliTest {
 protected:
  static void SetUpTestSuite() {
    CliTest::SetUpTestSuite();
    demo_dir_ = new TempDir("crm-demo");
    demo_log_ = demo_dir_->path() / "demo.log";
    // As tools/up does: the loader with its defaults, its output kept for the examples.
    const CliResult demo = Shell("crm-demo > '" + demo_log_.string() + "'");
    ASSERT_EQ(demo.exit_code, 0) << ReadAll(demo_log_) << demo.err;
  }
  static void TearDownTestSuite() {
    delete demo_dir_;
    demo_dir_ = nullptr;
    CliTest::TearDownTestSuite();
  }

  // The examples tools/up prints, from the same shell function.
  static std::vector<std::string> UpExamples() {
    const CliResult printed =
        Shell("source '" + std::string(CRM_SOURCE_DIR) + "/tools/lib/stack.sh' && cli_examples '" +
              demo_log_.string() + "'");
    EXPECT_EQ(printed.exit_code, 0) << printed.output;
    std::vector<std::string> commands;
    for (const std::string& line : Lines(printed.out)) {
      if (line.starts_with("crm ")) {
        commands.push_back(Command(line));
      }
    }
    return commands;
  }

  // Runs one example and checks that it printed data, as a person would judge it.
  static void ExpectData(const std::string& command) {
    SCOPED_TRACE(command);
    const CliResult r = Shell(command);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::vector<std::string> lines = Lines(r.out);
    ASSERT_FALSE(lines.empty()) << r.output;
    // An empty list says so on stderr ("no contacts"); the placeholder identity too.
    for (const std::string& line : Lines(r.err)) {
      EXPECT_FALSE(line.starts_with("no ")) << r.output;
    }
    EXPECT_THAT(r.err, Not(HasSubstr("placeholder"))) << r.output;
    if (command.find("--as ") != std::string::npos) {
      EXPECT_THAT(r.err, HasSubstr("crm: acting as ")) << r.output;
    }
    const bool table = command.find(" -o ") == std::string::npos &&
                       command.find("events tail") == std::string::npos;
    if (command.find("report ") != std::string::npos) {
      // One line per figure, none of them empty, and the manager named, not numbered.
      for (const std::string& line : lines) {
        EXPECT_FALSE(line.ends_with(":")) << r.out;
      }
      EXPECT_THAT(r.out, Not(HasSubstr("employees/"))) << r.out;
    } else if (table) {
      EXPECT_GE(lines.size(), 2u) << "a header and at least one row:\n" << r.out;
    }
    if (command.find("--count 5") != std::string::npos) {
      EXPECT_EQ(lines.size(), 5u) << r.out;
    }
  }

  static TempDir* demo_dir_;
  static std::filesystem::path demo_log_;
};

TempDir* ExamplesTest::demo_dir_ = nullptr;
std::filesystem::path ExamplesTest::demo_log_;

TEST_F(ExamplesTest, EveryReadmeExamplePrintsData) {
  const std::vector<std::string> commands = ReadmeExamples();
  ASSERT_GE(commands.size(), 5u);
  for (const std::string& command : commands) {
    ExpectData(command);
  }
}

TEST_F(ExamplesTest, EveryExampleToolsUpPrintsPrintsData) {
  const std::vector<std::string> commands = UpExamples();
  ASSERT_GE(commands.size(), 5u);
  for (const std::string& command : commands) {
    EXPECT_THAT(command, Not(HasSubstr("<"))) << "a placeholder left in an example";
    ExpectData(command);
  }
}

// Each role acts as the demo employee holding it, named on stderr with their department.
TEST_F(ExamplesTest, AsRoleActsAsTheDemoEmployeeOfThatRole) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"sales_manager", "Белова Екатерина Андреевна"},
      {"sales_head", "Григорьев Павел Олегович"},
      {"analyst", "Никитина Марина Юрьевна"},
      {"accountant", "Лебедева Ольга Николаевна"},
      {"admin", "Соколов Андрей Викторович"}};
  for (const auto& [role, full_name] : expected) {
    const CliResult r = Shell("crm --as " + role + " employees list --page-size 1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.err, HasSubstr("crm: acting as " + full_name + " (employees/")) << role;
  }
  EXPECT_THAT(Shell("crm --as sales_head employees list").err, HasSubstr(", Отдел продаж)"));
  // The head of sales sees the department's managers' contacts, which a placeholder employee
  // (the command line before) did not.
  const CliResult contacts = Shell("crm -o json --as sales_head contacts list --page-size 5");
  EXPECT_EQ(contacts.exit_code, 0) << contacts.output;
  int listed = 0;
  for (const std::string& name : JsonStrings(contacts.out, "name")) {
    listed += name.starts_with("contacts/") ? 1 : 0;
  }
  EXPECT_EQ(listed, 5) << contacts.out;
}

}  // namespace
}  // namespace crm::testing
