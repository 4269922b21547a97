#include "services/accounting/service.h"

#include <exception>
#include <memory>
#include <string>

#include "services/accounting/api/accounting_api.h"
#include "services/accounting/events/handlers.h"
#include "services/accounting/store/exchange_directory.h"
#include "services/accounting/store/migrations.h"
#include "services/accounting/store/queries.h"

namespace crm::accounting {

common::rpc::ServiceDefinition Definition() {
  auto wire = [](common::rpc::ServiceHost& host, common::EnvReader& env) {
    std::string exchange_path = env.Required("CRM_EXCHANGE_DIR");
    if (exchange_path.empty()) {
      return;  // reported by env.Validate() after wiring
    }
    std::unique_ptr<ExchangeDirectory> directory;
    try {
      directory = std::make_unique<ExchangeDirectory>(exchange_path);
    } catch (const std::exception& e) {
      env.Problem(std::string("CRM_EXCHANGE_DIR: ") + e.what());
      return;
    }
    const ExchangeDirectory& exchange = host.Own(std::move(directory));
    host.AddService<v1::AccountingService>(
        std::make_unique<AccountingApi>(host.guard(), host.pool()));
    host.AddOutboxRelay();
    host.AddConsumers(Subscriptions(exchange));
  };
  return {"accounting", Migrations(), Queries(), wire};
}

}  // namespace crm::accounting
