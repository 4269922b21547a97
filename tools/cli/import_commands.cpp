// crm import: bulk import of clients from CSV and XLSX files (registry ImportService).
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "crm/registry/v1/import.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/parse.h"

namespace crm::cli {
namespace {

namespace reg = crm::registry::v1;

// Upload chunks stay well under gRPC's default 4 MiB message limit; the service takes 1 MiB.
constexpr std::size_t kChunkBytes = 1024 * 1024;
// A large import runs for minutes; progress arrives after every batch.
constexpr std::chrono::hours kRunDeadline{2};

bool EndsWith(std::string text, const std::string& suffix) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string BaseName(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "COLUMN=FIELD" -> the mapping entry; the last '=' splits, so a header may contain '='.
reg::ColumnMapping ParseMapping(const std::string& text) {
  const auto at = text.rfind('=');
  if (at == std::string::npos || at == 0 || at + 1 == text.size()) {
    throw ArgumentError("--map takes COLUMN=FIELD, e.g. --map 'ИНН=inn'; got \"" + text + "\"");
  }
  reg::ColumnMapping mapping;
  mapping.set_column(text.substr(0, at));
  mapping.set_field(text.substr(at + 1));
  return mapping;
}

// "[#######.............]  40%  2000/5000 rows" on one terminal line, redrawn in place.
void ShowProgress(const reg::ClientImport& import) {
  constexpr int kWidth = 30;
  const int total = std::max(1, import.total_rows());
  const int done = std::min(import.processed_rows(), total);
  const int filled = done * kWidth / total;
  std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
            << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] "
            << (done * 100 / total) << "%  " << import.processed_rows() << "/"
            << import.total_rows() << " rows" << std::flush;
}

void AddCreate(CLI::App* group, Globals& globals) {
  struct Options {
    std::string path;
    std::string format;
    std::string encoding = "auto";
    std::string delimiter = "auto";
    std::vector<std::string> maps;
    bool skip_existing = false;
    std::string request_id;
  };
  auto options = std::make_shared<Options>();
  auto* cmd = group->add_subcommand(
      "create", "Upload a CSV or XLSX file as a new import (checked at once, not run yet)");
  cmd->add_option("file", options->path, "The file to import")->required();
  cmd->add_option("--format", options->format, "csv or xlsx (default: by the file's extension)")
      ->check(CLI::IsMember({"csv", "xlsx"}));
  cmd->add_option("--encoding", options->encoding, "CSV text encoding")
      ->check(CLI::IsMember({"auto", "utf-8", "windows-1251"}));
  cmd->add_option("--delimiter", options->delimiter, "CSV field separator")
      ->check(CLI::IsMember({"auto", "semicolon", "comma", "tab"}));
  cmd->add_option("--map", options->maps,
                  "COLUMN=FIELD, repeatable (fields: display_name, legal_name, inn, kpp, ogrn, "
                  "legal_address, phone, email); default: suggested from the headers");
  cmd->add_flag("--skip-existing", options->skip_existing,
                "Report rows matching a client (same INN and KPP) as duplicates instead of "
                "updating the client");
  cmd->add_option("--request-id", options->request_id,
                  "Idempotency key: repeating it returns the import created first");
  cmd->callback([&globals, options] {
    globals.action = [&globals, options] {
      const std::string bytes = ReadFile(options->path);
      reg::CreateImportRequest first;
      reg::ClientImport* settings = first.mutable_import();
      settings->set_file_name(BaseName(options->path));
      const bool xlsx =
          options->format.empty() ? EndsWith(options->path, ".xlsx") : options->format == "xlsx";
      settings->set_format(xlsx ? reg::IMPORT_FILE_FORMAT_XLSX : reg::IMPORT_FILE_FORMAT_CSV);
      const std::map<std::string, reg::ImportTextEncoding> encodings = {
          {"utf-8", reg::IMPORT_TEXT_ENCODING_UTF8},
          {"windows-1251", reg::IMPORT_TEXT_ENCODING_WINDOWS_1251}};
      const std::map<std::string, reg::ImportCsvDelimiter> delimiters = {
          {"semicolon", reg::IMPORT_CSV_DELIMITER_SEMICOLON},
          {"comma", reg::IMPORT_CSV_DELIMITER_COMMA},
          {"tab", reg::IMPORT_CSV_DELIMITER_TAB}};
      if (auto it = encodings.find(options->encoding); it != encodings.end()) {
        settings->set_encoding(it->second);
      }
      if (auto it = delimiters.find(options->delimiter); it != delimiters.end()) {
        settings->set_delimiter(it->second);
      }
      for (const std::string& map : options->maps) {
        *settings->add_column_mappings() = ParseMapping(map);
      }
      settings->set_existing_client_policy(options->skip_existing
                                               ? reg::EXISTING_CLIENT_POLICY_SKIP
                                               : reg::EXISTING_CLIENT_POLICY_UPDATE);
      first.set_request_id(options->request_id);

      reg::ClientImport response;
      auto stub = StubFor<reg::ImportService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
            auto writer = stub->CreateImport(&ctx, &response);
            writer->Write(first);
            for (std::size_t at = 0; at < bytes.size(); at += kChunkBytes) {
              reg::CreateImportRequest chunk;
              chunk.set_chunk(bytes.substr(at, kChunkBytes));
              if (!writer->Write(chunk)) {
                break;  // the service answered early (e.g. a bad setting): Finish tells why
              }
            }
            writer->WritesDone();
            return writer->Finish();
          },
          response);
    };
  });
}

