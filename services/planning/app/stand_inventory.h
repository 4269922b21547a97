#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/auth.h"
#include "common/db/pool.h"
#include "crm/planning/v1/stands.pb.h"
#include "services/planning/domain/stand_rules.h"

// The stand inventory of an edition (StandService): importing a floor plan, editing, blocking,
// holding and releasing stands, the sales board and the edition's sales policy. Requests arrive
// validated (api/stand_api.cpp); ids are lower-case UUIDs.
namespace crm::planning::app {

using EditionRef = domain::EditionIds;
using StandRef = domain::StandIds;

inline constexpr std::array<std::string_view, 4> kUpdatableStandFields = {
    "area_dm2", "hall", "open_sides", "stand_type"};
inline constexpr std::array<std::string_view, 3> kUpdatableSalesPolicyFields = {
    "default_hold", "max_discount_bp", "max_hold"};

// Reads the file (a violation of "content" when it cannot be read), checks every row, and in one
// transaction adds the new numbers and updates the known ones; nothing changes when any row is in
// error or `validate_only`. A held or sold stand's type and area cannot change (a row violation).
v1::ImportStandsResponse ImportStands(common::db::Pool& pool, const EditionRef& edition,
                                      const v1::ImportStandsRequest& request,
                                      const google::protobuf::Timestamp& now);

v1::ListStandsResponse ListStands(common::db::Pool& pool, const common::auth::Principal& caller,
                                  const EditionRef& edition, const v1::ListStandsRequest& request,
                                  const google::protobuf::Timestamp& now);
v1::Stand GetStand(common::db::Pool& pool, const StandRef& ref, const std::string& name,
                   const google::protobuf::Timestamp& now);
// `fields`: the read update mask.
v1::Stand UpdateStand(common::db::Pool& pool, const StandRef& ref,
                      const v1::UpdateStandRequest& request, const std::vector<std::string>& fields,
                      const google::protobuf::Timestamp& now);
v1::Stand BlockStand(common::db::Pool& pool, const common::auth::Principal& caller,
                     const StandRef& ref, const v1::BlockStandRequest& request,
                     const google::protobuf::Timestamp& now);
v1::Stand UnblockStand(common::db::Pool& pool, const StandRef& ref, const std::string& name,
                       const google::protobuf::Timestamp& now);
// The caller holds the free stand for the client (an active client planning knows) for the
// requested time or the policy's default; enqueues crm.planning.stand.held.
v1::Stand HoldStand(common::db::Pool& pool, const common::auth::Principal& caller,
                    const StandRef& ref, const std::string& client_id,
                    const v1::HoldStandRequest& request, const google::protobuf::Timestamp& now);
// The holder, a head of sales over the holder's department, or an admin ends a hold; enqueues
// crm.planning.stand.released ("hold_released").
v1::Stand ReleaseStand(common::db::Pool& pool, const common::auth::Principal& caller,
                       const StandRef& ref, const std::string& name,
                       const google::protobuf::Timestamp& now);
v1::SalesBoard GetSalesBoard(common::db::Pool& pool, const EditionRef& edition,
                             const google::protobuf::Timestamp& now);

v1::SalesPolicy GetSalesPolicy(common::db::Pool& pool, const EditionRef& edition);
v1::SalesPolicy UpdateSalesPolicy(common::db::Pool& pool, const EditionRef& edition,
                                  const v1::UpdateSalesPolicyRequest& request,
                                  const std::vector<std::string>& fields,
                                  const google::protobuf::Timestamp& now);

}  // namespace crm::planning::app
