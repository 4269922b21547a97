// Calendar tasks against a real PostgreSQL: the task attributes, UpdateContact / CancelContact,
// the calendar views in users' time zones, overdue tasks, a client's timeline, bulk
// reassignment, and the access rules of domain/access.h, through the gRPC API in process.

#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/core/ids.h"
#include "common/db/pool.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/planning/v1/calendar.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "services/planning/service.h"
#include "services/planning/store/org_store.h"
#include "services/planning/store/planning_store.h"
#include "tests/integration/planning/registry_events.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using common::auth::Role;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

Timestamp At(const char* rfc3339) {
  Timestamp t;
  if (!TimeUtil::FromString(rfc3339, &t)) {
    throw std::invalid_argument(rfc3339);
  }
  return t;
}

std::string Text(const Timestamp& t) { return TimeUtil::ToString(t); }

google::type::Date DateOf(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

class CalendarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& env = testing::TestEnvironment::Get();
    db_url_ = env.FreshDatabase("planning_calendar");
    SetNow("2026-03-16T07:00:00Z");  // 11:00 in Samara
    auto clock = [this] { return TimeUtil::MicrosecondsToTimestamp(now_micros_.load()); };
    server_ =
        std::make_unique<testing::RunningService>(Definition(clock), db_url_, env.FreshNats());
    planning_stub_ = v1::PlanningService::NewStub(server_->channel());
    stub_ = v1::CalendarService::NewStub(server_->channel());

    manager_id_ = common::NewUuid();
    colleague_id_ = common::NewUuid();
    stranger_id_ = common::NewUuid();
    head_id_ = common::NewUuid();
    other_head_id_ = common::NewUuid();
    manager_ = testing::TokenFor("employees/" + manager_id_, {Role::kSalesManager});
    colleague_ = testing::TokenFor("employees/" + colleague_id_, {Role::kSalesManager});
    stranger_ = testing::TokenFor("employees/" + stranger_id_, {Role::kSalesManager});
    head_ = testing::TokenFor("employees/" + head_id_, {Role::kSalesHead});
    other_head_ = testing::TokenFor("employees/" + other_head_id_, {Role::kSalesHead});
    analyst_ = testing::TokenFor("employees/" + common::NewUuid(), {Role::kAnalyst});
    accountant_ = testing::TokenFor("employees/" + common::NewUuid(), {Role::kAccountant});
    Seed();
  }

  void TearDown() override {
    stub_.reset();
    planning_stub_.reset();
    server_.reset();
  }

  void SetNow(const char* rfc3339) { now_micros_ = TimeUtil::TimestampToMicroseconds(At(rfc3339)); }

  // The registry projection as the consumer would fill it: one client with a contact person, an
  // edition, managers in two departments and their heads.
  void Seed() {
    client_id_ = common::NewUuid();
    person_id_ = common::NewUuid();
    project_id_ = common::NewUuid();
    edition_id_ = common::NewUuid();
    server_->pool().InTransaction([&](pqxx::work& tx) {
      ev::ClientSnapshot client;
      client.set_display_name("СтройМаш");
      client.set_legal_address("101000, г. Москва, ул. Мясницкая, д. 1");
      client.set_phone("+7 495 123-45-67");
      client.set_email("info@stroymash.example");
      store::UpsertClient(tx, client_id_, client, std::nullopt);
      store::UpsertContactPerson(tx, person_id_, client_id_,
                                 {.full_name = "Иванова Мария Петровна",
                                  .position = "",
                                  .phone = "+7 495 765-43-21",
                                  .email = "ivanova@stroymash.example"},
                                 std::nullopt);
      ev::EditionSnapshot edition;
      edition.set_display_name("СтройЭкспо-2026");
      edition.mutable_price_per_m2()->set_currency_code("RUB");
      edition.mutable_price_per_m2()->set_minor_units(800'000);
      store::UpsertEdition(tx, edition_id_, project_id_, edition, std::nullopt, std::nullopt,
                           std::nullopt);
      for (const auto& [id, department] :
           std::vector<std::pair<std::string, std::string>>{{manager_id_, "Отдел продаж 1"},
                                                            {colleague_id_, "Отдел продаж 1"},
                                                            {head_id_, "Отдел продаж 1"},
                                                            {stranger_id_, "Отдел продаж 2"},
                                                            {other_head_id_, "Отдел продаж 2"}}) {
        ev::EmployeeSnapshot employee;
        employee.set_full_name("Сотрудник " + id.substr(0, 4));
        employee.set_department(department);
        const std::string unit = registry_events::DepartmentId(department);
        store::UpsertDepartment(tx, unit, department, std::nullopt, std::nullopt);
        store::UpsertEmployeeMembership(tx, id, employee, unit, std::nullopt);
      }
    });
  }

  int64_t Count(const std::string& table, const std::string& where = "true") {
    return crm::testing::CountRows(db_url_, table, where);
  }
  template <class Payload>
  int64_t OutboxCount(const common::bus::Topic<Payload>& topic) {
    return Count("outbox", "subject = '" + std::string(topic.subject) + "'");
  }

  template <class Stub, class Request, class Response>
  grpc::Status Call(Stub* stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const std::string& token, const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    testing::Authorize(context, token);
    return (stub->*method)(&context, request, response);
  }

  v1::Contact PlanOk(const std::string& token, const char* start,
                     const std::string& owner_id = "") {
    v1::PlanContactRequest request;
    auto* c = request.mutable_contact();
    c->set_client("clients/" + client_id_);
    c->set_contact_person("clients/" + client_id_ + "/contactPersons/" + person_id_);
    c->set_edition("projects/" + project_id_ + "/editions/" + edition_id_);
    c->set_type(v1::CONTACT_TYPE_CALL);
    c->set_purpose_kind(v1::CONTACT_PURPOSE_INVITE_TO_PARTICIPATE);
    *c->mutable_scheduled_time() = At(start);
    if (!owner_id.empty()) {
      c->set_owner("employees/" + owner_id);
    }
    v1::Contact contact;
    const auto status = Call(planning_stub_.get(), &v1::PlanningService::Stub::PlanContact, token,
                             request, &contact);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return contact;
  }

  grpc::Status Update(const std::string& token, const v1::Contact& contact,
                      std::vector<std::string> paths, v1::Contact* out) {
    v1::UpdateContactRequest request;
    *request.mutable_contact() = contact;
    for (auto& p : paths) {
      request.mutable_update_mask()->add_paths(p);
    }
    return Call(stub_.get(), &v1::CalendarService::Stub::UpdateContact, token, request, out);
  }

  grpc::Status Cancel(const std::string& token, const std::string& name, const std::string& etag,
                      v1::Contact* out) {
    v1::CancelContactRequest request;
    request.set_name(name);
    request.set_etag(etag);
    request.set_reason("Клиент перенёс участие на следующий год");
    return Call(stub_.get(), &v1::CalendarService::Stub::CancelContact, token, request, out);
  }

  grpc::Status Calendar(const std::string& token, const std::string& owner_id,
                        v1::CalendarPeriod period, const google::type::Date& date,
                        v1::ListCalendarResponse* out, int page_size = 0,
                        const std::string& page_token = "") {
    v1::ListCalendarRequest request;
    if (!owner_id.empty()) {
      request.set_owner("employees/" + owner_id);
    }
    request.set_period(period);
    *request.mutable_date() = date;
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    return Call(stub_.get(), &v1::CalendarService::Stub::ListCalendar, token, request, out);
  }

  grpc::Status SetTimeZone(const std::string& token, const std::string& employee_id,
                           const std::string& zone, v1::CalendarSettings* out) {
    v1::UpdateCalendarSettingsRequest request;
    request.mutable_settings()->set_name("employees/" + employee_id + "/calendarSettings");
    request.mutable_settings()->set_time_zone(zone);
    request.mutable_update_mask()->add_paths("time_zone");
    return Call(stub_.get(), &v1::CalendarService::Stub::UpdateCalendarSettings, token, request,
                out);
  }

  std::vector<std::string> FireTimes(const std::string& contact_name) {
    pqxx::connection conn(db_url_);
    pqxx::work tx(conn);
    std::vector<std::string> times;
    for (const auto& r : tx.exec_params(
             "SELECT to_char(fire_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
             " FROM task_reminders WHERE contact_id = $1 AND sequence IS NULL ORDER BY fire_time",
             *common::ParseResourceId(contact_name, "contacts"))) {
      times.emplace_back(r[0].c_str());
    }
    return times;
  }

  static std::vector<std::string> Names(const google::protobuf::RepeatedPtrField<v1::Contact>& c) {
    std::vector<std::string> names;
    for (const auto& contact : c) {
      names.push_back(contact.name());
    }
    return names;
  }

  std::string db_url_;
  std::atomic<int64_t> now_micros_{0};
  std::unique_ptr<testing::RunningService> server_;
  std::unique_ptr<v1::PlanningService::Stub> planning_stub_;
  std::unique_ptr<v1::CalendarService::Stub> stub_;
  std::string manager_id_, colleague_id_, stranger_id_, head_id_, other_head_id_;
  std::string manager_, colleague_, stranger_, head_, other_head_, analyst_, accountant_;
  std::string client_id_, person_id_, project_id_, edition_id_;
};

