#pragma once

#include <openssl/evp.h>

#include <string>
#include <string_view>

// Unpadded base64url (RFC 4648 section 5), as JWTs and page tokens carry their bytes: the fuzz
// targets build such tokens from the fuzzer's bytes.
namespace crm::fuzz {

inline std::string Base64Url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  while (!out.empty() && out.back() == '=') {
    out.pop_back();
  }
  for (char& c : out) {
    if (c == '+') {
      c = '-';
    } else if (c == '/') {
      c = '_';
    }
  }
  return out;
}

}  // namespace crm::fuzz
