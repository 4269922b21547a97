#include "tests/support/secured_nats.h"

#include <fstream>

#include "common/core/ids.h"
#include "tests/support/read_file.h"

namespace crm::testing {
namespace {

// The users of crm-users.conf; each one's password is $CRM_NATS_PASSWORD_<USER>.
const char* const kUsers[] = {"registry",   "planning",  "documents",
                              "accounting", "analytics", "operator"};

std::string PasswordVariable(std::string user) {
  for (char& c : user) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return "CRM_NATS_PASSWORD_" + user;
}

}  // namespace

SecuredNats::SecuredNats() : dir_("crm-secured-nats"), pki_(MakeTestPki(dir_.path())) {
  NatsServer::Secured secured;
  secured.host = "localhost";  // the name in the server's certificate
  secured.config =
      "tls {\n  cert_file: \"" + pki_.server_cert.string() + "\"\n  key_file: \"" +
      pki_.server_key.string() + "\"\n  ca_file: \"" + pki_.ca_cert.string() +
      "\"\n  verify: true\n}\n" +
      ReadAll(std::filesystem::path(CRM_SOURCE_DIR) / "k8s/components/nats-users/crm-users.conf");
  for (const char* user : kUsers) {
    const std::string password = "pw-" + common::NewUuid();
    secured.env[PasswordVariable(user)] = password;
    std::ofstream(PasswordFile(user)) << password << "\n";
  }
  server_ = std::make_unique<NatsServer>(dir_.path() / "nats-server.log", std::move(secured));
  server_->Start();
}

void SecuredNats::ChangePassword(const std::string& user) {
  const std::string password = "pw-" + common::NewUuid();
  std::ofstream(PasswordFile(user)) << password << "\n";
  server_->Stop();
  server_->SetEnv(PasswordVariable(user), password);
  server_->Start();
}

std::filesystem::path SecuredNats::PasswordFile(const std::string& user) const {
  return dir_.path() / (user + ".password");
}

common::NatsAccess SecuredNats::As(const std::string& user) const {
  common::NatsAccess access(server_->Url());
  access.user = user;
  access.password_file = PasswordFile(user).string();
  access.tls = pki_.Client(/*with_certificate=*/true);
  return access;
}

std::map<std::string, std::string> SecuredNats::EnvFor(const std::string& user) const {
  const common::NatsAccess access = As(user);
  return {{"CRM_NATS_URL", access.url},
          {"CRM_NATS_USER", access.user},
          {"CRM_NATS_PASSWORD_FILE", access.password_file},
          {"CRM_NATS_TLS_CA_FILE", access.tls.ca_file},
          {"CRM_NATS_TLS_CERT_FILE", access.tls.cert_file},
          {"CRM_NATS_TLS_KEY_FILE", access.tls.key_file}};
}

}  // namespace crm::testing
