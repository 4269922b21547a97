// The client base of a project kept as rows (project_base, migration 0068) against the base as
// ListProjectClients used to compute it on every call: after concurrent membership and
// target-group changes by several callers, group deletions, a merge and its undo, client
// deletions and renames, and after the migration's backfill; and paging over overlapping groups.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "services/registry/store/migrations.h"
#include "tests/integration/registry/quality_org_fixture.h"

namespace crm::registry::integration {
namespace {

using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

// The base as ListProjectClients computed it before it was kept (the union of the members of
// every live target group, the participants of the project's editions and the clients with a
// current curator in it), for every project: the oracle of the kept rows.
constexpr char kComputedBase[] = R"sql(
  SELECT p.id AS project_id, b.client_id
  FROM projects p
  CROSS JOIN LATERAL (
    SELECT m.client_id
    FROM project_target_groups t
    JOIN client_groups g ON g.id = t.group_id AND g.deleted_at IS NULL
    JOIN client_group_members m ON m.group_id = t.group_id
    WHERE t.project_id = p.id
    UNION
    SELECT pa.client_id
    FROM editions e JOIN participations pa ON pa.edition_id = e.id
    WHERE e.project_id = p.id
    UNION
    SELECT cu.client_id
    FROM curators cu
    WHERE cu.project_id = p.id AND cu.ended_at IS NULL) b)sql";

// What each kept row must hold, for every pair of the computed base with deleted clients too:
// its client's name and liveness, and each way into the base found on its own (the target groups
// the client is in, its participations and current curator terms counted).
constexpr char kComputedRows[] = R"sql(
  SELECT x.project_id, x.client_id, c.display_name, c.deleted_at IS NULL AS client_live,
         ARRAY(SELECT t.group_id
               FROM project_target_groups t
               JOIN client_groups g ON g.id = t.group_id AND g.deleted_at IS NULL
               JOIN client_group_members m ON m.group_id = t.group_id
                                          AND m.client_id = x.client_id
               WHERE t.project_id = x.project_id
               ORDER BY t.group_id) AS target_groups,
         (SELECT count(*)::integer
          FROM editions e JOIN participations pa ON pa.edition_id = e.id
          WHERE e.project_id = x.project_id AND pa.client_id = x.client_id) AS participations,
         (SELECT count(*)::integer
          FROM curators cu
          WHERE cu.project_id = x.project_id AND cu.client_id = x.client_id
            AND cu.ended_at IS NULL) AS current_curators
  FROM ()sql";

// Every difference between the kept base and the computed one, as text ("missing ...", "extra
// ...", "row ..."); empty when they agree.
std::vector<std::string> BaseDifferences(const std::string& url) {
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  const std::string computed_live =
      std::string("SELECT x.project_id, x.client_id FROM (") + kComputedBase +
      ") x JOIN clients c ON c.id = x.client_id WHERE c.deleted_at IS NULL";
  const std::string stored_live =
      "SELECT project_id, client_id FROM project_base WHERE client_live";
  const std::string computed_rows =
      std::string(kComputedRows) + kComputedBase + ") x JOIN clients c ON c.id = x.client_id";
  const std::string stored_rows =
      "SELECT project_id, client_id, display_name, client_live,"
      " ARRAY(SELECT g FROM unnest(target_groups) g ORDER BY g), participations, current_curators"
      " FROM project_base";
  const auto except = [](const std::string& rows, const std::string& other) {
    std::string sql = "(";
    sql += rows;
    sql += ") EXCEPT (";
    sql += other;
    sql += ")";
    return sql;
  };
  std::vector<std::string> differences;
  for (const auto& [label, sql] : std::vector<std::pair<std::string, std::string>>{
           {"missing ", except(computed_live, stored_live)},
           {"extra ", except(stored_live, computed_live)},
           {"row kept ", except(stored_rows, computed_rows)},
           {"row computed ", except(computed_rows, stored_rows)}}) {
    for (const auto& row : tx.exec(sql)) {
      std::string line = label;
      for (const auto& field : row) {
        line += std::string(field.is_null() ? "NULL" : field.c_str()) + " ";
      }
      differences.push_back(line);
    }
  }
  return differences;
}

long LiveBaseSize(const std::string& url, const std::string& project_id) {
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  return tx
      .exec_params1(std::string("SELECT count(*) FROM (") + kComputedBase +
                        ") x JOIN clients c ON c.id = x.client_id"
                        " WHERE c.deleted_at IS NULL AND x.project_id = $1::uuid",
                    project_id)[0]
      .as<long>();
}

class ProjectBaseTest : public QualityOrgTest {
 protected:
  v1::Group MustCreateTargetGroup(const std::string& display_name) {
    return MustCreateSharedGroup(display_name, v1::GROUP_KIND_TARGET_GROUP);
  }

