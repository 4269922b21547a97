// ClientQualityService against a real PostgreSQL: scans of the whole base for duplicates, merges
// that move group memberships, participation and curators (and their undoing), and the history
// of a survivor with its merged clients.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/quality_org_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class DuplicateScanTest : public QualityOrgTest {
 protected:
  grpc::Status Scan(int page_size, const std::string& token, int min_score,
                    v1::FindDuplicatesResponse* out, const std::string& caller) {
    v1::FindDuplicatesRequest request;
    request.set_page_size(page_size);
    request.set_page_token(token);
    request.set_min_score(min_score);
    return CallOn(*quality_, &Quality::FindDuplicates, request, out, caller);
  }

  // Every page of a scan, in order.
  std::vector<v1::FindDuplicatesResponse> ScanAll(int page_size, int min_score = 0) {
    std::vector<v1::FindDuplicatesResponse> pages;
    std::string token;
    do {
      v1::FindDuplicatesResponse page;
      grpc::Status status = Scan(page_size, token, min_score, &page, analyst());
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) {
        break;
      }
      token = page.next_page_token();
      pages.push_back(page);
    } while (!token.empty() && pages.size() < 100);
    return pages;
  }

  // "a+b:score" for every pair of the pages, the two names in order.
  static std::vector<std::string> Pairs(const std::vector<v1::FindDuplicatesResponse>& pages,
                                        const std::map<std::string, std::string>& label) {
    std::vector<std::string> pairs;
    for (const auto& page : pages) {
      for (const auto& cluster : page.clusters()) {
        for (const auto& pair : cluster.pairs()) {
          std::string a = label.at(pair.client());
          std::string b = label.at(pair.other());
          if (b < a) {
            std::swap(a, b);
          }
          pairs.push_back(a.append("+").append(b).append(":").append(std::to_string(pair.score())));
        }
      }
    }
    return pairs;
  }

  void SetUp() override {
    QualityOrgTest::SetUp();
    v1::Client a = Company("Ромашка", 1);
    a.set_phone("+7 (846) 111-22-33");
    a.set_email("office@romashka.ru");
    v1::Client b = Company("Ромашка", 2);
    v1::Client c = Company("Лютик-Сервис", 3);
    c.set_phone("8 846 111 22 33");
    c.set_email("OFFICE@romashka.ru");
    v1::Client e = Company("Волгастрой", 5);
    v1::Client f = Company("Поволжский филиал", 5);
    f.set_kpp("631602001");
    for (auto& [label, client] :
         std::map<std::string, v1::Client>{{"A", a},
                                           {"B", b},
                                           {"C", c},
                                           {"D", Company("Совсем другое", 4)},
                                           {"E", e},
                                           {"F", f}}) {
      clients_[label] = CreateAs(client, analyst());
      label_[clients_[label].name()] = label;
    }
  }

  std::map<std::string, v1::Client> clients_;
  std::map<std::string, std::string> label_;
};

TEST_F(DuplicateScanTest, ScansTheWholeBaseAndClustersThePairs) {
  const auto pages = ScanAll(0);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].scanned_clients(), 6);
  EXPECT_EQ(pages[0].next_page_token(), "");
  EXPECT_THAT(Pairs(pages, label_), UnorderedElementsAre("A+B:50", "A+C:60", "E+F:60"));
  ASSERT_EQ(pages[0].clusters_size(), 2);
  // Best first; members in name order, each with the etag MergeClients wants.
  std::set<std::string> first_members;
  for (const auto& member : pages[0].clusters(0).members()) {
    first_members.insert(label_.at(member.client()));
    EXPECT_EQ(member.etag(), clients_.at(label_.at(member.client())).etag());
  }
  const auto& abc = first_members.contains("A") ? pages[0].clusters(0) : pages[0].clusters(1);
  EXPECT_EQ(abc.members_size(), 3);
  EXPECT_EQ(abc.max_score(), 60);
  EXPECT_EQ(abc.pairs(0).score(), 60);
  EXPECT_THAT(abc.pairs(0).reasons(),
              ElementsAre(v1::DUPLICATE_REASON_SAME_PHONE, v1::DUPLICATE_REASON_SAME_EMAIL));
  EXPECT_LT(abc.members(0).client(), abc.members(1).client());
}

