// crm exchange run | status | receive: the 1C exchange in its universal format (EnterpriseData;
// docs/accounting-enterprise-data.md), by hand: write the next message, see the numbering, apply
// a message 1C wrote.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {

void AddExchangeCommands(CLI::App& app, Globals& globals) {
  namespace acc = crm::accounting::v1;
  using Stub = acc::AccountingService::Stub;
  auto connect = [](const Globals& g) { return StubFor<acc::AccountingService>(g); };

  auto* exchange =
      app.add_subcommand("exchange", "The 1C exchange in its universal format (EnterpriseData)");
  exchange->require_subcommand(1);

  struct Run {
    acc::RunExchangeRequest request;
    bool if_pending = false;
    std::string save;
  };
  auto run = std::make_shared<Run>();
  auto* run_cmd = exchange->add_subcommand(
      "run", "Write the next message for 1C (everything changed or not yet confirmed)");
  run_cmd->add_flag("--if-pending", run->if_pending,
                    "Write nothing when nothing waits to be sent or acknowledged");
  run_cmd->add_option("--save", run->save, "Also save the message's XML to this file");
  run_cmd->callback([&globals, run] {
    run->request.set_only_if_pending(run->if_pending);
    globals.action = [&globals, run] {
      acc::ExchangeMessage response;
      auto stub = StubFor<acc::AccountingService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->RunExchange(&ctx, run->request, &response);
          },
          [&] {
            if (!run->save.empty() && response.message_no() > 0) {
              std::ofstream(run->save, std::ios::binary) << response.content();
            }
            if (globals.output != "table") {
              return PrintResponse(globals, response);
            }
            if (response.message_no() == 0) {
              std::printf("nothing to send\n");
            } else {
              std::printf("message %lld (acknowledges 1C's %lld): %d objects, %s\n",
                          static_cast<long long>(response.message_no()),
                          static_cast<long long>(response.received_no()), response.object_count(),
                          response.file_name().c_str());
            }
            return 0;
          });
    };
  });

  UnaryCommand<Stub, acc::GetExchangeStatusRequest, acc::ExchangeStatus> status(
      exchange, globals, "status", "The exchange's message numbers and what waits",
      &Stub::GetExchangeStatus, connect);

  UnaryCommand<Stub, acc::ReceiveExchangeMessageRequest, acc::ReceiveExchangeMessageResponse>
      receive(exchange, globals, "receive",
              "Apply a message from 1C (Message_BP_CRM.xml): its confirmation and payments",
              &Stub::ReceiveExchangeMessage, connect);
  auto path = std::make_shared<std::string>();
  receive.command->add_option("file", *path, "1C's message (EnterpriseData XML)")->required();
  receive.Then([path](acc::ReceiveExchangeMessageRequest& r) {
    r.set_content(ReadFile(*path));
    r.set_file_name(std::filesystem::path(*path).filename().string());
  });
}

}  // namespace crm::cli
