// crm clients | contact-persons | projects | editions | employees: the registry service.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "crm/registry/v1/registry.grpc.pb.h"
#include "tools/cli/client_filter_options.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;

template <class Enum, class Parse>
Enum ParseEnum(const std::string& name, Parse parse, const char* option) {
  Enum value;
  if (!parse(name, &value)) {
    throw CLI::ValidationError(option, "unknown value " + name);
  }
  return value;
}

// The client model's options beyond the original requisites; lists are repeated options.
struct ClientModelOptions {
  std::string legal_form;
  std::string lead_source_kind;
  std::vector<std::string> phones;
  std::vector<std::string> emails;
  std::vector<std::string> okved_codes;
  std::vector<std::string> bank_accounts;
};

// Adds the options; returns each with the update-mask path it sets.
std::vector<std::pair<CLI::Option*, std::string>> AddClientModelOptions(CLI::App* command,
                                                                        ClientModelOptions* model,
                                                                        reg::Client* c) {
  auto* legal = c->mutable_legal_address_details();
  auto* postal = c->mutable_postal_address();
  return {
      {command->add_option("--legal-form", model->legal_form, "OOO, AO, PAO, ZAO, IP, KFH, ..."),
       "legal_form"},
      {command->add_option("--phone", model->phones, "Phone (repeat for several)"), "phones"},
      {command->add_option("--email", model->emails, "E-mail (repeat for several)"), "emails"},
      {command->add_option("--okved", model->okved_codes, "OKVED code (repeat, main first)"),
       "okved_codes"},
      {command->add_option("--bank-account", model->bank_accounts,
                           "Bank account as BIK:ACCOUNT[:CORRESPONDENT_ACCOUNT[:BANK NAME]] "
                           "(repeat, main first)"),
       "bank_accounts"},
      {command->add_option("--industry", *c->mutable_industry_code(), "Industry code, e.g. agro"),
       "industry_code"},
      {command->add_option("--legal-postal-code", *legal->mutable_postal_code(),
                           "Legal address: postal code"),
       "legal_address_details"},
      {command->add_option("--legal-region", *legal->mutable_region_code(),
                           "Legal address: region code, e.g. 63"),
       "legal_address_details"},
      {command->add_option("--legal-city", *legal->mutable_city(), "Legal address: city"),
       "legal_address_details"},
      {command->add_option("--legal-street", *legal->mutable_street_line(),
                           "Legal address: street, house, office"),
       "legal_address_details"},
      {command->add_option("--postal-code", *postal->mutable_postal_code(),
                           "Postal address: postal code"),
       "postal_address"},
      {command->add_option("--postal-region", *postal->mutable_region_code(),
                           "Postal address: region code"),
       "postal_address"},
      {command->add_option("--postal-city", *postal->mutable_city(), "Postal address: city"),
       "postal_address"},
      {command->add_option("--postal-street", *postal->mutable_street_line(),
                           "Postal address: street, house, office"),
       "postal_address"},
      {command->add_option("--website", *c->mutable_website(), "Website"), "website"},
      {command->add_option("--lead-source-kind", model->lead_source_kind,
                           "How the client came: exhibition_visitor | website | incoming_call | "
                           "referral | outbound | email_campaign | social_media | other"),
       "lead_source_kind"},
      {command->add_option("--lead-source", *c->mutable_lead_source(),
                           "Which exhibition, referrer or campaign"),
       "lead_source"},
      {command->add_option("--notes", *c->mutable_notes(), "Notes"), "notes"},
      {command->add_option("--head-client", *c->mutable_head_client(),
                           "clients/<uuid> of the head company (for a branch)"),
       "head_client"},
  };
}

// "BIK:ACCOUNT[:CORRESPONDENT_ACCOUNT[:BANK NAME]]"; the bank's name may hold colons itself.
reg::BankAccount ParseBankAccount(const std::string& text) {
  reg::BankAccount account;
  std::string* parts[] = {account.mutable_bik(), account.mutable_account(),
                          account.mutable_correspondent_account()};
  std::size_t start = 0;
  for (std::string* part : parts) {
    const std::size_t colon = text.find(':', start);
    *part = text.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (colon == std::string::npos) {
      return account;
    }
    start = colon + 1;
  }
  account.set_bank_name(text.substr(start));
  return account;
}

