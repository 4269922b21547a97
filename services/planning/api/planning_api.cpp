#include "services/planning/api/planning_api.h"

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/api/idempotency.h"
#include "common/api/page_token.h"
#include "common/bus/outbox.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/paging.h"
#include "services/planning/app/active_sale.h"
#include "services/planning/app/actors.h"
#include "services/planning/app/complete_contact.h"
#include "services/planning/app/plan_contact.h"
#include "services/planning/domain/contact_rules.h"
#include "services/planning/domain/sale_pricing.h"
#include "services/planning/events/published.h"
#include "services/planning/store/calendar_store.h"
#include "services/planning/store/planning_store.h"
#include "services/planning/store/sales_store.h"

namespace crm::planning {
namespace {

using app::CheckOwnerAccess;
using app::LoadActor;
using app::ReadableContact;
using common::auth::Principal;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

// --- list helpers ----------------------------------------------------------------------------

std::optional<Timestamp> OptionalTime(bool present, const Timestamp& t, const char* field,
                                      common::Violations& violations) {
  if (!present) {
    return std::nullopt;
  }
  if (!domain::IsPlausibleTime(t)) {
    violations.Add(field, "must be a valid time in the years 2000 to 2099");
    return std::nullopt;
  }
  return t;
}

}  // namespace

PlanningApi::PlanningApi(const common::rpc::RpcGuard& guard, common::db::Pool& pool, Clock clock)
    : ApiParts(guard, pool, std::move(clock)) {}

grpc::Status PlanningApi::PlanContact(grpc::ServerContext* context,
                                      const v1::PlanContactRequest* request,
                                      v1::Contact* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const domain::PlanInput in = domain::ValidatePlanContact(*request, caller.subject);
    *response = app::PlanContact(pool_, caller, *request, in, Now());
  });
}

grpc::Status PlanningApi::GetContact(grpc::ServerContext* context,
                                     const v1::GetContactRequest* request, v1::Contact* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    auto id = domain::ParseIdField(request->name(), "contacts", "name", violations);
    violations.ThrowIfAny();
    *response = pool_.Read([&](pqxx::read_transaction& tx) {
      return ReadableContact(tx, caller, *id, request->name());
    });
  });
}

grpc::Status PlanningApi::ListContacts(grpc::ServerContext* context,
                                       const v1::ListContactsRequest* request,
                                       v1::ListContactsResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    store::ContactFilter filter;
    if (!request->owner().empty()) {
      filter.owner_id = domain::ParseIdField(request->owner(), "employees", "owner", violations);
    }
    filter.start_time =
        OptionalTime(request->has_start_time(), request->start_time(), "start_time", violations);
    filter.end_time =
        OptionalTime(request->has_end_time(), request->end_time(), "end_time", violations);
    if (filter.start_time && filter.end_time && *filter.end_time <= *filter.start_time) {
      violations.Add("end_time", "must be after start_time");
    }
    int page_size = 0;
    violations.Collect([&] { page_size = common::PageSize(request->page_size()); });
    const common::api::PageQuery query = common::api::PageQueryOf(*request, caller.subject);
    filter.after = common::api::ReadTimeKeyToken(violations, query, request->page_token());
    violations.ThrowIfAny();

    // One row more than the page tells whether another page follows.
    filter.limit = page_size + 1;
    auto rows = pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::Actor actor = LoadActor(tx, caller);
      filter.scope = common::auth::ReadScope(actor, common::auth::Records::kTasks);
      if (filter.owner_id) {
        CheckOwnerAccess(tx, actor, common::auth::Records::kTasks, common::auth::Action::kRead,
                         *filter.owner_id);
      }
      return store::ListContacts(tx, filter);
    });
    response->set_next_page_token(
        common::api::NextPageToken(rows, page_size, query, store::ContactKey));
    for (const auto& row : rows) {
      *response->add_contacts() = row.contact;
    }
  });
}

grpc::Status PlanningApi::CompleteContact(grpc::ServerContext* context,
                                          const v1::CompleteContactRequest* request,
                                          v1::CompleteContactResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    const Timestamp now = Now();
    common::Violations violations;
    auto id = domain::ParseIdField(request->name(), "contacts", "name", violations);
    auto kind = domain::ValidateResult(request->result(), now, violations);
    violations.ThrowIfAny();

    *response =
        app::CompleteContact(pool_, caller, {*id, request->name(), request->result(), *kind, now});
  });
}

grpc::Status PlanningApi::GetSale(grpc::ServerContext* context, const v1::GetSaleRequest* request,
                                  v1::Sale* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    auto id = domain::ParseIdField(request->name(), "sales", "name", violations);
    violations.ThrowIfAny();
    *response = pool_.Read([&](pqxx::read_transaction& tx) {
      return app::ReadableSale(tx, caller, *id, request->name()).sale;
    });
  });
}

grpc::Status PlanningApi::ListSales(grpc::ServerContext* context,
                                    const v1::ListSalesRequest* request,
                                    v1::ListSalesResponse* response) {
  return guard_.Run(context, [&](const Principal& caller) {
    common::Violations violations;
    std::optional<std::string> requested;
    if (!request->manager().empty()) {
      requested = domain::ParseIdField(request->manager(), "employees", "manager", violations);
    }
    const common::api::TimePage page =
        common::api::ReadTimePage(violations, *request, caller.subject);
    violations.ThrowIfAny();

    auto sales = pool_.Read([&](pqxx::read_transaction& tx) {
      const common::auth::Actor actor = LoadActor(tx, caller);
      const common::auth::ListScope scope =
          common::auth::ReadScope(actor, common::auth::Records::kSales);
      if (requested) {
        CheckOwnerAccess(tx, actor, common::auth::Records::kSales, common::auth::Action::kRead,
                         *requested);
      }
      return store::ListSales(tx, requested, scope, page.after, page.page_size + 1);
    });
    response->set_next_page_token(
        common::api::NextPageToken(sales, page.page_size, page.query, [](const v1::Sale& last) {
          return common::api::TimeKey{TimeUtil::TimestampToMicroseconds(last.sale_time()),
                                      common::ParseResourceId(last.name(), "sales").value_or("")};
        }));
    for (const auto& sale : sales) {
      *response->add_sales() = sale;
    }
  });
}

}  // namespace crm::planning
