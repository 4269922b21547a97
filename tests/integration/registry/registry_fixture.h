#pragma once

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/auth/auth.h"
#include "common/bus/topic.h"
#include "common/core/ids.h"
#include "common/db/pool.h"
#include "crm/events/v1/registry_topics.h"
#include "crm/registry/v1/registry.grpc.pb.h"
#include "crm/registry/v1/staff.grpc.pb.h"
#include "services/registry/service.h"
#include "tests/support/requisites.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_environment.h"

// The registry API served in-process over a fresh database, with callers of every role.
namespace crm::registry::integration {

namespace v1 = crm::registry::v1;
using common::auth::Role;

// Checksum-valid requisites of real companies and people, for tests.
inline constexpr char kSberInn[] = "7707083893";
inline constexpr char kSberKpp[] = "773601001";
inline constexpr char kSberOgrn[] = "1027700132195";
inline constexpr char kSoleTraderInn[] = "500100732259";
inline constexpr char kSoleTraderOgrnip[] = "304500116000157";
inline constexpr char kOtherInn[] = "7736207543";

using crm::testing::LegalEntityInn;

inline v1::Client SberClient() {
  v1::Client client;
  client.set_display_name("Сбербанк");
  client.set_legal_name("ПАО «Сбербанк России»");
  client.set_inn(kSberInn);
  client.set_kpp(kSberKpp);
  client.set_ogrn(kSberOgrn);
  client.set_legal_address("117312, г. Москва, ул. Вавилова, д. 19");
  client.set_phone("+7 (495) 500-55-50");
  client.set_email("info@sberbank.ru");
  return client;
}

inline v1::Client SoleTraderClient() {
  v1::Client client;
  client.set_display_name("ИП Петров");
  client.set_legal_name("Индивидуальный предприниматель Петров Пётр Петрович");
  client.set_inn(kSoleTraderInn);
  client.set_ogrn(kSoleTraderOgrnip);
  return client;
}

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& env = crm::testing::TestEnvironment::Get();
    url_ = env.FreshDatabase("registry");
    // Most tests read what registry publishes from its outbox table and leave the stream as it
    // is; those that read the stream get it empty, and the service's own relay fills it.
    nats_url_ = ReadsTheStream() ? env.FreshNats() : env.SharedNats();
    server_ = std::make_unique<crm::testing::RunningService>(Definition(), url_, nats_url_);
    stub_ = v1::RegistryService::NewStub(server_->channel());
    curators_ = v1::StaffService::NewStub(server_->channel());
  }

  // Whether the test reads the event stream (then it starts empty).
  virtual bool ReadsTheStream() const { return false; }

  // Makes manager() the current curator of `client` (in a project of its own), through the
  // staff API as a head of sales would: sales managers edit only the clients they curate. The
  // first call enrols manager() in the staff directory and creates that project, so it adds
  // employee.created and project.created events; each call adds curator.assigned.
  void CurateByManager(const std::string& client) {
    if (curating_project_.empty()) {
      v1::CreateEmployeeRequest enrol;
      enrol.mutable_employee()->set_full_name("Менеджер Кураторов");
      enrol.mutable_employee()->set_email("curating.manager@expo-volga.test");
      v1::Employee employee;
      grpc::Status status =
          Call(&v1::RegistryService::Stub::CreateEmployee, enrol, &employee, head_);
      ASSERT_TRUE(status.ok()) << status.error_message();
      manager_ = crm::testing::TokenFor(employee.name(), {Role::kSalesManager});
      manager_employee_ = employee.name();
      curating_project_ = MustCreateProject("Проект кураторов").name();
    }
    v1::AssignCuratorRequest request;
    request.set_client(client);
    request.set_project(curating_project_);
    request.set_employee(manager_employee_);
    v1::Curator curator;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    crm::testing::Authorize(context, head_);
    grpc::Status status = curators_->AssignCurator(&context, request, &curator);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Tokens of staff members with one role each; "" calls without credentials.
  const std::string& manager() const { return manager_; }
  const std::string& head() const { return head_; }
  const std::string& analyst() const { return analyst_; }
  const std::string& accountant() const { return accountant_; }
  const std::string& admin() const { return admin_; }

  template <class Request, class Response>
  using Method = grpc::Status (v1::RegistryService::Stub::*)(grpc::ClientContext*, const Request&,
                                                             Response*);

  template <class Request, class Response>
  grpc::Status Call(Method<Request, Response> method, const Request& request, Response* response,
                    const std::string& token) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    if (!token.empty()) {
      crm::testing::Authorize(context, token);
    }
    return ((*stub_).*method)(&context, request, response);
  }

  // UpdateClient of the fields `paths` as `token`.
  grpc::Status Update(const v1::Client& client, const std::vector<std::string>& paths,
                      v1::Client* out, const std::string& token) {
    v1::UpdateClientRequest request;
    *request.mutable_client() = client;
    for (const auto& path : paths) {
      request.mutable_update_mask()->add_paths(path);
    }
    return Call(&v1::RegistryService::Stub::UpdateClient, request, out, token);
  }

  grpc::Status CreateClient(const v1::Client& client, v1::Client* out,
                            const std::string& request_id = "") {
    v1::CreateClientRequest request;
    *request.mutable_client() = client;
    request.set_request_id(request_id);
    return Call(&v1::RegistryService::Stub::CreateClient, request, out, manager_);
  }

  // Creates a client that must succeed.
  v1::Client MustCreateClient(const v1::Client& client) {
    v1::Client out;
    grpc::Status status = CreateClient(client, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::Project MustCreateProject(const std::string& display_name) {
    v1::CreateProjectRequest request;
    request.mutable_project()->set_display_name(display_name);
    v1::Project out;
    grpc::Status status = Call(&v1::RegistryService::Stub::CreateProject, request, &out, head_);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static v1::Edition SampleEdition(const std::string& display_name, int year) {
    v1::Edition edition;
    edition.set_display_name(display_name);
    edition.mutable_start_date()->set_year(year);
    edition.mutable_start_date()->set_month(3);
    edition.mutable_start_date()->set_day(14);
    edition.mutable_end_date()->set_year(year);
    edition.mutable_end_date()->set_month(3);
    edition.mutable_end_date()->set_day(17);
    edition.set_venue("Самара, Экспо-Волга");
    edition.mutable_price_per_m2()->set_currency_code("RUB");
    edition.mutable_price_per_m2()->set_minor_units(1'250'000);
    return edition;
  }

  // Rows in a table of the service's database.
  long Count(const std::string& table) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx.exec1("SELECT count(*) FROM " + tx.quote_name(table))[0].as<long>();
  }

  // The payload of the last event in the outbox on `topic`.
  template <class Payload>
  Payload LastEvent(const common::bus::Topic<Payload>& topic) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    pqxx::row row =
        tx.exec_params1("SELECT payload FROM outbox WHERE subject = $1 ORDER BY seq DESC LIMIT 1",
                        std::string(topic.subject));
    Payload message;
    auto status = google::protobuf::util::JsonStringToMessage(row[0].as<std::string>(), &message);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return message;
  }

  // The payload (JSON) of the first event in the outbox on `topic`.
  template <class Payload>
  std::string FirstPayload(const common::bus::Topic<Payload>& topic) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    pqxx::row row =
        tx.exec_params1("SELECT payload FROM outbox WHERE subject = $1 ORDER BY seq LIMIT 1",
                        std::string(topic.subject));
    return row[0].as<std::string>();
  }

  std::string url_;
  std::string nats_url_;
  // crm-registry as its main.cpp assembles it (services/registry/service.h): every registry
  // API on one channel, the outbox relayed to the test binary's nats-server.
  std::unique_ptr<crm::testing::RunningService> server_;
  std::unique_ptr<v1::RegistryService::Stub> stub_;
  std::unique_ptr<v1::StaffService::Stub> curators_;

 private:
  static std::string Token(Role role) {
    return crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {role});
  }
  std::string manager_ = Token(Role::kSalesManager);
  std::string head_ = Token(Role::kSalesHead);
  std::string analyst_ = Token(Role::kAnalyst);
  std::string accountant_ = Token(Role::kAccountant);
  std::string admin_ = Token(Role::kAdmin);
  std::string manager_employee_;
  std::string curating_project_;
};

}  // namespace crm::registry::integration
