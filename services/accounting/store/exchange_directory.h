#pragma once

#include <filesystem>
#include <string>

// The directory 1C's exchange job reads packages from (CRM_EXCHANGE_DIR).
namespace crm::accounting {

class ExchangeDirectory {
 public:
  // Creates the directory (and its parents) when missing; throws std::runtime_error when it
  // cannot be created or is not a directory.
  explicit ExchangeDirectory(std::filesystem::path path);

  const std::filesystem::path& path() const { return path_; }

  // Writes `content` as `file_name` so that a reader never sees part of it: the bytes go to
  // ".tmp-<file_name>" in the same directory, are fsynced, and the file is renamed over the final
  // name (atomic on one file system); then the directory is fsynced so the rename survives a
  // crash. Rewriting an existing file with the same bytes is harmless. Throws std::runtime_error
  // with the errno text on any failure, leaving no temporary file behind.
  void WriteAtomically(const std::string& file_name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace crm::accounting
