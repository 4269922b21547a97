// crm history <name> and crm history restore <name>: the change history of a contact person,
// project, edition or group, and writing an earlier version back (RegistryService's
// ListResourceHistory and RestoreResourceVersion; a client's history is `crm clients history`).
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <memory>
#include <string>

#include "crm/registry/v1/registry.grpc.pb.h"
#include "tools/cli/commands.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;

constexpr char kNames[] =
    "clients/<uuid>/contactPersons/<uuid>, projects/<uuid>, projects/<uuid>/editions/<uuid> or "
    "groups/<uuid>";

// Prints the resource packed in `packed` as its own type (a ContactPerson, Project, ...).
int PrintPacked(const Globals& globals, const google::protobuf::Any& packed) {
  const std::string type = packed.type_url().substr(packed.type_url().rfind('/') + 1);
  const google::protobuf::Descriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
  if (descriptor == nullptr) {
    return PrintResponse(globals, packed);
  }
  std::unique_ptr<google::protobuf::Message> resource(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor)->New());
  if (!packed.UnpackTo(resource.get())) {
    return PrintResponse(globals, packed);
  }
  return PrintResponse(globals, *resource);
}

}  // namespace

void AddHistoryCommands(CLI::App& app, Globals& globals) {
  struct History {
    reg::ListResourceHistoryRequest request;
    int page_size = 0;
  };
  auto history = std::make_shared<History>();
  auto* history_cmd = app.add_subcommand(
      "history",
      "Every change of a contact person, project, edition or group, newest first, with the "
      "fields it changed");
  history_cmd->add_option("name", *history->request.mutable_name(), kNames);
  AddPaging(history_cmd, &history->page_size, history->request.mutable_page_token());

  struct Restore {
    reg::RestoreResourceVersionRequest request;
    int version = 0;
  };
  auto restore = std::make_shared<Restore>();
  auto* restore_cmd = history_cmd->add_subcommand(
      "restore", "Write the values of an earlier version back as a new version");
  restore_cmd->add_option("name", *restore->request.mutable_name(), kNames)->required();
  restore_cmd->add_option("--version", restore->version, "The version to bring back")->required();
  restore_cmd
      ->add_option("--etag", *restore->request.mutable_etag(),
                   "The etag of the resource as last read")
      ->required();
  restore_cmd->callback([&globals, restore] {
    globals.action = [&globals, restore] {
      restore->request.set_version(restore->version);
      reg::RestoreResourceVersionResponse response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->RestoreResourceVersion(&ctx, restore->request, &response);
          },
          [&] { return PrintPacked(globals, response.resource()); });
    };
  });

  history_cmd->callback([&globals, history, restore_cmd] {
    if (restore_cmd->parsed()) {
      return;  // `crm history restore ...` set its own action
    }
    if (history->request.name().empty()) {
      throw CLI::RequiredError("name");
    }
    globals.action = [&globals, history] {
      history->request.set_page_size(history->page_size);
      reg::ListResourceHistoryResponse response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListResourceHistory(&ctx, history->request, &response);
          },
          response);
    };
  });
}

}  // namespace crm::cli
