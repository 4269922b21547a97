// crm issuers | documents (documents service), crm exports (accounting), crm report (analytics).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <tuple>
#include <utility>
#include <vector>

#include "common/core/text.h"
#include "crm/accounting/v1/accounting.grpc.pb.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"
#include "crm/documents/v1/documents.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"
#include "tools/cli/report_export.h"
#include "tools/cli/unary_command.h"

namespace crm::cli {
namespace {

namespace docs = crm::documents::v1;

// Writes a downloaded file to `output`, or under its own (sanitised) name in the current
// directory; returns the exit code.
template <class Downloaded>
int WriteDownloaded(const std::string& output, const Downloaded& response) {
  const std::string path = output.empty() ? SafeFileName(response.file_name()) : output;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(response.content().data(), static_cast<std::streamsize>(response.content().size()));
  out.close();
  if (!out) {
    std::cerr << "crm: cannot write " << path << "\n";
    return 1;
  }
  std::cout << "wrote " << path << " (" << response.content().size() << " bytes, "
            << response.content_type() << ")" << std::endl;
  return 0;
}

// The content type of a scan from its file name's extension ("" when it is none accepted).
std::string ScanContentType(const std::string& path) {
  const auto dot = path.rfind('.');
  const std::string extension =
      common::LowerAscii(dot == std::string::npos ? "" : path.substr(dot + 1));
  if (extension == "pdf") {
    return "application/pdf";
  }
  if (extension == "jpg" || extension == "jpeg") {
    return "image/jpeg";
  }
  if (extension == "png") {
    return "image/png";
  }
  return "";
}

// crm documents render-draft | issue: a draft rendered again from the sale's current state, or
// issued with the next number of its series.
void AddDocumentDrafts(CLI::App* group, Globals& globals) {
  using Stub = docs::DocumentService::Stub;
  auto connect = [](const Globals& g) { return StubFor<docs::DocumentService>(g); };
  UnaryCommand<Stub, docs::RenderDocumentDraftRequest, docs::Document> render(
      group, globals, "render-draft",
      "Render a draft again with the sale, issuer and template as they are now",
      &Stub::RenderDocumentDraft, connect);
  render.command->add_option("name", *render.request->mutable_name(), "documents/<uuid>")
      ->required();
  render.command->add_option("--etag", *render.request->mutable_etag(), "The etag as last read")
      ->required();
  UnaryCommand<Stub, docs::IssueDocumentRequest, docs::Document> issue(
      group, globals, "issue", "Issue a draft: its number, the final PDF, document.issued",
      &Stub::IssueDocument, connect);
  issue.command->add_option("name", *issue.request->mutable_name(), "documents/<uuid>")->required();
  issue.command
      ->add_option("--etag", *issue.request->mutable_etag(), "The draft's etag as reviewed")
      ->required();
}

// crm documents send | sign | attach | scan: a document's life after it is issued.
void AddDocumentLifecycle(CLI::App* group, Globals& globals) {
  struct Send {
    docs::MarkDocumentSentRequest request;
    std::string channel;
  };
  auto send = std::make_shared<Send>();
  auto* send_cmd = group->add_subcommand("send", "Record that a document went to the buyer");
  send_cmd->add_option("name", *send->request.mutable_name(), "documents/<uuid>")->required();
  send_cmd->add_option("--etag", *send->request.mutable_etag(), "The etag as last read")
      ->required();
  send_cmd->add_option("--channel", send->channel, "email, edo, post, courier or in-person")
      ->required();
  send_cmd->add_option("--to", *send->request.mutable_recipient(),
                       "Where it went: an e-mail, an address, a person");
  send_cmd->callback([&globals, send] {
    send->request.set_channel(ParseEnum<docs::DeliveryChannel>(
        docs::DeliveryChannel_descriptor(), "DELIVERY_CHANNEL_", send->channel, "--channel"));
    globals.action = [&globals, send] {
      docs::Document response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->MarkDocumentSent(&ctx, send->request, &response);
          },
          response);
    };
  });

