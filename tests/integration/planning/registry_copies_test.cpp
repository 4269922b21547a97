// Planning's copies of registry data kept current: registry's events published on a real
// nats-server change planning's copy through the real consumer, and the API then acts on the
// change — a deleted client or contact person takes nothing new, an edition's price list and
// status follow its updates (a closed edition refuses sales), a project's rename reaches its
// editions, and curators reassigned take the departed manager's open tasks with them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crm/events/v1/planning_topics.h"
#include "crm/planning/v1/redirects.grpc.pb.h"
#include "tests/integration/planning/results_fixture.h"

namespace crm::planning {
namespace {

namespace ev = crm::events::v1;
using results_testing::At;
using results_testing::ErrorReason;
using results_testing::Parse;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class RegistryCopiesTest : public results_testing::ResultsTest {
 protected:
  // Publishes a registry event with ce-time `time` and waits until the consumer has handled it
  // (applied or, for an older one, skipped).
  template <class Payload>
  void Deliver(const common::bus::Topic<Payload>& topic, const Payload& payload,
               const std::string& time) {
    const int64_t before = Count("processed_events");
    testing::PublishEvent(
        nats_url_, topic, common::NewUuid(), payload,
        testing::PublishOptions{.subject_id = "", .nats_msg_id = "", .time = time});
    ASSERT_TRUE(testing::Eventually([&] { return Count("processed_events") == before + 1; }))
        << topic.subject << " was not handled";
  }

  ev::ClientSnapshot Snapshot(const std::string& id, const std::string& display_name) {
    ev::ClientSnapshot c;
    c.set_client("clients/" + id);
    c.set_display_name(display_name);
    c.set_legal_name("ООО «" + display_name + "»");
    c.set_inn("6316000000");
    return c;
  }

  void DeleteClient(const std::string& id, const std::string& time) {
    ev::ClientDeleted deleted;
    deleted.set_client("clients/" + id);
    Deliver(ev::kClientDeleted, deleted, time);
  }

  std::string PersonName() const { return ClientName() + "/contactPersons/" + person_id_; }

  v1::PlanContactRequest PlanRequest(const std::string& client_id, bool with_person) {
    v1::PlanContactRequest request;
    auto* c = request.mutable_contact();
    c->set_client("clients/" + client_id);
    if (with_person) {
      c->set_contact_person(PersonName());
    }
    c->set_edition(EditionName());
    c->set_type(v1::CONTACT_TYPE_CALL);
    c->set_purpose("Предложить стенд");
    *c->mutable_scheduled_time() = At("2026-03-24T08:00:00Z");
    return request;
  }

  grpc::Status TryPlan(const v1::PlanContactRequest& request, v1::Contact* out) {
    return Call(*planning_stub_, &v1::PlanningService::Stub::PlanContact, manager_, request, out);
  }

  static v1::ContactResult SaleResult() {
    v1::ContactResult result;
    result.mutable_sale()->set_area_dm2(1200);
    result.mutable_sale()->set_stand_number("B-14");
    return result;
  }

  // An edition.updated of the fixture's edition: `venue`, `status` and `prices` (stand type as
  // the event spells it → kopecks per m²).
  ev::EditionUpdated EditionUpdate(const std::string& venue, const std::string& status,
                                   const std::vector<std::pair<std::string, int64_t>>& prices) {
    ev::EditionUpdated updated;
    *updated.mutable_edition() = registry_events::Edition(project_id_, edition_id_, 850'000);
    updated.mutable_edition()->mutable_start_date()->set_day(16);
    updated.mutable_edition()->mutable_end_date()->set_day(19);
    updated.mutable_edition()->set_venue(venue);
    updated.set_status(status);
    for (const auto& [type, price] : prices) {
      auto* p = updated.add_stand_prices();
      p->set_stand_type(type);
      p->mutable_price_per_m2()->set_currency_code("RUB");
      p->mutable_price_per_m2()->set_minor_units(price);
    }
    return updated;
  }

  // The stored price list of the fixture's edition, "TYPE=kopecks" by type.
  std::vector<std::string> StoredPrices() {
    pqxx::connection conn(db_url_);
    pqxx::work tx(conn);
    std::vector<std::string> prices;
    for (const auto& row :
         tx.exec_params("SELECT stand_type || '=' || price_per_m2 FROM edition_stand_prices"
                        " WHERE edition_id = $1 ORDER BY stand_type",
                        edition_id_)) {
      prices.push_back(row[0].as<std::string>());
    }
    return prices;
  }

  std::string EditionColumn(const std::string& column) {
    pqxx::connection conn(db_url_);
    pqxx::work tx(conn);
    return tx
        .exec_params1("SELECT " + column + "::text FROM editions WHERE id = $1", edition_id_)[0]
        .as<std::string>();
  }
};

// --- clients -------------------------------------------------------------------------------------

TEST_F(RegistryCopiesTest, ADeletedClientTakesNoNewTasksRedirectsOrSalesAndKeepsItsOpenTasks) {
  const v1::Contact open = PlanContact(manager_, client_id_);
  const v1::Contact second = PlanContact(manager_, client_id_, "2026-03-21T08:00:00Z");
  DeleteClient(client_id_, "2026-03-16T08:00:00Z");
  ASSERT_EQ(Count("clients", "id = '" + client_id_ + "' AND deleted"), 1);
  const int64_t contacts = Count("contacts");

  // A new task.
  v1::Contact planned;
  grpc::Status status = TryPlan(PlanRequest(client_id_, true), &planned);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(ErrorReason(status), "CLIENT_DELETED");
  EXPECT_THAT(testing::PreconditionSubjects(status), ElementsAre(ClientName()));
  // A sale, and a reschedule (which plans a follow-up task).
  v1::CompleteContactResponse done;
  status = Complete(manager_, open.name(), SaleResult(), &done);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(testing::PreconditionSubjects(status), ElementsAre(ClientName()));
  v1::ContactResult reschedule;
  reschedule.mutable_reschedule()->set_reason("Просили перезвонить");
  *reschedule.mutable_reschedule()->mutable_new_time() = At("2026-03-27T08:00:00Z");
  status = Complete(manager_, open.name(), reschedule, &done);
  EXPECT_EQ(ErrorReason(status), "CLIENT_DELETED") << status.error_message();
  // A redirect.
  auto redirects = v1::RedirectService::NewStub(server_->channel());
  v1::CreateRedirectRequest redirect;
  redirect.mutable_redirect()->set_client(ClientName());
  redirect.mutable_redirect()->set_to_employee("employees/" + head_id_);
  *redirect.mutable_redirect()->mutable_deadline() = At("2026-03-25T08:00:00Z");
  redirect.mutable_redirect()->set_goal("Выставить счёт на дополнительные услуги");
  v1::Redirect created;
  status =
      Call(*redirects, &v1::RedirectService::Stub::CreateRedirect, manager_, redirect, &created);
  EXPECT_EQ(ErrorReason(status), "CLIENT_DELETED") << status.error_message();
  EXPECT_EQ(Count("contacts"), contacts);
  EXPECT_EQ(Count("sales"), 0);
  EXPECT_EQ(Count("redirects"), 0);

  // The open tasks stay visible and can be closed without a sale.
  v1::GetContactRequest get;
  get.set_name(open.name());
  v1::Contact read;
  ASSERT_TRUE(
      Call(*planning_stub_, &v1::PlanningService::Stub::GetContact, manager_, get, &read).ok());
  EXPECT_EQ(read.state(), v1::CONTACT_STATE_PLANNED);
  v1::ContactResult note;
  note.mutable_note()->set_text("Клиент удалён из базы");
  ASSERT_TRUE(Complete(manager_, second.name(), note, &done).ok());
  // Another client is not affected.
  EXPECT_TRUE(TryPlan(PlanRequest(second_client_id_, false), &planned).ok());

  // Undeleted: the client takes tasks and sales again.
  ev::ClientUndeleted undeleted;
  *undeleted.mutable_client() = Snapshot(client_id_, "СтройМаш");
  Deliver(ev::kClientUndeleted, undeleted, "2026-03-16T09:00:00Z");
  EXPECT_TRUE(TryPlan(PlanRequest(client_id_, true), &planned).ok());
  status = Complete(manager_, open.name(), SaleResult(), &done);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Count("sales"), 1);
}

// Deletion marks and requisites each keep the newest event's value, whatever the order in which
// the events arrive; a deletion seen before the client's creation is not lost.
TEST_F(RegistryCopiesTest, AClientCopyKeepsTheNewestMarkAndRequisitesWhateverTheOrder) {
  const std::string id = common::NewUuid();
  const std::string where = "id = '" + id + "'";
  DeleteClient(id, "2026-03-10T10:00:00Z");
  ev::ClientCreated created;
  *created.mutable_client() = Snapshot(id, "Первое имя");
  Deliver(ev::kClientCreated, created, "2026-03-10T09:00:00Z");
  EXPECT_EQ(Count("clients", where + " AND deleted AND display_name = 'Первое имя'"), 1);

  ev::ClientUndeleted undeleted;
  *undeleted.mutable_client() = Snapshot(id, "Второе имя");
  Deliver(ev::kClientUndeleted, undeleted, "2026-03-10T12:00:00Z");
  DeleteClient(id, "2026-03-10T11:00:00Z");  // older than the undeletion
  EXPECT_EQ(Count("clients", where + " AND NOT deleted AND display_name = 'Второе имя'"), 1);

  // restored: the values of an earlier version written back, taken as an update.
  ev::ClientRestored restored;
  *restored.mutable_client() = Snapshot(id, "Восстановленное имя");
  restored.mutable_client()->set_kpp("631601001");
  restored.set_restored_version(1);
  Deliver(ev::kClientRestored, restored, "2026-03-10T13:00:00Z");
  ev::ClientUpdated late;
  *late.mutable_client() = Snapshot(id, "Устаревшее имя");
  Deliver(ev::kClientUpdated, late, "2026-03-10T12:30:00Z");
  EXPECT_EQ(Count("clients", where + " AND NOT deleted AND display_name = 'Восстановленное имя'" +
                                 " AND kpp = '631601001'"),
            1);
  EXPECT_EQ(server_->consumer().dead_lettered(), 0u);
}

// --- contact persons -----------------------------------------------------------------------------

TEST_F(RegistryCopiesTest, AContactPersonCopyFollowsChangesAndADeletedPersonIsNamedOnNoNewTask) {
  ev::ContactPersonUpdated updated;
  auto* state = updated.mutable_contact_person();
  state->set_contact_person(PersonName());
  state->set_client(ClientName());
  state->set_full_name("Иванова-Петрова Мария Петровна");
  state->set_position("Коммерческий директор");
  state->add_phones("+7 846 200-00-01");
  state->add_phones("+7 846 200-00-02");
  state->add_emails("m.petrova@stroymash.example");
  state->set_status("ACTIVE");
  Deliver(ev::kContactPersonUpdated, updated, "2026-03-16T08:00:00Z");
  EXPECT_EQ(Count("contact_persons", "id = '" + person_id_ +
                                         "' AND full_name = 'Иванова-Петрова Мария Петровна'"
                                         " AND position = 'Коммерческий директор'"
                                         " AND phone = '+7 846 200-00-01'"
                                         " AND email = 'm.petrova@stroymash.example'"),
            1);
  // A task planned now takes the person's new phone.
  v1::Contact planned;
  ASSERT_TRUE(TryPlan(PlanRequest(client_id_, true), &planned).ok());
  EXPECT_EQ(planned.channel().phone(), "+7 846 200-00-01");

  ev::ContactPersonDeleted deleted;
  deleted.set_contact_person(PersonName());
  deleted.set_client(ClientName());
  Deliver(ev::kContactPersonDeleted, deleted, "2026-03-16T09:00:00Z");
  const int64_t contacts = Count("contacts");
  grpc::Status status = TryPlan(PlanRequest(client_id_, true), &planned);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(ErrorReason(status), "CONTACT_PERSON_DELETED");
  EXPECT_THAT(testing::PreconditionSubjects(status), ElementsAre(PersonName()));
  EXPECT_EQ(Count("contacts"), contacts);
  // The client itself still takes tasks, and the task naming the person stays.
  EXPECT_TRUE(TryPlan(PlanRequest(client_id_, false), &planned).ok());
  EXPECT_EQ(Count("contacts", "contact_person_id = '" + person_id_ + "'"), 1);
  // An older update arriving late changes the details, not the mark.
  state->set_position("Директор по маркетингу");
  Deliver(ev::kContactPersonUpdated, updated, "2026-03-16T08:30:00Z");
  EXPECT_EQ(Count("contact_persons", "id = '" + person_id_ + "' AND deleted"), 1);

  ev::ContactPersonUndeleted undeleted;
  *undeleted.mutable_contact_person() = *state;
  Deliver(ev::kContactPersonUndeleted, undeleted, "2026-03-16T10:00:00Z");
  EXPECT_TRUE(TryPlan(PlanRequest(client_id_, true), &planned).ok());
}

// --- projects and editions -----------------------------------------------------------------------

TEST_F(RegistryCopiesTest, AnEditionCopyFollowsItsDatesVenueStatusAndPriceList) {
  Deliver(ev::kEditionUpdated,
          EditionUpdate("Экспо-Волга, павильон 1", "open_for_sales",
                        {{"linear", 900'000}, {"corner", 950'000}, {"open_area", 700'000}}),
          "2026-03-16T08:00:00Z");
  EXPECT_EQ(EditionColumn("status"), "open_for_sales");
  EXPECT_EQ(EditionColumn("venue"), "Экспо-Волга, павильон 1");
  EXPECT_EQ(EditionColumn("start_date"), "2026-09-16");
  EXPECT_EQ(EditionColumn("price_per_m2"), "850000");
  EXPECT_THAT(StoredPrices(), ElementsAre("CORNER=950000", "LINEAR=900000", "OPEN_AREA=700000"));

  // The next update's list replaces the stored one.
  Deliver(ev::kEditionUpdated,
          EditionUpdate("Экспо-Волга, павильон 2", "running",
                        {{"corner", 990'000}, {"island", 1'200'000}}),
          "2026-03-16T10:00:00Z");
  EXPECT_EQ(EditionColumn("status"), "running");
  EXPECT_THAT(StoredPrices(), ElementsAre("CORNER=990000", "ISLAND=1200000"));

  // An older update arriving late changes nothing.
  Deliver(ev::kEditionUpdated, EditionUpdate("Старая площадка", "cancelled", {{"linear", 100}}),
          "2026-03-16T09:00:00Z");
  EXPECT_EQ(EditionColumn("status"), "running");
  EXPECT_EQ(EditionColumn("venue"), "Экспо-Волга, павильон 2");
  EXPECT_THAT(StoredPrices(), ElementsAre("CORNER=990000", "ISLAND=1200000"));

  // A stand type registry does not define breaks the contract: dead-lettered, nothing changed.
  testing::PublishEvent(
      nats_url_, ev::kEditionUpdated, common::NewUuid(),
      EditionUpdate("Площадка", "closed", {{"open_air", 500'000}}),
      testing::PublishOptions{.subject_id = "", .nats_msg_id = "", .time = "2026-03-16T11:00:00Z"});
  ASSERT_TRUE(testing::Eventually([&] { return server_->consumer().dead_lettered() == 1; }));
  EXPECT_EQ(EditionColumn("status"), "running");
  EXPECT_THAT(StoredPrices(), ElementsAre("CORNER=990000", "ISLAND=1200000"));

  // An edition whose update arrives before its creation gets its row and list from the update.
  const std::string other_edition = common::NewUuid();
  ev::EditionUpdated first = EditionUpdate("Павильон 5", "planned", {{"peninsula", 1'000'000}});
  first.mutable_edition()->set_edition("projects/" + project_id_ + "/editions/" + other_edition);
  Deliver(ev::kEditionUpdated, first, "2026-03-16T12:00:00Z");
  EXPECT_EQ(Count("edition_stand_prices", "edition_id = '" + other_edition +
                                              "' AND stand_type = 'PENINSULA'"
                                              " AND price_per_m2 = 1000000"),
            1);
  EXPECT_EQ(Count("editions", "id = '" + other_edition + "' AND status = 'planned'"), 1);
}

TEST_F(RegistryCopiesTest, AProjectRenameReachesItsEditionsAndAnOlderEditionEventKeepsIt) {
  Deliver(ev::kEditionUpdated, EditionUpdate("Павильон 3", "open_for_sales", {}),
          "2026-03-16T08:00:00Z");
  ev::ProjectUpdated renamed;
  renamed.mutable_project()->set_project("projects/" + project_id_);
  renamed.mutable_project()->set_display_name("СтройЭкспо Поволжье");
  Deliver(ev::kProjectUpdated, renamed, "2026-03-16T09:00:00Z");
  EXPECT_EQ(EditionColumn("project_display_name"), "СтройЭкспо Поволжье");

  // An edition update older than the rename carries the old name: the rename's stays.
  Deliver(ev::kEditionUpdated, EditionUpdate("Павильон 4", "open_for_sales", {}),
          "2026-03-16T08:30:00Z");
  EXPECT_EQ(EditionColumn("venue"), "Павильон 4");
  EXPECT_EQ(EditionColumn("project_display_name"), "СтройЭкспо Поволжье");
  // An older rename arriving late changes nothing.
  renamed.mutable_project()->set_display_name("СтройЭкспо (старое)");
  Deliver(ev::kProjectUpdated, renamed, "2026-03-16T07:00:00Z");
  EXPECT_EQ(EditionColumn("project_display_name"), "СтройЭкспо Поволжье");

  // The sale records the project's current name.
  const v1::Contact contact = PlanContact(manager_, client_id_);
  v1::CompleteContactResponse done;
  ASSERT_TRUE(Complete(manager_, contact.name(), SaleResult(), &done).ok());
  const auto recorded = testing::ReadStream(nats_url_, ev::kSaleRecorded, 1);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(Parse<ev::SaleRecorded>(recorded[0].data).edition().project_display_name(),
            "СтройЭкспо Поволжье");
}

TEST_F(RegistryCopiesTest, AClosedOrCancelledEditionRefusesNewSales) {
  const v1::Contact contact = PlanContact(manager_, client_id_);
  Deliver(ev::kEditionUpdated, EditionUpdate("Павильон 3", "closed", {{"linear", 900'000}}),
          "2026-03-16T08:00:00Z");
  v1::CompleteContactResponse done;
  grpc::Status status = Complete(manager_, contact.name(), SaleResult(), &done);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(ErrorReason(status), "EDITION_CLOSED");
  EXPECT_THAT(testing::PreconditionSubjects(status), ElementsAre(EditionName()));
  EXPECT_EQ(Count("sales"), 0);
  EXPECT_EQ(Count("contacts", "state = 'PLANNED'"), 1);

  Deliver(ev::kEditionUpdated, EditionUpdate("Павильон 3", "cancelled", {}),
          "2026-03-16T09:00:00Z");
  status = Complete(manager_, contact.name(), SaleResult(), &done);
  EXPECT_EQ(ErrorReason(status), "EDITION_CLOSED") << status.error_message();

  // Reopened: the same contact records its sale.
  Deliver(ev::kEditionUpdated, EditionUpdate("Павильон 3", "running", {}), "2026-03-16T10:00:00Z");
  status = Complete(manager_, contact.name(), SaleResult(), &done);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Count("sales"), 1);
}

// --- departments ---------------------------------------------------------------------------------

// A move between departments is AMoveBetweenDepartmentsMovesTheManagersRecordsToTheOtherHead
// (planning_integration_test.cpp). A rename keeps the unit, so its head's reach stays; the
// members' department text, which sales record, follows the new name.
TEST_F(RegistryCopiesTest, ARenamedDepartmentKeepsItsHeadsReachAndSalesRecordTheNewName) {
  ev::DepartmentUpdated renamed;
  renamed.mutable_department()->set_department(registry_events::DepartmentName("Отдел продаж 1"));
  renamed.mutable_department()->set_display_name("Отдел выставочных продаж");
  renamed.mutable_department()->set_head("employees/" + head_id_);
  Deliver(ev::kDepartmentUpdated, renamed, "2026-03-16T08:00:00Z");
  EXPECT_EQ(
      Count("employees", "id = '" + manager_id_ + "' AND department = 'Отдел выставочных продаж'"),
      1);

  const v1::Contact contact = PlanContact(manager_, client_id_);
  v1::CompleteContactResponse done;
  ASSERT_TRUE(Complete(manager_, contact.name(), SaleResult(), &done).ok());
  v1::GetSaleRequest get;
  get.set_name(done.sale().name());
  v1::Sale read;
  EXPECT_TRUE(Call(*planning_stub_, &v1::PlanningService::Stub::GetSale, head_, get, &read).ok());
  EXPECT_EQ(Call(*planning_stub_, &v1::PlanningService::Stub::GetSale, other_head_, get, &read)
                .error_code(),
            grpc::PERMISSION_DENIED);
  const auto recorded = testing::ReadStream(nats_url_, ev::kSaleRecorded, 1);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(Parse<ev::SaleRecorded>(recorded[0].data).manager().department(),
            "Отдел выставочных продаж");
}

// --- curators ------------------------------------------------------------------------------------

// A manager leaves; registry hands their clients to successors (curators.reassigned). Their open
// tasks of those clients move to the successor curating each, with the pending reminders, each
// announced by contact.reassigned; completed contacts and tasks of other clients stay.
TEST_F(RegistryCopiesTest, CuratorsReassignedMoveTheDepartedManagersOpenTasksToTheNewCurators) {
  const std::string first_successor = common::NewUuid();
  const std::string second_successor = common::NewUuid();
  const std::string third_client = common::NewUuid();
  PublishEmployee(first_successor, "Орлова Вера Андреевна", "Отдел продаж 1");
  PublishEmployee(second_successor, "Лебедев Игорь Олегович", "Отдел продаж 1");
  PublishClient(third_client, "АгроТех");
  ASSERT_TRUE(
      testing::Eventually([&] { return Count("employees") == 6 && Count("clients") == 3; }));

  v1::PlanContactRequest with_reminder = PlanRequest(client_id_, true);
  with_reminder.mutable_contact()->add_reminders()->mutable_before_start()->set_seconds(3600);
  v1::Contact first;
  ASSERT_TRUE(TryPlan(with_reminder, &first).ok());
  const v1::Contact first_later = PlanContact(manager_, client_id_, "2026-03-26T08:00:00Z");
  v1::Contact whole_client;
  ASSERT_TRUE(TryPlan(PlanRequest(client_id_, false), &whole_client).ok());
  const v1::Contact completed = PlanContact(manager_, client_id_, "2026-03-17T08:00:00Z");
  v1::ContactResult note;
  note.mutable_note()->set_text("Договорились о встрече");
  v1::CompleteContactResponse done;
  ASSERT_TRUE(Complete(manager_, completed.name(), note, &done).ok());
  const v1::Contact second = PlanContact(manager_, second_client_id_);
  const v1::Contact third = PlanContact(manager_, third_client);
  const auto owner_of = [&](const v1::Contact& c) {
    pqxx::connection conn(db_url_);
    pqxx::work tx(conn);
    return tx
        .exec_params1("SELECT owner_id::text FROM contacts WHERE id = $1",
                      *common::ParseResourceId(c.name(), "contacts"))[0]
        .as<std::string>();
  };

  ev::CuratorsReassigned reassigned;
  reassigned.set_from_employee("employees/" + manager_id_);
  const auto add_term = [&](const std::string& client, const std::string& employee,
                            const std::string& person) {
    auto* term = reassigned.add_curators();
    term->set_curator("clients/" + client + "/curators/" + common::NewUuid());
    term->set_client("clients/" + client);
    term->set_project("projects/" + project_id_);
    term->set_contact_person(person);
    term->set_employee("employees/" + employee);
    *term->mutable_start_time() = At("2026-03-16T08:00:00Z");
  };
  // The client as a whole to the first successor, its contact person to the second (the task
  // naming the person follows the person's curator); the second client to the second successor.
  add_term(client_id_, first_successor, "");
  add_term(client_id_, second_successor, PersonName());
  add_term(second_client_id_, second_successor, "");
  reassigned.set_reassigned_count(3);
  reassigned.set_reassigned_by("employees/" + head_id_);
  Deliver(ev::kCuratorsReassigned, reassigned, "2026-03-16T08:00:00Z");

  EXPECT_EQ(owner_of(whole_client), first_successor);
  EXPECT_EQ(owner_of(first), second_successor);
  EXPECT_EQ(owner_of(first_later), second_successor);  // PlanContact names the person too
  EXPECT_EQ(owner_of(second), second_successor);
  EXPECT_EQ(owner_of(third), manager_id_);
  EXPECT_EQ(owner_of(completed), manager_id_);
  EXPECT_EQ(Count("curators", "employee_id = '" + first_successor + "' AND NOT ended"), 1);
  EXPECT_EQ(Count("task_reminders", "owner_id = '" + second_successor + "'"), 1);
  EXPECT_EQ(Count("task_reminders", "owner_id = '" + manager_id_ + "'"), 0);

  // The new owner sees the task; contact.reassigned announces each move.
  const std::string successor_token =
      testing::TokenFor("employees/" + second_successor, {common::auth::Role::kSalesManager});
  v1::GetContactRequest get;
  get.set_name(second.name());
  v1::Contact read;
  ASSERT_TRUE(
      Call(*planning_stub_, &v1::PlanningService::Stub::GetContact, successor_token, get, &read)
          .ok());
  EXPECT_EQ(read.owner(), "employees/" + second_successor);
  const auto events = testing::ReadStream(nats_url_, ev::kContactReassigned, 4);
  std::vector<std::string> moves;
  for (const auto& event : events) {
    const auto moved = Parse<ev::ContactReassigned>(event.data);
    EXPECT_EQ(moved.previous_owner(), "employees/" + manager_id_);
    moves.push_back(moved.contact() + " -> " + moved.new_owner());
  }
  const std::string to_second = " -> employees/" + second_successor;
  EXPECT_THAT(moves, UnorderedElementsAre(whole_client.name() + " -> employees/" + first_successor,
                                          first.name() + to_second, first_later.name() + to_second,
                                          second.name() + to_second));
}

TEST_F(RegistryCopiesTest, AWholeClientTermTakesTheClientsTasksWithOrWithoutAPerson) {
  const std::string successor = common::NewUuid();
  PublishEmployee(successor, "Орлова Вера Андреевна", "Отдел продаж 1");
  ASSERT_TRUE(testing::Eventually([&] { return Count("employees") == 5; }));
  v1::Contact without_person;
  ASSERT_TRUE(TryPlan(PlanRequest(client_id_, false), &without_person).ok());
  const v1::Contact with_person = PlanContact(manager_, client_id_);

  ev::CuratorsReassigned reassigned;
  reassigned.set_from_employee("employees/" + manager_id_);
  auto* term = reassigned.add_curators();
  term->set_curator(ClientName() + "/curators/" + common::NewUuid());
  term->set_client(ClientName());
  term->set_project("projects/" + project_id_);
  term->set_employee("employees/" + successor);
  *term->mutable_start_time() = At("2026-03-16T08:00:00Z");
  Deliver(ev::kCuratorsReassigned, reassigned, "2026-03-16T08:00:00Z");
  EXPECT_EQ(Count("contacts", "owner_id = '" + successor + "' AND state = 'PLANNED'"), 2);
  EXPECT_EQ(Count("contacts", "owner_id = '" + manager_id_ + "'"), 0);
  EXPECT_EQ(Count("outbox", "subject = 'crm.planning.contact.reassigned'"), 2);
}

}  // namespace
}  // namespace crm::planning