// --- the task ------------------------------------------------------------------------------------

TEST_F(CalendarTest, PlanStoresTaskAttributesChannelSnapshotAndReminders) {
  v1::PlanContactRequest request;
  auto* c = request.mutable_contact();
  c->set_client("clients/" + client_id_);
  c->set_contact_person("clients/" + client_id_ + "/contactPersons/" + person_id_);
  c->set_edition("projects/" + project_id_ + "/editions/" + edition_id_);
  c->set_type(v1::CONTACT_TYPE_EXHIBITION_MEETING);
  c->set_purpose_kind(v1::CONTACT_PURPOSE_SEND_OFFER);  // no free-text purpose
  *c->mutable_scheduled_time() = At("2026-03-20T08:00:00Z");
  c->mutable_duration()->set_seconds(45 * 60);
  c->mutable_channel()->set_email("director@stroymash.example");
  c->add_reminders()->mutable_before_start()->set_seconds(15 * 60);
  *c->add_reminders()->mutable_remind_time() = At("2026-03-19T06:00:00Z");
  v1::Contact contact;
  auto status = Call(planning_stub_.get(), &v1::PlanningService::Stub::PlanContact, manager_,
                     request, &contact);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(contact.type(), v1::CONTACT_TYPE_EXHIBITION_MEETING);
  EXPECT_EQ(contact.purpose_kind(), v1::CONTACT_PURPOSE_SEND_OFFER);
  EXPECT_EQ(contact.purpose(), "");
  EXPECT_EQ(contact.duration().seconds(), 45 * 60);
  // The person's phone, the e-mail the manager chose, the client's address.
  EXPECT_EQ(contact.channel().phone(), "+7 495 765-43-21");
  EXPECT_EQ(contact.channel().email(), "director@stroymash.example");
  EXPECT_EQ(contact.channel().address(), "101000, г. Москва, ул. Мясницкая, д. 1");
  ASSERT_EQ(contact.reminders_size(), 2);
  EXPECT_EQ(Text(contact.reminders(0).fire_time()), "2026-03-20T07:45:00Z");
  EXPECT_EQ(Text(contact.reminders(1).fire_time()), "2026-03-19T06:00:00Z");
  EXPECT_EQ(contact.etag(), "1");
  EXPECT_THAT(FireTimes(contact.name()),
              ElementsAre("2026-03-19T06:00:00Z", "2026-03-20T07:45:00Z"));

  // Read back the same.
  v1::GetContactRequest get;
  get.set_name(contact.name());
  v1::Contact read;
  ASSERT_TRUE(
      Call(planning_stub_.get(), &v1::PlanningService::Stub::GetContact, manager_, get, &read)
          .ok());
  EXPECT_EQ(read.DebugString(), contact.DebugString());
}

