#pragma once

#include <string>

// Generated Russian requisites for tests and benchmarks that need many distinct, valid ones.
namespace crm::testing {

// A checksum-valid 10-digit INN (a legal entity's) made from a 9-digit body.
inline std::string LegalEntityInn(int body) {
  std::string digits = std::to_string(100000000 + body % 900000000);
  static constexpr int kWeights[] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    sum += (digits[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  }
  return digits + std::to_string(sum % 11 % 10);
}

}  // namespace crm::testing