void ApplyClientModelOptions(const ClientModelOptions& model, reg::Client* client) {
  if (!model.legal_form.empty()) {
    client->set_legal_form(ParseEnum<reg::LegalForm>("LEGAL_FORM_" + model.legal_form,
                                                     reg::LegalForm_Parse, "--legal-form"));
  }
  if (!model.lead_source_kind.empty()) {
    client->set_lead_source_kind(static_cast<reg::LeadSourceKind>(
        ParseEnumNumber(*reg::LeadSourceKind_descriptor(), "LEAD_SOURCE_KIND_",
                        model.lead_source_kind, "--lead-source-kind")));
  }
  // An empty value adds nothing, so "--email ''" clears the list (the update mask still names
  // it) instead of sending an empty address the service rejects.
  client->clear_phones();
  for (const std::string& phone : model.phones) {
    if (!phone.empty()) {
      client->add_phones()->set_number(phone);
    }
  }
  client->clear_emails();
  for (const std::string& email : model.emails) {
    if (!email.empty()) {
      client->add_emails(email);
    }
  }
  client->clear_okved_codes();
  for (const std::string& code : model.okved_codes) {
    if (!code.empty()) {
      client->add_okved_codes(code);
    }
  }
  client->clear_bank_accounts();
  for (const std::string& text : model.bank_accounts) {
    if (!text.empty()) {
      *client->add_bank_accounts() = ParseBankAccount(text);
    }
  }
}

