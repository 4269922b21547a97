#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/auth/auth.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/planning/store/sales_store.h"
#include "services/planning/store/stand_store.h"

// What a sale takes from its edition when it is recorded or amended: the stand of the floor plan
// it names (reserved in the sale's own transaction), the list price of its stand type, and the
// approval a discount beyond the edition's limit needs.
namespace crm::planning::app {

// Which of the outcome's area and type the caller gave; those not given come from the stand.
struct GivenStandFields {
  bool area = false;
  bool type = false;
};

struct PlacedSale {
  // The outcome with the stand's number, area and type where it names a stand of the inventory.
  v1::SaleOutcome outcome;
  // The list price per m² of the outcome's stand type (the stand's, when it has one).
  int64_t list_price_per_m2 = 0;
  // The stand, locked until the transaction ends; nullopt when the edition has no inventory or
  // the outcome names no stand.
  std::optional<store::StandRow> stand;
};

// Places a sale of `client_id` in `edition_id`. When the edition has a stand inventory and the
// outcome names a stand number, the stand is locked and must be free, held for the client, or
// already this sale's (`own_sale_id`): otherwise FAILED_PRECONDITION naming the sale, hold or
// block that has it. A number not on the floor plan, or an area or type other than the stand's,
// is a violation under `path`. Without a stand the area is required.
PlacedSale PlaceSale(pqxx::transaction_base& tx, const google::protobuf::Timestamp& now,
                     const std::string& edition_id, const std::string& client_id,
                     const v1::SaleOutcome& outcome, GivenStandFields given,
                     const std::string& own_sale_id, const std::string& path);

// Sets `content`'s discount below the list, the edition's limit and the approval. Beyond the
// limit, an approval standing from before (`standing`, an amended sale's) covers a discount no
// deeper than it approved; otherwise a head of sales' or an admin's sale is approved by them at
// `now`, and a manager's waits for approval (PENDING_APPROVAL) — or, when `pending_allowed` is
// false (amending a sale that already counts), is refused with FAILED_PRECONDITION
// DISCOUNT_NEEDS_APPROVAL.
void DecideApproval(pqxx::transaction_base& tx, const std::string& edition_id,
                    int64_t list_price_per_m2, const common::auth::Principal& caller,
                    const google::protobuf::Timestamp& now, bool pending_allowed,
                    const v1::SaleApproval* standing, store::SaleContent& content);

// When `stand` (locked) is stored as held but its hold has expired and the expiry worker has not
// released it yet, enqueues that release (crm.planning.stand.released, "hold_expired") before
// whatever takes the stand now.
void EnqueueLapsedHold(pqxx::transaction_base& tx, const store::StandRow& stand);

// The sale reserves `stand` (locked by PlaceSale): marks it sold and enqueues
// crm.planning.stand.sold — after crm.planning.stand.released when it replaces another client's
// expired hold that was not released yet.
void TakeStand(pqxx::transaction_base& tx, const store::StandRow& stand, const store::SaleRow& sale,
               const google::protobuf::Timestamp& now);

// Frees the stand `sale` reserves, if any, and enqueues crm.planning.stand.released with
// `reason` ("sale_cancelled", "sale_rejected", "sale_moved").
void ReleaseSaleStand(pqxx::transaction_base& tx, const store::SaleRow& sale,
                      const std::string& reason, const common::auth::Principal& caller,
                      const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
