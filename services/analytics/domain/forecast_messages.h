#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crm/analytics/v1/forecast.pb.h"
#include "services/analytics/domain/forecast.h"

// The forecast service's requests and responses: what a valid request is (every problem with
// its field path, as common::ValidationError) and the messages built from the forecast. Pure.
namespace crm::analytics::domain {

struct ForecastQuery {
  std::string edition;
  int64_t as_of_us = 0;
};

// "edition" (not projects/{uuid}/editions/{uuid}), "as_of" (not a valid timestamp); as_of is
// `now_us` when unset.
ForecastQuery ValidateForecastRequest(const crm::analytics::v1::GetEditionForecastRequest& request,
                                      int64_t now_us);

// The project's name, "" for all; "project" when it is neither "" nor projects/{uuid}.
std::string ValidateBacktestRequest(const crm::analytics::v1::GetForecastBacktestRequest& request);

// The most assessments and sales one import takes.
inline constexpr int kMaxImportRows = 100'000;

struct HistoryImport {
  EditionInfo edition;
  std::vector<Assessment> assessments;
  std::vector<SaleFact> sales;
};

// "edition", "display_name", "start_date" (not a valid date, or after `today_iso`: only past
// editions), "assessments" / "sales" (more than kMaxImportRows), and per row
// "assessments[i].client|level|record_time" (a second assessment of a client at the same time
// too) and "sales[i].client|sale_time|area_dm2|net_amount".
HistoryImport ValidateImport(const crm::analytics::v1::ImportEditionHistoryRequest& request,
                             const std::string& today_iso);

crm::analytics::v1::EditionForecast ForecastMessage(const Forecast& forecast,
                                                    const EditionInfo& edition);

crm::analytics::v1::ForecastBacktest BacktestMessage(const Backtest& backtest,
                                                     const std::string& project);

}  // namespace crm::analytics::domain
