#pragma once

#include <string>
#include <string_view>
#include <vector>

// The keys a token may be signed with, each named by its key id (`kid`), read from a JSON Web Key
// Set (RFC 7517) as identity providers publish it: several keys at once, so a key rotates without
// rejecting the tokens signed with the one before.
namespace crm::common::auth {

enum class SigningAlgorithm { kHs256, kRs256 };

struct SigningKey {
  std::string kid;  // "" for the one key of a single-key configuration
  SigningAlgorithm algorithm = SigningAlgorithm::kHs256;
  std::string material;  // HS256: the secret's bytes; RS256: the public key in PEM
};

// RFC 7518 §3.2: an HS256 key at least as long as the hash, 256 bits.
inline constexpr std::size_t kMinHs256SecretBytes = 32;
// NIST SP 800-131A: RSA signatures need a modulus of at least 2048 bits.
inline constexpr int kMinRsaModulusBits = 2048;

// The signing keys of a key set: RSA keys ("kty":"RSA", "n", "e") for RS256 and symmetric keys
// ("kty":"oct", "k") for HS256, each with a unique "kid". Keys for encryption ("use":"enc") and
// of other types or algorithms (an identity provider's set often holds some) are skipped. Throws
// std::invalid_argument naming the key and the problem for a malformed set, a weak or broken key,
// a duplicate kid, or a set with no signing key left.
std::vector<SigningKey> ParseJwks(std::string_view json);

}  // namespace crm::common::auth
