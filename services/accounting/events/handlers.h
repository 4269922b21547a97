#pragma once

#include <vector>

#include "common/bus/consumer.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/accounting/store/exchange_directory.h"

// Everything accounting consumes: issued and annulled documents (crm.documents.document.issued,
// .annulled), each exported once as a package for 1C, and invoices kept in accounting's copy for
// matching payments and receivables; registry's employees (crm.registry.employee.updated), each
// one's department unit, for a head of sales' reach. What it emits is in events/published.h.
namespace crm::accounting {

// The durable consumer "accounting-documents" on "crm.documents.document.>".
common::bus::ConsumerOptions DocumentsConsumerOptions();

// A router with app::ExportDocument and app::RecordIssuedInvoice on document.issued,
// app::ExportAnnulment and app::RecordAnnulledInvoice on document.annulled; `exchange` must
// outlive it.
// `enterprise_data`: documents are queued for the 1C EnterpriseData exchange (app/exchange.h);
// otherwise each is written as a JSON package (app/export_document.h).
common::bus::EventRouter DocumentsRouter(const ExchangeDirectory& exchange,
                                         bool enterprise_data = false);

// The durable consumer "accounting-employees" on "crm.registry.employee.>".
common::bus::ConsumerOptions EmployeesConsumerOptions();

// A router keeping each employee's department unit from employee.updated (an older event never
// overwrites a newer one; a malformed name is a PoisonEvent).
common::bus::EventRouter EmployeesRouter();

// Every consumer of accounting (documents, then employees), for ServiceHost::AddConsumers;
// `exchange` must outlive them.
std::vector<common::bus::Subscription> Subscriptions(const ExchangeDirectory& exchange,
                                                     bool enterprise_data = false);

}  // namespace crm::accounting
