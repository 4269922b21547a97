#include "services/planning/app/stand_inventory.h"

#include <google/protobuf/util/time_util.h>

#include <map>
#include <utility>

#include "common/api/etag.h"
#include "common/api/page_token.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "common/db/money.h"
#include "common/tabular/csv_reader.h"
#include "common/tabular/xlsx_reader.h"
#include "services/planning/app/actors.h"
#include "services/planning/app/reference_checks.h"
#include "services/planning/app/sale_terms.h"
#include "services/planning/domain/sale_pricing.h"
#include "services/planning/domain/stand_rules.h"
#include "services/planning/events/published.h"
#include "services/planning/store/planning_store.h"
#include "services/planning/store/stand_store.h"

namespace crm::planning::app {
namespace {

namespace ev = crm::events::v1;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

std::string EditionName(const EditionRef& edition) {
  return "projects/" + edition.project_id + "/editions/" + edition.edition_id;
}

// The edition planning knows, or NOT_FOUND.
store::EditionRow KnownEdition(pqxx::transaction_base& tx, const EditionRef& edition) {
  auto row = store::FindEdition(tx, edition.edition_id);
  if (!row || row->project_id != edition.project_id) {
    throw common::NotFoundError(EditionName(edition));
  }
  return *row;
}

// The stand of `ref`, locked, or NOT_FOUND naming `name`.
store::StandRow LockedStand(pqxx::transaction_base& tx, const StandRef& ref,
                            const std::string& name, const Timestamp& now) {
  auto row = store::LockStand(tx, now, ref.stand_id);
  if (!row || row->edition_id != ref.edition.edition_id ||
      row->project_id != ref.edition.project_id) {
    throw common::NotFoundError(name);
  }
  return *row;
}

v1::Stand Reread(pqxx::transaction_base& tx, const std::string& id, const Timestamp& now) {
  auto row = store::FindStand(tx, now, id);
  if (!row) {
    throw std::logic_error("stand " + id + " vanished in its own transaction");
  }
  return row->stand;
}

common::tabular::SourceTable ReadTable(const v1::ImportStandsRequest& request) {
  const std::string& bytes = request.content();
  const bool zip = bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0;
  const bool xlsx = request.format() == v1::STAND_FILE_FORMAT_XLSX ||
                    (request.format() == v1::STAND_FILE_FORMAT_UNSPECIFIED && zip);
  try {
    return xlsx ? common::tabular::ReadXlsx(bytes) : common::tabular::ReadCsv(bytes, {});
  } catch (const common::tabular::SourceFormatError& e) {
    common::Violations violations;
    violations.Add("content", std::string("cannot be read as ") +
                                  (xlsx ? "an xlsx workbook" : "CSV") + ": " + e.what());
    violations.ThrowIfAny();
  }
  return {};
}

v1::SalesPolicy PolicyMessage(const EditionRef& edition, const store::SalesPolicyRow& row) {
  v1::SalesPolicy policy;
  policy.set_name(EditionName(edition) + "/salesPolicy");
  policy.set_max_discount_bp(row.terms.max_discount_bp);
  policy.mutable_default_hold()->set_seconds(row.terms.default_hold.count());
  policy.mutable_max_hold()->set_seconds(row.terms.max_hold.count());
  policy.set_etag(std::to_string(row.version));
  if (row.update_time) {
    *policy.mutable_update_time() = *row.update_time;
  }
  return policy;
}

}  // namespace

v1::ImportStandsResponse ImportStands(common::db::Pool& pool, const EditionRef& edition,
                                      const v1::ImportStandsRequest& request,
                                      const Timestamp& now) {
  const common::tabular::SourceTable table = ReadTable(request);
  common::Violations violations;
  const std::vector<domain::FloorPlanStand> stands = domain::ReadFloorPlan(table, violations);
  violations.ThrowIfAny();

  return pool.InTransaction([&](pqxx::work& tx) {
    KnownEdition(tx, edition);
    std::map<std::string, store::StandRow> known;
    for (auto& row : store::LockStandsOfEdition(tx, now, edition.edition_id)) {
      std::string key = domain::StandNumberKey(row.stand.number());
      known.emplace(std::move(key), std::move(row));
    }
    v1::ImportStandsResponse response;
    std::vector<domain::FloorPlanStand> changes;
    changes.reserve(stands.size());
    for (const auto& stand : stands) {
      const auto found = known.find(domain::StandNumberKey(stand.number));
      if (found == known.end()) {
        response.set_created(response.created() + 1);
        changes.push_back(stand);
        continue;
      }
      const v1::Stand& current = found->second.stand;
      const bool same = current.number() == stand.number && current.hall() == stand.hall &&
                        current.stand_type() == stand.stand_type &&
                        current.area_dm2() == stand.area_dm2 &&
                        current.open_sides() == stand.open_sides;
      if (same) {
        response.set_unchanged(response.unchanged() + 1);
        continue;
      }
      const bool in_use =
          current.status() == v1::STAND_STATUS_HELD || current.status() == v1::STAND_STATUS_SOLD;
      if (in_use &&
          (current.stand_type() != stand.stand_type || current.area_dm2() != stand.area_dm2)) {
        violations.Add("content", "row " + std::to_string(stand.row) + ": stand " +
                                      current.number() + " is " +
                                      domain::StandStatusText::Of(current.status()) +
                                      (current.sale().empty() ? "" : " (" + current.sale() + ")") +
                                      "; its type and area cannot change");
        continue;
      }
      response.set_updated(response.updated() + 1);
      changes.push_back(stand);
    }
    violations.ThrowIfAny();
    if (!request.validate_only() && !changes.empty()) {
      store::UpsertStands(tx, edition.edition_id, now, changes);
    }
    return response;
  });
}

v1::ListStandsResponse ListStands(common::db::Pool& pool, const common::auth::Principal& caller,
                                  const EditionRef& edition, const v1::ListStandsRequest& request,
                                  const Timestamp& now) {
  common::Violations violations;
  const int limit = common::PageSize(request.page_size());
  const common::api::PageQuery query = common::api::PageQueryOf(request, caller.subject);
  const auto after = common::api::ReadPageToken(violations, query, request.page_token(), 2);
  violations.ThrowIfAny();
  store::StandFilter filter;
  if (request.status() != v1::STAND_STATUS_UNSPECIFIED) {
    filter.status = domain::StandStatusText::Of(request.status());
  }
  if (request.stand_type() != v1::STAND_TYPE_UNSPECIFIED) {
    filter.stand_type = domain::StandTypeText::Of(request.stand_type());
  }
  if (!request.hall().empty()) {
    filter.hall = request.hall();
  }
  std::optional<store::StandKey> key;
  if (after) {
    if (!common::IsUuid((*after)[1])) {
      violations.Add("page_token", common::api::kForeignPageToken);
      violations.ThrowIfAny();
    }
    key = store::StandKey{(*after)[0], (*after)[1]};
  }
  return pool.Read([&](pqxx::transaction_base& tx) {
    KnownEdition(tx, edition);
    auto rows = store::ListStands(tx, now, edition.edition_id, filter, key, limit + 1);
    v1::ListStandsResponse response;
    response.set_next_page_token(
        common::api::NextPageToken(rows, limit, query, [](const auto& last) {
          return common::api::PageKeyParts{last.sort_key, last.id};
        }));
    for (auto& row : rows) {
      *response.add_stands() = std::move(row.stand);
    }
    return response;
  });
}

v1::Stand GetStand(common::db::Pool& pool, const StandRef& ref, const std::string& name,
                   const Timestamp& now) {
  return pool.Read([&](pqxx::transaction_base& tx) {
    auto row = store::FindStand(tx, now, ref.stand_id);
    if (!row || row->edition_id != ref.edition.edition_id ||
        row->project_id != ref.edition.project_id) {
      throw common::NotFoundError(name);
    }
    return row->stand;
  });
}

v1::Stand UpdateStand(common::db::Pool& pool, const StandRef& ref,
                      const v1::UpdateStandRequest& request, const std::vector<std::string>& fields,
                      const Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::StandRow current = LockedStand(tx, ref, request.stand().name(), now);
    common::api::CheckEtag(current.stand.name(), current.stand.etag(), request.stand().etag());
    v1::Stand updated = current.stand;
    for (const std::string& field : fields) {
      if (field == "hall") {
        updated.set_hall(request.stand().hall());
      } else if (field == "stand_type") {
        updated.set_stand_type(request.stand().stand_type());
      } else if (field == "area_dm2") {
        updated.set_area_dm2(request.stand().area_dm2());
      } else if (field == "open_sides") {
        updated.set_open_sides(request.stand().open_sides());
      }
    }
    if (updated.open_sides() == 0) {
      updated.set_open_sides(domain::DefaultOpenSides(updated.stand_type()));
    }
    const bool in_use = current.stand.status() == v1::STAND_STATUS_HELD ||
                        current.stand.status() == v1::STAND_STATUS_SOLD;
    if (in_use && (updated.stand_type() != current.stand.stand_type() ||
                   updated.area_dm2() != current.stand.area_dm2())) {
      throw common::PreconditionError(
          "STAND_IN_USE", "stand " + current.stand.number() + " is " +
                              domain::StandStatusText::Of(current.stand.status()) +
                              "; its type and area change only when it is free or blocked");
    }
    store::UpdateStand(tx, current.id, updated, now);
    return Reread(tx, current.id, now);
  });
}

