#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

// The sales whose package waits to be issued after their invoice (store/sql/package_jobs.sql).
namespace crm::documents::store {

// A sale's package to issue: the state of the sale its invoice shows.
struct PackageJob {
  int64_t id = 0;
  std::string sale_id;
  std::string event_id;    // the sale event the invoice was issued on
  std::string request_id;  // the request that caused it ('' for none)
  std::string sale_json;   // the SaleRecorded
  std::string sale_as_of;  // RFC 3339
  std::string issue_date;  // YYYY-MM-DD
  int attempts = 0;
};

void InsertPackageJob(pqxx::work& tx, const std::string& sale_id, const std::string& event_id,
                      const std::string& request_id, const std::string& sale_json,
                      const std::string& sale_as_of, const std::string& issue_date);
// The oldest due job no other transaction holds, locked until the transaction ends.
std::optional<PackageJob> NextPackageJob(pqxx::work& tx);
void DeletePackageJob(pqxx::work& tx, int64_t id);
// The job tried again after `delay_seconds`, `error` kept.
void PostponePackageJob(pqxx::work& tx, int64_t id, double delay_seconds, const std::string& error);

// How many packages wait.
int64_t PackageJobCount(pqxx::transaction_base& tx);

// The sale's current invoice as a package is issued beside it.
struct PackageInvoice {
  std::string issuer_id;
  std::string status;
  std::string snapshot;     // its DocumentIssued as JSON
  bool same_state = false;  // it shows the sale as of the job's instant
};
std::optional<PackageInvoice> InvoiceForPackage(pqxx::transaction_base& tx,
                                                const std::string& sale_id,
                                                const std::string& sale_as_of);

}  // namespace crm::documents::store
