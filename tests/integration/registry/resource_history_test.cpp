// The history of contact persons, projects, editions and groups: every write recorded with its
// field-level changes, listed newest first, and an earlier version restored through the
// resource's own update (RegistryService.ListResourceHistory and RestoreResourceVersion).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/registry/org_fixture.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using Stub = v1::RegistryService::Stub;
using Exhibitions = v1::ExhibitionService::Stub;
using Groups = v1::GroupService::Stub;

// The value of a string field as a FieldChange shows it (canonical JSON).
std::string Json(const std::string& text) { return "\"" + text + "\""; }

class ResourceHistoryTest : public OrgTest {
 protected:
  // Callers whose subject the test knows, to check the history's actor.
  const std::string analyst_subject_ = common::ResourceName("employees", common::NewUuid());
  const std::string analyst_token_ = crm::testing::TokenFor(analyst_subject_, {Role::kAnalyst});
  const std::string head_subject_ = common::ResourceName("employees", common::NewUuid());
  const std::string head_token_ = crm::testing::TokenFor(head_subject_, {Role::kSalesHead});
  // A system: every CRM RPC reaches it, but it reads no groups and edits nothing here.
  const std::string service_token_ = crm::testing::TokenFor("services/warehouse", {Role::kService});
  // A valid token with no CRM role at all.
  const std::string no_role_token_ =
      crm::testing::TokenFor(common::ResourceName("employees", common::NewUuid()), {});

  grpc::Status History(const std::string& name, v1::ListResourceHistoryResponse* out,
                       const std::string& token, int page_size = 0,
                       const std::string& page_token = "") {
    v1::ListResourceHistoryRequest request;
    request.set_name(name);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    return Call(&Stub::ListResourceHistory, request, out, token);
  }