void AddClients(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("clients", "The client base");
  group->require_subcommand(1);

  // Options the client model's create and update share; lists are repeated options.
  struct Create {
    reg::CreateClientRequest request;
    ClientModelOptions model;
  };
  auto create = std::make_shared<Create>();
  auto* c = create->request.mutable_client();
  auto* create_cmd = group->add_subcommand("create", "Create a client");
  create_cmd->add_option("--display-name", *c->mutable_display_name(), "Short name")->required();
  create_cmd->add_option("--legal-name", *c->mutable_legal_name(), "Full legal name")->required();
  create_cmd->add_option("--inn", *c->mutable_inn(), "INN, 10 or 12 digits")->required();
  create_cmd->add_option("--kpp", *c->mutable_kpp(), "KPP, 9 characters");
  create_cmd->add_option("--ogrn", *c->mutable_ogrn(), "OGRN (13) or OGRNIP (15 digits)");
  create_cmd->add_option("--address", *c->mutable_legal_address(), "Legal address on one line");
  create_cmd->add_option("--request-id", *create->request.mutable_request_id(),
                         "Idempotency key: repeating it returns the client created first");
  AddClientModelOptions(create_cmd, &create->model, c);
  create_cmd->callback([&globals, create] {
    globals.action = [&globals, create] {
      ApplyClientModelOptions(create->model, create->request.mutable_client());
      reg::Client response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->CreateClient(&ctx, create->request, &response);
          },
          response);
    };
  });

  auto get = std::make_shared<reg::GetClientRequest>();
  auto* get_cmd = group->add_subcommand("get", "Show a client");
  get_cmd->add_option("name", *get->mutable_name(), "clients/<uuid>")->required();
  get_cmd->callback([&globals, get] {
    globals.action = [&globals, get] {
      reg::Client response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals, [&](grpc::ClientContext& ctx) { return stub->GetClient(&ctx, *get, &response); },
          response);
    };
  });

  // Each editable field's option; the update mask names exactly the options given, so a field
  // can be cleared with an empty value ("--email ''").
  struct Update {
    reg::UpdateClientRequest request;
    ClientModelOptions model;
    std::vector<std::pair<CLI::Option*, std::string>> fields;
  };
  auto update = std::make_shared<Update>();
  auto* u = update->request.mutable_client();
  auto* update_cmd =
      group->add_subcommand("update", "Change some fields of a client (the INN never changes)");
  update_cmd->add_option("name", *u->mutable_name(), "clients/<uuid>")->required();
  update_cmd->add_option("--etag", *u->mutable_etag(), "The etag of the client as last read")
      ->required();
  update->fields = {
      {update_cmd->add_option("--display-name", *u->mutable_display_name(), "Short name"),
       "display_name"},
      {update_cmd->add_option("--legal-name", *u->mutable_legal_name(), "Full legal name"),
       "legal_name"},
      {update_cmd->add_option("--kpp", *u->mutable_kpp(), "KPP, 9 characters"), "kpp"},
      {update_cmd->add_option("--ogrn", *u->mutable_ogrn(), "OGRN (13) or OGRNIP (15 digits)"),
       "ogrn"},
      {update_cmd->add_option("--address", *u->mutable_legal_address(), "Legal address"),
       "legal_address"},
  };
  for (auto& field : AddClientModelOptions(update_cmd, &update->model, u)) {
    update->fields.push_back(std::move(field));
  }
  update_cmd->callback([&globals, update] {
    globals.action = [&globals, update] {
      ApplyClientModelOptions(update->model, update->request.mutable_client());
      update->request.clear_update_mask();
      for (const auto& [option, path] : update->fields) {
        if (option->count() > 0) {
          update->request.mutable_update_mask()->add_paths(path);
        }
      }
      reg::Client response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->UpdateClient(&ctx, update->request, &response);
          },
          response);
    };
  });

  auto remove = std::make_shared<reg::DeleteClientRequest>();
  auto* delete_cmd = group->add_subcommand("delete", "Delete a client (it can be undeleted)");
  delete_cmd->add_option("name", *remove->mutable_name(), "clients/<uuid>")->required();
  delete_cmd->add_option("--etag", *remove->mutable_etag(), "The etag of the client as last read")
      ->required();
  delete_cmd->callback([&globals, remove] {
    globals.action = [&globals, remove] {
      reg::Client response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->DeleteClient(&ctx, *remove, &response); },
          response);
    };
  });

  auto undelete = std::make_shared<reg::UndeleteClientRequest>();
  auto* undelete_cmd = group->add_subcommand("undelete", "Bring a deleted client back");
  undelete_cmd->add_option("name", *undelete->mutable_name(), "clients/<uuid>")->required();
  undelete_cmd->callback([&globals, undelete] {
    globals.action = [&globals, undelete] {
      reg::Client response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->UndeleteClient(&ctx, *undelete, &response);
          },
          response);
    };
  });

  struct Search {
    reg::SearchClientsRequest request;
    int page_size = 0;
    bool show_deleted = false;
    bool count = false;
    std::vector<std::string> regions, districts, industries, states, forms;
    std::string order;
  };
  auto search = std::make_shared<Search>();
  auto* search_cmd = group->add_subcommand(
      "search", "Find clients by name (typos forgiven), INN, phone, e-mail, region, industry...");
  auto* f = search->request.mutable_filter();
  search_cmd->add_option("--query", *f->mutable_query(), "Name fragment");
  search_cmd->add_option("--inn", *f->mutable_inn(), "Exact INN");
  search_cmd->add_option("--phone", *f->mutable_phone(), "Phone in any formatting");
  search_cmd->add_option("--email", *f->mutable_email(), "E-mail address");
  search_cmd->add_option("--region", search->regions, "Region code, e.g. 63 (repeatable)");
  search_cmd->add_option("--district", search->districts,
                         "Federal district: CENTRAL, VOLGA, ... (repeatable)");
  search_cmd->add_option("--industry", search->industries, "Industry code (repeatable)");
  search_cmd->add_option("--state", search->states,
                         "PENDING_VERIFICATION, VERIFIED, REJECTED or FLAGGED (repeatable)");
  search_cmd->add_option("--legal-form", search->forms, "OOO, AO, PAO, IP, ... (repeatable)");
  search_cmd->add_option("--head-client", *f->mutable_head_client(),
                         "clients/<uuid>: that company's branches");
  search_cmd->add_option("--order", search->order, "name, created, updated or relevance")
      ->check(CLI::IsMember({"name", "created", "updated", "relevance"}));
  search_cmd->add_flag("--show-deleted", search->show_deleted, "Include deleted clients");
  search_cmd->add_flag("--count", search->count,
                       "Also count every client the filter matches (totalSize; slow with --query)");
  auto organisation = ClientFilterOptions::AddOrganisation(search_cmd);
  AddPaging(search_cmd, &search->page_size, search->request.mutable_page_token());
  search_cmd->callback([&globals, search, organisation] {
    globals.action = [&globals, search, organisation] {
      auto* filter = search->request.mutable_filter();
      organisation->Fill(filter);
      for (const auto& region : search->regions) {
        filter->add_region_codes(region);
      }
      for (const auto& district : search->districts) {
        filter->add_federal_district_codes(district);
      }
      for (const auto& industry : search->industries) {
        filter->add_industry_codes(industry);
      }
      for (const auto& state : search->states) {
        filter->add_verification_states(ParseEnum<reg::VerificationState>(
            "VERIFICATION_STATE_" + state, reg::VerificationState_Parse, "--state"));
      }
      for (const auto& form : search->forms) {
        filter->add_legal_forms(
            ParseEnum<reg::LegalForm>("LEGAL_FORM_" + form, reg::LegalForm_Parse, "--legal-form"));
      }
      static const std::map<std::string, reg::ClientOrder> kOrders = {
          {"name", reg::CLIENT_ORDER_DISPLAY_NAME},
          {"created", reg::CLIENT_ORDER_CREATE_TIME},
          {"updated", reg::CLIENT_ORDER_UPDATE_TIME},
          {"relevance", reg::CLIENT_ORDER_RELEVANCE}};
      if (!search->order.empty()) {
        search->request.set_order_by(kOrders.at(search->order));
      }
      search->request.set_page_size(search->page_size);
      search->request.set_show_deleted(search->show_deleted);
      search->request.set_include_total_size(search->count);
      reg::SearchClientsResponse response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->SearchClients(&ctx, search->request, &response);
          },
          response);
    };
  });
}

