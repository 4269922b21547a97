#pragma once

#include <string>

#include "services/gateway/transcoding/api_catalog.h"

// The OpenAPI 3.0 document of the HTTP API, generated from the same descriptors the gateway
// routes by: one operation per HTTP binding (path and query parameters, request body, response,
// the google.rpc.Status error responses), a schema per message and enum, with the protos'
// comments as descriptions.
namespace crm::gateway {

std::string RenderOpenApi(const ApiCatalog& catalog);

// The OpenAPI path of a binding's template: literal segments kept, each `*` of a variable's
// pattern a parameter named after the collection before it (`{name=clients/*}` ->
// `/clients/{client_id}`... see the implementation), a plain `{owner}` kept.
std::string OpenApiPath(const PathTemplate& path);

}  // namespace crm::gateway
