#include <memory>

#include "common/bus/consumer.h"
#include "common/grpc/service_host.h"
#include "services/documents/api/documents_api.h"
#include "services/documents/events/employee_departments.h"
#include "services/documents/events/sale_invoicing.h"
#include "services/documents/store/migrations.h"
#include "services/documents/store/queries.h"

namespace {

void Wire(crm::common::rpc::ServiceHost& host, crm::common::EnvReader& env) {
  // A sale that arrives before any issuer is configured is retried (backoff capped at 30 s)
  // rather than dead-lettered, for about two hours by default, so setting up the issuer late
  // still invoices it.
  crm::common::bus::ConsumerOptions options = crm::documents::SalesConsumerOptions();
  options.max_deliver = env.Int("CRM_DOCUMENTS_SALE_MAX_DELIVER", 240, 1, 100000);

  host.AddService<crm::documents::v1::DocumentService>(
      std::make_unique<crm::documents::DocumentsApi>(host.guard(), host.pool()));
  host.AddOutboxRelay();

  crm::common::bus::EventRouter router;
  crm::documents::RegisterSaleHandlers(router);
  host.AddConsumer(options, std::move(router));

  crm::common::bus::EventRouter employees_router;
  crm::documents::RegisterEmployeeHandlers(employees_router);
  host.AddConsumer(crm::documents::EmployeesConsumerOptions(), std::move(employees_router));
}

}  // namespace

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(
      argc, argv, {"documents", crm::documents::Migrations(), crm::documents::Queries(), Wire});
}
