// The planning service against a real PostgreSQL and a real nats-server: the registry projection
// fed by events through the real EventConsumer, the gRPC API in process, and the outbox relayed
// to JetStream by the real OutboxRelay.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
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
#include "common/bus/nats_client.h"
#include "common/bus/outbox.h"
#include "common/core/ids.h"
#include "common/db/pool.h"
#include "crm/events/v1/planning_topics.h"
#include "crm/events/v1/registry_topics.h"
#include "crm/planning/v1/planning.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/planning/service.h"
#include "tests/integration/planning/registry_events.h"
#include "tests/support/eventually.h"
#include "tests/support/query_number.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using common::auth::Role;
using google::protobuf::Timestamp;
using google::protobuf::util::MessageDifferencer;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using testing::Eventually;
using ::testing::UnorderedElementsAre;

// Sale dates are local dates in the configured zone; ServiceMain sets TZ from CRM_TIME_ZONE, so
// the test process does the same before any test runs.
class SamaraTimeZone : public ::testing::Environment {
 public:
  void SetUp() override {
    setenv("TZ", "Europe/Samara", 1);
    tzset();
  }
};
[[maybe_unused]] ::testing::Environment* const kSamaraTimeZone =
    ::testing::AddGlobalTestEnvironment(new SamaraTimeZone);

Timestamp At(const char* rfc3339) {
  Timestamp t;
  if (!TimeUtil::FromString(rfc3339, &t)) {
    throw std::invalid_argument(rfc3339);
  }
  return t;
}

// A relay's publish with our own ce-id / Nats-Msg-Id / ce-time: a second message with the same
// ce-id and another Nats-Msg-Id gets past JetStream's de-duplication and reaches the consumer, as
// a redelivery or a republish after the duplicate window would.
template <class Payload>
void PublishRaw(const std::string& nats_url, const common::bus::Topic<Payload>& topic,
                const std::string& ce_id, const std::string& msg_id, const std::string& ce_time,
                const std::type_identity_t<Payload>& payload) {
  testing::PublishEvent(
      nats_url, topic, ce_id, payload,
      testing::PublishOptions{.subject_id = "", .nats_msg_id = msg_id, .time = ce_time});
}

template <class Message>
Message Parse(const std::string& json) {
  Message message;
  common::bus::FromJson(json, &message);
  return message;
}

class PlanningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& env = testing::TestEnvironment::Get();
    db_url_ = env.FreshDatabase("planning");
    nats_url_ = env.FreshNats();
    SetNow("2026-03-16T07:00:00Z");  // 11:00 in Samara
    server_ = std::make_unique<testing::RunningService>(
        Definition([this] { return TimeUtil::MicrosecondsToTimestamp(now_micros_.load()); }),
        db_url_, nats_url_);
    stub_ = v1::PlanningService::NewStub(server_->channel());

    manager_id_ = common::NewUuid();
    other_manager_id_ = common::NewUuid();
    head_id_ = common::NewUuid();
    manager_ = testing::TokenFor("employees/" + manager_id_, {Role::kSalesManager});
    other_manager_ = testing::TokenFor("employees/" + other_manager_id_, {Role::kSalesManager});
    head_ = testing::TokenFor("employees/" + head_id_, {Role::kSalesHead});
    analyst_ = testing::TokenFor("employees/" + common::NewUuid(), {Role::kAnalyst});
  }

  void TearDown() override {
    stub_.reset();
    server_.reset();
  }

  void SetNow(const char* rfc3339) { now_micros_ = TimeUtil::TimestampToMicroseconds(At(rfc3339)); }

  // --- the registry side -------------------------------------------------------------------

  ev::ClientSnapshot Client(const std::string& id, const std::string& display_name) {
    ev::ClientSnapshot c;
    c.set_client("clients/" + id);
    c.set_display_name(display_name);
    c.set_legal_name("ООО «" + display_name + "»");
    c.set_inn("7701234567");
    c.set_kpp("770101001");
    c.set_ogrn("1027700132195");
    c.set_legal_address("101000, г. Москва, ул. Мясницкая, д. 1");
    c.set_phone("+7 495 123-45-67");
    c.set_email("info@stroymash.example");
    return c;
  }

  void PublishClient(const std::string& id, const std::string& display_name) {
    ev::ClientCreated created;
    *created.mutable_client() = Client(id, display_name);
    testing::PublishEvent(nats_url_, events::v1::kClientCreated, common::NewUuid(), created,
                          "clients/" + id);
  }

  void PublishPerson(const std::string& client_id, const std::string& person_id) {
    registry_events::PublishContactPerson(nats_url_, client_id, person_id);
  }

  void PublishEdition(const std::string& project_id, const std::string& edition_id, int64_t price) {
    registry_events::PublishEdition(nats_url_, project_id, edition_id, price);
  }

  void PublishEmployee(const std::string& id, const std::string& full_name,
                       const std::string& department = "Отдел продаж") {
    registry_events::PublishEmployee(nats_url_, id, full_name, department);
  }

  // A client with a contact person, an edition at 8 000,00 RUB/m², the two managers and their head,
  // known to planning once the consumer has handled the events.
  void SeedRegistry() {
    client_id_ = common::NewUuid();
    person_id_ = common::NewUuid();
    project_id_ = common::NewUuid();
    edition_id_ = common::NewUuid();
    PublishClient(client_id_, "СтройМаш");
    PublishPerson(client_id_, person_id_);
    PublishEdition(project_id_, edition_id_, 800'000);
    PublishEmployee(manager_id_, "Петров Иван Сергеевич");
    PublishEmployee(other_manager_id_, "Сидорова Анна Викторовна");
    PublishEmployee(head_id_, "Кузнецов Олег Николаевич");  // their head, same department
    ASSERT_TRUE(Eventually([&] {
      return Count("clients") == 1 && Count("contact_persons") == 1 && Count("editions") == 1 &&
             Count("employees") == 3;
    })) << "the registry projection did not fill";
  }

  std::string ClientName() const { return "clients/" + client_id_; }
  std::string PersonName() const { return ClientName() + "/contactPersons/" + person_id_; }
  std::string EditionName() const { return "projects/" + project_id_ + "/editions/" + edition_id_; }

  // --- the database ------------------------------------------------------------------------

  int64_t Count(const std::string& table, const std::string& where = "true") {
    return crm::testing::CountRows(db_url_, table, where);
  }
  template <class Payload>
  int64_t OutboxCount(const common::bus::Topic<Payload>& topic) {
    return Count("outbox", "subject = '" + std::string(topic.subject) + "'");
  }

  // --- calls -------------------------------------------------------------------------------

  template <class Request, class Response>
  grpc::Status Call(grpc::Status (v1::PlanningService::Stub::*method)(grpc::ClientContext*,
                                                                      const Request&, Response*),
                    const std::string& token, const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    if (!token.empty()) {
      testing::Authorize(context, token);
    }
    return (stub_.get()->*method)(&context, request, response);
  }

  v1::PlanContactRequest PlanRequest(const char* scheduled = "2026-03-20T08:00:00Z") {
    v1::PlanContactRequest request;
    auto* c = request.mutable_contact();
    c->set_client(ClientName());
    c->set_contact_person(PersonName());
    c->set_edition(EditionName());
    c->set_type(v1::CONTACT_TYPE_MEETING);
    c->set_purpose("Предложить угловой стенд 12,5 м² в павильоне 3");
    *c->mutable_scheduled_time() = At(scheduled);
    return request;
  }

  grpc::Status Plan(const std::string& token, const v1::PlanContactRequest& request,
                    v1::Contact* out) {
    return Call(&v1::PlanningService::Stub::PlanContact, token, request, out);
  }

  v1::Contact PlanOk(const std::string& token, const v1::PlanContactRequest& request) {
    v1::Contact contact;
    const grpc::Status status = Plan(token, request, &contact);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return contact;
  }

  grpc::Status Complete(const std::string& token, const std::string& name,
                        const v1::ContactResult& result, v1::CompleteContactResponse* out) {
    v1::CompleteContactRequest request;
    request.set_name(name);
    *request.mutable_result() = result;
    return Call(&v1::PlanningService::Stub::CompleteContact, token, request, out);
  }

  static v1::ContactResult SaleResult(int64_t area_dm2, const std::string& stand = "B-14") {
    v1::ContactResult result;
    result.mutable_sale()->set_area_dm2(area_dm2);
    result.mutable_sale()->set_stand_number(stand);
    return result;
  }

  std::string db_url_;
  std::string nats_url_;
  std::atomic<int64_t> now_micros_{0};
  // crm-planning as its main.cpp assembles it (services/planning/service.h).
  std::unique_ptr<testing::RunningService> server_;
  std::unique_ptr<v1::PlanningService::Stub> stub_;

  std::string manager_id_, other_manager_id_, head_id_;
  std::string manager_, other_manager_, head_, analyst_;
  std::string client_id_, person_id_, project_id_, edition_id_;
};