  grpc::Status SetTargets(const v1::Project& project, const std::vector<v1::Group>& groups) {
    v1::SetProjectTargetGroupsRequest request;
    request.set_project(project.name());
    for (const auto& group : groups) {
      request.add_groups(group.name());
    }
    v1::SetProjectTargetGroupsResponse out;
    return CallOn(*exhibitions_, &Exhibitions::SetProjectTargetGroups, request, &out, analyst());
  }

  grpc::Status ChangeMembers(const v1::Group& group, const std::vector<std::string>& clients,
                             bool add) {
    v1::ChangeGroupMembersResponse out;
    if (add) {
      v1::AddGroupMembersRequest request;
      request.set_group(group.name());
      for (const auto& client : clients) {
        request.add_clients(client);
      }
      return CallOn(*groups_, &Groups::AddGroupMembers, request, &out, analyst());
    }
    v1::RemoveGroupMembersRequest request;
    request.set_group(group.name());
    for (const auto& client : clients) {
      request.add_clients(client);
    }
    return CallOn(*groups_, &Groups::RemoveGroupMembers, request, &out, analyst());
  }

  grpc::Status DeleteGroup(const v1::Group& group) {
    v1::GetGroupRequest get;
    get.set_name(group.name());
    v1::Group current;
    grpc::Status status = CallOn(*groups_, &Groups::GetGroup, get, &current, analyst());
    if (!status.ok()) {
      return status;
    }
    v1::DeleteGroupRequest request;
    request.set_name(group.name());
    request.set_etag(current.etag());
    v1::Group out;
    return CallOn(*groups_, &Groups::DeleteGroup, request, &out, analyst());
  }

  grpc::Status DeleteClient(const std::string& name) {
    v1::DeleteClientRequest request;
    request.set_name(name);
    request.set_etag(Get(name).etag());
    v1::Client out;
    return Call(&v1::RegistryService::Stub::DeleteClient, request, &out, analyst());
  }

  // Every page of the project's base at `page_size`, the display names in order; each page's
  // total_size goes to `totals`.
  std::vector<std::string> AllPages(const v1::Project& project, int page_size,
                                    std::vector<int>* totals) {
    std::vector<std::string> names;
    std::string token;
    do {
      v1::ListProjectClientsRequest request;
      request.set_project(project.name());
      request.set_page_size(page_size);
      request.set_page_token(token);
      v1::ListProjectClientsResponse page;
      grpc::Status status =
          CallOn(*exhibitions_, &Exhibitions::ListProjectClients, request, &page, manager());
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) {
        break;
      }
      totals->push_back(page.total_size());
      for (const auto& item : page.clients()) {
        names.push_back(item.client().name());
      }
      token = page.next_page_token();
    } while (!token.empty());
    return names;
  }

  // The live clients of the project's computed base in the list's order, by name.
  std::vector<std::string> ComputedOrder(const v1::Project& project) {
    pqxx::connection conn(url_);
    pqxx::read_transaction tx(conn);
    std::vector<std::string> names;
    for (const auto& row :
         tx.exec_params(std::string("SELECT 'clients/' || c.id AS name FROM (") + kComputedBase +
                            ") x JOIN clients c ON c.id = x.client_id"
                            " WHERE c.deleted_at IS NULL AND x.project_id = $1::uuid"
                            " ORDER BY c.display_name, c.id",
                        Id(project.name()))) {
      names.emplace_back(row[0].c_str());
    }
    return names;
  }

  std::vector<v1::Client> MustCreateClients(int count, int first_inn, int distinct_names) {
    std::vector<v1::Client> clients;
    clients.reserve(count);
    for (int i = 0; i < count; ++i) {
      clients.push_back(CreateAs(
          Company("Участник " + std::to_string(i % distinct_names), first_inn + i), analyst()));
    }
    return clients;
  }
};

