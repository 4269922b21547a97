#include "common/api/idempotency.h"

#include <google/protobuf/descriptor.h>

#include <stdexcept>

#include "common/api/fingerprint.h"
#include "common/core/errors.h"

namespace crm::common::api {
namespace {

const google::protobuf::FieldDescriptor& RequestIdField(const google::protobuf::Message& request) {
  const auto* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    throw std::logic_error(request.GetDescriptor()->full_name() + " has no string request_id");
  }
  return *field;
}

}  // namespace

std::string RequestFingerprint(const google::protobuf::Message& request, std::string_view extra) {
  RequestIdField(request);  // a request without one is a programming error
  return MessageFingerprint(request, {"request_id"}, extra);
}

IdempotencyKey KeyOf(std::string caller, std::string operation,
                     const google::protobuf::Message& request, std::string_view extra) {
  IdempotencyKey key;
  key.caller = std::move(caller);
  key.operation = std::move(operation);
  key.request_id = request.GetReflection()->GetString(request, &RequestIdField(request));
  if (!key.request_id.empty()) {
    key.fingerprint = RequestFingerprint(request, extra);
  }
  return key;
}

std::optional<std::string> FindCreated(pqxx::transaction_base& tx, const IdempotencyKey& key) {
  const pqxx::result rows = tx.exec_params(
      "SELECT resource, fingerprint FROM idempotent_requests"
      " WHERE caller = $1 AND operation = $2 AND request_id = $3",
      key.caller, key.operation, key.request_id);
  if (rows.empty()) {
    return std::nullopt;
  }
  const pqxx::row row = rows[0];
  if (!row[1].is_null() && row[1].as<std::string>() != key.fingerprint) {
    throw PreconditionError("REQUEST_ID_REUSED",
                            "request_id \"" + key.request_id + "\" was used by an earlier " +
                                key.operation +
                                " request with another body; send a new request_id for a new "
                                "request, or repeat the earlier request exactly");
  }
  return row[0].as<std::string>();
}

bool ClaimKey(pqxx::transaction_base& tx, const IdempotencyKey& key) {
  return !tx.exec_params(
                "INSERT INTO idempotent_requests (caller, operation, request_id, fingerprint,"
                " resource) VALUES ($1, $2, $3, $4, '') ON CONFLICT DO NOTHING RETURNING 1",
                key.caller, key.operation, key.request_id, key.fingerprint)
              .empty();
}

void RecordCreated(pqxx::transaction_base& tx, const IdempotencyKey& key,
                   const std::string& resource_name) {
  tx.exec_params0(
      "UPDATE idempotent_requests SET resource = $4"
      " WHERE caller = $1 AND operation = $2 AND request_id = $3",
      key.caller, key.operation, key.request_id, resource_name);
}

}  // namespace crm::common::api
