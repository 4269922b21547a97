// crm mailing ...: saved mailing selections, exports (CSV and address labels) and returned mail
// (MailingService).
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "crm/registry/v1/mailing.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;
using Mailings = reg::MailingService::Stub;

template <class Request, class Response>
using Command = UnaryCommand<Mailings, Request, Response>;

// The selection's fields as options; `masked` learns which were given (for an update mask).
struct SelectionOptions {
  std::vector<std::string> regions, districts, industries;
  bool subscribed_only = false;
  bool valid_postal_only = false;
  bool personal = false;

  void Add(CLI::App* command, reg::MailingSelection* selection, MaskedOptions* masked) {
    masked->Add(command->add_option("--display-name", *selection->mutable_display_name(),
                                    "Name of the selection"),
                "display_name");
    masked->Add(command->add_option("--description", *selection->mutable_description(),
                                    "What the selection is for"),
                "description");
    auto* filter = selection->mutable_filter();
    std::vector<CLI::Option*> filter_options = {
        command->add_option("--query", *filter->mutable_query(), "Clients: name fragment"),
        command->add_option("--inn", *filter->mutable_inn(), "Clients: exact INN"),
        command->add_option("--region", regions, "Clients: region code, e.g. 63 (repeatable)"),
        command->add_option("--district", districts,
                            "Clients: federal district, e.g. VOLGA (repeatable)"),
        command->add_option("--industry", industries, "Clients: industry code (repeatable)")};
    for (CLI::Option* option : filter_options) {
      masked->Add(option, "filter");
    }
    masked->Add(command->add_flag("--subscribed-only", subscribed_only,
                                  "One letter per contact person who consented to mailings"),
                "subscribed_only");
    masked->Add(command->add_flag("--valid-postal-only", valid_postal_only,
                                  "Only complete postal addresses not marked invalid"),
                "valid_postal_address_only");
  }

  void Fill(reg::MailingSelection* selection) const {
    auto* filter = selection->mutable_filter();
    filter->clear_region_codes();
    for (const auto& region : regions) {
      filter->add_region_codes(region);
    }
    filter->clear_federal_district_codes();
    for (const auto& district : districts) {
      filter->add_federal_district_codes(district);
    }
    filter->clear_industry_codes();
    for (const auto& industry : industries) {
      filter->add_industry_codes(industry);
    }
    selection->set_subscribed_only(subscribed_only);
    selection->set_valid_postal_address_only(valid_postal_only);
    selection->set_personal(personal);
  }
};

void AddSelectionCommands(CLI::App& group, Globals& globals) {
  Command<reg::CreateMailingSelectionRequest, reg::MailingSelection> create(
      &group, globals, "create-selection", "Save a selection of mailing recipients",
      &Mailings::CreateMailingSelection, StubFor<reg::MailingService>);
  auto create_options = std::make_shared<SelectionOptions>();
  auto create_masked = std::make_shared<MaskedOptions>();
  create_options->Add(create.command, create.request->mutable_mailing_selection(),
                      create_masked.get());
  create.command->add_flag("--personal", create_options->personal,
                           "Only you see it (analysts keep shared ones)");
  create.command->add_option("--request-id", *create.request->mutable_request_id(),
                             "Idempotency key");
  create.Then([create_options](reg::CreateMailingSelectionRequest& r) {
    create_options->Fill(r.mutable_mailing_selection());
  });

  Command<reg::GetMailingSelectionRequest, reg::MailingSelection> get(
      &group, globals, "get-selection", "Show a selection", &Mailings::GetMailingSelection,
      StubFor<reg::MailingService>);
  get.command->add_option("name", *get.request->mutable_name(), "mailingSelections/<uuid>")
      ->required();

  Command<reg::ListMailingSelectionsRequest, reg::ListMailingSelectionsResponse> list(
      &group, globals, "list-selections", "The shared selections and your own",
      &Mailings::ListMailingSelections, StubFor<reg::MailingService>);
  list.WithPaging();

  Command<reg::UpdateMailingSelectionRequest, reg::MailingSelection> update(
      &group, globals, "update-selection",
      "Change the fields given (the filter as a whole when any filter option is given)",
      &Mailings::UpdateMailingSelection, StubFor<reg::MailingService>);
  auto* selection = update.request->mutable_mailing_selection();
  update.command->add_option("name", *selection->mutable_name(), "mailingSelections/<uuid>")
      ->required();
  update.command->add_option("--etag", *selection->mutable_etag(), "The etag as last read")
      ->required();
  auto update_options = std::make_shared<SelectionOptions>();
  auto update_masked = std::make_shared<MaskedOptions>();
  update_options->Add(update.command, selection, update_masked.get());
  update.Then([update_options, update_masked](reg::UpdateMailingSelectionRequest& r) {
    update_options->Fill(r.mutable_mailing_selection());
    update_masked->Fill(r.mutable_update_mask());
  });

  Command<reg::DeleteMailingSelectionRequest, reg::MailingSelection> remove(
      &group, globals, "delete-selection", "Delete a selection (its exports stay)",
      &Mailings::DeleteMailingSelection, StubFor<reg::MailingService>);
  remove.command->add_option("name", *remove.request->mutable_name(), "mailingSelections/<uuid>")
      ->required();
  remove.command->add_option("--etag", *remove.request->mutable_etag(), "The etag as last read")
      ->required();
}

