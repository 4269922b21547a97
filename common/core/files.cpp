#include "common/core/files.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace crm::common {

std::string ReadWholeFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (in) {
    content << in.rdbuf();
  }
  if (!in || in.bad()) {
    throw std::runtime_error("cannot read " + std::string(what) + " " + path);
  }
  return content.str();
}

}  // namespace crm::common
