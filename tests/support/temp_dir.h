#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace crm::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
// Set CRM_KEEP_TEST_DIRS=1 to keep it for a post-mortem.
class TempDir {
 public:
  // `prefix` becomes part of the directory name so a kept directory is recognisable.
  explicit TempDir(std::string_view prefix = "crm-test");
  ~TempDir();

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  void Remove() noexcept;

  std::filesystem::path path_;
  // A forked copy of the test process (gtest death tests) must not delete the parent's files.
  pid_t owner_pid_ = 0;
};

}  // namespace crm::testing