TEST_F(CalendarTest, PlanWithoutPurposeOrKindIsRejected) {
  v1::PlanContactRequest request;
  auto* c = request.mutable_contact();
  c->set_client("clients/" + client_id_);
  c->set_edition("projects/" + project_id_ + "/editions/" + edition_id_);
  c->set_type(v1::CONTACT_TYPE_VISIT);
  *c->mutable_scheduled_time() = At("2026-03-20T08:00:00Z");
  c->add_reminders();
  v1::Contact contact;
  auto status = Call(planning_stub_.get(), &v1::PlanningService::Stub::PlanContact, manager_,
                     request, &contact);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("contact.purpose", "contact.reminders[0]"));
  EXPECT_EQ(Count("contacts"), 0);
}

TEST_F(CalendarTest, UpdateMovesTheTaskAndReplansItsReminders) {
  v1::Contact task = PlanOk(manager_, "2026-03-20T08:00:00Z");
  v1::Contact patch;
  patch.set_name(task.name());
  patch.set_etag(task.etag());
  patch.add_reminders()->mutable_before_start()->set_seconds(3600);
  v1::Contact with_reminder;
  ASSERT_TRUE(Update(manager_, patch, {"reminders"}, &with_reminder).ok());
  EXPECT_THAT(FireTimes(task.name()), ElementsAre("2026-03-20T07:00:00Z"));

  patch.set_etag(with_reminder.etag());
  *patch.mutable_scheduled_time() = At("2026-03-23T10:30:00Z");
  patch.set_purpose("Обсудить скидку за ранний заезд");
  v1::Contact moved;
  auto status = Update(manager_, patch, {"scheduled_time", "purpose"}, &moved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Text(moved.scheduled_time()), "2026-03-23T10:30:00Z");
  EXPECT_EQ(moved.purpose(), "Обсудить скидку за ранний заезд");
  EXPECT_EQ(moved.purpose_kind(), v1::CONTACT_PURPOSE_INVITE_TO_PARTICIPATE);  // untouched
  EXPECT_EQ(moved.etag(), "3");
  EXPECT_EQ(Text(moved.update_time()), "2026-03-16T07:00:00Z");
  EXPECT_THAT(FireTimes(task.name()), ElementsAre("2026-03-23T09:30:00Z"));
  EXPECT_EQ(OutboxCount(events::v1::kContactUpdated), 2);

  // A stale etag: ABORTED, nothing changes.
  v1::Contact out;
  EXPECT_EQ(Update(manager_, patch, {"scheduled_time"}, &out).error_code(),
            grpc::StatusCode::ABORTED);
  // Bad input: every violation, nothing changes.
  v1::Contact bad;
  bad.set_name(task.name());
  *bad.mutable_scheduled_time() = At("1999-01-01T00:00:00Z");
  bad.mutable_duration()->set_seconds(-1);
  status = Update(manager_, bad, {"scheduled_time", "duration", "state"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("update_mask"));
  status = Update(manager_, bad, {"scheduled_time", "duration"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("contact.scheduled_time", "contact.duration"));
  EXPECT_EQ(Count("contacts", "version = 3"), 1);
  EXPECT_EQ(OutboxCount(events::v1::kContactUpdated), 2);
}

TEST_F(CalendarTest, CancelDropsPendingRemindersAndEndsChanges) {
  v1::PlanContactRequest request;
  v1::Contact task = PlanOk(manager_, "2026-03-20T08:00:00Z");
  v1::Contact patch;
  patch.set_name(task.name());
  patch.add_reminders()->mutable_before_start()->set_seconds(600);
  ASSERT_TRUE(Update(manager_, patch, {"reminders"}, &task).ok());
  ASSERT_EQ(Count("task_reminders"), 1);

  v1::Contact cancelled;
  ASSERT_TRUE(Cancel(manager_, task.name(), task.etag(), &cancelled).ok());
  EXPECT_EQ(cancelled.state(), v1::CONTACT_STATE_CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), "Клиент перенёс участие на следующий год");
  EXPECT_EQ(Text(cancelled.cancel_time()), "2026-03-16T07:00:00Z");
  EXPECT_EQ(Count("task_reminders"), 0);
  EXPECT_EQ(OutboxCount(events::v1::kContactCancelled), 1);

  v1::Contact out;
  EXPECT_EQ(Cancel(manager_, task.name(), "", &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  patch.set_purpose("ещё раз");
  EXPECT_EQ(Update(manager_, patch, {"purpose"}, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Cancel(manager_, "contacts/" + common::NewUuid(), "", &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(OutboxCount(events::v1::kContactCancelled), 1);
}

// A cancelled task is not completed either: FAILED_PRECONDITION naming its state, nothing written
// (it was an internal error once, found by crm-grpc-fuzz).
TEST_F(CalendarTest, CompletingACancelledTaskIsAPreconditionFailure) {
  v1::Contact task = PlanOk(manager_, "2026-03-20T08:00:00Z");
  v1::Contact cancelled;
  ASSERT_TRUE(Cancel(manager_, task.name(), task.etag(), &cancelled).ok());

  v1::CompleteContactRequest request;
  request.set_name(task.name());
  request.mutable_result()->mutable_note()->set_text("Самара");
  v1::CompleteContactResponse out;
  const auto status = Call(planning_stub_.get(), &v1::PlanningService::Stub::CompleteContact,
                           manager_, request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(testing::ErrorInfoReason(status), "CONTACT_NOT_PLANNED");
  EXPECT_NE(status.error_message().find("CONTACT_STATE_CANCELLED"), std::string::npos)
      << status.error_message();
  EXPECT_EQ(OutboxCount(events::v1::kContactCompleted), 0);
}

// --- access --------------------------------------------------------------------------------------

TEST_F(CalendarTest, ManagersChangeOnlyTheirOwnTasks) {
  v1::Contact task = PlanOk(manager_, "2026-03-20T08:00:00Z");
  v1::Contact patch;
  patch.set_name(task.name());
  patch.set_purpose("Чужая задача");
  v1::Contact out;
  EXPECT_EQ(Update(colleague_, patch, {"purpose"}, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Cancel(colleague_, task.name(), "", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Giving one's task to a colleague is a head's decision.
  patch.set_owner("employees/" + colleague_id_);
  EXPECT_EQ(Update(manager_, patch, {"owner"}, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListCalendarResponse page;
  EXPECT_EQ(Calendar(colleague_, manager_id_, v1::CALENDAR_PERIOD_DAY, DateOf(2026, 3, 20), &page)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("contacts", "version = 1 AND state = 'PLANNED'"), 1);
}

TEST_F(CalendarTest, HeadsOfSalesManageTheirDepartmentOnly) {
  v1::Contact task = PlanOk(manager_, "2026-03-20T08:00:00Z");
  v1::Contact patch;
  patch.set_name(task.name());
  patch.set_owner("employees/" + colleague_id_);
  v1::Contact moved;
  ASSERT_TRUE(Update(head_, patch, {"owner"}, &moved).ok());
  EXPECT_EQ(moved.owner(), "employees/" + colleague_id_);

  // Another department's head neither sees nor changes it, nor moves it to their own people.
  v1::Contact out;
  patch.set_purpose("Не мой отдел");
  EXPECT_EQ(Update(other_head_, patch, {"purpose"}, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListCalendarResponse page;
  EXPECT_EQ(
      Calendar(other_head_, colleague_id_, v1::CALENDAR_PERIOD_DAY, DateOf(2026, 3, 20), &page)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  patch.set_owner("employees/" + stranger_id_);
  EXPECT_EQ(Update(head_, patch, {"owner"}, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      Calendar(head_, colleague_id_, v1::CALENDAR_PERIOD_DAY, DateOf(2026, 3, 20), &page).ok());
  EXPECT_THAT(Names(page.contacts()), ElementsAre(task.name()));
}

TEST_F(CalendarTest, AnalystsReadAndAccountantsSeeNothing) {
  v1::Contact task = PlanOk(manager_, "2026-03-20T08:00:00Z");
  v1::ListCalendarResponse page;
  ASSERT_TRUE(
      Calendar(analyst_, manager_id_, v1::CALENDAR_PERIOD_WEEK, DateOf(2026, 3, 18), &page).ok());
  EXPECT_THAT(Names(page.contacts()), ElementsAre(task.name()));
  v1::Contact patch;
  patch.set_name(task.name());
  patch.set_purpose("Аналитик правит");
  v1::Contact out;
  EXPECT_EQ(Update(analyst_, patch, {"purpose"}, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ListCalendarResponse none;
  EXPECT_EQ(Calendar(accountant_, manager_id_, v1::CALENDAR_PERIOD_WEEK, DateOf(2026, 3, 18), &none)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListOverdueContactsRequest overdue;
  v1::ListOverdueContactsResponse overdue_page;
  EXPECT_EQ(Call(stub_.get(), &v1::CalendarService::Stub::ListOverdueContacts, accountant_, overdue,
                 &overdue_page)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListClientTimelineRequest timeline;
  timeline.set_client("clients/" + client_id_);
  v1::ListClientTimelineResponse timeline_page;
  EXPECT_EQ(Call(stub_.get(), &v1::CalendarService::Stub::ListClientTimeline, accountant_, timeline,
                 &timeline_page)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// The PlanningService calls follow the same rule as the calendar: own tasks, the head's
// department, analysts read.
TEST_F(CalendarTest, PlanningServiceCallsFollowTheSameAccessRule) {
  v1::Contact task = PlanOk(manager_, "2026-03-20T08:00:00Z");
  v1::Contact other = PlanOk(stranger_, "2026-03-20T09:00:00Z");

  // Planning for a colleague is a head's decision; the other department's head may not either.
  v1::PlanContactRequest plan;
  auto* c = plan.mutable_contact();
  c->set_client("clients/" + client_id_);
  c->set_edition("projects/" + project_id_ + "/editions/" + edition_id_);
  c->set_type(v1::CONTACT_TYPE_CALL);
  c->set_purpose_kind(v1::CONTACT_PURPOSE_FOLLOW_UP);
  *c->mutable_scheduled_time() = At("2026-03-21T08:00:00Z");
  c->set_owner("employees/" + colleague_id_);
  v1::Contact planned;
  EXPECT_EQ(
      Call(planning_stub_.get(), &v1::PlanningService::Stub::PlanContact, manager_, plan, &planned)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(planning_stub_.get(), &v1::PlanningService::Stub::PlanContact, other_head_, plan,
                 &planned)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("contacts"), 2);
  ASSERT_TRUE(
      Call(planning_stub_.get(), &v1::PlanningService::Stub::PlanContact, head_, plan, &planned)
          .ok());

  // Reading one task.
  v1::GetContactRequest get;
  get.set_name(task.name());
  v1::Contact got;
  for (const std::string* token : {&manager_, &head_, &analyst_}) {
    EXPECT_TRUE(
        Call(planning_stub_.get(), &v1::PlanningService::Stub::GetContact, *token, get, &got).ok());
  }
  for (const std::string* token : {&colleague_, &other_head_, &accountant_}) {
    EXPECT_EQ(Call(planning_stub_.get(), &v1::PlanningService::Stub::GetContact, *token, get, &got)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }

  // Lists hold only what the caller may see; asking for someone else's is denied.
  auto list = [&](const std::string& token, const std::string& owner_id,
                  v1::ListContactsResponse* out) {
    v1::ListContactsRequest request;
    if (!owner_id.empty()) {
      request.set_owner("employees/" + owner_id);
    }
    return Call(planning_stub_.get(), &v1::PlanningService::Stub::ListContacts, token, request,
                out);
  };
  v1::ListContactsResponse page;
  ASSERT_TRUE(list(manager_, "", &page).ok());
  EXPECT_THAT(Names(page.contacts()), ElementsAre(task.name()));
  page.Clear();
  ASSERT_TRUE(list(head_, "", &page).ok());
  EXPECT_THAT(Names(page.contacts()), ElementsAre(task.name(), planned.name()));
  page.Clear();
  ASSERT_TRUE(list(analyst_, "", &page).ok());
  EXPECT_EQ(page.contacts_size(), 3);
  page.Clear();
  ASSERT_TRUE(list(other_head_, "", &page).ok());
  EXPECT_THAT(Names(page.contacts()), ElementsAre(other.name()));
  EXPECT_EQ(list(colleague_, manager_id_, &page).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(list(accountant_, "", &page).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // Completing: the owner or their head; not a colleague, the other head or an analyst.
  v1::CompleteContactRequest complete;
  complete.set_name(task.name());
  complete.mutable_result()->mutable_note()->set_text("Созвонились, ждут предложение");
  v1::CompleteContactResponse done;
  for (const std::string* token : {&colleague_, &other_head_, &analyst_}) {
    EXPECT_EQ(Call(planning_stub_.get(), &v1::PlanningService::Stub::CompleteContact, *token,
                   complete, &done)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(Count("contacts", "state = 'COMPLETED'"), 0);
  ASSERT_TRUE(Call(planning_stub_.get(), &v1::PlanningService::Stub::CompleteContact, head_,
                   complete, &done)
                  .ok());
  EXPECT_EQ(done.contact().state(), v1::CONTACT_STATE_COMPLETED);
}

// --- views and time zones ------------------------------------------------------------------------

TEST_F(CalendarTest, MonthWeekAndDayFollowTheManagersTimeZone) {
  // 00:30 on 1 March in Samara (UTC+4) is still 28 February in UTC.
  const v1::Contact first = PlanOk(manager_, "2026-02-28T20:30:00Z");
  const v1::Contact mid = PlanOk(manager_, "2026-03-16T09:00:00Z");
  const v1::Contact last = PlanOk(manager_, "2026-03-31T19:30:00Z");  // 23:30 local
  PlanOk(manager_, "2026-03-31T20:30:00Z");                           // 1 April, 00:30 local
  PlanOk(colleague_, "2026-03-16T09:00:00Z");                         // someone else's

  v1::ListCalendarResponse month;
  ASSERT_TRUE(Calendar(manager_, "", v1::CALENDAR_PERIOD_MONTH, DateOf(2026, 3, 10), &month).ok());
  EXPECT_EQ(month.time_zone(), "Europe/Samara");
  EXPECT_EQ(Text(month.start_time()), "2026-02-28T20:00:00Z");
  EXPECT_EQ(Text(month.end_time()), "2026-03-31T20:00:00Z");
  EXPECT_THAT(Names(month.contacts()), ElementsAre(first.name(), mid.name(), last.name()));

  // Pages of one: the same three, in order, then no token.
  std::vector<std::string> paged;
  std::string token;
  do {
    v1::ListCalendarResponse page;
    ASSERT_TRUE(Calendar(manager_, manager_id_, v1::CALENDAR_PERIOD_MONTH, DateOf(2026, 3, 10),
                         &page, 1, token)
                    .ok());
    for (const auto& c : page.contacts()) {
      paged.push_back(c.name());
    }
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_THAT(paged, ElementsAre(first.name(), mid.name(), last.name()));

  v1::ListCalendarResponse week;  // Monday 16 March to Sunday 22 March
  ASSERT_TRUE(Calendar(manager_, "", v1::CALENDAR_PERIOD_WEEK, DateOf(2026, 3, 19), &week).ok());
  EXPECT_EQ(Text(week.start_time()), "2026-03-15T20:00:00Z");
  EXPECT_THAT(Names(week.contacts()), ElementsAre(mid.name()));

  // In Moscow (UTC+3) the first task falls on 28 February.
  v1::CalendarSettings settings;
  ASSERT_TRUE(SetTimeZone(manager_, manager_id_, "Europe/Moscow", &settings).ok());
  v1::ListCalendarResponse day;
  ASSERT_TRUE(Calendar(manager_, "", v1::CALENDAR_PERIOD_DAY, DateOf(2026, 2, 28), &day).ok());
  EXPECT_EQ(day.time_zone(), "Europe/Moscow");
  EXPECT_EQ(Text(day.start_time()), "2026-02-27T21:00:00Z");
  EXPECT_THAT(Names(day.contacts()), ElementsAre(first.name()));

  // Bad input: every problem at once.
  v1::ListCalendarRequest bad;
  bad.set_owner("managers/1");
  *bad.mutable_date() = DateOf(2026, 2, 30);
  v1::ListCalendarResponse out;
  auto status = Call(stub_.get(), &v1::CalendarService::Stub::ListCalendar, manager_, bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("owner", "period", "date"));
}

// The BASIC view is what a month grid shows, read from the calendar index: the same tasks in the
// same order and pages as FULL, with the grid's fields equal and the rest left out.
TEST_F(CalendarTest, BasicViewListsTheGridFieldsOfTheSameTasks) {
  PlanOk(manager_, "2026-03-02T06:00:00Z");
  const v1::Contact moved = PlanOk(manager_, "2026-03-03T06:00:00Z");
  const v1::Contact cancelled = PlanOk(manager_, "2026-03-04T06:00:00Z");
  PlanOk(manager_, "2026-03-05T06:00:00Z");
  v1::Contact patch;
  patch.set_name(moved.name());
  patch.set_purpose("Обсудить угловой стенд");
  patch.mutable_duration()->set_seconds(3600);
  v1::Contact out;
  ASSERT_TRUE(Update(manager_, patch, {"purpose", "duration"}, &out).ok());
  ASSERT_TRUE(Cancel(manager_, cancelled.name(), "", &out).ok());

  auto list = [&](v1::CalendarView view, bool show_cancelled, int page_size,
                  const std::string& page_token, v1::ListCalendarResponse* page) {
    v1::ListCalendarRequest request;
    request.set_period(v1::CALENDAR_PERIOD_MONTH);
    *request.mutable_date() = DateOf(2026, 3, 1);
    request.set_show_cancelled(show_cancelled);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    request.set_view(view);
    return Call(stub_.get(), &v1::CalendarService::Stub::ListCalendar, manager_, request, page);
  };
  for (bool show_cancelled : {false, true}) {
    SCOPED_TRACE(show_cancelled);
    v1::ListCalendarResponse full;
    v1::ListCalendarResponse basic;
    ASSERT_TRUE(list(v1::CALENDAR_VIEW_FULL, show_cancelled, 0, "", &full).ok());
    ASSERT_TRUE(list(v1::CALENDAR_VIEW_BASIC, show_cancelled, 0, "", &basic).ok());
    ASSERT_EQ(full.contacts_size(), show_cancelled ? 4 : 3);
    ASSERT_EQ(basic.contacts_size(), full.contacts_size());
    for (int i = 0; i < full.contacts_size(); ++i) {
      const v1::Contact& f = full.contacts(i);
      const v1::Contact& b = basic.contacts(i);
      EXPECT_EQ(b.name(), f.name());
      EXPECT_EQ(b.client(), f.client());
      EXPECT_EQ(b.contact_person(), f.contact_person());
      EXPECT_EQ(b.edition(), f.edition());
      EXPECT_EQ(b.type(), f.type());
      EXPECT_EQ(b.purpose_kind(), f.purpose_kind());
      EXPECT_EQ(Text(b.scheduled_time()), Text(f.scheduled_time()));
      EXPECT_EQ(b.owner(), f.owner());
      EXPECT_EQ(b.state(), f.state());
      EXPECT_EQ(b.duration().seconds(), f.duration().seconds());
      EXPECT_EQ(b.etag(), f.etag());
      // The rest is GetContact's.
      EXPECT_EQ(b.purpose(), "");
      EXPECT_FALSE(b.has_channel());
      EXPECT_EQ(b.reminders_size(), 0);
      EXPECT_FALSE(b.has_create_time());
    }
  }
  EXPECT_EQ(Count("contacts", "purpose = 'Обсудить угловой стенд' AND duration_s = 3600"), 1);

  // Pages of BASIC and FULL share their tokens: both page the same keyset.
  v1::ListCalendarResponse first;
  ASSERT_TRUE(list(v1::CALENDAR_VIEW_BASIC, false, 2, "", &first).ok());
  ASSERT_EQ(first.contacts_size(), 2);
  v1::ListCalendarResponse rest;
  ASSERT_TRUE(list(v1::CALENDAR_VIEW_FULL, false, 2, first.next_page_token(), &rest).ok());
  ASSERT_EQ(rest.contacts_size(), 1);
  EXPECT_EQ(rest.next_page_token(), "");
  EXPECT_EQ(Text(rest.contacts(0).scheduled_time()), "2026-03-05T06:00:00Z");

  // A view that does not exist is rejected by name; a page size above 1000 is lowered to it.
  v1::ListCalendarResponse none;
  auto status = list(static_cast<v1::CalendarView>(7), false, 0, "", &none);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("view"));
  EXPECT_TRUE(list(v1::CALENDAR_VIEW_BASIC, false, 5000, "", &none).ok());
  EXPECT_EQ(none.contacts_size(), 3);
}

TEST_F(CalendarTest, TimeZoneIsTheUsersOwnSetting) {
  v1::GetCalendarSettingsRequest get;
  get.set_name("employees/" + manager_id_ + "/calendarSettings");
  v1::CalendarSettings settings;
  ASSERT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::GetCalendarSettings, manager_, get, &settings)
          .ok());
  EXPECT_EQ(settings.time_zone(), "Europe/Samara");

  v1::CalendarSettings out;
  auto status = SetTimeZone(manager_, manager_id_, "Mars/Olympus_Mons", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("settings.time_zone"));
  EXPECT_EQ(SetTimeZone(manager_, manager_id_, "Europe/Moscow; --", &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(SetTimeZone(colleague_, manager_id_, "Asia/Yekaterinburg", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("calendar_settings"), 0);

  ASSERT_TRUE(SetTimeZone(manager_, manager_id_, "Asia/Yekaterinburg", &out).ok());
  ASSERT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::GetCalendarSettings, manager_, get, &settings)
          .ok());
  EXPECT_EQ(settings.time_zone(), "Asia/Yekaterinburg");
  // A colleague cannot read it; the head of the department can.
  EXPECT_EQ(
      Call(stub_.get(), &v1::CalendarService::Stub::GetCalendarSettings, colleague_, get, &out)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::GetCalendarSettings, head_, get, &out).ok());
}

TEST_F(CalendarTest, OverdueListsPlannedTasksWhoseStartHasPassed) {
  const v1::Contact old = PlanOk(manager_, "2026-03-10T08:00:00Z");
  const v1::Contact older = PlanOk(manager_, "2026-03-02T08:00:00Z");
  const v1::Contact cancelled = PlanOk(manager_, "2026-03-05T08:00:00Z");
  v1::Contact out;
  ASSERT_TRUE(Cancel(manager_, cancelled.name(), "", &out).ok());
  PlanOk(manager_, "2026-03-20T08:00:00Z");  // still ahead
  const v1::Contact colleagues = PlanOk(colleague_, "2026-03-11T08:00:00Z");
  const v1::Contact strangers = PlanOk(stranger_, "2026-03-12T08:00:00Z");

  v1::ListOverdueContactsRequest request;
  v1::ListOverdueContactsResponse mine;
  ASSERT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::ListOverdueContacts, manager_, request, &mine)
          .ok());
  EXPECT_THAT(Names(mine.contacts()), ElementsAre(older.name(), old.name()));

  v1::ListOverdueContactsResponse department;
  ASSERT_TRUE(Call(stub_.get(), &v1::CalendarService::Stub::ListOverdueContacts, head_, request,
                   &department)
                  .ok());
  EXPECT_THAT(Names(department.contacts()),
              ElementsAre(older.name(), old.name(), colleagues.name()));

  v1::ListOverdueContactsResponse all;
  request.set_page_size(2);
  ASSERT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::ListOverdueContacts, analyst_, request, &all)
          .ok());
  EXPECT_THAT(Names(all.contacts()), ElementsAre(older.name(), old.name()));
  request.set_page_token(all.next_page_token());
  v1::ListOverdueContactsResponse rest;
  ASSERT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::ListOverdueContacts, analyst_, request, &rest)
          .ok());
  EXPECT_THAT(Names(rest.contacts()), ElementsAre(colleagues.name(), strangers.name()));
  EXPECT_TRUE(rest.next_page_token().empty());

  request.set_page_token("");
  request.set_owner("employees/" + stranger_id_);
  EXPECT_EQ(
      Call(stub_.get(), &v1::CalendarService::Stub::ListOverdueContacts, manager_, request, &mine)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CalendarTest, ClientTimelineIsNewestFirstWithResults) {
  const v1::Contact first = PlanOk(manager_, "2026-03-02T08:00:00Z");
  const v1::Contact second = PlanOk(manager_, "2026-03-09T08:00:00Z");
  const v1::Contact third = PlanOk(stranger_, "2026-03-12T08:00:00Z");
  v1::CompleteContactRequest complete;
  complete.set_name(first.name());
  complete.mutable_result()->mutable_note()->set_text("Просили перезвонить после выставки");
  v1::CompleteContactResponse completed;
  ASSERT_TRUE(Call(planning_stub_.get(), &v1::PlanningService::Stub::CompleteContact, manager_,
                   complete, &completed)
                  .ok());

  v1::ListClientTimelineRequest request;
  request.set_client("clients/" + client_id_);
  request.set_page_size(2);
  v1::ListClientTimelineResponse page;
  ASSERT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::ListClientTimeline, analyst_, request, &page)
          .ok());
  EXPECT_THAT(Names(page.contacts()), ElementsAre(third.name(), second.name()));
  request.set_page_token(page.next_page_token());
  v1::ListClientTimelineResponse rest;
  ASSERT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::ListClientTimeline, analyst_, request, &rest)
          .ok());
  ASSERT_THAT(Names(rest.contacts()), ElementsAre(first.name()));
  EXPECT_EQ(rest.contacts(0).result().note().text(), "Просили перезвонить после выставки");

  // A manager sees their own part of the history.
  request.set_page_token("");
  request.set_page_size(0);
  v1::ListClientTimelineResponse own;
  ASSERT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::ListClientTimeline, manager_, request, &own)
          .ok());
  EXPECT_THAT(Names(own.contacts()), ElementsAre(second.name(), first.name()));

  request.set_client("clients/" + common::NewUuid());
  EXPECT_EQ(
      Call(stub_.get(), &v1::CalendarService::Stub::ListClientTimeline, manager_, request, &own)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
}

// --- reassignment --------------------------------------------------------------------------------

TEST_F(CalendarTest, ReassignMovesOpenTasksRoundRobinAndKeepsHistory) {
  std::vector<std::string> open;
  for (const char* start : {"2026-03-17T08:00:00Z", "2026-03-18T08:00:00Z", "2026-03-19T08:00:00Z",
                            "2026-03-20T08:00:00Z", "2026-03-21T08:00:00Z"}) {
    open.push_back(PlanOk(manager_, start).name());
  }
  const v1::Contact done = PlanOk(manager_, "2026-03-10T08:00:00Z");
  v1::CompleteContactRequest complete;
  complete.set_name(done.name());
  complete.mutable_result()->mutable_note()->set_text("Состоялся");
  v1::CompleteContactResponse completed;
  ASSERT_TRUE(Call(planning_stub_.get(), &v1::PlanningService::Stub::CompleteContact, manager_,
                   complete, &completed)
                  .ok());

  v1::ReassignContactsRequest request;
  request.set_from_owner("employees/" + manager_id_);
  request.add_to_owners("employees/" + colleague_id_);
  request.add_to_owners("employees/" + head_id_);
  v1::ReassignContactsResponse response;
  // A manager may not; another department's head may not.
  EXPECT_EQ(
      Call(stub_.get(), &v1::CalendarService::Stub::ReassignContacts, manager_, request, &response)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(stub_.get(), &v1::CalendarService::Stub::ReassignContacts, other_head_, request,
                 &response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Bad input.
  v1::ReassignContactsRequest bad;
  bad.set_from_owner("employees/" + manager_id_);
  bad.add_to_owners("employees/" + manager_id_);
  bad.add_to_owners("nobody");
  auto status =
      Call(stub_.get(), &v1::CalendarService::Stub::ReassignContacts, head_, bad, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("to_owners[0]", "to_owners[1]"));
  EXPECT_EQ(Count("contacts", "owner_id = '" + manager_id_ + "'"), 6);

  status =
      Call(stub_.get(), &v1::CalendarService::Stub::ReassignContacts, head_, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.reassigned_count(), 5);
  // In turn by start: colleague, head, colleague, head, colleague.
  EXPECT_EQ(Count("contacts", "owner_id = '" + colleague_id_ + "'"), 3);
  EXPECT_EQ(Count("contacts", "owner_id = '" + head_id_ + "'"), 2);
  EXPECT_EQ(Count("contacts", "id = '" + *common::ParseResourceId(open[1], "contacts") +
                                  "' AND owner_id = '" + head_id_ + "'"),
            1);
  // The completed contact stays with the manager who held it.
  EXPECT_EQ(Count("contacts", "owner_id = '" + manager_id_ + "' AND state = 'COMPLETED'"), 1);
  EXPECT_EQ(OutboxCount(events::v1::kContactReassigned), 5);
  // Nothing left to move.
  ASSERT_TRUE(
      Call(stub_.get(), &v1::CalendarService::Stub::ReassignContacts, head_, request, &response)
          .ok());
  EXPECT_EQ(response.reassigned_count(), 0);
}

}  // namespace
}  // namespace crm::planning