  v1::ListResourceHistoryResponse MustHistory(const std::string& name, const std::string& token) {
    v1::ListResourceHistoryResponse out;
    grpc::Status status = History(name, &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Restore(const std::string& name, int version, const std::string& etag,
                       v1::RestoreResourceVersionResponse* out, const std::string& token) {
    v1::RestoreResourceVersionRequest request;
    request.set_name(name);
    request.set_version(version);
    request.set_etag(etag);
    return Call(&Stub::RestoreResourceVersion, request, out, token);
  }

  template <class Resource>
  Resource MustRestore(const std::string& name, int version, const std::string& etag,
                       const std::string& token) {
    v1::RestoreResourceVersionResponse out;
    grpc::Status status = Restore(name, version, etag, &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    Resource resource;
    EXPECT_TRUE(out.resource().UnpackTo(&resource)) << out.resource().type_url();
    return resource;
  }

  // The checks every kind shares, on a resource `name` whose version 1 had `field` = `first`,
  // changed to `second` (version 2) and then `third` (version 3) by the analyst or head
  // `author`, now at `etag`; `restore_token` may update it. Returns the history after restoring
  // version 1, which must give `field` = `first` back.
  void ExpectTwoChangesListedAndRestorable(const std::string& name, const std::string& field,
                                           const std::string& first, const std::string& second,
                                           const std::string& third, const std::string& author,
                                           const std::string& etag,
                                           const std::string& restore_token) {
    v1::ListResourceHistoryResponse history = MustHistory(name, restore_token);
    ASSERT_EQ(history.versions_size(), 3);
    EXPECT_EQ(history.versions(0).version(), 3);
    EXPECT_EQ(history.versions(0).change(), "updated");
    EXPECT_EQ(history.versions(0).actor(), author);
    EXPECT_GT(history.versions(0).change_time().seconds(), 0);
    ASSERT_EQ(history.versions(0).field_changes_size(), 1);
    EXPECT_EQ(history.versions(0).field_changes(0).field(), field);
    EXPECT_EQ(history.versions(0).field_changes(0).before(), Json(second));
    EXPECT_EQ(history.versions(0).field_changes(0).after(), Json(third));
    EXPECT_EQ(history.versions(1).version(), 2);
    ASSERT_EQ(history.versions(1).field_changes_size(), 1);
    EXPECT_EQ(history.versions(1).field_changes(0).before(), Json(first));
    EXPECT_EQ(history.versions(1).field_changes(0).after(), Json(second));
    EXPECT_EQ(history.versions(2).version(), 1);
    EXPECT_EQ(history.versions(2).change(), "created");

    // A stale etag, an unknown version, a malformed name: nothing changes.
    const long rows = Count("resource_history");
    v1::RestoreResourceVersionResponse out;
    grpc::Status status = Restore(name, 1, "1", &out, restore_token);
    EXPECT_EQ(status.error_code(), grpc::ABORTED) << status.error_message();
    EXPECT_EQ(Restore(name, 9, etag, &out, restore_token).error_code(), grpc::NOT_FOUND);
    EXPECT_EQ(Restore(name + "/x", 1, etag, &out, restore_token).error_code(),
              grpc::INVALID_ARGUMENT);
    EXPECT_EQ(Count("resource_history"), rows);

    // Version 1 comes back as version 4, with a new etag.
    status = Restore(name, 1, etag, &out, restore_token);
    ASSERT_TRUE(status.ok()) << status.error_message();
    history = MustHistory(name, restore_token);
    ASSERT_EQ(history.versions_size(), 4);
    EXPECT_EQ(history.versions(0).version(), 4);
    EXPECT_EQ(history.versions(0).change(), "restored");
    ASSERT_EQ(history.versions(0).field_changes_size(), 1);
    EXPECT_EQ(history.versions(0).field_changes(0).field(), field);
    EXPECT_EQ(history.versions(0).field_changes(0).before(), Json(third));
    EXPECT_EQ(history.versions(0).field_changes(0).after(), Json(first));
    // The etag the restore was made at is stale now.
    EXPECT_EQ(Restore(name, 2, etag, &out, restore_token).error_code(), grpc::ABORTED);
  }

  v1::ContactPerson MustCreatePerson(const v1::Client& client, const std::string& position) {
    v1::CreateContactPersonRequest request;
    request.set_parent(client.name());
    request.mutable_contact_person()->set_full_name("Иванова Анна Сергеевна");
    request.mutable_contact_person()->set_position(position);
    request.mutable_contact_person()->add_phones()->set_number("+7 (846) 200-00-01");
    v1::ContactPerson out;
    grpc::Status status = Call(&Stub::CreateContactPerson, request, &out, analyst_token_);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::ContactPerson MustSetPosition(const v1::ContactPerson& person, const std::string& position) {
    v1::UpdateContactPersonRequest request;
    *request.mutable_contact_person() = person;
    request.mutable_contact_person()->set_position(position);
    request.mutable_update_mask()->add_paths("position");
    v1::ContactPerson out;
    grpc::Status status = Call(&Stub::UpdateContactPerson, request, &out, analyst_token_);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status SetDescription(const v1::Project& project, const std::string& description,
                              v1::Project* out) {
    v1::UpdateProjectRequest request;
    *request.mutable_project() = project;
    request.mutable_project()->set_description(description);
    request.mutable_update_mask()->add_paths("description");
    return CallOn(*exhibitions_, &Exhibitions::UpdateProject, request, out, head_token_);
  }

  v1::Edition MustSetVenue(const v1::Edition& edition, const std::string& venue) {
    v1::UpdateEditionRequest request;
    *request.mutable_edition() = edition;
    request.mutable_edition()->set_venue(venue);
    request.mutable_update_mask()->add_paths("venue");
    v1::Edition out;
    grpc::Status status =
        CallOn(*exhibitions_, &Exhibitions::UpdateEdition, request, &out, head_token_);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::Group MustRenameGroup(const v1::Group& group, const std::string& display_name,
                            const std::string& token) {
    v1::UpdateGroupRequest request;
    *request.mutable_group() = group;
    request.mutable_group()->set_display_name(display_name);
    request.mutable_update_mask()->add_paths("display_name");
    v1::Group out;
    grpc::Status status = CallOn(*groups_, &Groups::UpdateGroup, request, &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
};

// The case study: a contact person's position is overwritten twice by mistake, and the old
// version is restored from the history.
TEST_F(ResourceHistoryTest, AContactPersonsOldVersionIsRestored) {
  v1::Client client = MustCreateNumberedClient(1, "СтройМаш");
  v1::ContactPerson person = MustCreatePerson(client, "Главный инженер");
  person = MustSetPosition(person, "Инженер");
  person = MustSetPosition(person, "Стажёр");

  ExpectTwoChangesListedAndRestorable(person.name(), "position", "Главный инженер", "Инженер",
                                      "Стажёр", analyst_subject_, person.etag(), analyst_token_);
  v1::GetContactPersonRequest get;
  get.set_name(person.name());
  v1::ContactPerson now;
  ASSERT_TRUE(Call(&Stub::GetContactPerson, get, &now, manager()).ok());
  EXPECT_EQ(now.position(), "Главный инженер");
  EXPECT_NE(now.etag(), person.etag());
  ASSERT_EQ(now.phones_size(), 1);

  // Every role reads it; an accountant may not change contact persons, so may not restore.
  EXPECT_EQ(MustHistory(person.name(), accountant()).versions_size(), 4);
  v1::RestoreResourceVersionResponse out;
  EXPECT_EQ(Restore(person.name(), 2, now.etag(), &out, accountant()).error_code(),
            grpc::PERMISSION_DENIED);
  v1::ListResourceHistoryResponse page;
  EXPECT_EQ(History(person.name(), &page, no_role_token_).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(History(person.name(), &page, "").error_code(), grpc::UNAUTHENTICATED);

  // Deleting and undeleting are versions too.
  v1::DeleteContactPersonRequest remove;
  remove.set_name(now.name());
  remove.set_etag(now.etag());
  v1::ContactPerson deleted;
  ASSERT_TRUE(Call(&Stub::DeleteContactPerson, remove, &deleted, analyst_token_).ok());
  v1::UndeleteContactPersonRequest undelete;
  undelete.set_name(now.name());
  v1::ContactPerson undeleted;
  ASSERT_TRUE(Call(&Stub::UndeleteContactPerson, undelete, &undeleted, analyst_token_).ok());
  v1::ListResourceHistoryResponse history = MustHistory(person.name(), manager());
  ASSERT_EQ(history.versions_size(), 6);
  EXPECT_EQ(history.versions(0).change(), "undeleted");
  EXPECT_EQ(history.versions(1).change(), "deleted");
  ASSERT_EQ(history.versions(1).field_changes_size(), 1);
  EXPECT_EQ(history.versions(1).field_changes(0).field(), "delete_time");
  v1::ContactPerson snapshot;
  ASSERT_TRUE(history.versions(1).resource().UnpackTo(&snapshot));
  EXPECT_TRUE(snapshot.has_delete_time());

  // Pages of two, newest first.
  ASSERT_TRUE(History(person.name(), &page, manager(), 2).ok());
  ASSERT_EQ(page.versions_size(), 2);
  EXPECT_EQ(page.versions(1).version(), 5);
  ASSERT_TRUE(History(person.name(), &page, manager(), 2, page.next_page_token()).ok());
  ASSERT_EQ(page.versions_size(), 2);
  EXPECT_EQ(page.versions(0).version(), 4);
}

TEST_F(ResourceHistoryTest, AProjectsOldDescriptionIsRestored) {
  v1::CreateProjectRequest create;
  create.mutable_project()->set_display_name("Волга-Строй");
  create.mutable_project()->set_description("Строительная выставка");
  v1::Project project;
  ASSERT_TRUE(Call(&Stub::CreateProject, create, &project, head_token_).ok());
  EXPECT_EQ(project.etag(), "1");
  v1::Project updated;
  ASSERT_TRUE(SetDescription(project, "Стройка и ЖКХ", &updated).ok());
  ASSERT_TRUE(SetDescription(updated, "Только ЖКХ", &updated).ok());
  // UpdateProject now checks a given etag.
  v1::Project out;
  EXPECT_EQ(SetDescription(project, "Устаревшая правка", &out).error_code(), grpc::ABORTED);

  ExpectTwoChangesListedAndRestorable(project.name(), "description", "Строительная выставка",
                                      "Стройка и ЖКХ", "Только ЖКХ", head_subject_, updated.etag(),
                                      head_token_);
  v1::GetProjectRequest get;
  get.set_name(project.name());
  ASSERT_TRUE(CallOn(*exhibitions_, &Exhibitions::GetProject, get, &out, manager()).ok());
  EXPECT_EQ(out.description(), "Строительная выставка");
  EXPECT_EQ(out.etag(), "4");

  // A manager reads the history but does not edit projects.
  EXPECT_EQ(MustHistory(project.name(), manager()).versions_size(), 4);
  v1::RestoreResourceVersionResponse restored;
  EXPECT_EQ(Restore(project.name(), 2, out.etag(), &restored, manager()).error_code(),
            grpc::PERMISSION_DENIED);
  v1::ListResourceHistoryResponse page;
  EXPECT_EQ(History("projects/" + common::NewUuid(), &page, manager()).error_code(),
            grpc::NOT_FOUND);
}

TEST_F(ResourceHistoryTest, AnEditionsOldVenueIsRestored) {
  v1::Project project = MustCreateProject("Волга-Строй");
  v1::CreateEditionRequest create;
  create.set_parent(project.name());
  *create.mutable_edition() = SampleEdition("Волга-Строй 2027", 2027);
  v1::Edition edition;
  ASSERT_TRUE(Call(&Stub::CreateEdition, create, &edition, head_token_).ok());
  edition = MustSetVenue(edition, "Самара, МТВЦ");
  edition = MustSetVenue(edition, "Тольятти, Экспо");

  ExpectTwoChangesListedAndRestorable(edition.name(), "venue", "Самара, Экспо-Волга",
                                      "Самара, МТВЦ", "Тольятти, Экспо", head_subject_,
                                      edition.etag(), analyst_token_);
  v1::GetEditionRequest get;
  get.set_name(edition.name());
  v1::Edition now;
  ASSERT_TRUE(CallOn(*exhibitions_, &Exhibitions::GetEdition, get, &now, manager()).ok());
  EXPECT_EQ(now.venue(), "Самара, Экспо-Волга");
  EXPECT_EQ(now.price_per_m2().minor_units(), 1'250'000);

  v1::RestoreResourceVersionResponse out;
  EXPECT_EQ(Restore(edition.name(), 2, now.etag(), &out, accountant()).error_code(),
            grpc::PERMISSION_DENIED);
  v1::ListResourceHistoryResponse page;
  EXPECT_EQ(
      History(project.name() + "/editions/" + common::NewUuid(), &page, manager()).error_code(),
      grpc::NOT_FOUND);
}

TEST_F(ResourceHistoryTest, AGroupsOldNameIsRestoredOnlyByWhoMayEditIt) {
  const std::string owner_subject = common::ResourceName("employees", common::NewUuid());
  const std::string owner = crm::testing::TokenFor(owner_subject, {Role::kSalesManager});
  v1::CreateGroupRequest create;
  create.mutable_group()->set_display_name("Мои застройщики");
  create.mutable_group()->set_kind(v1::GROUP_KIND_GEOGRAPHY);
  create.mutable_group()->set_personal(true);
  v1::Group group;
  ASSERT_TRUE(CallOn(*groups_, &Groups::CreateGroup, create, &group, owner).ok());
  group = MustRenameGroup(group, "Застройщики Самары", owner);
  group = MustRenameGroup(group, "Застройщики", owner);

  ExpectTwoChangesListedAndRestorable(group.name(), "display_name", "Мои застройщики",
                                      "Застройщики Самары", "Застройщики", owner_subject,
                                      group.etag(), owner);
  v1::GetGroupRequest get;
  get.set_name(group.name());
  v1::Group now;
  ASSERT_TRUE(CallOn(*groups_, &Groups::GetGroup, get, &now, owner).ok());
  EXPECT_EQ(now.display_name(), "Мои застройщики");

  // Another's personal group does not exist for a caller; a system reads no groups.
  v1::ListResourceHistoryResponse page;
  EXPECT_EQ(History(group.name(), &page, analyst_token_).error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(History(group.name(), &page, service_token_).error_code(), grpc::PERMISSION_DENIED);
  v1::RestoreResourceVersionResponse out;
  EXPECT_EQ(Restore(group.name(), 2, now.etag(), &out, analyst_token_).error_code(),
            grpc::NOT_FOUND);

  // Deleting is recorded, and the deleted group's history stays readable to its owner.
  v1::DeleteGroupRequest remove;
  remove.set_name(now.name());
  remove.set_etag(now.etag());
  v1::Group deleted;
  ASSERT_TRUE(CallOn(*groups_, &Groups::DeleteGroup, remove, &deleted, owner).ok());
  v1::ListResourceHistoryResponse history = MustHistory(group.name(), owner);
  ASSERT_EQ(history.versions_size(), 5);
  EXPECT_EQ(history.versions(0).change(), "deleted");
}

TEST_F(ResourceHistoryTest, BadRequestsNameTheirFields) {
  v1::ListResourceHistoryResponse page;
  grpc::Status status = History("clients/" + common::NewUuid(), &page, manager());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));
  status = History("", &page, manager());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));
  status = History("projects/" + common::NewUuid(), &page, manager(), 0, "not-a-token");
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));

  v1::RestoreResourceVersionResponse out;
  status = Restore("employees/" + common::NewUuid(), 0, "", &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name", "version", "etag"));
  EXPECT_EQ(Count("resource_history"), 0);
}

}  // namespace
}  // namespace crm::registry::integration
