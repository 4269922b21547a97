// The one error mapping: every domain, database and auth failure gets its gRPC code and details.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/auth/auth.h"
#include "common/core/errors.h"
#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace crm::common::rpc {
namespace {

template <class Exception>
grpc::Status Map(Exception e) {
  try {
    throw e;
  } catch (...) {
    return StatusFromCurrentException();
  }
}

google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  return details;
}

std::string Reason(const grpc::Status& status) {
  const auto details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      return info.reason();
    }
  }
  return {};
}

TEST(ErrorMapping, ValidationErrorsListEveryFieldViolation) {
  auto status = Map(ValidationError(std::vector<FieldViolation>{
      {"client.inn", "checksum does not match"}, {"client.kpp", "must be 9 characters"}}));
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  const auto details = Details(status);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "client.inn");
  EXPECT_EQ(bad.field_violations(1).description(), "must be 9 characters");
  EXPECT_EQ(details.code(), grpc::INVALID_ARGUMENT);
}

// A request full of long bad values (a field mask of 200 paths of 5,000 characters) still gets
// an error small enough for a client's 8 KiB trailers, naming the first fields, texts cut on a
// character boundary; it was RESOURCE_EXHAUSTED at the client once (found by crm-grpc-fuzz).
TEST(ErrorMapping, AnErrorStaysWithinTheTrailersWhateverTheRequestHeld) {
  const std::string long_value(5000, 'x');
  std::vector<FieldViolation> violations;
  violations.reserve(200);
  for (int i = 0; i < 200; ++i) {
    violations.push_back({"update_mask.paths[" + std::to_string(i) + "]",
                          "\"Ж" + long_value + "\" is not an updatable field"});
  }
  auto status = Map(ValidationError(violations));
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_LE(status.error_message().size(), 503U);
  EXPECT_LE(status.error_details().size(), 4000U);
  const auto details = Details(status);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  ASSERT_GE(bad.field_violations_size(), 1);
  EXPECT_LT(bad.field_violations_size(), 200);
  EXPECT_EQ(bad.field_violations(0).field(), "update_mask.paths[0]");
  const std::string& description = bad.field_violations(0).description();
  EXPECT_EQ(description.rfind("\"Жxxx", 0), 0U) << description.substr(0, 20);
  EXPECT_EQ(description.substr(description.size() - 3), "…");
  EXPECT_LE(description.size(), 303U);

  // Short violations pass unchanged.
  auto small = Map(ValidationError("client.inn", "checksum does not match"));
  google::rpc::BadRequest one;
  ASSERT_TRUE(Details(small).details(0).UnpackTo(&one));
  EXPECT_EQ(one.field_violations(0).description(), "checksum does not match");
}

TEST(ErrorMapping, NotFoundAndAlreadyExistsNameTheResource) {
  auto missing = Map(NotFoundError("clients/42"));
  EXPECT_EQ(missing.error_code(), grpc::NOT_FOUND);
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(Details(missing).details(0).UnpackTo(&info));
  EXPECT_EQ(info.resource_name(), "clients/42");

  auto dup = Map(AlreadyExistsError("a client with this INN and KPP exists", "clients/7"));
  EXPECT_EQ(dup.error_code(), grpc::ALREADY_EXISTS);
  ASSERT_TRUE(Details(dup).details(0).UnpackTo(&info));
  EXPECT_EQ(info.resource_name(), "clients/7");
}

TEST(ErrorMapping, StateAccessAndAuthentication) {
  auto precondition = Map(PreconditionError("CONTACT_ALREADY_COMPLETED", "already completed"));
  EXPECT_EQ(precondition.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(precondition), "CONTACT_ALREADY_COMPLETED");
  auto deleted = Map(PreconditionError("CLIENT_DELETED", "the client was deleted", "clients/42"));
  EXPECT_EQ(deleted.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(deleted), "CLIENT_DELETED");
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(Details(deleted).details(0).UnpackTo(&failure));
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).type(), "CLIENT_DELETED");
  EXPECT_EQ(failure.violations(0).subject(), "clients/42");
  EXPECT_EQ(failure.violations(0).description(), "the client was deleted");
  auto conflict = Map(ConflictError("ETAG_MISMATCH", "the client has changed"));
  EXPECT_EQ(conflict.error_code(), grpc::ABORTED);
  EXPECT_EQ(Reason(conflict), "ETAG_MISMATCH");
  EXPECT_EQ(Map(PermissionError("not yours")).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Map(auth::AuthenticationError("token expired")).error_code(), grpc::UNAUTHENTICATED);
}

