#include "services/accounting/service.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <exception>
#include <memory>
#include <string>

#include "common/api/date.h"
#include "common/core/periodic.h"
#include "services/accounting/api/accounting_api.h"
#include "services/accounting/app/exchange.h"
#include "services/accounting/app/report_overdue_invoices.h"
#include "services/accounting/app/statement_inbox.h"
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
    // How documents go to 1C (docs/accounting-enterprise-data.md): EnterpriseData messages (the
    // default) or one JSON package per document (docs/accounting-exchange.md).
    const std::string format = env.Optional("CRM_ACCOUNTING_EXCHANGE_FORMAT", "enterprise_data");
    if (format != "enterprise_data" && format != "json") {
      env.Problem("CRM_ACCOUNTING_EXCHANGE_FORMAT: must be enterprise_data or json, not " + format);
      return;
    }
    const bool enterprise_data = format == "enterprise_data";
    app::ExchangeSettings exchange_settings;
    exchange_settings.node = env.Optional("CRM_ACCOUNTING_EXCHANGE_NODE", "CRM");
    exchange_settings.peer = env.Optional("CRM_ACCOUNTING_EXCHANGE_PEER", "BP");
    // 1C's cost items mapped to budget articles beyond the defaults (docs/accounting-enterprise-
    // data.md, "Costs from 1C"): "Наименование=article;...".
    try {
      exchange_settings.cost_items = domain::WithCostItems(
          domain::DefaultCostItemMapping(), env.Optional("CRM_ACCOUNTING_1C_COST_ITEMS", ""));
    } catch (const std::invalid_argument& e) {
      env.Problem(std::string("CRM_ACCOUNTING_1C_COST_ITEMS: ") + e.what());
      return;
    }
    for (const std::string* code : {&exchange_settings.node, &exchange_settings.peer}) {
      if (code->empty() || code->find_first_of("/\\. ") != std::string::npos) {
        env.Problem(
            "CRM_ACCOUNTING_EXCHANGE_NODE/PEER: a node code without '/', '\\', '.' or "
            "spaces, not \"" +
            *code + "\"");
        return;
      }
    }
    // Optional: a directory bank statements are dropped into (docs/accounting-bank-statements.md).
    const std::string inbox_path = env.Optional("CRM_BANK_INBOX_DIR", "");
    const int inbox_poll_ms = env.Int("CRM_BANK_INBOX_POLL_MS", 5000, 50, 600000);
    if (!inbox_path.empty()) {
      try {
        auto& inbox = host.Own(std::make_unique<app::StatementInbox>(
            host.pool(), inbox_path,
            app::StatementInboxOptions{std::chrono::milliseconds(inbox_poll_ms)}));
        host.AddWorker({[&inbox] { inbox.Start(); }, [&inbox] { inbox.Stop(); }});
      } catch (const std::exception& e) {
        env.Problem(std::string("CRM_BANK_INBOX_DIR: ") + e.what());
        return;
      }
    }
    // Invoices past their due date are reported once each (crm.accounting.invoice.overdue); every
    // replica may run the job (each invoice is claimed with FOR UPDATE SKIP LOCKED and marked).
    const int overdue_interval_ms =
        env.Int("CRM_ACCOUNTING_OVERDUE_INTERVAL_MS", 3600000, 100, 24 * 3600 * 1000);
    common::db::Pool& pool = host.pool();
    auto& overdue = host.Own(std::make_unique<common::PeriodicTask>(
        "report-overdue-invoices", std::chrono::milliseconds(overdue_interval_ms), [&pool] {
          app::ReportOverdueInvoices(
              pool, common::api::LocalDate(google::protobuf::util::TimeUtil::GetCurrentTime()));
        }));
    host.AddWorker({[&overdue] { overdue.Start(); }, [&overdue] { overdue.Stop(); }});
    // Takes 1C's message from the exchange directory and writes the next one when anything
    // waits (every CRM_ACCOUNTING_EXCHANGE_INTERVAL_MS, default 60000; 0: no worker, for a 1C that
    // exchanges over the API only).
    const int exchange_interval_ms =
        env.Int("CRM_ACCOUNTING_EXCHANGE_INTERVAL_MS", 60000, 0, 24 * 3600 * 1000);
    if (enterprise_data && exchange_interval_ms > 0) {
      auto& turn = host.Own(std::make_unique<common::PeriodicTask>(
          "enterprise-data-exchange", std::chrono::milliseconds(exchange_interval_ms),
          [&pool, exchange_settings, &exchange] {
            app::ExchangeTurn(pool, exchange_settings, exchange);
          }));
      host.AddWorker({[&turn] { turn.Start(); }, [&turn] { turn.Stop(); }});
    }
    host.AddService<v1::AccountingService>(std::make_unique<AccountingApi>(
        host.guard(), host.pool(),
        AccountingApi::Exchange{enterprise_data, exchange_settings, &exchange}));
    host.AddOutboxRelay();
    host.AddConsumers(Subscriptions(exchange, enterprise_data));
  };
  return {"accounting", Migrations(), Queries(), wire};
}

}  // namespace crm::accounting
