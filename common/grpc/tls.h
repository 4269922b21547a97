#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "common/core/config.h"

// Transport security of gRPC, the same for every server and client of the system: TLS from the PEM
// files of common::TlsFiles (config.h), optionally mutual. Without files, a process speaks
// plaintext, for development and the tests' loopback stacks only.
namespace crm::common::rpc {

// Plaintext when no certificate is configured; otherwise TLS 1.2+ with the files' contents, and a
// client certificate required and verified when a CA is configured. Throws std::runtime_error
// naming a file that cannot be read.
std::shared_ptr<grpc::ServerCredentials> ServerCredentials(const common::TlsFiles& files);

// Plaintext when no CA is configured; otherwise TLS verifying the server against the CA (and its
// name against the address dialled), presenting the client certificate when configured.
std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(const common::TlsFiles& files);

}  // namespace crm::common::rpc
