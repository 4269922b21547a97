// `buf breaking` against the committed baseline image (proto/baseline.binpb) is what makes an
// incompatible contract change fail CI. These tests run it on a copy of the proto tree: as
// committed it passes, a deliberately breaking edit fails (exit code 100 and the rule named), a
// compatible edit passes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace crm::testing {
namespace {

namespace fs = std::filesystem;

// buf's exit code when it found breaking changes (1 would be a failure to build the input).
constexpr int kBreakingChangesFound = 100;

class BufBreaking : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path source = CRM_SOURCE_DIR;
    buf_ = source / "node_modules/.bin/buf";
    baseline_ = source / "proto/baseline.binpb";
    ASSERT_TRUE(fs::exists(buf_)) << buf_ << " is missing: run tools/bootstrap (npm ci)";
    ASSERT_TRUE(fs::exists(baseline_)) << baseline_;
    fs::copy_file(source / "buf.yaml", dir_.path() / "buf.yaml");
    fs::copy(source / "proto", dir_.path() / "proto", fs::copy_options::recursive);
    // The workspace's second module (Google API protos) is read from node_modules.
    fs::create_directory_symlink(source / "node_modules", dir_.path() / "node_modules");
  }

  fs::path Proto(const std::string& relative) const { return dir_.path() / "proto" / relative; }

  // Replaces the one occurrence of `from` in a proto file of the copy.
  void Edit(const std::string& relative, const std::string& from, const std::string& to) const {
    std::string text = ReadFile(Proto(relative));
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << relative << " no longer contains: " << from;
    ASSERT_EQ(text.find(from, at + 1), std::string::npos) << relative << " repeats: " << from;
    text.replace(at, from.size(), to);
    std::ofstream(Proto(relative), std::ios::trunc) << text;
  }

  // Runs `buf breaking proto --against <baseline>` in the copy; its output goes to `output_`.
  int Breaking() {
    fs::path log = dir_.path() / "buf.log";
    fs::remove(log);
    ChildProcess buf({buf_.string(), "breaking", "proto", "--against", baseline_.string()}, {}, log,
                     {.working_dir = dir_.path(), .run_as_user = {}});
    int code = buf.Wait();
    output_ = ReadFile(log);
    return code;
  }

  TempDir dir_{"crm-buf-breaking"};
  fs::path buf_;
  fs::path baseline_;
  std::string output_;
};

TEST_F(BufBreaking, TheTreeAsCommittedIsCompatibleWithTheBaseline) {
  EXPECT_EQ(Breaking(), 0) << output_;
}

TEST_F(BufBreaking, RenamingAFieldFails) {
  Edit("crm/common/v1/money.proto", "int64 minor_units = 2;", "int64 minor_amount = 2;");
  EXPECT_EQ(Breaking(), kBreakingChangesFound) << output_;
  EXPECT_NE(output_.find(R"(changed name from "minor_units" to "minor_amount")"), std::string::npos)
      << output_;
  EXPECT_NE(output_.find(R"(changed option "json_name" from "minorUnits")"), std::string::npos)
      << output_;
}

TEST_F(BufBreaking, RenumberingAFieldFails) {
  Edit("crm/common/v1/money.proto", "string currency_code = 1;", "string currency_code = 3;");
  EXPECT_EQ(Breaking(), kBreakingChangesFound) << output_;
  EXPECT_NE(output_.find(R"(Previously present field "1" with name "currency_code")"),
            std::string::npos)
      << output_;
}

TEST_F(BufBreaking, RemovingAnRpcFails) {
  Edit("crm/accounting/v1/accounting.proto", "rpc GetExport(GetExportRequest)",
       "rpc FetchExport(GetExportRequest)");
  EXPECT_EQ(Breaking(), kBreakingChangesFound) << output_;
  EXPECT_NE(output_.find(R"("GetExport" on service "AccountingService" was deleted)"),
            std::string::npos)
      << output_;
}

TEST_F(BufBreaking, AddingAFieldPasses) {
  Edit("crm/common/v1/money.proto", "int64 minor_units = 2;",
       "int64 minor_units = 2;\n  string note = 3;");
  EXPECT_EQ(Breaking(), 0) << output_;
}

// The check works per package (buf.yaml): a message may move to another file of its package.
TEST_F(BufBreaking, MovingAMessageToAnotherFileOfItsPackagePasses) {
  const std::string moved =
      "message ListExportsRequest {\n  int32 page_size = 1;\n  string page_token = 2;\n}\n";
  Edit("crm/accounting/v1/accounting.proto", moved, "");
  Edit("crm/accounting/v1/accounting.proto", "package crm.accounting.v1;\n",
       "package crm.accounting.v1;\n\nimport \"crm/accounting/v1/export_paging.proto\";\n");
  std::ofstream(Proto("crm/accounting/v1/export_paging.proto"))
      << "syntax = \"proto3\";\n\npackage crm.accounting.v1;\n\n"
      << moved;
  EXPECT_EQ(Breaking(), 0) << output_;
}

}  // namespace
}  // namespace crm::testing
