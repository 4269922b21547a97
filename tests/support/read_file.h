#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace crm::testing {

// The whole of a file a test or the program under test wrote; "" when it cannot be read.
inline std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace crm::testing
