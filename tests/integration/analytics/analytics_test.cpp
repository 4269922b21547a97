// Analytics against a real PostgreSQL and nats-server: planning and registry events in through
// the real consumer, the manager report out through the API.

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "common/bus/consumer.h"
#include "common/core/ids.h"
#include "common/db/pool.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/documents_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/analytics/events/handlers.h"
#include "services/analytics/service.h"
#include "services/analytics/store/projection_tables.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"

namespace crm::analytics {
namespace {

using common::auth::Role;
using crm::analytics::v1::AnalyticsService;
using crm::analytics::v1::GetManagerReportRequest;
using crm::analytics::v1::ManagerReport;
using crm::planning::v1::ContactType;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

Timestamp At(const std::string& rfc3339) {
  Timestamp t;
  if (!TimeUtil::FromString(rfc3339, &t)) {
    throw std::invalid_argument("bad timestamp in test: " + rfc3339);
  }
  return t;
}

std::map<std::string, int64_t> AsMap(
    const google::protobuf::RepeatedPtrField<crm::analytics::v1::CountByKey>& counts) {
  std::map<std::string, int64_t> out;
  for (const auto& c : counts) {
    out[c.key()] = c.count();
  }
  return out;
}

// February 2026, the report period of most tests.
constexpr char kStart[] = "2026-02-01T00:00:00Z";
constexpr char kEnd[] = "2026-03-01T00:00:00Z";

class AnalyticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& env = crm::testing::TestEnvironment::Get();
    url_ = env.FreshDatabase("analytics");
    nats_ = env.FreshNats();
    server_ = std::make_unique<crm::testing::RunningService>(Definition(), url_, nats_);
    stub_ = AnalyticsService::NewStub(server_->channel());
  }

  void TearDown() override { server_.reset(); }

  // Publishes as a producer's relay would; returns the event id.
  template <class Payload>
  std::string Publish(const common::bus::Topic<Payload>& topic,
                      const std::type_identity_t<Payload>& payload, std::string event_id = "") {
    if (event_id.empty()) {
      event_id = common::NewUuid();
    }
    crm::testing::PublishEvent(nats_, topic, event_id, payload);
    ++published_;
    return event_id;
  }

  // The same with the event's ce-time (the commit time the projection orders changes by) and,
  // for a redelivery, the id of an earlier event under a new Nats-Msg-Id.
  template <class Payload>
  std::string PublishAt(const common::bus::Topic<Payload>& topic,
                        const std::type_identity_t<Payload>& payload, const std::string& ce_time,
                        std::string event_id = "") {
    if (event_id.empty()) {
      event_id = common::NewUuid();
    }
    crm::testing::PublishEvent(
        nats_, topic, event_id, payload,
        crm::testing::PublishOptions{
            .subject_id = "", .nats_msg_id = common::NewUuid(), .time = ce_time});
    ++published_;
    return event_id;
  }

  std::string Employee(const std::string& full_name) {
    std::string name = "employees/" + common::NewUuid();
    crm::events::v1::EmployeeCreated ev;
    ev.mutable_employee()->set_employee(name);
    ev.mutable_employee()->set_full_name(full_name);
    Publish(events::v1::kEmployeeCreated, ev);
    return name;
  }

  // crm.registry.employee.updated as registry publishes it when an admin puts `employee` into the
  // department unit `department_id`.
  void Move(const std::string& employee, const std::string& department_id) {
    crm::events::v1::EmployeeUpdated ev;
    ev.mutable_employee()->set_employee(employee);
    ev.mutable_employee()->set_full_name("Сотрудник " + employee.substr(10, 4));
    ev.set_status("active");
    ev.set_department_unit("departments/" + department_id);
    Publish(events::v1::kEmployeeUpdated, ev);
  }

  static crm::events::v1::ContactPlanned Planned(const std::string& contact,
                                                 const std::string& owner, ContactType type,
                                                 const std::string& scheduled) {
    crm::events::v1::ContactPlanned ev;
    ev.set_contact(contact);
    ev.set_client("clients/" + common::NewUuid());
    ev.set_edition("projects/" + common::NewUuid() + "/editions/" + common::NewUuid());
    ev.set_type(type);
    ev.set_purpose("обсудить стенд");
    *ev.mutable_scheduled_time() = At(scheduled);
    ev.set_owner(owner);
    return ev;
  }

  static crm::events::v1::ContactCompleted Completed(const std::string& contact,
                                                     const std::string& owner, ContactType type,
                                                     const std::string& scheduled,
                                                     const std::string& completed,
                                                     const std::string& kind) {
    crm::events::v1::ContactCompleted ev;
    ev.set_contact(contact);
    ev.set_owner(owner);
    ev.set_type(type);
    *ev.mutable_scheduled_time() = At(scheduled);
    *ev.mutable_complete_time() = At(completed);
    auto* result = ev.mutable_result();
    if (kind == "sale") {
      result->mutable_sale()->set_area_dm2(1250);
    } else if (kind == "refusal") {
      result->mutable_refusal()->set_reason(crm::planning::v1::REFUSAL_REASON_NO_BUDGET);
    } else if (kind == "reschedule") {
      *result->mutable_reschedule()->mutable_new_time() = At(completed);
      result->mutable_reschedule()->set_reason("перезвонить");
    } else {
      result->mutable_note()->set_text("заметка");
    }
    ev.set_result_kind(kind);
    return ev;
  }

  // A contact planned and completed, in that order.
  void PlanAndComplete(const std::string& owner, ContactType type, const std::string& scheduled,
                       const std::string& completed, const std::string& kind) {
    std::string contact = "contacts/" + common::NewUuid();
    Publish(events::v1::kContactPlanned, Planned(contact, owner, type, scheduled));
    Publish(events::v1::kContactCompleted,
            Completed(contact, owner, type, scheduled, completed, kind));
  }

  static crm::events::v1::SaleRecorded Sale(const std::string& manager, int64_t area_dm2,
                                            int64_t net, int64_t total,
                                            const std::string& sale_time) {
    crm::events::v1::SaleRecorded ev;
    ev.set_sale("sales/" + common::NewUuid());
    ev.set_contact("contacts/" + common::NewUuid());
    *ev.mutable_sale_time() = At(sale_time);
    ev.mutable_manager()->set_employee(manager);
    ev.mutable_manager()->set_full_name("Иванова Анна");
    ev.set_area_dm2(area_dm2);
    ev.mutable_net_amount()->set_currency_code("RUB");
    ev.mutable_net_amount()->set_minor_units(net);
    ev.set_vat_rate_bp(2200);
    ev.mutable_total_amount()->set_currency_code("RUB");
    ev.mutable_total_amount()->set_minor_units(total);
    return ev;
  }

  // crm.planning.sale.amended as planning publishes it: `sale` with the new area and amounts.
  static crm::events::v1::SaleAmended Amended(const crm::events::v1::SaleRecorded& sale,
                                              int64_t area_dm2, int64_t net, int64_t total) {
    crm::events::v1::SaleAmended ev;
    *ev.mutable_previous() = sale;
    auto* now = ev.mutable_sale();
    *now = sale;
    now->set_area_dm2(area_dm2);
    now->mutable_net_amount()->set_minor_units(net);
    now->mutable_total_amount()->set_minor_units(total);
    now->set_stand_type(crm::planning::v1::STAND_TYPE_CORNER);
    now->set_state("ACTIVE");
    ev.add_changed_fields("area_dm2");
    ev.set_amended_by(sale.manager().employee());
    ev.set_reason("стенд больше");
    return ev;
  }

  static crm::events::v1::SaleCancelled Cancelled(const crm::events::v1::SaleRecorded& sale) {
    crm::events::v1::SaleCancelled ev;
    *ev.mutable_sale() = sale;
    ev.mutable_sale()->set_state("CANCELLED");
    ev.set_reason("клиент отказался");
    ev.set_cancelled_by(sale.manager().employee());
    return ev;
  }

  // A rebuild: a second durable consumer replays the whole stream into the same tables.
  void ReplayTheStream() {
    common::bus::ConsumerOptions replay_options = ProjectionConsumerOptions();
    replay_options.durable = "analytics-replay";
    common::bus::EventConsumer replay(server_->pool(), nats_, common::bus::StreamLayout{},
                                      replay_options, ProjectionRouter());
    replay.Start();
    ASSERT_TRUE(crm::testing::Eventually([&] { return replay.processed() >= published_; }));
    replay.Stop();
  }

  // The report's sales figures: count, m² in dm², net and total kopecks.
  std::tuple<int64_t, int64_t, int64_t, int64_t> SalesFigures(const std::string& manager) {
    ManagerReport report = ReportOf(manager);
    return {report.sales_count(), report.area_dm2(), report.net_amount().minor_units(),
            report.total_amount().minor_units()};
  }

  // Waits until the consumer has acknowledged `expected` events (duplicates and skipped
  // subjects included).
  void WaitForConsumer(uint64_t expected) {
    ASSERT_TRUE(crm::testing::Eventually([&] {
      return server_->consumer().processed() >= expected;
    })) << "processed "
        << server_->consumer().processed() << " of " << expected;
  }

  static std::string Token(std::vector<Role> roles, const std::string& subject = "") {
    return crm::testing::TokenFor(subject.empty() ? "employees/" + common::NewUuid() : subject,
                                  std::move(roles));
  }

  grpc::Status Report(const GetManagerReportRequest& request, ManagerReport* out,
                      const std::string& token = Token({Role::kAnalyst})) {
    grpc::ClientContext ctx;
    if (!token.empty()) {
      crm::testing::Authorize(ctx, token);
    }
    return stub_->GetManagerReport(&ctx, request, out);
  }

  static GetManagerReportRequest Request(const std::string& manager,
                                         const std::string& start = kStart,
                                         const std::string& end = kEnd) {
    GetManagerReportRequest request;
    request.set_manager(manager);
    *request.mutable_start_time() = At(start);
    *request.mutable_end_time() = At(end);
    return request;
  }

  // The report once it is there (the manager known to the projection), else an empty one.
  ManagerReport ReportOf(const std::string& manager) {
    ManagerReport report;
    grpc::Status status = Report(Request(manager), &report);
    return status.ok() ? report : ManagerReport();
  }

  int64_t Count(const std::string& sql) { return crm::testing::QueryNumber(server_->pool(), sql); }

  std::string url_;
  std::string nats_;
  uint64_t published_ = 0;
  // crm-analytics as its main.cpp assembles it (services/analytics/service.h).
  std::unique_ptr<crm::testing::RunningService> server_;
  std::unique_ptr<AnalyticsService::Stub> stub_;
};

// Publishes a month of one manager's work (plus noise around it) and checks every number.
TEST_F(AnalyticsTest, ReportsAManagersMonth) {
  const std::string manager = Employee("Иванова Анна");
  const std::string other = Employee("Петров Пётр");
  using crm::planning::v1::CONTACT_TYPE_CALL;
  using crm::planning::v1::CONTACT_TYPE_EMAIL;
  using crm::planning::v1::CONTACT_TYPE_LETTER;
  using crm::planning::v1::CONTACT_TYPE_MEETING;

  // Completed in February: counted by type and result.
  PlanAndComplete(manager, CONTACT_TYPE_CALL, "2026-02-03T09:00:00Z", "2026-02-03T09:30:00Z",
                  "sale");
  PlanAndComplete(manager, CONTACT_TYPE_MEETING, "2026-02-05T11:00:00Z", "2026-02-06T12:00:00Z",
                  "refusal");
  PlanAndComplete(manager, CONTACT_TYPE_CALL, "2026-02-10T10:00:00Z", "2026-02-10T10:15:00Z",
                  "note");
  // Planned in January, completed in February: counts (by completion time).
  PlanAndComplete(manager, CONTACT_TYPE_CALL, "2026-01-30T10:00:00Z", "2026-02-02T10:00:00Z",
                  "reschedule");
  // Completed exactly at the start: inclusive.
  PlanAndComplete(manager, CONTACT_TYPE_MEETING, "2026-01-31T23:00:00Z", kStart, "note");
  // Completed in January, or exactly at the end: not counted.
  PlanAndComplete(manager, CONTACT_TYPE_LETTER, "2026-01-25T10:00:00Z", "2026-01-28T10:00:00Z",
                  "reschedule");
  PlanAndComplete(manager, CONTACT_TYPE_LETTER, "2026-02-28T10:00:00Z", kEnd, "sale");
  // Open: planned in February and not completed; the March one is outside the period.
  Publish(events::v1::kContactPlanned, Planned("contacts/" + common::NewUuid(), manager,
                                               CONTACT_TYPE_EMAIL, "2026-02-20T10:00:00Z"));
  Publish(events::v1::kContactPlanned, Planned("contacts/" + common::NewUuid(), manager,
                                               CONTACT_TYPE_CALL, "2026-03-05T10:00:00Z"));
  // Sales: one in February; one exactly at the end and one in January are not.
  Publish(events::v1::kSaleRecorded,
          Sale(manager, 1250, 12200000, 14884000, "2026-02-03T09:30:00Z"));
  Publish(events::v1::kSaleRecorded, Sale(manager, 900, 8784000, 10716480, "2026-02-27T15:00:00Z"));
  Publish(events::v1::kSaleRecorded, Sale(manager, 500, 100, 122, kEnd));
  Publish(events::v1::kSaleRecorded, Sale(manager, 500, 100, 122, "2026-01-15T12:00:00Z"));
  // Another manager's work in the same month.
  PlanAndComplete(other, CONTACT_TYPE_CALL, "2026-02-03T09:00:00Z", "2026-02-03T09:30:00Z", "sale");
  Publish(events::v1::kSaleRecorded, Sale(other, 3000, 1, 1, "2026-02-03T09:30:00Z"));
  // Subjects the projection does not keep are skipped.
  crm::events::v1::ClientCreated client;
  client.mutable_client()->set_client("clients/" + common::NewUuid());
  Publish(events::v1::kClientCreated, client);
  Publish(events::v1::kExportCompleted, crm::events::v1::ExportCompleted());

  ManagerReport report;
  ASSERT_TRUE(crm::testing::Eventually([&] {
    report = ReportOf(manager);
    return report.sales_count() == 2 && report.open_contacts() == 1 &&
           report.contacts_by_result_size() == 4;
  })) << report.DebugString();
  WaitForConsumer(published_);
  report = ReportOf(manager);

  EXPECT_EQ(report.manager(), manager);
  EXPECT_EQ(TimeUtil::ToString(report.start_time()), kStart);
  EXPECT_EQ(TimeUtil::ToString(report.end_time()), kEnd);
  EXPECT_THAT(
      AsMap(report.contacts_by_type()),
      (std::map<std::string, int64_t>{{"CONTACT_TYPE_CALL", 3}, {"CONTACT_TYPE_MEETING", 2}}));
  EXPECT_THAT(AsMap(report.contacts_by_result()),
              (std::map<std::string, int64_t>{
                  {"note", 2}, {"refusal", 1}, {"reschedule", 1}, {"sale", 1}}));
  EXPECT_EQ(report.open_contacts(), 1);
  EXPECT_EQ(report.sales_count(), 2);
  EXPECT_EQ(report.area_dm2(), 2150);
  EXPECT_EQ(report.net_amount().currency_code(), "RUB");
  EXPECT_EQ(report.net_amount().minor_units(), 20984000);
  EXPECT_EQ(report.total_amount().currency_code(), "RUB");
  EXPECT_EQ(report.total_amount().minor_units(), 25600480);
  EXPECT_EQ(report.conversion_bp(), 2000);  // 1 sale among 5 completed contacts
  EXPECT_EQ(server_->consumer().dead_lettered(), 0u);
}

// A rebuild empties every table kept from events and keeps what people entered: a table in
// neither list would be left stale by a rebuild, one in both wiped.
TEST_F(AnalyticsTest, EveryTableIsEitherRebuiltFromEventsOrEntered) {
  std::set<std::string> listed(ProjectionTables().begin(), ProjectionTables().end());
  listed.insert(EnteredTables().begin(), EnteredTables().end());
  EXPECT_EQ(listed.size(), ProjectionTables().size() + EnteredTables().size());
  const std::set<std::string> schema = server_->pool().Read([](pqxx::read_transaction& tx) {
    std::set<std::string> names;
    // The tables every service shares (outbox and the stream it publishes to, inbox,
    // idempotency keys, migrations) aside.
    for (const auto& row :
         tx.exec("SELECT table_name FROM information_schema.tables "
                 "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND "
                 "table_name NOT IN ('outbox', 'outbox_stream', 'processed_events', "
                 "'idempotent_requests', 'schema_migrations')")) {
      names.insert(row[0].as<std::string>());
    }
    return names;
  });
  EXPECT_EQ(schema, listed);
}

TEST_F(AnalyticsTest, RedeliveryAndReplayDoNotDoubleCount) {
  const std::string manager = Employee("Иванова Анна");
  std::string contact = "contacts/" + common::NewUuid();
  auto planned =
      Planned(contact, manager, crm::planning::v1::CONTACT_TYPE_CALL, "2026-02-03T09:00:00Z");
  auto completed = Completed(contact, manager, crm::planning::v1::CONTACT_TYPE_CALL,
                             "2026-02-03T09:00:00Z", "2026-02-03T09:30:00Z", "sale");
  auto sale = Sale(manager, 1250, 12200000, 14884000, "2026-02-03T09:30:00Z");
  std::string planned_id = Publish(events::v1::kContactPlanned, planned);
  std::string completed_id = Publish(events::v1::kContactCompleted, completed);
  std::string sale_id = Publish(events::v1::kSaleRecorded, sale);
  WaitForConsumer(published_);

  // The same events delivered again under their ids (a new Nats-Msg-Id gets them past the
  // stream's dedup; the consumer's inbox skips them), and under new ids (an operator
  // re-publishing a range): the upserts absorb them.
  crm::testing::PublishEvent(nats_, events::v1::kContactPlanned, planned_id, planned, "",
                             common::NewUuid());
  crm::testing::PublishEvent(nats_, events::v1::kContactCompleted, completed_id, completed, "",
                             common::NewUuid());
  crm::testing::PublishEvent(nats_, events::v1::kSaleRecorded, sale_id, sale, "",
                             common::NewUuid());
  published_ += 3;
  Publish(events::v1::kContactPlanned, planned);
  Publish(events::v1::kContactCompleted, completed);
  Publish(events::v1::kSaleRecorded, sale);
  WaitForConsumer(published_);

  // A rebuild: a second durable consumer replays the whole stream into the same tables.
  ASSERT_NO_FATAL_FAILURE(ReplayTheStream());

  ManagerReport report = ReportOf(manager);
  EXPECT_THAT(AsMap(report.contacts_by_type()),
              (std::map<std::string, int64_t>{{"CONTACT_TYPE_CALL", 1}}));
  EXPECT_THAT(AsMap(report.contacts_by_result()), (std::map<std::string, int64_t>{{"sale", 1}}));
  EXPECT_EQ(report.open_contacts(), 0);
  EXPECT_EQ(report.sales_count(), 1);
  EXPECT_EQ(report.area_dm2(), 1250);
  EXPECT_EQ(report.net_amount().minor_units(), 12200000);
  EXPECT_EQ(report.total_amount().minor_units(), 14884000);
  EXPECT_EQ(report.conversion_bp(), 10000);
  EXPECT_EQ(Count("SELECT count(*) FROM contacts"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM sales"), 1);
}

TEST_F(AnalyticsTest, ALatePlannedEventDoesNotReopenACompletedContact) {
  const std::string manager = Employee("Иванова Анна");
  std::string contact = "contacts/" + common::NewUuid();
  Publish(events::v1::kContactCompleted,
          Completed(contact, manager, crm::planning::v1::CONTACT_TYPE_MEETING,
                    "2026-02-05T11:00:00Z", "2026-02-05T12:00:00Z", "refusal"));
  WaitForConsumer(published_);
  ManagerReport report = ReportOf(manager);
  EXPECT_THAT(AsMap(report.contacts_by_result()), (std::map<std::string, int64_t>{{"refusal", 1}}));

  // The "planned" event arrives after the completion.
  Publish(
      events::v1::kContactPlanned,
      Planned(contact, manager, crm::planning::v1::CONTACT_TYPE_MEETING, "2026-02-05T11:00:00Z"));
  WaitForConsumer(published_);
  report = ReportOf(manager);
  EXPECT_THAT(AsMap(report.contacts_by_type()),
              (std::map<std::string, int64_t>{{"CONTACT_TYPE_MEETING", 1}}));
  EXPECT_THAT(AsMap(report.contacts_by_result()), (std::map<std::string, int64_t>{{"refusal", 1}}));
  EXPECT_EQ(report.open_contacts(), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM contacts WHERE state = 'completed'"), 1);
}

TEST_F(AnalyticsTest, ASaleBeforeTheEmployeeIsKnownStillCounts) {
  const std::string manager = "employees/" + common::NewUuid();
  Publish(events::v1::kSaleRecorded,
          Sale(manager, 1250, 12200000, 14884000, "2026-02-03T09:30:00Z"));
  WaitForConsumer(published_);
  EXPECT_EQ(ReportOf(manager).sales_count(), 1);

  crm::events::v1::EmployeeCreated created;
  created.mutable_employee()->set_employee(manager);
  created.mutable_employee()->set_full_name("Сидорова Мария");
  Publish(events::v1::kEmployeeCreated, created);
  WaitForConsumer(published_);
  EXPECT_EQ(ReportOf(manager).sales_count(), 1);
  // The registry's name replaces the sale snapshot's.
  EXPECT_EQ(Count("SELECT count(*) FROM employees WHERE full_name = 'Сидорова Мария'"), 1);
}

TEST_F(AnalyticsTest, AMalformedEventIsDeadLetteredAndNothingWritten) {
  Publish(events::v1::kContactPlanned,
          Planned("contacts/" + common::NewUuid(), "employees/not-a-uuid",
                  crm::planning::v1::CONTACT_TYPE_CALL, "2026-02-03T09:00:00Z"));
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().dead_lettered() == 1; }));
  EXPECT_EQ(Count("SELECT count(*) FROM contacts"), 0);
}

