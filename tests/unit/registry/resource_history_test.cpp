// The history rules of contact persons, projects, editions and groups: the generic field diff,
// resource names, restorable fields and the requests.
#include "services/registry/domain/resource_history.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "services/registry/domain/exhibition_rules.h"
#include "services/registry/domain/group_rules.h"
#include "services/registry/domain/validation.h"
#include "tests/support/violations.h"
#include "tests/unit/registry/page_tokens.h"

namespace crm::registry {
namespace {

using crm::testing::ViolatedFieldsOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kHistoryClientId[] = "0b6c3d0e-1111-4c5e-9a43-2f1e7f1d9b20";
constexpr char kHistoryPersonId[] = "0b6c3d0e-3333-4c5e-9a43-2f1e7f1d9b20";

std::vector<std::string> ChangedFields(const std::vector<v1::FieldChange>& changes) {
  std::vector<std::string> fields;
  fields.reserve(changes.size());
  for (const auto& change : changes) {
    fields.push_back(change.field());
  }
  return fields;
}

TEST(ResourceHistoryTest, DiffMessagesComparesEveryFieldButTheIgnoredAsJson) {
  v1::Edition before;
  before.set_display_name("Волга-Строй 2027");
  before.set_venue("Самара");
  before.mutable_price_per_m2()->set_currency_code("RUB");
  before.mutable_price_per_m2()->set_minor_units(1'250'000);
  v1::Edition after = before;
  after.set_venue("Тольятти");
  after.mutable_price_per_m2()->set_minor_units(1'300'000);
  after.set_status(v1::EDITION_STATUS_OPEN_FOR_SALES);
  after.set_etag("2");

  constexpr std::array<std::string_view, 1> kIgnored = {"etag"};
  const auto changes = DiffMessages(before, after, kIgnored);
  ASSERT_THAT(ChangedFields(changes), ElementsAre("venue", "price_per_m2", "status"));
  EXPECT_EQ(changes[0].before(), "\"Самара\"");
  EXPECT_EQ(changes[0].after(), "\"Тольятти\"");
  EXPECT_EQ(changes[1].before(), R"({"currency_code":"RUB","minor_units":"1250000"})");
  EXPECT_EQ(changes[1].after(), R"({"currency_code":"RUB","minor_units":"1300000"})");
  EXPECT_EQ(changes[2].before(), "");
  EXPECT_EQ(changes[2].after(), "\"EDITION_STATUS_OPEN_FOR_SALES\"");

  EXPECT_THAT(DiffMessages(after, after, kIgnored), IsEmpty());
  // Without the ignored list the etag counts too.
  EXPECT_THAT(ChangedFields(DiffMessages(before, after, {})),
              ElementsAre("venue", "price_per_m2", "status", "etag"));
}

TEST(ResourceHistoryTest, ResourceVersionsCompareWhatUsersEnterAndDeletion) {
  v1::ContactPerson before;
  before.set_name("clients/a/contactPersons/b");
  before.set_full_name("Иванова Анна");
  before.set_phone("+7 846 200-00-01");
  before.add_phones()->set_number("+7 846 200-00-01");
  before.set_etag("1");
  v1::ContactPerson after = before;
  after.set_full_name("Петрова Анна");
  after.set_phone("+7 846 200-00-02");
  after.mutable_phones(0)->set_number("+7 846 200-00-02");
  after.mutable_delete_time()->set_seconds(1'800'000'000);
  after.mutable_update_time()->set_seconds(1'800'000'000);
  after.set_etag("2");
  // `phone` repeats the first of `phones`; name, times and etag are bookkeeping.
  EXPECT_THAT(ChangedFields(DiffResourceVersions(before, after)),
              ElementsAre("full_name", "phones", "delete_time"));

  v1::Group group;
  group.set_display_name("Самара");
  v1::Group counted = group;
  counted.set_member_count(12);
  EXPECT_THAT(DiffResourceVersions(group, counted), IsEmpty());

  // A first version is compared with nothing: every field it has is added.
  const auto added = DiffResourceVersions(v1::Group(), group);
  ASSERT_THAT(ChangedFields(added), ElementsAre("display_name"));
  EXPECT_EQ(added[0].before(), "");
}

TEST(ResourceHistoryTest, NamesOfTheFourKinds) {
  const std::string person =
      std::string("clients/") + kHistoryClientId + "/contactPersons/" + kHistoryPersonId;
  auto parsed = ParseHistoryResourceName(person);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, HistoryKind::kContactPerson);
  EXPECT_EQ(parsed->id, kHistoryPersonId);
  EXPECT_EQ(parsed->parent_id, kHistoryClientId);

  parsed = ParseHistoryResourceName(std::string("projects/") + kHistoryClientId + "/editions/" +
                                    kHistoryPersonId);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, HistoryKind::kEdition);
  EXPECT_EQ(parsed->parent_id, kHistoryClientId);
  parsed = ParseHistoryResourceName(std::string("projects/") + kHistoryClientId);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, HistoryKind::kProject);
  parsed = ParseHistoryResourceName(std::string("groups/") + kHistoryClientId);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(HistoryKindText(parsed->kind), "group");

