#include "common/core/code_page.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <memory>

namespace crm::common {

std::string_view CodePageName(CodePage page) {
  switch (page) {
    case CodePage::kWindows1251:
      return "Windows-1251";
    case CodePage::kCp866:
      return "CP866";
  }
  return "unknown";
}

CodePageError::CodePageError(CodePage page, std::size_t offset)
    : std::runtime_error("not valid " + std::string(CodePageName(page)) + " text (byte " +
                         std::to_string(offset + 1) + ")"),
      offset_(offset) {}

namespace {

const char* IconvName(CodePage page) { return page == CodePage::kWindows1251 ? "CP1251" : "CP866"; }

// `bytes` converted from `from` to `to` (iconv names), about `expected_size` bytes long; `on_error`
// is called with the offset of the first byte that cannot be converted and must throw.
template <class OnError>
std::string Convert(std::string_view bytes, const char* from, const char* to, CodePage page,
                    std::size_t expected_size, OnError on_error) {
  iconv_t cd = iconv_open(to, from);
  // NOLINTNEXTLINE(performance-no-int-to-ptr): (iconv_t)-1 is iconv_open's documented failure.
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw std::runtime_error(std::string(CodePageName(page)) +
                             " text cannot be converted on this server");
  }
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  // A character of either code page takes at most three bytes in UTF-8 ('№', '€').
  constexpr std::size_t kBlock = 64 * 1024;
  std::string out;
  out.reserve(expected_size);
  // The block buffer is as large as the input needs, no larger: short texts (a cell, a line of
  // a statement) are the common case.
  std::string block(std::min(kBlock, std::max<std::size_t>(bytes.size(), 1)) * 3, '\0');
  // iconv takes a non-const input pointer but does not write through it.
  char* in_ptr = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    std::size_t in_block = std::min(in_left, kBlock);
    const std::size_t block_size = in_block;
    char* out_ptr = block.data();
    std::size_t out_left = block.size();
    if (iconv(cd, &in_ptr, &in_block, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) {
      // A UTF-8 character cut by the block's end (EINVAL) is converted with the next block; an
      // invalid byte, or a cut character at the very end of the input, is the caller's error.
      const bool cut_by_block = errno == EINVAL && block_size < in_left;
      if (!cut_by_block) {
        on_error(bytes.size() - in_left + block_size - in_block);
      }
    }
    in_left -= block_size - in_block;
    out.append(block.data(), block.size() - out_left);
  }
  return out;
}

}  // namespace

std::string ToUtf8(std::string_view bytes, CodePage from) {
  // Cyrillic letters take two bytes in UTF-8, Latin ones and digits one.
  return Convert(bytes, IconvName(from), "UTF-8", from, bytes.size() * 2,
                 [&](std::size_t offset) { throw CodePageError(from, offset); });
}

std::string FromUtf8(std::string_view text, CodePage to) {
  return Convert(text, "UTF-8", IconvName(to), to, text.size(), [&](std::size_t offset) {
    throw std::runtime_error("the text has no " + std::string(CodePageName(to)) + " form (byte " +
                             std::to_string(offset + 1) + ")");
  });
}

}  // namespace crm::common
