#include "services/documents/app/close_edition.h"

#include <optional>
#include <stdexcept>

#include "common/api/date.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/log.h"
#include "services/documents/app/issue_document.h"
#include "services/documents/domain/act.h"
#include "services/documents/store/document_store.h"

namespace crm::documents::app {

ClosingRun CloseEdition(common::db::Pool& pool, const std::string& edition,
                        std::chrono::year_month_day close_date, const std::string& caller) {
  const std::vector<store::ClosingCandidate> candidates =
      pool.InTransaction([&](pqxx::work& tx) { return store::ClosingCandidates(tx, edition); });
  ClosingRun run;
  for (const store::ClosingCandidate& listed : candidates) {
    // Returned, not collected inside: a retried transaction must not count its act twice.
    const std::optional<std::string> act =
        pool.InTransaction([&](pqxx::work& tx) -> std::optional<std::string> {
          // Under the sale's lock, as the invoice's changes take it: still in force, still no act.
          store::LockSale(tx, listed.sale_id);
          const std::vector<store::ClosingCandidate> now =
              store::ClosingCandidates(tx, edition, listed.sale_id);
          if (now.empty()) {
            return std::nullopt;  // amended, cancelled or closed meanwhile
          }
          const store::ClosingCandidate& sale = now.front();
          const std::optional<store::IssuerRecord> issuer = store::FindIssuer(tx, sale.issuer_id);
          if (!issuer) {
            throw std::runtime_error("issuer " + sale.issuer_id + " of an invoice is gone");
          }
          events::v1::DocumentIssued invoice;
          common::bus::FromJson(sale.invoice_snapshot, &invoice);
          DocumentOrigin origin;
          origin.issuer_id = sale.issuer_id;
          origin.doc_type = kActType;
          origin.sale_id = sale.sale_id;
          origin.manager = sale.manager;
          origin.edition = edition;
          origin.sale_as_of = sale.sale_as_of;
          origin.event_id = "close-edition:" + caller;
          return IssueDocument(tx, origin, close_date,
                               [&](std::chrono::year_month_day issue_date, int64_t sequence,
                                   const std::string& document_name) {
                                 return ComposeAct(invoice, issuer->issuer, issue_date, sequence,
                                                   document_name);
                               });
        });
    if (act) {
      run.issued.push_back(*act);
    }
  }
  run.acts_total = pool.InTransaction(
      [&](pqxx::work& tx) { return store::EditionDocumentCount(tx, edition, kActType); });
  return run;
}

int CloseDueEditions(common::db::Pool& pool, std::chrono::year_month_day today) {
  const std::vector<store::DueEdition> due = pool.InTransaction([&](pqxx::work& tx) {
    return store::EditionsDueForClosing(tx, common::api::IsoDate(today));
  });
  int issued = 0;
  for (const store::DueEdition& edition : due) {
    const std::optional<std::chrono::year_month_day> date =
        common::api::ParseIsoDate(edition.close_date);
    if (!date) {
      throw std::runtime_error("bad closing date " + edition.close_date);
    }
    const ClosingRun run = CloseEdition(pool, edition.edition, *date, "schedule");
    issued += static_cast<int>(run.issued.size());
    common::log::Info("edition closed", {{"edition", edition.edition},
                                         {"close_date", edition.close_date},
                                         {"acts_issued", run.issued.size()},
                                         {"acts_total", run.acts_total}});
  }
  return issued;
}

}  // namespace crm::documents::app
