#include "services/registry/store/project_store.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "common/api/date.h"
#include "common/core/ids.h"
#include "common/db/money.h"
#include "services/registry/domain/exhibition_rules.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using common::db::Row;

// A YYYY-MM-DD date column of editions.
google::type::Date EditionDate(const Row& row, const char* column) {
  const std::string text = row.Text(column);
  auto date = common::api::ParseIsoDate(text);
  if (!date) {
    throw std::runtime_error("unexpected date in editions: " + text);
  }
  return common::api::ProtoDate(*date);
}

}  // namespace

v1::Project DecodeProject(const Row& row) {
  v1::Project project;
  project.set_name(common::ResourceName("projects", row.Text("id")));
  project.set_display_name(row.Text("display_name"));
  project.set_description(row.Text("description"));
  *project.mutable_create_time() = row.TimeFromMicros("created_us");
  project.set_etag(row.Text("version"));
  return project;
}

v1::Edition DecodeEdition(const Row& row) {
  v1::Edition edition;
  edition.set_name(common::ResourceName("projects", row.Text("project_id")) + "/" +
                   common::ResourceName("editions", row.Text("id")));
  edition.set_display_name(row.Text("display_name"));
  *edition.mutable_start_date() = EditionDate(row, "start_date");
  *edition.mutable_end_date() = EditionDate(row, "end_date");
  edition.set_venue(row.Text("venue"));
  *edition.mutable_price_per_m2() =
      common::db::MoneyOf(row.Text("price_currency"), row.Int64("price_per_m2_minor"));
  *edition.mutable_create_time() = row.TimeFromMicros("created_us");
  edition.set_status(EditionStatusText::Parse(row.Text("status")));
  for (v1::StandPrice& price : ParseStandPrices(row.Text("stand_prices"))) {
    *edition.add_stand_prices() = std::move(price);
  }
  edition.set_etag(row.Text("version"));
  *edition.mutable_update_time() = row.TimeFromMicros("updated_us");
  return edition;
}

v1::Project InsertProject(pqxx::transaction_base& tx, const std::string& id,
                          const v1::Project& project, const std::string& actor) {
  return DecodeProject(Row(tx.exec_prepared1("project_insert", id, project.display_name(),
                                             project.description(), actor)));
}

std::optional<v1::Project> FindProject(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("project_get", id), DecodeProject);
}

Page<v1::Project> ListProjects(pqxx::transaction_base& tx, const ListWindow& window) {
  return ReadListPage(tx, "projects_list", window, {"display_name"}, DecodeProject);
}

v1::Edition InsertEdition(pqxx::transaction_base& tx, const std::string& id,
                          const std::string& project_id, const v1::Edition& edition,
                          const std::string& actor) {
  return DecodeEdition(Row(tx.exec_prepared1(
      "edition_insert", id, project_id, edition.display_name(),
      common::api::IsoDate(edition.start_date()), common::api::IsoDate(edition.end_date()),
      edition.venue(), edition.price_per_m2().currency_code(), edition.price_per_m2().minor_units(),
      actor)));
}

Page<v1::Edition> ListEditions(pqxx::transaction_base& tx, const std::string& project_id,
                               const ListWindow& window) {
  return ReadListPage(tx, "editions_list", window, {"start_date", "-infinity"}, DecodeEdition,
                      project_id);
}

}  // namespace crm::registry
