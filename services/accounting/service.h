#pragma once

#include "common/grpc/service_host.h"

namespace crm::accounting {

// crm-accounting as one unit: its migrations, its statements and how it is assembled in a
// ServiceHost — its API, the outbox relay and the consumer of issued documents, which writes the
// exchange files for 1C. main.cpp serves it; the integration tests start the same assembly
// (testing::RunningService).
// Settings beyond the common ones: CRM_EXCHANGE_DIR (required), the directory 1C reads;
// CRM_BANK_INBOX_DIR and CRM_BANK_INBOX_POLL_MS (optional), the bank statements' inbox;
// CRM_ACCOUNTING_OVERDUE_INTERVAL_MS (default an hour), how often overdue invoices are looked for;
// CRM_ACCOUNTING_EXCHANGE_FORMAT (enterprise_data, the default, or json), _NODE, _PEER and
// _INTERVAL_MS, the 1C exchange (docs/accounting-enterprise-data.md).
common::rpc::ServiceDefinition Definition();

}  // namespace crm::accounting