TEST_F(DuplicateScanTest, BatchesResumeByPageTokenAndReportEachPairOnce) {
  const auto pages = ScanAll(2);
  // Six clients in batches of two; the third batch is full, so a fourth (empty) one ends it.
  ASSERT_EQ(pages.size(), 4u);
  int scanned = 0;
  std::string previous;
  for (const auto& page : pages) {
    scanned += page.scanned_clients();
    if (!page.scanned_through().empty()) {
      EXPECT_GT(page.scanned_through(), previous);
      previous = page.scanned_through();
    }
  }
  EXPECT_EQ(scanned, 6);
  EXPECT_THAT(Pairs(pages, label_), UnorderedElementsAre("A+B:50", "A+C:60", "E+F:60"));
  EXPECT_EQ(pages.back().next_page_token(), "");
}

TEST_F(DuplicateScanTest, MinScoreAndDeletedClients) {
  EXPECT_THAT(Pairs(ScanAll(0, 60), label_), UnorderedElementsAre("A+C:60", "E+F:60"));
  v1::DeleteClientRequest request;
  request.set_name(clients_["C"].name());
  request.set_etag(clients_["C"].etag());
  v1::Client deleted;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::DeleteClient, request, &deleted, analyst()).ok());
  const auto pages = ScanAll(0);
  EXPECT_EQ(pages[0].scanned_clients(), 5);
  EXPECT_THAT(Pairs(pages, label_), UnorderedElementsAre("A+B:50", "E+F:60"));
}

