#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/gateway/transcoding/api_catalog.h"
#include "services/gateway/transcoding/json_codec.h"

// Builds the gRPC request of an HTTP call by its binding, as Envoy's transcoder does:
//   - the body (JSON) fills the whole request (`body: "*"`) or one field (`body: "contact"`);
//   - path variables set their (possibly nested) fields;
//   - every query parameter sets the field its (dotted) name names, unless the body is "*":
//     repeated fields take repeated parameters, enums take names or numbers, Timestamp and
//     Duration their JSON text, FieldMask a comma-separated list, wrappers their value.
// Problems throw common::ValidationError naming the parameter, which the gateway answers with
// 400 and a google.rpc.BadRequest, like a service does.
namespace crm::gateway {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

class RequestBuilder {
 public:
  RequestBuilder(const ApiCatalog& catalog, const JsonCodec& codec)
      : catalog_(catalog), codec_(codec) {}

  // The serialized request message.
  std::string Build(const ApiMethod& method, const HttpBinding& binding,
                    const std::vector<PathTemplate::Binding>& path, const QueryParams& query,
                    std::string_view body) const;

  // A client-streaming call: the body is a JSON array of request messages (one object is taken
  // as an array of one); path and query fields are set on every message.
  std::vector<std::string> BuildStream(const ApiMethod& method, const HttpBinding& binding,
                                       const std::vector<PathTemplate::Binding>& path,
                                       const QueryParams& query, std::string_view body) const;

 private:
  void Fill(google::protobuf::Message& message, const HttpBinding& binding,
            const std::vector<PathTemplate::Binding>& path, const QueryParams& query,
            std::string_view body) const;

  const ApiCatalog& catalog_;
  const JsonCodec& codec_;
};

// Parses `query` ("a=1&b=x%20y"); names and values percent-decoded, '+' as space.
QueryParams ParseQuery(std::string_view query);

}  // namespace crm::gateway