// --- the registry projection -----------------------------------------------------------------

TEST_F(PlanningTest, ProjectionFollowsRegistryEventsAndIgnoresRedelivery) {
  SeedRegistry();
  {
    pqxx::connection conn(db_url_);
    pqxx::work tx(conn);
    auto row = tx.exec_params1(
        "SELECT display_name, inn, kpp, legal_address FROM clients WHERE id = $1", client_id_);
    EXPECT_EQ(row[0].as<std::string>(), "СтройМаш");
    EXPECT_EQ(row[1].as<std::string>(), "7701234567");
    EXPECT_EQ(row[2].as<std::string>(), "770101001");
    EXPECT_EQ(row[3].as<std::string>(), "101000, г. Москва, ул. Мясницкая, д. 1");
    auto edition = tx.exec_params1(
        "SELECT price_per_m2, currency_code, start_date::text, project_id::text FROM editions"
        " WHERE id = $1",
        edition_id_);
    EXPECT_EQ(edition[0].as<int64_t>(), 800'000);
    EXPECT_EQ(edition[1].as<std::string>(), "RUB");
    EXPECT_EQ(edition[2].as<std::string>(), "2026-09-15");
    EXPECT_EQ(edition[3].as<std::string>(), project_id_);
  }

  // client.updated replaces the whole snapshot.
  ev::ClientUpdated updated;
  *updated.mutable_client() = Client(client_id_, "СтройМаш-Поволжье");
  updated.mutable_client()->set_kpp("631601001");
  const std::string update_id = common::NewUuid();
  testing::PublishEvent(nats_url_, events::v1::kClientUpdated, update_id, updated);
  ASSERT_TRUE(Eventually([&] {
    return Count("clients", "display_name = 'СтройМаш-Поволжье' AND kpp = '631601001'") == 1;
  }));

  // The same event id again, with a different payload so a re-application would show: the
  // consumer sees it (processed() grows) and changes nothing.
  const uint64_t processed_before = server_->consumer().processed();
  ev::ClientUpdated replay = updated;
  replay.mutable_client()->set_display_name("ДОЛЖНО БЫТЬ ПРОИГНОРИРОВАНО");
  PublishRaw(nats_url_, events::v1::kClientUpdated, update_id, common::NewUuid(), "", replay);
  ASSERT_TRUE(Eventually([&] { return server_->consumer().processed() > processed_before; }));
  EXPECT_EQ(Count("clients", "display_name = 'СтройМаш-Поволжье'"), 1);
  EXPECT_EQ(Count("processed_events", "event_id = '" + update_id + "'"), 1);

  // A new event id with a snapshot already applied is an idempotent upsert: still one row.
  testing::PublishEvent(nats_url_, events::v1::kClientUpdated, common::NewUuid(), updated);
  // The seed's nine events (each employee's unit and membership are two) and the two updates.
  ASSERT_TRUE(Eventually([&] { return Count("processed_events") == 11; }));
  EXPECT_EQ(Count("clients"), 1);
  EXPECT_EQ(server_->consumer().dead_lettered(), 0u);
}

TEST_F(PlanningTest, ProjectionKeepsTheNewerSnapshotWhenEventsArriveOutOfOrder) {
  const std::string id = common::NewUuid();
  ev::ClientUpdated newer;
  *newer.mutable_client() = Client(id, "Новое имя");
  ev::ClientCreated older;
  *older.mutable_client() = Client(id, "Старое имя");
  PublishRaw(nats_url_, events::v1::kClientUpdated, common::NewUuid(), common::NewUuid(),
             "2026-03-10T10:00:00Z", newer);
  PublishRaw(nats_url_, events::v1::kClientCreated, common::NewUuid(), common::NewUuid(),
             "2026-03-01T10:00:00Z", older);
  ASSERT_TRUE(Eventually([&] { return Count("processed_events") == 2; }));
  EXPECT_EQ(Count("clients", "display_name = 'Новое имя'"), 1);
}

TEST_F(PlanningTest, MalformedRegistryEventIsDeadLetteredAndTheConsumerMovesOn) {
  ev::ClientCreated broken;
  broken.mutable_client()->set_client("clients/not-a-uuid");
  testing::PublishEvent(nats_url_, events::v1::kClientCreated, common::NewUuid(), broken);
  PublishClient(common::NewUuid(), "После сломанного");
  ASSERT_TRUE(Eventually([&] { return Count("clients") == 1; }));
  EXPECT_TRUE(Eventually([&] { return server_->consumer().dead_lettered() == 1; }));
}

// --- PlanContact -------------------------------------------------------------------------------

TEST_F(PlanningTest, PlanContactStoresThePlanAndPublishesContactPlanned) {
  SeedRegistry();
  auto request = PlanRequest();
  request.set_request_id("plan-" + common::NewUuid());
  request.mutable_contact()->set_purpose_kind(v1::CONTACT_PURPOSE_SEND_OFFER);
  const v1::Contact contact = PlanOk(manager_, request);

  EXPECT_TRUE(common::ParseResourceId(contact.name(), "contacts").has_value()) << contact.name();
  EXPECT_EQ(contact.client(), ClientName());
  EXPECT_EQ(contact.contact_person(), PersonName());
  EXPECT_EQ(contact.edition(), EditionName());
  EXPECT_EQ(contact.type(), v1::CONTACT_TYPE_MEETING);
  EXPECT_EQ(contact.owner(), "employees/" + manager_id_);  // defaulted to the caller
  EXPECT_EQ(contact.state(), v1::CONTACT_STATE_PLANNED);
  EXPECT_EQ(TimeUtil::ToString(contact.scheduled_time()), "2026-03-20T08:00:00Z");
  EXPECT_EQ(TimeUtil::ToString(contact.create_time()), "2026-03-16T07:00:00Z");
  EXPECT_FALSE(contact.has_result());

  v1::GetContactRequest get;
  get.set_name(contact.name());
  v1::Contact read;
  ASSERT_TRUE(Call(&v1::PlanningService::Stub::GetContact, analyst_, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read, contact)) << read.DebugString();

  // The same request_id again returns the same contact and writes nothing more.
  const v1::Contact again = PlanOk(manager_, request);
  EXPECT_EQ(again.name(), contact.name());
  EXPECT_EQ(Count("contacts"), 1);
  EXPECT_EQ(OutboxCount(events::v1::kContactPlanned), 1);

  auto events = testing::ReadStream(nats_url_, events::v1::kContactPlanned, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, std::string(events::v1::kContactPlanned.subject) + ".v1");
  const auto planned = Parse<ev::ContactPlanned>(events[0].data);
  EXPECT_EQ(planned.contact(), contact.name());
  EXPECT_EQ(planned.client(), ClientName());
  EXPECT_EQ(planned.contact_person(), PersonName());
  EXPECT_EQ(planned.edition(), EditionName());
  EXPECT_EQ(planned.type(), v1::CONTACT_TYPE_MEETING);
  EXPECT_EQ(planned.purpose(), request.contact().purpose());
  EXPECT_EQ(planned.purpose_kind(), v1::CONTACT_PURPOSE_SEND_OFFER);
  EXPECT_EQ(planned.owner(), "employees/" + manager_id_);
  EXPECT_EQ(TimeUtil::ToString(planned.scheduled_time()), "2026-03-20T08:00:00Z");
  EXPECT_TRUE(planned.rescheduled_from().empty());
}

// A request_id is the caller's own: another manager who learns it plans their own contact and
// never receives the first manager's.
TEST_F(PlanningTest, PlanContactRequestIdIsKeyedByTheCaller) {
  SeedRegistry();
  auto request = PlanRequest();
  request.set_request_id("plan-" + common::NewUuid());
  const v1::Contact mine = PlanOk(manager_, request);
  EXPECT_EQ(PlanOk(manager_, request).name(), mine.name());
  EXPECT_EQ(Count("contacts"), 1);

  const v1::Contact theirs = PlanOk(other_manager_, request);
  EXPECT_NE(theirs.name(), mine.name());
  EXPECT_EQ(theirs.owner(), "employees/" + other_manager_id_);
  EXPECT_EQ(Count("contacts"), 2);

  // The same caller and key with another body is refused and plans nothing.
  request.mutable_contact()->set_purpose("Другая цель");
  v1::Contact changed;
  const grpc::Status status = Plan(manager_, request, &changed);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(testing::ErrorInfoReason(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(Count("contacts"), 2);
  EXPECT_EQ(OutboxCount(events::v1::kContactPlanned), 2);
}

TEST_F(PlanningTest, PlanContactRejectsBadInputWithFieldPathsAndWritesNothing) {
  SeedRegistry();
  v1::PlanContactRequest request;
  request.mutable_contact()->set_client("clients/42");
  request.mutable_contact()->set_contact_person("people/1");
  request.mutable_contact()->set_purpose(std::string(3000, 'x'));
  v1::Contact out;
  grpc::Status status = Plan(manager_, request, &out);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("contact.client", "contact.contact_person", "contact.edition",
                                   "contact.type", "contact.purpose", "contact.scheduled_time"));

  status = Plan(manager_, v1::PlanContactRequest(), &out);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("contact"));

  // A person of another client, under this client's name, is a malformed reference.
  auto foreign = PlanRequest();
  foreign.mutable_contact()->set_contact_person("clients/" + common::NewUuid() +
                                                "/contactPersons/" + person_id_);
  status = Plan(manager_, foreign, &out);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("contact.contact_person"));

  EXPECT_EQ(Count("contacts"), 0);
  EXPECT_EQ(Count("outbox"), 0);
}