  struct Sign {
    docs::MarkDocumentSignedRequest request;
    std::string date;
  };
  auto sign = std::make_shared<Sign>();
  auto* sign_cmd =
      group->add_subcommand("sign", "Record that the buyer signed a document (an act)");
  sign_cmd->add_option("name", *sign->request.mutable_name(), "documents/<uuid>")->required();
  sign_cmd->add_option("--etag", *sign->request.mutable_etag(), "The etag as last read")
      ->required();
  sign_cmd
      ->add_option("--signatory", *sign->request.mutable_counterparty_signatory(),
                   "Who signed for the buyer, e.g. \"Генеральный директор Петров П. П.\"")
      ->required();
  sign_cmd->add_option("--date", sign->date, "The day the buyer signed, YYYY-MM-DD")->required();
  sign_cmd->add_option("--scan", *sign->request.mutable_scan(),
                       "documents/<uuid>/scans/<uuid>: the signed copy, attached before");
  sign_cmd->callback([&globals, sign] {
    *sign->request.mutable_signed_date() = ParseDate(sign->date);
    globals.action = [&globals, sign] {
      docs::Document response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->MarkDocumentSigned(&ctx, sign->request, &response);
          },
          response);
    };
  });

  struct Attach {
    docs::AttachDocumentScanRequest request;
    std::string file;
  };
  auto attach = std::make_shared<Attach>();
  auto* attach_cmd =
      group->add_subcommand("attach", "Attach a scan (PDF, JPEG or PNG, at most 10 MiB)");
  attach_cmd->add_option("name", *attach->request.mutable_parent(), "documents/<uuid>")->required();
  attach_cmd->add_option("file", attach->file, "The scanned file")->required();
  attach_cmd->add_option("--content-type", *attach->request.mutable_content_type(),
                         "application/pdf, image/jpeg or image/png (default: from the extension)");
  attach_cmd->add_option("--request-id", *attach->request.mutable_request_id(),
                         "Makes a repeated upload store the scan once");
  attach_cmd->callback([&globals, attach] {
    attach->request.set_content(ReadFile(attach->file));
    if (attach->request.content_type().empty()) {
      attach->request.set_content_type(ScanContentType(attach->file));
    }
    const auto slash = attach->file.find_last_of('/');
    attach->request.set_file_name(slash == std::string::npos ? attach->file
                                                             : attach->file.substr(slash + 1));
    globals.action = [&globals, attach] {
      docs::DocumentScan response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->AttachDocumentScan(&ctx, attach->request, &response);
          },
          response);
    };
  });

  struct Scan {
    docs::DownloadDocumentScanRequest request;
    std::string output;
  };
  auto scan = std::make_shared<Scan>();
  auto* scan_cmd = group->add_subcommand("scan", "Save a scan attached to a document");
  scan_cmd->add_option("name", *scan->request.mutable_name(), "documents/<uuid>/scans/<uuid>")
      ->required();
  scan_cmd->add_option("-o,--output", scan->output,
                       "File to write (default: the scan's file name, in the current directory)");
  scan_cmd->callback([&globals, scan] {
    globals.action = [&globals, scan] {
      docs::DownloadDocumentScanResponse response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->DownloadDocumentScan(&ctx, scan->request, &response);
          },
          [&]() { return WriteDownloaded(scan->output, response); });
    };
  });
}

// The words of --closing-documents: "act" (an act and a VAT invoice), "upd1", "upd2".
docs::ClosingDocuments ClosingDocumentsOf(const std::string& word) {
  if (word == "upd1") {
    return docs::CLOSING_DOCUMENTS_UPD_STATUS_1;
  }
  if (word == "upd2") {
    return docs::CLOSING_DOCUMENTS_UPD_STATUS_2;
  }
  return docs::CLOSING_DOCUMENTS_ACT_AND_VAT_INVOICE;
}

constexpr char kClosingDocumentsHelp[] =
    "What closes a sale when its edition closes: act (an act and a VAT invoice), upd1 (one "
    "УПД with status 1), upd2 (a УПД with status 2 and a VAT invoice)";