v1::Stand BlockStand(common::db::Pool& pool, const common::auth::Principal& caller,
                     const StandRef& ref, const v1::BlockStandRequest& request,
                     const Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::StandRow current = LockedStand(tx, ref, request.name(), now);
    domain::CheckStandFree(current.state, "blocked");
    EnqueueLapsedHold(tx, current);
    store::BlockStand(tx, current.id, request.reason() + " (" + caller.subject + ")", now);
    return Reread(tx, current.id, now);
  });
}

v1::Stand UnblockStand(common::db::Pool& pool, const StandRef& ref, const std::string& name,
                       const Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::StandRow current = LockedStand(tx, ref, name, now);
    if (current.stand.status() != v1::STAND_STATUS_BLOCKED) {
      throw common::PreconditionError("STAND_NOT_BLOCKED",
                                      "stand " + current.stand.number() + " is not blocked");
    }
    store::UnblockStand(tx, current.id, now);
    return Reread(tx, current.id, now);
  });
}

v1::Stand HoldStand(common::db::Pool& pool, const common::auth::Principal& caller,
                    const StandRef& ref, const std::string& client_id,
                    const v1::HoldStandRequest& request, const Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::StandRow current = LockedStand(tx, ref, request.name(), now);
    // A closed or cancelled edition takes no holds, nor does a deleted client.
    RequireEditionAcceptsSales(tx, current.edition_id, EditionName(ref.edition));
    common::Violations violations;
    if (!store::FindClient(tx, client_id)) {
      violations.Add("client", request.client() + " is not a client planning knows");
    }
    const store::SalesPolicyRow policy = store::FindSalesPolicy(tx, current.edition_id);
    const std::chrono::seconds duration = domain::HoldDuration(
        policy.terms, request.has_duration() ? &request.duration() : nullptr, violations);
    violations.ThrowIfAny();
    RequireClientNotDeleted(tx, client_id);
    domain::CheckStandFree(current.state, "held");
    const auto employee = common::auth::EmployeeIdOf(caller.subject);
    if (!employee) {
      throw common::PermissionError("only an employee can hold a stand for a client");
    }
    EnqueueLapsedHold(tx, current);
    const Timestamp expire = now + TimeUtil::SecondsToDuration(duration.count());
    store::HoldStand(tx, current.id, client_id, *employee, now, expire, request.note());
    const auto held = store::FindStand(tx, now, current.id);
    common::bus::EnqueueEvent(tx, ev::kStandHeld, held->stand.name(), StandHeldEvent(*held));
    return held->stand;
  });
}