void AddContactPersons(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("contact-persons", "People at clients");
  group->require_subcommand(1);

  auto create = std::make_shared<reg::CreateContactPersonRequest>();
  auto* p = create->mutable_contact_person();
  auto* create_cmd = group->add_subcommand("create", "Add a contact person to a client");
  create_cmd->add_option("--client", *create->mutable_parent(), "clients/<uuid>")->required();
  create_cmd->add_option("--full-name", *p->mutable_full_name(), "Full name")->required();
  create_cmd->add_option("--position", *p->mutable_position(), "Position");
  auto phones = std::make_shared<std::vector<std::string>>();
  auto emails = std::make_shared<std::vector<std::string>>();
  create_cmd->add_option("--phone", *phones, "Phone (repeat for several)");
  create_cmd->add_option("--email", *emails, "E-mail (repeat for several)");
  auto flags = std::make_shared<std::pair<bool, bool>>(false, false);
  create_cmd->add_flag("--mailing-consent", flags->first, "Agreed to receive mailings");
  create_cmd->add_flag("--primary", flags->second, "The client's main contact");
  create_cmd->add_option("--request-id", *create->mutable_request_id(), "Idempotency key");
  create_cmd->callback([&globals, create, phones, emails, flags] {
    globals.action = [&globals, create, phones, emails, flags] {
      auto* person = create->mutable_contact_person();
      person->set_mailing_consent(flags->first);
      person->set_primary(flags->second);
      person->clear_phones();
      for (const std::string& phone : *phones) {
        person->add_phones()->set_number(phone);
      }
      person->clear_emails();
      for (const std::string& email : *emails) {
        person->add_emails(email);
      }
      reg::ContactPerson response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->CreateContactPerson(&ctx, *create, &response);
          },
          response);
    };
  });

  struct List {
    reg::ListContactPersonsRequest request;
    int page_size = 0;
    bool show_deleted = false;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "A client's contact persons");
  list_cmd->add_option("--client", *list->request.mutable_parent(), "clients/<uuid>")->required();
  list_cmd->add_flag("--show-deleted", list->show_deleted, "Include deleted persons");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    globals.action = [&globals, list] {
      list->request.set_show_deleted(list->show_deleted);
      list->request.set_page_size(list->page_size);
      reg::ListContactPersonsResponse response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListContactPersons(&ctx, list->request, &response);
          },
          response);
    };
  });
}

