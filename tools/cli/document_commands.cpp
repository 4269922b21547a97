// crm issuers | documents (documents service), crm exports (accounting), crm report (analytics).
#include <chrono>
#include <fstream>
#include <iostream>

#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"
#include "crm/documents/v1/documents.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

namespace docs = crm::documents::v1;

void AddIssuers(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("issuers", "Our legal entities that issue documents");
  group->require_subcommand(1);

  struct Create {
    docs::CreateIssuerRequest request;
    bool primary = false;
    int payment_term_days = 0;
  };
  auto opts = std::make_shared<Create>();
  auto* create = &opts->request;
  auto* i = create->mutable_issuer();
  auto* create_cmd = group->add_subcommand("create", "Add an issuer");
  create_cmd->add_option("--legal-name", *i->mutable_legal_name(), "Full legal name")->required();
  create_cmd->add_option("--inn", *i->mutable_inn(), "INN")->required();
  create_cmd->add_option("--kpp", *i->mutable_kpp(), "KPP")->required();
  create_cmd->add_option("--ogrn", *i->mutable_ogrn(), "OGRN")->required();
  create_cmd->add_option("--address", *i->mutable_address(), "Legal address")->required();
  create_cmd->add_option("--bank-name", *i->mutable_bank_name(), "Bank")->required();
  create_cmd->add_option("--bik", *i->mutable_bik(), "BIK, 9 digits")->required();
  create_cmd
      ->add_option("--settlement-account", *i->mutable_settlement_account(),
                   "Settlement account, 20 digits")
      ->required();
  create_cmd
      ->add_option("--correspondent-account", *i->mutable_correspondent_account(),
                   "Correspondent account, 20 digits")
      ->required();
  create_cmd->add_option("--director", *i->mutable_director(), "Director, as signed");
  create_cmd->add_option("--payment-term-days", opts->payment_term_days,
                         "Days a buyer has to pay an invoice, 1-90 (default 5)");
  create_cmd->add_option("--chief-accountant", *i->mutable_chief_accountant(),
                         "Chief accountant, as signed");
  create_cmd->add_flag("--primary", opts->primary, "Issue sales' documents from this entity");
  create_cmd->add_option("--request-id", *create->mutable_request_id(), "Idempotency key");
  create_cmd->callback([&globals, opts] {
    opts->request.mutable_issuer()->set_primary(opts->primary);
    opts->request.mutable_issuer()->set_payment_term_days(opts->payment_term_days);
    globals.action = [&globals, opts] {
      docs::Issuer response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->CreateIssuer(&ctx, opts->request, &response);
          },
          response);
    };
  });

  struct List {
    docs::ListIssuersRequest request;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "List issuers");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    list->request.set_page_size(list->page_size);
    globals.action = [&globals, list] {
      docs::ListIssuersResponse response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListIssuers(&ctx, list->request, &response);
          },
          response);
    };
  });
}

void AddDocuments(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand(
      "documents",
      "Documents issued for sales (invoices, acts, VAT invoices, advance VAT invoices)");
  group->require_subcommand(1);

  struct List {
    docs::ListDocumentsRequest request;
    int page_size = 0;
    std::string type;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "List documents");
  list_cmd->add_option("--type", list->type,
                       "invoice | act | vat_invoice | advance_vat_invoice (default: every kind)");
  list_cmd->add_option("--sale", *list->request.mutable_sale(), "sales/<uuid> (default: all)");
  list_cmd->add_option(
      "--manager", *list->request.mutable_manager(),
      "employees/<uuid>: one manager's sales (a sales manager sees only their own)");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    list->request.set_page_size(list->page_size);
    if (!list->type.empty()) {
      list->request.set_type(ParseEnum<docs::DocumentType>(docs::DocumentType_descriptor(),
                                                           "DOCUMENT_TYPE_", list->type, "--type"));
    }
    globals.action = [&globals, list] {
      docs::ListDocumentsResponse response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListDocuments(&ctx, list->request, &response);
          },
          response);
    };
  });

  auto get = std::make_shared<docs::GetDocumentRequest>();
  auto* get_cmd = group->add_subcommand("get", "Show a document");
  get_cmd->add_option("name", *get->mutable_name(), "documents/<uuid>")->required();
  get_cmd->callback([&globals, get] {
    globals.action = [&globals, get] {
      docs::Document response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) { return stub->GetDocument(&ctx, *get, &response); },
          response);
    };
  });

  struct Download {
    docs::DownloadDocumentRequest request;
    std::string output;
  };
  auto download = std::make_shared<Download>();
  auto* download_cmd = group->add_subcommand("download", "Save a document's PDF");
  download_cmd->add_option("name", *download->request.mutable_name(), "documents/<uuid>")
      ->required();
  download_cmd->add_option("-o,--output", download->output,
                           "File to write (default: the document's file name, in the current "
                           "directory)");
  download_cmd->callback([&globals, download] {
    globals.action = [&globals, download] {
      docs::DownloadDocumentResponse response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->DownloadDocument(&ctx, download->request, &response);
          },
          [&]() {
            std::string path =
                download->output.empty() ? SafeFileName(response.file_name()) : download->output;
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out.write(response.content().data(),
                      static_cast<std::streamsize>(response.content().size()));
            out.close();
            if (!out) {
              std::cerr << "crm: cannot write " << path << "\n";
              return 1;
            }
            std::cout << "wrote " << path << " (" << response.content().size() << " bytes, "
                      << response.content_type() << ")" << std::endl;
            return 0;
          });
    };
  });

  struct Close {
    docs::CloseEditionRequest request;
    std::string date;
  };
  auto close = std::make_shared<Close>();
  auto* close_cmd = group->add_subcommand(
      "close-edition",
      "Issue the acts of an edition's sales once the show has taken place (again: only the "
      "missing ones)");
  close_cmd
      ->add_option("edition", *close->request.mutable_edition(),
                   "projects/<uuid>/editions/<uuid>, or a part of its display name")
      ->required();
  close_cmd->add_option("--date", close->date, "The acts' date, YYYY-MM-DD (default: today)");
  close_cmd->callback([&globals, close] {
    globals.action = [&globals, close] {
      close->request.set_edition(EditionNamed(globals, close->request.edition()));
      if (!close->date.empty()) {
        *close->request.mutable_close_date() = ParseDate(close->date);
      }
      docs::CloseEditionResponse response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->CloseEdition(&ctx, close->request, &response);
          },
          response);
    };
  });
}

}  // namespace