TEST_F(ProjectBaseTest, ConcurrentMemberAndTargetGroupChangesKeepTheBaseExact) {
  const std::vector<v1::Client> clients = MustCreateClients(24, 300, 9);
  const v1::Project fair = MustCreateProject("Волга-Строй");
  const v1::Project expo = MustCreateProject("АгроЭкспо");
  std::vector<v1::Group> groups;
  groups.reserve(4);
  for (int i = 0; i < 4; ++i) {
    groups.push_back(MustCreateTargetGroup("Целевая " + std::to_string(i)));
  }
  ASSERT_TRUE(SetTargets(fair, {groups[0], groups[1], groups[2]}).ok());
  ASSERT_TRUE(SetTargets(expo, {groups[2], groups[3]}).ok());
  const v1::Edition edition = MustCreateEdition(fair.name(), "Волга-Строй 2026", 2026);
  MustParticipate(clients[1].name(), edition.name());
  const v1::Employee anna = MustCreateEmployee("Анна Смирнова", "anna@expo-volga.test");
  MustAssign(clients[2].name(), expo.name(), anna.name());

  // Five callers change memberships of overlapping clients at once (two of them in one group),
  // while a sixth relinks the second project's target groups back and forth.
  std::atomic<int> failures{0};
  std::vector<std::thread> callers;
  callers.reserve(6);
  for (int caller = 0; caller < 5; ++caller) {
    callers.emplace_back([&, caller] {
      const v1::Group& group = groups[caller % 4];
      for (int round = 0; round < 12; ++round) {
        std::vector<std::string> added;
        std::vector<std::string> removed;
        added.reserve(6);
        removed.reserve(4);
        for (int k = 0; k < 6; ++k) {
          added.push_back(clients[(caller * 3 + k * 5 + round) % 24].name());
        }
        for (int k = 0; k < 4; ++k) {
          removed.push_back(clients[(caller + round * 7 + k * 3) % 24].name());
        }
        for (const grpc::Status& status :
             {ChangeMembers(group, added, true), ChangeMembers(group, removed, false)}) {
          if (!status.ok()) {
            ++failures;
            ADD_FAILURE() << status.error_message();
          }
        }
      }
    });
  }
  callers.emplace_back([&] {
    for (int round = 0; round < 8; ++round) {
      grpc::Status status = round % 2 == 0 ? SetTargets(expo, {groups[3], groups[0]})
                                           : SetTargets(expo, {groups[2], groups[3]});
      if (!status.ok()) {
        ++failures;
        ADD_FAILURE() << status.error_message();
      }
    }
  });
  for (auto& thread : callers) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_THAT(BaseDifferences(url_), IsEmpty());
  EXPECT_GT(LiveBaseSize(url_, Id(fair.name())), 10);
  EXPECT_GT(LiveBaseSize(url_, Id(expo.name())), 5);

  std::vector<int> totals;
  EXPECT_THAT(AllPages(fair, 7, &totals), ElementsAreArray(ComputedOrder(fair)));
  for (int total : totals) {
    EXPECT_EQ(total, LiveBaseSize(url_, Id(fair.name())));
  }
}

