#include "common/core/paging.h"

#include "common/core/errors.h"

namespace crm::common {
namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// A fixed prefix so a token from another API or a typo is rejected, not misread.
constexpr std::string_view kMagic = "crm1:";

int Index(char c) {
  for (int i = 0; i < 64; ++i) {
    if (kAlphabet[i] == c) {
      return i;
    }
  }
  return -1;
}
}  // namespace

int PageSize(int requested, const char* field) {
  return PageSizeUpTo(requested, kMaxPageSize, field);
}

int PageSizeUpTo(int requested, int maximum, const char* field) {
  if (requested < 0) {
    throw ValidationError(field, "must not be negative");
  }
  if (requested == 0) {
    return kDefaultPageSize;
  }
  return requested > maximum ? maximum : requested;
}

std::string EncodePageToken(std::string_view key) {
  std::string in(kMagic);
  in += key;
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (unsigned char c : in) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kAlphabet[(bits >> count) & 0x3F];
    }
  }
  if (count > 0) {
    out += kAlphabet[(bits << (6 - count)) & 0x3F];
  }
  return out;
}

std::string DecodePageToken(std::string_view token, const char* field) {
  if (token.empty()) {
    return {};
  }
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : token) {
    int v = Index(c);
    if (v < 0) {
      throw ValidationError(field, "is not a page token returned by this API");
    }
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  if (out.substr(0, kMagic.size()) != kMagic) {
    throw ValidationError(field, "is not a page token returned by this API");
  }
  return out.substr(kMagic.size());
}

}  // namespace crm::common