void AddIssuers(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("issuers", "Our legal entities that issue documents");
  group->require_subcommand(1);

  struct Create {
    docs::CreateIssuerRequest request;
    bool primary = false;
    int payment_term_days = 0;
    std::string closing_documents;
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
  create_cmd->add_option("--director-position", *i->mutable_director_position(),
                         "The director's position, e.g. \"Генеральный директор\"");
  create_cmd->add_option("--director-basis", *i->mutable_director_basis(),
                         "What the director signs on, e.g. \"Устава\"");
  create_cmd->add_option("--director-genitive", *i->mutable_director_genitive(),
                         "The director's name in the genitive, if the rules decline it wrongly");
  create_cmd->add_option("--director-position-genitive", *i->mutable_director_position_genitive(),
                         "The director's position in the genitive, if the rules get it wrong");
  create_cmd->add_option("--chief-accountant-basis", *i->mutable_chief_accountant_basis(),
                         "What the chief accountant signs on, if not the position itself");
  create_cmd->add_option("--closing-documents", opts->closing_documents, kClosingDocumentsHelp)
      ->check(CLI::IsMember({"act", "upd1", "upd2"}));
  create_cmd->add_option("--edo-id", *i->mutable_edo_participant_id(),
                         "Participant id at its EDO operator (ИдУчастЭДО), e.g. \"2BE…\"");
  create_cmd->add_flag("--primary", opts->primary, "Issue sales' documents from this entity");
  create_cmd->add_option("--request-id", *create->mutable_request_id(), "Idempotency key");
  create_cmd->callback([&globals, opts] {
    opts->request.mutable_issuer()->set_primary(opts->primary);
    opts->request.mutable_issuer()->set_payment_term_days(opts->payment_term_days);
    if (!opts->closing_documents.empty()) {
      opts->request.mutable_issuer()->set_closing_documents(
          ClosingDocumentsOf(opts->closing_documents));
    }
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

  // crm issuers update: every option given is a field to change (the update mask).
  struct Update {
    docs::UpdateIssuerRequest request;
    std::vector<std::pair<CLI::Option*, std::string>> fields;  // option, field path
    int payment_term_days = 0;
    bool primary = false;
    std::string closing_documents;
    std::vector<std::string> draft_kinds;
  };
  auto update = std::make_shared<Update>();
  auto* u = update->request.mutable_issuer();
  auto* update_cmd = group->add_subcommand(
      "update", "Change an issuer's requisites, signatories or payment terms (INN stays)");
  update_cmd->add_option("name", *u->mutable_name(), "issuers/<uuid>")->required();
  update_cmd->add_option("--etag", *u->mutable_etag(), "The etag as last read")->required();
  for (const auto& [flag, path, field, help] :
       std::vector<std::tuple<const char*, const char*, std::string*, const char*>>{
           {"--legal-name", "legal_name", u->mutable_legal_name(), "Full legal name"},
           {"--kpp", "kpp", u->mutable_kpp(), "KPP"},
           {"--address", "address", u->mutable_address(), "Legal address"},
           {"--bank-name", "bank_name", u->mutable_bank_name(), "Bank name"},
           {"--bik", "bik", u->mutable_bik(), "BIK, 9 digits"},
           {"--settlement-account", "settlement_account", u->mutable_settlement_account(),
            "Settlement account, 20 digits"},
           {"--correspondent-account", "correspondent_account", u->mutable_correspondent_account(),
            "Correspondent account, 20 digits"},
           {"--director", "director", u->mutable_director(), "Director, as signed"},
           {"--director-position", "director_position", u->mutable_director_position(),
            "The director's position"},
           {"--director-basis", "director_basis", u->mutable_director_basis(),
            "What the director signs on"},
           {"--director-genitive", "director_genitive", u->mutable_director_genitive(),
            "The director's name in the genitive"},
           {"--director-position-genitive", "director_position_genitive",
            u->mutable_director_position_genitive(), "The director's position in the genitive"},
           {"--chief-accountant", "chief_accountant", u->mutable_chief_accountant(),
            "Chief accountant, as signed"},
           {"--chief-accountant-basis", "chief_accountant_basis",
            u->mutable_chief_accountant_basis(), "What the chief accountant signs on"},
           {"--edo-id", "edo_participant_id", u->mutable_edo_participant_id(),
            "Participant id at its EDO operator (ИдУчастЭДО)"}}) {
    update->fields.emplace_back(update_cmd->add_option(flag, *field, help), path);
  }
  update->fields.emplace_back(
      update_cmd->add_option("--payment-term-days", update->payment_term_days,
                             "Days a buyer has to pay an invoice, 1-90"),
      "payment_term_days");
  update->fields.emplace_back(
      update_cmd->add_flag("--primary", update->primary, "Issue sales' documents from it"),
      "primary");
  update->fields.emplace_back(
      update_cmd
          ->add_option("--closing-documents", update->closing_documents, kClosingDocumentsHelp)
          ->check(CLI::IsMember({"act", "upd1", "upd2"})),
      "closing_documents");
  update->fields.emplace_back(
      update_cmd
          ->add_option("--draft-kinds", update->draft_kinds,
                       "Package kinds made as drafts first: application, contract, "
                       "checklist, marketing_manual, technical_manual; none for none")
          ->delimiter(','),
      "draft_kinds");
  update_cmd->callback([&globals, update] {
    for (const std::string& kind : update->draft_kinds) {
      if (kind != "none") {
        update->request.mutable_issuer()->add_draft_kinds(ParseEnum<docs::DocumentType>(
            docs::DocumentType_descriptor(), "DOCUMENT_TYPE_", kind, "--draft-kinds"));
      }
    }
    update->request.mutable_issuer()->set_payment_term_days(update->payment_term_days);
    update->request.mutable_issuer()->set_primary(update->primary);
    update->request.mutable_issuer()->set_closing_documents(
        ClosingDocumentsOf(update->closing_documents));
    for (const auto& [option, path] : update->fields) {
      if (option->count() > 0) {
        update->request.mutable_update_mask()->add_paths(path);
      }
    }
    globals.action = [&globals, update] {
      docs::Issuer response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->UpdateIssuer(&ctx, update->request, &response);
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
  auto* group = app.add_subcommand("documents",
                                   "Documents issued for sales (invoices, acts, VAT invoices, "
                                   "advance VAT invoices, УПД): list, read, "
                                   "send, sign, attach scans");
  group->require_subcommand(1);

  struct List {
    docs::ListDocumentsRequest request;
    int page_size = 0;
    std::string type;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "List documents");
  list_cmd->add_option(
      "--type", list->type,
      "invoice | act | vat_invoice | advance_vat_invoice | corrective_vat_invoice | upd | ukd | "
      "application | contract | checklist | marketing_manual | technical_manual (default: every "
      "kind)");
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
    docs::StreamDocumentRequest request;
    std::string output;
    std::string format;
  };
  auto download = std::make_shared<Download>();
  auto* download_cmd =
      group->add_subcommand("download", "Save a document's PDF, or a VAT invoice's EDO XML");
  download_cmd->add_option("name", *download->request.mutable_name(), "documents/<uuid>")
      ->required();
  download_cmd->add_option("-o,--output", download->output,
                           "File to write (default: the document's file name, in the current "
                           "directory)");
  download_cmd
      ->add_option("--format", download->format,
                   "pdf (default) or xml: the tax service's EDO file (format 5.03) of a VAT "
                   "invoice, named ON_NSCHFDOPPR_…")
      ->check(CLI::IsMember({"pdf", "xml"}));
  download_cmd->add_option("--recipient-edo-id",
                           *download->request.mutable_recipient_edo_participant_id(),
                           "With --format xml: the buyer's participant id at its EDO operator");
  download_cmd->callback([&globals, download] {
    download->request.set_format(download->format == "xml" ? docs::DOCUMENT_FORMAT_EDO_XML
                                                           : docs::DOCUMENT_FORMAT_PDF);
    globals.action = [&globals, download] {
      // The file is written chunk by chunk as the stream brings it.
      docs::DocumentChunk head;
      std::string path;
      std::ofstream out;
      int64_t written = 0;
      auto stub = StubFor<docs::DocumentService>(globals);
      const int code = RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            auto reader = stub->StreamDocument(&ctx, download->request);
            docs::DocumentChunk chunk;
            if (reader->Read(&head)) {
              path = download->output.empty() ? SafeFileName(head.file_name()) : download->output;
              out.open(path, std::ios::binary | std::ios::trunc);
              while (reader->Read(&chunk) && out) {
                out.write(chunk.data().data(), static_cast<std::streamsize>(chunk.data().size()));
                written += static_cast<int64_t>(chunk.data().size());
              }
              out.close();
            }
            return reader->Finish();
          },
          [&]() {
            if (!out || written != head.size_bytes()) {
              std::cerr << "crm: cannot write " << path << " (" << written << " of "
                        << head.size_bytes() << " bytes)\n";
              return 1;
            }
            std::cout << "wrote " << path << " (" << written << " bytes, " << head.content_type()
                      << ", sha256 " << head.sha256() << ")" << std::endl;
            return 0;
          });
      if (code != 0 && !path.empty()) {
        std::remove(path.c_str());  // not a whole file
      }
      return code;
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

  AddDocumentLifecycle(group, globals);
  AddDocumentDrafts(group, globals);
}

// crm templates create | list | preview | activate: issuers' text blocks per kind of document.
void AddTemplates(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand(
      "templates", "Issuers' text blocks of documents (Mustache), in versions an admin activates");
  group->require_subcommand(1);

  struct Create {
    docs::CreateDocumentTemplateRequest request;
    std::string type;
    std::string file;
  };
  auto create = std::make_shared<Create>();
  auto* create_cmd =
      group->add_subcommand("create", "Write a new version of a kind's text (admins)");
  create_cmd->add_option("--issuer", *create->request.mutable_parent(), "issuers/<uuid>")
      ->required();
  create_cmd
      ->add_option("--type", create->type,
                   "invoice, act, vat-invoice, advance-vat-invoice, upd, application, contract, "
                   "checklist, marketing-manual or technical-manual")
      ->required();
  auto* text = create_cmd->add_option(
      "--statement", *create->request.mutable_document_template()->mutable_statement(),
      "The text, e.g. \"Оплата счёта № {{number}} означает согласие с условиями участия.\"");
  create_cmd->add_option("--file", create->file, "Read the text from this file (UTF-8)")
      ->excludes(text);
  create_cmd->add_option("--request-id", *create->request.mutable_request_id(),
                         "Makes a repeated request write the version once");
  create_cmd->callback([&globals, create] {
    create->request.mutable_document_template()->set_type(ParseEnum<docs::DocumentType>(
        docs::DocumentType_descriptor(), "DOCUMENT_TYPE_", create->type, "--type"));
    if (!create->file.empty()) {
      create->request.mutable_document_template()->set_statement(ReadFile(create->file));
    }
    globals.action = [&globals, create] {
      docs::DocumentTemplate response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->CreateDocumentTemplate(&ctx, create->request, &response);
          },
          response);
    };
  });

  struct List {
    docs::ListDocumentTemplatesRequest request;
    std::string type;
    int page_size = 0;
  };
  auto list = std::make_shared<List>();
  auto* list_cmd = group->add_subcommand("list", "An issuer's versions, newest first");
  list_cmd->add_option("--issuer", *list->request.mutable_parent(), "issuers/<uuid>")->required();
  list_cmd->add_option(
      "--type", list->type,
      "invoice, act, vat-invoice, advance-vat-invoice or upd (default: every kind)");
  AddPaging(list_cmd, &list->page_size, list->request.mutable_page_token());
  list_cmd->callback([&globals, list] {
    list->request.set_page_size(list->page_size);
    if (!list->type.empty()) {
      list->request.set_type(ParseEnum<docs::DocumentType>(docs::DocumentType_descriptor(),
                                                           "DOCUMENT_TYPE_", list->type, "--type"));
    }
    globals.action = [&globals, list] {
      docs::ListDocumentTemplatesResponse response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListDocumentTemplates(&ctx, list->request, &response);
          },
          response);
    };
  });

  struct Preview {
    docs::PreviewDocumentTemplateRequest request;
    std::string output;
  };
  auto preview = std::make_shared<Preview>();
  auto* preview_cmd =
      group->add_subcommand("preview", "Save a sample document laid out with a version (PDF)");
  preview_cmd
      ->add_option("name", *preview->request.mutable_name(),
                   "issuers/<uuid>/documentTemplates/<uuid>")
      ->required();
  preview_cmd->add_option("-o,--output", preview->output,
                          "File to write (default: template-preview.pdf)");
  preview_cmd->callback([&globals, preview] {
    globals.action = [&globals, preview] {
      docs::PreviewDocumentTemplateResponse response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->PreviewDocumentTemplate(&ctx, preview->request, &response);
          },
          [&]() { return WriteDownloaded(preview->output, response); });
    };
  });

  auto activate = std::make_shared<docs::ActivateDocumentTemplateRequest>();
  auto* activate_cmd = group->add_subcommand(
      "activate", "Issue the kind's documents with this version from now on (admins)");
  activate_cmd
      ->add_option("name", *activate->mutable_name(), "issuers/<uuid>/documentTemplates/<uuid>")
      ->required();
  activate_cmd->add_option("--etag", *activate->mutable_etag(), "The etag as last read")
      ->required();
  activate_cmd->callback([&globals, activate] {
    globals.action = [&globals, activate] {
      docs::DocumentTemplate response;
      auto stub = StubFor<docs::DocumentService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ActivateDocumentTemplate(&ctx, *activate, &response);
          },
          response);
    };
  });
}

