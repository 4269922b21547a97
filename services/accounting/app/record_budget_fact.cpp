#include "services/accounting/app/record_budget_fact.h"

#include <string_view>

#include "common/bus/consumer.h"
#include "services/accounting/app/event_date.h"
#include "services/accounting/store/budget_store.h"

namespace crm::accounting::app {
namespace {

constexpr std::string_view kSpaceUnit = "м²";

bool IsClosingDocument(const std::string& type) {
  return type == "ACT" || type == "UPD" || type == "UKD";
}

std::string ClosingDocumentId(const std::string& name, std::string_view field) {
  return common::bus::ResourceIdOrPoison(name, "documents", field);
}

}  // namespace

void RecordIssuedClosingDocument(pqxx::work& tx, const crm::events::v1::DocumentIssued& event,
                                 const std::string& event_id) {
  if (!IsClosingDocument(event.type())) {
    return;
  }
  const std::string issue_date = EventIsoDate(event.issue_date(), "issue_date");
  ClosingDocumentRecord document;
  document.document_id = ClosingDocumentId(event.document(), "document");
  document.kind = event.type();
  document.number = event.number();
  if (!event.edition().empty()) {
    common::bus::ChildResourceIdsOrPoison(event.edition(), "projects", "editions", "edition");
    document.edition = event.edition();
  }
  document.issue_date = issue_date;
  for (const auto& line : event.lines()) {
    if (line.unit() == kSpaceUnit) {
      document.area_milli += line.quantity_milli();
      document.space_kopecks += line.net_amount().minor_units();
    }
  }
  document.net_kopecks = event.net_amount().minor_units();
  const std::string& superseded = !event.corrects().empty() ? event.corrects() : event.replaces();
  if (!superseded.empty()) {
    document.supersedes =
        ClosingDocumentId(superseded, !event.corrects().empty() ? "corrects" : "replaces");
  }
  document.source_event_id = event_id;
  if (BudgetStore::InsertClosingDocument(tx, document) && !document.supersedes.empty()) {
    BudgetStore::SetClosingDocumentState(tx, document.supersedes, "replaced");
  }
}

void RecordAnnulledClosingDocument(pqxx::work& tx, const crm::events::v1::DocumentAnnulled& event) {
  if (!IsClosingDocument(event.type())) {
    return;
  }
  BudgetStore::SetClosingDocumentState(tx, ClosingDocumentId(event.document(), "document"),
                                       "annulled");
}

}  // namespace crm::accounting::app
