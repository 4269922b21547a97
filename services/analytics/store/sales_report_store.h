#pragma once

#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "common/api/page_token.h"
#include "common/auth/access.h"
#include "services/analytics/domain/drill.h"
#include "services/analytics/domain/lead_source_report.h"
#include "services/analytics/domain/rating_report.h"
#include "services/analytics/domain/sales_report.h"
#include "services/analytics/domain/team_report.h"

// The period sales report's and the readiness funnel's sections (store/sql/sales_report.sql),
// each one grouped query over what the caller reaches.
namespace crm::analytics {

// `reach` is the caller's read scope for reports (common::auth::ReadScope): everything, else
// their own records and, for a head of sales, their department unit's.
using Reach = common::auth::ListScope;

// A listed record with the key its page token carries.
template <class Record>
struct Keyed {
  common::api::TimeKey key;
  Record record;
};

class SalesReportStore {
 public:
  static std::vector<domain::SalesCell> Sales(pqxx::transaction_base& tx,
                                              const domain::SalesReportQuery& q,
                                              const Reach& reach);
  static std::vector<domain::ContactCell> Contacts(pqxx::transaction_base& tx,
                                                   const domain::SalesReportQuery& q,
                                                   const Reach& reach);
  // Refusals of the current period by reason.
  static std::vector<domain::KeyCount> Refusals(pqxx::transaction_base& tx,
                                                const domain::SalesReportQuery& q,
                                                const Reach& reach);
  // Display names of the employees, departments and editions among `keys`.
  static std::map<std::string, std::string> Names(pqxx::transaction_base& tx,
                                                  const std::set<std::string>& keys);
  // The edition's display name ("" when unknown by name), nullopt when the projection knows
  // nothing of the edition.
  static std::optional<std::string> EditionDisplayName(pqxx::transaction_base& tx,
                                                       const std::string& edition);
  // Distinct clients contacted per period and project team (cells with `clients` only).
  static std::vector<domain::ContactCell> TeamClients(pqxx::transaction_base& tx,
                                                      const domain::SalesReportQuery& q,
                                                      const Reach& reach);
  // The names of the projects among `teams` ("projects/{project}").
  static std::map<std::string, std::string> TeamNames(pqxx::transaction_base& tx,
                                                      const std::set<std::string>& teams);
  // Their members now.
  static std::vector<domain::TeamMemberCell> TeamMembers(pqxx::transaction_base& tx,
                                                         const std::set<std::string>& teams);
  static void UpsertTeamMember(pqxx::transaction_base& tx, const domain::TeamMemberRow& row);
  // Lead-source effectiveness over both periods (the query's grouping is not read).
  static std::vector<domain::LeadSourceCell> LeadSources(pqxx::transaction_base& tx,
                                                         const domain::SalesReportQuery& q,
                                                         const Reach& reach);
  static void InsertRating(pqxx::transaction_base& tx, const domain::RatingRow& row);
  // Every score 1..5 with its clients, ratings and their sales.
  static std::vector<domain::RatingCell> RatingDistribution(pqxx::transaction_base& tx,
                                                            const domain::RatingQuery& q,
                                                            const Reach& reach);
  // The records behind a report figure (store/sql/drill.sql), by (time, id) after `after`, at
  // most `limit`.
  static std::vector<Keyed<crm::analytics::v1::ReportSale>> DrillSales(
      pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
      const std::optional<common::api::TimeKey>& after, int limit);
  // The payments behind received_amount, by (payment date, payment id).
  static std::vector<Keyed<crm::analytics::v1::ReportPayment>> DrillPayments(
      pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
      const std::optional<common::api::TimeKey>& after, int limit);
  static std::vector<Keyed<crm::analytics::v1::ReportContact>> DrillContacts(
      pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
      const std::optional<common::api::TimeKey>& after, int limit);
  // Planned contacts by (scheduled time, id).
  static std::vector<Keyed<crm::analytics::v1::ReportContact>> DrillOpenContacts(
      pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
      const std::optional<common::api::TimeKey>& after, int limit);
  // The clients behind clients_contacted or converted_clients (by their first counted contact,
  // then id), or behind a rating report's clients (by their latest rating's time, then id).
  static std::vector<Keyed<crm::analytics::v1::ReportClient>> DrillCountedClients(
      pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
      const std::optional<common::api::TimeKey>& after, int limit);
  // A rating bucket's ratings by (record time, id).
  static std::vector<Keyed<crm::analytics::v1::ReportRating>> DrillRatings(
      pqxx::transaction_base& tx, const domain::DrillQuery& q, const Reach& reach,
      const std::optional<common::api::TimeKey>& after, int limit);
  // The clients behind a figure, by (assessment time, client id) for a funnel stage, by (entry
  // into the base, client id) for the market analysis's; the funnel's over `reach`.
  static std::vector<Keyed<crm::analytics::v1::ReportClient>> DrillClients(
      pqxx::transaction_base& tx, const domain::ClientDrillQuery& q, const Reach& reach,
      const std::optional<common::api::TimeKey>& after, int limit);
  static std::vector<domain::FunnelCell> Funnel(pqxx::transaction_base& tx,
                                                const std::string& edition, const Reach& reach);
};

}  // namespace crm::analytics
