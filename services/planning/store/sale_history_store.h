#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/planning/v1/sales.pb.h"

// The history of sales as stored (store/sql/sale_history.sql).
namespace crm::planning::store {

// What a change of a sale writes besides the sale: the entry of the version it made.
struct SaleChangeEntry {
  std::string change;  // "recorded", "amended", ...
  std::string actor;
  google::protobuf::Timestamp change_time;
  std::string comment;
  std::vector<v1::SaleFieldChange> field_changes;
};

// Appends sale `sale_id`'s current row as the entry of its current version. Throws
// std::logic_error when there is no such sale.
void AppendSaleHistory(pqxx::transaction_base& tx, const std::string& sale_id,
                       const SaleChangeEntry& entry);

// Up to `limit` versions of sale `sale_id` older than `before_version` (all when nullopt), newest
// first, each with the sale as it was after the change.
std::vector<v1::SaleVersion> ListSaleHistory(pqxx::transaction_base& tx, const std::string& sale_id,
                                             std::optional<int64_t> before_version, int limit);

}  // namespace crm::planning::store
