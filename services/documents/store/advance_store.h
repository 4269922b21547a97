#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

// What documents keeps of how advance VAT invoices follow their payments
// (store/sql/advances.sql): undone matches and refunds.
namespace crm::documents::store {

// Records that payment `payment`'s match to sale `sale_id` was undone at `unmatch_time` (RFC
// 3339), `released` when the sale's invoice was annulled. False when a later undoing is already
// recorded (an older event: nothing changes).
bool RecordUnmatch(pqxx::work& tx, const std::string& payment, const std::string& sale_id,
                   const std::string& unmatch_time, bool released);

// Whether the match of `payment` to `sale_id` made at `match_time` was undone since.
bool MatchSuperseded(pqxx::transaction_base& tx, const std::string& payment,
                     const std::string& sale_id, const std::string& match_time);

// The payment matched to the sale again at `match_time`: a release recorded before stops being
// one.
void ClearRelease(pqxx::work& tx, const std::string& payment, const std::string& sale_id,
                  const std::string& match_time);

// The payment's advance VAT invoice for the sale that is not annulled, locked.
struct AdvanceInForce {
  std::string id;
  std::string number;
};
std::optional<AdvanceInForce> LockAdvanceInForce(pqxx::work& tx, const std::string& payment,
                                                 const std::string& sale_id);

// A refund's share of an incoming payment as of `event_time` (RFC 3339); `refund_date` ISO.
struct RefundShare {
  std::string refund;
  std::string payment;
  std::string refund_number;
  std::string refund_date;
  int64_t amount_kopecks = 0;
  bool undone = false;
  std::string event_time;
};
// False when a later state of the share is already recorded.
bool RecordRefundShare(pqxx::work& tx, const RefundShare& share);

// Forgets what the share returned of advance VAT invoices; the ids of those invoices.
std::vector<std::string> ClearAdvanceRefunds(pqxx::work& tx, const std::string& refund,
                                             const std::string& payment);

// The payment's released advance VAT invoices in force, oldest first, with what is left of each
// to return; locked.
struct AdvanceRoom {
  std::string id;
  int32_t vat_rate_bp = 0;
  int64_t room_kopecks = 0;
};
std::vector<AdvanceRoom> LockAdvanceRoom(pqxx::work& tx, const std::string& payment);

void InsertAdvanceRefund(pqxx::work& tx, const std::string& refund, const std::string& payment,
                         const std::string& document_id, int64_t amount_kopecks,
                         int64_t vat_kopecks);

// An advance VAT invoice's refunds: all standing ones, and those of `refund`.
struct AdvanceRefundState {
  std::string number;
  std::string sale_id;
  std::string payment;
  int64_t refunded_total = 0;
  int64_t vat_total = 0;
  int64_t amount = 0;
  int64_t vat_amount = 0;
};
AdvanceRefundState ReadAdvanceRefundState(pqxx::transaction_base& tx,
                                          const std::string& document_id,
                                          const std::string& refund);

}  // namespace crm::documents::store
