#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <utility>

#include "common/db/pool.h"
#include "common/grpc/rpc_guard.h"
#include "services/planning/app/clock.h"

namespace crm::planning {

// What every planning service class works with: the guard that authenticates and authorises a
// call, the connection pool and the clock (pinned by tests). Each *Api class derives from it.
class ApiParts {
 protected:
  ApiParts(const common::rpc::RpcGuard& guard, common::db::Pool& pool, app::Clock clock)
      : guard_(guard), pool_(pool), clock_(std::move(clock)) {}

  // Now, truncated to the microseconds PostgreSQL keeps, so responses equal later reads.
  google::protobuf::Timestamp Now() const { return app::MicrosNow(clock_); }

  const common::rpc::RpcGuard& guard_;
  common::db::Pool& pool_;
  app::Clock clock_;
};

}  // namespace crm::planning