TEST_F(ProjectBaseTest, GroupDeletionsTargetRemovalMergeUndoAndClientDeletionKeepTheBaseExact) {
  const std::vector<v1::Client> clients = MustCreateClients(12, 400, 12);
  const v1::Project fair = MustCreateProject("Волга-Строй");
  const v1::Project expo = MustCreateProject("АгроЭкспо");
  const std::vector<v1::Group> groups = {
      MustCreateTargetGroup("Строители"), MustCreateTargetGroup("Проектировщики"),
      MustCreateTargetGroup("Поставщики"), MustCreateTargetGroup("Девелоперы")};
  const auto names_of = [&](std::initializer_list<int> indexes) {
    std::vector<std::string> names;
    for (int i : indexes) {
      names.push_back(clients[i].name());
    }
    return names;
  };
  ASSERT_TRUE(ChangeMembers(groups[0], names_of({0, 1, 2, 3, 4}), true).ok());
  ASSERT_TRUE(ChangeMembers(groups[1], names_of({3, 4, 5, 6}), true).ok());
  ASSERT_TRUE(ChangeMembers(groups[2], names_of({6, 7, 8, 11}), true).ok());
  ASSERT_TRUE(ChangeMembers(groups[3], names_of({8, 9, 10}), true).ok());
  ASSERT_TRUE(SetTargets(fair, {groups[0], groups[1], groups[2], groups[3]}).ok());
  ASSERT_TRUE(SetTargets(expo, {groups[1], groups[3]}).ok());
  const v1::Edition edition = MustCreateEdition(fair.name(), "Волга-Строй 2026", 2026);
  MustParticipate(clients[4].name(), edition.name());
  MustParticipate(clients[11].name(), edition.name());
  const v1::Employee anna = MustCreateEmployee("Анна Смирнова", "anna@expo-volga.test");
  MustAssign(clients[3].name(), fair.name(), anna.name());
  MustAssign(clients[11].name(), expo.name(), anna.name());
  EXPECT_THAT(BaseDifferences(url_), IsEmpty());
  EXPECT_EQ(LiveBaseSize(url_, Id(fair.name())), 12);

  // Two target groups with members in common deleted at once.
  std::vector<std::thread> deleters;
  std::vector<grpc::Status> deleted(2);
  deleters.emplace_back([&] { deleted[0] = DeleteGroup(groups[0]); });
  deleters.emplace_back([&] { deleted[1] = DeleteGroup(groups[1]); });
  for (auto& thread : deleters) {
    thread.join();
  }
  ASSERT_TRUE(deleted[0].ok()) << deleted[0].error_message();
  ASSERT_TRUE(deleted[1].ok()) << deleted[1].error_message();
  EXPECT_THAT(BaseDifferences(url_), IsEmpty());
  // Left in the fair's base: the third and fourth groups' members, the participant and the
  // curated client of the deleted groups.
  EXPECT_EQ(LiveBaseSize(url_, Id(fair.name())), 8);

  // A live target group removed from a project.
  ASSERT_TRUE(SetTargets(expo, {}).ok());
  EXPECT_THAT(BaseDifferences(url_), IsEmpty());
  EXPECT_EQ(LiveBaseSize(url_, Id(expo.name())), 1);  // the curated client only

  // A merge moves the twin's membership of the third group (the survivor is in the fourth, the
  // twin too), its participation and its curator term to the survivor; its undo moves them back.
  ASSERT_TRUE(ChangeMembers(groups[3], names_of({11}), true).ok());
  ASSERT_TRUE(SetTargets(expo, {groups[2]}).ok());
  v1::Merge merge;
  grpc::Status status = Merge(Get(clients[9].name()), {Get(clients[11].name())}, &merge);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(merge.moved_group_memberships(), 1);
  EXPECT_EQ(merge.moved_participations(), 1);
  EXPECT_EQ(merge.moved_curators(), 1);
  EXPECT_THAT(BaseDifferences(url_), IsEmpty());
  v1::Merge undone;
  status = Undo(merge.name(), &undone);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(BaseDifferences(url_), IsEmpty());

  // A client deleted leaves every base it is in; a rename reorders it.
  ASSERT_TRUE(DeleteClient(clients[8].name()).ok());
  EXPECT_THAT(BaseDifferences(url_), IsEmpty());
  v1::UpdateClientRequest rename;
  *rename.mutable_client() = Get(clients[10].name());
  rename.mutable_client()->set_display_name("Аааа первый");
  rename.mutable_update_mask()->add_paths("display_name");
  v1::Client renamed;
  status = Call(&v1::RegistryService::Stub::UpdateClient, rename, &renamed, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(BaseDifferences(url_), IsEmpty());
  std::vector<int> totals;
  const std::vector<std::string> listed = AllPages(fair, 3, &totals);
  EXPECT_THAT(listed, ElementsAreArray(ComputedOrder(fair)));
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(listed.front(), clients[10].name());
  EXPECT_EQ(std::count(listed.begin(), listed.end(), clients[8].name()), 0);
}

TEST_F(ProjectBaseTest, PagesOverOverlappingGroupsListEveryClientOnce) {
  // 30 clients under 10 names (ties ordered by id); three groups of 12 that overlap by 4.
  const std::vector<v1::Client> clients = MustCreateClients(30, 500, 10);
  const v1::Project fair = MustCreateProject("Волга-Строй");
  std::vector<v1::Group> groups;
  for (int g = 0; g < 3; ++g) {
    groups.push_back(MustCreateTargetGroup("Целевая " + std::to_string(g)));
    std::vector<std::string> members;
    for (int i = g * 8; i < g * 8 + 12; ++i) {
      members.push_back(clients[i].name());
    }
    ASSERT_TRUE(ChangeMembers(groups.back(), members, true).ok());
  }
  ASSERT_TRUE(SetTargets(fair, groups).ok());
  const v1::Edition edition = MustCreateEdition(fair.name(), "Волга-Строй 2026", 2026);
  MustParticipate(clients[0].name(), edition.name());   // also in a group
  MustParticipate(clients[29].name(), edition.name());  // in no group

  for (int page_size : {1, 4, 7, 50}) {
    std::vector<int> totals;
    const std::vector<std::string> listed = AllPages(fair, page_size, &totals);
    EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), listed.size());
    EXPECT_EQ(listed.size(), 29U);  // clients 0..27 from the groups and 29, not 28
    EXPECT_THAT(listed, ElementsAreArray(ComputedOrder(fair)));
    for (int total : totals) {
      EXPECT_EQ(total, 29);
    }
  }
}

