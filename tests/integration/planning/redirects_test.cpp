// Redirects: a client's request handed to an employee or a department's queue.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/planning_topics.h"
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

  std::unique_ptr<v1::RedirectService::Stub> stub_;
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

}  // namespace
}  // namespace crm::planning::results_testing
