// JWT bearer tokens (common/auth): any authorization header is a principal or an
// AuthenticationError. Random bytes rarely carry a valid signature, so half the inputs are a
// header and claims of the fuzzer's choosing signed with the verifier's own key: that reaches
// the reading of exp, nbf, iss, aud, sub and roles as an attacker holding a leaked key (or an
// identity provider with odd claims) could shape them.
#include <fuzzer/FuzzedDataProvider.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/auth/auth.h"
#include "common/core/base64url.h"

namespace {

namespace auth = crm::common::auth;

constexpr char kSecret[] = "fuzz-secret-0123456789abcdef-0123";

using crm::common::Base64UrlEncode;

std::string SignedToken(std::string_view header, std::string_view claims) {
  const std::string signing_input = Base64UrlEncode(header) + "." + Base64UrlEncode(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), kSecret, static_cast<int>(sizeof(kSecret) - 1),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &mac_size);
  return signing_input + "." +
         Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac), mac_size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const auth::TokenVerifier verifier(
      auth::VerifierConfig{kSecret, "", "expo-crm-dev", auth::kDefaultAudience});
  FuzzedDataProvider input(data, size);
  std::string header;
  if (input.ConsumeBool()) {
    const std::string jose = input.ConsumeBool() ? std::string(R"({"alg":"HS256","typ":"JWT"})")
                                                 : input.ConsumeRandomLengthString(256);
    header = "Bearer " + SignedToken(jose, input.ConsumeRemainingBytesAsString());
  } else {
    header = input.ConsumeRemainingBytesAsString();
  }
  try {
    const auth::Principal principal = verifier.VerifyAuthorizationHeader(header);
    // An accepted token has a subject and has not expired beyond the leeway.
    const auto oldest = std::chrono::system_clock::now() - std::chrono::minutes(1);
    if (principal.subject.empty() || principal.expires_at < oldest) {
      std::abort();
    }
  } catch (const auth::AuthenticationError&) {
  }
  return 0;
}
