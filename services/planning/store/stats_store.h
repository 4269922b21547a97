#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/planning/v1/stats.pb.h"

// The figures of GetContactStats as stored (store/sql/stats.sql): each read is one set-based
// query over the same selection of contacts.
namespace crm::planning::store {

// The contacts counted: each set field narrows the selection.
struct StatsFilter {
  std::optional<std::string> manager_id;     // the owner
  std::optional<std::string> department_id;  // the owner's department unit
  std::optional<std::string> edition_id;
  std::optional<google::protobuf::Timestamp> start_time;  // scheduled at or after
  std::optional<google::protobuf::Timestamp> end_time;    // scheduled before
  int client_limit = 0;                                   // clients listed per figure
};

// Contacts and completed contacts per contact type, by type.
std::vector<v1::ContactTypeCount> CountContactsByType(pqxx::transaction_base& tx,
                                                      const StatsFilter& filter);
// Completed contacts per result kind, by kind (`positive` is left to the caller's rules).
std::vector<v1::ResultKindCount> CountContactsByResultKind(pqxx::transaction_base& tx,
                                                           const StatsFilter& filter);

struct RescheduleFigures {
  std::vector<v1::ClientReschedules> clients;  // the most reschedules first
  int64_t total = 0;                           // over every client, not only those listed
};
RescheduleFigures TopReschedules(pqxx::transaction_base& tx, const StatsFilter& filter);

struct RelationshipFigures {
  std::vector<v1::ClientRelationship> clients;  // the longest first
  // Over every client with a completed contact, not only those listed.
  int64_t average_days = 0;
  int64_t client_count = 0;
};
RelationshipFigures LongestRelationships(pqxx::transaction_base& tx, const StatsFilter& filter);

}  // namespace crm::planning::store