TEST_F(AnalyticsTest, RejectsAnInvalidRequestWithEveryFieldPath) {
  const std::string manager = Employee("Иванова Анна");
  WaitForConsumer(published_);
  ManagerReport report;

  GetManagerReportRequest empty;
  grpc::Status status = Report(empty, &report);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("manager", "start_time", "end_time"));

  status = Report(Request("managers/" + common::NewUuid()), &report);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("manager"));

  status = Report(Request(manager, kEnd, kStart), &report);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("end_time"));

  status = Report(Request(manager, kStart, kStart), &report);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("end_time"));

  status = Report(Request(manager, "2026-01-01T00:00:00Z", "2027-01-02T00:00:01Z"), &report);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("end_time"));

  // 366 days exactly is allowed.
  EXPECT_TRUE(
      Report(Request(manager, "2026-01-01T00:00:00Z", "2027-01-02T00:00:00Z"), &report).ok());

  GetManagerReportRequest no_end = Request(manager);
  no_end.clear_end_time();
  status = Report(no_end, &report);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("end_time"));

  GetManagerReportRequest bad_nanos = Request(manager);
  bad_nanos.mutable_start_time()->set_nanos(-5);
  status = Report(bad_nanos, &report);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("start_time"));

  // A report reads only: nothing was written by any of these.
  EXPECT_EQ(Count("SELECT count(*) FROM contacts"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM sales"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM employees"), 1);
}

TEST_F(AnalyticsTest, AnUnknownManagerIsNotFound) {
  const std::string manager = "employees/" + common::NewUuid();
  ManagerReport report;
  grpc::Status status = Report(Request(manager), &report);
  EXPECT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(crm::testing::ResourceInfoName(status), manager);
}

TEST_F(AnalyticsTest, AKnownManagerWithoutWorkGetsZeros) {
  const std::string manager = Employee("Иванова Анна");
  WaitForConsumer(published_);
  ManagerReport report;
  ASSERT_TRUE(Report(Request(manager), &report).ok());
  EXPECT_EQ(report.contacts_by_type_size(), 0);
  EXPECT_EQ(report.contacts_by_result_size(), 0);
  EXPECT_EQ(report.open_contacts(), 0);
  EXPECT_EQ(report.sales_count(), 0);
  EXPECT_EQ(report.net_amount().currency_code(), "RUB");
  EXPECT_EQ(report.net_amount().minor_units(), 0);
  EXPECT_EQ(report.conversion_bp(), 0);
}

TEST_F(AnalyticsTest, WhoMayReadWhichReport) {
  const std::string manager = Employee("Иванова Анна");
  WaitForConsumer(published_);
  const auto request = Request(manager);
  ManagerReport report;

  EXPECT_EQ(Report(request, &report, "").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Report(request, &report, "not-a-jwt").error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Report(request, &report, Token({Role::kAccountant})).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Report(request, &report, Token({Role::kService})).error_code(),
            grpc::PERMISSION_DENIED);
  // A sales manager: their own report, nobody else's.
  EXPECT_TRUE(Report(request, &report, Token({Role::kSalesManager}, manager)).ok());
  EXPECT_EQ(Report(request, &report, Token({Role::kSalesManager})).error_code(),
            grpc::PERMISSION_DENIED);
  // An accountant asking for their own report is still not a reader.
  EXPECT_EQ(Report(request, &report, Token({Role::kAccountant}, manager)).error_code(),
            grpc::PERMISSION_DENIED);
  for (Role role : {Role::kAnalyst, Role::kAdmin}) {
    EXPECT_TRUE(Report(request, &report, Token({role})).ok());
  }
  // A head of sales in no department reads no other manager's report.
  EXPECT_EQ(Report(request, &report, Token({Role::kSalesHead})).error_code(),
            grpc::PERMISSION_DENIED);
  // Permission is checked before existence: a manager cannot probe for unknown colleagues.
  EXPECT_EQ(Report(Request("employees/" + common::NewUuid()), &report,
                   Token({Role::kSalesManager}, manager))
                .error_code(),
            grpc::PERMISSION_DENIED);
}

// The regression of heads reading every department's figures: a head of sales reads the reports
// of their department unit's managers only, as registry's employee.updated events place them, and
// a move to another department moves the manager's report along.
TEST_F(AnalyticsTest, AHeadReadsTheirDepartmentsReportsAndAMoveChangesThat) {
  const std::string sales_a = common::NewUuid();
  const std::string sales_b = common::NewUuid();
  const std::string head_a = Employee("Кузнецов Олег");
  const std::string head_b = Employee("Морозова Вера");
  const std::string anna = Employee("Иванова Анна");
  const std::string boris = Employee("Петров Борис");
  Move(head_a, sales_a);
  Move(anna, sales_a);
  Move(head_b, sales_b);
  Move(boris, sales_b);
  Publish(events::v1::kSaleRecorded,
          Sale(anna, 1250, 10'000'000, 12'200'000, "2026-02-10T09:00:00Z"));
  Publish(events::v1::kSaleRecorded,
          Sale(boris, 900, 7'200'000, 8'784'000, "2026-02-11T09:00:00Z"));
  WaitForConsumer(published_);
  const std::string head_a_token = Token({Role::kSalesHead}, head_a);
  const std::string head_b_token = Token({Role::kSalesHead}, head_b);

  ManagerReport report;
  ASSERT_TRUE(Report(Request(anna), &report, head_a_token).ok());
  EXPECT_EQ(report.sales_count(), 1);
  EXPECT_EQ(report.area_dm2(), 1250);
  EXPECT_TRUE(Report(Request(head_a), &report, head_a_token).ok());  // their own
  EXPECT_EQ(Report(Request(boris), &report, head_a_token).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Report(Request(anna), &report, head_b_token).error_code(), grpc::PERMISSION_DENIED);
  ASSERT_TRUE(Report(Request(boris), &report, head_b_token).ok());
  EXPECT_EQ(report.area_dm2(), 900);

  // Anna moves to department B.
  Move(anna, sales_b);
  WaitForConsumer(published_);
  EXPECT_EQ(Report(Request(anna), &report, head_a_token).error_code(), grpc::PERMISSION_DENIED);
  ASSERT_TRUE(Report(Request(anna), &report, head_b_token).ok());
  EXPECT_EQ(report.sales_count(), 1);
}

// A manager whose token subject has the UUID in upper case reads their own report.
TEST_F(AnalyticsTest, AnUpperCaseSubjectReadsTheirOwnReport) {
  const std::string manager = Employee("Иванова Анна");
  WaitForConsumer(published_);
  std::string upper = manager;
  for (std::size_t i = std::string("employees/").size(); i < upper.size(); ++i) {
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
  }
  ManagerReport report;
  EXPECT_TRUE(Report(Request(manager), &report, Token({Role::kSalesManager}, upper)).ok());
}

// An amendment changes the sale's m² and money in the report; a cancelled sale counts nowhere but
// its row stays, marked; an amendment older than the cancellation does not bring it back.
TEST_F(AnalyticsTest, AmendedAndCancelledSalesChangeTheFigures) {
  const std::string manager = Employee("Иванова Анна");
  auto first = Sale(manager, 1250, 10'000'000, 12'200'000, "2026-02-10T09:00:00Z");
  auto second = Sale(manager, 900, 7'200'000, 8'784'000, "2026-02-11T09:00:00Z");
  PublishAt(events::v1::kSaleRecorded, first, "2026-02-10T09:00:01Z");
  PublishAt(events::v1::kSaleRecorded, second, "2026-02-11T09:00:01Z");
  WaitForConsumer(published_);
  EXPECT_EQ(SalesFigures(manager), std::make_tuple(2, 2150, 17'200'000, 20'984'000));

  PublishAt(events::v1::kSaleAmended, Amended(first, 1800, 14'600'000, 17'812'000),
            "2026-02-12T10:00:00Z");
  WaitForConsumer(published_);
  EXPECT_EQ(SalesFigures(manager), std::make_tuple(2, 2700, 21'800'000, 26'596'000));
  EXPECT_EQ(Count("SELECT count(*) FROM sales WHERE stand_type = 'STAND_TYPE_CORNER'"), 1);

  PublishAt(events::v1::kSaleCancelled, Cancelled(second), "2026-02-13T10:00:00Z");
  WaitForConsumer(published_);
  EXPECT_EQ(SalesFigures(manager), std::make_tuple(1, 1800, 14'600'000, 17'812'000));
  EXPECT_EQ(Count("SELECT count(*) FROM sales WHERE state = 'cancelled' AND area_dm2 = 900"), 1);

  // An amendment of the cancelled sale made before its cancellation, delivered late.
  PublishAt(events::v1::kSaleAmended, Amended(second, 3000, 24'000'000, 29'280'000),
            "2026-02-12T11:00:00Z");
  WaitForConsumer(published_);
  EXPECT_EQ(SalesFigures(manager), std::make_tuple(1, 1800, 14'600'000, 17'812'000));
  EXPECT_EQ(Count("SELECT count(*) FROM sales WHERE state = 'cancelled' AND area_dm2 = 900"), 1);
}

// Out of order and twice: the newest amendment (by ce-time) stands whatever arrives after it, a
// repeat under the same id or a new one changes nothing, and a replay gives the same figures.
TEST_F(AnalyticsTest, AnOlderOrRepeatedAmendmentDoesNotOverwriteANewerOne) {
  const std::string manager = Employee("Иванова Анна");
  auto sale = Sale(manager, 1250, 10'000'000, 12'200'000, "2026-02-10T09:00:00Z");
  auto older = Amended(sale, 1500, 12'000'000, 14'640'000);
  auto newer = Amended(older.sale(), 2000, 16'000'000, 19'520'000);
  const std::string recorded_id =
      PublishAt(events::v1::kSaleRecorded, sale, "2026-02-10T09:00:01Z");
  const std::string newer_id = PublishAt(events::v1::kSaleAmended, newer, "2026-02-12T10:00:00Z");
  WaitForConsumer(published_);
  const auto expected = std::make_tuple(1, 2000, 16'000'000, 19'520'000);
  EXPECT_EQ(SalesFigures(manager), expected);

  PublishAt(events::v1::kSaleAmended, older, "2026-02-11T10:00:00Z");  // arrives late
  PublishAt(events::v1::kSaleRecorded, sale, "2026-02-10T09:00:01Z", recorded_id);
  PublishAt(events::v1::kSaleAmended, newer, "2026-02-12T10:00:00Z", newer_id);  // inbox skips
  PublishAt(events::v1::kSaleAmended, newer, "2026-02-12T10:00:00Z");  // re-published range
  PublishAt(events::v1::kSaleRecorded, sale, "2026-02-10T09:00:01Z");
  WaitForConsumer(published_);
  EXPECT_EQ(SalesFigures(manager), expected);
  EXPECT_EQ(Count("SELECT count(*) FROM sales"), 1);

  // A rebuild replays the stream in its order into the same tables: the same figures.
  ASSERT_NO_FATAL_FAILURE(ReplayTheStream());
  EXPECT_EQ(SalesFigures(manager), expected);
}

// A cancellation seen before the sale's own recording (a re-driven event) keeps it out.
TEST_F(AnalyticsTest, ACancellationBeforeTheRecordingKeepsTheSaleOut) {
  const std::string manager = Employee("Иванова Анна");
  auto sale = Sale(manager, 1250, 10'000'000, 12'200'000, "2026-02-10T09:00:00Z");
  PublishAt(events::v1::kSaleCancelled, Cancelled(sale), "2026-02-12T10:00:00Z");
  PublishAt(events::v1::kSaleRecorded, sale, "2026-02-10T09:00:01Z");
  WaitForConsumer(published_);
  EXPECT_EQ(SalesFigures(manager), std::make_tuple(0, 0, 0, 0));
  EXPECT_EQ(Count("SELECT count(*) FROM sales WHERE state = 'cancelled'"), 1);
}

// Cancelled contacts leave the open figures, reassigned ones count under their new owner, updated
// ones follow the change (owner, type, time); late "planned" events change none of that.
// A fetch's contact events are applied topic by topic, so a contact's completion may be written
// before its "planned" event: the late event only fills in the client and edition the completion
// did not tell (as in delivery order), and reopens nothing. The same for a cancellation seen
// before the "planned" event: the contact stays cancelled with the planned event's client.
TEST_F(AnalyticsTest, AContactsEventsGiveTheSameRowInEitherOrder) {
  const std::string anna = Employee("Иванова Анна");
  const auto call = crm::planning::v1::CONTACT_TYPE_CALL;
  const std::string completed_id = common::NewUuid();
  const auto planned = Planned("contacts/" + completed_id, anna, call, "2026-02-03T09:00:00Z");
  Publish(events::v1::kContactCompleted,
          Completed(planned.contact(), anna, call, "2026-02-03T09:00:00Z", "2026-02-03T10:00:00Z",
                    "invitation"));
  PublishAt(events::v1::kContactPlanned, planned, "2026-01-20T10:00:00Z");
  const std::string cancelled_id = common::NewUuid();
  const auto planned_too = Planned("contacts/" + cancelled_id, anna, call, "2026-02-04T09:00:00Z");
  crm::events::v1::ContactCancelled cancelled;
  cancelled.set_contact(planned_too.contact());
  cancelled.set_owner(anna);
  *cancelled.mutable_scheduled_time() = planned_too.scheduled_time();
  PublishAt(events::v1::kContactCancelled, cancelled, "2026-01-22T10:00:00Z");
  PublishAt(events::v1::kContactPlanned, planned_too, "2026-01-20T10:00:00Z");
  WaitForConsumer(published_);
  EXPECT_EQ(Count("SELECT count(*) FROM contacts WHERE id = '" + completed_id +
                  "' AND state = 'completed' AND result_kind = 'invitation' AND client_id = '" +
                  planned.client().substr(8) + "' AND edition = '" + planned.edition() + "'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM contacts WHERE id = '" + cancelled_id +
                  "' AND state = 'cancelled' AND type = 'CONTACT_TYPE_CALL' AND client_id = '" +
                  planned_too.client().substr(8) + "'"),
            1);
  EXPECT_EQ(ReportOf(anna).open_contacts(), 0);
}

