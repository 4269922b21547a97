#pragma once

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/enum_text.h"
#include "common/core/errors.h"
#include "common/tabular/source_table.h"
#include "crm/planning/v1/stands.pb.h"

// Pure rules of the stand inventory: stand fields, floor-plan files, who may take a stand, how
// long a hold lasts, and how far below the price list a sale is. No I/O.
namespace crm::planning::domain {

inline constexpr std::size_t kMaxHallChars = 100;
inline constexpr std::size_t kMaxBlockReasonChars = 1000;
inline constexpr std::size_t kMaxHoldNoteChars = 1000;
// A floor plan of a very large exhibition has a few thousand stands.
inline constexpr std::size_t kMaxFloorPlanStands = 20'000;

// The stored text of a status ("free") and of a stand type ("CORNER").
using StandStatusText = common::api::EnumText<v1::StandStatus, common::api::TextCase::kLower>;

// An edition's name "projects/{project}/editions/{edition}" with a suffix (`suffix` "" for
// none, "/salesPolicy"), and a stand's "projects/{project}/editions/{edition}/stands/{stand}":
// their lower-case ids, or nullopt with a violation of `field` ("is required", or the form). Every
// planning RPC reads edition names with this.
struct EditionIds {
  std::string project_id;
  std::string edition_id;
};
struct StandIds {
  EditionIds edition;
  std::string stand_id;
};
std::optional<EditionIds> ParseEditionName(std::string_view name, std::string_view suffix,
                                           const std::string& field,
                                           common::Violations& violations);
std::optional<StandIds> ParseStandName(std::string_view name, const std::string& field,
                                       common::Violations& violations);

// The key a stand number is matched by: spaces removed, letters upper case, Cyrillic letters that
// look like Latin ones (А, В, Е, К, М, Н, О, Р, С, Т, Х) read as those, so "а 12", "A12" typed
// in either alphabet are one stand.
std::string StandNumberKey(std::string_view number);

// The key stands are listed in, the way people count them: the number key (StandNumberKey) with
// every run of digits padded to eight, so "A-2" comes before "A-10" when compared byte by byte.
std::string StandSortKey(std::string_view number_key);

// Sides open to the aisles a type has when none are given: linear 1, corner 2, peninsula 3,
// island and open area 4.
int DefaultOpenSides(v1::StandType type);

// Validates the writable fields of a stand (number, hall, type, area, open sides) under `path`
// ("stand"); `fields` limits the check to those named (an update's mask), empty checks all.
void ValidateStandFields(const v1::Stand& stand, const std::vector<std::string>& fields,
                         const std::string& path, common::Violations& violations);

// One stand of a floor plan as read from a file.
struct FloorPlanStand {
  int row = 0;  // the file's row number, header = 1
  std::string number;
  std::string hall;
  v1::StandType stand_type = v1::STAND_TYPE_UNSPECIFIED;
  int64_t area_dm2 = 0;
  int open_sides = 0;
};

// Reads a floor plan's table. Columns are found by their header, in Russian or English, in any
// order: number (номер), hall (зал, павильон), type (тип), area in m² (площадь, "12,5" or "12.5",
// at most two decimals), open sides (открытых сторон, optional; the type's by default). Types are
// named in either language (linear/линейный, corner/угловой, peninsula/полуостров,
// island/остров, open_area/открытая площадка). A number twice in the file is an error. Every
// problem is a violation of "content" naming its row and column; the stands are returned only
// when there is none.
std::vector<FloorPlanStand> ReadFloorPlan(const common::tabular::SourceTable& table,
                                          common::Violations& violations);

// What a stand's state means for someone who wants it, at `now`.
struct StandState {
  std::string name;                                       // the stand's resource name
  v1::StandStatus status = v1::STAND_STATUS_UNSPECIFIED;  // effective: an expired hold is free
  std::string number;
  std::string hold_client_id;  // while held
  std::optional<google::protobuf::Timestamp> hold_expire_time;
  std::string sale_id;  // while sold
  std::string block_reason;
};

// Throws common::PreconditionError unless a sale to `client_id` may take the stand: it is free,
// or held for that client. Held for another client: STAND_HELD with the client and expiry; sold:
// STAND_SOLD naming the sale that holds it (also as the PreconditionFailure's subject); blocked:
// STAND_BLOCKED with the reason. The other refusals name the stand as their subject. A stand the
// sale `own_sale_id` already holds is available to it.
void CheckStandAvailableForSale(const StandState& stand, const std::string& client_id,
                                const std::string& own_sale_id);
// Throws common::PreconditionError unless the stand is free (a hold or a block needs that).
void CheckStandFree(const StandState& stand, const std::string& wanted_for);

// An edition's sales policy with the defaults of an edition that has none.
struct SalesPolicyTerms {
  int32_t max_discount_bp = 1000;
  std::chrono::seconds default_hold{72 * 3600};
  std::chrono::seconds max_hold{14 * 24 * 3600};
};
// Validates an update of the policy (the masked fields of `policy` over `current`) and returns
// the new terms; violations on "sales_policy.<field>".
SalesPolicyTerms UpdatedSalesPolicy(const SalesPolicyTerms& current, const v1::SalesPolicy& policy,
                                    const std::vector<std::string>& fields,
                                    common::Violations& violations);

// How long a hold asked for with `requested` (unset: the policy's default) lasts; a violation of
// "duration" when it is not positive or longer than the policy allows.
std::chrono::seconds HoldDuration(const SalesPolicyTerms& policy,
                                  const google::protobuf::Duration* requested,
                                  common::Violations& violations);

// How far below the list a sale is: (list − net) / list in basis points, rounded down, where
// the list amount prices the area at the list price and adds the services; 0 when the sale is at
// or above the list or the list amount is 0.
int32_t DiscountBelowListBp(int64_t area_dm2, int64_t list_price_per_m2, int64_t services_amount,
                            int64_t net_amount);

}  // namespace crm::planning::domain
