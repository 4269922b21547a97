#include <exception>
#include <memory>
#include <string>

#include "common/bus/consumer.h"
#include "common/grpc/service_host.h"
#include "services/accounting/api/accounting_api.h"
#include "services/accounting/events/document_events.h"
#include "services/accounting/store/exchange_directory.h"
#include "services/accounting/store/migrations.h"
#include "services/accounting/store/queries.h"

namespace {

using crm::common::EnvReader;
using crm::common::rpc::ServiceHost;

void Wire(ServiceHost& host, EnvReader& env) {
  std::string exchange_path = env.Required("CRM_EXCHANGE_DIR");
  if (exchange_path.empty()) {
    return;  // reported by env.Validate() after wiring
  }
  std::unique_ptr<crm::accounting::ExchangeDirectory> directory;
  try {
    directory = std::make_unique<crm::accounting::ExchangeDirectory>(exchange_path);
  } catch (const std::exception& e) {
    env.Problem(std::string("CRM_EXCHANGE_DIR: ") + e.what());
    return;
  }
  auto& exchange = host.Own(std::move(directory));
  host.AddService<crm::accounting::v1::AccountingService>(
      std::make_unique<crm::accounting::AccountingApi>(host.guard(), host.pool()));
  host.AddOutboxRelay();
  host.AddConsumer(crm::accounting::DocumentsConsumerOptions(),
                   crm::accounting::DocumentsRouter(exchange));
}

}  // namespace

int main(int argc, char** argv) {
  return crm::common::rpc::ServiceMain(
      argc, argv, {"accounting", crm::accounting::Migrations(), crm::accounting::Queries(), Wire});
}
