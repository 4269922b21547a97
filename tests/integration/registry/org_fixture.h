#pragma once

#include <google/protobuf/util/json_util.h>

#include <memory>
#include <string>
#include <vector>

#include "common/bus/topic.h"
#include "crm/registry/v1/exhibitions.grpc.pb.h"
#include "crm/registry/v1/groups.grpc.pb.h"
#include "crm/registry/v1/staff.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/integration/registry/registry_fixture.h"

// The registry's organisation services (staff and curators, ...) served next to RegistryService
// over the same fresh database.
namespace crm::registry::integration {

class OrgTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    staff_ = v1::StaffService::NewStub(server_->channel());
    exhibitions_ = v1::ExhibitionService::NewStub(server_->channel());
    groups_ = v1::GroupService::NewStub(server_->channel());
  }

  template <class Stub, class Request, class Response>
  grpc::Status CallOn(Stub& stub,
                      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                      const Request& request, Response* response, const std::string& token) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    if (!token.empty()) {
      crm::testing::Authorize(context, token);
    }
    return (stub.*method)(&context, request, response);
  }

  v1::Employee MustCreateEmployee(const std::string& full_name, const std::string& email) {
    v1::CreateEmployeeRequest request;
    request.mutable_employee()->set_full_name(full_name);
    request.mutable_employee()->set_email(email);
    v1::Employee out;
    grpc::Status status = Call(&v1::RegistryService::Stub::CreateEmployee, request, &out, head());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // A client with a fresh valid INN.
  v1::Client MustCreateNumberedClient(int number, const std::string& display_name) {
    v1::Client client;
    client.set_display_name(display_name);
    client.set_legal_name("ООО «" + display_name + "»");
    client.set_inn(LegalEntityInn(number));
    client.set_kpp("631601001");
    return MustCreateClient(client);
  }

  grpc::Status Assign(const std::string& client, const std::string& project,
                      const std::string& employee, v1::Curator* out, const std::string& token,
                      const std::string& contact_person = "") {
    v1::AssignCuratorRequest request;
    request.set_client(client);
    request.set_project(project);
    request.set_employee(employee);
    request.set_contact_person(contact_person);
    return CallOn(*staff_, &v1::StaffService::Stub::AssignCurator, request, out, token);
  }

  v1::Curator MustAssign(const std::string& client, const std::string& project,
                         const std::string& employee) {
    v1::Curator out;
    grpc::Status status = Assign(client, project, employee, &out, head());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::Edition MustCreateEdition(const std::string& project, const std::string& display_name,
                                int year) {
    v1::CreateEditionRequest request;
    request.set_parent(project);
    *request.mutable_edition() = SampleEdition(display_name, year);
    v1::Edition out;
    grpc::Status status = Call(&v1::RegistryService::Stub::CreateEdition, request, &out, head());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  long CountWhere(const std::string& sql) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx.exec1(sql)[0].as<long>();
  }

  template <class Payload>
  long EventCount(const common::bus::Topic<Payload>& topic) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    return tx
        .exec_params1("SELECT count(*) FROM outbox WHERE subject = $1",
                      std::string(topic.subject))[0]
        .as<long>();
  }

  std::unique_ptr<v1::StaffService::Stub> staff_;
  std::unique_ptr<v1::ExhibitionService::Stub> exhibitions_;
  std::unique_ptr<v1::GroupService::Stub> groups_;
};

}  // namespace crm::registry::integration