TEST_F(PlanningTest, PlanContactNeedsAToken) {
  SeedRegistry();
  v1::Contact out;
  EXPECT_EQ(Plan("", PlanRequest(), &out).error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Plan("not-a-jwt", PlanRequest(), &out).error_code(), grpc::UNAUTHENTICATED);
  EXPECT_EQ(Count("contacts"), 0);
}

TEST_F(PlanningTest, PlanContactChecksRolesAndOwnership) {
  SeedRegistry();
  v1::Contact out;
  EXPECT_EQ(Plan(analyst_, PlanRequest(), &out).error_code(), grpc::PERMISSION_DENIED);

  // A sales manager plans only for themself...
  auto for_colleague = PlanRequest();
  for_colleague.mutable_contact()->set_owner("employees/" + other_manager_id_);
  EXPECT_EQ(Plan(manager_, for_colleague, &out).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("contacts"), 0);

  // ...a head of sales for anyone planning knows.
  const v1::Contact planned = PlanOk(head_, for_colleague);
  EXPECT_EQ(planned.owner(), "employees/" + other_manager_id_);
}

TEST_F(PlanningTest, PlanContactIsNotFoundForReferencesPlanningDoesNotKnow) {
  SeedRegistry();
  v1::Contact out;

  auto unknown_client = PlanRequest();
  const std::string stranger = "clients/" + common::NewUuid();
  unknown_client.mutable_contact()->set_client(stranger);
  unknown_client.mutable_contact()->clear_contact_person();
  grpc::Status status = Plan(manager_, unknown_client, &out);
  ASSERT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::ResourceInfoName(status), stranger);

  auto unknown_person = PlanRequest();
  const std::string ghost = ClientName() + "/contactPersons/" + common::NewUuid();
  unknown_person.mutable_contact()->set_contact_person(ghost);
  status = Plan(manager_, unknown_person, &out);
  ASSERT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::ResourceInfoName(status), ghost);

  auto unknown_edition = PlanRequest();
  const std::string nowhere = "projects/" + project_id_ + "/editions/" + common::NewUuid();
  unknown_edition.mutable_contact()->set_edition(nowhere);
  status = Plan(manager_, unknown_edition, &out);
  ASSERT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::ResourceInfoName(status), nowhere);

  // The right edition id under another project is not that edition.
  auto wrong_project = PlanRequest();
  wrong_project.mutable_contact()->set_edition("projects/" + common::NewUuid() + "/editions/" +
                                               edition_id_);
  EXPECT_EQ(Plan(manager_, wrong_project, &out).error_code(), grpc::NOT_FOUND);

  auto unknown_owner = PlanRequest();
  const std::string nobody = "employees/" + common::NewUuid();
  unknown_owner.mutable_contact()->set_owner(nobody);
  status = Plan(head_, unknown_owner, &out);
  ASSERT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::ResourceInfoName(status), nobody);

  EXPECT_EQ(Count("contacts"), 0);
  EXPECT_EQ(Count("outbox"), 0);
}

