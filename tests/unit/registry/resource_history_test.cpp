// The history rules of contact persons, projects, editions and groups: the generic field diff,
// resource names, restorable fields and the requests.
#include "services/registry/domain/resource_history.h"

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string_view>
#include <utility>

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

// The JSON of one field as the whole message would print it with every other field cleared:
// a copy of the message, the field swapped out of it alone, printed and cut to the value. What
// DiffMessages must give for a changed field, however it gets there.
std::string FieldAloneJson(const google::protobuf::Message& message, std::string_view name) {
  const auto* field = message.GetDescriptor()->FindFieldByName(std::string(name));
  std::unique_ptr<google::protobuf::Message> copy(message.New());
  copy->CopyFrom(message);
  std::unique_ptr<google::protobuf::Message> alone(message.New());
  message.GetReflection()->SwapFields(copy.get(), alone.get(), {field});
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(*alone, &json, options).ok());
  const std::size_t colon = json.find("\":");
  return colon == std::string::npos ? "" : json.substr(colon + 2, json.size() - colon - 3);
}

// Every change DiffMessages reports is the field's own JSON on each side, and every field it
// leaves out prints the same on both sides.
void ExpectEveryFieldAsAlone(const google::protobuf::Message& before,
                             const google::protobuf::Message& after,
                             const std::vector<v1::FieldChange>& changes) {
  const auto* descriptor = after.GetDescriptor();
  std::size_t next = 0;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const std::string& name = descriptor->field(i)->name();
    const std::string old_json = FieldAloneJson(before, name);
    const std::string new_json = FieldAloneJson(after, name);
    if (next < changes.size() && changes[next].field() == name) {
      EXPECT_EQ(changes[next].before(), old_json) << name;
      EXPECT_EQ(changes[next].after(), new_json) << name;
      EXPECT_NE(old_json, new_json) << name;
      ++next;
    } else {
      EXPECT_EQ(old_json, new_json) << name << " differs but is not reported";
    }
  }
  EXPECT_EQ(next, changes.size()) << "changes out of field order";
}

