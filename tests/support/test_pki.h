#pragma once

#include <filesystem>

#include "common/core/config.h"

// A certificate authority and certificates made with the openssl command for the tests of gRPC's
// transport security: a server certificate for localhost and 127.0.0.1, a client certificate, and
// a second, unrelated CA whose certificates nobody trusts.
namespace crm::testing {

struct TestPki {
  std::filesystem::path ca_cert;
  std::filesystem::path server_cert, server_key;
  std::filesystem::path client_cert, client_key;
  // Signed by another CA: a server or client presenting it is refused.
  std::filesystem::path stranger_ca_cert;
  std::filesystem::path stranger_cert, stranger_key;

  // A server's files: TLS, and mutual TLS when `mutual`.
  common::TlsFiles Server(bool mutual) const;
  // A client trusting the CA, presenting the client certificate when `with_certificate`.
  common::TlsFiles Client(bool with_certificate) const;
};

// Writes the keys and certificates (P-256, valid two days) into `dir`; throws std::runtime_error
// with openssl's output when a step fails.
TestPki MakeTestPki(const std::filesystem::path& dir);

}  // namespace crm::testing
