#include "services/registry/store/exhibition_store.h"

#include <stdexcept>
#include <string>

#include "common/api/date.h"
#include "common/core/ids.h"
#include "services/registry/domain/validation.h"
#include "services/registry/store/project_store.h"

namespace crm::registry {
namespace {

using common::db::Row;

// A date column of competitor_exhibitions: '' for no date, otherwise YYYY-MM-DD.
void SetCompetitorDate(const Row& row, const char* column,
                       google::type::Date* (v1::CompetitorExhibition::*mutable_date)(),
                       v1::CompetitorExhibition* exhibition) {
  const std::string text = row.Text(column);
  if (text.empty()) {
    return;
  }
  auto date = common::api::ParseIsoDate(text);
  if (!date) {
    throw std::runtime_error("unexpected date in competitor_exhibitions: " + text);
  }
  *(exhibition->*mutable_date)() = common::api::ProtoDate(*date);
}

// A row of any statement of store/sql/competitor_exhibitions.sql.
v1::CompetitorExhibition DecodeCompetitor(const Row& row) {
  v1::CompetitorExhibition exhibition;
  exhibition.set_name(common::ResourceName("competitorExhibitions", row.Text("id")));
  exhibition.set_display_name(row.Text("display_name"));
  exhibition.set_organizer(row.Text("organizer"));
  exhibition.set_city(row.Text("city"));
  exhibition.set_periodicity(PeriodicityText::Parse(row.Text("periodicity")));
  SetCompetitorDate(row, "start_date", &v1::CompetitorExhibition::mutable_start_date, &exhibition);
  SetCompetitorDate(row, "end_date", &v1::CompetitorExhibition::mutable_end_date, &exhibition);
  exhibition.set_description(row.Text("description"));
  *exhibition.mutable_create_time() = row.TimeFromMicros("created_us");
  *exhibition.mutable_update_time() = row.TimeFromMicros("updated_us");
  exhibition.set_etag(row.Text("version"));
  return exhibition;
}

// A row of any statement of store/sql/participations.sql.
v1::Participation DecodeParticipation(const Row& row) {
  v1::Participation participation;
  participation.set_name(ParticipationName(row.Text("client_id"), row.Text("id")));
  const std::string edition_id = row.Text("edition_id");
  if (!edition_id.empty()) {
    participation.set_edition(EditionName(row.Text("project_id"), edition_id));
  } else {
    participation.set_competitor_exhibition(
        common::ResourceName("competitorExhibitions", row.Text("competitor_exhibition_id")));
  }
  participation.set_year(row.Int32("year"));
  participation.set_area_dm2(row.Int64("area_dm2"));
  *participation.mutable_create_time() = row.TimeFromMicros("created_us");
  return participation;
}

std::string OptionalDateText(const v1::CompetitorExhibition& exhibition, bool start) {
  if (start) {
    return exhibition.has_start_date() ? common::api::IsoDate(exhibition.start_date()) : "";
  }
  return exhibition.has_end_date() ? common::api::IsoDate(exhibition.end_date()) : "";
}

}  // namespace

std::optional<v1::Project> LockProject(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("project_get_for_update", id), DecodeProject);
}

v1::Project UpdateProjectRecord(pqxx::transaction_base& tx, const std::string& id,
                                const v1::Project& project, const std::string& actor) {
  return DecodeProject(Row(tx.exec_prepared1("project_update", id, project.display_name(),
                                             project.description(), actor)));
}

std::optional<v1::Edition> FindEdition(pqxx::transaction_base& tx, const EditionRef& ref) {
  return FirstRowOf(tx.exec_prepared("edition_get", ref.edition_id, ref.project_id), DecodeEdition);
}

std::optional<v1::Edition> LockEdition(pqxx::transaction_base& tx, const EditionRef& ref) {
  return FirstRowOf(tx.exec_prepared("edition_get_for_update", ref.edition_id, ref.project_id),
                    DecodeEdition);
}

v1::Edition UpdateEditionRecord(pqxx::transaction_base& tx, const std::string& id,
                                const v1::Edition& edition, const std::string& actor) {
  return DecodeEdition(Row(tx.exec_prepared1(
      "edition_update", id, edition.display_name(), common::api::IsoDate(edition.start_date()),
      common::api::IsoDate(edition.end_date()), edition.venue(),
      edition.price_per_m2().minor_units(), EditionStatusText::Of(edition.status()),
      StandPricesText(edition.stand_prices()), actor)));
}

v1::CompetitorExhibition InsertCompetitorExhibition(pqxx::transaction_base& tx,
                                                    const std::string& id,
                                                    const v1::CompetitorExhibition& exhibition,
                                                    const std::string& actor) {
  return DecodeCompetitor(Row(tx.exec_prepared1(
      "competitor_exhibition_insert", id, exhibition.display_name(), exhibition.organizer(),
      exhibition.city(), PeriodicityText::Of(exhibition.periodicity()),
      OptionalDateText(exhibition, true), OptionalDateText(exhibition, false),
      exhibition.description(), actor)));
}

std::optional<v1::CompetitorExhibition> FindCompetitorExhibition(pqxx::transaction_base& tx,
                                                                 const std::string& id) {
  return FirstRowOf(tx.exec_prepared("competitor_exhibition_get", id), DecodeCompetitor);
}

