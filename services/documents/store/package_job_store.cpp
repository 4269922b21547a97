#include "services/documents/store/package_job_store.h"

#include "common/db/row.h"
#include "common/db/rows.h"

namespace crm::documents::store {

using common::db::FirstRowOf;
using common::db::Row;

void InsertPackageJob(pqxx::work& tx, const std::string& sale_id, const std::string& event_id,
                      const std::string& request_id, const std::string& sale_json,
                      const std::string& sale_as_of, const std::string& issue_date) {
  tx.exec_prepared("package_job_insert", sale_id, event_id, request_id, sale_json, sale_as_of,
                   issue_date);
}

std::optional<PackageJob> NextPackageJob(pqxx::work& tx) {
  return FirstRowOf(tx.exec_prepared("package_job_next"), [](const Row& row) {
    return PackageJob{row.Int64("id"),        row.Text("sale_id"),  row.Text("event_id"),
                      row.Text("request_id"), row.Text("sale"),     row.Text("sale_as_of"),
                      row.Text("issue_date"), row.Int32("attempts")};
  });
}

void DeletePackageJob(pqxx::work& tx, int64_t id) { tx.exec_prepared("package_job_delete", id); }

void PostponePackageJob(pqxx::work& tx, int64_t id, double delay_seconds,
                        const std::string& error) {
  tx.exec_prepared("package_job_postpone", id, delay_seconds, error);
}

int64_t PackageJobCount(pqxx::transaction_base& tx) {
  return Row(tx.exec_prepared("package_job_count")[0]).Int64("waiting");
}

std::optional<PackageInvoice> InvoiceForPackage(pqxx::transaction_base& tx,
                                                const std::string& sale_id,
                                                const std::string& sale_as_of) {
  return FirstRowOf(tx.exec_prepared("package_job_invoice", sale_id, sale_as_of),
                    [](const Row& row) {
                      return PackageInvoice{row.Text("issuer_id"), row.Text("status"),
                                            row.Text("snapshot"), row.Bool("same_state")};
                    });
}

}  // namespace crm::documents::store
