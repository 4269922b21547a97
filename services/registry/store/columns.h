#pragma once

#include "common/db/row.h"

// Readers of the groups of columns that the statements of several resources return alike.
namespace crm::registry {

// The company identity a client row carries: display and legal names, INN and KPP. For the
// client itself and for every message that names a client beside these fields.
template <class Message>
void DecodeClientIdentity(const common::db::Row& row, Message& message) {
  message.set_display_name(row.Text("display_name"));
  message.set_legal_name(row.Text("legal_name"));
  message.set_inn(row.Text("inn"));
  message.set_kpp(row.Text("kpp"));
}

// The names of a soft-deleted resource's time columns (microseconds since the epoch); the delete
// time is NULL while the resource is not deleted.
struct TimeColumns {
  const char* created;
  const char* updated;
  const char* deleted;
};

// A soft-deleted resource's create, update and delete times and its etag (the `version` column).
template <class Resource>
void DecodeTimesAndEtag(const common::db::Row& row, const TimeColumns& columns,
                        Resource& resource) {
  *resource.mutable_create_time() = row.TimeFromMicros(columns.created);
  *resource.mutable_update_time() = row.TimeFromMicros(columns.updated);
  if (auto deleted = row.OptionalTimeFromMicros(columns.deleted)) {
    *resource.mutable_delete_time() = *deleted;
  }
  resource.set_etag(row.Text("version"));
}

}  // namespace crm::registry
