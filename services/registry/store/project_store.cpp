#include "services/registry/store/project_store.h"

#include <google/protobuf/util/time_util.h>

#include <stdexcept>

#include "common/api/date.h"
#include "common/core/ids.h"
#include "services/registry/domain/exhibition_rules.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kProjectSortColumn = 1;  // display_name
constexpr int kEditionSortColumn = 3;  // start_date as YYYY-MM-DD

v1::Project DecodeProject(const pqxx::row& row) {
  v1::Project project;
  project.set_name(common::ResourceName("projects", row[0].c_str()));
  project.set_display_name(row[1].c_str());
  project.set_description(row[2].c_str());
  *project.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
  return project;
}

google::type::Date DateFrom(const pqxx::field& field) {
  auto date = common::api::ParseIsoDate(field.c_str());
  if (!date) {
    throw std::runtime_error(std::string("unexpected date in editions: ") + field.c_str());
  }
  return common::api::ProtoDate(*date);
}

v1::Edition DecodeEdition(const pqxx::row& row) {
  v1::Edition edition;
  edition.set_name(common::ResourceName("projects", row[1].c_str()) + "/" +
                   common::ResourceName("editions", row[0].c_str()));
  edition.set_display_name(row[2].c_str());
  *edition.mutable_start_date() = DateFrom(row[3]);
  *edition.mutable_end_date() = DateFrom(row[4]);
  edition.set_venue(row[5].c_str());
  edition.mutable_price_per_m2()->set_currency_code(row[6].c_str());
  edition.mutable_price_per_m2()->set_minor_units(row[7].as<int64_t>());
  *edition.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  edition.set_status(EditionStatusText::Parse(row[9].c_str()));
  for (v1::StandPrice& price : ParseStandPrices(row[10].c_str())) {
    *edition.add_stand_prices() = std::move(price);
  }
  edition.set_etag(row[11].c_str());
  *edition.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[12].as<int64_t>());
  return edition;
}

}  // namespace

v1::Project DecodeProjectRow(const pqxx::row& row) { return DecodeProject(row); }
v1::Edition DecodeEditionRow(const pqxx::row& row) { return DecodeEdition(row); }

v1::Project InsertProject(pqxx::transaction_base& tx, const std::string& id,
                          const v1::Project& project, const std::string& actor) {
  return DecodeProject(tx.exec_prepared1("project_insert", id, project.display_name(),
                                         project.description(), actor));
}

std::optional<v1::Project> FindProject(pqxx::transaction_base& tx, const std::string& id) {
  return FirstOf(tx.exec_prepared("project_get", id), DecodeProject);
}

Page<v1::Project> ListProjects(pqxx::transaction_base& tx, const ListWindow& window) {
  return ReadPage(
      tx.exec_prepared("projects_list", AfterSort(window), AfterId(window), FetchLimit(window)),
      window, kProjectSortColumn, DecodeProject);
}

v1::Edition InsertEdition(pqxx::transaction_base& tx, const std::string& id,
                          const std::string& project_id, const v1::Edition& edition,
                          const std::string& actor) {
  return DecodeEdition(tx.exec_prepared1("edition_insert", id, project_id, edition.display_name(),
                                         common::api::IsoDate(edition.start_date()),
                                         common::api::IsoDate(edition.end_date()), edition.venue(),
                                         edition.price_per_m2().currency_code(),
                                         edition.price_per_m2().minor_units(), actor));
}

Page<v1::Edition> ListEditions(pqxx::transaction_base& tx, const std::string& project_id,
                               const ListWindow& window) {
  return ReadPage(tx.exec_prepared("editions_list", project_id, AfterSort(window, "-infinity"),
                                   AfterId(window), FetchLimit(window)),
                  window, kEditionSortColumn, DecodeEdition);
}

}  // namespace crm::registry
