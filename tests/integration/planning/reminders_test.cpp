// Reminders of calendar tasks against a real PostgreSQL and nats-server: the scheduler claims
// due reminders once across restarts and replicas, publishes crm.planning.task.reminder_due
// through the outbox, and WatchReminders delivers missed reminders then live ones, none twice.

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/pool.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_client_events.pb.h"
#include "crm/events/v1/registry_edition_events.pb.h"
#include "crm/planning/v1/calendar.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "services/planning/api/calendar_api.h"
#include "services/planning/api/planning_api.h"
#include "services/planning/app/reminder_scheduler.h"
#include "services/planning/store/all_queries.h"
#include "services/planning/store/migrations.h"
#include "services/planning/store/planning_store.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using app::ReminderHub;
using app::ReminderScheduler;
using app::ReminderSchedulerOptions;
using common::auth::Role;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using testing::Eventually;

Timestamp At(const char* rfc3339) {
  Timestamp t;
  if (!TimeUtil::FromString(rfc3339, &t)) {
    throw std::invalid_argument(rfc3339);
  }
  return t;
}

class RemindersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& env = testing::TestEnvironment::Get();
    db_url_ = env.FreshDatabase("planning_reminders");
    testing::Migrate(db_url_, "planning", Migrations());
    nats_url_ = env.FreshNats();
    pool_ = std::make_unique<common::db::Pool>(db_url_, 6, AllQueries());
    relay_ = testing::StartRelay(db_url_, nats_url_, "planning");
    hub_ = std::make_unique<ReminderHub>(db_url_);
    hub_->Start();
    SetNow("2026-03-16T07:00:00Z");  // 11:00 in Samara
    planning_ = std::make_unique<PlanningApi>(testing::TestGuard(), *pool_, Clock());
    calendar_ = std::make_unique<CalendarApi>(testing::TestGuard(), *pool_, Clock(), hub_.get());
    server_ = std::make_unique<testing::InProcessServer>(
        std::vector<grpc::Service*>{planning_.get(), calendar_.get()});
    planning_stub_ = v1::PlanningService::NewStub(server_->channel());
    stub_ = v1::CalendarService::NewStub(server_->channel());

    manager_id_ = common::NewUuid();
    other_id_ = common::NewUuid();
    manager_ = testing::TokenFor("employees/" + manager_id_, {Role::kSalesManager});
    other_ = testing::TokenFor("employees/" + other_id_, {Role::kSalesManager});
    Seed();
  }

  void TearDown() override {
    stub_.reset();
    planning_stub_.reset();
    server_.reset();
    calendar_.reset();
    planning_.reset();
    hub_->Stop();
    relay_->Stop();
    relay_.reset();
    pool_.reset();
  }

  ReminderScheduler::Clock Clock() {
    return [this] { return TimeUtil::MicrosecondsToTimestamp(now_micros_.load()); };
  }
  void SetNow(const char* rfc3339) { now_micros_ = TimeUtil::TimestampToMicroseconds(At(rfc3339)); }

  std::unique_ptr<ReminderScheduler> Scheduler() {
    return std::make_unique<ReminderScheduler>(*pool_, *hub_, Clock(),
                                               ReminderSchedulerOptions{.batch_size = 2});
  }

  void Seed() {
    client_id_ = common::NewUuid();
    project_id_ = common::NewUuid();
    edition_id_ = common::NewUuid();
    pool_->InTransaction([&](pqxx::work& tx) {
      ev::ClientSnapshot client;
      client.set_display_name("СтройМаш");
      store::UpsertClient(tx, client_id_, client, std::nullopt);
      ev::EditionSnapshot edition;
      edition.mutable_price_per_m2()->set_currency_code("RUB");
      store::UpsertEdition(tx, edition_id_, project_id_, edition, std::nullopt, std::nullopt,
                           std::nullopt);
    });
  }

  int64_t Count(const std::string& table, const std::string& where = "true") {
    return crm::testing::CountRows(db_url_, table, where);
  }

  // A call at `start` with a reminder `minutes_before`.
  v1::Contact PlanWithReminder(const std::string& token, const char* start, int minutes_before) {
    v1::PlanContactRequest request;
    auto* c = request.mutable_contact();
    c->set_client("clients/" + client_id_);
    c->set_edition("projects/" + project_id_ + "/editions/" + edition_id_);
    c->set_type(v1::CONTACT_TYPE_CALL);
    c->set_purpose_kind(v1::CONTACT_PURPOSE_PAYMENT_REMINDER);
    *c->mutable_scheduled_time() = At(start);
    c->add_reminders()->mutable_before_start()->set_seconds(minutes_before * 60);
    v1::Contact contact;
    grpc::ClientContext context;
    testing::Authorize(context, token);
    const auto status = planning_stub_->PlanContact(&context, request, &contact);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return contact;
  }

  // Opens WatchReminders and reads `count` notices (or fewer when the stream ends first).
  struct Watch {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<v1::ReminderNotice>> reader;
  };
  std::unique_ptr<Watch> OpenWatch(const std::string& token, int64_t after) {
    auto watch = std::make_unique<Watch>();
    watch->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    testing::Authorize(watch->context, token);
    v1::WatchRemindersRequest request;
    request.set_after_sequence(after);
    watch->reader = stub_->WatchReminders(&watch->context, request);
    return watch;
  }
  static std::vector<v1::ReminderNotice> ReadNotices(Watch& watch, int count) {
    std::vector<v1::ReminderNotice> notices;
    v1::ReminderNotice notice;
    while (static_cast<int>(notices.size()) < count && watch.reader->Read(&notice)) {
      notices.push_back(notice);
    }
    return notices;
  }
  static void Close(Watch& watch) {
    watch.context.TryCancel();
    v1::ReminderNotice drain;
    while (watch.reader->Read(&drain)) {
    }
    watch.reader->Finish();
  }

  std::string db_url_, nats_url_;
  std::atomic<int64_t> now_micros_{0};
  std::unique_ptr<common::db::Pool> pool_;
  std::unique_ptr<common::bus::OutboxRelay> relay_;
  std::unique_ptr<ReminderHub> hub_;
  std::unique_ptr<PlanningApi> planning_;
  std::unique_ptr<CalendarApi> calendar_;
  std::unique_ptr<testing::InProcessServer> server_;
  std::unique_ptr<v1::PlanningService::Stub> planning_stub_;
  std::unique_ptr<v1::CalendarService::Stub> stub_;
  std::string manager_id_, other_id_, manager_, other_;
  std::string client_id_, project_id_, edition_id_;
};

