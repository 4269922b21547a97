// The HTTP body of a failed call: the google.rpc.Status as JSON, with the Russian texts the
// services add (each field violation's localizedMessage, a LocalizedMessage detail).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/core/errors.h"
#include "common/grpc/rpc_guard.h"
#include "services/gateway/gateway.h"

namespace crm::gateway {
namespace {

using nlohmann::json;

class ErrorResponseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { catalog_ = ApiCatalog::Load(CRM_DESCRIPTOR_SET).release(); }

  template <class Exception>
  static json BodyOf(Exception error, int* http_status) {
    grpc::Status status;
    try {
      throw error;
    } catch (...) {
      status = common::rpc::StatusFromCurrentException();
    }
    JsonCodec codec(catalog_->pool());
    HttpResponse response = ErrorResponse(status, codec, *catalog_);
    *http_status = response.status;
    return json::parse(response.body);
  }

  static const ApiCatalog* catalog_;
};

const ApiCatalog* ErrorResponseTest::catalog_ = nullptr;

TEST_F(ErrorResponseTest, FieldViolationsCarryTheirRussianTextInTheStatusJson) {
  int http = 0;
  json body = BodyOf(common::ValidationError("client.inn", "INN checksum does not match"), &http);
  EXPECT_EQ(http, 400);
  EXPECT_EQ(body["code"], 3);
  ASSERT_EQ(body["details"][0]["@type"], "type.googleapis.com/google.rpc.BadRequest");
  const json& violation = body["details"][0]["fieldViolations"][0];
  EXPECT_EQ(violation["field"], "client.inn");
  EXPECT_EQ(violation["description"], "INN checksum does not match");
  EXPECT_EQ(
      violation["localizedMessage"],
      (json{{"locale", "ru-RU"}, {"message", "Неверный ИНН: не сходится контрольное число"}}));
}

TEST_F(ErrorResponseTest, AStatusMessageCarriesALocalizedMessageDetail) {
  int http = 0;
  json body =
      BodyOf(common::PreconditionError("CLIENT_NOT_DELETED", "the client clients/7 is not deleted"),
             &http);
  EXPECT_EQ(http, 400);
  EXPECT_EQ(body["message"], "the client clients/7 is not deleted");
  json localized;
  for (const auto& detail : body["details"]) {
    if (detail["@type"] == "type.googleapis.com/google.rpc.LocalizedMessage") {
      localized = detail;
    }
  }
  EXPECT_EQ(localized["locale"], "ru-RU");
  EXPECT_EQ(localized["message"], "Клиент clients/7 не удалён");
}

}  // namespace
}  // namespace crm::gateway