TEST_F(AnalyticsTest, ContactChangesMoveTheOpenAndCompletedFigures) {
  const std::string anna = Employee("Иванова Анна");
  const std::string boris = Employee("Петров Борис");
  const auto call = crm::planning::v1::CONTACT_TYPE_CALL;
  std::vector<crm::events::v1::ContactPlanned> planned;
  for (const char* day : {"2026-02-03T09:00:00Z", "2026-02-04T09:00:00Z", "2026-02-05T09:00:00Z"}) {
    planned.push_back(Planned("contacts/" + common::NewUuid(), anna, call, day));
    PublishAt(events::v1::kContactPlanned, planned.back(), "2026-01-20T10:00:00Z");
  }
  WaitForConsumer(published_);
  EXPECT_EQ(ReportOf(anna).open_contacts(), 3);

  crm::events::v1::ContactCancelled cancelled;
  cancelled.set_contact(planned[0].contact());
  cancelled.set_client(planned[0].client());
  cancelled.set_owner(anna);
  *cancelled.mutable_scheduled_time() = planned[0].scheduled_time();
  *cancelled.mutable_cancel_time() = At("2026-01-21T10:00:00Z");
  cancelled.set_reason("клиент перенёс участие");
  PublishAt(events::v1::kContactCancelled, cancelled, "2026-01-21T10:00:00Z");

  crm::events::v1::ContactReassigned reassigned;
  reassigned.set_contact(planned[1].contact());
  reassigned.set_client(planned[1].client());
  reassigned.set_previous_owner(anna);
  reassigned.set_new_owner(boris);
  *reassigned.mutable_scheduled_time() = planned[1].scheduled_time();
  PublishAt(events::v1::kContactReassigned, reassigned, "2026-01-21T11:00:00Z");
  WaitForConsumer(published_);
  EXPECT_EQ(ReportOf(anna).open_contacts(), 1);
  EXPECT_EQ(ReportOf(boris).open_contacts(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM contacts WHERE state = 'cancelled'"), 1);

  // The third goes to Boris as a meeting in March: out of February's figures.
  crm::events::v1::ContactUpdated updated;
  auto* contact = updated.mutable_contact();
  contact->set_name(planned[2].contact());
  contact->set_client(planned[2].client());
  contact->set_edition(planned[2].edition());
  contact->set_type(crm::planning::v1::CONTACT_TYPE_MEETING);
  *contact->mutable_scheduled_time() = At("2026-03-02T09:00:00Z");
  contact->set_owner(boris);
  contact->set_state(crm::planning::v1::CONTACT_STATE_PLANNED);
  updated.add_changed_fields("owner");
  updated.add_changed_fields("type");
  updated.add_changed_fields("scheduled_time");
  PublishAt(events::v1::kContactUpdated, updated, "2026-01-22T10:00:00Z");

  // Late copies of the first two "planned" events (an operator re-publishing a range).
  PublishAt(events::v1::kContactPlanned, planned[0], "2026-01-20T10:00:00Z");
  PublishAt(events::v1::kContactPlanned, planned[1], "2026-01-20T10:00:00Z");
  PublishAt(events::v1::kContactPlanned, planned[2], "2026-01-20T10:00:00Z");
  WaitForConsumer(published_);
  EXPECT_EQ(ReportOf(anna).open_contacts(), 0);
  EXPECT_EQ(ReportOf(boris).open_contacts(), 1);
  ManagerReport march;
  ASSERT_TRUE(Report(Request(boris, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"), &march).ok());
  EXPECT_EQ(march.open_contacts(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM contacts WHERE type = 'CONTACT_TYPE_MEETING'"), 1);

  // Boris holds the reassigned call: its completion counts for him.
  PublishAt(events::v1::kContactCompleted,
            Completed(planned[1].contact(), boris, call, "2026-02-04T09:00:00Z",
                      "2026-02-04T09:20:00Z", "refusal"),
            "2026-02-04T09:20:01Z");
  WaitForConsumer(published_);
  ManagerReport report = ReportOf(boris);
  EXPECT_THAT(AsMap(report.contacts_by_type()),
              (std::map<std::string, int64_t>{{"CONTACT_TYPE_CALL", 1}}));
  EXPECT_EQ(report.open_contacts(), 0);
  EXPECT_TRUE(ReportOf(anna).contacts_by_type().empty());
}

// A reassignment seen before the contact's own "planned" event still counts the contact under
// its new owner; a cancellation seen first keeps it out of the open contacts.
TEST_F(AnalyticsTest, AReassignmentOrCancellationBeforeThePlannedEventStands) {
  const std::string anna = Employee("Иванова Анна");
  const std::string boris = Employee("Петров Борис");
  auto moved = Planned("contacts/" + common::NewUuid(), anna, crm::planning::v1::CONTACT_TYPE_CALL,
                       "2026-02-03T09:00:00Z");
  auto dropped = Planned("contacts/" + common::NewUuid(), anna,
                         crm::planning::v1::CONTACT_TYPE_CALL, "2026-02-04T09:00:00Z");
  crm::events::v1::ContactReassigned reassigned;
  reassigned.set_contact(moved.contact());
  reassigned.set_previous_owner(anna);
  reassigned.set_new_owner(boris);
  *reassigned.mutable_scheduled_time() = moved.scheduled_time();
  crm::events::v1::ContactCancelled cancelled;
  cancelled.set_contact(dropped.contact());
  cancelled.set_owner(anna);
  *cancelled.mutable_scheduled_time() = dropped.scheduled_time();
  PublishAt(events::v1::kContactReassigned, reassigned, "2026-01-21T10:00:00Z");
  PublishAt(events::v1::kContactCancelled, cancelled, "2026-01-21T10:00:00Z");
  PublishAt(events::v1::kContactPlanned, moved, "2026-01-20T10:00:00Z");
  PublishAt(events::v1::kContactPlanned, dropped, "2026-01-20T10:00:00Z");
  WaitForConsumer(published_);
  EXPECT_EQ(ReportOf(anna).open_contacts(), 0);
  EXPECT_EQ(ReportOf(boris).open_contacts(), 1);
}

// A manager's report carries the previous period of the same length beside it: February beside
// the 28 days before it.
TEST_F(AnalyticsTest, AManagersReportHasThePreviousPeriodBesideIt) {
  const std::string manager = Employee("Иванова Анна");
  Publish(events::v1::kSaleRecorded,
          Sale(manager, 1200, 10'000'000, 12'200'000, "2026-02-10T09:00:00Z"));
  Publish(events::v1::kSaleRecorded,
          Sale(manager, 900, 7'000'000, 8'540'000, "2026-01-20T09:00:00Z"));
  // Before the previous period (it starts on 4 January): in neither.
  Publish(events::v1::kSaleRecorded,
          Sale(manager, 500, 3'000'000, 3'660'000, "2026-01-03T09:00:00Z"));
  PlanAndComplete(manager, crm::planning::v1::CONTACT_TYPE_CALL, "2026-01-21T09:00:00Z",
                  "2026-01-21T09:30:00Z", "sale");
  WaitForConsumer(published_);
  ManagerReport report;
  ASSERT_TRUE(Report(Request(manager), &report).ok());
  EXPECT_EQ(report.sales_count(), 1);
  EXPECT_EQ(report.net_amount().minor_units(), 10'000'000);
  ASSERT_TRUE(report.has_previous());
  const ManagerReport& previous = report.previous();
  EXPECT_EQ(TimeUtil::ToString(previous.start_time()), "2026-01-04T00:00:00Z");
  EXPECT_EQ(TimeUtil::ToString(previous.end_time()), kStart);
  EXPECT_EQ(previous.sales_count(), 1);
  EXPECT_EQ(previous.area_dm2(), 900);
  EXPECT_EQ(previous.net_amount().minor_units(), 7'000'000);
  EXPECT_EQ(previous.conversion_bp(), 10000);
  EXPECT_FALSE(previous.has_previous());
}

// The period sales report and the readiness funnel, over two departments, two editions, an
// amendment, a cancellation and a manager's move between departments.
class SalesReportTest : public AnalyticsTest {
 protected:
  void SetUp() override {
    AnalyticsTest::SetUp();
    anna_ = Employee("Иванова Анна");
    boris_ = Employee("Петров Борис");
    chris_ = Employee("Смирнов Кирилл");
    head1_ = Employee("Кузнецов Олег");
  }

  void Department(const std::string& id, const std::string& name) {
    crm::events::v1::DepartmentCreated ev;
    ev.mutable_department()->set_department("departments/" + id);
    ev.mutable_department()->set_display_name(name);
    Publish(events::v1::kDepartmentCreated, ev);
  }

  void Edition(const std::string& name, const std::string& display_name) {
    crm::events::v1::EditionCreated ev;
    ev.mutable_edition()->set_edition(name);
    ev.mutable_edition()->set_display_name(display_name);
    ev.mutable_edition()->set_project(name.substr(0, name.find("/editions/")));
    ev.mutable_edition()->mutable_start_date()->set_year(2026);
    ev.mutable_edition()->mutable_start_date()->set_month(4);
    ev.mutable_edition()->mutable_start_date()->set_day(14);
    Publish(events::v1::kEditionCreated, ev);
  }

  static crm::events::v1::SaleRecorded SaleIn(const std::string& manager,
                                              const std::string& edition, const std::string& client,
                                              int64_t area_dm2, int64_t net,
                                              const std::string& sale_time) {
    auto sale = Sale(manager, area_dm2, net, net * 122 / 100, sale_time);
    sale.mutable_edition()->set_edition(edition);
    sale.mutable_client()->set_client(client);
    sale.set_stand_type(crm::planning::v1::STAND_TYPE_LINEAR);
    sale.set_state("ACTIVE");
    return sale;
  }

  void Refusal(const std::string& owner, const std::string& completed) {
    PlanAndComplete(owner, crm::planning::v1::CONTACT_TYPE_CALL, completed, completed, "refusal");
  }

  void Assess(const std::string& client, const std::string& edition,
              crm::planning::v1::ReadinessLevel level, const std::string& by,
              const std::string& at) {
    crm::events::v1::ReadinessChanged ev;
    ev.mutable_readiness()->set_client(client);
    ev.mutable_readiness()->set_edition(edition);
    ev.mutable_readiness()->set_level(level);
    ev.mutable_readiness()->set_recorded_by(by);
    *ev.mutable_readiness()->mutable_record_time() = At(at);
    Publish(events::v1::kReadinessChanged, ev);
  }

  grpc::Status SalesReportOf(crm::analytics::v1::SalesReportGrouping group_by,
                             crm::analytics::v1::SalesReport* out,
                             const std::string& token = Token({Role::kAnalyst}),
                             const std::string& edition = "") {
    crm::analytics::v1::GetSalesReportRequest request;
    *request.mutable_start_time() = At(kStart);
    *request.mutable_end_time() = At(kEnd);
    request.set_group_by(group_by);
    request.set_edition(edition);
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    return stub_->GetSalesReport(&ctx, request, out);
  }

  grpc::Status LeadSourcesOf(crm::analytics::v1::LeadSourceReport* out,
                             const std::string& token = Token({Role::kAnalyst})) {
    crm::analytics::v1::GetLeadSourceReportRequest request;
    *request.mutable_start_time() = At(kStart);
    *request.mutable_end_time() = At(kEnd);
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    return stub_->GetLeadSourceReport(&ctx, request, out);
  }

  grpc::Status RatingsOf(crm::analytics::v1::RatingReport* out,
                         const std::string& token = Token({Role::kAnalyst}),
                         const std::string& target = "", const std::string& start = kStart) {
    crm::analytics::v1::GetRatingReportRequest request;
    *request.mutable_start_time() = At(start);
    *request.mutable_end_time() = At(kEnd);
    request.set_target(target);
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    return stub_->GetRatingReport(&ctx, request, out);
  }

  grpc::Status DrillOf(crm::analytics::v1::ListSalesReportRecordsRequest request,
                       crm::analytics::v1::ListSalesReportRecordsResponse* out,
                       const std::string& token = Token({Role::kAnalyst})) {
    *request.mutable_start_time() = At(kStart);
    *request.mutable_end_time() = At(kEnd);
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    return stub_->ListSalesReportRecords(&ctx, request, out);
  }

  grpc::Status FunnelOf(const std::string& edition, crm::analytics::v1::ReadinessFunnel* out,
                        const std::string& token = Token({Role::kAnalyst})) {
    crm::analytics::v1::GetReadinessFunnelRequest request;
    request.set_edition(edition);
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    return stub_->GetReadinessFunnel(&ctx, request, out);
  }

  // Every contact (completed or open) a drill lists, read page by page.
  grpc::Status ContactsBehind(crm::analytics::v1::ListSalesReportRecordsRequest request,
                              std::vector<crm::analytics::v1::ReportContact>* out,
                              const std::string& token = Token({Role::kAnalyst})) {
    out->clear();
    do {
      crm::analytics::v1::ListSalesReportRecordsResponse page;
      grpc::Status status = DrillOf(request, &page, token);
      if (!status.ok()) {
        return status;
      }
      out->insert(out->end(), page.contacts().begin(), page.contacts().end());
      out->insert(out->end(), page.open_contacts().begin(), page.open_contacts().end());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return grpc::Status::OK;
  }

  // Every record of one kind (`field` of the response) a drill lists, read one per page.
  template <class Record>
  grpc::Status RecordsBehind(crm::analytics::v1::ListSalesReportRecordsRequest request,
                             const google::protobuf::RepeatedPtrField<Record>& (
                                 crm::analytics::v1::ListSalesReportRecordsResponse::*field)()
                                 const,
                             std::vector<Record>* out,
                             const std::string& token = Token({Role::kAnalyst})) {
    out->clear();
    request.set_page_size(1);
    do {
      crm::analytics::v1::ListSalesReportRecordsResponse page;
      grpc::Status status = DrillOf(request, &page, token);
      if (!status.ok()) {
        return status;
      }
      if ((page.*field)().size() > 1) {
        return {grpc::INTERNAL, "more records than the page size"};
      }
      out->insert(out->end(), (page.*field)().begin(), (page.*field)().end());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return grpc::Status::OK;
  }

  // Every client behind a funnel or market figure, read page by page.
  grpc::Status ClientsBehind(crm::analytics::v1::ListReportClientsRequest request,
                             std::vector<crm::analytics::v1::ReportClient>* out,
                             const std::string& token = Token({Role::kAnalyst})) {
    out->clear();
    do {
      crm::analytics::v1::ListReportClientsResponse page;
      grpc::ClientContext ctx;
      crm::testing::Authorize(ctx, token);
      grpc::Status status = stub_->ListReportClients(&ctx, request, &page);
      if (!status.ok()) {
        return status;
      }
      out->insert(out->end(), page.clients().begin(), page.clients().end());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return grpc::Status::OK;
  }

  // Every record a drill lists behind a figure, as `token` reads them, into `out`, and that there
  // are `count` of them; `what` names the figure in a failure. A funnel or market figure's clients
  // are read with ClientsBehind, a sales, lead-source or rating figure's clients or ratings one
  // per page with RecordsBehind. Wrapped in ASSERT_NO_FATAL_FAILURE: a drill that fails stops the
  // test.
  template <class Request, class Record>
  void ExpectDrilled(const Request& request, int64_t count, std::vector<Record>* out,
                     const std::string& token = Token({Role::kAnalyst}),
                     const std::string& what = "") {
    using crm::analytics::v1::ListSalesReportRecordsResponse;
    grpc::Status status;
    if constexpr (std::is_same_v<Request, crm::analytics::v1::ListReportClientsRequest>) {
      status = ClientsBehind(request, out, token);
    } else if constexpr (std::is_same_v<Record, crm::analytics::v1::ReportRating>) {
      status = RecordsBehind(request, &ListSalesReportRecordsResponse::ratings, out, token);
    } else {
      status = RecordsBehind(request, &ListSalesReportRecordsResponse::clients, out, token);
    }
    ASSERT_TRUE(status.ok()) << what;
    EXPECT_EQ(static_cast<int64_t>(out->size()), count) << what;
  }

  // How many clients a figure lists and the area they add up to.
  std::pair<int64_t, int64_t> ClientFigures(
      const crm::analytics::v1::ListReportClientsRequest& request) {
    std::vector<crm::analytics::v1::ReportClient> clients;
    EXPECT_TRUE(ClientsBehind(request, &clients).ok());
    int64_t area = 0;
    for (const auto& client : clients) {
      area += client.area_dm2();
    }
    return {static_cast<int64_t>(clients.size()), area};
  }

  // Chris's call to client W about `edition` at `time`, planned and completed with `kind`.
  void ChrisCallsW(const std::string& edition, const std::string& time, const std::string& kind) {
    const std::string contact = "contacts/" + common::NewUuid();
    auto planned = Planned(contact, chris_, crm::planning::v1::CONTACT_TYPE_CALL, time);
    planned.set_client(client_w_);
    planned.set_edition(edition);
    Publish(events::v1::kContactPlanned, planned);
    Publish(events::v1::kContactCompleted,
            Completed(contact, chris_, crm::planning::v1::CONTACT_TYPE_CALL, time, time, kind));
  }

  // The figures of one row as (sales, dm², net kopecks, completed, positive, refusals).
  static std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t> Figures(
      const crm::analytics::v1::SalesFigures& f) {
    return {f.sales_count(),        f.area_dm2(),          f.net_amount().minor_units(),
            f.contacts_completed(), f.positive_contacts(), f.refusals()};
  }

  // Two departments: Anna and Boris in the first (Anna moves to the second in February), Chris
  // in the second; two editions; February is the period, January the previous one.
  void PublishTheSeason() {
    Department(dep1_, "Отдел продаж 1");
    Department(dep2_, "Отдел продаж 2");
    Edition(volga_, "Волга-Строй 2026");
    Edition(agro_, "Агро-Поволжье 2026");
    Move(anna_, dep1_);
    Move(boris_, dep1_);
    Move(chris_, dep2_);
    Move(head1_, dep1_);
    // Anna, department 1: 12 m² for 100 000 ₽; 9 m² amended to 10 m² for 60 000 ₽.
    Publish(events::v1::kSaleRecorded,
            SaleIn(anna_, volga_, client_x_, 1200, 10'000'000, "2026-02-05T09:00:00Z"));
    auto second = SaleIn(anna_, volga_, client_y_, 900, 5'000'000, "2026-02-10T09:00:00Z");
    Publish(events::v1::kSaleRecorded, second);
    Publish(events::v1::kSaleAmended, Amended(second, 1000, 6'000'000, 7'320'000));
    // Boris: a sale cancelled; counts nowhere.
    auto cancelled = SaleIn(boris_, agro_, client_z_, 600, 3'000'000, "2026-02-12T09:00:00Z");
    Publish(events::v1::kSaleRecorded, cancelled);
    Publish(events::v1::kSaleCancelled, Cancelled(cancelled));
    // Chris, department 2, in January: the previous period.
    Publish(events::v1::kSaleRecorded,
            SaleIn(chris_, volga_, client_z_, 800, 4'000'000, "2026-01-20T09:00:00Z"));
    // Anna moves to department 2; her next sale counts there, her earlier ones stay.
    Move(anna_, dep2_);
    Publish(events::v1::kSaleRecorded,
            SaleIn(anna_, agro_, client_z_, 500, 2'000'000, "2026-02-20T09:00:00Z"));
    // Contacts completed in February: Anna a sale and a refusal, Boris a refusal and an
    // invitation, Chris a note.
    PlanAndComplete(anna_, crm::planning::v1::CONTACT_TYPE_MEETING, "2026-02-05T08:00:00Z",
                    "2026-02-05T08:30:00Z", "sale");
    Refusal(anna_, "2026-02-06T10:00:00Z");
    Refusal(boris_, "2026-02-07T10:00:00Z");
    PlanAndComplete(boris_, crm::planning::v1::CONTACT_TYPE_CALL, "2026-02-08T10:00:00Z",
                    "2026-02-08T10:00:00Z", "invitation");
    PlanAndComplete(chris_, crm::planning::v1::CONTACT_TYPE_CALL, "2026-02-09T10:00:00Z",
                    "2026-02-09T10:00:00Z", "note");
    // Readiness for Волга-Строй: X warm then hot (and bought), Y warm (bought after all), W cold.
    using crm::planning::v1::READINESS_LEVEL_COLD;
    using crm::planning::v1::READINESS_LEVEL_HOT;
    using crm::planning::v1::READINESS_LEVEL_WARM;
    Assess(client_x_, volga_, READINESS_LEVEL_WARM, anna_, "2026-01-10T09:00:00Z");
    Assess(client_x_, volga_, READINESS_LEVEL_HOT, anna_, "2026-01-25T09:00:00Z");
    Assess(client_y_, volga_, READINESS_LEVEL_WARM, boris_, "2026-01-26T09:00:00Z");
    Assess(client_w_, volga_, READINESS_LEVEL_COLD, boris_, "2026-01-27T09:00:00Z");
    WaitForConsumer(published_);
  }

  const std::string dep1_ = common::NewUuid();
  const std::string dep2_ = common::NewUuid();
  const std::string volga_ = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
  const std::string agro_ = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
  const std::string client_x_ = "clients/" + common::NewUuid();
  const std::string client_y_ = "clients/" + common::NewUuid();
  const std::string client_z_ = "clients/" + common::NewUuid();
  const std::string client_w_ = "clients/" + common::NewUuid();
  std::string anna_;
  std::string boris_;
  std::string chris_;
  std::string head1_;
};

TEST_F(SalesReportTest, ByDepartmentWithThePreviousPeriodAsAHandCalculationGives) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  using crm::analytics::v1::SALES_REPORT_GROUPING_DEPARTMENT;
  crm::analytics::v1::SalesReport report;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_DEPARTMENT, &report).ok());
  EXPECT_EQ(report.scope(), "all");
  EXPECT_EQ(TimeUtil::ToString(report.previous_start_time()), "2026-01-04T00:00:00Z");
  ASSERT_EQ(report.rows_size(), 2);
  // Department 1: Anna's two sales made there (12 m² + the amended 10 m², 160 000 ₽); its
  // contacts are its members' now: Boris's refusal and invitation.
  EXPECT_EQ(report.rows(0).key(), "departments/" + dep1_);
  EXPECT_EQ(report.rows(0).display_name(), "Отдел продаж 1");
  EXPECT_EQ(Figures(report.rows(0).current()), std::make_tuple(2, 2200, 16'000'000, 2, 1, 1));
  EXPECT_EQ(report.rows(0).current().effectiveness_bp(), 5000);
  EXPECT_EQ(Figures(report.rows(0).previous()), std::make_tuple(0, 0, 0, 0, 0, 0));
  // Department 2: Anna's sale after her move; Anna's and Chris's contacts; Chris's January sale
  // in the previous period.
  EXPECT_EQ(report.rows(1).key(), "departments/" + dep2_);
  EXPECT_EQ(Figures(report.rows(1).current()), std::make_tuple(1, 500, 2'000'000, 3, 1, 1));
  EXPECT_EQ(Figures(report.rows(1).previous()), std::make_tuple(1, 800, 4'000'000, 0, 0, 0));
  EXPECT_EQ(Figures(report.total().current()), std::make_tuple(3, 2700, 18'000'000, 5, 2, 2));
  EXPECT_EQ(report.total().current().effectiveness_bp(), 4000);
  EXPECT_EQ(report.total().current().total_amount().minor_units(),
            12'200'000 + 7'320'000 + 2'440'000);
  ASSERT_EQ(report.refusal_reasons_size(), 1);
  EXPECT_EQ(report.refusal_reasons(0).key(), "REFUSAL_REASON_NO_BUDGET");
  EXPECT_EQ(report.refusal_reasons(0).count(), 2);

  // A rebuild from the stream gives the same report.
  ASSERT_NO_FATAL_FAILURE(ReplayTheStream());
  crm::analytics::v1::SalesReport replayed;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_DEPARTMENT, &replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), report.SerializeAsString());
}

TEST_F(SalesReportTest, ByManagerEditionAndStandType) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  SalesReport by_manager;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_MANAGER, &by_manager).ok());
  ASSERT_EQ(by_manager.rows_size(), 3);  // Anna, Boris (contacts only), Chris
  EXPECT_EQ(by_manager.rows(0).key(), anna_);
  // The name registry's latest employee.updated gave (Move's).
  EXPECT_EQ(by_manager.rows(0).display_name(), "Сотрудник " + anna_.substr(10, 4));
  EXPECT_EQ(Figures(by_manager.rows(0).current()), std::make_tuple(3, 2700, 18'000'000, 2, 1, 1));

  SalesReport by_edition;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_EDITION, &by_edition).ok());
  std::map<std::string, int64_t> area;
  for (const auto& row : by_edition.rows()) {
    area[row.display_name()] = row.current().area_dm2();
  }
  EXPECT_EQ(area["Волга-Строй 2026"], 2200);
  EXPECT_EQ(area["Агро-Поволжье 2026"], 500);

  // The sales board of one edition by stand type: the amendment made the second stand a corner.
  SalesReport board;
  ASSERT_TRUE(
      SalesReportOf(SALES_REPORT_GROUPING_STAND_TYPE, &board, Token({Role::kAnalyst}), volga_)
          .ok());
  ASSERT_EQ(board.rows_size(), 2);
  EXPECT_EQ(board.rows(0).key(), "STAND_TYPE_LINEAR");
  EXPECT_EQ(board.rows(0).current().area_dm2(), 1200);
  EXPECT_EQ(board.rows(1).key(), "STAND_TYPE_CORNER");
  EXPECT_EQ(board.rows(1).current().area_dm2(), 1000);
  EXPECT_EQ(board.rows(0).previous().area_dm2() + board.rows(1).previous().area_dm2(), 800);
  // Its total, contacts included (the stand type grouping has a statement of its own for them),
  // is the edition's row of the report by edition, in both periods: with two contacts with one
  // client at the edition in February.
  for (const char* kind : {"invitation", "refusal"}) {
    ChrisCallsW(volga_, "2026-02-16T10:00:00Z", kind);
  }
  WaitForConsumer(published_);
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_EDITION, &by_edition).ok());
  ASSERT_TRUE(
      SalesReportOf(SALES_REPORT_GROUPING_STAND_TYPE, &board, Token({Role::kAnalyst}), volga_)
          .ok());
  const auto volga_row =
      std::find_if(by_edition.rows().begin(), by_edition.rows().end(),
                   [](const auto& row) { return row.display_name() == "Волга-Строй 2026"; });
  ASSERT_NE(volga_row, by_edition.rows().end());
  EXPECT_EQ(volga_row->current().contacts_completed(), 2);
  EXPECT_EQ(volga_row->current().clients_contacted(), 1);
  EXPECT_EQ(Figures(board.total().current()), Figures(volga_row->current()));
  EXPECT_EQ(Figures(board.total().previous()), Figures(volga_row->previous()));
  EXPECT_EQ(board.total().current().clients_contacted(), volga_row->current().clients_contacted());
  EXPECT_EQ(board.total().current().invoiced_amount().minor_units(),
            volga_row->current().invoiced_amount().minor_units());
}