std::optional<v1::CompetitorExhibition> LockCompetitorExhibition(pqxx::transaction_base& tx,
                                                                 const std::string& id) {
  return FirstRowOf(tx.exec_prepared("competitor_exhibition_get_for_update", id), DecodeCompetitor);
}

v1::CompetitorExhibition UpdateCompetitorExhibitionRecord(
    pqxx::transaction_base& tx, const std::string& id, const v1::CompetitorExhibition& exhibition,
    const std::string& actor) {
  return DecodeCompetitor(Row(tx.exec_prepared1(
      "competitor_exhibition_update", id, exhibition.display_name(), exhibition.organizer(),
      exhibition.city(), PeriodicityText::Of(exhibition.periodicity()),
      OptionalDateText(exhibition, true), OptionalDateText(exhibition, false),
      exhibition.description(), actor)));
}

Page<v1::CompetitorExhibition> ListCompetitorExhibitions(pqxx::transaction_base& tx,
                                                         const ListWindow& window) {
  return ReadListPage(tx, "competitor_exhibitions_list", window, {"display_name"},
                      DecodeCompetitor);
}

v1::Participation InsertParticipation(pqxx::transaction_base& tx, const std::string& id,
                                      const NewParticipation& participation, int year,
                                      const std::string& actor) {
  const std::string edition_id = participation.edition ? participation.edition->edition_id : "";
  return DecodeParticipation(Row(tx.exec_prepared1(
      "participation_insert", id, participation.client_id, edition_id,
      participation.competitor_exhibition_id, year, participation.area_dm2, actor)));
}

std::optional<v1::Participation> FindParticipation(pqxx::transaction_base& tx,
                                                   const ParticipationRef& ref) {
  return FirstRowOf(tx.exec_prepared("participation_get", ref.participation_id, ref.client_id),
                    DecodeParticipation);
}

std::optional<v1::Participation> FindSameParticipation(pqxx::transaction_base& tx,
                                                       const NewParticipation& participation) {
  const std::string edition_id = participation.edition ? participation.edition->edition_id : "";
  return FirstRowOf(tx.exec_prepared("participation_existing", participation.client_id, edition_id,
                                     participation.competitor_exhibition_id, participation.year),
                    DecodeParticipation);
}

std::optional<v1::Participation> DeleteParticipation(pqxx::transaction_base& tx,
                                                     const ParticipationRef& ref) {
  return FirstRowOf(tx.exec_prepared("participation_delete", ref.participation_id, ref.client_id),
                    DecodeParticipation);
}

Page<v1::Participation> ListParticipations(pqxx::transaction_base& tx,
                                           const ParticipationList& list) {
  // Newest first: the first page starts below every real (year, id).
  const std::string year = list.window.after ? list.window.after->sort : "10000";
  const std::string id =
      list.window.after ? list.window.after->id : "ffffffff-ffff-ffff-ffff-ffffffffffff";
  return ReadPageByName(tx.exec_prepared("participations_of_client", list.client_id, year, id,
                                         FetchLimit(list.window)),
                        list.window, "year", DecodeParticipation);
}

std::optional<std::string> ClientSurvivor(pqxx::transaction_base& tx, const std::string& id) {
  return FirstRowOf(tx.exec_prepared("client_survivor", id),
                    [](const Row& row) { return row.Text("id"); });
}

std::optional<std::pair<std::string, std::string>> WriteParticipationSale(
    pqxx::transaction_base& tx, const SaleOfClient& sale, const std::string& event_time) {
  return FirstRowOf(tx.exec_prepared("participation_sale_upsert", sale.sale_id, sale.client_id,
                                     sale.edition_id, sale.area_dm2, sale.active, event_time),
                    [](const Row& row) {
                      return std::make_pair(row.Text("previous_client_id"),
                                            row.Text("previous_edition_id"));
                    });
}

ActiveSales ActiveSalesOf(pqxx::transaction_base& tx, const std::string& client_id,
                          const std::string& edition_id) {
  const Row row(tx.exec_prepared1("participation_sales_total", client_id, edition_id));
  return {.count = row.Int64("sales"), .area_dm2 = row.Int64("area_dm2")};
}

std::optional<EditionParticipation> LockEditionParticipation(pqxx::transaction_base& tx,
                                                             const std::string& client_id,
                                                             const std::string& edition_id) {
  return FirstRowOf(tx.exec_prepared("participation_of_edition_for_update", client_id, edition_id),
                    [](const Row& row) {
                      return EditionParticipation{DecodeParticipation(row), row.Bool("from_sales")};
                    });
}

std::optional<v1::Participation> InsertParticipationFromSales(
    pqxx::transaction_base& tx, const std::string& id, const std::string& client_id,
    const std::string& edition_id, int64_t area_dm2, const std::string& actor, int fallback_year) {
  return FirstRowOf(tx.exec_prepared("participation_insert_from_sales", id, client_id, edition_id,
                                     area_dm2, actor, fallback_year),
                    DecodeParticipation);
}

v1::Participation SetParticipationArea(pqxx::transaction_base& tx, const std::string& id,
                                       int64_t area_dm2) {
  return DecodeParticipation(Row(tx.exec_prepared1("participation_set_area", id, area_dm2)));
}

}  // namespace crm::registry
