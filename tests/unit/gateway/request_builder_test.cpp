#include "services/gateway/transcoding/request_builder.h"

#include <gtest/gtest.h>

#include "common/core/errors.h"
#include "services/gateway/transcoding/router.h"

namespace crm::gateway {
namespace {

class RequestBuilderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { catalog_ = ApiCatalog::Load(CRM_DESCRIPTOR_SET).release(); }

  // The request an HTTP call makes, printed as JSON (proto names) for comparison.
  std::string Build(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    Router router(*catalog_);
    auto q = target.find('?');
    auto match = router.Match(method, target.substr(0, q));
    if (!match) {
      return "<no route>";
    }
    JsonCodec codec(catalog_->pool());
    RequestBuilder builder(*catalog_, codec);
    std::string binary =
        builder.Build(*match->method, *match->binding, match->variables,
                      ParseQuery(q == std::string::npos ? "" : target.substr(q + 1)), body);
    return codec.ToJson(match->method->descriptor->input_type(), binary);
  }

  // The violated field of the ValidationError the call raises ("" when none).
  std::string Violation(const std::string& method, const std::string& target,
                        const std::string& body = "") {
    try {
      Build(method, target, body);
    } catch (const common::ValidationError& e) {
      return e.violations().front().field;
    }
    return "";
  }

  static ApiCatalog* catalog_;
};

ApiCatalog* RequestBuilderTest::catalog_ = nullptr;

TEST_F(RequestBuilderTest, PathVariableAndBodyField) {
  EXPECT_EQ(Build("PATCH", "/v1/clients/abc?updateMask=displayName,legal_name",
                  R"({"displayName":"A","inn":"1"})"),
            R"({"client":{"name":"clients/abc","displayName":"A","inn":"1"},)"
            R"("updateMask":"displayName,legalName"})");
}

TEST_F(RequestBuilderTest, BodyStarTakesEverythingAndThePathStillBinds) {
  EXPECT_EQ(Build("POST", "/v1/clients/abc:restoreVersion", R"({"version":3,"etag":"e1"})"),
            R"({"name":"clients/abc","version":3,"etag":"e1"})");
  EXPECT_EQ(Violation("POST", "/v1/clients/abc:restoreVersion?etag=x", "{}"), "etag");
  // An empty body is an empty message.
  EXPECT_EQ(Build("POST", "/v1/clients/abc:undelete"), R"({"name":"clients/abc"})");
}

TEST_F(RequestBuilderTest, QueryParametersNestedRepeatedEnumsAndNumbers) {
  EXPECT_EQ(Build("GET",
                  "/v1/clients:search?filter.query=%D1%81%D1%82%D1%80%D0%BE%D0%B9&pageSize=5"
                  "&filter.regionCodes=63&filter.region_codes=73&filter.legalForms=1"
                  "&filter.legalForms=LEGAL_FORM_AO&showDeleted=true"),
            R"({"pageSize":5,"showDeleted":true,"filter":{"query":"строй",)"
            R"("regionCodes":["63","73"],"legalForms":["LEGAL_FORM_OOO","LEGAL_FORM_AO"]}})");
}

TEST_F(RequestBuilderTest, WellKnownTypesAndInt64FromTheQuery) {
  EXPECT_EQ(Build("GET", "/v1/reminders:watch?afterSequence=9007199254740993"),
            R"({"afterSequence":"9007199254740993"})");
  EXPECT_EQ(Build("GET",
                  "/v1/employees/e1/calendar?period=CALENDAR_PERIOD_WEEK&date.year=2026"
                  "&date.month=3&date.day=16"),
            R"({"owner":"employees/e1","period":"CALENDAR_PERIOD_WEEK",)"
            R"("date":{"year":2026,"month":3,"day":16}})");
}

TEST_F(RequestBuilderTest, BadInputNamesTheParameter) {
  EXPECT_EQ(Violation("GET", "/v1/clients:search?nope=1"), "nope");
  EXPECT_EQ(Violation("GET", "/v1/clients:search?pageSize=x"), "pageSize");
  EXPECT_EQ(Violation("GET", "/v1/clients:search?showDeleted=maybe"), "showDeleted");
  EXPECT_EQ(Violation("GET", "/v1/clients:search?filter=x"), "filter");
  EXPECT_EQ(Violation("GET", "/v1/clients:search?filter.legalForms=LEGAL_FORM_X"),
            "filter.legalForms");
  EXPECT_EQ(Violation("POST", "/v1/clients", "[1,2"), "client");
  EXPECT_EQ(Violation("POST", "/v1/clients", R"({"unknownField":1})"), "client");
  // A call without a body mapping takes no body.
  EXPECT_EQ(Violation("GET", "/v1/clients/abc", "{}"), "body");
  EXPECT_EQ(Violation("GET", "/v1/clients/abc"), "");
}

TEST_F(RequestBuilderTest, RoutesPreferLiteralsAndKnowTheirMethods) {
  Router router(*catalog_);
  auto overdue = router.Match("GET", "/v1/contacts:overdue");
  ASSERT_TRUE(overdue);
  EXPECT_EQ(overdue->method->descriptor->name(), "ListOverdueContacts");
  auto search = router.Match("GET", "/v1/clients:search");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->method->descriptor->name(), "SearchClients");
  EXPECT_EQ(router.MethodsFor("/v1/clients:search"), std::vector<std::string>{"GET"});
  EXPECT_FALSE(router.Match("PUT", "/v1/clients:search"));
}

}  // namespace
}  // namespace crm::gateway
