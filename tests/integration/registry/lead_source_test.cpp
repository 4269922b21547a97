// Registry owns a client's lead source: its kind and detail are entered with the client, edited,
// kept in the history and published with the client; a setting made through planning's
// deprecated API arrives as crm.planning.lead_source.set over a real nats-server and registry's
// own consumer applies it unless the client's lead source was set later.

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "crm/events/v1/planning_topics.h"
#include "services/registry/store/migrations.h"
#include "tests/integration/registry/registry_fixture.h"
#include "tests/support/eventually.h"

namespace crm::registry::integration {
namespace {

using crm::testing::Eventually;
using crm::testing::PublishOptions;
using google::protobuf::util::TimeUtil;
using Stub = v1::RegistryService::Stub;

class LeadSourceTest : public RegistryTest {
 protected:
  bool ReadsTheStream() const override { return true; }

  v1::Client Get(const std::string& name) {
    v1::GetClientRequest request;
    request.set_name(name);
    v1::Client client;
    const grpc::Status status = Call(&Stub::GetClient, request, &client, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return client;
  }

  std::vector<v1::ClientVersion> History(const std::string& name) {
    v1::ListClientHistoryRequest request;
    request.set_name(name);
    v1::ListClientHistoryResponse response;
    const grpc::Status status = Call(&Stub::ListClientHistory, request, &response, analyst());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.versions().begin(), response.versions().end()};
  }

  // Publishes what planning publishes when `actor` sets the client's lead source at `when`.
  void SetInPlanning(const std::string& client, crm::planning::v1::LeadSourceKind kind,
                     const std::string& detail, const std::string& actor,
                     std::chrono::system_clock::time_point when) {
    events::v1::LeadSourceSet event;
    auto* source = event.mutable_lead_source();
    source->set_client(client);
    source->set_source(kind);
    source->set_detail(detail);
    source->set_recorded_by(actor);
    *source->mutable_record_time() = TimeUtil::MicrosecondsToTimestamp(
        std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count());
    crm::testing::PublishEvent(nats_url_, events::v1::kLeadSourceSet, common::NewUuid(), event,
                               PublishOptions{client, "", ""});
  }

  // The latest client.updated payload (JSON) of `client` in the outbox.
  std::string LastUpdatedPayload(const std::string& client) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    const pqxx::result rows = tx.exec_params(
        "SELECT payload FROM outbox WHERE subject = $1 AND subject_id = $2 ORDER BY seq DESC "
        "LIMIT 1",
        std::string(events::v1::kClientUpdated.subject), client);
    return rows.empty() ? "" : rows[0][0].as<std::string>();
  }
};

TEST_F(LeadSourceTest, TheKindAndDetailAreEnteredEditedKeptInHistoryAndPublished) {
  v1::Client entered = SberClient();
  entered.set_lead_source_kind(v1::LEAD_SOURCE_KIND_REFERRAL);
  entered.set_lead_source("  рекомендовал ООО «Ромашка»  ");
  const v1::Client created = MustCreateClient(entered);
  EXPECT_EQ(created.lead_source_kind(), v1::LEAD_SOURCE_KIND_REFERRAL);
  EXPECT_EQ(created.lead_source(), "рекомендовал ООО «Ромашка»");

  v1::Client changes;
  changes.set_name(created.name());
  changes.set_etag(created.etag());
  changes.set_lead_source_kind(v1::LEAD_SOURCE_KIND_EXHIBITION_VISITOR);
  changes.set_lead_source("Волга-Строй 2026");
  v1::Client updated;
  const grpc::Status status =
      Update(changes, {"lead_source_kind", "lead_source"}, &updated, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Get(created.name()).lead_source_kind(), v1::LEAD_SOURCE_KIND_EXHIBITION_VISITOR);

  const auto history = History(created.name());
  ASSERT_GE(history.size(), 2u);
  std::vector<std::string> fields;
  for (const auto& change : history[0].field_changes()) {
    fields.push_back(change.field() + ": " + change.before() + " -> " + change.after());
  }
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "lead_source: \"рекомендовал ООО «Ромашка»\" -> \"Волга-Строй 2026\"",
                        "lead_source_kind: \"LEAD_SOURCE_KIND_REFERRAL\" -> "
                        "\"LEAD_SOURCE_KIND_EXHIBITION_VISITOR\""}));

  const std::string payload = LastUpdatedPayload(created.name());
  EXPECT_NE(payload.find("\"leadSourceKind\":\"EXHIBITION_VISITOR\""), std::string::npos)
      << payload;
  EXPECT_NE(payload.find("\"leadSource\":\"Волга-Строй 2026\""), std::string::npos) << payload;

  // The old kind comes back with the version it was in.
  v1::RestoreClientVersionRequest restore;
  restore.set_name(created.name());
  restore.set_version(history.back().version());
  restore.set_etag(updated.etag());
  v1::Client restored;
  const grpc::Status restored_status =
      Call(&Stub::RestoreClientVersion, restore, &restored, analyst());
  ASSERT_TRUE(restored_status.ok()) << restored_status.error_message();
  EXPECT_EQ(restored.lead_source_kind(), v1::LEAD_SOURCE_KIND_REFERRAL);
}