TEST_F(SalesReportTest, EachRoleSeesWhatItReaches) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  using crm::analytics::v1::SALES_REPORT_GROUPING_MANAGER;
  crm::analytics::v1::SalesReport report;
  // The head of department 1: its sales (Anna's two made there) and its members' contacts now
  // (Boris's; Anna has moved on).
  ASSERT_TRUE(
      SalesReportOf(SALES_REPORT_GROUPING_MANAGER, &report, Token({Role::kSalesHead}, head1_))
          .ok());
  EXPECT_EQ(report.scope(), "department");
  EXPECT_EQ(Figures(report.total().current()), std::make_tuple(2, 2200, 16'000'000, 2, 1, 1));
  // Boris: his own work only (his sale was cancelled).
  ASSERT_TRUE(
      SalesReportOf(SALES_REPORT_GROUPING_MANAGER, &report, Token({Role::kSalesManager}, boris_))
          .ok());
  EXPECT_EQ(report.scope(), "own");
  EXPECT_EQ(Figures(report.total().current()), std::make_tuple(0, 0, 0, 2, 1, 1));
  for (Role role : {Role::kAccountant, Role::kService}) {
    EXPECT_EQ(SalesReportOf(SALES_REPORT_GROUPING_MANAGER, &report, Token({role})).error_code(),
              grpc::PERMISSION_DENIED);
  }
  crm::analytics::v1::ReadinessFunnel funnel;
  EXPECT_EQ(FunnelOf(volga_, &funnel, Token({Role::kAccountant})).error_code(),
            grpc::PERMISSION_DENIED);
  grpc::ClientContext anonymous;
  crm::analytics::v1::GetSalesReportRequest request;
  EXPECT_EQ(stub_->GetSalesReport(&anonymous, request, &report).error_code(),
            grpc::UNAUTHENTICATED);
}

TEST_F(SalesReportTest, RejectsABadRequestFieldByField) {
  crm::analytics::v1::GetSalesReportRequest request;
  *request.mutable_start_time() = At(kEnd);
  *request.mutable_end_time() = At(kStart);
  request.set_edition("editions/volga");
  request.set_department("departments/42");
  grpc::ClientContext ctx;
  crm::testing::Authorize(ctx, Token({Role::kAnalyst}));
  crm::analytics::v1::SalesReport report;
  grpc::Status status = stub_->GetSalesReport(&ctx, request, &report);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("end_time", "group_by", "edition", "department"));

  crm::analytics::v1::ReadinessFunnel funnel;
  status = FunnelOf("projects/x/editions/y", &funnel);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("edition"));
  EXPECT_EQ(FunnelOf(volga_, &funnel).error_code(), grpc::NOT_FOUND);
}

TEST_F(SalesReportTest, TheReadinessFunnelCountsEachClientsLatestLevel) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  crm::analytics::v1::ReadinessFunnel funnel;
  ASSERT_TRUE(FunnelOf(volga_, &funnel).ok());
  EXPECT_EQ(funnel.edition_display_name(), "Волга-Строй 2026");
  ASSERT_EQ(funnel.stages_size(), 3);
  EXPECT_EQ(funnel.stages(0).level(), "READINESS_LEVEL_HOT");
  EXPECT_EQ(funnel.stages(0).clients(), 1);
  EXPECT_EQ(funnel.stages(0).bought(), 1);
  EXPECT_EQ(funnel.stages(0).area_dm2(), 1200);
  EXPECT_EQ(funnel.stages(0).conversion_bp(), 10000);
  EXPECT_EQ(funnel.stages(1).level(), "READINESS_LEVEL_WARM");
  EXPECT_EQ(funnel.stages(1).bought(), 1);  // Y bought the amended 10 m²
  EXPECT_EQ(funnel.stages(1).net_amount().minor_units(), 6'000'000);
  EXPECT_EQ(funnel.stages(2).level(), "READINESS_LEVEL_COLD");
  EXPECT_EQ(funnel.stages(2).bought(), 0);
  // Anna's own assessments: client X only.
  ASSERT_TRUE(FunnelOf(volga_, &funnel, Token({Role::kSalesManager}, anna_)).ok());
  EXPECT_EQ(funnel.scope(), "own");
  ASSERT_EQ(funnel.stages_size(), 1);
  EXPECT_EQ(funnel.stages(0).level(), "READINESS_LEVEL_HOT");
}

// Grouped by project team: the team of an edition is its project's, with its members now.
TEST_F(SalesReportTest, ByProjectTeamTheEditionsTeamWithItsMembers) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  const std::string volga_team = volga_.substr(0, volga_.find("/editions/"));
  const std::string agro_team = agro_.substr(0, agro_.find("/editions/"));
  // Next year's edition of the same project, named with its project.
  const std::string volga_next = volga_team + "/editions/" + common::NewUuid();
  crm::events::v1::EditionCreated next;
  next.mutable_edition()->set_edition(volga_next);
  next.mutable_edition()->set_project(volga_team);
  next.mutable_edition()->set_display_name("Волга-Строй 2027");
  next.mutable_edition()->set_project_display_name("Волга-Строй");
  Publish(events::v1::kEditionCreated, next);
  // Chris invites client W to both editions of the project: two contacts, one client.
  for (const std::string& edition : {volga_, volga_next}) {
    ChrisCallsW(edition, "2026-02-15T10:00:00Z", "invitation");
  }
  // The team: Anna leads it; Boris joined and left, and a member_set older than his removal
  // arrives after it (it does not bring him back).
  auto member = [&](const std::string& employee, const std::string& role) {
    crm::events::v1::ProjectTeamMemberSnapshot snapshot;
    snapshot.set_project(volga_team);
    snapshot.set_employee(employee);
    snapshot.set_role(role);
    return snapshot;
  };
  crm::events::v1::ProjectTeamMemberSet anna_joins;
  *anna_joins.mutable_member() = member(anna_, "lead");
  PublishAt(events::v1::kProjectTeamMemberSet, anna_joins, "2026-01-02T09:00:00Z");
  crm::events::v1::ProjectTeamMemberSet boris_joins;
  *boris_joins.mutable_member() = member(boris_, "sales_manager");
  const std::string boris_joined =
      PublishAt(events::v1::kProjectTeamMemberSet, boris_joins, "2026-01-03T09:00:00Z");
  crm::events::v1::ProjectTeamMemberRemoved boris_leaves;
  *boris_leaves.mutable_member() = member(boris_, "sales_manager");
  PublishAt(events::v1::kProjectTeamMemberRemoved, boris_leaves, "2026-01-05T09:00:00Z");
  crm::events::v1::ProjectTeamMemberSet late;
  *late.mutable_member() = member(boris_, "coordinator");
  late.set_previous_role("sales_manager");
  PublishAt(events::v1::kProjectTeamMemberSet, late, "2026-01-04T09:00:00Z");
  // A redelivery of his joining changes nothing either.
  PublishAt(events::v1::kProjectTeamMemberSet, boris_joins, "2026-01-03T09:00:00Z", boris_joined);
  WaitForConsumer(published_);

  SalesReport report;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_PROJECT_TEAM, &report).ok());
  EXPECT_EQ(report.group_by(), SALES_REPORT_GROUPING_PROJECT_TEAM);
  std::map<std::string, SalesReportRow> rows;
  for (const auto& row : report.rows()) {
    rows[row.key()] = row;
  }
  ASSERT_TRUE(rows.contains(volga_team));
  const SalesReportRow& volga = rows[volga_team];
  EXPECT_EQ(volga.display_name(), "Волга-Строй");
  // Anna's two sales at Волга-Строй 2026; the two invitations; W counted once.
  EXPECT_EQ(Figures(volga.current()), std::make_tuple(2, 2200, 16'000'000, 2, 2, 0));
  EXPECT_EQ(volga.current().clients_contacted(), 1);
  EXPECT_EQ(Figures(volga.previous()), std::make_tuple(1, 800, 4'000'000, 0, 0, 0));
  ASSERT_EQ(volga.team_members_size(), 1);
  EXPECT_EQ(volga.team_members(0).employee(), anna_);
  EXPECT_EQ(volga.team_members(0).role(), "lead");
  EXPECT_EQ(volga.team_members(0).display_name(), "Сотрудник " + anna_.substr(10, 4));
  ASSERT_TRUE(rows.contains(agro_team));
  EXPECT_EQ(Figures(rows[agro_team].current()), std::make_tuple(1, 500, 2'000'000, 0, 0, 0));
  EXPECT_EQ(rows[agro_team].team_members_size(), 0);
  EXPECT_EQ(Figures(report.total().current()), std::make_tuple(3, 2700, 18'000'000, 7, 4, 2));

  // A sales manager reads their own figures by team, too: Boris has no active sale.
  SalesReport own;
  ASSERT_TRUE(
      SalesReportOf(SALES_REPORT_GROUPING_PROJECT_TEAM, &own, Token({Role::kSalesManager}, boris_))
          .ok());
  EXPECT_EQ(own.scope(), "own");
  EXPECT_EQ(Figures(own.total().current()), std::make_tuple(0, 0, 0, 2, 1, 1));
  EXPECT_EQ(SalesReportOf(SALES_REPORT_GROUPING_PROJECT_TEAM, &own, Token({Role::kAccountant}))
                .error_code(),
            grpc::PERMISSION_DENIED);

  // A rebuild from the stream gives the same report.
  ASSERT_NO_FATAL_FAILURE(ReplayTheStream());
  SalesReport replayed;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_PROJECT_TEAM, &replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), report.SerializeAsString());
}

// A team event naming no project or employee can never be applied: dead-lettered, nothing kept.
TEST_F(SalesReportTest, AMalformedTeamEventChangesNothing) {
  crm::events::v1::ProjectTeamMemberSet bad;
  bad.mutable_member()->set_project("projects/volga");
  bad.mutable_member()->set_employee(anna_);
  bad.mutable_member()->set_role("lead");
  Publish(events::v1::kProjectTeamMemberSet, bad);
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().dead_lettered() == 1; }));
  EXPECT_EQ(Count("SELECT count(*) FROM project_team_members"), 0);
}

// Lead-source effectiveness over the season: X and Z came from the website, Y by referral; the
// season's other contacts are with clients analytics has not seen (lead source unknown).
TEST_F(SalesReportTest, LeadSourcesAsAHandCalculationGives) {
  for (const auto& [client, source] :
       {std::pair{client_x_, "WEBSITE"}, std::pair{client_y_, "REFERRAL"},
        std::pair{client_z_, "WEBSITE"}}) {
    crm::events::v1::ClientCreated ev;
    ev.mutable_client()->set_client(client);
    ev.mutable_client()->set_display_name("ООО " + client.substr(8, 4));
    ev.mutable_client()->set_lead_source_kind(source);
    ev.mutable_client()->set_version(1);
    Publish(events::v1::kClientCreated, ev);
  }
  // Anna's meeting with X ends in the sale: X was contacted and bought in February.
  const std::string contact = "contacts/" + common::NewUuid();
  auto planned =
      Planned(contact, anna_, crm::planning::v1::CONTACT_TYPE_MEETING, "2026-02-04T10:00:00Z");
  planned.set_client(client_x_);
  planned.set_edition(volga_);
  Publish(events::v1::kContactPlanned, planned);
  Publish(events::v1::kContactCompleted,
          Completed(contact, anna_, crm::planning::v1::CONTACT_TYPE_MEETING, "2026-02-04T10:00:00Z",
                    "2026-02-04T11:00:00Z", "sale"));
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());

  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  LeadSourceReport report;
  ASSERT_TRUE(LeadSourcesOf(&report).ok());
  EXPECT_EQ(report.scope(), "all");
  EXPECT_EQ(TimeUtil::ToString(report.previous_start_time()), "2026-01-04T00:00:00Z");
  // (clients contacted, contacts, positive, sales, dm², net kopecks, converted)
  auto figures = [](const LeadSourceFigures& f) {
    return std::make_tuple(f.clients_contacted(), f.contacts_completed(), f.positive_contacts(),
                           f.sales_count(), f.area_dm2(), f.net_amount().minor_units(),
                           f.converted_clients());
  };
  ASSERT_EQ(report.rows_size(), 3);
  // The website: X's and Z's February sales (12 m² + 5 m²), X contacted and converted; Z's
  // January sale in the previous period.
  EXPECT_EQ(report.rows(0).lead_source(), "WEBSITE");
  EXPECT_EQ(figures(report.rows(0).current()), std::make_tuple(1, 1, 1, 2, 1700, 12'000'000, 1));
  EXPECT_EQ(report.rows(0).current().conversion_bp(), 10000);
  EXPECT_EQ(figures(report.rows(0).previous()), std::make_tuple(0, 0, 0, 1, 800, 4'000'000, 0));
  // The referral: Y's amended sale, nobody contacted.
  EXPECT_EQ(report.rows(1).lead_source(), "REFERRAL");
  EXPECT_EQ(figures(report.rows(1).current()), std::make_tuple(0, 0, 0, 1, 1000, 6'000'000, 0));
  EXPECT_EQ(report.rows(1).current().conversion_bp(), 0);
  // Unknown: the season's five contacts with five unseen clients, two positive.
  EXPECT_EQ(report.rows(2).lead_source(), "");
  EXPECT_EQ(figures(report.rows(2).current()), std::make_tuple(5, 5, 2, 0, 0, 0, 0));
  EXPECT_EQ(report.rows(2).current().effectiveness_bp(), 4000);
  EXPECT_EQ(figures(report.total().current()), std::make_tuple(6, 6, 3, 3, 2700, 18'000'000, 1));
  EXPECT_EQ(report.total().current().conversion_bp(), 1667);  // 1 of 6, rounded half up

  // Boris reads his own: two contacts with unknown clients, no sale (his was cancelled).
  ASSERT_TRUE(LeadSourcesOf(&report, Token({Role::kSalesManager}, boris_)).ok());
  EXPECT_EQ(report.scope(), "own");
  ASSERT_EQ(report.rows_size(), 1);
  EXPECT_EQ(figures(report.rows(0).current()), std::make_tuple(2, 2, 1, 0, 0, 0, 0));
  for (Role role : {Role::kAccountant, Role::kService}) {
    EXPECT_EQ(LeadSourcesOf(&report, Token({role})).error_code(), grpc::PERMISSION_DENIED);
  }

  // Each row drills to the sales and contacts it counts, for Boris too.
  for (const std::string& token : {Token({Role::kAnalyst}), Token({Role::kSalesManager}, boris_)}) {
    ASSERT_TRUE(LeadSourcesOf(&report, token).ok());
    for (const auto& row : report.rows()) {
      ListSalesReportRecordsRequest drill;
      drill.set_lead_source(row.lead_source());
      drill.set_kind(SALES_REPORT_RECORD_KIND_SALES);
      ListSalesReportRecordsResponse records;
      ASSERT_TRUE(DrillOf(drill, &records, token).ok());
      EXPECT_EQ(records.sales_size(), row.current().sales_count()) << row.lead_source();
      int64_t net = 0;
      for (const auto& sale : records.sales()) {
        net += sale.net_amount().minor_units();
      }
      EXPECT_EQ(net, row.current().net_amount().minor_units()) << row.lead_source();
      drill.set_kind(SALES_REPORT_RECORD_KIND_CONTACTS);
      drill.set_previous(true);
      ASSERT_TRUE(DrillOf(drill, &records, token).ok());
      EXPECT_EQ(records.contacts_size(), row.previous().contacts_completed());
      drill.set_previous(false);
      ASSERT_TRUE(DrillOf(drill, &records, token).ok());
      EXPECT_EQ(records.contacts_size(), row.current().contacts_completed()) << row.lead_source();
      // The clients contacted and those converted, one per page, in either period.
      for (bool previous : {false, true}) {
        const LeadSourceFigures& f = previous ? row.previous() : row.current();
        drill.set_previous(previous);
        std::vector<ReportClient> clients;
        drill.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
        ASSERT_NO_FATAL_FAILURE(
            ExpectDrilled(drill, f.clients_contacted(), &clients, token, row.lead_source()));
        int64_t contacts = 0;
        for (const auto& client : clients) {
          EXPECT_EQ(client.lead_source(), row.lead_source());
          contacts += client.contacts();
        }
        EXPECT_EQ(contacts, f.contacts_completed()) << row.lead_source();
        drill.set_kind(SALES_REPORT_RECORD_KIND_CONVERTED_CLIENTS);
        ASSERT_NO_FATAL_FAILURE(
            ExpectDrilled(drill, f.converted_clients(), &clients, token, row.lead_source()));
      }
    }
  }
  // The website's converted client is X: its meeting and its 12 m² sale.
  ListSalesReportRecordsRequest converted;
  converted.set_lead_source("WEBSITE");
  converted.set_kind(SALES_REPORT_RECORD_KIND_CONVERTED_CLIENTS);
  std::vector<ReportClient> clients;
  ASSERT_TRUE(RecordsBehind(converted, &ListSalesReportRecordsResponse::clients, &clients).ok());
  ASSERT_EQ(clients.size(), 1U);
  EXPECT_EQ(clients[0].client(), client_x_);
  EXPECT_EQ(clients[0].contacts(), 1);
  EXPECT_EQ(TimeUtil::ToString(clients[0].first_contact_time()), "2026-02-04T11:00:00Z");
  EXPECT_EQ(clients[0].sales_count(), 1);
  EXPECT_EQ(clients[0].area_dm2(), 1200);
  // Boris converted nobody; the head of department 1 reaches none of it either (Anna's contacts
  // count for her department now, the second); an accountant reads no report.
  ASSERT_NO_FATAL_FAILURE(
      ExpectDrilled(converted, 0, &clients, Token({Role::kSalesManager}, boris_)));
  ASSERT_NO_FATAL_FAILURE(ExpectDrilled(converted, 0, &clients, Token({Role::kSalesHead}, head1_)));
  EXPECT_EQ(RecordsBehind(converted, &ListSalesReportRecordsResponse::clients, &clients,
                          Token({Role::kAccountant}))
                .error_code(),
            grpc::PERMISSION_DENIED);
  ListSalesReportRecordsRequest website;
  website.set_lead_source("WEBSITE");
  website.set_kind(SALES_REPORT_RECORD_KIND_SALES);
  ListSalesReportRecordsResponse denied;
  EXPECT_EQ(DrillOf(website, &denied, Token({Role::kAccountant})).error_code(),
            grpc::PERMISSION_DENIED);

  // A rebuild from the stream gives the same report.
  ASSERT_TRUE(LeadSourcesOf(&report).ok());
  ASSERT_NO_FATAL_FAILURE(ReplayTheStream());
  LeadSourceReport replayed;
  ASSERT_TRUE(LeadSourcesOf(&replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), report.SerializeAsString());
}

