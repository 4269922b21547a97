#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

// Text in the single-byte Cyrillic code pages Russian office and banking software still writes
// (Windows-1251, and DOS's CP866 in bank-client exchange files), converted to UTF-8 with iconv.
namespace crm::common {

enum class CodePage {
  kWindows1251,  // "Windows": every byte but 0x98 is a character
  kCp866,        // "DOS": every byte is a character
};

// The code page's usual name in messages: "Windows-1251", "CP866".
std::string_view CodePageName(CodePage page);

// A byte the code page has no character for.
class CodePageError : public std::runtime_error {
 public:
  CodePageError(CodePage page, std::size_t offset);
  // 0-based offset of the offending byte in the input.
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

// `bytes` in `from`, as UTF-8. Converted a block at a time, so the only large allocation is the
// text itself. Throws CodePageError at the first byte without a character, or std::runtime_error
// when this system's iconv lacks the code page.
std::string ToUtf8(std::string_view bytes, CodePage from);

// UTF-8 `text` in the code page `to`, as a bank client or 1C writes it. Throws std::runtime_error
// at the first character the code page has none for, or when `text` is not UTF-8.
std::string FromUtf8(std::string_view text, CodePage to);

}  // namespace crm::common