TEST_F(LeadSourceTest, AnUnknownKindIsRefusedAndChangesNothing) {
  const long clients = Count("clients");
  v1::Client entered = SberClient();
  entered.set_lead_source_kind(static_cast<v1::LeadSourceKind>(42));
  v1::Client out;
  grpc::Status status = CreateClient(entered, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(crm::testing::ViolatedFields(status),
            (std::vector<std::string>{"client.lead_source_kind"}));
  EXPECT_EQ(Count("clients"), clients);

  const v1::Client created = MustCreateClient(SberClient());
  v1::Client changes;
  changes.set_name(created.name());
  changes.set_etag(created.etag());
  changes.set_lead_source_kind(static_cast<v1::LeadSourceKind>(42));
  status = Update(changes, {"lead_source_kind"}, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Get(created.name()).etag(), created.etag());

  // An accountant keeps requisites, not where a client came from; without a role, nothing.
  changes.set_lead_source_kind(v1::LEAD_SOURCE_KIND_WEBSITE);
  status = Update(changes, {"lead_source_kind"}, &out, accountant());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = Update(changes, {"lead_source_kind"}, &out,
                  crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {}));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(created.name()).etag(), created.etag());
}

TEST_F(LeadSourceTest, ASettingMadeInPlanningLandsOnTheClientUnlessALaterOneStands) {
  const v1::Client created = MustCreateClient(SberClient());
  const std::string manager = common::ResourceName("employees", common::NewUuid());
  const auto now = std::chrono::system_clock::now();

  SetInPlanning(created.name(), crm::planning::v1::LEAD_SOURCE_KIND_EXHIBITION_VISITOR,
                "Волга-Строй 2026", manager, now);
  ASSERT_TRUE(Eventually([&] {
    return Get(created.name()).lead_source_kind() == v1::LEAD_SOURCE_KIND_EXHIBITION_VISITOR;
  }));
  const v1::Client landed = Get(created.name());
  EXPECT_EQ(landed.lead_source(), "Волга-Строй 2026");
  const auto history = History(created.name());
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history[0].change(), "updated");
  EXPECT_EQ(history[0].actor(), manager);
  EXPECT_NE(LastUpdatedPayload(created.name()).find("EXHIBITION_VISITOR"), std::string::npos);

  // An older setting (a late or handed-over event) and the same event again change nothing;
  // a later one for another client shows the consumer got past them.
  SetInPlanning(created.name(), crm::planning::v1::LEAD_SOURCE_KIND_WEBSITE, "сайт", manager,
                now - std::chrono::hours(1));
  SetInPlanning(created.name(), crm::planning::v1::LEAD_SOURCE_KIND_EXHIBITION_VISITOR,
                "Волга-Строй 2026", manager, now);
  v1::Client other_entered = SberClient();
  other_entered.set_inn("7736207543");
  other_entered.set_kpp("773601001");
  const v1::Client other = MustCreateClient(other_entered);
  SetInPlanning(other.name(), crm::planning::v1::LEAD_SOURCE_KIND_OUTBOUND, "", manager,
                std::chrono::system_clock::now());
  ASSERT_TRUE(Eventually(
      [&] { return Get(other.name()).lead_source_kind() == v1::LEAD_SOURCE_KIND_OUTBOUND; }));
  const v1::Client after = Get(created.name());
  EXPECT_EQ(after.etag(), landed.etag());
  EXPECT_EQ(after.lead_source_kind(), v1::LEAD_SOURCE_KIND_EXHIBITION_VISITOR);

  // An edit in registry after that stands against a setting made before it.
  v1::Client changes;
  changes.set_name(created.name());
  changes.set_etag(after.etag());
  changes.set_lead_source_kind(v1::LEAD_SOURCE_KIND_REFERRAL);
  v1::Client edited;
  ASSERT_TRUE(Update(changes, {"lead_source_kind"}, &edited, analyst()).ok());
  SetInPlanning(created.name(), crm::planning::v1::LEAD_SOURCE_KIND_SOCIAL_MEDIA, "", manager,
                now + std::chrono::milliseconds(1));
  SetInPlanning(other.name(), crm::planning::v1::LEAD_SOURCE_KIND_OTHER, "", manager,
                std::chrono::system_clock::now());
  ASSERT_TRUE(Eventually(
      [&] { return Get(other.name()).lead_source_kind() == v1::LEAD_SOURCE_KIND_OTHER; }));
  EXPECT_EQ(Get(created.name()).lead_source_kind(), v1::LEAD_SOURCE_KIND_REFERRAL);
}

