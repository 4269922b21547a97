#include "services/accounting/app/statement_inbox.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "common/core/digest.h"
#include "common/core/files.h"
#include "common/core/ids.h"
#include "common/core/log.h"
#include "services/accounting/app/import_bank_statement.h"
#include "services/accounting/domain/bank_statement.h"

namespace crm::accounting::app {
namespace {

namespace fs = std::filesystem;

// Who imports what the inbox brings.
constexpr std::string_view kInboxImporter = "services/accounting-inbox";

// Moves `file` to `to`; false when it is gone (another replica moved it first).
bool MoveAway(const fs::path& file, const fs::path& to) {
  std::error_code error;
  fs::rename(file, to, error);
  if (error == std::errc::no_such_file_or_directory) {
    return false;
  }
  if (error) {
    throw std::runtime_error("cannot move " + file.string() + ": " + error.message());
  }
  return true;
}

}  // namespace

StatementInbox::StatementInbox(common::db::Pool& pool, fs::path directory,
                               StatementInboxOptions options)
    : pool_(pool), directory_(std::move(directory)), options_(options) {
  for (const fs::path& dir : {directory_, directory_ / "imported", directory_ / "rejected"}) {
    std::error_code error;
    fs::create_directories(dir, error);
    if (error || !fs::is_directory(dir)) {
      throw std::runtime_error(dir.string() + " is not a directory" +
                               (error ? ": " + error.message() : ""));
    }
  }
}

StatementInbox::~StatementInbox() { Stop(); }

void StatementInbox::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void StatementInbox::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

int StatementInbox::ProcessWaiting() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory_)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && !name.starts_with(".")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    if (stop_) {
      break;
    }
    Process(file);
  }
  return static_cast<int>(files.size());
}

void StatementInbox::Process(const fs::path& file) {
  const std::string name = file.filename().string();
  std::error_code size_error;
  const auto size = fs::file_size(file, size_error);
  if (size_error) {
    return;  // gone: another replica took it
  }
  std::string problem;
  std::optional<domain::BankStatement> parsed;
  std::string content;
  if (size > domain::kMaxStatementBytes) {
    problem = "the file has " + std::to_string(size) + " bytes; a statement may have at most " +
              std::to_string(domain::kMaxStatementBytes);
  } else {
    content = common::ReadWholeFile(file.string(), "the statement");
    try {
      parsed = domain::ParseBankStatement(content);
    } catch (const domain::StatementFormatError& e) {
      problem = e.what();
    }
  }
  if (!parsed) {
    const fs::path rejected = directory_ / "rejected" / name;
    if (MoveAway(file, rejected)) {
      std::ofstream(directory_ / "rejected" / (name + ".error.txt"))
          << "not a 1CClientBankExchange 1.03 statement: " << problem << "; nothing was imported\n";
      ++rejected_;
      common::log::Warn("bank statement rejected", {{"file", name}, {"reason", problem}});
    }
    return;
  }
  StatementRecord statement;
  statement.id = common::NewUuid();
  statement.file_name = name;
  statement.sha256 = common::Sha256Hex(content);
  statement.imported_by = std::string(kInboxImporter);
  statement.content = std::move(content);
  const StatementImport done = ImportBankStatement(pool_, statement, *parsed, false);
  if (MoveAway(file, directory_ / "imported" / (done.statement_id + "-" + name))) {
    ++imported_;
  }
}

void StatementInbox::Run() {
  auto backoff = options_.poll;
  while (!stop_) {
    try {
      ProcessWaiting();
      backoff = options_.poll;
    } catch (const std::exception& e) {
      // The database or the share is away: try again later, a little later each time.
      common::log::Error("bank statement inbox failed", {{"error", e.what()}});
      backoff = std::min(backoff * 2, std::chrono::milliseconds(60000));
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, backoff, [this] { return stop_.load(); });
  }
}

}  // namespace crm::accounting::app