TEST(ProjectBaseMigrationTest, TheMigrationFillsTheBaseOfEveryProject) {
  constexpr int kProjectBaseMigration = 68;
  const std::string url = crm::testing::TestEnvironment::Get().FreshDatabase("registry_base");
  crm::testing::Migrate(url, "registry",
                        crm::testing::MigrationsBefore(Migrations(), kProjectBaseMigration));
  {
    pqxx::connection conn(url);
    pqxx::work tx(conn);
    tx.exec(
        "INSERT INTO projects (id, display_name, created_by)"
        " SELECT md5('project' || i)::uuid, 'Проект ' || i, 'test' FROM generate_series(1, 3) i");
    tx.exec(
        "INSERT INTO clients (id, display_name, legal_name, inn, created_by, updated_by,"
        " deleted_at)"
        " SELECT md5('client' || i)::uuid, 'Клиент ' || (i % 37), 'ИП ' || i,"
        " lpad(i::text, 12, '0'), 'test', 'test', CASE WHEN i % 50 = 0 THEN now() END"
        " FROM generate_series(1, 200) i");
    tx.exec(
        "INSERT INTO client_groups (id, display_name, kind, created_by, updated_by, deleted_at)"
        " SELECT md5('group' || i)::uuid, 'Группа ' || i, 'target_group', 'test', 'test',"
        " CASE WHEN i = 4 THEN now() END FROM generate_series(1, 10) i");
    tx.exec(
        "INSERT INTO client_group_members (group_id, client_id, added_by)"
        " SELECT md5('group' || (1 + i % 10))::uuid, md5('client' || (1 + (i * 7) % 200))::uuid,"
        " 'test' FROM generate_series(1, 600) i ON CONFLICT DO NOTHING");
    tx.exec(
        "INSERT INTO project_target_groups (project_id, group_id, linked_by)"
        " SELECT md5('project' || (1 + i % 3))::uuid, md5('group' || i)::uuid, 'test'"
        " FROM generate_series(1, 10) i"
        " UNION ALL SELECT md5('project3')::uuid, md5('group1')::uuid, 'test'");
    tx.exec(
        "INSERT INTO editions (id, project_id, display_name, start_date, end_date,"
        " price_per_m2_minor, created_by)"
        " VALUES (md5('edition')::uuid, md5('project1')::uuid, 'Выставка', '2026-05-01',"
        " '2026-05-03', 100, 'test')");
    tx.exec(
        "INSERT INTO participations (id, client_id, edition_id, year, created_by)"
        " SELECT md5('participation' || i)::uuid, md5('client' || i)::uuid,"
        " md5('edition')::uuid, 2026, 'test' FROM generate_series(150, 200) i");
    tx.exec(
        "INSERT INTO employees (id, full_name, email, created_by)"
        " VALUES (md5('employee')::uuid, 'Анна', 'anna@expo-volga.test', 'test')");
    tx.exec(
        "INSERT INTO curators (id, client_id, project_id, employee_id, assigned_by, ended_at,"
        " ended_by, end_reason)"
        " SELECT md5('curator' || i)::uuid, md5('client' || i)::uuid, md5('project3')::uuid,"
        " md5('employee')::uuid, 'test', CASE WHEN i % 2 = 0 THEN now() END,"
        " CASE WHEN i % 2 = 0 THEN 'test' END, CASE WHEN i % 2 = 0 THEN 'ended' END"
        " FROM generate_series(180, 200) i");
    tx.commit();
  }
  crm::testing::Migrate(url, "registry", Migrations());

  EXPECT_THAT(BaseDifferences(url), IsEmpty());
  pqxx::connection conn(url);
  pqxx::read_transaction tx(conn);
  EXPECT_GT(tx.exec1("SELECT count(*) FROM project_base")[0].as<long>(), 150);
  EXPECT_GT(tx.exec1("SELECT count(*) FROM project_base WHERE NOT client_live")[0].as<long>(), 0);
}

}  // namespace
}  // namespace crm::registry::integration
