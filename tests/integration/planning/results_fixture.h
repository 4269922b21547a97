#pragma once

// The planning service for the tests of results, sales, catalogues, redirects, assessments and
// stats: a real PostgreSQL and nats-server, and the whole service in process as crm-planning
// assembles it (services/planning/service.h) — the registry projection fed by events through
// its real consumer, the outbox relayed to JetStream — on a clock the test sets.

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/bus/consumer.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/pool.h"
#include "crm/events/v1/registry_topics.h"
#include "crm/planning/v1/catalogues.grpc.pb.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "crm/planning/v1/sales.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/planning/service.h"
#include "tests/integration/planning/registry_events.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"

namespace crm::planning::results_testing {

namespace ev = crm::events::v1;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

inline Timestamp At(const char* rfc3339) {
  Timestamp t;
  if (!TimeUtil::FromString(rfc3339, &t)) {
    throw std::invalid_argument(rfc3339);
  }
  return t;
}

inline std::string ErrorReason(const grpc::Status& status) {
  google::rpc::Status details;
  details.ParseFromString(status.error_details());
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      return info.reason();
    }
  }
  return {};
}

template <class Message>
Message Parse(const std::string& json) {
  Message message;
  common::bus::FromJson(json, &message);
  return message;
}

class ResultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "Europe/Samara", 1);
    tzset();
    auto& env = testing::TestEnvironment::Get();
    db_url_ = env.FreshDatabase("planning_results");
    nats_url_ = env.FreshNats();
    now_micros_ = TimeUtil::TimestampToMicroseconds(At("2026-03-16T07:00:00Z"));
    PlanningApi::Clock clock = [this] {
      return TimeUtil::MicrosecondsToTimestamp(now_micros_.load());
    };
    server_ = std::make_unique<testing::RunningService>(Definition(clock), db_url_, nats_url_);
    planning_stub_ = v1::PlanningService::NewStub(server_->channel());
    sales_stub_ = v1::SaleService::NewStub(server_->channel());
    catalogue_stub_ = v1::CatalogueService::NewStub(server_->channel());

    manager_id_ = common::NewUuid();
    other_manager_id_ = common::NewUuid();
    head_id_ = common::NewUuid();
    other_head_id_ = common::NewUuid();
    manager_ = testing::TokenFor("employees/" + manager_id_, {common::auth::Role::kSalesManager});
    other_manager_ =
        testing::TokenFor("employees/" + other_manager_id_, {common::auth::Role::kSalesManager});
    head_ = testing::TokenFor("employees/" + head_id_, {common::auth::Role::kSalesHead});
    other_head_ =
        testing::TokenFor("employees/" + other_head_id_, {common::auth::Role::kSalesHead});
    analyst_ = testing::TokenFor("employees/" + common::NewUuid(), {common::auth::Role::kAnalyst});
    admin_ = testing::TokenFor("employees/" + common::NewUuid(), {common::auth::Role::kAdmin});
    SeedRegistry();
  }

  void TearDown() override { server_.reset(); }

  // --- the registry side ---------------------------------------------------------------------

  void PublishClient(const std::string& id, const std::string& display_name) {
    ev::ClientCreated created;
    auto* c = created.mutable_client();
    c->set_client("clients/" + id);
    c->set_display_name(display_name);
    c->set_legal_name("ООО «" + display_name + "»");
    c->set_inn("7701234567");
    c->set_kpp("770101001");
    c->set_legal_address("101000, г. Москва, ул. Мясницкая, д. 1");
    testing::PublishEvent(nats_url_, events::v1::kClientCreated, common::NewUuid(), created,
                          "clients/" + id);
  }

  void PublishEmployee(const std::string& id, const std::string& full_name,
                       const std::string& department) {
    registry_events::PublishEmployee(nats_url_, id, full_name, department);
  }

  // Two clients, a contact person, an edition at 8 000,00 RUB/m²; the manager and the head in
  // "Отдел продаж 1", the other manager and head in "Отдел продаж 2".
  void SeedRegistry() {
    client_id_ = common::NewUuid();
    second_client_id_ = common::NewUuid();
    person_id_ = common::NewUuid();
    project_id_ = common::NewUuid();
    edition_id_ = common::NewUuid();
    PublishClient(client_id_, "СтройМаш");
    PublishClient(second_client_id_, "Волга-Металл");
    registry_events::PublishContactPerson(nats_url_, client_id_, person_id_);
    registry_events::PublishEdition(nats_url_, project_id_, edition_id_, 800'000);
    PublishEmployee(manager_id_, "Петров Иван Сергеевич", "Отдел продаж 1");
    PublishEmployee(head_id_, "Кузнецова Ольга Игоревна", "Отдел продаж 1");
    PublishEmployee(other_manager_id_, "Сидорова Анна Викторовна", "Отдел продаж 2");
    PublishEmployee(other_head_id_, "Морозов Павел Андреевич", "Отдел продаж 2");
    ASSERT_TRUE(testing::Eventually([&] {
      return Count("clients") == 2 && Count("contact_persons") == 1 && Count("editions") == 1 &&
             Count("employees") == 4;
    })) << "the registry projection did not fill";
  }

  std::string ClientName() const { return "clients/" + client_id_; }
  std::string EditionName() const { return "projects/" + project_id_ + "/editions/" + edition_id_; }

  // --- the database --------------------------------------------------------------------------

  int64_t Count(const std::string& table, const std::string& where = "true") {
    return crm::testing::CountRows(db_url_, table, where);
  }

  // --- calls ---------------------------------------------------------------------------------

  template <class Stub, class Request, class Response>
  grpc::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const std::string& token, const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    testing::Authorize(context, token);
    return (stub.*method)(&context, request, response);
  }

  // A contact of `owner_token`'s employee with the client, at 2026-03-20 12:00 Samara.
  v1::Contact PlanContact(const std::string& token, const std::string& client_id,
                          const char* at = "2026-03-20T08:00:00Z") {
    v1::PlanContactRequest request;
    auto* c = request.mutable_contact();
    c->set_client("clients/" + client_id);
    if (client_id == client_id_) {
      c->set_contact_person(ClientName() + "/contactPersons/" + person_id_);
    }
    c->set_edition(EditionName());
    c->set_type(v1::CONTACT_TYPE_CALL);
    c->set_purpose("Предложить стенд");
    *c->mutable_scheduled_time() = At(at);
    v1::Contact contact;
    const grpc::Status status =
        Call(*planning_stub_, &v1::PlanningService::Stub::PlanContact, token, request, &contact);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return contact;
  }

  grpc::Status Complete(const std::string& token, const std::string& name,
                        const v1::ContactResult& result, v1::CompleteContactResponse* out) {
    v1::CompleteContactRequest request;
    request.set_name(name);
    *request.mutable_result() = result;
    return Call(*planning_stub_, &v1::PlanningService::Stub::CompleteContact, token, request, out);
  }

  std::string db_url_;
  std::string nats_url_;
  std::atomic<int64_t> now_micros_{0};
  // The planning service as crm-planning assembles it (services/planning/service.h).
  std::unique_ptr<testing::RunningService> server_;
  std::unique_ptr<v1::PlanningService::Stub> planning_stub_;
  std::unique_ptr<v1::SaleService::Stub> sales_stub_;
  std::unique_ptr<v1::CatalogueService::Stub> catalogue_stub_;

  std::string manager_id_, other_manager_id_, head_id_, other_head_id_;
  std::string manager_, other_manager_, head_, other_head_, analyst_, admin_;
  std::string client_id_, second_client_id_, person_id_, project_id_, edition_id_;
};

}  // namespace crm::planning::results_testing
