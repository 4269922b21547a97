#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/e2e/stack.h"

// The fixture of the `crm` command-line tests: one whole system per suite, and the real binary
// run with the environment `tools/up` prints (service addresses and the development token
// secret), its output checked as a person would read it.
namespace crm::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;     // stdout
  std::string err;     // stderr
  std::string output;  // stdout, then stderr: what a failed command said, wherever it said it
};

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  // Runs a bash command line with the suite's environment (the `crm` binary first on PATH).
  static CliResult Shell(const std::string& command);
  // Runs `crm -o json --as <roles> --subject <subject> args...`: the tests read the responses as
  // JSON, as scripts do. Pass "-o", "table" (or "yaml") in `args` for another format.
  static CliResult Crm(const std::string& role, const std::string& subject,
                       const std::vector<std::string>& args);
  // Crm() that must succeed; returns its stdout (the output on failure names the command).
  static std::string Ok(const std::string& role, const std::string& subject,
                        const std::vector<std::string>& args);
  // Ok() for a call that refers to what planning learns from registry events: retried while
  // planning has not seen it yet (NOT_FOUND), for up to 20 s.
  static std::string OkOnceKnown(const std::string& role, const std::string& subject,
                                 const std::vector<std::string>& args);

  // The first resource name of `collection` ("sales/<uuid>") in a command's output.
  static std::string FirstName(const std::string& output, const std::string& collection);
  // The first string value of `key` in a command's JSON output ("" when there is none).
  static std::string JsonString(const std::string& output, const std::string& key);
  // Every string value of `key` in a command's JSON output, in order.
  static std::vector<std::string> JsonStrings(const std::string& output, const std::string& key);
  static std::string Etag(const std::string& output) { return JsonString(output, "etag"); }

  static Stack* stack_;
};

}  // namespace crm::testing
