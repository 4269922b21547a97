// crm.registry.client.merged / merge_undone published on the real stream and handled by the real
// planning-registry consumer: contacts and sales move to the survivor and back.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crm/events/v1/registry_topics.h"
#include "tests/integration/planning/results_fixture.h"

namespace crm::planning::results_testing {
namespace {

class ClientMergeTest : public ResultsTest {
 protected:
  void PublishMerged(const std::string& merge_id, const std::string& event_id,
                     const std::string& msg_id) {
    ev::ClientMerged merged;
    merged.set_survivor(ClientName());
    merged.add_merged("clients/" + second_client_id_);
    merged.set_merge("merges/" + merge_id);
    merged.set_merged_by("employees/" + head_id_);
    testing::PublishEvent(
        nats_url_, events::v1::kClientMerged, event_id, merged,
        testing::PublishOptions{.subject_id = ClientName(), .nats_msg_id = msg_id, .time = ""});
  }

  void PublishUndone(const std::string& merge_id, const std::string& event_id,
                     const std::string& msg_id) {
    ev::ClientMergeUndone undone;
    undone.set_survivor(ClientName());
    undone.add_restored("clients/" + second_client_id_);
    undone.set_merge("merges/" + merge_id);
    testing::PublishEvent(
        nats_url_, events::v1::kClientMergeUndone, event_id, undone,
        testing::PublishOptions{.subject_id = ClientName(), .nats_msg_id = msg_id, .time = ""});
  }

  // The consumer handles the stream in order: once a client.created published now is in the
  // projection, every event published before it was handled.
  void WaitForMarker() {
    const std::string marker = common::NewUuid();
    PublishClient(marker, "Маркер");
    ASSERT_TRUE(
        testing::Eventually([&] { return Count("clients", "id = '" + marker + "'") == 1; }));
  }

  int64_t OnClient(const std::string& table, const std::string& client_id) {
    return Count(table, "client_id = '" + client_id + "'");
  }
};

TEST_F(ClientMergeTest, MergeRepointsContactsAndSalesAndUndoMovesExactlyThoseBack) {
  // The duplicate has two contacts, one completed with a sale; the survivor has one contact.
  const v1::Contact dup_sale = PlanContact(manager_, second_client_id_);
  PlanContact(manager_, second_client_id_);
  PlanContact(manager_, client_id_);
  v1::ContactResult sale;
  sale.mutable_sale()->set_area_dm2(900);
  v1::CompleteContactResponse response;
  ASSERT_TRUE(Complete(manager_, dup_sale.name(), sale, &response).ok());
  ASSERT_EQ(OnClient("contacts", second_client_id_), 2);
  ASSERT_EQ(OnClient("sales", second_client_id_), 1);

  const std::string merge_id = common::NewUuid();
  const std::string event_id = common::NewUuid();
  PublishMerged(merge_id, event_id, event_id);
  ASSERT_TRUE(testing::Eventually([&] { return OnClient("contacts", client_id_) == 3; }));
  EXPECT_EQ(OnClient("contacts", second_client_id_), 0);
  EXPECT_EQ(OnClient("sales", client_id_), 1);
  EXPECT_EQ(Count("client_merge_moves", "merge_id = '" + merge_id + "'"), 3);

  // Redelivered (same ce-id past JetStream's dedup), and republished under a new id: nothing
  // changes.
  PublishMerged(merge_id, event_id, common::NewUuid());
  PublishMerged(merge_id, common::NewUuid(), common::NewUuid());
  WaitForMarker();
  EXPECT_EQ(OnClient("contacts", client_id_), 3);
  EXPECT_EQ(Count("client_merge_moves", "merge_id = '" + merge_id + "'"), 3);
  // A contact planned for the survivor after the merge stays with it when the merge is undone.
  PlanContact(manager_, client_id_);

  const std::string undo_id = common::NewUuid();
  PublishUndone(merge_id, undo_id, undo_id);
  ASSERT_TRUE(testing::Eventually([&] { return OnClient("contacts", second_client_id_) == 2; }));
  EXPECT_EQ(OnClient("contacts", client_id_), 2);
  EXPECT_EQ(OnClient("sales", second_client_id_), 1);
  EXPECT_EQ(OnClient("sales", client_id_), 0);

  // The undo redelivered, then the merge redelivered late: still undone.
  PublishUndone(merge_id, undo_id, common::NewUuid());
  PublishMerged(merge_id, event_id, common::NewUuid());
  WaitForMarker();
  EXPECT_EQ(OnClient("contacts", second_client_id_), 2);
  EXPECT_EQ(OnClient("sales", second_client_id_), 1);
  EXPECT_EQ(Count("client_merges", "state = 'UNDONE'"), 1);
}

// Curator terms move as registry moves them: the duplicate's term goes to the survivor for a
// project the survivor has no curator in; where it has one, the duplicate's term ends. The undo
// puts both back.
TEST_F(ClientMergeTest, CuratorsMoveAsInRegistryAndBackOnUndo) {
  const std::string other_project = common::NewUuid();
  registry_events::PublishCuratorAssigned(nats_url_, client_id_, project_id_, head_id_,
                                          "2026-01-10T07:00:00Z");
  registry_events::PublishCuratorAssigned(nats_url_, second_client_id_, project_id_, manager_id_,
                                          "2026-01-11T07:00:00Z");
  registry_events::PublishCuratorAssigned(nats_url_, second_client_id_, other_project,
                                          other_manager_id_, "2026-01-12T07:00:00Z");
  ASSERT_TRUE(testing::Eventually([&] { return Count("curators", "NOT ended") == 3; }));
  const auto current = [&](const std::string& client_id, const std::string& employee_id) {
    return Count("curators", "NOT ended AND client_id = '" + client_id + "' AND employee_id = '" +
                                 employee_id + "'");
  };

  const std::string merge_id = common::NewUuid();
  PublishMerged(merge_id, common::NewUuid(), common::NewUuid());
  ASSERT_TRUE(testing::Eventually([&] { return current(client_id_, other_manager_id_) == 1; }));
  EXPECT_EQ(current(client_id_, head_id_), 1);     // the survivor's own curator stays
  EXPECT_EQ(current(client_id_, manager_id_), 0);  // the duplicate's, in the same project, ends
  EXPECT_EQ(current(second_client_id_, manager_id_), 0);
  EXPECT_EQ(Count("curators", "NOT ended"), 2);

  PublishUndone(merge_id, common::NewUuid(), common::NewUuid());
  ASSERT_TRUE(
      testing::Eventually([&] { return current(second_client_id_, other_manager_id_) == 1; }));
  EXPECT_EQ(current(second_client_id_, manager_id_), 1);
  EXPECT_EQ(current(client_id_, head_id_), 1);
  EXPECT_EQ(Count("curators", "NOT ended"), 3);
}

TEST_F(ClientMergeTest, MalformedMergeGoesToTheDeadLetterAndMovesNothing) {
  PlanContact(manager_, second_client_id_);
  ev::ClientMerged merged;
  merged.set_survivor(ClientName());
  merged.add_merged("clients/not-a-uuid");
  merged.set_merge("merges/" + common::NewUuid());
  testing::PublishEvent(nats_url_, events::v1::kClientMerged, common::NewUuid(), merged,
                        ClientName());
  WaitForMarker();
  EXPECT_EQ(OnClient("contacts", second_client_id_), 1);
  EXPECT_EQ(Count("client_merges"), 0);
}

}  // namespace
}  // namespace crm::planning::results_testing