// The sales report's groupings by their --by names.
const std::map<std::string, crm::analytics::v1::SalesReportGrouping>& SalesGroupings() {
  static const std::map<std::string, crm::analytics::v1::SalesReportGrouping> groupings = {
      {"manager", crm::analytics::v1::SALES_REPORT_GROUPING_MANAGER},
      {"department", crm::analytics::v1::SALES_REPORT_GROUPING_DEPARTMENT},
      {"edition", crm::analytics::v1::SALES_REPORT_GROUPING_EDITION},
      {"stand-type", crm::analytics::v1::SALES_REPORT_GROUPING_STAND_TYPE},
      {"team", crm::analytics::v1::SALES_REPORT_GROUPING_PROJECT_TEAM}};
  return groupings;
}

// The records report drill lists, by their --kind names.
const std::map<std::string, crm::analytics::v1::SalesReportRecordKind>& DrillKinds() {
  namespace v1 = crm::analytics::v1;
  static const std::map<std::string, v1::SalesReportRecordKind> kinds = {
      {"sales", v1::SALES_REPORT_RECORD_KIND_SALES},
      {"invoiced", v1::SALES_REPORT_RECORD_KIND_INVOICED_SALES},
      {"outstanding", v1::SALES_REPORT_RECORD_KIND_OUTSTANDING_SALES},
      {"contacts", v1::SALES_REPORT_RECORD_KIND_CONTACTS},
      {"payments", v1::SALES_REPORT_RECORD_KIND_PAYMENTS},
      {"open-contacts", v1::SALES_REPORT_RECORD_KIND_OPEN_CONTACTS},
      {"clients", v1::SALES_REPORT_RECORD_KIND_CLIENTS},
      {"converted", v1::SALES_REPORT_RECORD_KIND_CONVERTED_CLIENTS},
      {"ratings", v1::SALES_REPORT_RECORD_KIND_RATINGS}};
  return kinds;
}