void AddDocumentCommands(CLI::App& app, Globals& globals) {
  AddIssuers(app, globals);
  AddDocuments(app, globals);
}

void AddAccountingCommands(CLI::App& app, Globals& globals) {
  namespace acc = crm::accounting::v1;
  auto* group = app.add_subcommand("exports", "Export packages written for 1C");
  group->require_subcommand(1);

  struct List {
    acc::ListExportsRequest request;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "List export packages");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    list->request.set_page_size(list->page_size);
    globals.action = [&globals, list] {
      acc::ListExportsResponse response;
      auto stub = StubFor<acc::AccountingService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListExports(&ctx, list->request, &response);
          },
          response);
    };
  });

  auto get = std::make_shared<acc::GetExportRequest>();
  auto* get_cmd = group->add_subcommand("get", "Show an export package");
  get_cmd->add_option("name", *get->mutable_name(), "exports/<uuid>")->required();
  get_cmd->callback([&globals, get] {
    globals.action = [&globals, get] {
      acc::Export response;
      auto stub = StubFor<acc::AccountingService>(globals);
      return RunCall(
          globals, [&](grpc::ClientContext& ctx) { return stub->GetExport(&ctx, *get, &response); },
          response);
    };
  });
}

void AddAnalyticsCommands(CLI::App& app, Globals& globals) {
  namespace ana = crm::analytics::v1;
  auto* group = app.add_subcommand("report", "Reports built from the event stream");
  group->require_subcommand(1);

  struct Manager {
    ana::GetManagerReportRequest request;
    std::string from, to;
  };
  auto manager = std::make_shared<Manager>();
  auto* manager_cmd = group->add_subcommand(
      "manager", "A manager's contacts by type and result, sales in m² and money");
  manager_cmd->add_option("--manager", *manager->request.mutable_manager(),
                          "employees/<uuid> (default: the employee --as acts as)");
  manager_cmd->add_option("--from", manager->from,
                          "Period start, inclusive (RFC 3339; default: this month's first day, "
                          "local time)");
  manager_cmd->add_option("--to", manager->to,
                          "Period end, exclusive (RFC 3339; default: next month's first day)");
  manager_cmd->callback([&globals, manager] {
    const auto month = LocalMonthAround(std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
    *manager->request.mutable_start_time() =
        manager->from.empty() ? month.first : ParseTimestamp(manager->from, "--from");
    *manager->request.mutable_end_time() =
        manager->to.empty() ? month.second : ParseTimestamp(manager->to, "--to");
    globals.action = [&globals, manager] {
      if (manager->request.manager().empty()) {
        manager->request.set_manager(globals.ActingSubject());
        if (manager->request.manager().empty()) {
          throw ArgumentError(
              "report manager: give --manager employees/<uuid> (with --token the "
              "command line does not know whose report you mean)");
        }
      }
      ana::ManagerReport response;
      auto stub = StubFor<ana::AnalyticsService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->GetManagerReport(&ctx, manager->request, &response);
          },
          response);
    };
  });
}

}  // namespace crm::cli
