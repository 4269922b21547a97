#include "services/accounting/store/edition_store.h"

#include <nlohmann/json.hpp>

#include "common/db/pool.h"
#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::accounting {
namespace {

EditionRecord DecodeEdition(const common::db::Row& row) {
  EditionRecord edition;
  edition.name = row.Text("name");
  edition.display_name = row.Text("display_name");
  edition.project_display_name = row.Text("project_display_name");
  edition.start_date = row.Text("start_date");
  edition.end_date = row.Text("end_date");
  edition.venue = row.Text("venue");
  if (const std::string price = row.Text("price_per_m2"); !price.empty()) {
    edition.price_per_m2_kopecks = std::stoll(price);
  }
  const nlohmann::json prices = nlohmann::json::parse(row.Text("stand_prices"));
  for (auto price = prices.begin(); price != prices.end(); ++price) {
    edition.stand_prices[price.key()] = price.value().get<int64_t>();
  }
  return edition;
}

}  // namespace

void EditionStore::Put(pqxx::transaction_base& tx, const EditionRecord& edition,
                       bool with_stand_prices, const std::optional<std::string>& event_time) {
  nlohmann::json prices = nlohmann::json::object();
  for (const auto& [type, kopecks] : edition.stand_prices) {
    prices[type] = kopecks;
  }
  tx.exec_prepared(
      "accounting_edition_put", edition.name, edition.display_name, edition.project_display_name,
      edition.start_date, edition.end_date, edition.venue,
      edition.price_per_m2_kopecks ? std::to_string(*edition.price_per_m2_kopecks) : std::string(),
      prices.dump(), with_stand_prices, common::db::OrNull(event_time));
}

std::optional<EditionRecord> EditionStore::Find(pqxx::transaction_base& tx,
                                                const std::string& name) {
  return common::db::FirstRowOf(tx.exec_prepared("accounting_edition_get", name), DecodeEdition);
}

std::optional<EditionRecord> EditionStore::Lock(pqxx::transaction_base& tx,
                                                const std::string& name) {
  return common::db::FirstRowOf(tx.exec_prepared("accounting_edition_lock", name), DecodeEdition);
}

std::optional<std::string> EditionStore::StartDate(pqxx::transaction_base& tx,
                                                   const std::string& name) {
  auto edition = Find(tx, name);
  if (!edition || edition->start_date.empty()) {
    return std::nullopt;
  }
  return edition->start_date;
}

}  // namespace crm::accounting
