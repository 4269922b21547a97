#include "services/planning/api/stand_api.h"

#include <string>

#include "common/api/etag.h"
#include "common/api/update_mask.h"
#include "common/core/errors.h"
#include "services/planning/app/stand_inventory.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/stand_rules.h"

namespace crm::planning {
namespace {

using common::auth::Principal;

// 64 MiB is the readers' own limit; a floor plan is far smaller.
constexpr std::size_t kMaxFloorPlanBytes = 16 * 1024 * 1024;

domain::StandIds StandOf(const std::string& name, const std::string& field) {
  common::Violations violations;
  auto ids = domain::ParseStandName(name, field, violations);
  violations.ThrowIfAny();
  return *ids;
}

}  // namespace

StandApi::StandApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool,
                   PlanningApi::Clock clock)
    : ApiParts(guard, pool, std::move(clock)) {}

grpc::Status StandApi::ImportStands(grpc::ServerContext* context,
                                    const v1::ImportStandsRequest* request,
                                    v1::ImportStandsResponse* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    const auto edition = domain::ParseEditionName(request->parent(), "", "parent", violations);
    if (request->content().empty()) {
      violations.Add("content", "is required: a CSV file or an xlsx workbook");
    } else if (request->content().size() > kMaxFloorPlanBytes) {
      violations.Add("content", "must be at most 16 MiB");
    }
    if (!v1::StandFileFormat_IsValid(request->format())) {
      violations.Add("format", "is not a known file format");
    }
    violations.ThrowIfAny();
    *response = app::ImportStands(pool_, *edition, *request, Now());
  });
}

grpc::Status StandApi::ListStands(grpc::ServerContext* context,
                                  const v1::ListStandsRequest* request,
                                  v1::ListStandsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const auto edition = domain::ParseEditionName(request->parent(), "", "parent", violations);
    if (!v1::StandStatus_IsValid(request->status())) {
      violations.Add("status", "is not a known stand status");
    }
    if (!v1::StandType_IsValid(request->stand_type())) {
      violations.Add("stand_type", "is not a known stand type");
    }
    domain::CheckText(request->hall(), false, domain::kMaxHallChars, "hall", violations);
    violations.ThrowIfAny();
    *response = app::ListStands(pool_, caller, *edition, *request, Now());
  });
}

grpc::Status StandApi::GetStand(grpc::ServerContext* context, const v1::GetStandRequest* request,
                                v1::Stand* response) {
  return guard_.Run(context, [&](const Principal&) {
    *response = app::GetStand(pool_, StandOf(request->name(), "name"), request->name(), Now());
  });
}

grpc::Status StandApi::UpdateStand(grpc::ServerContext* context,
                                   const v1::UpdateStandRequest* request, v1::Stand* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    const auto stand = domain::ParseStandName(request->stand().name(), "stand.name", violations);
    static constexpr common::api::RefusedPath kRefused[] = {
        {"number", "is the stand's identity on the floor plan: import the plan to renumber"},
        {"status", "is output only: block, unblock, hold, release or sell the stand"}};
    const std::vector<std::string> fields = common::api::ReadUpdateMask(
        violations, request->update_mask(), app::kUpdatableStandFields, kRefused);
    if (!fields.empty()) {
      domain::ValidateStandFields(request->stand(), fields, "stand", violations);
    }
    common::api::RequireEtag(violations, "stand.etag", request->stand().etag());
    violations.ThrowIfAny();
    *response = app::UpdateStand(pool_, *stand, *request, fields, Now());
  });
}

grpc::Status StandApi::BlockStand(grpc::ServerContext* context,
                                  const v1::BlockStandRequest* request, v1::Stand* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const auto stand = domain::ParseStandName(request->name(), "name", violations);
    domain::CheckText(request->reason(), true, domain::kMaxBlockReasonChars, "reason", violations);
    violations.ThrowIfAny();
    *response = app::BlockStand(pool_, caller, *stand, *request, Now());
  });
}

grpc::Status StandApi::UnblockStand(grpc::ServerContext* context,
                                    const v1::UnblockStandRequest* request, v1::Stand* response) {
  return guard_.Run(context, [&](const Principal&) {
    *response = app::UnblockStand(pool_, StandOf(request->name(), "name"), request->name(), Now());
  });
}

grpc::Status StandApi::HoldStand(grpc::ServerContext* context, const v1::HoldStandRequest* request,
                                 v1::Stand* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    const auto stand = domain::ParseStandName(request->name(), "name", violations);
    const auto client = domain::ParseIdField(request->client(), "clients", "client", violations);
    domain::CheckText(request->note(), false, domain::kMaxHoldNoteChars, "note", violations);
    violations.ThrowIfAny();
    *response = app::HoldStand(pool_, caller, *stand, *client, *request, Now());
  });
}

grpc::Status StandApi::ReleaseStand(grpc::ServerContext* context,
                                    const v1::ReleaseStandRequest* request, v1::Stand* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    *response =
        app::ReleaseStand(pool_, caller, StandOf(request->name(), "name"), request->name(), Now());
  });
}

grpc::Status StandApi::GetSalesBoard(grpc::ServerContext* context,
                                     const v1::GetSalesBoardRequest* request,
                                     v1::SalesBoard* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    const auto edition = domain::ParseEditionName(request->edition(), "", "edition", violations);
    violations.ThrowIfAny();
    *response = app::GetSalesBoard(pool_, *edition, Now());
  });
}

grpc::Status StandApi::GetSalesPolicy(grpc::ServerContext* context,
                                      const v1::GetSalesPolicyRequest* request,
                                      v1::SalesPolicy* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    const auto edition =
        domain::ParseEditionName(request->name(), "/salesPolicy", "name", violations);
    violations.ThrowIfAny();
    *response = app::GetSalesPolicy(pool_, *edition);
  });
}

grpc::Status StandApi::UpdateSalesPolicy(grpc::ServerContext* context,
                                         const v1::UpdateSalesPolicyRequest* request,
                                         v1::SalesPolicy* response) {
  return guard_.Run(context, [&](const Principal&) {
    common::Violations violations;
    const auto edition = domain::ParseEditionName(request->sales_policy().name(), "/salesPolicy",
                                                  "sales_policy.name", violations);
    const std::vector<std::string> fields = common::api::ReadUpdateMask(
        violations, request->update_mask(), app::kUpdatableSalesPolicyFields);
    common::api::RequireEtag(violations, "sales_policy.etag", request->sales_policy().etag());
    violations.ThrowIfAny();
    *response = app::UpdateSalesPolicy(pool_, *edition, *request, fields, Now());
  });
}

}  // namespace crm::planning