void AddProjects(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("projects", "Exhibition projects");
  group->require_subcommand(1);

  auto create = std::make_shared<reg::CreateProjectRequest>();
  auto* p = create->mutable_project();
  auto* create_cmd = group->add_subcommand("create", "Create a project");
  create_cmd->add_option("--display-name", *p->mutable_display_name(), "Name")->required();
  create_cmd->add_option("--description", *p->mutable_description(), "Description");
  create_cmd->add_option("--request-id", *create->mutable_request_id(), "Idempotency key");
  create_cmd->callback([&globals, create] {
    globals.action = [&globals, create] {
      reg::Project response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->CreateProject(&ctx, *create, &response); },
          response);
    };
  });

  struct List {
    reg::ListProjectsRequest request;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "List projects");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    globals.action = [&globals, list] {
      list->request.set_page_size(list->page_size);
      reg::ListProjectsResponse response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListProjects(&ctx, list->request, &response);
          },
          response);
    };
  });
}

void AddEditions(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("editions", "Yearly editions of a project");
  group->require_subcommand(1);

  struct Create {
    reg::CreateEditionRequest request;
    std::string start, end, price;
  };
  auto create = std::make_shared<Create>();
  auto* e = create->request.mutable_edition();
  auto* create_cmd = group->add_subcommand("create", "Create an edition");
  create_cmd->add_option("--project", *create->request.mutable_parent(), "projects/<uuid>")
      ->required();
  create_cmd->add_option("--display-name", *e->mutable_display_name(), "e.g. Волга-Строй 2027")
      ->required();
  create_cmd->add_option("--start", create->start, "First day, YYYY-MM-DD")->required();
  create_cmd->add_option("--end", create->end, "Last day, YYYY-MM-DD")->required();
  create_cmd
      ->add_option("--price-per-m2", create->price,
                   "Price of 1 m² in roubles excluding VAT, e.g. 8000 or 8000.50")
      ->required();
  create_cmd->add_option("--venue", *e->mutable_venue(), "Venue");
  create_cmd->add_option("--request-id", *create->request.mutable_request_id(), "Idempotency key");
  create_cmd->callback([&globals, create] {
    // Parsed here so that a malformed value is reported before any call is made.
    auto* edition = create->request.mutable_edition();
    *edition->mutable_start_date() = ParseDate(create->start);
    *edition->mutable_end_date() = ParseDate(create->end);
    edition->mutable_price_per_m2()->set_currency_code("RUB");
    edition->mutable_price_per_m2()->set_minor_units(ParseRublesToKopecks(create->price));
    globals.action = [&globals, create] {
      reg::Edition response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->CreateEdition(&ctx, create->request, &response);
          },
          response);
    };
  });

  struct List {
    reg::ListEditionsRequest request;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "A project's editions");
  list_cmd->add_option("--project", *list->request.mutable_parent(), "projects/<uuid>")->required();
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    globals.action = [&globals, list] {
      list->request.set_page_size(list->page_size);
      reg::ListEditionsResponse response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListEditions(&ctx, list->request, &response);
          },
          response);
    };
  });
}

void AddEmployees(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("employees", "Staff directory");
  group->require_subcommand(1);

  auto create = std::make_shared<reg::CreateEmployeeRequest>();
  auto* e = create->mutable_employee();
  auto* create_cmd = group->add_subcommand(
      "create", "Add an employee (in no department: an admin runs employees set-department)");
  create_cmd->add_option("--full-name", *e->mutable_full_name(), "Full name")->required();
  create_cmd->add_option("--email", *e->mutable_email(), "E-mail")->required();
  create_cmd->add_option("--request-id", *create->mutable_request_id(), "Idempotency key");
  create_cmd->callback([&globals, create] {
    globals.action = [&globals, create] {
      reg::Employee response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->CreateEmployee(&ctx, *create, &response); },
          response);
    };
  });

  struct List {
    reg::ListEmployeesRequest request;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "List employees");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    globals.action = [&globals, list] {
      list->request.set_page_size(list->page_size);
      reg::ListEmployeesResponse response;
      auto stub = StubFor<reg::RegistryService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListEmployees(&ctx, list->request, &response);
          },
          response);
    };
  });
}

}  // namespace

void AddRegistryCommands(CLI::App& app, Globals& globals) {
  AddClients(app, globals);
  AddContactPersons(app, globals);
  AddProjects(app, globals);
  AddEditions(app, globals);
  AddEmployees(app, globals);
}

}  // namespace crm::cli
