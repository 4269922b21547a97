#pragma once

#include "common/grpc/service_host.h"

namespace crm::documents {

// crm-documents as one unit: its migrations, its statements and how it is assembled in a
// ServiceHost — its API, the outbox relay and the consumers of sales and of employees. main.cpp
// serves it; the integration tests start the same assembly (testing::RunningService). Settings
// beyond the common ones: CRM_DOCUMENTS_SALE_MAX_DELIVER (see Subscriptions),
// CRM_DOCUMENTS_CLOSE_INTERVAL_MS, CRM_DOCUMENTS_SALE_PACKAGE (domain/sale_package.h),
// CRM_DOCUMENTS_PACKAGE_POLL_MS and CRM_DOCUMENTS_PACKAGE_RENDER_THREADS (the package worker).
common::rpc::ServiceDefinition Definition();

}  // namespace crm::documents
