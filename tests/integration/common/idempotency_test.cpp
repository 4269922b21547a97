// Idempotent creates (common/api/idempotency.h) on a real PostgreSQL: keys per caller and RPC,
// fingerprints of the body, and requests racing with the same key.
#include "common/api/idempotency.h"

#include <gtest/gtest.h>

#include <atomic>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/db/pool.h"
#include "common/grpc/service_host.h"
#include "crm/registry/v1/groups.pb.h"
#include "tests/support/test_environment.h"

namespace crm::common::api {
namespace {

namespace v1 = crm::registry::v1;

const std::vector<db::Migration> kGroups = {
    {1, "groups", "CREATE TABLE groups (id text PRIMARY KEY, display_name text NOT NULL UNIQUE)"},
};

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = crm::testing::TestEnvironment::Get().FreshDatabase("idempotency");
    db::ApplyMigrations(url_, rpc::ServiceMigrationSets("test", kGroups));
    pool_ = std::make_unique<db::Pool>(url_, 8, std::vector<db::NamedQuery>{});
  }

  static v1::CreateGroupRequest Request(const std::string& request_id,
                                        const std::string& display_name) {
    v1::CreateGroupRequest request;
    request.set_request_id(request_id);
    request.mutable_group()->set_display_name(display_name);
    return request;
  }

  // Creates the group of `request` for `caller`, as a handler would.
  v1::Group Create(const std::string& caller, const v1::CreateGroupRequest& request) {
    return CreateOnce(
        *pool_, KeyOf(caller, "CreateGroup", request),
        [&](pqxx::work& tx) {
          ++creates_;
          v1::Group group;
          const std::string id = NewUuid();
          group.set_name("groups/" + id);
          group.set_display_name(request.group().display_name());
          tx.exec_params0("INSERT INTO groups VALUES ($1, $2)", id, group.display_name());
          return group;
        },
        [](pqxx::transaction_base& tx, const std::string& name) {
          const pqxx::row row = tx.exec_params1("SELECT display_name FROM groups WHERE id = $1",
                                                name.substr(name.find('/') + 1));
          v1::Group group;
          group.set_name(name);
          group.set_display_name(row[0].c_str());
          return group;
        },
        [&](pqxx::read_transaction&) {
          throw AlreadyExistsError("a group named " + request.group().display_name() + " exists",
                                   "groups/?");
        });
  }

  long long Count(const std::string& sql) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx.exec1(sql)[0].as<long long>();
  }

  std::string url_;
  std::unique_ptr<db::Pool> pool_;
  std::atomic<int> creates_{0};
};

TEST_F(IdempotencyTest, SameCallerAndBodyReplaysTheResource) {
  const auto request = Request("key-1", "Самара");
  const v1::Group first = Create("employees/a", request);
  const v1::Group again = Create("employees/a", request);
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(again.display_name(), "Самара");
  EXPECT_EQ(creates_.load(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM groups"), 1);
}

TEST_F(IdempotencyTest, AnotherCallersKeyIsAnotherKey) {
  const v1::Group mine = Create("employees/a", Request("key-1", "Самара"));
  const v1::Group theirs = Create("employees/b", Request("key-1", "Тольятти"));
  EXPECT_NE(theirs.name(), mine.name());
  EXPECT_EQ(theirs.display_name(), "Тольятти");
  EXPECT_EQ(Count("SELECT count(*) FROM idempotent_requests"), 2);
}

TEST_F(IdempotencyTest, AnotherBodyWithTheSameKeyIsRefusedAndCreatesNothing) {
  Create("employees/a", Request("key-1", "Самара"));
  try {
    Create("employees/a", Request("key-1", "Тольятти"));
    FAIL() << "a different body was replayed";
  } catch (const PreconditionError& e) {
    EXPECT_EQ(e.reason(), "REQUEST_ID_REUSED");
  }
  EXPECT_EQ(creates_.load(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM groups"), 1);
}

TEST_F(IdempotencyTest, WithoutARequestIdEveryCallCreates) {
  Create("employees/a", Request("", "Самара"));
  Create("employees/a", Request("", "Тольятти"));
  EXPECT_EQ(creates_.load(), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM idempotent_requests"), 0);
}

TEST_F(IdempotencyTest, AConflictOfTheResourceIsExplainedAndReleasesTheKey) {
  Create("employees/a", Request("key-1", "Самара"));
  EXPECT_THROW(Create("employees/a", Request("key-2", "Самара")), AlreadyExistsError);
  // The failed request's key was rolled back with it: a corrected retry with it succeeds.
  EXPECT_EQ(Create("employees/a", Request("key-2", "Сызрань")).display_name(), "Сызрань");
}

TEST_F(IdempotencyTest, RacingRequestsWithOneKeyCreateOnce) {
  constexpr int kThreads = 8;
  const auto request = Request("key-race", "Самара");
  std::vector<std::string> names(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { names[i] = Create("employees/a", request).name(); });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 1u);
  EXPECT_EQ(creates_.load(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM groups"), 1);
}

TEST_F(IdempotencyTest, FingerprintIgnoresTheRequestIdOnly) {
  EXPECT_EQ(RequestFingerprint(Request("a", "Самара")), RequestFingerprint(Request("b", "Самара")));
  EXPECT_NE(RequestFingerprint(Request("a", "Самара")),
            RequestFingerprint(Request("a", "Сызрань")));
  EXPECT_NE(RequestFingerprint(Request("a", "Самара"), "file-1"),
            RequestFingerprint(Request("a", "Самара"), "file-2"));
  EXPECT_EQ(RequestFingerprint(Request("a", "Самара")).size(), 64u);
}

}  // namespace
}  // namespace crm::common::api