TEST_F(SalesReportTest, ALeadSourceReportRejectsABadRequestFieldByField) {
  crm::analytics::v1::GetLeadSourceReportRequest request;
  *request.mutable_start_time() = At(kStart);
  request.set_edition("editions/volga");
  request.set_department("departments/42");
  grpc::ClientContext ctx;
  crm::testing::Authorize(ctx, Token({Role::kAnalyst}));
  crm::analytics::v1::LeadSourceReport report;
  grpc::Status status = stub_->GetLeadSourceReport(&ctx, request, &report);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("end_time", "edition", "department"));
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->GetLeadSourceReport(&anonymous, request, &report).error_code(),
            grpc::UNAUTHENTICATED);
}

// A lead-source row counts a merged client's work for the client it was merged into; its drill
// lists that client once, where the sales report's row counts (and lists) both.
TEST_F(SalesReportTest, ALeadSourceRowsClientsAreTheSurvivorsOfAMerge) {
  const std::string v = "clients/" + common::NewUuid();
  for (const auto& [client, source] : {std::pair{client_x_, "WEBSITE"}, std::pair{v, "REFERRAL"}}) {
    crm::events::v1::ClientCreated ev;
    ev.mutable_client()->set_client(client);
    ev.mutable_client()->set_display_name("ООО " + client.substr(8, 4));
    ev.mutable_client()->set_lead_source_kind(source);
    ev.mutable_client()->set_version(1);
    Publish(events::v1::kClientCreated, ev);
  }
  crm::events::v1::ClientMerged merged;
  merged.set_survivor(client_x_);
  merged.add_merged(v);
  merged.set_merge("merges/" + common::NewUuid());
  Publish(events::v1::kClientMerged, merged);
  // Anna calls X and V in February, and V buys.
  for (const auto& [client, time] :
       {std::pair{client_x_, "2026-02-04T10:00:00Z"}, std::pair{v, "2026-02-06T10:00:00Z"}}) {
    const std::string contact = "contacts/" + common::NewUuid();
    auto planned = Planned(contact, anna_, crm::planning::v1::CONTACT_TYPE_CALL, time);
    planned.set_client(client);
    Publish(events::v1::kContactPlanned, planned);
    Publish(events::v1::kContactCompleted,
            Completed(contact, anna_, crm::planning::v1::CONTACT_TYPE_CALL, time, time, "note"));
  }
  Publish(events::v1::kSaleRecorded,
          SaleIn(anna_, volga_, v, 900, 5'000'000, "2026-02-10T09:00:00Z"));
  WaitForConsumer(published_);

  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  LeadSourceReport report;
  ASSERT_TRUE(LeadSourcesOf(&report).ok());
  ASSERT_EQ(report.rows_size(), 1);
  EXPECT_EQ(report.rows(0).lead_source(), "WEBSITE");
  EXPECT_EQ(report.rows(0).current().clients_contacted(), 1);
  EXPECT_EQ(report.rows(0).current().converted_clients(), 1);
  ListSalesReportRecordsRequest drill;
  drill.set_lead_source("WEBSITE");
  for (auto kind : {SALES_REPORT_RECORD_KIND_CLIENTS, SALES_REPORT_RECORD_KIND_CONVERTED_CLIENTS}) {
    drill.set_kind(kind);
    std::vector<ReportClient> clients;
    ASSERT_TRUE(RecordsBehind(drill, &ListSalesReportRecordsResponse::clients, &clients).ok());
    ASSERT_EQ(clients.size(), 1U) << kind;
    EXPECT_EQ(clients[0].client(), client_x_);
    EXPECT_EQ(clients[0].contacts(), 2);
    EXPECT_EQ(clients[0].lead_source(), "WEBSITE");
  }
  SalesReport sales;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_MANAGER, &sales).ok());
  ASSERT_EQ(sales.rows_size(), 1);
  EXPECT_EQ(sales.rows(0).current().clients_contacted(), 2);
  ListSalesReportRecordsRequest row;
  row.set_group_by(SALES_REPORT_GROUPING_MANAGER);
  row.set_key(anna_);
  row.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
  std::vector<ReportClient> clients;
  ASSERT_TRUE(RecordsBehind(row, &ListSalesReportRecordsResponse::clients, &clients).ok());
  EXPECT_EQ(clients.size(), 2U);
}

// Ratings: each client at their latest rating of the period, with what they bought in it.
TEST_F(SalesReportTest, RatingsByScoreWithTheClientsSales) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  auto rate = [&](const std::string& client, crm::planning::v1::RatingTarget target,
                  const std::string& subject, int score, const std::string& by,
                  const std::string& at, std::string id = "") {
    crm::events::v1::RatingRecorded ev;
    auto* rating = ev.mutable_rating();
    rating->set_name(client + "/ratings/" + common::NewUuid());
    rating->set_client(client);
    rating->set_target(target);
    rating->set_subject(subject);
    rating->set_score(score);
    rating->set_recorded_by(by);
    *rating->mutable_record_time() = At(at);
    return PublishAt(events::v1::kRatingRecorded, ev, at, std::move(id));
  };
  using crm::planning::v1::RATING_TARGET_COMPANY;
  using crm::planning::v1::RATING_TARGET_MANAGER;
  // X rates the company 4, then 5 (Anna records both); Y rates Boris 3 (Anna records it); W's
  // rating is from December, before the period.
  rate(client_x_, RATING_TARGET_COMPANY, "", 4, anna_, "2026-02-03T09:00:00Z");
  const std::string five =
      rate(client_x_, RATING_TARGET_COMPANY, "", 5, anna_, "2026-02-15T09:00:00Z");
  rate(client_y_, RATING_TARGET_MANAGER, boris_, 3, anna_, "2026-02-16T09:00:00Z");
  rate(client_w_, RATING_TARGET_COMPANY, "", 1, boris_, "2025-12-20T09:00:00Z");
  WaitForConsumer(published_);
  EXPECT_EQ(Count("SELECT count(*) FROM ratings"), 4);

  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  auto bucket = [](const RatingReport& r, int score) {
    for (const auto& b : r.buckets()) {
      if (b.score() == score) {
        return std::make_tuple(b.clients(), b.ratings(), b.sales_count(), b.area_dm2(),
                               b.net_amount().minor_units());
      }
    }
    return std::make_tuple(int64_t{-1}, int64_t{-1}, int64_t{-1}, int64_t{-1}, int64_t{-1});
  };
  RatingReport report;
  ASSERT_TRUE(RatingsOf(&report).ok());
  ASSERT_EQ(report.buckets_size(), 5);
  EXPECT_EQ(report.buckets(0).score(), 5);
  // (clients, ratings, sales, dm², net kopecks)
  EXPECT_EQ(bucket(report, 5), std::make_tuple(1, 1, 1, 1200, 10'000'000));
  EXPECT_EQ(bucket(report, 4), std::make_tuple(0, 1, 0, 0, 0));
  EXPECT_EQ(bucket(report, 3), std::make_tuple(1, 1, 1, 1000, 6'000'000));
  EXPECT_EQ(bucket(report, 1), std::make_tuple(0, 0, 0, 0, 0));
  EXPECT_EQ(report.clients(), 2);
  EXPECT_EQ(report.average_score_centi(), 400);
  EXPECT_EQ(report.scope(), "all");

  // Only ratings of managers: Y's.
  ASSERT_TRUE(RatingsOf(&report, Token({Role::kAnalyst}), "RATING_TARGET_MANAGER").ok());
  EXPECT_EQ(report.clients(), 1);
  EXPECT_EQ(bucket(report, 3), std::make_tuple(1, 1, 1, 1000, 6'000'000));
  // Boris reads the rating about him, and none of Anna's sales.
  ASSERT_TRUE(RatingsOf(&report, Token({Role::kSalesManager}, boris_)).ok());
  EXPECT_EQ(report.scope(), "own");
  EXPECT_EQ(report.clients(), 1);
  EXPECT_EQ(bucket(report, 3), std::make_tuple(1, 1, 0, 0, 0));
  // Anna reads X's ratings she recorded, with her sale to X.
  ASSERT_TRUE(RatingsOf(&report, Token({Role::kSalesManager}, anna_)).ok());
  EXPECT_EQ(report.clients(), 1);
  EXPECT_EQ(bucket(report, 5), std::make_tuple(1, 1, 1, 1200, 10'000'000));
  EXPECT_EQ(RatingsOf(&report, Token({Role::kAccountant})).error_code(), grpc::PERMISSION_DENIED);

  // Each score drills to the sales it counts: for every target, managers' ratings, and Boris.
  for (const auto& [token, target] :
       {std::pair{Token({Role::kAnalyst}), std::string()},
        std::pair{Token({Role::kAnalyst}), std::string("RATING_TARGET_MANAGER")},
        std::pair{Token({Role::kSalesManager}, boris_), std::string()},
        std::pair{Token({Role::kSalesManager}, anna_), std::string()}}) {
    ASSERT_TRUE(RatingsOf(&report, token, target).ok());
    for (const auto& b : report.buckets()) {
      ListSalesReportRecordsRequest drill;
      drill.set_rating_score(b.score());
      drill.set_rating_target(target);
      drill.set_kind(SALES_REPORT_RECORD_KIND_SALES);
      ListSalesReportRecordsResponse records;
      ASSERT_TRUE(DrillOf(drill, &records, token).ok());
      EXPECT_EQ(records.sales_size(), b.sales_count()) << b.score() << " " << target;
      int64_t area = 0;
      for (const auto& sale : records.sales()) {
        area += sale.area_dm2();
      }
      EXPECT_EQ(area, b.area_dm2()) << b.score();
      // Its clients, each with their sales adding up to the bucket's, and its ratings.
      drill.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
      std::vector<ReportClient> clients;
      const std::string score_target = std::to_string(b.score()) + " " + target;
      ASSERT_NO_FATAL_FAILURE(ExpectDrilled(drill, b.clients(), &clients, token, score_target));
      int64_t sales = 0;
      int64_t net = 0;
      area = 0;
      for (const auto& client : clients) {
        EXPECT_EQ(client.rating_score(), b.score());
        sales += client.sales_count();
        area += client.area_dm2();
        net += client.net_amount().minor_units();
      }
      EXPECT_EQ(std::make_tuple(sales, area, net),
                std::make_tuple(b.sales_count(), b.area_dm2(), b.net_amount().minor_units()))
          << b.score() << " " << target;
      drill.set_kind(SALES_REPORT_RECORD_KIND_RATINGS);
      std::vector<ReportRating> ratings;
      ASSERT_NO_FATAL_FAILURE(ExpectDrilled(drill, b.ratings(), &ratings, token, score_target));
      for (const auto& rating : ratings) {
        EXPECT_EQ(rating.score(), b.score());
      }
    }
    // The report's own clients: every score's.
    ListSalesReportRecordsRequest rated;
    rated.set_rating_total(true);
    rated.set_rating_target(target);
    rated.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
    std::vector<ReportClient> clients;
    ASSERT_NO_FATAL_FAILURE(ExpectDrilled(rated, report.clients(), &clients, token, target));
  }
  // X's latest rating is the 5 of 15 February; the 4 before it is a rating of its own.
  ListSalesReportRecordsRequest fours;
  fours.set_rating_score(4);
  fours.set_kind(SALES_REPORT_RECORD_KIND_RATINGS);
  std::vector<ReportRating> ratings;
  ASSERT_TRUE(RecordsBehind(fours, &ListSalesReportRecordsResponse::ratings, &ratings).ok());
  ASSERT_EQ(ratings.size(), 1U);
  EXPECT_EQ(ratings[0].client(), client_x_);
  EXPECT_EQ(ratings[0].target(), "RATING_TARGET_COMPANY");
  EXPECT_EQ(ratings[0].recorded_by(), anna_);
  EXPECT_EQ(TimeUtil::ToString(ratings[0].record_time()), "2026-02-03T09:00:00Z");
  fours.set_rating_score(5);
  fours.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
  std::vector<ReportClient> fives_clients;
  ASSERT_TRUE(RecordsBehind(fours, &ListSalesReportRecordsResponse::clients, &fives_clients).ok());
  ASSERT_EQ(fives_clients.size(), 1U);
  EXPECT_EQ(fives_clients[0].client(), client_x_);
  EXPECT_EQ(TimeUtil::ToString(fives_clients[0].rating_time()), "2026-02-15T09:00:00Z");
  // The head of department 1 reaches none of X's ratings: Anna, who recorded them, is in
  // department 2 now.
  ASSERT_NO_FATAL_FAILURE(
      ExpectDrilled(fours, 0, &fives_clients, Token({Role::kSalesHead}, head1_)));
  ListSalesReportRecordsRequest fives;
  fives.set_rating_score(5);
  fives.set_kind(SALES_REPORT_RECORD_KIND_SALES);
  ListSalesReportRecordsResponse denied;
  EXPECT_EQ(DrillOf(fives, &denied, Token({Role::kAccountant})).error_code(),
            grpc::PERMISSION_DENIED);

  // A redelivery and a replay add nothing.
  ASSERT_TRUE(RatingsOf(&report).ok());
  rate(client_x_, RATING_TARGET_COMPANY, "", 5, anna_, "2026-02-15T09:00:00Z", five);
  ASSERT_NO_FATAL_FAILURE(ReplayTheStream());
  WaitForConsumer(published_);
  RatingReport replayed;
  ASSERT_TRUE(RatingsOf(&replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), report.SerializeAsString());
}

TEST_F(SalesReportTest, ARatingReportRejectsABadRequestAndABadRatingIsDeadLettered) {
  crm::analytics::v1::RatingReport report;
  grpc::Status status = RatingsOf(&report, Token({Role::kAnalyst}), "RATING_TARGET_NOPE", kEnd);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), UnorderedElementsAre("end_time", "target"));

  crm::events::v1::RatingRecorded bad;
  bad.mutable_rating()->set_name(client_x_ + "/ratings/" + common::NewUuid());
  bad.mutable_rating()->set_target(crm::planning::v1::RATING_TARGET_COMPANY);
  bad.mutable_rating()->set_score(7);
  *bad.mutable_rating()->mutable_record_time() = At(kStart);
  Publish(events::v1::kRatingRecorded, bad);
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().dead_lettered() == 1; }));
  EXPECT_EQ(Count("SELECT count(*) FROM ratings"), 0);
}

// From a figure of a report row to the sales or contacts behind it, page by page.
TEST_F(SalesReportTest, DrillsFromAFigureToItsRecords) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  // Department 1's two February sales (Anna's, the second amended), one per page.
  ListSalesReportRecordsRequest request;
  request.set_group_by(SALES_REPORT_GROUPING_DEPARTMENT);
  request.set_key("departments/" + dep1_);
  request.set_kind(SALES_REPORT_RECORD_KIND_SALES);
  request.set_page_size(1);
  const std::string analyst = Token({Role::kAnalyst});
  ListSalesReportRecordsResponse page;
  ASSERT_TRUE(DrillOf(request, &page, analyst).ok());
  ASSERT_EQ(page.sales_size(), 1);
  EXPECT_EQ(page.sales(0).manager(), anna_);
  EXPECT_EQ(page.sales(0).client(), client_x_);
  EXPECT_EQ(page.sales(0).area_dm2(), 1200);
  EXPECT_EQ(page.sales(0).department(), "departments/" + dep1_);
  EXPECT_EQ(TimeUtil::ToString(page.sales(0).sale_time()), "2026-02-05T09:00:00Z");
  ASSERT_FALSE(page.next_page_token().empty());
  request.set_page_token(page.next_page_token());
  ListSalesReportRecordsResponse second;
  ASSERT_TRUE(DrillOf(request, &second, analyst).ok());
  ASSERT_EQ(second.sales_size(), 1);
  EXPECT_EQ(second.sales(0).area_dm2(), 1000);
  EXPECT_EQ(second.sales(0).net_amount().minor_units(), 6'000'000);
  EXPECT_EQ(second.sales(0).stand_type(), "STAND_TYPE_CORNER");
  EXPECT_TRUE(second.next_page_token().empty());
  // Another caller cannot read on with that token.
  ListSalesReportRecordsResponse foreign;
  grpc::Status status = DrillOf(request, &foreign, Token({Role::kAnalyst}));
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("page_token"));

  // Department 2's previous period: Chris's January sale.
  ListSalesReportRecordsRequest previous;
  previous.set_group_by(SALES_REPORT_GROUPING_DEPARTMENT);
  previous.set_key("departments/" + dep2_);
  previous.set_previous(true);
  previous.set_kind(SALES_REPORT_RECORD_KIND_SALES);
  ASSERT_TRUE(DrillOf(previous, &page).ok());
  ASSERT_EQ(page.sales_size(), 1);
  EXPECT_EQ(page.sales(0).manager(), chris_);
  EXPECT_EQ(page.sales(0).area_dm2(), 800);

  // The total's contacts: the five completed in February, the refusals with their reason; by
  // project team, Волга-Строй's sales.
  ListSalesReportRecordsRequest contacts;
  contacts.set_group_by(SALES_REPORT_GROUPING_MANAGER);
  contacts.set_total(true);
  contacts.set_kind(SALES_REPORT_RECORD_KIND_CONTACTS);
  ListSalesReportRecordsResponse all;
  ASSERT_TRUE(DrillOf(contacts, &all).ok());
  ASSERT_EQ(all.contacts_size(), 5);
  int refusals = 0;
  for (const auto& contact : all.contacts()) {
    if (contact.result_kind() == "refusal") {
      ++refusals;
      EXPECT_EQ(contact.refusal_reason(), "REFUSAL_REASON_NO_BUDGET");
      EXPECT_FALSE(contact.positive());
    }
  }
  EXPECT_EQ(refusals, 2);
  ListSalesReportRecordsRequest team;
  team.set_group_by(SALES_REPORT_GROUPING_PROJECT_TEAM);
  team.set_key(volga_.substr(0, volga_.find("/editions/")));
  team.set_kind(SALES_REPORT_RECORD_KIND_SALES);
  ASSERT_TRUE(DrillOf(team, &page).ok());
  EXPECT_EQ(page.sales_size(), 2);

  // Boris drills into what he reaches: his own two contacts, none of Anna's sales.
  ASSERT_TRUE(DrillOf(contacts, &all, Token({Role::kSalesManager}, boris_)).ok());
  EXPECT_EQ(all.contacts_size(), 2);
  ASSERT_TRUE(DrillOf(team, &page, Token({Role::kSalesManager}, boris_)).ok());
  EXPECT_EQ(page.sales_size(), 0);
  EXPECT_EQ(DrillOf(contacts, &all, Token({Role::kAccountant})).error_code(),
            grpc::PERMISSION_DENIED);
}

