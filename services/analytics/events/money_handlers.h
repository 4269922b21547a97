#pragma once

#include "common/bus/consumer.h"

namespace crm::analytics {

// Money invoiced and received: invoices (crm.documents.document.issued, .annulled) and the
// payments applied to them (crm.accounting.payment.received, .matched, .unmatched). A refund
// (payment.refunded, .refund_undone) returns money no invoice took, and invoice.paid follows from
// the shares: neither changes what the projection keeps, so they are acknowledged and skipped.
void AddMoneyRoutes(common::bus::EventRouter& router);

}  // namespace crm::analytics