// --- CompleteContact -----------------------------------------------------------------------------

TEST_F(PlanningTest, SaleRecordsAmountsAndPublishesEverythingASubscriberNeeds) {
  SeedRegistry();
  const v1::Contact contact = PlanOk(manager_, PlanRequest());
  SetNow("2026-03-20T09:15:00Z");

  v1::CompleteContactResponse response;
  const grpc::Status status = Complete(manager_, contact.name(), SaleResult(1250), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // 12.5 m² at 8 000,00 RUB/m² = 100 000,00 net; 22% VAT (a 2026 date) 22 000,00; 122 000,00.
  const v1::Sale& sale = response.sale();
  EXPECT_TRUE(common::ParseResourceId(sale.name(), "sales").has_value()) << sale.name();
  EXPECT_EQ(sale.contact(), contact.name());
  EXPECT_EQ(sale.client(), ClientName());
  EXPECT_EQ(sale.edition(), EditionName());
  EXPECT_EQ(sale.manager(), "employees/" + manager_id_);
  EXPECT_EQ(sale.area_dm2(), 1250);
  EXPECT_EQ(sale.stand_number(), "B-14");
  EXPECT_EQ(sale.price_per_m2().currency_code(), "RUB");
  EXPECT_EQ(sale.price_per_m2().minor_units(), 800'000);
  EXPECT_EQ(sale.net_amount().minor_units(), 10'000'000);
  EXPECT_EQ(sale.vat_rate_bp(), 2200);
  EXPECT_EQ(sale.vat_amount().minor_units(), 2'200'000);
  EXPECT_EQ(sale.total_amount().minor_units(), 12'200'000);
  EXPECT_EQ(sale.total_amount().currency_code(), "RUB");
  EXPECT_EQ(TimeUtil::ToString(sale.sale_time()), "2026-03-20T09:15:00Z");

  EXPECT_EQ(response.contact().state(), v1::CONTACT_STATE_COMPLETED);
  EXPECT_TRUE(response.contact().result().has_sale());
  EXPECT_EQ(TimeUtil::ToString(response.contact().complete_time()), "2026-03-20T09:15:00Z");
  EXPECT_FALSE(response.has_next_contact());
  EXPECT_EQ(Count("contacts", "result_kind = 'sale' AND result ? 'sale'"), 1);

  v1::GetSaleRequest get;
  get.set_name(sale.name());
  v1::Sale read;
  ASSERT_TRUE(Call(&v1::PlanningService::Stub::GetSale, analyst_, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read, sale)) << read.DebugString();

  auto recorded_events = testing::ReadStream(nats_url_, events::v1::kSaleRecorded, 1);
  ASSERT_EQ(recorded_events.size(), 1u);
  const auto recorded = Parse<ev::SaleRecorded>(recorded_events[0].data);
  EXPECT_EQ(recorded.sale(), sale.name());
  EXPECT_EQ(recorded.contact(), contact.name());
  EXPECT_EQ(TimeUtil::ToString(recorded.sale_time()), "2026-03-20T09:15:00Z");
  EXPECT_EQ(recorded.manager().employee(), "employees/" + manager_id_);
  EXPECT_EQ(recorded.manager().full_name(), "Петров Иван Сергеевич");
  EXPECT_EQ(recorded.manager().department(), "Отдел продаж");
  EXPECT_TRUE(MessageDifferencer::Equals(recorded.client(), Client(client_id_, "СтройМаш")))
      << recorded.client().DebugString();
  EXPECT_EQ(recorded.contact_person().contact_person(), PersonName());
  EXPECT_EQ(recorded.contact_person().full_name(), "Иванова Мария Петровна");
  EXPECT_EQ(recorded.contact_person().position(), "Директор по маркетингу");
  EXPECT_EQ(recorded.contact_person().email(), "ivanova@stroymash.example");
  EXPECT_EQ(recorded.edition().edition(), EditionName());
  EXPECT_EQ(recorded.edition().display_name(), "СтройЭкспо-2026");
  EXPECT_EQ(recorded.edition().project(), "projects/" + project_id_);
  EXPECT_EQ(recorded.edition().project_display_name(), "СтройЭкспо");
  EXPECT_EQ(recorded.edition().venue(), "Экспо-Волга, павильон 3");
  EXPECT_EQ(recorded.edition().start_date().day(), 15);
  EXPECT_EQ(recorded.edition().end_date().day(), 18);
  EXPECT_EQ(recorded.edition().price_per_m2().minor_units(), 800'000);
  EXPECT_EQ(recorded.area_dm2(), 1250);
  EXPECT_EQ(recorded.stand_number(), "B-14");
  EXPECT_EQ(recorded.price_per_m2().minor_units(), 800'000);
  EXPECT_EQ(recorded.net_amount().minor_units(), 10'000'000);
  EXPECT_EQ(recorded.vat_rate_bp(), 2200);
  EXPECT_EQ(recorded.vat_amount().minor_units(), 2'200'000);
  EXPECT_EQ(recorded.total_amount().minor_units(), 12'200'000);
  EXPECT_EQ(recorded.total_amount().currency_code(), "RUB");

  auto completed_events = testing::ReadStream(nats_url_, events::v1::kContactCompleted, 1);
  ASSERT_EQ(completed_events.size(), 1u);
  const auto completed = Parse<ev::ContactCompleted>(completed_events[0].data);
  EXPECT_EQ(completed.contact(), contact.name());
  EXPECT_EQ(completed.result_kind(), "sale");
  EXPECT_EQ(completed.result().sale().area_dm2(), 1250);
  EXPECT_EQ(completed.owner(), "employees/" + manager_id_);
  EXPECT_EQ(TimeUtil::ToString(completed.complete_time()), "2026-03-20T09:15:00Z");
}

TEST_F(PlanningTest, VatRateFollowsTheLocalDateOfTheSale) {
  SeedRegistry();
  SetNow("2025-12-20T07:00:00Z");
  const v1::Contact late_2025 = PlanOk(manager_, PlanRequest("2025-12-31T19:00:00Z"));
  const v1::Contact new_year = PlanOk(manager_, PlanRequest("2025-12-31T20:00:00Z"));

  // 23:59:59 in Samara on 31 December: still 2025, 20%.
  SetNow("2025-12-31T19:59:59Z");
  v1::CompleteContactResponse first;
  ASSERT_TRUE(Complete(manager_, late_2025.name(), SaleResult(1250), &first).ok());
  EXPECT_EQ(first.sale().vat_rate_bp(), 2000);
  EXPECT_EQ(first.sale().vat_amount().minor_units(), 2'000'000);
  EXPECT_EQ(first.sale().total_amount().minor_units(), 12'000'000);

  // 00:30 on 1 January in Samara, though still 31 December in UTC: 22%.
  SetNow("2025-12-31T20:30:00Z");
  v1::CompleteContactResponse second;
  ASSERT_TRUE(Complete(manager_, new_year.name(), SaleResult(1250), &second).ok());
  EXPECT_EQ(second.sale().vat_rate_bp(), 2200);
  EXPECT_EQ(second.sale().total_amount().minor_units(), 12'200'000);
}

TEST_F(PlanningTest, RefusalCompletesWithoutASale) {
  SeedRegistry();
  const v1::Contact contact = PlanOk(manager_, PlanRequest());
  v1::ContactResult refusal;
  refusal.mutable_refusal()->set_reason(v1::REFUSAL_REASON_CHOSE_COMPETITOR);
  refusal.mutable_refusal()->set_details("Уходят на выставку конкурентов в Казани");
  v1::CompleteContactResponse response;
  ASSERT_TRUE(Complete(manager_, contact.name(), refusal, &response).ok());
  EXPECT_EQ(response.contact().state(), v1::CONTACT_STATE_COMPLETED);
  EXPECT_EQ(response.contact().result().refusal().reason(), v1::REFUSAL_REASON_CHOSE_COMPETITOR);
  EXPECT_FALSE(response.has_sale());
  EXPECT_EQ(Count("sales"), 0);
  EXPECT_EQ(Count("contacts", "result_kind = 'refusal'"), 1);

  auto events = testing::ReadStream(nats_url_, events::v1::kContactCompleted, 1);
  ASSERT_EQ(events.size(), 1u);
  const auto completed = Parse<ev::ContactCompleted>(events[0].data);
  EXPECT_EQ(completed.result_kind(), "refusal");
  EXPECT_EQ(completed.result().refusal().details(), "Уходят на выставку конкурентов в Казани");
  EXPECT_EQ(OutboxCount(events::v1::kSaleRecorded), 0);
}

TEST_F(PlanningTest, ReschedulePlansTheFollowUp) {
  SeedRegistry();
  auto request = PlanRequest();
  request.mutable_contact()->set_type(v1::CONTACT_TYPE_CALL);
  const v1::Contact contact = PlanOk(manager_, request);

  v1::ContactResult reschedule;
  *reschedule.mutable_reschedule()->mutable_new_time() = At("2026-03-25T10:30:00Z");
  reschedule.mutable_reschedule()->set_reason("ЛПР в командировке до 24 марта");
  v1::CompleteContactResponse response;
  ASSERT_TRUE(Complete(manager_, contact.name(), reschedule, &response).ok());

  EXPECT_EQ(response.contact().state(), v1::CONTACT_STATE_COMPLETED);
  EXPECT_TRUE(response.contact().result().has_reschedule());
  const v1::Contact& next = response.next_contact();
  EXPECT_NE(next.name(), contact.name());
  EXPECT_EQ(next.state(), v1::CONTACT_STATE_PLANNED);
  EXPECT_EQ(next.rescheduled_from(), contact.name());
  EXPECT_EQ(next.client(), contact.client());
  EXPECT_EQ(next.contact_person(), contact.contact_person());
  EXPECT_EQ(next.edition(), contact.edition());
  EXPECT_EQ(next.type(), v1::CONTACT_TYPE_CALL);
  EXPECT_EQ(next.purpose(), contact.purpose());
  EXPECT_EQ(next.owner(), contact.owner());
  EXPECT_EQ(TimeUtil::ToString(next.scheduled_time()), "2026-03-25T10:30:00Z");
  EXPECT_FALSE(response.has_sale());

  v1::GetContactRequest get;
  get.set_name(next.name());
  v1::Contact read;
  ASSERT_TRUE(Call(&v1::PlanningService::Stub::GetContact, manager_, get, &read).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(read, next)) << read.DebugString();

  auto events = testing::ReadStream(nats_url_, "crm.planning.contact.>", 4);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].subject, events::v1::kContactPlanned.subject);
  EXPECT_EQ(events[1].subject, events::v1::kContactCompleted.subject);
  EXPECT_EQ(events[2].subject, events::v1::kContactRescheduled.subject);
  EXPECT_EQ(events[3].subject, events::v1::kContactPlanned.subject);
  const auto rescheduled = Parse<ev::ContactRescheduled>(events[2].data);
  EXPECT_EQ(rescheduled.contact(), contact.name());
  EXPECT_EQ(rescheduled.next_contact(), next.name());
  EXPECT_EQ(TimeUtil::ToString(rescheduled.new_time()), "2026-03-25T10:30:00Z");
  EXPECT_EQ(rescheduled.reason(), "ЛПР в командировке до 24 марта");
  EXPECT_EQ(rescheduled.owner(), contact.owner());
  const auto follow_up = Parse<ev::ContactPlanned>(events[3].data);
  EXPECT_EQ(follow_up.contact(), next.name());
  EXPECT_EQ(follow_up.rescheduled_from(), contact.name());
  EXPECT_EQ(Parse<ev::ContactCompleted>(events[1].data).result_kind(), "reschedule");
}

TEST_F(PlanningTest, NoteCompletesWithFreeText) {
  SeedRegistry();
  const v1::Contact contact = PlanOk(manager_, PlanRequest());
  v1::ContactResult note;
  note.mutable_note()->set_text("Просили прислать схему павильона, решат после праздников");
  v1::CompleteContactResponse response;
  ASSERT_TRUE(Complete(manager_, contact.name(), note, &response).ok());
  EXPECT_EQ(response.contact().result().note().text(),
            "Просили прислать схему павильона, решат после праздников");
  EXPECT_EQ(Count("contacts", "result_kind = 'note'"), 1);
  EXPECT_EQ(OutboxCount(events::v1::kContactCompleted), 1);
}

TEST_F(PlanningTest, CompletingTwiceIsFailedPrecondition) {
  SeedRegistry();
  const v1::Contact contact = PlanOk(manager_, PlanRequest());
  v1::CompleteContactResponse response;
  ASSERT_TRUE(Complete(manager_, contact.name(), SaleResult(1250), &response).ok());

  const grpc::Status again = Complete(manager_, contact.name(), SaleResult(900), &response);
  ASSERT_EQ(again.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(again), "CONTACT_ALREADY_COMPLETED");
  EXPECT_EQ(Count("sales"), 1);
  EXPECT_EQ(OutboxCount(events::v1::kContactCompleted), 1);
  EXPECT_EQ(OutboxCount(events::v1::kSaleRecorded), 1);
}

TEST_F(PlanningTest, CompleteContactRejectsBadInputWithFieldPathsAndWritesNothing) {
  SeedRegistry();
  const v1::Contact contact = PlanOk(manager_, PlanRequest());
  v1::CompleteContactResponse response;

  grpc::Status status = Complete(manager_, contact.name(), v1::ContactResult(), &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("result"));

  status = Complete(manager_, "contacts/1", SaleResult(0, ""), &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("name", "result.sale.area_dm2"));
  // A stand number may stand in for the area only where the edition has a floor plan to take it
  // from; this one has none.
  status = Complete(manager_, contact.name(), SaleResult(0), &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("result.sale.area_dm2"));

  status = Complete(manager_, contact.name(), SaleResult(1'000'001), &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("result.sale.area_dm2"));

  v1::ContactResult refusal;
  refusal.mutable_refusal();
  status = Complete(manager_, contact.name(), refusal, &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("result.refusal.reason"));

  v1::ContactResult past;
  *past.mutable_reschedule()->mutable_new_time() = At("2026-03-15T10:00:00Z");
  status = Complete(manager_, contact.name(), past, &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("result.reschedule.new_time", "result.reschedule.reason"));

  v1::ContactResult note;
  note.mutable_note();
  status = Complete(manager_, contact.name(), note, &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("result.note.text"));

  EXPECT_EQ(Count("contacts", "state = 'PLANNED'"), 1);
  EXPECT_EQ(Count("contacts"), 1);
  EXPECT_EQ(Count("sales"), 0);
  EXPECT_EQ(Count("outbox"), 1);  // only the contact.planned of the setup
}

TEST_F(PlanningTest, CompleteContactChecksTokenRolesAndOwnership) {
  SeedRegistry();
  const v1::Contact contact = PlanOk(manager_, PlanRequest());
  v1::CompleteContactResponse response;

  EXPECT_EQ(Complete("", contact.name(), SaleResult(1250), &response).error_code(),
            grpc::UNAUTHENTICATED);
  EXPECT_EQ(Complete(analyst_, contact.name(), SaleResult(1250), &response).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Complete(other_manager_, contact.name(), SaleResult(1250), &response).error_code(),
            grpc::PERMISSION_DENIED);
  EXPECT_EQ(Count("sales"), 0);
  EXPECT_EQ(Count("contacts", "state = 'PLANNED'"), 1);

  // A head of sales completes any contact; the sale is the owner's.
  ASSERT_TRUE(Complete(head_, contact.name(), SaleResult(1250), &response).ok());
  EXPECT_EQ(response.sale().manager(), "employees/" + manager_id_);
}

TEST_F(PlanningTest, CompleteContactIsNotFoundForAnUnknownContact) {
  SeedRegistry();
  const std::string unknown = "contacts/" + common::NewUuid();
  v1::CompleteContactResponse response;
  const grpc::Status status = Complete(manager_, unknown, SaleResult(1250), &response);
  ASSERT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::ResourceInfoName(status), unknown);
}

TEST_F(PlanningTest, SaleWaitsForAnEditionPrice) {
  SeedRegistry();
  const std::string free_edition = common::NewUuid();
  PublishEdition(project_id_, free_edition, 0);
  ASSERT_TRUE(Eventually([&] { return Count("editions") == 2; }));
  auto request = PlanRequest();
  request.mutable_contact()->set_edition("projects/" + project_id_ + "/editions/" + free_edition);
  const v1::Contact contact = PlanOk(manager_, request);
  v1::CompleteContactResponse response;
  const grpc::Status status = Complete(manager_, contact.name(), SaleResult(1250), &response);
  ASSERT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "EDITION_PRICE_UNSET");
  EXPECT_EQ(Count("sales"), 0);
  EXPECT_EQ(Count("contacts", "state = 'PLANNED'"), 1);
}

