#include "common/grpc/tls.h"

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <stdexcept>

#include "common/core/files.h"

namespace crm::common::rpc {
namespace {

std::string ReadPem(const std::string& path) {
  std::string pem = common::ReadWholeFile(path, "the TLS file");
  if (pem.empty()) {
    throw std::runtime_error("the TLS file " + path + " is empty");
  }
  return pem;
}

}  // namespace

std::shared_ptr<grpc::ServerCredentials> ServerCredentials(const common::TlsFiles& files) {
  if (files.cert_file.empty()) {
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions options(
      files.ca_file.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  if (!files.ca_file.empty()) {
    options.pem_root_certs = ReadPem(files.ca_file);
  }
  options.pem_key_cert_pairs.push_back({ReadPem(files.key_file), ReadPem(files.cert_file)});
  return grpc::SslServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(const common::TlsFiles& files) {
  if (files.ca_file.empty()) {
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadPem(files.ca_file);
  if (!files.cert_file.empty()) {
    options.pem_private_key = ReadPem(files.key_file);
    options.pem_cert_chain = ReadPem(files.cert_file);
  }
  return grpc::SslCredentials(options);
}

}  // namespace crm::common::rpc