// The rating report's targets by their --target names.
const std::map<std::string, std::string>& RatingTargets() {
  static const std::map<std::string, std::string> targets = {{"manager", "RATING_TARGET_MANAGER"},
                                                             {"project", "RATING_TARGET_PROJECT"},
                                                             {"company", "RATING_TARGET_COMPANY"}};
  return targets;
}

// A report's period from --from and --to (RFC 3339), this local month's by default.
void SetPeriod(const std::string& from, const std::string& to, google::protobuf::Timestamp* start,
               google::protobuf::Timestamp* end) {
  const auto month = LocalMonthAround(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  *start = from.empty() ? month.first : ParseTimestamp(from, "--from");
  *end = to.empty() ? month.second : ParseTimestamp(to, "--to");
}

}  // namespace

void AddDocumentCommands(CLI::App& app, Globals& globals) {
  AddIssuers(app, globals);
  AddDocuments(app, globals);
  AddTemplates(app, globals);
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
    ExportFiles files;
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
  AddExportOptions(manager_cmd, &manager->files);
  manager_cmd->callback([&globals, manager] {
    SetPeriod(manager->from, manager->to, manager->request.mutable_start_time(),
              manager->request.mutable_end_time());
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
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->GetManagerReport(&ctx, manager->request, &response);
          },
          [&] {
            WriteExports(manager->files, ManagerReportTable(response),
                         ManagerReportChart(response));
            return PrintResponse(globals, response);
          });
    };
  });

  struct Sales {
    ana::GetSalesReportRequest request;
    std::string from, to, group_by = "manager";
    ExportFiles files;
  };
  auto sales = std::make_shared<Sales>();
  auto* sales_cmd = group->add_subcommand(
      "sales",
      "Sales and contacts of a period by manager, department, edition, stand type or project "
      "team, the previous period beside them (over what you reach: your own, your "
      "department's, all)");
  sales_cmd->add_option("--by", sales->group_by, "manager, department, edition, stand-type or team")
      ->check(CLI::IsMember({"manager", "department", "edition", "stand-type", "team"}));
  sales_cmd->add_option("--edition", *sales->request.mutable_edition(),
                        "Only this edition: projects/<uuid>/editions/<uuid>");
  sales_cmd->add_option("--department", *sales->request.mutable_department(),
                        "Only this department: departments/<uuid>");
  sales_cmd->add_option("--from", sales->from,
                        "Period start, inclusive (RFC 3339; default: this month's first day)");
  sales_cmd->add_option("--to", sales->to,
                        "Period end, exclusive (RFC 3339; default: next month's first day)");
  AddExportOptions(sales_cmd, &sales->files);
  sales_cmd->callback([&globals, sales] {
    SetPeriod(sales->from, sales->to, sales->request.mutable_start_time(),
              sales->request.mutable_end_time());
    sales->request.set_group_by(SalesGroupings().at(sales->group_by));
    globals.action = [&globals, sales] {
      ana::SalesReport response;
      auto stub = StubFor<ana::AnalyticsService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->GetSalesReport(&ctx, sales->request, &response);
          },
          [&] {
            WriteExports(sales->files, SalesReportTable(response), SalesReportChart(response));
            return PrintResponse(globals, response);
          });
    };
  });

  struct Market {
    ana::GetMarketAnalysisRequest request;
    ExportFiles files;
  };
  auto market = std::make_shared<Market>();
  auto* market_cmd = group->add_subcommand(
      "market",
      "The base and the exhibitors by federal district, region, industry and size; competitors' "
      "shows; retention and churn edition over edition; new exhibitors by lead source; growth");
  market_cmd->add_option("--project", *market->request.mutable_project(),
                         "Only this project's editions: projects/<uuid>");
  AddExportOptions(market_cmd, &market->files);
  market_cmd->callback([&globals, market] {
    globals.action = [&globals, market] {
      ana::MarketAnalysis response;
      auto stub = StubFor<ana::AnalyticsService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->GetMarketAnalysis(&ctx, market->request, &response);
          },
          [&] {
            WriteExports(market->files, MarketTable(response), MarketChart(response));
            return PrintResponse(globals, response);
          });
    };
  });

  struct LeadSources {
    ana::GetLeadSourceReportRequest request;
    std::string from, to;
  };
  auto sources = std::make_shared<LeadSources>();
  auto* sources_cmd = group->add_subcommand(
      "lead-sources",
      "Lead-source effectiveness of a period: clients contacted, contacts, positive ones, sales, "
      "m², money and conversion per lead source, the previous period beside them");
  sources_cmd->add_option("--edition", *sources->request.mutable_edition(),
                          "Only this edition: projects/<uuid>/editions/<uuid>");
  sources_cmd->add_option("--department", *sources->request.mutable_department(),
                          "Only this department: departments/<uuid>");
  sources_cmd->add_option("--from", sources->from,
                          "Period start, inclusive (RFC 3339; default: this month's first day)");
  sources_cmd->add_option("--to", sources->to,
                          "Period end, exclusive (RFC 3339; default: next month's first day)");
  sources_cmd->callback([&globals, sources] {
    SetPeriod(sources->from, sources->to, sources->request.mutable_start_time(),
              sources->request.mutable_end_time());
    globals.action = [&globals, sources] {
      ana::LeadSourceReport response;
      auto stub = StubFor<ana::AnalyticsService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->GetLeadSourceReport(&ctx, sources->request, &response);
          },
          response);
    };
  });

  struct Ratings {
    ana::GetRatingReportRequest request;
    std::string from, to, target;
  };
  auto ratings = std::make_shared<Ratings>();
  auto* ratings_cmd = group->add_subcommand(
      "ratings",
      "Clients' ratings of a period by score (each client at their latest), with their sales");
  ratings_cmd->add_option("--target", ratings->target, "manager, project or company (default: all)")
      ->check(CLI::IsMember({"manager", "project", "company"}));
  ratings_cmd->add_option("--from", ratings->from,
                          "Period start, inclusive (RFC 3339; default: this month's first day)");
  ratings_cmd->add_option("--to", ratings->to,
                          "Period end, exclusive (RFC 3339; default: next month's first day)");
  ratings_cmd->callback([&globals, ratings] {
    SetPeriod(ratings->from, ratings->to, ratings->request.mutable_start_time(),
              ratings->request.mutable_end_time());
    if (!ratings->target.empty()) {
      ratings->request.set_target(RatingTargets().at(ratings->target));
    }
    globals.action = [&globals, ratings] {
      ana::RatingReport response;
      auto stub = StubFor<ana::AnalyticsService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->GetRatingReport(&ctx, ratings->request, &response);
          },
          response);
    };
  });

  struct Drill {
    ana::ListSalesReportRecordsRequest request;
    std::string from, to, group_by = "manager", kind = "sales", lead_source, rating_target;
    std::string contact_type, result_kind, refusal_reason;
    bool total = false, previous = false, unknown_lead_source = false, rating_total = false;
    int page_size = 0, rating_score = 0;
  };
  auto drill = std::make_shared<Drill>();
  auto* drill_cmd = group->add_subcommand(
      "drill",
      "The sales (all, invoiced or outstanding, each with its invoice's money), contacts, "
      "payments, open contacts or clients contacted behind a figure of a sales report row (the "
      "same period, grouping and filters as crm report sales; --key the row's key, or --total), "
      "of a manager report (--by manager --key employees/<uuid>, --contact-type, --result), of a "
      "refusal reason (--refusal-reason), of a lead-source row (--lead-source; also its "
      "converted clients), of a rating score (--rating-score: its sales, clients or ratings) or "
      "the rating report's clients (--rating-total)");
  drill_cmd->add_option("--by", drill->group_by, "manager, department, edition, stand-type or team")
      ->check(CLI::IsMember({"manager", "department", "edition", "stand-type", "team"}));
  drill_cmd->add_option("--key", *drill->request.mutable_key(),
                        "The row's key as the report shows it (employees/<uuid>, "
                        "departments/<uuid>, an edition, STAND_TYPE_..., projects/<uuid>)");
  drill_cmd->add_flag("--total", drill->total, "Every row's records");
  drill_cmd->add_flag("--previous", drill->previous, "The previous period's records instead");
  drill_cmd
      ->add_option("--kind", drill->kind,
                   "sales, invoiced, outstanding, contacts, payments, open-contacts, clients, "
                   "converted or ratings (default: sales)")
      ->check(CLI::IsMember(DrillKinds()));
  drill_cmd->add_option("--contact-type", drill->contact_type,
                        "Contacts of this type only: CONTACT_TYPE_CALL, ...");
  drill_cmd->add_option("--result", drill->result_kind,
                        "Completed contacts with this result only: sale, refusal, ...");
  drill_cmd->add_option("--refusal-reason", drill->refusal_reason,
                        "Refusals for this reason only, as the report's refusal reasons key it");
  drill_cmd->add_option("--lead-source", drill->lead_source,
                        "A lead-source report row instead: WEBSITE, REFERRAL, ...");
  drill_cmd->add_flag("--unknown-lead-source", drill->unknown_lead_source,
                      "The lead-source report's row of clients with no lead source");
  drill_cmd->add_option("--rating-score", drill->rating_score,
                        "A rating report score instead (1 to 5): its clients' sales, its "
                        "clients or its ratings");
  drill_cmd->add_flag("--rating-total", drill->rating_total,
                      "The rating report's clients instead (--kind clients)");
  drill_cmd
      ->add_option("--rating-target", drill->rating_target,
                   "With --rating-score or --rating-total: the rating report's target "
                   "(manager, project, company; default: all)")
      ->check(CLI::IsMember({"manager", "project", "company"}));
  drill_cmd->add_option("--edition", *drill->request.mutable_edition(),
                        "Only this edition: projects/<uuid>/editions/<uuid>");
  drill_cmd->add_option("--department", *drill->request.mutable_department(),
                        "Only this department: departments/<uuid>");
  drill_cmd->add_option("--from", drill->from,
                        "Period start, inclusive (RFC 3339; default: this month's first day)");
  drill_cmd->add_option("--to", drill->to,
                        "Period end, exclusive (RFC 3339; default: next month's first day)");
  AddPaging(drill_cmd, &drill->page_size, drill->request.mutable_page_token());
  drill_cmd->callback([&globals, drill] {
    SetPeriod(drill->from, drill->to, drill->request.mutable_start_time(),
              drill->request.mutable_end_time());
    drill->request.set_group_by(SalesGroupings().at(drill->group_by));
    drill->request.set_kind(DrillKinds().at(drill->kind));
    drill->request.set_contact_type(drill->contact_type);
    drill->request.set_result_kind(drill->result_kind);
    drill->request.set_refusal_reason(drill->refusal_reason);
    if (!drill->lead_source.empty() || drill->unknown_lead_source) {
      drill->request.set_lead_source(drill->lead_source);
    }
    drill->request.set_rating_score(drill->rating_score);
    drill->request.set_rating_total(drill->rating_total);
    if (!drill->rating_target.empty()) {
      drill->request.set_rating_target(RatingTargets().at(drill->rating_target));
    }
    drill->request.set_total(drill->total);
    drill->request.set_previous(drill->previous);
    drill->request.set_page_size(drill->page_size);
    globals.action = [&globals, drill] {
      ana::ListSalesReportRecordsResponse response;
      auto stub = StubFor<ana::AnalyticsService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListSalesReportRecords(&ctx, drill->request, &response);
          },
          response);
    };
  });

  // The clients behind a funnel's or the market analysis's figure.
  using AnalyticsStub = ana::AnalyticsService::Stub;
  UnaryCommand<AnalyticsStub, ana::ListReportClientsRequest, ana::ListReportClientsResponse>
      clients(
          group, globals, "drill-clients",
          "The clients behind a figure of the readiness funnel (--figure level --edition ... --key "
          "READINESS_LEVEL_...) or of the market analysis (a segment, a size band, a competitor's "
          "show, an edition's exhibitors, retained, churned or new ones, a growth year)",
          &AnalyticsStub::ListReportClients,
          [](const Globals& g) { return StubFor<ana::AnalyticsService>(g); });
  clients.WithPaging();
  static const std::map<std::string, ana::ReportClientFigure> kFigures = {
      {"level", ana::REPORT_CLIENT_FIGURE_READINESS_LEVEL},
      {"base", ana::REPORT_CLIENT_FIGURE_MARKET_BASE},
      {"district", ana::REPORT_CLIENT_FIGURE_FEDERAL_DISTRICT},
      {"region", ana::REPORT_CLIENT_FIGURE_REGION},
      {"industry", ana::REPORT_CLIENT_FIGURE_INDUSTRY},
      {"size", ana::REPORT_CLIENT_FIGURE_SIZE},
      {"competitor", ana::REPORT_CLIENT_FIGURE_COMPETITOR},
      {"exhibitors", ana::REPORT_CLIENT_FIGURE_EDITION_EXHIBITORS},
      {"retained", ana::REPORT_CLIENT_FIGURE_EDITION_RETAINED},
      {"churned", ana::REPORT_CLIENT_FIGURE_EDITION_CHURNED},
      {"new", ana::REPORT_CLIENT_FIGURE_EDITION_NEW},
      {"growth", ana::REPORT_CLIENT_FIGURE_GROWTH_ADDED}};
  auto figure = std::make_shared<std::string>();
  clients.command
      ->add_option("--figure", *figure,
                   "level (a funnel stage), base, district, region, industry, size, competitor, "
                   "exhibitors, retained, churned, new (an edition's) or growth")
      ->required()
      ->check(CLI::IsMember(kFigures));
  clients.command->add_option("--edition", *clients.request->mutable_edition(),
                              "The funnel's edition or the market's edition row: "
                              "projects/<uuid>/editions/<uuid>, or a part of its name");
  clients.command->add_option("--project", *clients.request->mutable_project(),
                              "The market analysis's project: projects/<uuid>");
  clients.command->add_option(
      "--key", *clients.request->mutable_key(),
      "The level, segment key, size band, competitorExhibitions/<uuid> or year");
  auto narrowed = std::make_shared<bool>(false);
  clients.command->add_flag("--narrowed", *narrowed,
                            "The narrower figure: bought, exhibitors, also ours");
  auto first_timers = std::make_shared<std::string>();
  auto unknown_source = std::make_shared<bool>(false);
  clients.command->add_option("--lead-source", *first_timers,
                              "With --figure new: first-timers of this lead source only");
  clients.command->add_flag("--unknown-lead-source", *unknown_source,
                            "With --figure new: first-timers with no lead source");
  clients.Then(
      [&globals, figure, narrowed, first_timers, unknown_source](ana::ListReportClientsRequest& r) {
        if (!r.edition().empty()) {
          r.set_edition(EditionNamed(globals, r.edition()));
        }
        r.set_figure(kFigures.at(*figure));
        r.set_narrowed(*narrowed);
        if (!first_timers->empty() || *unknown_source) {
          r.set_lead_source(*first_timers);
        }
      });

  struct Funnel {
    ana::GetReadinessFunnelRequest request;
    ExportFiles files;
  };
  auto funnel = std::make_shared<Funnel>();
  auto* funnel_cmd = group->add_subcommand(
      "funnel", "An edition's clients by their latest readiness level, and who of them bought");
  funnel_cmd
      ->add_option("edition", *funnel->request.mutable_edition(),
                   "projects/<uuid>/editions/<uuid>, or a part of its name (\"Волга-Строй 2027\")")
      ->required();
  AddExportOptions(funnel_cmd, &funnel->files);
  funnel_cmd->callback([&globals, funnel] {
    globals.action = [&globals, funnel] {
      funnel->request.set_edition(EditionNamed(globals, funnel->request.edition()));
      ana::ReadinessFunnel response;
      auto stub = StubFor<ana::AnalyticsService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->GetReadinessFunnel(&ctx, funnel->request, &response);
          },
          [&] {
            WriteExports(funnel->files, FunnelTable(response), FunnelChart(response));
            return PrintResponse(globals, response);
          });
    };
  });
}

}  // namespace crm::cli