// --- GetContact / ListContacts ------------------------------------------------------------------

TEST_F(PlanningTest, GetContactValidatesAuthenticatesAndReportsNotFound) {
  v1::GetContactRequest request;
  v1::Contact out;
  request.set_name("contacts/nope");
  grpc::Status status = Call(&v1::PlanningService::Stub::GetContact, manager_, request, &out);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("name"));

  request.set_name("contacts/" + common::NewUuid());
  status = Call(&v1::PlanningService::Stub::GetContact, manager_, request, &out);
  ASSERT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::ResourceInfoName(status), request.name());

  EXPECT_EQ(Call(&v1::PlanningService::Stub::GetContact, "", request, &out).error_code(),
            grpc::UNAUTHENTICATED);
}

TEST_F(PlanningTest, ReadsAreDeniedToATokenWithoutCrmRoles) {
  SeedRegistry();
  const v1::Contact planned = PlanOk(manager_, PlanRequest());
  // Valid for this audience and signed by the identity provider, but with no CRM role.
  const std::string no_roles = testing::TokenFor("employees/" + manager_id_, {});
  v1::GetContactRequest get;
  get.set_name(planned.name());
  v1::Contact contact;
  grpc::Status status = Call(&v1::PlanningService::Stub::GetContact, no_roles, get, &contact);
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED) << status.error_message();
  v1::ListContactsRequest list;
  v1::ListContactsResponse contacts;
  status = Call(&v1::PlanningService::Stub::ListContacts, no_roles, list, &contacts);
  EXPECT_EQ(status.error_code(), grpc::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(contacts.contacts_size(), 0);
  // The same subject with its role reads the contact.
  EXPECT_TRUE(Call(&v1::PlanningService::Stub::GetContact, manager_, get, &contact).ok());
}