TEST_F(DuplicateScanTest, RejectsBadInput) {
  v1::FindDuplicatesResponse out;
  grpc::Status status = Scan(-1, "garbage", 30, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_size", "min_score", "page_token"));
  EXPECT_THAT(ViolatedFields(Scan(1001, "", 101, &out, analyst())),
              ElementsAre("page_size", "min_score"));
  // A token is bound to its min_score.
  v1::FindDuplicatesResponse first;
  ASSERT_TRUE(Scan(1, "", 0, &first, analyst()).ok());
  ASSERT_NE(first.next_page_token(), "");
  EXPECT_THAT(ViolatedFields(Scan(1, first.next_page_token(), 70, &out, analyst())),
              ElementsAre("page_token"));
}

TEST_F(DuplicateScanTest, AnalystsOnly) {
  v1::FindDuplicatesResponse out;
  for (const std::string& token : {manager(), head(), accountant()}) {
    EXPECT_EQ(Scan(0, "", 0, &out, token).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(Scan(0, "", 0, &out, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Scan(0, "", 0, &out, admin()).ok());
}

// --- Merges of organisation records ------------------------------------------------------------

class MergeOrgTest : public QualityOrgTest {
 protected:
  void SetUp() override {
    QualityOrgTest::SetUp();
    survivor_ = CreateAs(Company("Ромашка", 60), analyst());
    twin_ = CreateAs(Company("Ромашка плюс", 61), analyst());
    project_ = MustCreateProject("Волга-Строй");
    other_project_ = MustCreateProject("АгроЭкспо");
    edition_ = MustCreateEdition(project_.name(), "Волга-Строй 2026", 2026);
    shared_edition_ = MustCreateEdition(project_.name(), "Волга-Строй 2025", 2025);
    only_twin_ = MustCreateSharedGroup("Строители");
    both_ = MustCreateSharedGroup("Самарская область");
    ivanov_ = MustCreateEmployee("Иванов Иван", "ivanov@expo.ru");
    petrov_ = MustCreateEmployee("Петров Пётр", "petrov@expo.ru");
    sidorov_ = MustCreateEmployee("Сидоров Семён", "sidorov@expo.ru");

    MustAddMembers(only_twin_, {twin_.name()});
    MustAddMembers(both_, {survivor_.name(), twin_.name()});
    MustParticipate(twin_.name(), edition_.name());
    MustParticipate(twin_.name(), shared_edition_.name());
    MustParticipate(survivor_.name(), shared_edition_.name());
    // The twin: Ivanov curated it for Волга-Строй, then Petrov took over (Ivanov's term ended);
    // Sidorov curates it for АгроЭкспо, where the survivor has Ivanov.
    MustAssign(twin_.name(), project_.name(), ivanov_.name());
    MustAssign(twin_.name(), project_.name(), petrov_.name());
    MustAssign(twin_.name(), other_project_.name(), sidorov_.name());
    MustAssign(survivor_.name(), other_project_.name(), ivanov_.name());
    survivor_ = Get(survivor_.name());
    twin_ = Get(twin_.name());
  }

  // Everything a merge may move, as rows.
  std::vector<std::string> OrganisationState() {
    std::vector<std::string> state;
    for (const std::string& sql :
         {std::string("SELECT group_id, client_id, added_by FROM client_group_members"
                      " ORDER BY 1, 2"),
          std::string("SELECT id, client_id, edition_id, year FROM participations ORDER BY 1"),
          std::string("SELECT id, client_id, project_id, employee_id, ended_at IS NULL,"
                      " coalesce(end_reason, '') FROM curators ORDER BY 1")}) {
      for (const std::string& row : Rows(sql)) {
        state.push_back(row);
      }
    }
    return state;
  }

  long CountFor(const v1::Client& client, const std::string& table, const std::string& extra) {
    return CountWhere("SELECT count(*) FROM " + table + " WHERE client_id = '" + Id(client.name()) +
                      "'" + extra);
  }

  v1::Client survivor_, twin_;
  v1::Project project_, other_project_;
  v1::Edition edition_, shared_edition_;
  v1::Group only_twin_, both_;
  v1::Employee ivanov_, petrov_, sidorov_;
};

TEST_F(MergeOrgTest, MovesGroupsParticipationAndCuratorsAndUndoRestoresExactly) {
  const std::vector<std::string> before = OrganisationState();
  v1::Merge merge;
  grpc::Status status = Merge(survivor_, {twin_}, &merge);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(merge.moved_group_memberships(), 1);
  EXPECT_EQ(merge.moved_participations(), 1);
  EXPECT_EQ(merge.moved_curators(), 1);
  EXPECT_EQ(merge.ended_curators(), 1);

  // Groups: the twin's own group moved; the shared one keeps the survivor once.
  EXPECT_EQ(CountFor(survivor_, "client_group_members", ""), 2);
  EXPECT_EQ(CountFor(twin_, "client_group_members", ""), 1);
  // Participation: the edition only the twin had moved; the shared edition stays with the twin.
  EXPECT_EQ(CountFor(survivor_, "participations", ""), 2);
  EXPECT_EQ(CountFor(twin_, "participations", ""), 1);
  // Curators: Petrov's current term moved; Ivanov's ended term stays as the twin's history;
  // Sidorov's term ended as replaced by the survivor's Ivanov.
  EXPECT_EQ(CountFor(survivor_, "curators", " AND ended_at IS NULL"), 2);
  EXPECT_EQ(CountFor(survivor_, "curators",
                     " AND ended_at IS NULL AND employee_id = '" + Id(petrov_.name()) + "'"),
            1);
  EXPECT_EQ(CountFor(twin_, "curators", " AND ended_at IS NULL"), 0);
  EXPECT_EQ(CountFor(twin_, "curators", " AND end_reason = 'replaced'"), 2);

  const auto event = LastEvent(events::v1::kClientMerged);
  EXPECT_EQ(event.moved_group_memberships(), 1);
  EXPECT_EQ(event.moved_participations(), 1);
  EXPECT_EQ(event.moved_curators(), 1);

  v1::Merge undone;
  status = Undo(merge.name(), &undone);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(OrganisationState(), before);
}

TEST_F(MergeOrgTest, SeveralMergedClientsInOneGroupMoveOneMembership) {
  v1::Client third = CreateAs(Company("Ромашка-3", 62), analyst());
  MustAddMembers(only_twin_, {third.name()});
  MustParticipate(third.name(), edition_.name());
  third = Get(third.name());
  const std::vector<std::string> before = OrganisationState();
  v1::Merge merge;
  ASSERT_TRUE(Merge(survivor_, {twin_, third}, &merge).ok());
  EXPECT_EQ(merge.moved_group_memberships(), 1);
  EXPECT_EQ(merge.moved_participations(), 1);
  EXPECT_EQ(CountFor(survivor_, "client_group_members", ""), 2);
  EXPECT_EQ(CountFor(third, "client_group_members", ""), 1);
  v1::Merge undone;
  ASSERT_TRUE(Undo(merge.name(), &undone).ok());
  EXPECT_EQ(OrganisationState(), before);
}

TEST_F(MergeOrgTest, GroupMemberCountsStayExactThroughMergesUndoAndDeletes) {
  // Groups whose kept member count differs from a count of their membership rows.
  const std::string miscounted =
      "SELECT count(*) FROM client_groups g WHERE g.member_count <> "
      "(SELECT count(*) FROM client_group_members m WHERE m.group_id = g.id)";
  const auto count_of = [&](const v1::Group& group) {
    return CountWhere("SELECT member_count FROM client_groups WHERE id = '" + Id(group.name()) +
                      "'");
  };
  EXPECT_EQ(count_of(only_twin_), 1);
  EXPECT_EQ(count_of(both_), 2);

  // The twin's membership of its own group moves to the survivor (one member still); in the
  // group of both, the twin keeps its own.
  v1::Merge merge;
  ASSERT_TRUE(Merge(survivor_, {twin_}, &merge).ok());
  EXPECT_EQ(merge.moved_group_memberships(), 1);
  EXPECT_EQ(CountWhere(miscounted), 0);
  EXPECT_EQ(count_of(only_twin_), 1);
  EXPECT_EQ(count_of(both_), 2);

  v1::Merge undone;
  ASSERT_TRUE(Undo(merge.name(), &undone).ok());
  EXPECT_EQ(CountWhere(miscounted), 0);
  EXPECT_EQ(count_of(only_twin_), 1);

  // A deleted client stays a member (counted, as before the count was kept).
  v1::DeleteClientRequest remove;
  remove.set_name(twin_.name());
  remove.set_etag(Get(twin_.name()).etag());
  v1::Client deleted;
  ASSERT_TRUE(Call(&v1::RegistryService::Stub::DeleteClient, remove, &deleted, analyst()).ok());
  EXPECT_EQ(CountWhere(miscounted), 0);
  EXPECT_EQ(count_of(both_), 2);
}

TEST_F(MergeOrgTest, HistoryOfTheSurvivorIncludesTheMergedClients) {
  v1::Merge merge;
  ASSERT_TRUE(Merge(survivor_, {twin_}, &merge).ok());
  auto list = [&](bool include_merged, int page_size, const std::string& token,
                  v1::ListClientHistoryResponse* out) {
    v1::ListClientHistoryRequest request;
    request.set_name(survivor_.name());
    request.set_include_merged(include_merged);
    request.set_page_size(page_size);
    request.set_page_token(token);
    return Call(&v1::RegistryService::Stub::ListClientHistory, request, out, manager());
  };
  v1::ListClientHistoryResponse own;
  ASSERT_TRUE(list(false, 100, "", &own).ok());
  v1::ListClientHistoryResponse all;
  ASSERT_TRUE(list(true, 100, "", &all).ok());
  std::vector<std::string> whose;
  for (const auto& version : all.versions()) {
    whose.push_back(version.client().name() + "@" + std::to_string(version.version()));
  }
  const std::size_t twin_versions = static_cast<std::size_t>(CountWhere(
      "SELECT count(*) FROM client_history WHERE client_id = '" + Id(twin_.name()) + "'"));
  ASSERT_EQ(whose.size(), static_cast<std::size_t>(own.versions_size()) + twin_versions);
  // Newest first: the merge's own versions lead.
  EXPECT_THAT(all.versions(0).change(), ::testing::AnyOf("merged", "merged_into"));
  // Each version is compared with its own client's previous one: the twin's first is "created".
  for (const auto& version : all.versions()) {
    if (version.client().name() == twin_.name() && version.version() == 1) {
      EXPECT_EQ(version.change(), "created");
      EXPECT_FALSE(version.field_changes().empty());
    }
  }
  // Pages of two walk the same versions.
  std::vector<std::string> paged;
  std::string token;
  do {
    v1::ListClientHistoryResponse page;
    ASSERT_TRUE(list(true, 2, token, &page).ok());
    for (const auto& version : page.versions()) {
      paged.push_back(version.client().name() + "@" + std::to_string(version.version()));
    }
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_EQ(paged, whose);

  // A token of the plain history is not one of the merged history.
  v1::ListClientHistoryResponse first;
  ASSERT_TRUE(list(false, 1, "", &first).ok());
  v1::ListClientHistoryResponse out;
  EXPECT_THAT(ViolatedFields(list(true, 1, first.next_page_token(), &out)),
              ElementsAre("page_token"));

  // Undone, the twin is on its own again.
  v1::Merge undone;
  ASSERT_TRUE(Undo(merge.name(), &undone).ok());
  ASSERT_TRUE(list(true, 100, "", &all).ok());
  for (const auto& version : all.versions()) {
    EXPECT_EQ(version.client().name(), survivor_.name());
  }
}

}  // namespace
}  // namespace crm::registry::integration