TEST_F(RemindersTest, AReminderDueWhileTheSchedulerIsDownFiresOnceAfterRestart) {
  auto scheduler = Scheduler();
  scheduler->Start();
  const v1::Contact task = PlanWithReminder(manager_, "2026-03-16T08:00:00Z", 15);  // due 07:45
  EXPECT_EQ(scheduler->DispatchDue(), 0);                                           // not yet due
  scheduler->Stop();
  scheduler.reset();

  // The due time passes with no scheduler running; then two replicas start at once.
  SetNow("2026-03-16T07:50:00Z");
  auto first = Scheduler();
  auto second = Scheduler();
  first->Start();
  second->Start();
  ASSERT_TRUE(Eventually([&] { return first->dispatched() + second->dispatched() == 1; }));
  // More passes of both change nothing.
  EXPECT_EQ(first->DispatchDue() + second->DispatchDue(), 0);
  first->Stop();
  second->Stop();
  EXPECT_EQ(first->dispatched() + second->dispatched(), 1u);
  EXPECT_EQ(Count("task_reminders", "sequence IS NOT NULL"), 1);

  // A subscriber of the stream sees the event exactly once.
  const auto events =
      testing::ReadStream(nats_url_, events::v1::kTaskReminderDue, 2, std::chrono::seconds(3));
  ASSERT_EQ(events.size(), 1u);
  ev::TaskReminderDue due;
  common::bus::FromJson(events[0].data, &due);
  EXPECT_EQ(due.contact(), task.name());
  EXPECT_EQ(due.owner(), "employees/" + manager_id_);
  EXPECT_EQ(due.client_display_name(), "СтройМаш");
  EXPECT_EQ(due.purpose_kind(), v1::CONTACT_PURPOSE_PAYMENT_REMINDER);
  EXPECT_EQ(TimeUtil::ToString(due.fire_time()), "2026-03-16T07:45:00Z");
  EXPECT_EQ(TimeUtil::ToString(due.dispatch_time()), "2026-03-16T07:50:00Z");
  EXPECT_EQ(due.time_zone(), "Europe/Samara");
  EXPECT_EQ(due.local_start_time(), "2026-03-16 12:00");
}

TEST_F(RemindersTest, RemindersOfCancelledOrMovedTasksFollowTheTask) {
  auto scheduler = Scheduler();
  const v1::Contact cancelled = PlanWithReminder(manager_, "2026-03-16T09:00:00Z", 60);
  const v1::Contact moved = PlanWithReminder(manager_, "2026-03-16T09:00:00Z", 60);
  {
    v1::CancelContactRequest request;
    request.set_name(cancelled.name());
    v1::Contact out;
    grpc::ClientContext context;
    testing::Authorize(context, manager_);
    ASSERT_TRUE(stub_->CancelContact(&context, request, &out).ok());
  }
  {
    v1::UpdateContactRequest request;
    request.mutable_contact()->set_name(moved.name());
    *request.mutable_contact()->mutable_scheduled_time() = At("2026-03-17T09:00:00Z");
    request.mutable_update_mask()->add_paths("scheduled_time");
    v1::Contact out;
    grpc::ClientContext context;
    testing::Authorize(context, manager_);
    ASSERT_TRUE(stub_->UpdateContact(&context, request, &out).ok());
  }
  SetNow("2026-03-16T08:30:00Z");
  EXPECT_EQ(scheduler->DispatchDue(), 0);
  SetNow("2026-03-17T08:00:00Z");
  EXPECT_EQ(scheduler->DispatchDue(), 1);
  EXPECT_EQ(Count("task_reminders", "sequence IS NOT NULL AND contact_id = '" +
                                        *common::ParseResourceId(moved.name(), "contacts") + "'"),
            1);
}

