// crm clients history|restore and crm contact-persons get|update|delete|undelete: a client's
// change history and the contact-person lifecycle (the groups are created in
// registry_commands.cpp).
#include <string>
#include <utility>
#include <vector>

#include "crm/registry/v1/registry.grpc.pb.h"
#include "tools/cli/commands.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;

void AddClientHistory(CLI::App& clients, Globals& globals) {
  struct History {
    reg::ListClientHistoryRequest request;
    int page_size = 0;
    bool include_merged = false;
  };
  auto history = std::make_shared<History>();
  auto* history_cmd = clients.add_subcommand(
      "history", "Every change of a client, newest first, with the fields it changed");
  history_cmd->add_option("name", *history->request.mutable_name(), "clients/<uuid>")->required();
  AddPaging(history_cmd, &history->page_size, history->request.mutable_page_token());
  history_cmd->add_flag("--include-merged", history->include_merged,
                        "Also the versions of the clients merged into this one");
  history_cmd->callback([&globals, history] {
    globals.action = [&globals, history] {
      history->request.set_page_size(history->page_size);
      history->request.set_include_merged(history->include_merged);
      reg::ListClientHistoryResponse response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListClientHistory(&ctx, history->request, &response);
          },
          response);
    };
  });

  struct Restore {
    reg::RestoreClientVersionRequest request;
    int version = 0;
  };
  auto restore = std::make_shared<Restore>();
  auto* restore_cmd = clients.add_subcommand(
      "restore", "Write the values of an earlier version back as a new version");
  restore_cmd->add_option("name", *restore->request.mutable_name(), "clients/<uuid>")->required();
  restore_cmd->add_option("--version", restore->version, "The version to bring back")->required();
  restore_cmd
      ->add_option("--etag", *restore->request.mutable_etag(),
                   "The etag of the client as last read")
      ->required();
  restore_cmd->callback([&globals, restore] {
    globals.action = [&globals, restore] {
      restore->request.set_version(restore->version);
      reg::Client response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->RestoreClientVersion(&ctx, restore->request, &response);
          },
          response);
    };
  });
}

void AddContactPersonLifecycle(CLI::App& persons, Globals& globals) {
  auto get = std::make_shared<reg::GetContactPersonRequest>();
  auto* get_cmd = persons.add_subcommand("get", "Show a contact person");
  get_cmd->add_option("name", *get->mutable_name(), "clients/<uuid>/contactPersons/<uuid>")
      ->required();
  get_cmd->callback([&globals, get] {
    globals.action = [&globals, get] {
      reg::ContactPerson response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->GetContactPerson(&ctx, *get, &response); },
          response);
    };
  });

  // The update mask names exactly the options given.
  struct Update {
    reg::UpdateContactPersonRequest request;
    std::vector<std::string> phones;
    std::vector<std::string> emails;
    bool mailing_consent = false;
    bool primary = false;
    std::string status;
    std::vector<std::pair<CLI::Option*, std::string>> fields;
  };
  auto update = std::make_shared<Update>();
  auto* p = update->request.mutable_contact_person();
  auto* update_cmd = persons.add_subcommand("update", "Change some fields of a contact person");
  update_cmd->add_option("name", *p->mutable_name(), "clients/<uuid>/contactPersons/<uuid>")
      ->required();
  update_cmd->add_option("--etag", *p->mutable_etag(), "The etag as last read")->required();
  update->fields = {
      {update_cmd->add_option("--full-name", *p->mutable_full_name(), "Full name"), "full_name"},
      {update_cmd->add_option("--position", *p->mutable_position(), "Position"), "position"},
      {update_cmd->add_option("--phone", update->phones, "Phone (repeat for several)"), "phones"},
      {update_cmd->add_option("--email", update->emails, "E-mail (repeat for several)"), "emails"},
      {update_cmd->add_option("--mailing-consent", update->mailing_consent,
                              "Agreed to receive mailings: true or false"),
       "mailing_consent"},
      {update_cmd->add_option("--primary", update->primary, "The client's main contact"),
       "primary"},
      {update_cmd->add_option("--status", update->status, "active or left")
           ->check(CLI::IsMember({"active", "left"})),
       "status"},
  };
  update_cmd->callback([&globals, update] {
    globals.action = [&globals, update] {
      auto* person = update->request.mutable_contact_person();
      update->request.clear_update_mask();
      for (const auto& [option, path] : update->fields) {
        if (option->count() > 0) {
          update->request.mutable_update_mask()->add_paths(path);
        }
      }
      // As for clients: "--email ''" clears the list.
      person->clear_phones();
      for (const std::string& phone : update->phones) {
        if (!phone.empty()) {
          person->add_phones()->set_number(phone);
        }
      }
      person->clear_emails();
      for (const std::string& email : update->emails) {
        if (!email.empty()) {
          person->add_emails(email);
        }
      }
      person->set_mailing_consent(update->mailing_consent);
      person->set_primary(update->primary);
      person->set_status(update->status == "left" ? reg::CONTACT_PERSON_STATUS_LEFT
                                                  : reg::CONTACT_PERSON_STATUS_ACTIVE);
      reg::ContactPerson response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->UpdateContactPerson(&ctx, update->request, &response);
          },
          response);
    };
  });

  auto remove = std::make_shared<reg::DeleteContactPersonRequest>();
  auto* delete_cmd = persons.add_subcommand("delete", "Delete a contact person (undoable)");
  delete_cmd->add_option("name", *remove->mutable_name(), "clients/<uuid>/contactPersons/<uuid>")
      ->required();
  delete_cmd->add_option("--etag", *remove->mutable_etag(), "The etag as last read")->required();
  delete_cmd->callback([&globals, remove] {
    globals.action = [&globals, remove] {
      reg::ContactPerson response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->DeleteContactPerson(&ctx, *remove, &response);
          },
          response);
    };
  });

  auto undelete = std::make_shared<reg::UndeleteContactPersonRequest>();
  auto* undelete_cmd = persons.add_subcommand("undelete", "Bring a deleted contact person back");
  undelete_cmd
      ->add_option("name", *undelete->mutable_name(), "clients/<uuid>/contactPersons/<uuid>")
      ->required();
  undelete_cmd->callback([&globals, undelete] {
    globals.action = [&globals, undelete] {
      reg::ContactPerson response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->UndeleteContactPerson(&ctx, *undelete, &response);
          },
          response);
    };
  });
}

}  // namespace

void AddClientCommands(CLI::App& app, Globals& globals) {
  AddClientHistory(*app.get_subcommand("clients"), globals);
  AddContactPersonLifecycle(*app.get_subcommand("contact-persons"), globals);
}

}  // namespace crm::cli
