#pragma once

#include <vector>

#include "common/bus/consumer.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "services/accounting/store/exchange_directory.h"

// Everything accounting consumes: issued and annulled documents (crm.documents.document.issued,
// .annulled), each exported once as a package for 1C, and invoices kept in accounting's copy for
// matching payments and receivables; registry's employees (crm.registry.employee.updated), each
// one's department unit, for a head of sales' reach; registry's editions
// (crm.registry.edition.created, .updated) for budgets; registry's clients
// (crm.registry.client.created, .updated, .undeleted, .restored), their requisites and bank
// accounts for the 1C exchange. Closing documents (acts, УПД, УКД) are
// the fact of budgets' income. What it emits is in events/published.h.
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

// The durable consumer "accounting-editions" on "crm.registry.edition.>".
common::bus::ConsumerOptions EditionsConsumerOptions();

// A router keeping accounting's copy of the editions (names, dates, price list) from
// edition.created and edition.updated, guarded by ce-time like the employees' copy.
common::bus::EventRouter EditionsRouter();

// The durable consumer "accounting-clients" on "crm.registry.client.>".
common::bus::ConsumerOptions ClientsConsumerOptions();

// A router keeping accounting's copy of the clients' requisites and bank accounts
// (app::RecordClient) from client.created, .updated, .undeleted and .restored, guarded by ce-time
// like the employees' copy; a client whose counterparty went to 1C has its changed bank accounts
// queued for the next exchange message.
common::bus::EventRouter ClientsRouter();

// Every consumer of accounting (documents, employees, editions, then clients), for
// ServiceHost::AddConsumers; `exchange` must outlive them.
std::vector<common::bus::Subscription> Subscriptions(const ExchangeDirectory& exchange,
                                                     bool enterprise_data = false);

}  // namespace crm::accounting