TEST_F(PlanningTest, ListContactsPagesInScheduleOrderWithFilters) {
  SeedRegistry();
  const char* times[] = {"2026-03-19T08:00:00Z", "2026-03-17T08:00:00Z", "2026-03-18T08:00:00Z",
                         "2026-03-17T08:00:00Z", "2026-03-21T08:00:00Z"};
  for (const char* t : times) {
    PlanOk(manager_, PlanRequest(t));
  }
  auto colleague = PlanRequest("2026-03-18T12:00:00Z");
  colleague.mutable_contact()->set_owner("employees/" + other_manager_id_);
  PlanOk(head_, colleague);

  // Every owner, two per page, in (scheduled_time, id) order.
  std::vector<v1::Contact> all;
  v1::ListContactsRequest request;
  request.set_page_size(2);
  int pages = 0;
  do {
    v1::ListContactsResponse page;
    ASSERT_TRUE(Call(&v1::PlanningService::Stub::ListContacts, analyst_, request, &page).ok());
    for (const auto& c : page.contacts()) {
      all.push_back(c);
    }
    request.set_page_token(page.next_page_token());
    ++pages;
  } while (!request.page_token().empty() && pages < 10);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(pages, 3);
  for (std::size_t i = 1; i < all.size(); ++i) {
    const auto a = TimeUtil::TimestampToMicroseconds(all[i - 1].scheduled_time());
    const auto b = TimeUtil::TimestampToMicroseconds(all[i].scheduled_time());
    EXPECT_TRUE(a < b || (a == b && all[i - 1].name() < all[i].name())) << i;
  }

  // One owner in [17 March 12:00, 19 March 08:00).
  v1::ListContactsRequest window;
  window.set_owner("employees/" + manager_id_);
  *window.mutable_start_time() = At("2026-03-17T12:00:00Z");
  *window.mutable_end_time() = At("2026-03-19T08:00:00Z");
  v1::ListContactsResponse in_window;
  ASSERT_TRUE(Call(&v1::PlanningService::Stub::ListContacts, manager_, window, &in_window).ok());
  ASSERT_EQ(in_window.contacts_size(), 1);
  EXPECT_EQ(TimeUtil::ToString(in_window.contacts(0).scheduled_time()), "2026-03-18T08:00:00Z");
  EXPECT_TRUE(in_window.next_page_token().empty());
}