TEST_F(SalesReportTest, ADrillDownRejectsABadRequestFieldByField) {
  crm::analytics::v1::ListSalesReportRecordsRequest request;
  request.set_edition("editions/volga");
  request.set_page_size(-1);
  crm::analytics::v1::ListSalesReportRecordsResponse page;
  grpc::Status status = DrillOf(request, &page);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("group_by", "edition", "kind", "page_size"));
  request = {};
  request.set_group_by(crm::analytics::v1::SALES_REPORT_GROUPING_STAND_TYPE);
  request.set_key("STAND_TYPE_CORNER");
  request.set_kind(crm::analytics::v1::SALES_REPORT_RECORD_KIND_CONTACTS);
  status = DrillOf(request, &page);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("key"));

  // A lead-source row or a rating score: no grouping needed, but their own rules.
  request = {};
  request.set_lead_source("website; DROP TABLE sales");
  request.set_kind(crm::analytics::v1::SALES_REPORT_RECORD_KIND_PAYMENTS);
  status = DrillOf(request, &page);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), UnorderedElementsAre("lead_source", "kind"));
  request = {};
  request.set_rating_score(6);
  request.set_kind(crm::analytics::v1::SALES_REPORT_RECORD_KIND_SALES);
  status = DrillOf(request, &page);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("rating_score"));
  request = {};
  request.set_rating_score(3);
  request.set_rating_target("RATING_TARGET_NOPE");
  request.set_edition("projects/" + common::NewUuid() + "/editions/" + common::NewUuid());
  request.set_previous(true);
  request.set_kind(crm::analytics::v1::SALES_REPORT_RECORD_KIND_CONTACTS);
  status = DrillOf(request, &page);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("kind", "edition", "previous", "rating_target"));
  request = {};
  request.set_group_by(crm::analytics::v1::SALES_REPORT_GROUPING_MANAGER);
  request.set_total(true);
  request.set_rating_target("RATING_TARGET_COMPANY");
  request.set_kind(crm::analytics::v1::SALES_REPORT_RECORD_KIND_SALES);
  status = DrillOf(request, &page);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("rating_target"));
  // Nobody unauthenticated, and a rating drill for an accountant is denied before it is read.
  grpc::ClientContext anonymous;
  request.clear_rating_target();
  EXPECT_EQ(stub_->ListSalesReportRecords(&anonymous, request, &page).error_code(),
            grpc::UNAUTHENTICATED);
}

// Each figure of a manager's report lists the contacts behind it, as many as it counts: by type,
// by result and the open ones; the sales report's refusal reasons too.
TEST_F(SalesReportTest, DrillsFromEveryManagerReportFigureToItsContacts) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  // Anna's open contacts: two in February (a call and a meeting), one in March.
  Publish(events::v1::kContactPlanned,
          Planned("contacts/" + common::NewUuid(), anna_, crm::planning::v1::CONTACT_TYPE_CALL,
                  "2026-02-15T09:00:00Z"));
  Publish(events::v1::kContactPlanned,
          Planned("contacts/" + common::NewUuid(), anna_, crm::planning::v1::CONTACT_TYPE_MEETING,
                  "2026-02-16T09:00:00Z"));
  Publish(events::v1::kContactPlanned,
          Planned("contacts/" + common::NewUuid(), anna_, crm::planning::v1::CONTACT_TYPE_CALL,
                  "2026-03-02T09:00:00Z"));
  WaitForConsumer(published_);
  const ManagerReport report = ReportOf(anna_);
  ASSERT_EQ(report.contacts_by_type_size(), 2);
  ASSERT_EQ(report.contacts_by_result_size(), 2);
  ASSERT_EQ(report.open_contacts(), 2);

  ListSalesReportRecordsRequest drill;
  drill.set_group_by(SALES_REPORT_GROUPING_MANAGER);
  drill.set_key(anna_);
  drill.set_kind(SALES_REPORT_RECORD_KIND_CONTACTS);
  drill.set_page_size(1);
  std::vector<ReportContact> contacts;
  for (const auto& entry : report.contacts_by_type()) {
    drill.set_contact_type(entry.key());
    ASSERT_TRUE(ContactsBehind(drill, &contacts).ok());
    EXPECT_EQ(static_cast<int64_t>(contacts.size()), entry.count()) << entry.key();
    for (const auto& contact : contacts) {
      EXPECT_EQ(contact.type(), entry.key());
      EXPECT_EQ(contact.owner(), anna_);
    }
  }
  drill.clear_contact_type();
  for (const auto& entry : report.contacts_by_result()) {
    drill.set_result_kind(entry.key());
    ASSERT_TRUE(ContactsBehind(drill, &contacts).ok());
    EXPECT_EQ(static_cast<int64_t>(contacts.size()), entry.count()) << entry.key();
    for (const auto& contact : contacts) {
      EXPECT_EQ(contact.result_kind(), entry.key());
    }
  }
  drill.clear_result_kind();
  drill.set_kind(SALES_REPORT_RECORD_KIND_OPEN_CONTACTS);
  ASSERT_TRUE(ContactsBehind(drill, &contacts).ok());
  ASSERT_EQ(static_cast<int64_t>(contacts.size()), report.open_contacts());
  EXPECT_EQ(TimeUtil::ToString(contacts[0].scheduled_time()), "2026-02-15T09:00:00Z");
  EXPECT_FALSE(contacts[0].has_complete_time());
  drill.set_contact_type("CONTACT_TYPE_MEETING");
  ASSERT_TRUE(ContactsBehind(drill, &contacts).ok());
  EXPECT_EQ(contacts.size(), 1U);
  // Anna reads her own the same; the head of department 1 no longer reaches her (she moved);
  // an accountant reads no report.
  ASSERT_TRUE(ContactsBehind(drill, &contacts, Token({Role::kSalesManager}, anna_)).ok());
  EXPECT_EQ(contacts.size(), 1U);
  ASSERT_TRUE(ContactsBehind(drill, &contacts, Token({Role::kSalesHead}, head1_)).ok());
  EXPECT_TRUE(contacts.empty());
  EXPECT_EQ(ContactsBehind(drill, &contacts, Token({Role::kAccountant})).error_code(),
            grpc::PERMISSION_DENIED);

  // The sales report's refusal reasons, each to its refusals.
  SalesReport sales;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_MANAGER, &sales).ok());
  ASSERT_FALSE(sales.refusal_reasons().empty());
  ListSalesReportRecordsRequest refusals;
  refusals.set_group_by(SALES_REPORT_GROUPING_MANAGER);
  refusals.set_total(true);
  refusals.set_kind(SALES_REPORT_RECORD_KIND_CONTACTS);
  for (const auto& reason : sales.refusal_reasons()) {
    refusals.set_refusal_reason(reason.key());
    ASSERT_TRUE(ContactsBehind(refusals, &contacts).ok());
    EXPECT_EQ(static_cast<int64_t>(contacts.size()), reason.count()) << reason.key();
  }
}

// Each stage of the readiness funnel lists its clients, and those who bought with what they
// bought, adding up to the stage's figures, over what the caller reaches.
TEST_F(SalesReportTest, DrillsFromEveryFunnelFigureToItsClients) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  ReadinessFunnel funnel;
  ASSERT_TRUE(FunnelOf(volga_, &funnel).ok());
  ASSERT_EQ(funnel.stages_size(), 3);
  ListReportClientsRequest request;
  request.set_figure(REPORT_CLIENT_FIGURE_READINESS_LEVEL);
  request.set_edition(volga_);
  request.set_page_size(1);
  std::vector<ReportClient> clients;
  for (const auto& stage : funnel.stages()) {
    request.set_key(stage.level());
    request.set_narrowed(false);
    ASSERT_NO_FATAL_FAILURE(
        ExpectDrilled(request, stage.clients(), &clients, Token({Role::kAnalyst}), stage.level()));
    request.set_narrowed(true);
    ASSERT_NO_FATAL_FAILURE(
        ExpectDrilled(request, stage.bought(), &clients, Token({Role::kAnalyst}), stage.level()));
    int64_t area = 0;
    int64_t net = 0;
    for (const auto& client : clients) {
      EXPECT_EQ(client.readiness_level(), stage.level());
      EXPECT_TRUE(client.bought());
      area += client.area_dm2();
      net += client.net_amount().minor_units();
    }
    EXPECT_EQ(area, stage.area_dm2()) << stage.level();
    EXPECT_EQ(net, stage.net_amount().minor_units()) << stage.level();
  }
  // X is hot, assessed on 25 January, and bought 12 m².
  request.set_key("READINESS_LEVEL_HOT");
  ASSERT_TRUE(ClientsBehind(request, &clients).ok());
  ASSERT_EQ(clients.size(), 1U);
  EXPECT_EQ(clients[0].client(), client_x_);
  EXPECT_EQ(TimeUtil::ToString(clients[0].assess_time()), "2026-01-25T09:00:00Z");
  // Anna's own assessments: X only; Boris's warm Y is not hers.
  const std::string anna = Token({Role::kSalesManager}, anna_);
  ASSERT_TRUE(ClientsBehind(request, &clients, anna).ok());
  EXPECT_EQ(clients.size(), 1U);
  request.set_key("READINESS_LEVEL_WARM");
  ASSERT_TRUE(ClientsBehind(request, &clients, anna).ok());
  EXPECT_TRUE(clients.empty());
  EXPECT_EQ(ClientsBehind(request, &clients, Token({Role::kAccountant})).error_code(),
            grpc::PERMISSION_DENIED);
}

// Each (edition, client)'s latest assessment is kept as a row of its own (readiness_latest) that
// the funnel counts and its drill-down pages through: an older assessment arriving late, one
// published again and a replay of the stream leave it at the latest, and clients assessed at the
// same microsecond are paged by client id.
TEST_F(SalesReportTest, TheFunnelsLatestLevelsHoldThroughLateAssessmentsAndAReplay) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  // X's cold assessment of 5 January arrives after its hot one of the 25th; Y and Z turn hot at
  // the same microsecond (Y by Anna, Z by Boris); Y's is published twice.
  Assess(client_x_, volga_, crm::planning::v1::READINESS_LEVEL_COLD, anna_, "2026-01-05T09:00:00Z");
  const std::string same_time = "2026-02-01T09:00:00.123456Z";
  for (const auto& [client, by] :
       {std::pair{client_y_, anna_}, std::pair{client_z_, boris_}, std::pair{client_y_, anna_}}) {
    Assess(client, volga_, crm::planning::v1::READINESS_LEVEL_HOT, by, same_time);
  }
  WaitForConsumer(published_);

  // One row per client assessed in the edition, each its latest change.
  const std::string stale =
      "SELECT count(*) FROM readiness_latest l FULL JOIN ("
      "  SELECT DISTINCT ON (edition, client_id) edition, client_id, level, record_time,"
      "         recorded_by"
      "  FROM readiness_changes ORDER BY edition, client_id, record_time DESC) c"
      "  USING (edition, client_id)"
      " WHERE l.level IS DISTINCT FROM c.level OR l.record_time IS DISTINCT FROM c.record_time"
      "    OR l.recorded_by IS DISTINCT FROM c.recorded_by";
  EXPECT_EQ(Count("SELECT count(*) FROM readiness_latest"), 4);
  EXPECT_EQ(Count(stale), 0);

  // Hot: X, Y and Z, each of whom bought in the edition; warm: nobody now; cold: W.
  ReadinessFunnel funnel;
  ASSERT_TRUE(FunnelOf(volga_, &funnel).ok());
  ASSERT_EQ(funnel.stages_size(), 2);
  EXPECT_EQ(funnel.stages(0).level(), "READINESS_LEVEL_HOT");
  EXPECT_EQ(funnel.stages(0).clients(), 3);
  EXPECT_EQ(funnel.stages(0).bought(), 3);
  EXPECT_EQ(funnel.stages(0).area_dm2(), 1200 + 1000 + 800);
  EXPECT_EQ(funnel.stages(0).net_amount().minor_units(), 10'000'000 + 6'000'000 + 4'000'000);
  EXPECT_EQ(funnel.stages(1).level(), "READINESS_LEVEL_COLD");
  EXPECT_EQ(funnel.stages(1).clients(), 1);

  // The hot clients one per page: X, then Y and Z by client id.
  ListReportClientsRequest hot;
  hot.set_figure(REPORT_CLIENT_FIGURE_READINESS_LEVEL);
  hot.set_edition(volga_);
  hot.set_key("READINESS_LEVEL_HOT");
  hot.set_page_size(1);
  std::vector<ReportClient> clients;
  ASSERT_TRUE(ClientsBehind(hot, &clients).ok());
  ASSERT_EQ(clients.size(), 3U);
  EXPECT_EQ(clients[0].client(), client_x_);
  EXPECT_EQ(TimeUtil::ToString(clients[0].assess_time()), "2026-01-25T09:00:00Z");
  const bool y_first = client_y_ < client_z_;
  EXPECT_EQ(clients[1].client(), y_first ? client_y_ : client_z_);
  EXPECT_EQ(clients[2].client(), y_first ? client_z_ : client_y_);
  for (std::size_t i = 1; i < clients.size(); ++i) {
    EXPECT_EQ(TimeUtil::ToString(clients[i].assess_time()), "2026-02-01T09:00:00.123456Z");
    EXPECT_TRUE(clients[i].bought());
  }
  // Anna's own: X and Y; the bought ones of the cold stage: none.
  std::vector<ReportClient> annas;
  ASSERT_TRUE(ClientsBehind(hot, &annas, Token({Role::kSalesManager}, anna_)).ok());
  ASSERT_EQ(annas.size(), 2U);
  EXPECT_EQ(annas[0].client(), client_x_);
  EXPECT_EQ(annas[1].client(), client_y_);
  ListReportClientsRequest cold_bought = hot;
  cold_bought.set_key("READINESS_LEVEL_COLD");
  cold_bought.set_narrowed(true);
  std::vector<ReportClient> none;
  ASSERT_TRUE(ClientsBehind(cold_bought, &none).ok());
  EXPECT_TRUE(none.empty());

  // A replay of the whole stream gives the same rows, funnel and pages.
  ASSERT_NO_FATAL_FAILURE(ReplayTheStream());
  EXPECT_EQ(Count("SELECT count(*) FROM readiness_latest"), 4);
  EXPECT_EQ(Count(stale), 0);
  ReadinessFunnel replayed;
  ASSERT_TRUE(FunnelOf(volga_, &replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), funnel.SerializeAsString());
  std::vector<ReportClient> again;
  ASSERT_TRUE(ClientsBehind(hot, &again).ok());
  ASSERT_EQ(again.size(), clients.size());
  for (std::size_t i = 0; i < clients.size(); ++i) {
    EXPECT_EQ(again[i].SerializeAsString(), clients[i].SerializeAsString()) << i;
  }
}

TEST_F(SalesReportTest, AClientDrillRejectsABadRequestFieldByField) {
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  std::vector<ReportClient> clients;
  ListReportClientsRequest request;
  request.set_page_size(-1);
  grpc::Status status = ClientsBehind(request, &clients);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), UnorderedElementsAre("figure", "page_size"));
  request = {};
  request.set_figure(REPORT_CLIENT_FIGURE_READINESS_LEVEL);
  request.set_edition("editions/volga");
  request.set_project("projects/" + common::NewUuid());
  request.set_key("HOT");
  request.set_lead_source("WEBSITE");
  status = ClientsBehind(request, &clients);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("edition", "project", "key", "lead_source"));
  request = {};
  request.set_figure(REPORT_CLIENT_FIGURE_SIZE);
  request.set_key("10-20");
  request.set_narrowed(true);
  request.set_edition(volga_);
  request.set_project("projects/volga");
  status = ClientsBehind(request, &clients);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("key", "narrowed", "edition", "project"));
  request = {};
  request.set_figure(REPORT_CLIENT_FIGURE_EDITION_NEW);
  request.set_key("2026");
  request.set_lead_source("web site");
  status = ClientsBehind(request, &clients);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("edition", "key", "lead_source"));
  for (auto [figure, key] : {std::pair{REPORT_CLIENT_FIGURE_GROWTH_ADDED, "20x6"},
                             std::pair{REPORT_CLIENT_FIGURE_COMPETITOR, "competitors/1"}}) {
    request = {};
    request.set_figure(figure);
    request.set_key(key);
    status = ClientsBehind(request, &clients);
    ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("key"));
  }
  grpc::ClientContext anonymous;
  ListReportClientsResponse page;
  request.set_key("2026");
  EXPECT_EQ(stub_->ListReportClients(&anonymous, request, &page).error_code(),
            grpc::UNAUTHENTICATED);

  // The contact selectors of ListSalesReportRecords: names they know, with contacts only.
  ListSalesReportRecordsRequest drill;
  drill.set_group_by(SALES_REPORT_GROUPING_MANAGER);
  drill.set_total(true);
  drill.set_kind(SALES_REPORT_RECORD_KIND_SALES);
  drill.set_contact_type("CONTACT_TYPE_CALL");
  drill.set_result_kind("sale");
  drill.set_refusal_reason("REFUSAL_REASON_NO_BUDGET");
  ListSalesReportRecordsResponse records;
  status = DrillOf(drill, &records);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("contact_type", "result_kind", "refusal_reason"));
  drill.set_kind(SALES_REPORT_RECORD_KIND_CONTACTS);
  drill.set_contact_type("CALL");
  drill.set_result_kind("Sale!");
  drill.set_refusal_reason("because");
  status = DrillOf(drill, &records);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status),
              UnorderedElementsAre("contact_type", "result_kind", "refusal_reason"));
  drill = {};
  drill.set_lead_source("");
  drill.set_kind(SALES_REPORT_RECORD_KIND_OPEN_CONTACTS);
  status = DrillOf(drill, &records);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("kind"));
}

// The market analysis over a project's two editions, a competitor's exhibition and a merge.
// Money invoiced and received: documents' invoices and accounting's payments beside the sales.
// Every row's clients_contacted lists its distinct clients, one per page: Chris calls W twice.
TEST_F(SalesReportTest, DrillsFromEveryClientsContactedToItsClients) {
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  ChrisCallsW(volga_, "2026-02-11T10:00:00Z", "note");
  ChrisCallsW(agro_, "2026-02-13T10:00:00Z", "invitation");
  ChrisCallsW(volga_, "2026-01-13T10:00:00Z", "note");
  WaitForConsumer(published_);
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  for (auto grouping : {SALES_REPORT_GROUPING_MANAGER, SALES_REPORT_GROUPING_DEPARTMENT,
                        SALES_REPORT_GROUPING_EDITION, SALES_REPORT_GROUPING_PROJECT_TEAM}) {
    SalesReport report;
    ASSERT_TRUE(SalesReportOf(grouping, &report).ok());
    std::vector<const SalesReportRow*> rows;
    for (const auto& row : report.rows()) {
      rows.push_back(&row);
    }
    rows.push_back(&report.total());
    for (const SalesReportRow* row : rows) {
      for (bool previous : {false, true}) {
        const auto& f = previous ? row->previous() : row->current();
        ListSalesReportRecordsRequest drill;
        drill.set_group_by(grouping);
        drill.set_key(row->key());
        drill.set_total(row == &report.total());
        drill.set_previous(previous);
        drill.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
        std::vector<ReportClient> clients;
        ASSERT_NO_FATAL_FAILURE(ExpectDrilled(
            drill, f.clients_contacted(), &clients, Token({Role::kAnalyst}),
            std::to_string(grouping) + " " + row->key() + " " + std::to_string(previous)));
        int64_t contacts = 0;
        std::set<std::string> distinct;
        for (const auto& client : clients) {
          contacts += client.contacts();
          distinct.insert(client.client());
        }
        EXPECT_EQ(distinct.size(), clients.size());
        // Every contact of the season names a client.
        EXPECT_EQ(contacts, f.contacts_completed()) << grouping << " " << row->key();
      }
    }
  }
  // Chris's row: W with its two February calls, first on the 11th.
  ListSalesReportRecordsRequest chris;
  chris.set_group_by(SALES_REPORT_GROUPING_MANAGER);
  chris.set_key(chris_);
  chris.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
  std::vector<ReportClient> clients;
  ASSERT_TRUE(RecordsBehind(chris, &ListSalesReportRecordsResponse::clients, &clients).ok());
  ASSERT_EQ(clients.size(), 2U);
  EXPECT_EQ(clients[1].client(), client_w_);
  EXPECT_EQ(clients[1].contacts(), 2);
  EXPECT_EQ(TimeUtil::ToString(clients[1].first_contact_time()), "2026-02-11T10:00:00Z");
  // Boris lists his own two clients in the total; the head of department 1 none of Chris's
  // (department 2); an accountant reads no report.
  ListSalesReportRecordsRequest total;
  total.set_group_by(SALES_REPORT_GROUPING_MANAGER);
  total.set_total(true);
  total.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
  ASSERT_NO_FATAL_FAILURE(ExpectDrilled(total, 2, &clients, Token({Role::kSalesManager}, boris_)));
  ASSERT_NO_FATAL_FAILURE(ExpectDrilled(chris, 0, &clients, Token({Role::kSalesHead}, head1_)));
  EXPECT_EQ(RecordsBehind(total, &ListSalesReportRecordsResponse::clients, &clients,
                          Token({Role::kAccountant}))
                .error_code(),
            grpc::PERMISSION_DENIED);
}