void AddRun(CLI::App* group, Globals& globals) {
  auto request = std::make_shared<reg::RunImportRequest>();
  auto* cmd = group->add_subcommand(
      "run", "Run an import (or --dry-run it) with a progress bar; prints the finished import");
  cmd->add_option("name", *request->mutable_name(), "imports/<uuid>")->required();
  cmd->add_flag(
      "--dry-run", [request](std::int64_t) { request->set_validate_only(true); },
      "Give every row its result without changing the client base");
  cmd->add_option(
         "--batch-size",
         [request](const std::vector<std::string>& v) {
           request->set_batch_size(std::stoi(v.at(0)));
           return true;
         },
         "Rows per transaction and progress step (default 5000)")
      ->check(CLI::Range(1, 10000));
  cmd->callback([&globals, request] {
    globals.action = [&globals, request] {
      reg::ClientImport last;
      auto stub = StubFor<reg::ImportService>(globals);
      return RunCallWith(
          globals,
          [&](grpc::ClientContext& ctx) {
            ctx.set_deadline(std::chrono::system_clock::now() + kRunDeadline);
            auto reader = stub->RunImport(&ctx, *request);
            reg::ClientImport progress;
            while (reader->Read(&progress)) {
              ShowProgress(progress);
              last = progress;
            }
            std::cerr << "\n";
            return reader->Finish();
          },
          [&] { return PrintResponse(globals, last); });
    };
  });
}

void AddGetAndRows(CLI::App* group, Globals& globals) {
  auto get = std::make_shared<reg::GetImportRequest>();
  auto* get_cmd = group->add_subcommand("get", "Show an import with its progress and counts");
  get_cmd->add_option("name", *get->mutable_name(), "imports/<uuid>")->required();
  get_cmd->callback([&globals, get] {
    globals.action = [&globals, get] {
      reg::ClientImport response;
      auto stub = StubFor<reg::ImportService>(globals);
      return RunCall(
          globals, [&](grpc::ClientContext& ctx) { return stub->GetImport(&ctx, *get, &response); },
          response);
    };
  });

  struct Rows {
    reg::ListImportRowsRequest request;
    std::vector<std::string> outcomes;
    int page_size = 0;
  };
  auto rows = std::make_shared<Rows>();
  auto* rows_cmd = group->add_subcommand("rows", "The per-row results of an import, in file order");
  rows_cmd->add_option("name", *rows->request.mutable_parent(), "imports/<uuid>")->required();
  rows_cmd->add_option("--outcome", rows->outcomes, "Only these results (repeatable)")
      ->check(CLI::IsMember({"pending", "created", "updated", "unchanged", "duplicate", "error"}));
  AddPaging(rows_cmd, &rows->page_size, rows->request.mutable_page_token());
  rows_cmd->callback([&globals, rows] {
    globals.action = [&globals, rows] {
      const std::map<std::string, reg::ImportRow::Outcome> outcomes = {
          {"pending", reg::ImportRow::OUTCOME_PENDING},
          {"created", reg::ImportRow::OUTCOME_CREATED},
          {"updated", reg::ImportRow::OUTCOME_UPDATED},
          {"unchanged", reg::ImportRow::OUTCOME_UNCHANGED},
          {"duplicate", reg::ImportRow::OUTCOME_DUPLICATE},
          {"error", reg::ImportRow::OUTCOME_ERROR}};
      for (const std::string& outcome : rows->outcomes) {
        rows->request.add_outcomes(outcomes.at(outcome));
      }
      rows->request.set_page_size(rows->page_size);
      reg::ListImportRowsResponse response;
      auto stub = StubFor<reg::ImportService>(globals);
      return RunCall(
          globals,
          [&](grpc::ClientContext& ctx) {
            return stub->ListImportRows(&ctx, rows->request, &response);
          },
          response);
    };
  });
}

}  // namespace

void AddImportCommands(CLI::App& app, Globals& globals) {
  auto* group = app.add_subcommand("import", "Bulk import of clients from CSV and XLSX files");
  group->require_subcommand(1);
  AddCreate(group, globals);
  AddRun(group, globals);
  AddGetAndRows(group, globals);
}

}  // namespace crm::cli
