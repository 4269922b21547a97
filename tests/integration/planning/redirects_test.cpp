// Redirects: a client's request handed to an employee or a department's queue.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/planning_topics.h"
#include "crm/planning/v1/calendar.grpc.pb.h"
#include "crm/planning/v1/redirects.grpc.pb.h"
#include "tests/integration/planning/results_fixture.h"

namespace crm::planning::results_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class RedirectsTest : public ResultsTest {
 protected:
  void SetUp() override {
    ResultsTest::SetUp();
    stub_ = v1::RedirectService::NewStub(server_->channel());
    calendar_stub_ = v1::CalendarService::NewStub(server_->channel());
  }

  grpc::Status Create(const std::string& token, const v1::Redirect& redirect, v1::Redirect* out,
                      const std::string& request_id = "") {
    v1::CreateRedirectRequest request;
    *request.mutable_redirect() = redirect;
    request.set_request_id(request_id);
    return Call(*stub_, &v1::RedirectService::Stub::CreateRedirect, token, request, out);
  }

  v1::Redirect ToDepartment(const char* deadline = "2026-03-18T07:00:00Z") {
    v1::Redirect r;
    r.set_client(ClientName());
    r.set_to_department(registry_events::DepartmentName("Отдел продаж 2"));
    *r.mutable_deadline() = At(deadline);
    r.set_goal("Клиент просит рекламу в каталоге выставки");
    return r;
  }