// The google.rpc.LocalizedMessage among the details; empty when there is none.
google::rpc::LocalizedMessage LocalizedOf(const grpc::Status& status) {
  google::rpc::LocalizedMessage localized;
  const auto details = Details(status);
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&localized)) {
      return localized;
    }
  }
  return {};
}

TEST(ErrorMapping, FieldViolationsCarryTheirRussianText) {
  auto status = Map(ValidationError(
      std::vector<FieldViolation>{{"client.name", "must be at most 300 characters"},
                                  {"client.inn", "INN checksum does not match"},
                                  {"client.note", "a text the catalogue does not know"}}));
  google::rpc::BadRequest bad;
  ASSERT_TRUE(Details(status).details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 3);
  EXPECT_EQ(bad.field_violations(0).description(), "must be at most 300 characters");
  EXPECT_EQ(bad.field_violations(0).localized_message().locale(), "ru-RU");
  EXPECT_EQ(bad.field_violations(0).localized_message().message(), "Не длиннее 300 символов");
  EXPECT_EQ(bad.field_violations(1).localized_message().message(),
            "Неверный ИНН: не сходится контрольное число");
  EXPECT_FALSE(bad.field_violations(2).has_localized_message());
  EXPECT_EQ(bad.field_violations(2).description(), "a text the catalogue does not know");
  EXPECT_TRUE(LocalizedOf(status).locale().empty()) << "the violations carry the texts";
}

TEST(ErrorMapping, StatusMessagesPeopleReadCarryTheirRussianText) {
  auto deleted = Map(
      PreconditionError("CLIENT_DELETED", "the client clients/42 is not deleted", "clients/42"));
  EXPECT_EQ(deleted.error_message(), "the client clients/42 is not deleted");
  EXPECT_EQ(Reason(deleted), "CLIENT_DELETED");
  EXPECT_EQ(LocalizedOf(deleted).locale(), "ru-RU");
  EXPECT_EQ(LocalizedOf(deleted).message(), "Клиент clients/42 не удалён");
  EXPECT_EQ(LocalizedOf(Map(NotFoundError("clients/42"))).message(), "Не найдено: clients/42");
  EXPECT_EQ(LocalizedOf(Map(PermissionError("this role may not change clients"))).message(),
            "Вашей роли нельзя изменять клиентов");
  EXPECT_EQ(LocalizedOf(Map(AlreadyExistsError("a department named \"Sales\" already exists",
                                               "departments/1")))
                .message(),
            "Отдел «Sales» уже есть");
  EXPECT_EQ(LocalizedOf(Map(ConflictError("ETAG_MISMATCH",
                                          "clients/1 has changed (etag \"2\", not \"1\"); "
                                          "read it again and retry")))
                .message(),
            "Запись clients/1 уже изменил кто-то другой: обновите страницу и повторите");
  // A message the catalogue does not know goes out in English only.
  EXPECT_TRUE(LocalizedOf(Map(PreconditionError("X", "already completed"))).message().empty());
  EXPECT_TRUE(LocalizedOf(Map(db::DatabaseUnavailable("down"))).message().empty());
}

TEST(ErrorMapping, DependenciesAndDeadlines) {
  auto down = Map(db::DatabaseUnavailable("connection refused"));
  EXPECT_EQ(down.error_code(), grpc::UNAVAILABLE);
  EXPECT_EQ(Reason(down), "DATABASE_UNAVAILABLE");
  EXPECT_EQ(down.error_message().find("refused"), std::string::npos) << "no internals leak";
  EXPECT_EQ(Map(db::DeadlineExceeded("late")).error_code(), grpc::DEADLINE_EXCEEDED);
  EXPECT_EQ(
      Map(pqxx::sql_error("canceling statement due to statement timeout", "SELECT 1", "57014"))
          .error_code(),
      grpc::DEADLINE_EXCEEDED);
  EXPECT_EQ(Map(pqxx::serialization_failure("could not serialize")).error_code(), grpc::ABORTED);
}

TEST(ErrorMapping, AnythingElseIsInternalWithoutDetailsOfTheCause) {
  auto status = Map(std::runtime_error("secret connection string in here"));
  EXPECT_EQ(status.error_code(), grpc::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
  auto sql = Map(pqxx::sql_error("syntax error", "SELEC", "42601"));
  EXPECT_EQ(sql.error_code(), grpc::INTERNAL);
}

TEST(ErrorMapping, CodeNames) {
  EXPECT_EQ(StatusCodeName(grpc::INVALID_ARGUMENT), "INVALID_ARGUMENT");
  EXPECT_EQ(StatusCodeName(grpc::DATA_LOSS), "DATA_LOSS");
  EXPECT_EQ(StatusCodeName(grpc::UNAUTHENTICATED), "UNAUTHENTICATED");
}

}  // namespace
}  // namespace crm::common::rpc
