#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "common/core/config.h"
#include "tests/support/nats_server.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_pki.h"

// A nats-server of a test's own, secured as in production (docs/operations.md, "Bus security"):
// the deployments' users file (k8s/components/nats-users/crm-users.conf) with a random password
// per user, TLS required, and client certificates of the test CA verified.
namespace crm::testing {

class SecuredNats {
 public:
  // Makes the certificates and passwords and starts the server.
  SecuredNats();

  NatsServer& server() { return *server_; }
  const TestPki& pki() const { return pki_; }
  // A file holding `user`'s password.
  std::filesystem::path PasswordFile(const std::string& user) const;
  // What a process configured as `user` uses: its password file, the CA and a client certificate.
  common::NatsAccess As(const std::string& user) const;
  // Rotates `user`'s password as an operator would: the new one into its file, then the server
  // restarted with it.
  void ChangePassword(const std::string& user);
  // The same as environment variables (CRM_NATS_URL, CRM_NATS_USER, ...), for a service binary.
  std::map<std::string, std::string> EnvFor(const std::string& user) const;

 private:
  TempDir dir_;
  TestPki pki_;
  std::unique_ptr<NatsServer> server_;
};

}  // namespace crm::testing