// The new figures' own rules, field by field; an edition analytics never heard of is not found
// by a client drill, as by the funnel.
TEST_F(SalesReportTest, AFiguresDrillRejectsABadRequestAndAnUnknownEdition) {
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  ListSalesReportRecordsResponse page;
  auto violated = [&](const ListSalesReportRecordsRequest& request) {
    grpc::Status status = DrillOf(request, &page);
    EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
    return crm::testing::ViolatedFields(status);
  };
  ListSalesReportRecordsRequest request;
  request.set_group_by(SALES_REPORT_GROUPING_MANAGER);
  request.set_total(true);
  request.set_kind(SALES_REPORT_RECORD_KIND_CONVERTED_CLIENTS);
  EXPECT_THAT(violated(request), ElementsAre("kind"));
  request.set_kind(SALES_REPORT_RECORD_KIND_RATINGS);
  request.set_rating_target("RATING_TARGET_COMPANY");
  EXPECT_THAT(violated(request), UnorderedElementsAre("kind", "rating_target"));
  request.set_kind(static_cast<SalesReportRecordKind>(42));
  request.clear_rating_target();
  EXPECT_THAT(violated(request), ElementsAre("kind"));
  request = {};
  request.set_group_by(SALES_REPORT_GROUPING_STAND_TYPE);
  request.set_key("STAND_TYPE_CORNER");
  request.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
  EXPECT_THAT(violated(request), ElementsAre("key"));
  request = {};
  request.set_lead_source("WEBSITE");
  request.set_kind(SALES_REPORT_RECORD_KIND_INVOICED_SALES);
  EXPECT_THAT(violated(request), ElementsAre("kind"));
  request = {};
  request.set_rating_score(2);
  request.set_kind(SALES_REPORT_RECORD_KIND_OUTSTANDING_SALES);
  EXPECT_THAT(violated(request), ElementsAre("kind"));
  request = {};
  request.set_rating_total(true);
  request.set_rating_score(3);
  request.set_department("departments/" + dep1_);
  request.set_kind(SALES_REPORT_RECORD_KIND_SALES);
  EXPECT_THAT(violated(request), UnorderedElementsAre("rating_total", "kind", "department"));
  // Nobody unauthenticated.
  request = {};
  request.set_rating_total(true);
  request.set_kind(SALES_REPORT_RECORD_KIND_CLIENTS);
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->ListSalesReportRecords(&anonymous, request, &page).error_code(),
            grpc::UNAUTHENTICATED);

  // A funnel stage or an edition row of an edition nobody has heard of: NOT_FOUND, for whoever
  // may read the figure; a known edition's empty stage is an empty list.
  ASSERT_NO_FATAL_FAILURE(PublishTheSeason());
  const std::string unknown = "projects/" + common::NewUuid() + "/editions/" + common::NewUuid();
  ReadinessFunnel funnel;
  EXPECT_EQ(FunnelOf(unknown, &funnel).error_code(), grpc::NOT_FOUND);
  ListReportClientsRequest stage;
  stage.set_figure(REPORT_CLIENT_FIGURE_READINESS_LEVEL);
  stage.set_edition(unknown);
  stage.set_key("READINESS_LEVEL_HOT");
  std::vector<ReportClient> clients;
  EXPECT_EQ(ClientsBehind(stage, &clients).error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(ClientsBehind(stage, &clients, Token({Role::kSalesManager}, anna_)).error_code(),
            grpc::NOT_FOUND);
  ListReportClientsRequest exhibitors;
  exhibitors.set_figure(REPORT_CLIENT_FIGURE_EDITION_EXHIBITORS);
  exhibitors.set_edition(unknown);
  EXPECT_EQ(ClientsBehind(exhibitors, &clients).error_code(), grpc::NOT_FOUND);
  stage.set_edition(agro_);
  ASSERT_TRUE(ClientsBehind(stage, &clients).ok());
  EXPECT_TRUE(clients.empty());
}

class MoneyReportTest : public SalesReportTest {
 protected:
  struct Share {
    std::string invoice;
    std::string sale;
    int64_t kopecks;
  };

  static google::type::Date Day(int month, int day) {
    google::type::Date date;
    date.set_year(2026);
    date.set_month(month);
    date.set_day(day);
    return date;
  }

  static crm::common::v1::Money Rub(int64_t kopecks) {
    crm::common::v1::Money money;
    money.set_currency_code("RUB");
    money.set_minor_units(kopecks);
    return money;
  }

  // crm.documents.document.issued of an invoice for `sale`, in place of `replaces` when given.
  void Invoice(const std::string& invoice, const std::string& sale, int64_t total_kopecks,
               int month, int day, const std::string& replaces = "") {
    crm::events::v1::DocumentIssued ev;
    ev.set_document(invoice);
    ev.set_type("INVOICE");
    ev.set_number("СЧ-" + invoice.substr(10, 4));
    ev.set_sequence_number(++sequence_);
    *ev.mutable_issue_date() = Day(month, day);
    *ev.mutable_payment_due_date() = Day(month, day + 5);
    ev.set_sale(sale);
    *ev.mutable_total_amount() = Rub(total_kopecks);
    ev.set_replaces(replaces);
    Publish(events::v1::kDocumentIssued, ev);
  }

  template <class Event>
  static Event PaymentEvent(const std::string& payment, int month, int day,
                            const std::vector<Share>& shares) {
    Event ev;
    ev.set_payment(payment);
    ev.set_number("ПП-" + payment.substr(9, 4));
    *ev.mutable_date() = Day(month, day);
    int64_t sum = 0;
    for (const auto& share : shares) {
      auto* out = ev.add_matched_invoices();
      out->set_document(share.invoice);
      out->set_sale(share.sale);
      *out->mutable_amount() = Rub(share.kopecks);
      sum += share.kopecks;
    }
    *ev.mutable_amount() = Rub(sum);
    return ev;
  }

  // crm.accounting.payment.received with the shares matched at import; returns the event id.
  std::string Received(const std::string& payment, int month, int day,
                       const std::vector<Share>& shares) {
    return Publish(events::v1::kPaymentReceived,
                   PaymentEvent<crm::events::v1::PaymentReceived>(payment, month, day, shares));
  }

  // crm.accounting.payment.matched: an accountant's match at `match_time`.
  void Matched(const std::string& payment, int month, int day, const std::vector<Share>& shares,
               const std::string& match_time) {
    auto ev = PaymentEvent<crm::events::v1::PaymentMatched>(payment, month, day, shares);
    *ev.mutable_match_time() = At(match_time);
    Publish(events::v1::kPaymentMatched, ev);
  }

  void Unmatched(const std::string& payment, int month, int day, const std::string& unmatch_time) {
    crm::events::v1::PaymentUnmatched ev;
    ev.set_payment(payment);
    *ev.mutable_date() = Day(month, day);
    *ev.mutable_unmatch_time() = At(unmatch_time);
    Publish(events::v1::kPaymentUnmatched, ev);
  }

  static std::string NewName(const std::string& collection) {
    return collection + "/" + common::NewUuid();
  }

  // (invoiced, received, outstanding) in kopecks.
  static std::tuple<int64_t, int64_t, int64_t> Money(const crm::analytics::v1::SalesFigures& f) {
    return {f.invoiced_amount().minor_units(), f.received_amount().minor_units(),
            f.outstanding_amount().minor_units()};
  }

  int64_t sequence_ = 0;
};

// The hand calculation (kopecks, with VAT):
//   Anna, January: S0 invoiced 48 800 ₽; paid 20 000 ₽ on 25 January and 28 800 ₽ on 3
//   February. Anna, February: S1 invoiced 122 000 ₽; 50 000 ₽ at import on 10 February, a
//   payment of
//     20 February matched by hand afterwards for 72 000 ₽ (paid in full). S2 invoiced 61 000 ₽,
//     amended and invoiced again for 73 200 ₽ in place of the first; 30 000 ₽ of 15 February
//     matched, then unmatched again; 10 000 ₽ of 2 March (after the period).
//   Boris, February: S3 invoiced 36 600 ₽, paid in full on 16 February, the payment arriving
//     before the invoice; S4 invoiced 24 400 ₽, 10 000 ₽ paid, then cancelled and its invoice
//     annulled: it counts nowhere. A refund of an overpayment changes nothing.
// February: Anna invoiced 122 000 + 73 200 = 195 200 ₽, received 50 000 + 72 000 + 28 800 =
// 150 800 ₽, outstanding 73 200 − 10 000 = 63 200 ₽; Boris 36 600, 36 600, 0. January: Anna
// invoiced 48 800 ₽, received 20 000 ₽, outstanding 0 (the February payment covers it).
TEST_F(MoneyReportTest, InvoicedReceivedAndOutstandingAsAHandCalculationGives) {
  using crm::analytics::v1::SALES_REPORT_GROUPING_MANAGER;
  Move(anna_, dep1_);
  Move(boris_, dep1_);
  const auto s0 = SaleIn(anna_, volga_, client_x_, 800, 4'000'000, "2026-01-20T09:00:00Z");
  const auto s1 = SaleIn(anna_, volga_, client_x_, 1200, 10'000'000, "2026-02-05T09:00:00Z");
  const auto s2 = SaleIn(anna_, volga_, client_y_, 900, 5'000'000, "2026-02-12T09:00:00Z");
  const auto s3 = SaleIn(boris_, agro_, client_z_, 600, 3'000'000, "2026-02-14T09:00:00Z");
  const auto s4 = SaleIn(boris_, agro_, client_w_, 400, 2'000'000, "2026-02-18T09:00:00Z");
  for (const auto* sale : {&s0, &s1, &s2, &s3, &s4}) {
    Publish(events::v1::kSaleRecorded, *sale);
  }
  const std::string i0 = NewName("documents");
  const std::string i1 = NewName("documents");
  const std::string i2 = NewName("documents");
  const std::string i2b = NewName("documents");
  const std::string i3 = NewName("documents");
  const std::string i4 = NewName("documents");
  Invoice(i0, s0.sale(), 4'880'000, 1, 20);
  Received(NewName("payments"), 1, 25, {{i0, s0.sale(), 2'000'000}});
  Received(NewName("payments"), 2, 3, {{i0, s0.sale(), 2'880'000}});

  Invoice(i1, s1.sale(), 12'200'000, 2, 5);
  const auto partial = PaymentEvent<crm::events::v1::PaymentReceived>(NewName("payments"), 2, 10,
                                                                      {{i1, s1.sale(), 5'000'000}});
  const std::string partial_id = Publish(events::v1::kPaymentReceived, partial);
  const std::string late = NewName("payments");
  Received(late, 2, 20, {});
  Matched(late, 2, 20, {{i1, s1.sale(), 7'200'000}}, "2026-02-21T10:00:00Z");

  Invoice(i2, s2.sale(), 6'100'000, 2, 12);
  Publish(events::v1::kSaleAmended, Amended(s2, 1000, 6'000'000, 7'320'000));
  Invoice(i2b, s2.sale(), 7'320'000, 2, 13, i2);
  const std::string undone = NewName("payments");
  Received(undone, 2, 15, {});
  Matched(undone, 2, 15, {{i2b, s2.sale(), 3'000'000}}, "2026-02-15T12:00:00Z");
  Unmatched(undone, 2, 15, "2026-02-16T09:00:00Z");
  Received(NewName("payments"), 3, 2, {{i2b, s2.sale(), 1'000'000}});

  Received(NewName("payments"), 2, 16, {{i3, s3.sale(), 3'660'000}});
  Invoice(i3, s3.sale(), 3'660'000, 2, 14);
  crm::events::v1::PaymentRefunded refund;
  refund.mutable_refund()->set_refund(NewName("payments"));
  *refund.mutable_refund()->mutable_date() = Day(2, 17);
  *refund.mutable_refund()->mutable_amount() = Rub(50'000);
  Publish(events::v1::kPaymentRefunded, refund);

  Invoice(i4, s4.sale(), 2'440'000, 2, 18);
  Received(NewName("payments"), 2, 19, {{i4, s4.sale(), 1'000'000}});
  Publish(events::v1::kSaleCancelled, Cancelled(s4));
  crm::events::v1::DocumentAnnulled annulled;
  annulled.set_document(i4);
  annulled.set_type("INVOICE");
  annulled.set_sale(s4.sale());
  Publish(events::v1::kDocumentAnnulled, annulled);
  WaitForConsumer(published_);

  crm::analytics::v1::SalesReport report;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_MANAGER, &report).ok());
  ASSERT_EQ(report.rows_size(), 2);
  EXPECT_EQ(report.rows(0).key(), anna_);
  EXPECT_EQ(Money(report.rows(0).current()), std::make_tuple(19'520'000, 15'080'000, 6'320'000));
  EXPECT_EQ(Money(report.rows(0).previous()), std::make_tuple(4'880'000, 2'000'000, 0));
  EXPECT_EQ(report.rows(1).key(), boris_);
  EXPECT_EQ(Money(report.rows(1).current()), std::make_tuple(3'660'000, 3'660'000, 0));
  EXPECT_EQ(Money(report.rows(1).previous()), std::make_tuple(0, 0, 0));
  EXPECT_EQ(Money(report.total().current()), std::make_tuple(23'180'000, 18'740'000, 6'320'000));
  EXPECT_EQ(Money(report.total().previous()), std::make_tuple(4'880'000, 2'000'000, 0));

  // By department, edition and project team the same money lands in the sales' groups.
  using crm::analytics::v1::SALES_REPORT_GROUPING_DEPARTMENT;
  using crm::analytics::v1::SALES_REPORT_GROUPING_EDITION;
  using crm::analytics::v1::SALES_REPORT_GROUPING_PROJECT_TEAM;
  crm::analytics::v1::SalesReport by_department;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_DEPARTMENT, &by_department).ok());
  ASSERT_EQ(by_department.rows_size(), 1);
  EXPECT_EQ(Money(by_department.rows(0).current()),
            std::make_tuple(23'180'000, 18'740'000, 6'320'000));
  crm::analytics::v1::SalesReport by_edition;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_EDITION, &by_edition).ok());
  ASSERT_EQ(by_edition.rows_size(), 2);
  EXPECT_EQ(by_edition.rows(0).key(), volga_);
  EXPECT_EQ(Money(by_edition.rows(0).current()),
            std::make_tuple(19'520'000, 15'080'000, 6'320'000));
  crm::analytics::v1::SalesReport by_team;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_PROJECT_TEAM, &by_team).ok());
  ASSERT_EQ(by_team.rows_size(), 2);
  EXPECT_EQ(Money(by_team.total().current()), std::make_tuple(23'180'000, 18'740'000, 6'320'000));

  // Anna's received figure drills to its three payments, by date, one per page.
  crm::analytics::v1::ListSalesReportRecordsRequest drill;
  drill.set_group_by(SALES_REPORT_GROUPING_MANAGER);
  drill.set_key(anna_);
  drill.set_kind(crm::analytics::v1::SALES_REPORT_RECORD_KIND_PAYMENTS);
  drill.set_page_size(2);
  const std::string analyst = Token({Role::kAnalyst});
  std::vector<std::tuple<int, int64_t>> payments;  // (day of February, kopecks)
  for (;;) {
    crm::analytics::v1::ListSalesReportRecordsResponse page;
    ASSERT_TRUE(DrillOf(drill, &page, analyst).ok());
    for (const auto& payment : page.payments()) {
      EXPECT_EQ(payment.payment_date().month(), 2);
      EXPECT_THAT(payment.sales(), ::testing::Contains(::testing::AnyOf(s0.sale(), s1.sale())));
      payments.emplace_back(payment.payment_date().day(), payment.amount().minor_units());
    }
    if (page.next_page_token().empty()) {
      break;
    }
    drill.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(payments, ElementsAre(std::make_tuple(3, 2'880'000), std::make_tuple(10, 5'000'000),
                                    std::make_tuple(20, 7'200'000)));
  // The previous period's: January's 20 000 ₽; Boris reaches none of Anna's.
  drill.clear_page_token();
  drill.set_previous(true);
  crm::analytics::v1::ListSalesReportRecordsResponse january;
  ASSERT_TRUE(DrillOf(drill, &january).ok());
  ASSERT_EQ(january.payments_size(), 1);
  EXPECT_EQ(january.payments(0).amount().minor_units(), 2'000'000);
  EXPECT_EQ(january.payments(0).invoices(0), i0);
  ASSERT_TRUE(DrillOf(drill, &january, Token({Role::kSalesManager}, boris_)).ok());
  EXPECT_EQ(january.payments_size(), 0);

  // Every row's invoiced and outstanding amounts drill to the sales behind them, one per page,
  // each sale with what it adds: their sums are the figures, in either period, by every grouping.
  using crm::analytics::v1::ListSalesReportRecordsResponse;
  using crm::analytics::v1::ReportSale;
  // (invoiced, outstanding) of the sales a drill of `kind` lists, and how many there are.
  auto sums = [&](crm::analytics::v1::ListSalesReportRecordsRequest request,
                  crm::analytics::v1::SalesReportRecordKind kind,
                  const std::string& token = Token({Role::kAnalyst})) {
    request.set_kind(kind);
    std::vector<ReportSale> sales;
    EXPECT_TRUE(RecordsBehind(request, &ListSalesReportRecordsResponse::sales, &sales, token).ok());
    int64_t invoiced = 0;
    int64_t outstanding = 0;
    for (const auto& sale : sales) {
      invoiced += sale.invoiced_amount().minor_units();
      outstanding += sale.outstanding_amount().minor_units();
      if (kind == crm::analytics::v1::SALES_REPORT_RECORD_KIND_INVOICED_SALES) {
        EXPECT_GT(sale.invoiced_amount().minor_units(), 0);
      } else if (kind == crm::analytics::v1::SALES_REPORT_RECORD_KIND_OUTSTANDING_SALES) {
        EXPECT_GT(sale.outstanding_amount().minor_units(), 0);
      }
    }
    return std::make_tuple(static_cast<int64_t>(sales.size()), invoiced, outstanding);
  };
  using crm::analytics::v1::SALES_REPORT_RECORD_KIND_INVOICED_SALES;
  using crm::analytics::v1::SALES_REPORT_RECORD_KIND_OUTSTANDING_SALES;
  using crm::analytics::v1::SALES_REPORT_RECORD_KIND_SALES;
  for (auto grouping : {SALES_REPORT_GROUPING_MANAGER, SALES_REPORT_GROUPING_DEPARTMENT,
                        SALES_REPORT_GROUPING_EDITION, SALES_REPORT_GROUPING_PROJECT_TEAM}) {
    crm::analytics::v1::SalesReport grouped;
    ASSERT_TRUE(SalesReportOf(grouping, &grouped).ok());
    std::vector<const crm::analytics::v1::SalesReportRow*> rows;
    for (const auto& row : grouped.rows()) {
      rows.push_back(&row);
    }
    rows.push_back(&grouped.total());
    for (const auto* row : rows) {
      for (bool previous : {false, true}) {
        const auto& f = previous ? row->previous() : row->current();
        crm::analytics::v1::ListSalesReportRecordsRequest request;
        request.set_group_by(grouping);
        request.set_key(row->key());
        request.set_total(row == &grouped.total());
        request.set_previous(previous);
        const auto every = sums(request, SALES_REPORT_RECORD_KIND_SALES);
        EXPECT_EQ(every, std::make_tuple(f.sales_count(), f.invoiced_amount().minor_units(),
                                         f.outstanding_amount().minor_units()))
            << grouping << " " << row->key() << " " << previous;
        EXPECT_EQ(std::get<1>(sums(request, SALES_REPORT_RECORD_KIND_INVOICED_SALES)),
                  f.invoiced_amount().minor_units());
        EXPECT_EQ(std::get<2>(sums(request, SALES_REPORT_RECORD_KIND_OUTSTANDING_SALES)),
                  f.outstanding_amount().minor_units());
      }
    }
  }
  // Anna's February: S1 and S2 invoiced (S2 by its second invoice), S2 alone outstanding by
  // 63 200 ₽ (the March payment stands, the undone match does not).
  drill.clear_page_token();
  drill.set_previous(false);
  EXPECT_EQ(sums(drill, SALES_REPORT_RECORD_KIND_INVOICED_SALES),
            std::make_tuple(2, 19'520'000, 6'320'000));
  drill.set_kind(SALES_REPORT_RECORD_KIND_OUTSTANDING_SALES);
  crm::analytics::v1::ListSalesReportRecordsResponse owed;
  ASSERT_TRUE(DrillOf(drill, &owed).ok());
  ASSERT_EQ(owed.sales_size(), 1);
  EXPECT_EQ(owed.sales(0).sale(), s2.sale());
  EXPECT_EQ(owed.sales(0).invoiced_amount().minor_units(), 7'320'000);
  EXPECT_EQ(owed.sales(0).outstanding_amount().minor_units(), 6'320'000);
  // Boris reaches his own row's S3 and none of Anna's; the head of department 2 none of
  // department 1's; an accountant reads no report.
  const std::string boris = Token({Role::kSalesManager}, boris_);
  EXPECT_EQ(sums(drill, SALES_REPORT_RECORD_KIND_INVOICED_SALES, boris), std::make_tuple(0, 0, 0));
  crm::analytics::v1::ListSalesReportRecordsRequest own = drill;
  own.set_key(boris_);
  EXPECT_EQ(sums(own, SALES_REPORT_RECORD_KIND_INVOICED_SALES, boris),
            std::make_tuple(1, 3'660'000, 0));
  Move(chris_, dep2_);
  WaitForConsumer(published_);
  EXPECT_EQ(sums(drill, SALES_REPORT_RECORD_KIND_INVOICED_SALES, Token({Role::kSalesHead}, chris_)),
            std::make_tuple(0, 0, 0));
  drill.set_kind(SALES_REPORT_RECORD_KIND_INVOICED_SALES);
  EXPECT_EQ(DrillOf(drill, &owed, Token({Role::kAccountant})).error_code(),
            grpc::PERMISSION_DENIED);

  // A redelivered payment (its id under a new Nats-Msg-Id), the same published again under a new
  // id, and a replay of the stream change nothing.
  crm::testing::PublishEvent(nats_, events::v1::kPaymentReceived, partial_id, partial, "",
                             common::NewUuid());
  ++published_;
  Publish(events::v1::kPaymentReceived, partial);
  WaitForConsumer(published_);
  EXPECT_EQ(Count("SELECT count(*) FROM payment_shares WHERE amount = 5000000"), 1);
  ASSERT_NO_FATAL_FAILURE(ReplayTheStream());
  crm::analytics::v1::SalesReport replayed;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_MANAGER, &replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), report.SerializeAsString());
}

