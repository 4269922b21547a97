#include "services/gateway/envoy_config.h"

#include <yaml-cpp/yaml.h>

namespace crm::gateway {
namespace {

YAML::Node TypedConfig(const std::string& type) {
  YAML::Node node;
  node["@type"] = "type.googleapis.com/" + type;
  return node;
}

YAML::Node SocketAddress(const std::string& host, int port) {
  YAML::Node node;
  node["socket_address"]["address"] = host;
  node["socket_address"]["port_value"] = port;
  return node;
}

std::string ClusterOf(const std::string& backend) { return "crm-" + backend; }

}  // namespace

std::string RenderEnvoyConfig(const ApiCatalog& catalog, const EnvoyOptions& options) {
  YAML::Node root;
  root["admin"]["address"] = SocketAddress("127.0.0.1", options.admin_port);

  // Routes: the transcoder rewrites a matched request to POST /<package>.<Service>/<Method>, so
  // routes match gRPC paths. Streaming methods first, without a timeout.
  YAML::Node routes;
  for (const auto& method : catalog.methods()) {
    if (!method.server_streaming() && !method.client_streaming()) {
      continue;
    }
    YAML::Node route;
    route["match"]["path"] = method.grpc_path;
    route["route"]["cluster"] = ClusterOf(method.backend);
    route["route"]["timeout"] = "0s";
    route["route"]["idle_timeout"] = "3600s";
    routes.push_back(route);
  }
  std::vector<std::string> services = catalog.ServiceNames();
  for (const auto& service : services) {
    const auto* descriptor = catalog.pool().FindServiceByName(service);
    YAML::Node route;
    route["match"]["prefix"] = "/" + service + "/";
    route["route"]["cluster"] = ClusterOf(BackendOfPackage(descriptor->file()->package()));
    route["route"]["timeout"] = std::to_string(options.timeout_seconds) + "s";
    routes.push_back(route);
  }

  YAML::Node virtual_host;
  virtual_host["name"] = "crm";
  virtual_host["domains"].push_back("*");
  virtual_host["routes"] = routes;
  if (!options.cors_origins.empty()) {
    YAML::Node cors = TypedConfig("envoy.extensions.filters.http.cors.v3.CorsPolicy");
    for (const auto& origin : options.cors_origins) {
      YAML::Node matcher;
      matcher["exact"] = origin;
      cors["allow_origin_string_match"].push_back(matcher);
    }
    cors["allow_methods"] = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    cors["allow_headers"] = "authorization, content-type, accept, x-request-id";
    cors["expose_headers"] = "x-request-id, retry-after, content-disposition";
    cors["max_age"] = "600";
    virtual_host["typed_per_filter_config"]["envoy.filters.http.cors"] = cors;
  }

  YAML::Node transcoder =
      TypedConfig("envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder");
  transcoder["proto_descriptor"] = options.descriptor_path;
  for (const auto& service : services) {
    transcoder["services"].push_back(service);
  }
  // The crm-gateway's JSON: lowerCamelCase names, enums by name, defaults left out.
  transcoder["print_options"]["add_whitespace"] = false;
  transcoder["print_options"]["always_print_primitive_fields"] = false;
  transcoder["print_options"]["always_print_enums_as_ints"] = false;
  transcoder["print_options"]["preserve_proto_field_names"] = false;
  // Errors as a google.rpc.Status JSON body with the mapped HTTP status.
  transcoder["convert_grpc_status"] = true;
  transcoder["request_validation_options"]["reject_unknown_method"] = true;
  transcoder["request_validation_options"]["reject_unknown_query_parameters"] = true;
  transcoder["max_request_body_size"] = static_cast<uint64_t>(options.max_request_bytes);

  YAML::Node filters;
  YAML::Node cors_filter;
  cors_filter["name"] = "envoy.filters.http.cors";
  cors_filter["typed_config"] = TypedConfig("envoy.extensions.filters.http.cors.v3.Cors");
  filters.push_back(cors_filter);
  YAML::Node transcoder_filter;
  transcoder_filter["name"] = "envoy.filters.http.grpc_json_transcoder";
  transcoder_filter["typed_config"] = transcoder;
  filters.push_back(transcoder_filter);
  YAML::Node router;
  router["name"] = "envoy.filters.http.router";
  router["typed_config"] = TypedConfig("envoy.extensions.filters.http.router.v3.Router");
  filters.push_back(router);

  YAML::Node hcm = TypedConfig(
      "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager");
  hcm["stat_prefix"] = "crm_gateway";
  hcm["codec_type"] = "AUTO";  // HTTP/1.1 and HTTP/2
  hcm["generate_request_id"] = true;
  hcm["use_remote_address"] = true;
  hcm["route_config"]["name"] = "crm";
  hcm["route_config"]["virtual_hosts"].push_back(virtual_host);
  hcm["http_filters"] = filters;
  YAML::Node access_log;
  access_log["name"] = "envoy.access_loggers.stdout";
  access_log["typed_config"] =
      TypedConfig("envoy.extensions.access_loggers.stream.v3.StdoutAccessLog");
  access_log["typed_config"]["log_format"]["json_format"]["method"] = "%REQ(:METHOD)%";
  access_log["typed_config"]["log_format"]["json_format"]["path"] =
      "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%";
  access_log["typed_config"]["log_format"]["json_format"]["status"] = "%RESPONSE_CODE%";
  access_log["typed_config"]["log_format"]["json_format"]["grpc_status"] = "%GRPC_STATUS%";
  access_log["typed_config"]["log_format"]["json_format"]["duration_ms"] = "%DURATION%";
  access_log["typed_config"]["log_format"]["json_format"]["request_id"] = "%REQ(X-REQUEST-ID)%";
  hcm["access_log"].push_back(access_log);

  YAML::Node network_filter;
  network_filter["name"] = "envoy.filters.network.http_connection_manager";
  network_filter["typed_config"] = hcm;
  YAML::Node chain;
  chain["filters"].push_back(network_filter);
  YAML::Node listener;
  listener["name"] = "crm_http";
  listener["address"] = SocketAddress("0.0.0.0", options.listen_port);
  listener["filter_chains"].push_back(chain);
  root["static_resources"]["listeners"].push_back(listener);

  for (const auto& backend : catalog.Backends()) {
    std::string address = "crm-" + backend + ":50051";
    if (auto it = options.backends.find(backend); it != options.backends.end()) {
      address = it->second;
    }
    auto colon = address.rfind(':');
    YAML::Node cluster;
    cluster["name"] = ClusterOf(backend);
    cluster["type"] = "STRICT_DNS";
    cluster["lb_policy"] = "ROUND_ROBIN";
    cluster["connect_timeout"] = "2s";
    YAML::Node protocol = TypedConfig("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
    protocol["explicit_http_config"]["http2_protocol_options"] = YAML::Node(YAML::NodeType::Map);
    cluster["typed_extension_protocol_options"]
           ["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"] = protocol;
    YAML::Node endpoint;
    endpoint["endpoint"]["address"] =
        SocketAddress(address.substr(0, colon), std::stoi(address.substr(colon + 1)));
    YAML::Node locality;
    locality["lb_endpoints"].push_back(endpoint);
    cluster["load_assignment"]["cluster_name"] = ClusterOf(backend);
    cluster["load_assignment"]["endpoints"].push_back(locality);
    YAML::Node health;
    health["timeout"] = "2s";
    health["interval"] = "5s";
    health["unhealthy_threshold"] = 2;
    health["healthy_threshold"] = 1;
    health["grpc_health_check"] = YAML::Node(YAML::NodeType::Map);
    cluster["health_checks"].push_back(health);
    root["static_resources"]["clusters"].push_back(cluster);
  }

  YAML::Emitter out;
  out << YAML::Comment(
      "Expo CRM: Envoy serving the HTTP/JSON API by gRPC-JSON transcoding. Rendered by "
      "`crm-gateway envoy-config` from the descriptor set; do not edit (deploy/envoy/README.md).");
  out << YAML::Newline << root;
  return std::string(out.c_str()) + "\n";
}

}  // namespace crm::gateway