TEST_F(PlanningTest, ListContactsRejectsBadInput) {
  SeedRegistry();
  for (int i = 0; i < 3; ++i) {
    PlanOk(manager_, PlanRequest());
  }
  v1::ListContactsRequest request;
  request.set_owner("managers/1");
  request.set_page_size(-1);
  request.set_page_token("definitely not a token");
  *request.mutable_start_time() = At("2026-03-20T00:00:00Z");
  *request.mutable_end_time() = At("2026-03-19T00:00:00Z");
  v1::ListContactsResponse response;
  grpc::Status status =
      Call(&v1::PlanningService::Stub::ListContacts, manager_, request, &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status),
              UnorderedElementsAre("owner", "page_size", "page_token", "end_time"));

  // A token only works with the filters it was issued for.
  v1::ListContactsRequest first;
  first.set_page_size(1);
  ASSERT_TRUE(Call(&v1::PlanningService::Stub::ListContacts, manager_, first, &response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  v1::ListContactsRequest other_filter;
  other_filter.set_owner("employees/" + manager_id_);
  other_filter.set_page_token(response.next_page_token());
  status = Call(&v1::PlanningService::Stub::ListContacts, manager_, other_filter, &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("page_token"));

  // ... and only for the caller it was issued to, even one who may see the same contacts.
  v1::ListContactsRequest same_filters = first;
  same_filters.set_page_token(other_filter.page_token());
  status = Call(&v1::PlanningService::Stub::ListContacts, head_, same_filters, &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("page_token"));
  EXPECT_TRUE(
      Call(&v1::PlanningService::Stub::ListContacts, manager_, same_filters, &response).ok());

  EXPECT_EQ(Call(&v1::PlanningService::Stub::ListContacts, "", first, &response).error_code(),
            grpc::UNAUTHENTICATED);
}

// --- GetSale / ListSales
// ---------------------------------------------------------------------------

TEST_F(PlanningTest, GetSaleValidatesAuthenticatesAndReportsNotFound) {
  v1::GetSaleRequest request;
  v1::Sale out;
  request.set_name("sales/x");
  grpc::Status status = Call(&v1::PlanningService::Stub::GetSale, manager_, request, &out);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("name"));

  request.set_name("sales/" + common::NewUuid());
  status = Call(&v1::PlanningService::Stub::GetSale, manager_, request, &out);
  ASSERT_EQ(status.error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::ResourceInfoName(status), request.name());

  EXPECT_EQ(Call(&v1::PlanningService::Stub::GetSale, "", request, &out).error_code(),
            grpc::UNAUTHENTICATED);
}

