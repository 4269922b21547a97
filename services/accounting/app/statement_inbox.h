#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <thread>

#include "common/db/pool.h"

// Bank statements dropped into an inbox directory (CRM_BANK_INBOX_DIR) by the bank client or an
// accountant, imported like ImportBankStatement (docs/accounting-bank-statements.md): a file
// imported moves to imported/, a malformed one to rejected/ beside a <name>.error.txt saying why.
// Names starting with '.' are files still being written and are left alone. Any number of replicas
// may watch one directory: a file two of them read at once is imported once (the payment orders
// are unique), and the one that moves it second finds it gone.
namespace crm::accounting::app {

struct StatementInboxOptions {
  std::chrono::milliseconds poll{5000};
};

class StatementInbox {
 public:
  // Creates the directory and its imported/ and rejected/ when missing; throws
  // std::runtime_error when it cannot.
  StatementInbox(common::db::Pool& pool, std::filesystem::path directory,
                 StatementInboxOptions options = {});
  ~StatementInbox();
  StatementInbox(const StatementInbox&) = delete;
  StatementInbox& operator=(const StatementInbox&) = delete;

  void Start();
  void Stop();
  // Takes every statement file waiting now; returns how many it took (imported or rejected).
  int ProcessWaiting();
  uint64_t imported() const { return imported_.load(); }
  uint64_t rejected() const { return rejected_.load(); }

 private:
  void Run();
  void Process(const std::filesystem::path& file);

  common::db::Pool& pool_;
  std::filesystem::path directory_;
  StatementInboxOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> imported_{0};
  std::atomic<uint64_t> rejected_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace crm::accounting::app
