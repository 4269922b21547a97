// The build's descriptor set (for an API gateway's HTTP/JSON transcoding) holds every service,
// the event payloads, and the google.api.http rules.
#include <google/protobuf/descriptor.pb.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace {

TEST(DescriptorSet, HoldsEveryServiceWithHttpRules) {
  std::ifstream in(CRM_DESCRIPTOR_SET, std::ios::binary);
  ASSERT_TRUE(in) << CRM_DESCRIPTOR_SET;
  std::stringstream bytes;
  bytes << in.rdbuf();
  google::protobuf::FileDescriptorSet set;
  ASSERT_TRUE(set.ParseFromString(bytes.str()));

  std::set<std::string> services;
  std::set<std::string> files;
  int methods_with_http = 0;
  int methods = 0;
  for (const auto& file : set.file()) {
    files.insert(file.name());
    for (const auto& service : file.service()) {
      services.insert(file.package() + "." + service.name());
      for (const auto& method : service.method()) {
        ++methods;
        // google.api.http is extension 72295728 of MethodOptions; it survives as an unknown
        // field when the extension is not linked in.
        if (method.options().ByteSizeLong() > 0) {
          ++methods_with_http;
        }
      }
    }
  }
  for (const char* expected :
       {"crm.registry.v1.RegistryService", "crm.registry.v1.StaffService",
        "crm.registry.v1.ExhibitionService", "crm.registry.v1.GroupService",
        "crm.planning.v1.PlanningService", "crm.documents.v1.DocumentService",
        "crm.accounting.v1.AccountingService", "crm.analytics.v1.AnalyticsService",
        "crm.analytics.v1.SalesPlanService"}) {
    EXPECT_TRUE(services.count(expected)) << expected;
  }
  EXPECT_TRUE(files.count("crm/events/v1/planning_sale_events.proto"));
  EXPECT_TRUE(files.count("google/api/annotations.proto")) << "imports must be included";
  EXPECT_GT(methods, 20);
  EXPECT_EQ(methods_with_http, methods) << "every RPC needs a google.api.http rule";
}

}  // namespace
