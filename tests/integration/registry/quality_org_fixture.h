#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crm/registry/v1/mailing.grpc.pb.h"
#include "crm/registry/v1/quality.grpc.pb.h"
#include "tests/integration/registry/org_fixture.h"

// The quality and mailing services next to the registry and its organisation services, over the
// same fresh database: merges that move organisation records, duplicate scans and mailings.
namespace crm::registry::integration {

using Quality = v1::ClientQualityService::Stub;
using Mailing = v1::MailingService::Stub;
using Exhibitions = v1::ExhibitionService::Stub;
using Groups = v1::GroupService::Stub;

class QualityOrgTest : public OrgTest {
 protected:
  void SetUp() override {
    OrgTest::SetUp();
    quality_ = v1::ClientQualityService::NewStub(server_->channel());
    mailing_ = v1::MailingService::NewStub(server_->channel());
  }

  static v1::Client Company(const std::string& display_name, int inn_body) {
    v1::Client client;
    client.set_display_name(display_name);
    client.set_legal_name("ООО «" + display_name + "»");
    client.set_inn(LegalEntityInn(inn_body));
    client.set_kpp("631601001");
    return client;
  }

  v1::Client CreateAs(const v1::Client& client, const std::string& token) {
    v1::CreateClientRequest request;
    *request.mutable_client() = client;
    v1::Client out;
    grpc::Status status = Call(&v1::RegistryService::Stub::CreateClient, request, &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::Client Get(const std::string& name) {
    v1::GetClientRequest request;
    request.set_name(name);
    v1::Client out;
    EXPECT_TRUE(Call(&v1::RegistryService::Stub::GetClient, request, &out, analyst()).ok());
    return out;
  }

  v1::ContactPerson AddPerson(const v1::Client& client, const std::string& full_name,
                              bool consent = false, bool primary = false) {
    v1::CreateContactPersonRequest request;
    request.set_parent(client.name());
    request.mutable_contact_person()->set_full_name(full_name);
    request.mutable_contact_person()->set_position("директор");
    request.mutable_contact_person()->set_mailing_consent(consent);
    request.mutable_contact_person()->set_primary(primary);
    v1::ContactPerson out;
    grpc::Status status =
        Call(&v1::RegistryService::Stub::CreateContactPerson, request, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::Group MustCreateSharedGroup(const std::string& display_name,
                                  v1::GroupKind kind = v1::GROUP_KIND_OTHER) {
    v1::CreateGroupRequest request;
    request.mutable_group()->set_display_name(display_name);
    request.mutable_group()->set_kind(kind);
    v1::Group out;
    grpc::Status status = CallOn(*groups_, &Groups::CreateGroup, request, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  void MustAddMembers(const v1::Group& group, const std::vector<std::string>& clients) {
    v1::AddGroupMembersRequest request;
    request.set_group(group.name());
    for (const auto& client : clients) {
      request.add_clients(client);
    }
    v1::ChangeGroupMembersResponse out;
    grpc::Status status = CallOn(*groups_, &Groups::AddGroupMembers, request, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  void MustParticipate(const std::string& client, const std::string& edition) {
    v1::CreateParticipationRequest request;
    request.set_parent(client);
    request.mutable_participation()->set_edition(edition);
    v1::Participation out;
    grpc::Status status =
        CallOn(*exhibitions_, &Exhibitions::CreateParticipation, request, &out, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Merge(const v1::Client& survivor, const std::vector<v1::Client>& merged,
                     v1::Merge* out) {
    v1::MergeClientsRequest request;
    request.set_survivor(survivor.name());
    (*request.mutable_etags())[survivor.name()] = survivor.etag();
    for (const auto& client : merged) {
      request.add_merged(client.name());
      (*request.mutable_etags())[client.name()] = client.etag();
    }
    return CallOn(*quality_, &Quality::MergeClients, request, out, analyst());
  }

  grpc::Status Undo(const std::string& merge, v1::Merge* out) {
    v1::UndoMergeRequest request;
    request.set_name(merge);
    return CallOn(*quality_, &Quality::UndoMerge, request, out, analyst());
  }

  // The rows of a query as text, one string per row with its columns joined by '|'.
  std::vector<std::string> Rows(const std::string& sql) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    std::vector<std::string> rows;
    for (const auto& row : tx.exec(sql)) {
      std::string line;
      for (const auto& field : row) {
        line += (line.empty() ? "" : "|") + std::string(field.is_null() ? "NULL" : field.c_str());
      }
      rows.push_back(line);
    }
    return rows;
  }

  static std::string Id(const std::string& name) { return name.substr(name.rfind('/') + 1); }

  const std::string service_ = crm::testing::TokenFor("services/mailing", {Role::kService});
  std::unique_ptr<Quality> quality_;
  std::unique_ptr<Mailing> mailing_;
};

}  // namespace crm::registry::integration
