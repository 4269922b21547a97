#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>

// Accounting's copy of registry's editions (the editions table, through store/sql/editions.sql):
// names, dates and the price list, kept by the consumer accounting-editions.
namespace crm::accounting {

struct EditionRecord {
  std::string name;  // "projects/{p}/editions/{e}"
  std::string display_name;
  std::string project_display_name;
  std::string start_date;  // ISO; "" when registry gave none
  std::string end_date;    // ISO; "" when registry gave none
  std::string venue;
  std::optional<int64_t> price_per_m2_kopecks;  // the base price, without VAT
  std::map<std::string, int64_t> stand_prices;  // per stand type ("corner", ...)
};

class EditionStore {
 public:
  // Writes the edition as of `event_time` (RFC 3339; nullopt applies it as the latest); an older
  // event than the one stored changes nothing. Without `with_stand_prices` the stored stand
  // prices stay (edition.created carries none).
  static void Put(pqxx::transaction_base& tx, const EditionRecord& edition, bool with_stand_prices,
                  const std::optional<std::string>& event_time);

  static std::optional<EditionRecord> Find(pqxx::transaction_base& tx, const std::string& name);
  // Find, with the row locked until the transaction ends.
  static std::optional<EditionRecord> Lock(pqxx::transaction_base& tx, const std::string& name);

  // The day the edition opens (ISO); nullopt when accounting does not know the edition or its
  // dates.
  static std::optional<std::string> StartDate(pqxx::transaction_base& tx, const std::string& name);
};

}  // namespace crm::accounting
