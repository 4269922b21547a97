#pragma once

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "common/db/pool.h"
#include "crm/events/v1/documents_document_events.pb.h"
#include "services/accounting/domain/budget.h"
#include "services/accounting/store/exchange_directory.h"

// The 1C exchange in its universal format (docs/accounting-enterprise-data.md): documents' events
// queue the objects 1C is to get; an exchange run writes them as one numbered message into the
// exchange directory; 1C's messages confirm what it loaded and bring incoming payments.
namespace crm::accounting::app {

struct ExchangeSettings {
  std::string node = "CRM";  // the CRM's node code in 1C's exchange plan
  std::string peer = "BP";   // 1C's node code
  // 1C's cost items → budget cost articles, for the costs 1C sends
  // (CRM_ACCOUNTING_1C_COST_ITEMS adds to or replaces the default's entries).
  domain::CostItemMapping cost_items = domain::DefaultCostItemMapping();
};

// In the consumer's transaction: what 1C gets for an issued or annulled document (the objects of
// domain/enterprise_data.h), pending for the next message. Throws common::ValidationError for a
// malformed event.
void QueueIssuedForExchange(pqxx::work& tx, const crm::events::v1::DocumentIssued& event);
void QueueAnnulledForExchange(pqxx::work& tx, const crm::events::v1::DocumentAnnulled& event);

struct SentMessage {
  int64_t message_no = 0;  // 0: nothing written (only_if_pending and nothing to send)
  int64_t received_no = 0;
  std::string file_name;
  std::string content;
  int object_count = 0;
  int64_t create_time_micros = 0;
};

// One exchange run: the next message (MessageNo = the last + 1, ReceivedNo = the last MessageNo
// received from 1C) with every object changed or not yet confirmed, written atomically as
// Message_<node>_<peer>.xml into `directory` and recorded, in one transaction. With
// `only_if_pending` nothing is written unless an object changed since it was last sent or 1C's
// last message is not acknowledged yet (objects only unconfirmed wait for one of those).
SentMessage RunExchange(common::db::Pool& pool, const ExchangeSettings& settings,
                        const ExchangeDirectory& directory, bool only_if_pending);

struct ReceivedMessage {
  int64_t message_no = 0;
  int64_t received_no = 0;
  bool ignored = false;  // its MessageNo was received before: nothing applied
  int payment_count = 0;
  int imported_count = 0;
  int duplicate_count = 0;
  std::vector<std::string> payment_ids;
  int confirmed_count = 0;        // objects the CRM sent that its ReceivedNo confirmed
  int cost_document_count = 0;    // cost documents stored or updated as budget costs
  int unassigned_cost_count = 0;  // their lines whose edition or article is not mapped
  int deleted_cost_document_count = 0;
};

// Applies a message from 1C: its incoming payments imported and matched like a bank statement's
// (app::ImportBankStatement, so a payment order is stored once however often it comes), then, in
// one transaction, its cost documents stored as budget costs (each line once under the
// document's Ссылка, updated in place when sent again, deleted with the document; a line whose
// edition or article cannot be mapped kept unassigned) and its MessageNo recorded and its
// ReceivedNo taken as the confirmation of the CRM's messages up to it. A MessageNo not above the
// last received is ignored. Throws domain::ExchangeMessageError for a message it cannot take,
// before anything is applied. `by` is who applies it.
ReceivedMessage ReceiveExchangeMessage(common::db::Pool& pool, const ExchangeSettings& settings,
                                       std::string_view bytes, const std::string& file_name,
                                       const std::string& by);

// One turn of the periodic worker: takes 1C's message from the directory when there is one
// (Message_<peer>_<node>.xml, or .zip when 1C compresses it: applied and removed; one that
// cannot be taken is moved to rejected/ beside <name>.error.txt saying why), then writes the next
// message if anything waits. Returns the message written (message_no 0 when none).
SentMessage ExchangeTurn(common::db::Pool& pool, const ExchangeSettings& settings,
                         const ExchangeDirectory& directory);

}  // namespace crm::accounting::app