TEST_F(RemindersTest, WatchDeliversMissedRemindersThenLiveOnesNeverTwice) {
  auto scheduler = Scheduler();
  const v1::Contact a = PlanWithReminder(manager_, "2026-03-16T08:00:00Z", 30);
  const v1::Contact b = PlanWithReminder(manager_, "2026-03-16T08:10:00Z", 30);
  const v1::Contact c = PlanWithReminder(manager_, "2026-03-16T08:20:00Z", 30);
  PlanWithReminder(other_, "2026-03-16T08:00:00Z", 30);  // someone else's
  // a, b, c and the other manager's fall due while the app is closed (batches of 2).
  SetNow("2026-03-16T07:55:00Z");
  ASSERT_EQ(scheduler->DispatchDue(), 4);

  auto watch = OpenWatch(manager_, 0);
  auto missed = ReadNotices(*watch, 3);
  ASSERT_EQ(missed.size(), 3u);
  std::vector<std::string> contacts;
  contacts.reserve(missed.size());
  for (const auto& n : missed) {
    contacts.push_back(n.contact());
  }
  EXPECT_THAT(contacts, ElementsAre(a.name(), b.name(), c.name()));
  EXPECT_LT(missed[0].sequence(), missed[1].sequence());
  EXPECT_EQ(missed[0].local_start_time(), "2026-03-16 12:00");
  EXPECT_EQ(missed[0].client_display_name(), "СтройМаш");

  // A live one while the stream is open: the scheduler's loop dispatches it.
  scheduler->Start();
  const v1::Contact d = PlanWithReminder(manager_, "2026-03-16T08:40:00Z", 30);
  SetNow("2026-03-16T08:15:00Z");
  hub_->NotifyPlanned();  // the test clock jumped; real time would have woken the timer
  auto live = ReadNotices(*watch, 1);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].contact(), d.name());
  const int64_t last_seen = missed[1].sequence();  // the app acknowledged only two
  Close(*watch);

  // Reconnect after the second: the third and the live one again, in order, nothing before.
  auto again = OpenWatch(manager_, last_seen);
  auto resent = ReadNotices(*again, 2);
  ASSERT_EQ(resent.size(), 2u);
  EXPECT_EQ(resent[0].contact(), c.name());
  EXPECT_EQ(resent[1].contact(), d.name());
  Close(*again);

  // Reconnect after the last: nothing until a new reminder falls due, then exactly it.
  auto caught_up = OpenWatch(manager_, live[0].sequence());
  const v1::Contact e = PlanWithReminder(manager_, "2026-03-16T09:00:00Z", 30);
  SetNow("2026-03-16T08:31:00Z");
  hub_->NotifyPlanned();
  auto next = ReadNotices(*caught_up, 1);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].contact(), e.name());
  EXPECT_GT(next[0].sequence(), live[0].sequence());
  Close(*caught_up);
  scheduler->Stop();
  EXPECT_EQ(Count("task_reminders", "sequence IS NOT NULL"), 6);
}

TEST_F(RemindersTest, WatchEndsWhenTheTokenExpires) {
  auto scheduler = Scheduler();
  const v1::Contact planned = PlanWithReminder(manager_, "2026-03-16T08:00:00Z", 30);
  SetNow("2026-03-16T07:55:00Z");
  ASSERT_EQ(scheduler->DispatchDue(), 1);

  common::auth::TokenRequest request;
  request.subject = "employees/" + manager_id_;
  request.roles = {Role::kSalesManager};
  request.ttl = std::chrono::seconds(2);
  const auto minted = std::chrono::system_clock::now();
  auto watch = OpenWatch(common::auth::MintHs256Token(testing::kTestJwtSecret, request), 0);
  auto notices = ReadNotices(*watch, 1);
  ASSERT_EQ(notices.size(), 1u);  // served while the token is valid
  EXPECT_EQ(notices[0].contact(), planned.name());

  // Then the stream waits for more, until the token's exp (whole seconds) passes.
  v1::ReminderNotice more;
  EXPECT_FALSE(watch->reader->Read(&more));
  const auto ended = std::chrono::system_clock::now();
  const grpc::Status status = watch->reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), "token expired");
  EXPECT_GE(ended, minted + std::chrono::seconds(1));
  EXPECT_LT(ended, minted + std::chrono::seconds(6)) << "the stream outlived its token";
}

TEST_F(RemindersTest, WatchRejectsBadInputAndOtherRoles) {
  auto bad = OpenWatch(manager_, -1);
  EXPECT_TRUE(ReadNotices(*bad, 1).empty());
  EXPECT_EQ(bad->reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const auto accountant = testing::TokenFor("employees/" + common::NewUuid(), {Role::kAccountant});
  auto denied = OpenWatch(accountant, 0);
  EXPECT_TRUE(ReadNotices(*denied, 1).empty());
  EXPECT_EQ(denied->reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace crm::planning
