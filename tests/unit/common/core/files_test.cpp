// ReadWholeFile: the one way services and tools read a whole file (keys, certificates, the
// descriptor set, statements), and DecodeUtf8At, the one UTF-8 decoder.
#include "common/core/files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "common/core/text.h"

namespace crm::common {
namespace {

TEST(Files, ReadsEveryByteOfTheFile) {
  const auto path =
      std::filesystem::temp_directory_path() / ("crm-files-test-" + std::to_string(getpid()));
  const std::string bytes = std::string("ключ\0\r\n\xff", 12);
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_EQ(ReadWholeFile(path.string(), "the key"), bytes);
  { const std::ofstream emptied(path, std::ios::binary | std::ios::trunc); }
  EXPECT_EQ(ReadWholeFile(path.string(), "the key"), "");
  std::filesystem::remove(path);
}

TEST(Files, AMissingFileIsNamedWithWhatItIsForAndNothingElse) {
  try {
    ReadWholeFile("/nonexistent/jwks.json", "CRM_JWT_JWKS_FILE");
    ADD_FAILURE() << "read a missing file";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "cannot read CRM_JWT_JWKS_FILE /nonexistent/jwks.json");
  }
}

TEST(Utf8, DecodesEachFormAndRefusesWhatIsNotWellFormed) {
  uint32_t code = 0;
  EXPECT_EQ(DecodeUtf8At("a", 0, &code), 1U);
  EXPECT_EQ(code, 0x61U);
  EXPECT_EQ(DecodeUtf8At("xж", 1, &code), 2U);
  EXPECT_EQ(code, 0x436U);
  EXPECT_EQ(DecodeUtf8At("€", 0, &code), 3U);
  EXPECT_EQ(code, 0x20ACU);
  EXPECT_EQ(DecodeUtf8At("\xF0\x9F\x98\x80", 0, &code), 4U);
  EXPECT_EQ(code, 0x1F600U);
  EXPECT_EQ(DecodeUtf8At("\xC0\xAF", 0, &code), 0U);          // overlong '/'
  EXPECT_EQ(DecodeUtf8At("\xED\xA0\x80", 0, &code), 0U);      // a surrogate
  EXPECT_EQ(DecodeUtf8At("\xF4\x90\x80\x80", 0, &code), 0U);  // above U+10FFFF
  EXPECT_EQ(DecodeUtf8At("\xD0", 0, &code), 0U);              // cut short
  EXPECT_EQ(DecodeUtf8At("\x80", 0, &code), 0U);              // a continuation byte first
}

}  // namespace
}  // namespace crm::common