// Migration 0065: the free text entered before becomes the kind where it is one of the usual
// words (the text, then saying nothing more, is cleared); any other text stays as the detail of
// OTHER; no text, no kind.
TEST(LeadSourceMigrationTest, TheUsualWordsBecomeKindsAndOtherTextStaysAsDetail) {
  constexpr int kOwnerMigration = 65;
  const std::string url =
      crm::testing::TestEnvironment::Get().FreshDatabase("registry_lead_source");
  crm::testing::Migrate(url, "registry",
                        crm::testing::MigrationsBefore(Migrations(), kOwnerMigration));
  const std::vector<std::pair<std::string, std::string>> entered = {
      {"7707083893", "exhibition"},
      {"7736207543", " рекомендация "},
      {"7710140679", "от партнёра из Тольятти"},
      {"7702070139", ""}};
  std::vector<std::string> ids;
  {
    pqxx::connection conn(url);
    pqxx::work tx(conn);
    for (const auto& [inn, text] : entered) {
      ids.push_back(common::NewUuid());
      tx.exec_params(
          "INSERT INTO clients (id, display_name, legal_name, inn, kpp, lead_source, created_by, "
          "updated_by) VALUES ($1, $2, $2, $3, '631501001', $4, 'test', 'test')",
          ids.back(), "Клиент " + inn, inn, text);
    }
    tx.commit();
  }
  crm::testing::Migrate(url, "registry", Migrations());
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  std::vector<std::string> after;
  for (const auto& id : ids) {
    const pqxx::row row = tx.exec_params1(
        "SELECT lead_source_kind || '|' || lead_source || '|' || "
        "(lead_source_time IS NOT NULL)::text FROM clients WHERE id = $1",
        id);
    after.push_back(row[0].as<std::string>());
  }
  EXPECT_EQ(after, (std::vector<std::string>{"EXHIBITION_VISITOR||true", "REFERRAL||true",
                                             "OTHER|от партнёра из Тольятти|true", "||false"}));
}

}  // namespace
}  // namespace crm::registry::integration