void AddExportCommands(CLI::App& group, Globals& globals) {
  Command<reg::CreateMailingExportRequest, reg::MailingExport> create(
      &group, globals, "export", "Fix a selection's recipients and addresses for a mailing",
      &Mailings::CreateMailingExport, StubFor<reg::MailingService>);
  create.command
      ->add_option("selection", *create.request->mutable_selection(), "mailingSelections/<uuid>")
      ->required();
  create.command->add_option("--request-id", *create.request->mutable_request_id(),
                             "Idempotency key");

  Command<reg::GetMailingExportRequest, reg::MailingExport> get(
      &group, globals, "get-export", "Show an export", &Mailings::GetMailingExport,
      StubFor<reg::MailingService>);
  get.command->add_option("name", *get.request->mutable_name(), "mailingExports/<uuid>")
      ->required();

  struct Download {
    reg::DownloadMailingExportRequest request;
    std::string format = "csv";
    std::string output;
  };
  auto download = std::make_shared<Download>();
  auto* download_cmd = group.add_subcommand(
      "download", "Save an export as CSV (Excel, ';') or as A4 address labels (PDF)");
  download_cmd->add_option("name", *download->request.mutable_name(), "mailingExports/<uuid>")
      ->required();
  download_cmd->add_option("--format", download->format, "csv or labels")
      ->check(CLI::IsMember({"csv", "labels"}));
  download_cmd->add_option("-o,--output", download->output,
                           "File to write (default: the export's file name, here)");
  download_cmd->callback([&globals, download] {
    globals.action = [&globals, download] {
      download->request.set_format(download->format == "labels"
                                       ? reg::MAILING_EXPORT_FORMAT_LABELS_PDF
                                       : reg::MAILING_EXPORT_FORMAT_CSV);
      std::string file, file_name, content_type;
      auto stub = StubFor<reg::MailingService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            auto reader = stub->DownloadMailingExport(&ctx, download->request);
            reg::MailingExportChunk chunk;
            while (reader->Read(&chunk)) {
              if (!chunk.file_name().empty()) {
                file_name = chunk.file_name();
                content_type = chunk.content_type();
              }
              file += chunk.data();
            }
            return reader->Finish();
          },
          [&]() {
            const std::string path =
                download->output.empty() ? SafeFileName(file_name) : download->output;
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out.write(file.data(), static_cast<std::streamsize>(file.size()));
            out.close();
            if (!out) {
              std::cerr << "crm: cannot write " << path << "\n";
              return 1;
            }
            std::cout << "wrote " << path << " (" << file.size() << " bytes, " << content_type
                      << ")" << std::endl;
            return 0;
          });
    };
  });

  Command<reg::MarkReturnedMailRequest, reg::MarkReturnedMailResponse> returned(
      &group, globals, "returned-mail",
      "Letters of an export came back: mark the addresses invalid (analysts' queue)",
      &Mailings::MarkReturnedMail, StubFor<reg::MailingService>);
  returned.command->add_option("name", *returned.request->mutable_name(), "mailingExports/<uuid>")
      ->required();
  auto rows = std::make_shared<std::vector<int>>();
  returned.command->add_option("--row", *rows, "Row number of the export (repeatable)");
  returned.WithList("--client", "clients/<uuid> of the export (repeatable)",
                    &reg::MarkReturnedMailRequest::clear_clients,
                    &reg::MarkReturnedMailRequest::add_clients);
  returned.command->add_option("--problem", *returned.request->mutable_problem(),
                               "What the post said");
  returned.command->add_option("--comment", *returned.request->mutable_comment(), "Comment");
  returned.Then([rows](reg::MarkReturnedMailRequest& r) {
    r.clear_row_numbers();
    for (int row : *rows) {
      r.add_row_numbers(row);
    }
  });
}

}  // namespace

void AddMailingCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand(
      "mailing", "Postal mailings: saved selections, exports (CSV, labels), returned mail");
  group->require_subcommand(1);
  AddSelectionCommands(*group, globals);
  AddExportCommands(*group, globals);
}

}  // namespace crm::cli