TEST(ResourceHistoryTest, DiffMessagesPrintsEachChangedFieldAsItsOwnJson) {
  v1::Client before;
  before.set_display_name("Ромашка");
  before.add_okved_codes("46.90");
  before.add_okved_codes("47.11");
  before.add_phones()->set_number("+7 846 200-00-01");
  before.add_phones()->set_number("+7 846 200-00-02");
  before.mutable_delete_time()->set_seconds(1'800'000'000);
  before.set_legal_form(v1::LEGAL_FORM_OOO);
  before.mutable_postal_address()->set_city("Самара");
  v1::BankAccount* account = before.add_bank_accounts();
  account->set_bik("043601607");
  account->set_account("40702810554400000001");
  before.set_notes("строка\nс переводом");

  v1::Client after = before;
  // Unicode, quotes and a backslash in a string.
  after.set_display_name("Ромашка «Юг» \"ООО\" \\ 🌼");
  // A repeated string reordered: the same elements, another value.
  after.clear_okved_codes();
  after.add_okved_codes("47.11");
  after.add_okved_codes("46.90");
  // A nested field of the second element of a repeated message.
  after.mutable_phones(1)->set_number("+7 846 200-00-03");
  // Cleared: a message, an enum, a string.
  after.clear_delete_time();
  after.clear_legal_form();
  after.clear_notes();
  // A message that is there but empty prints {} where an absent one prints nothing.
  after.mutable_legal_address_details();
  // A nested field cleared inside a message that stays.
  after.mutable_postal_address()->clear_city();
  // Fields the JSON cannot see: an unknown field of a repeated element is no change.
  google::protobuf::Message& account_after = *after.mutable_bank_accounts(0);
  account_after.GetReflection()->MutableUnknownFields(&account_after)->AddVarint(999, 1);

  const auto changes = DiffMessages(before, after, {});
  ASSERT_THAT(ChangedFields(changes),
              ElementsAre("display_name", "delete_time", "legal_form", "legal_address_details",
                          "postal_address", "okved_codes", "phones", "notes"));
  EXPECT_EQ(changes[0].before(), "\"Ромашка\"");
  EXPECT_EQ(changes[0].after(), "\"Ромашка «Юг» \\\"ООО\\\" \\\\ 🌼\"");
  EXPECT_EQ(changes[1].before(), "\"2027-01-15T08:00:00Z\"");
  EXPECT_EQ(changes[1].after(), "");
  EXPECT_EQ(changes[2].before(), "\"LEGAL_FORM_OOO\"");
  EXPECT_EQ(changes[2].after(), "");
  EXPECT_EQ(changes[3].before(), "");
  EXPECT_EQ(changes[3].after(), "{}");
  EXPECT_EQ(changes[4].before(), R"({"city":"Самара"})");
  EXPECT_EQ(changes[4].after(), "{}");
  EXPECT_EQ(changes[5].before(), R"(["46.90","47.11"])");
  EXPECT_EQ(changes[5].after(), R"(["47.11","46.90"])");
  EXPECT_EQ(changes[6].before(),
            R"([{"number":"+7 846 200-00-01"},{"number":"+7 846 200-00-02"}])");
  EXPECT_EQ(changes[6].after(), R"([{"number":"+7 846 200-00-01"},{"number":"+7 846 200-00-03"}])");
  EXPECT_EQ(changes[7].before(), "\"строка\\nс переводом\"");
  EXPECT_EQ(changes[7].after(), "");
  ExpectEveryFieldAsAlone(before, after, changes);

  // Back the other way, and from nothing (a first version): the same texts on the other side.
  ExpectEveryFieldAsAlone(after, before, DiffMessages(after, before, {}));
  const auto added = DiffMessages(v1::Client(), after, {});
  ExpectEveryFieldAsAlone(v1::Client(), after, added);
  EXPECT_THAT(ChangedFields(added),
              ElementsAre("display_name", "legal_address_details", "postal_address", "okved_codes",
                          "phones", "bank_accounts"));
  // A repeated field emptied, and one grown by an element.
  v1::Client grown = before;
  grown.clear_phones();
  grown.add_okved_codes("62.01");
  const auto shrunk = DiffMessages(before, grown, {});
  ASSERT_THAT(ChangedFields(shrunk), ElementsAre("okved_codes", "phones"));
  EXPECT_EQ(shrunk[0].after(), R"(["46.90","47.11","62.01"])");
  EXPECT_EQ(shrunk[1].after(), "");
  ExpectEveryFieldAsAlone(before, grown, shrunk);
}

// No resource has a float or a double; DiffMessages takes any message, so a type with both is
// made here: 0 and -0 are equal numbers but print "0" and "-0".
TEST(ResourceHistoryTest, DiffMessagesTellsMinusZeroFromZero) {
  google::protobuf::FileDescriptorProto file;
  file.set_name("history_floats_test.proto");
  file.set_package("crm.test");
  file.set_syntax("proto3");
  google::protobuf::DescriptorProto* type = file.add_message_type();
  type->set_name("Measures");
  const std::array<std::pair<const char*, google::protobuf::FieldDescriptorProto::Type>, 2>
      kFields = {{{"doubles", google::protobuf::FieldDescriptorProto::TYPE_DOUBLE},
                  {"floats", google::protobuf::FieldDescriptorProto::TYPE_FLOAT}}};
  for (const auto& [name, field_type] : kFields) {
    google::protobuf::FieldDescriptorProto* field = type->add_field();
    field->set_name(name);
    field->set_number(type->field_size());
    field->set_type(field_type);
    field->set_label(google::protobuf::FieldDescriptorProto::LABEL_REPEATED);
  }
  google::protobuf::DescriptorPool pool;
  const auto* descriptor = pool.BuildFile(file)->message_type(0);
  google::protobuf::DynamicMessageFactory factory(&pool);
  std::unique_ptr<google::protobuf::Message> before(factory.GetPrototype(descriptor)->New());
  const auto* doubles = descriptor->field(0);
  const auto* floats = descriptor->field(1);
  before->GetReflection()->AddDouble(before.get(), doubles, 0.0);
  before->GetReflection()->AddFloat(before.get(), floats, 1.5F);
  std::unique_ptr<google::protobuf::Message> after(before->New());
  after->GetReflection()->AddDouble(after.get(), doubles, -0.0);
  after->GetReflection()->AddFloat(after.get(), floats, 1.5F);

  const auto changes = DiffMessages(*before, *after, {});
  ASSERT_THAT(ChangedFields(changes), ElementsAre("doubles"));
  EXPECT_EQ(changes[0].before(), "[0]");
  EXPECT_EQ(changes[0].after(), "[-0]");
  ExpectEveryFieldAsAlone(*before, *after, changes);
  EXPECT_THAT(DiffMessages(*after, *after, {}), IsEmpty());
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