TEST_F(PlanningTest, ListSalesShowsEachRoleTheSalesItMaySee) {
  SeedRegistry();
  // A manager of another department, with their own head.
  const std::string outsider_id = common::NewUuid();
  const std::string outsider = testing::TokenFor("employees/" + outsider_id, {Role::kSalesManager});
  const std::string outsider_head_id = common::NewUuid();
  const std::string outsider_head =
      testing::TokenFor("employees/" + outsider_head_id, {Role::kSalesHead});
  PublishEmployee(outsider_id, "Орлова Мария Петровна", "Отдел выставок");
  PublishEmployee(outsider_head_id, "Зайцев Павел Ильич", "Отдел выставок");
  ASSERT_TRUE(Eventually([&] { return Count("employees") == 5; }));

  // Three sales by the manager, one by the colleague, one by the outsider, at increasing times.
  auto sell = [&](const std::string& token, const char* at, int64_t area_dm2) {
    SetNow("2026-03-16T07:00:00Z");
    const v1::Contact c = PlanOk(token, PlanRequest());
    SetNow(at);
    v1::CompleteContactResponse done;
    EXPECT_TRUE(Complete(token, c.name(), SaleResult(area_dm2), &done).ok());
    return done.sale();
  };
  for (const char* t : {"2026-03-20T09:00:00Z", "2026-03-20T10:00:00Z", "2026-03-20T11:00:00Z"}) {
    sell(manager_, t, 1000);
  }
  const v1::Sale colleagues = sell(other_manager_, "2026-03-20T12:00:00Z", 2000);
  const v1::Sale outsiders = sell(outsider, "2026-03-20T13:00:00Z", 3000);

  auto list = [&](const std::string& token, const std::string& manager_id,
                  std::vector<v1::Sale>* out, int page_size = 0) {
    v1::ListSalesRequest request;
    if (!manager_id.empty()) {
      request.set_manager("employees/" + manager_id);
    }
    request.set_page_size(page_size);
    for (int pages = 0; pages < 10; ++pages) {
      v1::ListSalesResponse page;
      grpc::Status status = Call(&v1::PlanningService::Stub::ListSales, token, request, &page);
      if (!status.ok()) {
        return status;
      }
      out->insert(out->end(), page.sales().begin(), page.sales().end());
      if (page.next_page_token().empty()) {
        break;
      }
      request.set_page_token(page.next_page_token());
    }
    return grpc::Status::OK;
  };
  auto managers = [](const std::vector<v1::Sale>& sales) {
    std::vector<std::string> out;
    out.reserve(sales.size());
    for (const auto& s : sales) {
      out.push_back(s.manager());
    }
    return out;
  };
  const std::string mine = "employees/" + manager_id_;
  const std::string colleague = "employees/" + other_manager_id_;
  const std::string other_department = "employees/" + outsider_id;

  // A sales manager gets their own sales, also without asking for a manager, and no one else's.
  std::vector<v1::Sale> sales;
  ASSERT_TRUE(list(manager_, "", &sales).ok());
  EXPECT_THAT(managers(sales), ElementsAre(mine, mine, mine));
  sales.clear();
  EXPECT_EQ(list(manager_, other_manager_id_, &sales).error_code(), grpc::PERMISSION_DENIED);
  v1::GetSaleRequest get;
  get.set_name(colleagues.name());
  v1::Sale read;
  EXPECT_EQ(Call(&v1::PlanningService::Stub::GetSale, manager_, get, &read).error_code(),
            grpc::PERMISSION_DENIED);

  // A head of sales sees their department's sales, two per page, in sale time order, and not
  // another department's.
  sales.clear();
  ASSERT_TRUE(list(head_, "", &sales, 2).ok());
  EXPECT_THAT(managers(sales), ElementsAre(mine, mine, mine, colleague));
  EXPECT_EQ(TimeUtil::ToString(sales[0].sale_time()), "2026-03-20T09:00:00Z");
  EXPECT_EQ(sales[3].area_dm2(), 2000);
  sales.clear();
  EXPECT_EQ(list(head_, outsider_id, &sales).error_code(), grpc::PERMISSION_DENIED);
  get.set_name(outsiders.name());
  EXPECT_EQ(Call(&v1::PlanningService::Stub::GetSale, head_, get, &read).error_code(),
            grpc::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&v1::PlanningService::Stub::GetSale, outsider_head, get, &read).ok());
  sales.clear();
  ASSERT_TRUE(list(outsider_head, "", &sales).ok());
  EXPECT_THAT(managers(sales), ElementsAre(other_department));

  // Analysts and accountants read every sale; an accountant filters by manager.
  sales.clear();
  ASSERT_TRUE(list(analyst_, "", &sales).ok());
  EXPECT_EQ(sales.size(), 5u);
  const std::string accountant =
      testing::TokenFor("employees/" + common::NewUuid(), {Role::kAccountant});
  sales.clear();
  ASSERT_TRUE(list(accountant, other_manager_id_, &sales).ok());
  ASSERT_EQ(sales.size(), 1u);
  EXPECT_EQ(sales[0].name(), colleagues.name());
  ASSERT_TRUE(Call(&v1::PlanningService::Stub::GetSale, accountant, get, &read).ok());
  EXPECT_EQ(read.area_dm2(), 3000);
}

// A head's reach follows registry's department structure: when an admin moves a manager to
// another department (employee.updated with the new unit), the manager's sales and tasks leave
// their old head's view and join the new head's.
TEST_F(PlanningTest, AMoveBetweenDepartmentsMovesTheManagersRecordsToTheOtherHead) {
  SeedRegistry();
  const std::string exhibitions_head_id = common::NewUuid();
  const std::string exhibitions_head =
      testing::TokenFor("employees/" + exhibitions_head_id, {Role::kSalesHead});
  PublishEmployee(exhibitions_head_id, "Зайцев Павел Ильич", "Отдел выставок");
  ASSERT_TRUE(Eventually([&] { return Count("employees") == 4; }));
  SetNow("2026-03-16T07:00:00Z");
  const v1::Contact contact = PlanOk(manager_, PlanRequest());
  SetNow("2026-03-20T09:00:00Z");
  v1::CompleteContactResponse done;
  ASSERT_TRUE(Complete(manager_, contact.name(), SaleResult(1000), &done).ok());

  // Whose sales and tasks each head reads now.
  const auto reads = [&](const std::string& token) {
    v1::GetSaleRequest sale;
    sale.set_name(done.sale().name());
    v1::Sale read_sale;
    v1::GetContactRequest task;
    task.set_name(contact.name());
    v1::Contact read_task;
    v1::ListSalesRequest list;
    v1::ListSalesResponse listed;
    const bool sale_ok = Call(&v1::PlanningService::Stub::GetSale, token, sale, &read_sale).ok();
    const bool task_ok = Call(&v1::PlanningService::Stub::GetContact, token, task, &read_task).ok();
    EXPECT_TRUE(Call(&v1::PlanningService::Stub::ListSales, token, list, &listed).ok());
    return std::vector<bool>{sale_ok, task_ok, listed.sales_size() == 1};
  };
  EXPECT_EQ(reads(head_), std::vector<bool>({true, true, true}));
  EXPECT_EQ(reads(exhibitions_head), std::vector<bool>({false, false, false}));

  PublishEmployee(manager_id_, "Петров Иван Сергеевич", "Отдел выставок");
  ASSERT_TRUE(Eventually([&] {
    return Count("employees", "id = '" + manager_id_ + "' AND department_id = '" +
                                  registry_events::DepartmentId("Отдел выставок") + "'") == 1;
  }));
  EXPECT_EQ(reads(head_), std::vector<bool>({false, false, false}));
  EXPECT_EQ(reads(exhibitions_head), std::vector<bool>({true, true, true}));
}

TEST_F(PlanningTest, ListSalesRejectsBadInputAndNeedsAToken) {
  v1::ListSalesRequest request;
  request.set_manager("employees/not-a-uuid");
  request.set_page_size(-5);
  v1::ListSalesResponse response;
  grpc::Status status = Call(&v1::PlanningService::Stub::ListSales, head_, request, &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), UnorderedElementsAre("manager", "page_size"));

  v1::ListSalesRequest garbage;
  garbage.set_page_token("???");
  status = Call(&v1::PlanningService::Stub::ListSales, head_, garbage, &response);
  ASSERT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("page_token"));

  EXPECT_EQ(Call(&v1::PlanningService::Stub::ListSales, "", v1::ListSalesRequest(), &response)
                .error_code(),
            grpc::UNAUTHENTICATED);
}

}  // namespace
}  // namespace crm::planning