// One payment order for two invoices (of Anna's and of Boris's sale) is one event with two
// shares: each lands in its sale's row, and the same payment published again adds nothing.
TEST_F(MoneyReportTest, OnePaymentForTwoInvoicesCountsEachShareInItsSalesRow) {
  using crm::analytics::v1::SALES_REPORT_GROUPING_MANAGER;
  Move(anna_, dep1_);
  Move(boris_, dep1_);
  const auto sa = SaleIn(anna_, volga_, client_x_, 800, 4'000'000, "2026-02-05T09:00:00Z");
  const auto sb = SaleIn(boris_, agro_, client_x_, 600, 3'000'000, "2026-02-06T09:00:00Z");
  Publish(events::v1::kSaleRecorded, sa);
  Publish(events::v1::kSaleRecorded, sb);
  const std::string ia = NewName("documents");
  const std::string ib = NewName("documents");
  Invoice(ia, sa.sale(), 4'880'000, 2, 5);
  Invoice(ib, sb.sale(), 3'660'000, 2, 6);
  const auto both = PaymentEvent<crm::events::v1::PaymentReceived>(
      NewName("payments"), 2, 10, {{ia, sa.sale(), 4'880'000}, {ib, sb.sale(), 1'000'000}});
  Publish(events::v1::kPaymentReceived, both);
  Publish(events::v1::kPaymentReceived, both);  // the same payment under a new event id
  WaitForConsumer(published_);

  crm::analytics::v1::SalesReport report;
  ASSERT_TRUE(SalesReportOf(SALES_REPORT_GROUPING_MANAGER, &report).ok());
  ASSERT_EQ(report.rows_size(), 2);
  EXPECT_EQ(report.rows(0).key(), anna_);
  EXPECT_EQ(Money(report.rows(0).current()), std::make_tuple(4'880'000, 4'880'000, 0));
  EXPECT_EQ(report.rows(1).key(), boris_);
  EXPECT_EQ(Money(report.rows(1).current()), std::make_tuple(3'660'000, 1'000'000, 2'660'000));
  EXPECT_EQ(Money(report.total().current()), std::make_tuple(8'540'000, 5'880'000, 2'660'000));
}

TEST_F(MoneyReportTest, AMalformedPaymentIsDeadLetteredAndNothingWritten) {
  Received(NewName("payments"), 2, 10, {{NewName("documents"), "sales/not-a-uuid", 1'000'000}});
  crm::events::v1::DocumentIssued invoice;
  invoice.set_document("documents/not-a-uuid");
  invoice.set_type("INVOICE");
  invoice.set_sale(NewName("sales"));
  *invoice.mutable_issue_date() = Day(2, 1);
  Publish(events::v1::kDocumentIssued, invoice);
  ASSERT_TRUE(crm::testing::Eventually([&] { return server_->consumer().dead_lettered() == 2; }));
  EXPECT_EQ(Count("SELECT count(*) FROM payment_shares"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM invoices"), 0);
}

class MarketTest : public SalesReportTest {
 protected:
  std::string Client(const std::string& region, const std::string& district,
                     const std::string& okved, const std::string& lead_source,
                     const std::string& created) {
    std::string name = "clients/" + common::NewUuid();
    crm::events::v1::ClientCreated ev;
    auto* c = ev.mutable_client();
    c->set_client(name);
    c->set_display_name("ООО " + name.substr(8, 4));
    c->set_region_code(region);
    c->set_federal_district_code(district);
    c->add_okved_codes(okved);
    c->set_lead_source_kind(lead_source);
    c->set_version(1);
    PublishAt(events::v1::kClientCreated, ev, created);
    return name;
  }

  void TookPart(const std::string& client, const std::string& edition,
                const std::string& competitor, int64_t area_dm2) {
    crm::events::v1::ParticipationRecorded ev;
    auto* p = ev.mutable_participation();
    p->set_participation(client + "/participations/" + common::NewUuid());
    p->set_client(client);
    p->set_edition(edition);
    p->set_competitor_exhibition(competitor);
    p->set_year(2025);
    p->set_area_dm2(area_dm2);
    Publish(events::v1::kParticipationRecorded, ev);
  }

  void EditionOf(const std::string& name, const std::string& display_name, int year) {
    crm::events::v1::EditionCreated ev;
    ev.mutable_edition()->set_edition(name);
    ev.mutable_edition()->set_display_name(display_name);
    ev.mutable_edition()->mutable_start_date()->set_year(year);
    ev.mutable_edition()->mutable_start_date()->set_month(4);
    ev.mutable_edition()->mutable_start_date()->set_day(14);
    Publish(events::v1::kEditionCreated, ev);
  }

  grpc::Status MarketOf(const std::string& project, crm::analytics::v1::MarketAnalysis* out,
                        const std::string& token = Token({Role::kAnalyst})) {
    crm::analytics::v1::GetMarketAnalysisRequest request;
    request.set_project(project);
    grpc::ClientContext ctx;
    crm::testing::Authorize(ctx, token);
    return stub_->GetMarketAnalysis(&ctx, request, out);
  }

  void PublishTheMarket() {
    EditionOf(e2025_, "Волга-Строй 2025", 2025);
    EditionOf(e2026_, "Волга-Строй 2026", 2026);
    crm::events::v1::CompetitorExhibitionCreated competitor;
    competitor.mutable_competitor_exhibition()->set_competitor_exhibition(competitor_);
    competitor.mutable_competitor_exhibition()->set_display_name("Стройка-Экспо");
    Publish(events::v1::kCompetitorExhibitionCreated, competitor);
    x_ = Client("63", "VOLGA", "41.20", "WEBSITE", "2024-03-01T09:00:00Z");
    y_ = Client("63", "VOLGA", "43.21", "REFERRAL", "2025-02-01T09:00:00Z");
    z_ = Client("16", "VOLGA", "41.10", "", "2026-01-10T09:00:00Z");
    w_ = Client("77", "CENTRAL", "62.01", "WEBSITE", "2026-02-01T09:00:00Z");
    v_ = Client("63", "VOLGA", "41.20", "OUTBOUND", "2024-05-01T09:00:00Z");
    // 2025 (from registry's records): X, Y and V, which is merged into X below.
    TookPart(x_, e2025_, "", 1200);
    TookPart(y_, e2025_, "", 600);
    TookPart(v_, e2025_, "", 900);
    // A competitor's show: Y and W.
    TookPart(y_, "", competitor_, 0);
    TookPart(w_, "", competitor_, 0);
    // 2026: X and Z bought stands.
    Publish(events::v1::kSaleRecorded,
            SaleIn(anna_, e2026_, x_, 1800, 9'000'000, "2026-02-05T09:00:00Z"));
    Publish(events::v1::kSaleRecorded,
            SaleIn(anna_, e2026_, z_, 3600, 18'000'000, "2026-02-06T09:00:00Z"));
    crm::events::v1::ClientMerged merged;
    merged.set_survivor(x_);
    merged.add_merged(v_);
    merged.set_merge("merges/" + common::NewUuid());
    Publish(events::v1::kClientMerged, merged);
    WaitForConsumer(published_);
  }

  static std::map<std::string, std::tuple<int64_t, int64_t, int64_t>> Segments(
      const google::protobuf::RepeatedPtrField<crm::analytics::v1::MarketSegment>& segments) {
    std::map<std::string, std::tuple<int64_t, int64_t, int64_t>> out;
    for (const auto& s : segments) {
      out[s.key()] = {s.clients(), s.exhibitors(), s.area_dm2()};
    }
    return out;
  }

  const std::string project_ = "projects/" + common::NewUuid();
  const std::string e2025_ = project_ + "/editions/" + common::NewUuid();
  const std::string e2026_ = project_ + "/editions/" + common::NewUuid();
  const std::string competitor_ = "competitorExhibitions/" + common::NewUuid();
  std::string x_, y_, z_, w_, v_;
};

TEST_F(MarketTest, TheBaseExhibitorsRetentionCompetitorsAndGrowthAsAHandCalculationGives) {
  ASSERT_NO_FATAL_FAILURE(PublishTheMarket());
  crm::analytics::v1::MarketAnalysis market;
  ASSERT_TRUE(MarketOf(project_, &market).ok());
  EXPECT_EQ(market.clients(), 4);  // V is merged into X
  EXPECT_EQ(market.exhibitors(), 3);
  using Figures3 = std::tuple<int64_t, int64_t, int64_t>;
  EXPECT_EQ(Segments(market.by_federal_district())["VOLGA"],
            Figures3(3, 3, 2100 + 600 + 1800 + 3600));
  EXPECT_EQ(Segments(market.by_federal_district())["CENTRAL"], Figures3(1, 0, 0));
  EXPECT_EQ(std::get<0>(Segments(market.by_industry())["41"]), 2);
  EXPECT_EQ(std::get<0>(Segments(market.by_region())["63"]), 2);
  // Sizes at each exhibitor's latest edition: Y 6 m² (2025), X 18 m², Z 36 m².
  ASSERT_EQ(market.by_size_size(), 3);
  EXPECT_EQ(market.by_size(0).key(), "<9");
  EXPECT_EQ(market.by_size(1).key(), "18-36");
  EXPECT_EQ(market.by_size(2).key(), "36+");
  ASSERT_EQ(market.competitors_size(), 1);
  EXPECT_EQ(market.competitors(0).display_name(), "Стройка-Экспо");
  EXPECT_EQ(market.competitors(0).clients(), 2);
  EXPECT_EQ(market.competitors(0).also_ours(), 1);  // Y
  ASSERT_EQ(market.editions_size(), 2);
  const auto& first = market.editions(0);
  EXPECT_EQ(first.display_name(), "Волга-Строй 2025");
  EXPECT_EQ(first.exhibitors(), 2);  // X (with V's stand) and Y
  EXPECT_EQ(first.new_exhibitors(), 2);
  EXPECT_EQ(first.retention_bp(), 0);
  const auto& second = market.editions(1);
  EXPECT_EQ(second.exhibitors(), 2);
  EXPECT_EQ(second.retained(), 1);
  EXPECT_EQ(second.churned(), 1);
  EXPECT_EQ(second.new_exhibitors(), 1);
  EXPECT_EQ(second.retention_bp(), 5000);
  ASSERT_EQ(second.new_by_lead_source_size(), 1);
  EXPECT_EQ(second.new_by_lead_source(0).key(), "");
  ASSERT_EQ(market.growth_size(), 3);
  EXPECT_EQ(market.growth(0).year(), 2024);
  EXPECT_EQ(market.growth(0).added(), 1);
  EXPECT_EQ(market.growth(2).year(), 2026);
  EXPECT_EQ(market.growth(2).total(), 4);

  // The merge undone: V is back with its own 2025 stand.
  crm::events::v1::ClientMergeUndone undone;
  undone.set_survivor(x_);
  undone.add_restored(v_);
  Publish(events::v1::kClientMergeUndone, undone);
  WaitForConsumer(published_);
  ASSERT_TRUE(MarketOf(project_, &market).ok());
  EXPECT_EQ(market.clients(), 5);
  EXPECT_EQ(market.editions(0).exhibitors(), 3);

  // A replay gives the same analysis.
  ASSERT_NO_FATAL_FAILURE(ReplayTheStream());
  crm::analytics::v1::MarketAnalysis replayed;
  ASSERT_TRUE(MarketOf(project_, &replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), market.SerializeAsString());
}

// Every figure of the market analysis lists the clients behind it, as many as it counts and
// adding up to its area.
TEST_F(MarketTest, DrillsFromEveryMarketFigureToItsClients) {
  ASSERT_NO_FATAL_FAILURE(PublishTheMarket());
  using namespace crm::analytics::v1;  // NOLINT(google-build-using-namespace)
  MarketAnalysis market;
  ASSERT_TRUE(MarketOf(project_, &market).ok());
  auto figure = [&](ReportClientFigure which, const std::string& key, bool narrowed,
                    const std::string& edition = "") {
    ListReportClientsRequest request;
    request.set_figure(which);
    request.set_project(project_);
    request.set_key(key);
    request.set_narrowed(narrowed);
    request.set_edition(edition);
    request.set_page_size(2);
    return request;
  };
  using Listed = std::pair<int64_t, int64_t>;
  EXPECT_EQ(ClientFigures(figure(REPORT_CLIENT_FIGURE_MARKET_BASE, "", false)).first,
            market.clients());
  EXPECT_EQ(ClientFigures(figure(REPORT_CLIENT_FIGURE_MARKET_BASE, "", true)).first,
            market.exhibitors());
  const std::vector<
      std::pair<ReportClientFigure, const google::protobuf::RepeatedPtrField<MarketSegment>*>>
      segments = {{REPORT_CLIENT_FIGURE_FEDERAL_DISTRICT, &market.by_federal_district()},
                  {REPORT_CLIENT_FIGURE_REGION, &market.by_region()},
                  {REPORT_CLIENT_FIGURE_INDUSTRY, &market.by_industry()}};
  for (const auto& [which, list] : segments) {
    for (const auto& segment : *list) {
      EXPECT_EQ(ClientFigures(figure(which, segment.key(), false)).first, segment.clients())
          << which << " " << segment.key();
      EXPECT_EQ(ClientFigures(figure(which, segment.key(), true)),
                Listed(segment.exhibitors(), segment.area_dm2()))
          << which << " " << segment.key();
    }
  }
  for (const auto& size : market.by_size()) {
    EXPECT_EQ(ClientFigures(figure(REPORT_CLIENT_FIGURE_SIZE, size.key(), false)),
              Listed(size.exhibitors(), size.area_dm2()))
        << size.key();
  }
  ASSERT_EQ(market.competitors_size(), 1);
  const auto& competitor = market.competitors(0);
  EXPECT_EQ(ClientFigures(
                figure(REPORT_CLIENT_FIGURE_COMPETITOR, competitor.competitor_exhibition(), false))
                .first,
            competitor.clients());
  std::vector<ReportClient> clients;
  ASSERT_TRUE(ClientsBehind(
                  figure(REPORT_CLIENT_FIGURE_COMPETITOR, competitor.competitor_exhibition(), true),
                  &clients)
                  .ok());
  ASSERT_EQ(static_cast<int64_t>(clients.size()), competitor.also_ours());
  EXPECT_EQ(clients[0].client(), y_);
  EXPECT_TRUE(clients[0].exhibitor());
  ASSERT_EQ(market.editions_size(), 2);
  for (const auto& edition : market.editions()) {
    const std::string& name = edition.edition();
    EXPECT_EQ(ClientFigures(figure(REPORT_CLIENT_FIGURE_EDITION_EXHIBITORS, "", false, name)),
              Listed(edition.exhibitors(), edition.area_dm2()))
        << edition.display_name();
    EXPECT_EQ(ClientFigures(figure(REPORT_CLIENT_FIGURE_EDITION_RETAINED, "", false, name)).first,
              edition.retained());
    EXPECT_EQ(ClientFigures(figure(REPORT_CLIENT_FIGURE_EDITION_CHURNED, "", false, name)).first,
              edition.churned());
    EXPECT_EQ(ClientFigures(figure(REPORT_CLIENT_FIGURE_EDITION_NEW, "", false, name)).first,
              edition.new_exhibitors());
    for (const auto& source : edition.new_by_lead_source()) {
      ListReportClientsRequest request = figure(REPORT_CLIENT_FIGURE_EDITION_NEW, "", false, name);
      request.set_lead_source(source.key());
      EXPECT_EQ(ClientFigures(request).first, source.count()) << source.key();
    }
  }
  // 2026 kept X and lost Y (with its 6 m² of 2025).
  ASSERT_TRUE(
      ClientsBehind(figure(REPORT_CLIENT_FIGURE_EDITION_CHURNED, "", false, e2026_), &clients)
          .ok());
  ASSERT_EQ(clients.size(), 1U);
  EXPECT_EQ(clients[0].client(), y_);
  EXPECT_EQ(clients[0].area_dm2(), 600);
  EXPECT_EQ(clients[0].lead_source(), "REFERRAL");
  for (const auto& year : market.growth()) {
    EXPECT_EQ(
        ClientFigures(figure(REPORT_CLIENT_FIGURE_GROWTH_ADDED, std::to_string(year.year()), false))
            .first,
        year.added())
        << year.year();
  }
  // The market's clients are the whole base's: nobody else's.
  for (Role role : {Role::kSalesHead, Role::kSalesManager, Role::kAccountant}) {
    EXPECT_EQ(
        ClientsBehind(figure(REPORT_CLIENT_FIGURE_MARKET_BASE, "", false), &clients, Token({role}))
            .error_code(),
        grpc::PERMISSION_DENIED);
  }
}

TEST_F(MarketTest, OnlyWhoReadsEveryReportAndOnlyAProjectName) {
  crm::analytics::v1::MarketAnalysis market;
  EXPECT_TRUE(MarketOf("", &market, Token({Role::kAdmin})).ok());
  for (Role role : {Role::kSalesHead, Role::kSalesManager, Role::kAccountant}) {
    EXPECT_EQ(MarketOf("", &market, Token({role})).error_code(), grpc::PERMISSION_DENIED);
  }
  grpc::Status status = MarketOf("editions/1", &market);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(crm::testing::ViolatedFields(status), ElementsAre("project"));
}

}  // namespace
}  // namespace crm::analytics