v1::Stand ReleaseStand(common::db::Pool& pool, const common::auth::Principal& caller,
                       const StandRef& ref, const std::string& name, const Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    const store::StandRow current = LockedStand(tx, ref, name, now);
    if (current.stand.status() != v1::STAND_STATUS_HELD) {
      throw common::PreconditionError("STAND_NOT_HELD",
                                      "stand " + current.stand.number() + " is " +
                                          domain::StandStatusText::Of(current.stand.status()) +
                                          ", not held; there is no hold to release");
    }
    CheckOwnerAccess(tx, LoadActor(tx, caller), common::auth::Records::kSales,
                     common::auth::Action::kWrite, current.held_by);
    store::FreeStand(tx, current.id, now);
    common::bus::EnqueueEvent(tx, ev::kStandReleased, current.stand.name(),
                              StandReleasedEvent(current, "hold_released",
                                                 current.state.hold_client_id, "", caller.subject));
    return Reread(tx, current.id, now);
  });
}

v1::SalesBoard GetSalesBoard(common::db::Pool& pool, const EditionRef& edition,
                             const Timestamp& now) {
  return pool.Read([&](pqxx::transaction_base& tx) {
    const store::EditionRow known = KnownEdition(tx, edition);
    const std::string currency = known.snapshot.price_per_m2().currency_code().empty()
                                     ? "RUB"
                                     : known.snapshot.price_per_m2().currency_code();
    v1::SalesBoard board;
    board.set_edition(EditionName(edition));
    for (const store::BoardCell& cell : store::StandBoard(tx, now, edition.edition_id)) {
      v1::SalesBoardCell* out = cell.stand_type.empty() ? board.add_totals() : board.add_cells();
      out->set_status(domain::StandStatusText::Parse(cell.status));
      if (!cell.stand_type.empty()) {
        out->set_stand_type(domain::StandTypeText::Parse(cell.stand_type));
      }
      out->set_stands(cell.stands);
      out->set_area_dm2(cell.area_dm2);
      *out->mutable_list_amount() = common::db::MoneyOf(currency, cell.list_amount);
      if (!cell.stand_type.empty()) {
        *out->mutable_list_price_per_m2() = common::db::MoneyOf(currency, cell.list_price_per_m2);
      }
    }
    for (auto& stand : store::BoardFreeStands(tx, now, edition.edition_id, currency)) {
      *board.add_free_stands() = std::move(stand);
    }
    return board;
  });
}

v1::SalesPolicy GetSalesPolicy(common::db::Pool& pool, const EditionRef& edition) {
  return pool.Read([&](pqxx::transaction_base& tx) {
    KnownEdition(tx, edition);
    return PolicyMessage(edition, store::FindSalesPolicy(tx, edition.edition_id));
  });
}

v1::SalesPolicy UpdateSalesPolicy(common::db::Pool& pool, const EditionRef& edition,
                                  const v1::UpdateSalesPolicyRequest& request,
                                  const std::vector<std::string>& fields, const Timestamp& now) {
  return pool.InTransaction([&](pqxx::work& tx) {
    KnownEdition(tx, edition);
    const store::SalesPolicyRow current = store::LockSalesPolicy(tx, edition.edition_id);
    common::api::CheckEtag(request.sales_policy().name(), std::to_string(current.version),
                           request.sales_policy().etag());
    common::Violations violations;
    const domain::SalesPolicyTerms terms =
        domain::UpdatedSalesPolicy(current.terms, request.sales_policy(), fields, violations);
    violations.ThrowIfAny();
    return PolicyMessage(edition, store::UpsertSalesPolicy(tx, edition.edition_id, terms, now));
  });
}

}  // namespace crm::planning::app
