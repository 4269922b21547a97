#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/planning/v1/stands.pb.h"
#include "services/planning/domain/stand_rules.h"

// The stand inventory and the sales policies as stored (store/sql/stands.sql). `now` is the
// moment holds are judged at: a hold expired by then reads as free.
namespace crm::planning::store {

struct StandRow {
  v1::Stand stand;  // status effective at `now`
  std::string id;
  std::string edition_id;
  std::string project_id;
  std::string sort_key;  // domain::StandSortKey: the list's order and page key
  std::string currency_code;
  int64_t list_price_per_m2 = 0;
  std::string stored_status;  // as in the table: "held" for an expired hold not yet released
  std::string held_by;        // employee id while held
  std::string stored_hold_client_id;  // the hold's client while stored as held, expired or not
  domain::StandState state;
};

// "projects/{project}/editions/{edition}/stands/{stand}".
std::string StandName(const std::string& project_id, const std::string& edition_id,
                      const std::string& stand_id);

std::optional<StandRow> FindStand(pqxx::transaction_base& tx,
                                  const google::protobuf::Timestamp& now, const std::string& id);
// The stand locked until the transaction ends: every change of a stand goes through this.
std::optional<StandRow> LockStand(pqxx::transaction_base& tx,
                                  const google::protobuf::Timestamp& now, const std::string& id);
std::optional<StandRow> LockStandByNumber(pqxx::transaction_base& tx,
                                          const google::protobuf::Timestamp& now,
                                          const std::string& edition_id,
                                          const std::string& number_key);
std::vector<StandRow> LockStandsOfEdition(pqxx::transaction_base& tx,
                                          const google::protobuf::Timestamp& now,
                                          const std::string& edition_id);
std::vector<StandRow> FindStands(pqxx::transaction_base& tx, const google::protobuf::Timestamp& now,
                                 const std::vector<std::string>& ids);
// The price per m² of `stand_type` ("CORNER", "" for none) on the edition's price list, or its
// base price; nullopt for an edition planning does not know.
std::optional<int64_t> ListPriceOfType(pqxx::transaction_base& tx, const std::string& edition_id,
                                       const std::string& stand_type);
bool EditionHasStands(pqxx::transaction_base& tx, const std::string& edition_id);

struct StandFilter {
  std::optional<std::string> status;      // stored text, "free"
  std::optional<std::string> stand_type;  // "CORNER"
  std::optional<std::string> hall;
};
struct StandKey {
  std::string sort_key;
  std::string id;
};
// Ordered by (sort key, id), after `after`.
std::vector<StandRow> ListStands(pqxx::transaction_base& tx, const google::protobuf::Timestamp& now,
                                 const std::string& edition_id, const StandFilter& filter,
                                 const std::optional<StandKey>& after, int limit);

// The stands free at `now` as the sales board lists them, in order: one light statement for
// thousands of rows.
std::vector<v1::SalesBoardStand> BoardFreeStands(pqxx::transaction_base& tx,
                                                 const google::protobuf::Timestamp& now,
                                                 const std::string& edition_id,
                                                 const std::string& currency_code);

// A cell of the sales board; `stand_type` empty for a status's total.
struct BoardCell {
  std::string status;
  std::string stand_type;
  int32_t stands = 0;
  int64_t area_dm2 = 0;
  int64_t list_amount = 0;
  int64_t list_price_per_m2 = 0;  // the type's; 0 in a status's total
};
std::vector<BoardCell> StandBoard(pqxx::transaction_base& tx,
                                  const google::protobuf::Timestamp& now,
                                  const std::string& edition_id);

struct ImportCounts {
  int32_t created = 0;
  int32_t updated = 0;
};
// Inserts new numbers and updates known ones whose values differ, in one statement.
ImportCounts UpsertStands(pqxx::transaction_base& tx, const std::string& edition_id,
                          const google::protobuf::Timestamp& now,
                          const std::vector<domain::FloorPlanStand>& stands);

void UpdateStand(pqxx::transaction_base& tx, const std::string& id, const v1::Stand& values,
                 const google::protobuf::Timestamp& now);
void SellStand(pqxx::transaction_base& tx, const std::string& id, const std::string& sale_id,
               const google::protobuf::Timestamp& now);
void HoldStand(pqxx::transaction_base& tx, const std::string& id, const std::string& client_id,
               const std::string& held_by, const google::protobuf::Timestamp& now,
               const google::protobuf::Timestamp& expire_time, const std::string& note);
void FreeStand(pqxx::transaction_base& tx, const std::string& id,
               const google::protobuf::Timestamp& now);
void BlockStand(pqxx::transaction_base& tx, const std::string& id, const std::string& reason,
                const google::protobuf::Timestamp& now);
void UnblockStand(pqxx::transaction_base& tx, const std::string& id,
                  const google::protobuf::Timestamp& now);

struct ExpiredHold {
  std::string stand_id;
  std::string client_id;
};
// Releases up to `limit` holds expired at `now` that no other transaction holds.
std::vector<ExpiredHold> ExpireHolds(pqxx::transaction_base& tx,
                                     const google::protobuf::Timestamp& now, int limit);
// The earliest expiry of a hold not yet released.
std::optional<google::protobuf::Timestamp> NextHoldExpiry(pqxx::transaction_base& tx);

struct SalesPolicyRow {
  domain::SalesPolicyTerms terms;
  bool stored = false;  // false: the defaults of an edition with no policy
  int64_t version = 0;
  std::optional<google::protobuf::Timestamp> update_time;
};
SalesPolicyRow FindSalesPolicy(pqxx::transaction_base& tx, const std::string& edition_id);
SalesPolicyRow LockSalesPolicy(pqxx::transaction_base& tx, const std::string& edition_id);
SalesPolicyRow UpsertSalesPolicy(pqxx::transaction_base& tx, const std::string& edition_id,
                                 const domain::SalesPolicyTerms& terms,
                                 const google::protobuf::Timestamp& now);

}  // namespace crm::planning::store