  v1::ListRedirectsResponse List(const std::string& token, v1::RedirectBox box,
                                 bool overdue_only = false, const std::string& employee = "") {
    v1::ListRedirectsRequest request;
    request.set_box(box);
    request.set_overdue_only(overdue_only);
    request.set_employee(employee);
    v1::ListRedirectsResponse response;
    const grpc::Status status =
        Call(*stub_, &v1::RedirectService::Stub::ListRedirects, token, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::Status SetStatus(const std::string& token, const v1::Redirect& redirect,
                         v1::RedirectStatus status, const std::string& comment, v1::Redirect* out) {
    v1::UpdateRedirectStatusRequest request;
    request.set_name(redirect.name());
    request.set_etag(redirect.etag());
    request.set_status(status);
    request.set_comment(comment);
    return Call(*stub_, &v1::RedirectService::Stub::UpdateRedirectStatus, token, request, out);
  }

  v1::Redirect ToEmployee(const std::string& employee_id, const char* deadline) {
    v1::Redirect r = ToDepartment(deadline);
    r.clear_to_department();
    r.set_to_employee("employees/" + employee_id);
    return r;
  }

  v1::Redirect Get(const std::string& token, const std::string& name) {
    v1::GetRedirectRequest request;
    request.set_name(name);
    v1::Redirect out;
    const grpc::Status status =
        Call(*stub_, &v1::RedirectService::Stub::GetRedirect, token, request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Claim(const std::string& token, const std::string& name, const std::string& etag,
                     v1::Redirect* out) {
    v1::ClaimRedirectRequest request;
    request.set_name(name);
    request.set_etag(etag);
    return Call(*stub_, &v1::RedirectService::Stub::ClaimRedirect, token, request, out);
  }

  // The tasks of `token`'s calendar on 2026-03-16 (Samara).
  std::vector<v1::Contact> CalendarOf(const std::string& token, bool show_cancelled = false) {
    v1::ListCalendarRequest request;
    request.set_period(v1::CALENDAR_PERIOD_DAY);
    request.mutable_date()->set_year(2026);
    request.mutable_date()->set_month(3);
    request.mutable_date()->set_day(16);
    request.set_show_cancelled(show_cancelled);
    v1::ListCalendarResponse response;
    const grpc::Status status =
        Call(*calendar_stub_, &v1::CalendarService::Stub::ListCalendar, token, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.contacts().begin(), response.contacts().end()};
  }

  std::vector<std::string> OverdueOf(const std::string& token) {
    v1::ListOverdueContactsRequest request;
    v1::ListOverdueContactsResponse response;
    const grpc::Status status =
        Call(*calendar_stub_, &v1::CalendarService::Stub::ListOverdueContacts, token, request,
             &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& c : response.contacts()) {
      names.push_back(c.name());
    }
    return names;
  }

  v1::Contact Task(const std::string& token, const std::string& name) {
    v1::GetContactRequest request;
    request.set_name(name);
    v1::Contact out;
    const grpc::Status status =
        Call(*planning_stub_, &v1::PlanningService::Stub::GetContact, token, request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static v1::ContactResult Note(const std::string& text) {
    v1::ContactResult result;
    result.mutable_note()->set_text(text);
    return result;
  }

  std::unique_ptr<v1::RedirectService::Stub> stub_;
  std::unique_ptr<v1::CalendarService::Stub> calendar_stub_;
};

TEST_F(RedirectsTest, DepartmentQueueSeesItWorksOnItAndBothSidesSeeIt) {
  v1::Redirect created;
  ASSERT_TRUE(Create(manager_, ToDepartment(), &created, "req-1").ok());
  EXPECT_EQ(created.status(), v1::REDIRECT_STATUS_OPEN);
  EXPECT_EQ(created.from_employee(), "employees/" + manager_id_);
  v1::Redirect again;
  ASSERT_TRUE(Create(manager_, ToDepartment(), &again, "req-1").ok());
  EXPECT_EQ(again.name(), created.name());
  EXPECT_EQ(Count("redirects"), 1);

  EXPECT_EQ(List(manager_, v1::REDIRECT_BOX_SENT).redirects_size(), 1);
  EXPECT_EQ(List(other_manager_, v1::REDIRECT_BOX_DEPARTMENT).redirects_size(), 1);
  EXPECT_EQ(List(manager_, v1::REDIRECT_BOX_DEPARTMENT).redirects_size(), 0);
  // The sender's head sees their managers' sent box; the other head does not.
  EXPECT_EQ(List(head_, v1::REDIRECT_BOX_SENT, false, "employees/" + manager_id_).redirects_size(),
            1);
  v1::ListRedirectsRequest foreign;
  foreign.set_box(v1::REDIRECT_BOX_SENT);
  foreign.set_employee("employees/" + manager_id_);
  v1::ListRedirectsResponse denied;
  EXPECT_EQ(
      Call(*stub_, &v1::RedirectService::Stub::ListRedirects, other_manager_, foreign, &denied)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // The sender cannot work on it; the addressed department can.
  v1::Redirect updated;
  EXPECT_EQ(
      SetStatus(manager_, created, v1::REDIRECT_STATUS_IN_PROGRESS, "", &updated).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      SetStatus(other_manager_, created, v1::REDIRECT_STATUS_IN_PROGRESS, "", &updated).ok());
  EXPECT_EQ(updated.status(), v1::REDIRECT_STATUS_IN_PROGRESS);
  // Declining needs a comment.
  v1::Redirect declined;
  grpc::Status status =
      SetStatus(other_head_, updated, v1::REDIRECT_STATUS_DECLINED, "", &declined);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("comment"));
  ASSERT_TRUE(SetStatus(other_head_, updated, v1::REDIRECT_STATUS_DECLINED,
                        "Каталог уже свёрстан, предложить на следующий год", &declined)
                  .ok());
  // Closed: no further change.
  status = SetStatus(other_head_, declined, v1::REDIRECT_STATUS_OPEN, "", &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // Both sides read it.
  v1::GetRedirectRequest get;
  get.set_name(created.name());
  v1::Redirect got;
  ASSERT_TRUE(Call(*stub_, &v1::RedirectService::Stub::GetRedirect, manager_, get, &got).ok());
  EXPECT_EQ(got.status(), v1::REDIRECT_STATUS_DECLINED);
  EXPECT_EQ(got.status_comment(), "Каталог уже свёрстан, предложить на следующий год");
  ASSERT_TRUE(Call(*stub_, &v1::RedirectService::Stub::GetRedirect, analyst_, get, &got).ok());

  auto created_events = testing::ReadStream(nats_url_, events::v1::kRedirectCreated, 1);
  ASSERT_EQ(created_events.size(), 1u);
  EXPECT_EQ(Parse<ev::RedirectCreated>(created_events[0].data).redirect().to_department(),
            registry_events::DepartmentName("Отдел продаж 2"));
  auto changed = testing::ReadStream(nats_url_, events::v1::kRedirectStatusChanged, 2);
  ASSERT_EQ(changed.size(), 2u);
  const auto last = Parse<ev::RedirectStatusChanged>(changed[1].data);
  EXPECT_EQ(last.previous_status(), v1::REDIRECT_STATUS_IN_PROGRESS);
  EXPECT_EQ(last.redirect().status(), v1::REDIRECT_STATUS_DECLINED);
  EXPECT_EQ(last.changed_by(), "employees/" + other_head_id_);
}

// A request_id is the caller's own: another manager reusing it sends a redirect of their own
// and never receives the first manager's.
TEST_F(RedirectsTest, RequestIdIsKeyedByTheCaller) {
  v1::Redirect first;
  ASSERT_TRUE(Create(manager_, ToDepartment(), &first, "shared-key").ok());
  v1::Redirect again;
  ASSERT_TRUE(Create(manager_, ToDepartment(), &again, "shared-key").ok());
  EXPECT_EQ(again.name(), first.name());

  v1::Redirect theirs;
  grpc::Status status = Create(other_manager_, ToDepartment(), &theirs, "shared-key");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(theirs.name(), first.name());
  EXPECT_EQ(theirs.from_employee(), "employees/" + other_manager_id_);
  EXPECT_EQ(Count("redirects"), 2);

  v1::Redirect changed;
  v1::Redirect other_goal = ToDepartment();
  other_goal.set_goal("Клиент просит другое");
  status = Create(manager_, other_goal, &changed, "shared-key");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(testing::ErrorInfoReason(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(Count("redirects"), 2);
  EXPECT_EQ(Count("outbox", "subject = 'crm.planning.redirect.created'"), 2);
}

TEST_F(RedirectsTest, OverdueRedirectsSurface) {
  v1::Redirect soon;
  ASSERT_TRUE(Create(manager_, ToDepartment("2026-03-16T09:00:00Z"), &soon).ok());
  v1::Redirect later;
  v1::Redirect to_person = ToDepartment("2026-03-30T09:00:00Z");
  to_person.clear_to_department();
  to_person.set_to_employee("employees/" + other_manager_id_);
  ASSERT_TRUE(Create(manager_, to_person, &later).ok());
  EXPECT_EQ(later.responsible(), "employees/" + other_manager_id_);
  EXPECT_FALSE(soon.overdue());

  now_micros_ = TimeUtil::TimestampToMicroseconds(At("2026-03-17T07:00:00Z"));
  const auto overdue = List(manager_, v1::REDIRECT_BOX_SENT, true);
  ASSERT_EQ(overdue.redirects_size(), 1);
  EXPECT_EQ(overdue.redirects(0).name(), soon.name());
  EXPECT_TRUE(overdue.redirects(0).overdue());
  const auto received = List(other_manager_, v1::REDIRECT_BOX_RECEIVED);
  ASSERT_EQ(received.redirects_size(), 1);
  EXPECT_FALSE(received.redirects(0).overdue());

  // Done is never overdue.
  v1::Redirect done;
  ASSERT_TRUE(SetStatus(other_manager_, soon, v1::REDIRECT_STATUS_DONE, "Разместили", &done).ok());
  EXPECT_FALSE(done.overdue());
  EXPECT_EQ(List(manager_, v1::REDIRECT_BOX_SENT, true).redirects_size(), 0);
}

TEST_F(RedirectsTest, BadInputAndDeniedCallersChangeNothing) {
  v1::Redirect bad;
  bad.set_client("clients/x");
  bad.set_to_employee("employees/" + other_manager_id_);
  bad.set_to_department("Отдел продаж 2");  // a name, not departments/{uuid}
  *bad.mutable_deadline() = At("2026-03-10T07:00:00Z");
  v1::Redirect out;
  grpc::Status status = Create(manager_, bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("redirect.client", "redirect.to_employee", "redirect.deadline",
                                   "redirect.goal"));
  status = Create(analyst_, ToDepartment(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::Redirect unknown = ToDepartment();
  unknown.clear_to_department();
  unknown.set_to_employee("employees/" + common::NewUuid());
  status = Create(manager_, unknown, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("redirects"), 0);
  EXPECT_EQ(Count("outbox", "subject LIKE 'crm.planning.redirect.%'"), 0);

  // An outsider neither reads nor works on someone else's redirect.
  v1::Redirect created;
  v1::Redirect to_person = ToDepartment();
  to_person.clear_to_department();
  to_person.set_to_employee("employees/" + head_id_);
  ASSERT_TRUE(Create(manager_, to_person, &created).ok());
  v1::GetRedirectRequest get;
  get.set_name(created.name());
  v1::Redirect got;
  EXPECT_EQ(
      Call(*stub_, &v1::RedirectService::Stub::GetRedirect, other_manager_, get, &got).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(SetStatus(other_head_, created, v1::REDIRECT_STATUS_DONE, "", &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::Redirect stale = created;
  stale.set_etag("0");
  EXPECT_EQ(SetStatus(head_, stale, v1::REDIRECT_STATUS_DONE, "", &got).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(Count("redirects", "status = 'OPEN'"), 1);
}

// A redirect to an employee is a task in their calendar: of type OTHER about the client, with
// the goal as its purpose, ending at the deadline, with a reminder that WatchReminders delivers;
// late, it is among their overdue tasks.
TEST_F(RedirectsTest, ARedirectIsATaskInTheReceiversCalendarWithAReminder) {
  // Due at 12:20 Samara: the task runs 11:20-12:20, its reminder (30 min before) is due at once.
  v1::Redirect created;
  ASSERT_TRUE(
      Create(manager_, ToEmployee(other_manager_id_, "2026-03-16T08:20:00Z"), &created).ok());
  ASSERT_FALSE(created.task().empty());
  EXPECT_EQ(created.responsible(), "employees/" + other_manager_id_);

  const auto calendar = CalendarOf(other_manager_);
  ASSERT_EQ(calendar.size(), 1u);
  const v1::Contact& task = calendar[0];
  EXPECT_EQ(task.name(), created.task());
  EXPECT_EQ(task.client(), ClientName());
  EXPECT_EQ(task.owner(), "employees/" + other_manager_id_);
  EXPECT_EQ(task.type(), v1::CONTACT_TYPE_OTHER);
  EXPECT_EQ(task.purpose_kind(), v1::CONTACT_PURPOSE_OTHER);
  EXPECT_EQ(task.edition(), "");  // a redirect is about the client, not an exhibition
  EXPECT_EQ(TimeUtil::ToString(task.scheduled_time()), "2026-03-16T07:20:00Z");
  EXPECT_EQ(task.duration().seconds(), 3600);
  const v1::Contact full = Task(other_manager_, created.task());
  EXPECT_EQ(full.purpose(), "Клиент просит рекламу в каталоге выставки");
  ASSERT_EQ(full.reminders_size(), 1);
  EXPECT_EQ(full.reminders(0).before_start().seconds(), 1800);
  EXPECT_TRUE(CalendarOf(manager_).empty());  // the sender's calendar stays as it was

  // The reminder fires: the scheduler dispatches it and the receiver's app gets it.
  grpc::ClientContext watch;
  watch.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  testing::Authorize(watch, other_manager_);
  auto reader = calendar_stub_->WatchReminders(&watch, v1::WatchRemindersRequest());
  v1::ReminderNotice notice;
  ASSERT_TRUE(reader->Read(&notice));
  EXPECT_EQ(notice.contact(), created.task());
  EXPECT_EQ(notice.client_display_name(), "СтройМаш");
  watch.TryCancel();
  while (reader->Read(&notice)) {
  }
  reader->Finish();

  // Past the deadline it is overdue, as a task and as a redirect.
  EXPECT_TRUE(OverdueOf(other_manager_).empty());
  now_micros_ = TimeUtil::TimestampToMicroseconds(At("2026-03-16T09:00:00Z"));
  EXPECT_THAT(OverdueOf(other_manager_), ElementsAre(created.task()));
  EXPECT_TRUE(Get(manager_, created.name()).overdue());
}

// A redirect to a department waits in its queue without a task until a member claims it; the
// claimer becomes responsible and gets the task. Bad input, outsiders, a token without a CRM
// role, a stale etag and a second claim change nothing.
TEST_F(RedirectsTest, ClaimingADepartmentRedirectGivesTheClaimerItsTask) {
  v1::Redirect queued;
  ASSERT_TRUE(Create(manager_, ToDepartment(), &queued).ok());
  EXPECT_TRUE(queued.task().empty());
  EXPECT_TRUE(queued.responsible().empty());
  EXPECT_EQ(Count("contacts"), 0);

  v1::Redirect out;
  grpc::Status status = Claim(other_manager_, "", "", &out);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("name", "etag"));
  status = Claim(other_manager_, "redirects/nope", queued.etag(), &out);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("name"));
  EXPECT_EQ(Claim(other_manager_, "redirects/" + common::NewUuid(), "1", &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Not a member of the addressed department (the sender's side included).
  EXPECT_EQ(Claim(manager_, queued.name(), queued.etag(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Claim(head_, queued.name(), queued.etag(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Claim(analyst_, queued.name(), queued.etag(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const std::string no_role = testing::TokenFor("employees/" + other_manager_id_, {});
  EXPECT_EQ(Claim(no_role, queued.name(), queued.etag(), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  status = Claim(other_manager_, queued.name(), "0", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Count("contacts"), 0);
  EXPECT_EQ(Count("redirects", "responsible_id IS NULL AND task_id IS NULL"), 1);

  v1::Redirect claimed;
  status = Claim(other_manager_, queued.name(), queued.etag(), &claimed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(claimed.responsible(), "employees/" + other_manager_id_);
  ASSERT_FALSE(claimed.task().empty());
  EXPECT_NE(claimed.etag(), queued.etag());
  EXPECT_EQ(Task(other_manager_, claimed.task()).owner(), "employees/" + other_manager_id_);
  const auto received = List(other_manager_, v1::REDIRECT_BOX_RECEIVED);
  ASSERT_EQ(received.redirects_size(), 1);
  EXPECT_EQ(received.redirects(0).task(), claimed.task());

  // Someone else of the department comes too late.
  status = Claim(other_head_, claimed.name(), claimed.etag(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "REDIRECT_ALREADY_CLAIMED");
  EXPECT_EQ(Count("contacts"), 1);
}

// The RECEIVED box holds the redirects sent to the employee and those they took from their
// department's queue, merged in deadline order, each once, page after page; the department's
// unclaimed ones are not in it.
TEST_F(RedirectsTest, TheReceivedBoxMergesSentAndClaimedRedirectsInDeadlineOrder) {
  const auto create = [&](const v1::Redirect& redirect) {
    v1::Redirect out;
    const grpc::Status status = Create(manager_, redirect, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  const auto claim = [&](const v1::Redirect& queued) {
    v1::Redirect out;
    const grpc::Status status = Claim(other_manager_, queued.name(), queued.etag(), &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  const v1::Redirect sent_second = create(ToEmployee(other_manager_id_, "2026-03-18T07:00:00Z"));
  const v1::Redirect claimed_first = claim(create(ToDepartment("2026-03-17T07:00:00Z")));
  const v1::Redirect sent_fourth = create(ToEmployee(other_manager_id_, "2026-03-20T07:00:00Z"));
  const v1::Redirect claimed_third = claim(create(ToDepartment("2026-03-19T07:00:00Z")));
  create(ToDepartment("2026-03-17T06:00:00Z"));  // still in the queue
  ASSERT_EQ(sent_second.responsible(), "employees/" + other_manager_id_);

  std::vector<std::string> names;
  v1::ListRedirectsRequest request;
  request.set_box(v1::REDIRECT_BOX_RECEIVED);
  request.set_page_size(2);
  int pages = 0;
  do {
    v1::ListRedirectsResponse response;
    const grpc::Status status =
        Call(*stub_, &v1::RedirectService::Stub::ListRedirects, other_manager_, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.redirects_size(), 2);
    for (const auto& redirect : response.redirects()) {
      names.push_back(redirect.name());
    }
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty() && pages < 5);
  EXPECT_THAT(names, ElementsAre(claimed_first.name(), sent_second.name(), claimed_third.name(),
                                 sent_fourth.name()));
  // The sender's box is not the receiver's.
  EXPECT_EQ(List(manager_, v1::REDIRECT_BOX_RECEIVED).redirects_size(), 0);
}

// Completing the task closes the redirect with its result, which the sender sees in their SENT
// box and in crm.planning.redirect.completed.
TEST_F(RedirectsTest, CompletingTheTaskReportsTheResultToTheSender) {
  v1::Redirect created;
  ASSERT_TRUE(
      Create(manager_, ToEmployee(other_manager_id_, "2026-03-18T07:00:00Z"), &created).ok());
  v1::CompleteContactResponse completed;
  // Only the task's owner (and their heads) complete it.
  EXPECT_EQ(Complete(manager_, created.task(), Note("Разместили"), &completed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(manager_, created.name()).status(), v1::REDIRECT_STATUS_OPEN);
  ASSERT_TRUE(
      Complete(other_manager_, created.task(), Note("Реклама в каталоге размещена"), &completed)
          .ok());

  const auto sent = List(manager_, v1::REDIRECT_BOX_SENT);
  ASSERT_EQ(sent.redirects_size(), 1);
  const v1::Redirect& done = sent.redirects(0);
  EXPECT_EQ(done.status(), v1::REDIRECT_STATUS_DONE);
  EXPECT_EQ(done.result().note().text(), "Реклама в каталоге размещена");
  EXPECT_EQ(done.task(), created.task());
  EXPECT_FALSE(done.overdue());

  auto events = testing::ReadStream(nats_url_, events::v1::kRedirectCompleted, 1);
  ASSERT_EQ(events.size(), 1u);
  const auto event = Parse<ev::RedirectCompleted>(events[0].data);
  EXPECT_EQ(event.sender(), "employees/" + manager_id_);
  EXPECT_EQ(event.responsible(), "employees/" + other_manager_id_);
  EXPECT_EQ(event.task(), created.task());
  EXPECT_EQ(event.result().note().text(), "Реклама в каталоге размещена");
  EXPECT_EQ(event.redirect().status(), v1::REDIRECT_STATUS_DONE);
  auto changed = testing::ReadStream(nats_url_, events::v1::kRedirectStatusChanged, 1);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(Parse<ev::RedirectStatusChanged>(changed[0].data).changed_by(),
            "employees/" + other_manager_id_);

  // A task with no edition records no sale.
  v1::Redirect second;
  ASSERT_TRUE(
      Create(manager_, ToEmployee(other_manager_id_, "2026-03-18T07:00:00Z"), &second).ok());
  v1::ContactResult sale;
  sale.mutable_sale()->set_area_dm2(1200);
  const grpc::Status status = Complete(other_manager_, second.task(), sale, &completed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "CONTACT_WITHOUT_EDITION");
  EXPECT_EQ(Get(manager_, second.name()).status(), v1::REDIRECT_STATUS_OPEN);
}

// Closing the redirect by hand cancels its task; cancelling the task sends a department's redirect
// back to the queue, where it is claimed again; reassigning the task moves the responsible person.
TEST_F(RedirectsTest, TheTaskAndTheRedirectFollowEachOther) {
  v1::Redirect to_person;
  ASSERT_TRUE(
      Create(manager_, ToEmployee(other_manager_id_, "2026-03-18T07:00:00Z"), &to_person).ok());
  v1::Redirect done;
  ASSERT_TRUE(
      SetStatus(other_manager_, to_person, v1::REDIRECT_STATUS_DONE, "Сделано", &done).ok());
  EXPECT_EQ(Task(other_manager_, to_person.task()).state(), v1::CONTACT_STATE_CANCELLED);
  EXPECT_EQ(Count("task_reminders",
                  "contact_id = '" + common::ParseResourceId(to_person.task(), "contacts").value() +
                      "' AND sequence IS NULL"),
            0);

  v1::Redirect queued;
  ASSERT_TRUE(Create(manager_, ToDepartment(), &queued).ok());
  v1::Redirect claimed;
  ASSERT_TRUE(Claim(other_manager_, queued.name(), queued.etag(), &claimed).ok());
  v1::CancelContactRequest cancel;
  cancel.set_name(claimed.task());
  cancel.set_reason("Ухожу в отпуск");
  v1::Contact cancelled;
  ASSERT_TRUE(Call(*calendar_stub_, &v1::CalendarService::Stub::CancelContact, other_manager_,
                   cancel, &cancelled)
                  .ok());
  const v1::Redirect back = Get(manager_, queued.name());
  EXPECT_EQ(back.status(), v1::REDIRECT_STATUS_OPEN);
  EXPECT_TRUE(back.task().empty());
  EXPECT_TRUE(back.responsible().empty());
  EXPECT_EQ(List(other_head_, v1::REDIRECT_BOX_DEPARTMENT).redirects_size(), 1);

  v1::Redirect again;
  ASSERT_TRUE(Claim(other_head_, back.name(), back.etag(), &again).ok());
  EXPECT_EQ(again.responsible(), "employees/" + other_head_id_);
  // The head hands their tasks to the manager: the redirect's responsible person follows.
  v1::ReassignContactsRequest reassign;
  reassign.set_from_owner("employees/" + other_head_id_);
  reassign.add_to_owners("employees/" + other_manager_id_);
  v1::ReassignContactsResponse moved;
  ASSERT_TRUE(Call(*calendar_stub_, &v1::CalendarService::Stub::ReassignContacts, other_head_,
                   reassign, &moved)
                  .ok());
  EXPECT_EQ(moved.reassigned_count(), 1);
  const v1::Redirect followed = Get(manager_, again.name());
  EXPECT_EQ(followed.responsible(), "employees/" + other_manager_id_);
  EXPECT_EQ(followed.task(), again.task());

  // The task (which has no edition) is moved and handed back by UpdateContact: the responsible
  // person follows again.
  v1::UpdateContactRequest update;
  update.mutable_contact()->set_name(again.task());
  *update.mutable_contact()->mutable_scheduled_time() = At("2026-03-17T10:00:00Z");
  update.mutable_contact()->set_owner("employees/" + other_head_id_);
  update.mutable_update_mask()->add_paths("scheduled_time");
  update.mutable_update_mask()->add_paths("owner");
  v1::Contact updated;
  const grpc::Status status = Call(*calendar_stub_, &v1::CalendarService::Stub::UpdateContact,
                                   other_head_, update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.edition(), "");
  EXPECT_EQ(Get(manager_, again.name()).responsible(), "employees/" + other_head_id_);
}

}  // namespace
}  // namespace crm::planning::results_testing
