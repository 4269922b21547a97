// Analytics against a real PostgreSQL and nats-server: planning and registry events in through
// the real consumer, the manager report out through the API.

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <tuple>
#include <vector>

#include "common/bus/consumer.h"
#include "common/core/ids.h"
#include "common/db/pool.h"
#include "crm/analytics/v1/analytics.grpc.pb.h"
#include "crm/events/v1/accounting_topics.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "crm/planning/v1/planning.pb.h"
#include "services/analytics/events/handlers.h"
#include "services/analytics/service.h"
#include "tests/support/eventually.h"
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

  int64_t Count(const std::string& sql) {
    return server_->pool().Read(
        [&](pqxx::read_transaction& tx) { return tx.exec1(sql)[0].as<int64_t>(); });
  }

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

}  // namespace
}  // namespace crm::analytics
