#include "tests/support/test_pki.h"

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace crm::testing {
namespace {

void Openssl(const std::filesystem::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "openssl");
  const std::filesystem::path log = dir / "openssl.log";
  ChildProcess process(args, {}, log, ChildProcess::Options{dir, ""});
  if (process.Wait() != 0) {
    throw std::runtime_error("openssl " + args[1] + " failed:\n" + ReadFile(log));
  }
}

// A CA: a self-signed certificate and its key, "<name>.crt" and "<name>.key".
void MakeCa(const std::filesystem::path& dir, const std::string& name) {
  Openssl(dir, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj",
                "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                "keyUsage=critical,keyCertSign,cRLSign"});
}

// A leaf "<name>.crt" / "<name>.key" signed by the CA "<ca>" with the extensions `extensions`.
void MakeLeaf(const std::filesystem::path& dir, const std::string& name, const std::string& ca,
              const std::string& extensions) {
  std::ofstream(dir / (name + ".ext")) << extensions;
  Openssl(dir, {"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name});
  Openssl(dir, {"x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                "-CAcreateserial", "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext"});
}

}  // namespace

common::TlsFiles TestPki::Server(bool mutual) const {
  return {server_cert.string(), server_key.string(), mutual ? ca_cert.string() : ""};
}

common::TlsFiles TestPki::Client(bool with_certificate) const {
  if (!with_certificate) {
    return {"", "", ca_cert.string()};
  }
  return {client_cert.string(), client_key.string(), ca_cert.string()};
}

TestPki MakeTestPki(const std::filesystem::path& dir) {
  MakeCa(dir, "crm-test-ca");
  MakeCa(dir, "stranger-ca");
  const std::string server =
      "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n";
  const std::string client = "extendedKeyUsage=clientAuth\n";
  MakeLeaf(dir, "crm-registry", "crm-test-ca", server);
  MakeLeaf(dir, "crm-gateway", "crm-test-ca", client);
  MakeLeaf(dir, "stranger", "stranger-ca",
           "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
  TestPki pki;
  pki.ca_cert = dir / "crm-test-ca.crt";
  pki.server_cert = dir / "crm-registry.crt";
  pki.server_key = dir / "crm-registry.key";
  pki.client_cert = dir / "crm-gateway.crt";
  pki.client_key = dir / "crm-gateway.key";
  pki.stranger_ca_cert = dir / "stranger-ca.crt";
  pki.stranger_cert = dir / "stranger.crt";
  pki.stranger_key = dir / "stranger.key";
  return pki;
}

}  // namespace crm::testing
