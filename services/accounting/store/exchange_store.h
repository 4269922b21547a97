#pragma once

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/accounting/domain/enterprise_data.h"

// The 1C EnterpriseData exchange's tables (migrations/0006): its numbering, the objects for 1C
// and the messages, through the named queries of store/sql/exchange.sql.
namespace crm::accounting {

struct ExchangeState {
  int64_t last_sent_no = 0;
  int64_t last_received_no = 0;
  int64_t confirmed_no = 0;
  int64_t acknowledged_no = 0;
  int pending_count = 0;      // read by Status only
  int unconfirmed_count = 0;  // read by Status only
};

struct QueuedObject {
  std::string ref;
  std::string body;
  int64_t change_seq = 0;
  bool changed = false;  // not sent since it last changed (else sent and not yet confirmed)
};

struct ExchangeMessageRecord {
  std::string direction;  // "sent", "received"
  int64_t message_no = 0;
  int64_t received_no = 0;
  std::string file_name;
  int object_count = 0;
  int payment_count = 0;
  int imported_count = 0;
  std::string content;
  int64_t create_time_micros = 0;  // set by Insert
};

class ExchangeStore {
 public:
  // The numbering, locked for the rest of the transaction (one exchange run or receipt at a time).
  static ExchangeState Lock(pqxx::transaction_base& tx);
  // The numbering with the count of pending and unconfirmed objects.
  static ExchangeState Status(pqxx::transaction_base& tx);
  // Queues `object` as it stands now (a weak one only when absent); true when that changed what
  // 1C is to get.
  static bool Put(pqxx::transaction_base& tx, const domain::ExchangeObject& object);
  // Whether 1C is to get, or got, the object `ref` (any version of it).
  static bool Has(pqxx::transaction_base& tx, const std::string& ref);
  // Objects changed, or sent in a message after `confirmed_no`, in Body order.
  static std::vector<QueuedObject> ToSend(pqxx::transaction_base& tx, int64_t confirmed_no);
  // Marks `objects` as sent in `message_no` unless changed since they were read.
  static void MarkSent(pqxx::transaction_base& tx, int64_t message_no,
                       const std::vector<QueuedObject>& objects);
  static void SetSent(pqxx::transaction_base& tx, int64_t message_no, int64_t received_no);
  // Records a message from 1C as applied; returns how many objects its confirmation settled.
  static int SetReceived(pqxx::transaction_base& tx, const ExchangeState& before,
                         int64_t message_no, int64_t confirmed_no);
  static void InsertMessage(pqxx::transaction_base& tx, ExchangeMessageRecord& record);
};

}  // namespace crm::accounting
