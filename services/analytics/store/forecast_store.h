#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "services/analytics/domain/forecast.h"
#include "services/analytics/domain/forecast_messages.h"

// What the forecast reads (the projection and the imported history together) and writes (the
// stand changes of the projection, the imported history), through store/sql/forecast.sql.
namespace crm::analytics {

// A stand's change as crm.planning.stand.held, .sold or .released tells it.
struct StandChangeRow {
  std::string stand;
  std::string edition;
  std::string state;  // "held", "sold" or "released"
  std::string client;
  int64_t area_dm2 = 0;
  std::string change_rfc3339;  // the event's time
  std::string expire_rfc3339;  // a hold's end; "" for none
};

// The editions a forecast of `edition` as of `as_of_us` can learn from: itself and those that
// had opened by then.
struct FactScope {
  std::string edition;
  int64_t as_of_us = 0;
};

class ForecastStore {
 public:
  // The editions in `scope` (every edition when absent, as the backtest needs) with an opening
  // date, with all of their facts.
  static domain::FactBase LoadFacts(pqxx::transaction_base& tx,
                                    const std::optional<FactScope>& scope);
  static bool ProjectKnown(pqxx::transaction_base& tx, const std::string& project);
  // One change; the same one again changes nothing.
  static void InsertStandChange(pqxx::transaction_base& tx, const StandChangeRow& row);
  // Replaces the edition's imported history with `history`.
  static void ReplaceHistory(pqxx::transaction_base& tx, const domain::HistoryImport& history);
};

}  // namespace crm::analytics
