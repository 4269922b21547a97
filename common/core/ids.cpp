#include "common/core/ids.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "common/core/name_uuid.h"

namespace crm::common {

namespace {

// The canonical text of 16 bytes with the version nibble and the RFC 4122 variant set.
std::string FormatUuid(std::array<unsigned char, 16> b, int version) {
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | (version << 4));
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  std::size_t at = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      ++at;  // the dash already there
    }
    out[at++] = kHex[b[i] >> 4];
    out[at++] = kHex[b[i] & 0x0F];
  }
  return out;
}

// Random bytes for version 4 UUIDs, drawn from OpenSSL's generator 4 KiB at a time per thread:
// one RAND_bytes call per UUID cost more than the rest of making it. A child process (a fork)
// draws afresh, so it never repeats its parent's bytes.
void RandomUuidBytes(std::array<unsigned char, 16>& bytes) {
  struct Reserve {
    std::array<unsigned char, 4096> bytes{};
    std::size_t used = 4096;
    pid_t owner = 0;
  };
  thread_local Reserve reserve;
  const pid_t self = getpid();
  if (reserve.used + bytes.size() > reserve.bytes.size() || reserve.owner != self) {
    if (RAND_bytes(reserve.bytes.data(), static_cast<int>(reserve.bytes.size())) != 1) {
      throw std::runtime_error("no randomness for a UUID");
    }
    reserve.used = 0;
    reserve.owner = self;
  }
  std::copy_n(reserve.bytes.begin() + static_cast<std::ptrdiff_t>(reserve.used), bytes.size(),
              bytes.begin());
  // Bytes handed out are not kept.
  std::fill_n(reserve.bytes.begin() + static_cast<std::ptrdiff_t>(reserve.used), bytes.size(), 0);
  reserve.used += bytes.size();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  return (c | 0x20) - 'a' + 10;
}

}  // namespace

std::string NewUuid() {
  std::array<unsigned char, 16> b{};
  RandomUuidBytes(b);
  return FormatUuid(b, 4);
}

std::string NameUuid(std::string_view namespace_uuid, std::string_view name) {
  if (!IsUuid(namespace_uuid)) {
    throw std::invalid_argument("not a UUID: " + std::string(namespace_uuid));
  }
  std::string input;
  input.reserve(16 + name.size());
  for (std::size_t i = 0; i < namespace_uuid.size(); ++i) {
    if (namespace_uuid[i] != '-') {
      input +=
          static_cast<char>(HexValue(namespace_uuid[i]) * 16 + HexValue(namespace_uuid[i + 1]));
      ++i;
    }
  }
  input.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 failed");
  }
  std::array<unsigned char, 16> b{};
  std::copy(digest, digest + b.size(), b.begin());
  return FormatUuid(b, 5);
}

bool IsUuid(std::string_view t) {
  if (t.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') {
        return false;
      }
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::string ResourceName(std::string_view collection, std::string_view id) {
  std::string out(collection);
  out += '/';
  out += id;
  return out;
}

std::optional<std::string> ParseResourceId(std::string_view name, std::string_view collection) {
  if (name.size() <= collection.size() + 1 || name.substr(0, collection.size()) != collection ||
      name[collection.size()] != '/') {
    return std::nullopt;
  }
  auto id = name.substr(collection.size() + 1);
  if (!IsUuid(id)) {
    return std::nullopt;
  }
  return std::string(id);
}

std::optional<std::pair<std::string, std::string>> ParseChildResourceId(
    std::string_view name, std::string_view parent_collection, std::string_view child_collection) {
  auto parent_end = parent_collection.size() + 1 + 36;
  if (name.size() <= parent_end) {
    return std::nullopt;
  }
  auto parent = ParseResourceId(name.substr(0, parent_end), parent_collection);
  if (!parent || name[parent_end] != '/') {
    return std::nullopt;
  }
  auto child = ParseResourceId(name.substr(parent_end + 1), child_collection);
  if (!child) {
    return std::nullopt;
  }
  return std::make_pair(*parent, *child);
}

}  // namespace crm::common
