// The production Envoy configuration rendered from the descriptor set, checked structurally
// (Envoy itself is not installable here): the filter chain, the transcoder's settings, a route
// and a cluster for every gRPC service with HTTP rules, streaming routes without a timeout.
#include "services/gateway/envoy_config.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>

namespace crm::gateway {
namespace {

class EnvoyConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = ApiCatalog::Load(CRM_DESCRIPTOR_SET);
    EnvoyOptions options;
    options.cors_origins = {"https://crm.example"};
    config_ = YAML::Load(RenderEnvoyConfig(*catalog_, options));
  }
  YAML::Node Hcm() {
    return config_["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]
                  ["typed_config"];
  }
  std::unique_ptr<ApiCatalog> catalog_;
  YAML::Node config_;
};

TEST_F(EnvoyConfigTest, FilterChainIsCorsTranscoderRouter) {
  auto filters = Hcm()["http_filters"];
  ASSERT_EQ(filters.size(), 3u);
  EXPECT_EQ(filters[0]["name"].as<std::string>(), "envoy.filters.http.cors");
  EXPECT_EQ(filters[1]["name"].as<std::string>(), "envoy.filters.http.grpc_json_transcoder");
  EXPECT_EQ(filters[2]["name"].as<std::string>(), "envoy.filters.http.router");
  auto transcoder = filters[1]["typed_config"];
  EXPECT_EQ(transcoder["@type"].as<std::string>(),
            "type.googleapis.com/"
            "envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder");
  EXPECT_EQ(transcoder["proto_descriptor"].as<std::string>(), "/etc/envoy/crm_descriptor_set.pb");
  EXPECT_TRUE(transcoder["convert_grpc_status"].as<bool>());
  EXPECT_FALSE(transcoder["print_options"]["preserve_proto_field_names"].as<bool>());
  EXPECT_FALSE(transcoder["print_options"]["always_print_enums_as_ints"].as<bool>());
  std::set<std::string> listed;
  for (const auto& s : transcoder["services"]) {
    listed.insert(s.as<std::string>());
  }
  auto names = catalog_->ServiceNames();
  EXPECT_EQ(listed, std::set<std::string>(names.begin(), names.end()));
}

TEST_F(EnvoyConfigTest, EveryServiceRoutesToAnHttp2ClusterOfItsBackend) {
  std::set<std::string> clusters;
  for (const auto& c : config_["static_resources"]["clusters"]) {
    clusters.insert(c["name"].as<std::string>());
    EXPECT_TRUE(c["typed_extension_protocol_options"]
                 ["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]["explicit_http_config"]
                 ["http2_protocol_options"]
                     .IsDefined());
    EXPECT_TRUE(c["health_checks"][0]["grpc_health_check"].IsDefined());
  }
  EXPECT_EQ(clusters, (std::set<std::string>{"crm-registry", "crm-planning", "crm-documents",
                                             "crm-accounting", "crm-analytics"}));
  auto vhost = Hcm()["route_config"]["virtual_hosts"][0];
  EXPECT_EQ(vhost["typed_per_filter_config"]["envoy.filters.http.cors"]["allow_origin_string_match"]
                 [0]["exact"]
                     .as<std::string>(),
            "https://crm.example");
  std::map<std::string, std::string> prefixes;
  std::set<std::string> untimed;
  for (const auto& r : vhost["routes"]) {
    EXPECT_TRUE(clusters.count(r["route"]["cluster"].as<std::string>()));
    if (r["match"]["prefix"]) {
      prefixes[r["match"]["prefix"].as<std::string>()] = r["route"]["cluster"].as<std::string>();
    } else {
      EXPECT_EQ(r["route"]["timeout"].as<std::string>(), "0s");
      untimed.insert(r["match"]["path"].as<std::string>());
    }
  }
  for (const auto& method : catalog_->methods()) {
    const std::string prefix = "/" + method.descriptor->service()->full_name() + "/";
    ASSERT_TRUE(prefixes.count(prefix)) << prefix;
    EXPECT_EQ(prefixes[prefix], "crm-" + method.backend);
    if (method.server_streaming() || method.client_streaming()) {
      EXPECT_TRUE(untimed.count(method.grpc_path)) << method.grpc_path;
    }
  }
  EXPECT_TRUE(untimed.count("/crm.planning.v1.CalendarService/WatchReminders"));
}

}  // namespace
}  // namespace crm::gateway