  EXPECT_FALSE(ParseHistoryResourceName(std::string("clients/") + kHistoryClientId));
  EXPECT_FALSE(ParseHistoryResourceName("projects/not-a-uuid"));
  EXPECT_FALSE(ParseHistoryResourceName(std::string("groups/") + kHistoryClientId + "/members/x"));
  EXPECT_EQ(HistoryKindOf(v1::Edition::descriptor()), HistoryKind::kEdition);
  EXPECT_FALSE(HistoryKindOf(v1::Client::descriptor()));
}

// What a restore writes back is what each kind's own update accepts.
TEST(ResourceHistoryTest, RestorableFieldsAreUpdateMasksOfTheKind) {
  auto mask = [](HistoryKind kind, google::protobuf::FieldMask* out) {
    for (const std::string& path : RestorableFields(kind)) {
      out->add_paths(path);
    }
  };
  v1::UpdateContactPersonRequest person;
  person.mutable_contact_person()->set_name(std::string("clients/") + kHistoryClientId +
                                            "/contactPersons/" + kHistoryPersonId);
  person.mutable_contact_person()->set_etag("1");
  mask(HistoryKind::kContactPerson, person.mutable_update_mask());
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateUpdateContactPerson(person); }), IsEmpty());

  v1::UpdateProjectRequest project;
  project.mutable_project()->set_name(std::string("projects/") + kHistoryClientId);
  mask(HistoryKind::kProject, project.mutable_update_mask());
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateUpdateProject(project); }), IsEmpty());

  v1::UpdateEditionRequest edition;
  edition.mutable_edition()->set_name(std::string("projects/") + kHistoryClientId + "/editions/" +
                                      kHistoryPersonId);
  edition.mutable_edition()->set_etag("1");
  mask(HistoryKind::kEdition, edition.mutable_update_mask());
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateUpdateEdition(edition); }), IsEmpty());

  v1::UpdateGroupRequest group;
  group.mutable_group()->set_name(std::string("groups/") + kHistoryClientId);
  group.mutable_group()->set_etag("1");
  mask(HistoryKind::kGroup, group.mutable_update_mask());
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateUpdateGroup(group); }), IsEmpty());
}

TEST(ResourceHistoryTest, RequestsNameEveryBadField) {
  v1::ListResourceHistoryRequest list;
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateListResourceHistory(list, kListCaller); }),
              ElementsAre("name"));
  list.set_name(std::string("clients/") + kHistoryClientId);
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateListResourceHistory(list, kListCaller); }),
              ElementsAre("name"));
  list.set_name(std::string("projects/") + kHistoryClientId);
  list.set_page_token(ListTokenFor(list, {"three", kHistoryClientId}));
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateListResourceHistory(list, kListCaller); }),
              ElementsAre("page_token"));
  list.set_page_token(ListTokenFor(list, {"3", kHistoryClientId}));
  EXPECT_EQ(ValidateListResourceHistory(list, kListCaller).before_version, 3);

  v1::RestoreResourceVersionRequest restore;
  EXPECT_THAT(ViolatedFieldsOf([&] { ValidateRestoreResourceVersion(restore); }),
              ElementsAre("name", "version", "etag"));
  restore.set_name(std::string("groups/") + kHistoryClientId);
  restore.set_version(2);
  restore.set_etag("4");
  const ResourceRestore valid = ValidateRestoreResourceVersion(restore);
  EXPECT_EQ(valid.resource.kind, HistoryKind::kGroup);
  EXPECT_EQ(valid.version, 2);
  EXPECT_EQ(valid.etag, "4");
}

TEST(ResourceHistoryTest, GroupsHistoriesAreReadByTheStaffOnly) {
  common::auth::Principal system;
  system.roles = {common::auth::Role::kService};
  EXPECT_TRUE(MayReadHistoryOf(HistoryKind::kProject, system));
  EXPECT_FALSE(MayReadHistoryOf(HistoryKind::kGroup, system));
  common::auth::Principal nobody;
  EXPECT_FALSE(MayReadHistoryOf(HistoryKind::kContactPerson, nobody));
}

}  // namespace
}  // namespace crm::registry
