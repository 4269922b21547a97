// MailingService against a real PostgreSQL: saved selections, exports with their CSV and label
// files (read back with pdftotext), and returned mail through the analysts' queue.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "crm/events/v1/registry_topics.h"
#include "tests/integration/registry/quality_org_fixture.h"
#include "tests/support/temp_dir.h"

namespace crm::registry::integration {
namespace {

using crm::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class MailingTest : public QualityOrgTest {
 protected:
  static v1::MailingSelection Selection(const std::string& display_name, bool personal) {
    v1::MailingSelection selection;
    selection.set_display_name(display_name);
    selection.set_personal(personal);
    selection.mutable_filter()->add_region_codes("63");
    return selection;
  }

  grpc::Status Create(const v1::MailingSelection& selection, v1::MailingSelection* out,
                      const std::string& token, const std::string& request_id = "") {
    v1::CreateMailingSelectionRequest request;
    *request.mutable_mailing_selection() = selection;
    request.set_request_id(request_id);
    return CallOn(*mailing_, &Mailing::CreateMailingSelection, request, out, token);
  }

  v1::MailingSelection MustCreate(const v1::MailingSelection& selection, const std::string& token) {
    v1::MailingSelection out;
    grpc::Status status = Create(selection, &out, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Export(const v1::MailingSelection& selection, v1::MailingExport* out,
                      const std::string& token, const std::string& request_id = "") {
    v1::CreateMailingExportRequest request;
    request.set_selection(selection.name());
    request.set_request_id(request_id);
    return CallOn(*mailing_, &Mailing::CreateMailingExport, request, out, token);
  }

  // The downloaded file, or the status when the download failed.
  grpc::Status Download(const v1::MailingExport& made, v1::MailingExportFormat format,
                        std::string* file, std::string* content_type, const std::string& token) {
    v1::DownloadMailingExportRequest request;
    request.set_name(made.name());
    request.set_format(format);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    crm::testing::Authorize(context, token);
    auto reader = mailing_->DownloadMailingExport(&context, request);
    v1::MailingExportChunk chunk;
    bool first = true;
    while (reader->Read(&chunk)) {
      if (first) {
        *content_type = chunk.content_type();
        first = false;
      }
      *file += chunk.data();
    }
    return reader->Finish();
  }

  grpc::Status MarkReturned(const v1::MailingExport& made, const std::vector<int>& rows,
                            const std::vector<std::string>& clients,
                            v1::MarkReturnedMailResponse* out, const std::string& token) {
    v1::MarkReturnedMailRequest request;
    request.set_name(made.name());
    for (int row : rows) {
      request.add_row_numbers(row);
    }
    for (const auto& client : clients) {
      request.add_clients(client);
    }
    request.set_problem("адресат выбыл");
    return CallOn(*mailing_, &Mailing::MarkReturnedMail, request, out, token);
  }

  static v1::Client WithPostalAddress(v1::Client client, const std::string& code,
                                      const std::string& city, const std::string& street) {
    client.mutable_postal_address()->set_postal_code(code);
    client.mutable_postal_address()->set_region_code("63");
    client.mutable_postal_address()->set_city(city);
    client.mutable_postal_address()->set_street_line(street);
    return client;
  }

  std::string PdfText(const std::string& pdf) {
    const std::string path = (dir_.path() / "labels.pdf").string();
    std::ofstream(path, std::ios::binary) << pdf;
    FILE* pipe = popen(("pdftotext -raw '" + path + "' -").c_str(), "r");
    std::string text;
    std::array<char, 4096> buffer{};
    std::size_t read = 0;
    while (pipe != nullptr && (read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
      text.append(buffer.data(), read);
    }
    EXPECT_EQ(pipe == nullptr ? -1 : pclose(pipe), 0);
    return text;
  }

  // Three clients in the Samara region and one in Kazan: `volga_` with a consenting contact and
  // a primary one, `kama_` with only a primary contact, `nowhere_` with a legal address in the
  // region and no postal address.
  void CreateBase() {
    volga_ = CreateAs(WithPostalAddress(Company("Волга-Строй", 70), "443001", "Самара",
                                        "ул. Молодогвардейская, д. 1"),
                      analyst());
    AddPerson(volga_, "Петров Иван Сергеевич", /*consent=*/true);
    AddPerson(volga_, "Сидорова Анна", /*consent=*/false, /*primary=*/true);
    kama_ = CreateAs(
        WithPostalAddress(Company("Кама-Трейд", 71), "445000", "Тольятти", "ул. Победы, д. 5"),
        analyst());
    AddPerson(kama_, "Кузнецов Олег", /*consent=*/false, /*primary=*/true);
    v1::Client nowhere = Company("Без адреса", 72);
    nowhere.mutable_legal_address_details()->set_region_code("63");
    nowhere.mutable_legal_address_details()->set_city("Самара");
    nowhere_ = CreateAs(nowhere, analyst());
    v1::Client kazan = Company("Казань-Экспо", 73);
    kazan.mutable_postal_address()->set_postal_code("420000");
    kazan.mutable_postal_address()->set_region_code("16");
    kazan.mutable_postal_address()->set_city("Казань");
    kazan.mutable_postal_address()->set_street_line("ул. Баумана, д. 1");
    CreateAs(kazan, analyst());
  }

  v1::Client volga_, kama_, nowhere_;
  crm::testing::TempDir dir_{"mailing"};
};

TEST_F(MailingTest, SelectionsArePersonalOrSharedWithEtags) {
  v1::MailingSelection mine = MustCreate(Selection(" Мои клиенты ", true), manager());
  EXPECT_EQ(mine.display_name(), "Мои клиенты");
  EXPECT_TRUE(mine.personal());
  EXPECT_THAT(mine.owner(), HasSubstr("employees/"));
  EXPECT_THAT(mine.filter().region_codes(), ElementsAre("63"));
  v1::MailingSelection shared = MustCreate(Selection("Самара, все", false), analyst());
  EXPECT_EQ(shared.owner(), "");

  v1::MailingSelection out;
  EXPECT_EQ(Create(Selection("Общая", false), &out, manager()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Create(Selection("Бухгалтерия", true), &out, accountant()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Someone else's personal selection does not exist for them.
  v1::GetMailingSelectionRequest get;
  get.set_name(mine.name());
  EXPECT_EQ(CallOn(*mailing_, &Mailing::GetMailingSelection, get, &out, head()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(CallOn(*mailing_, &Mailing::GetMailingSelection, get, &out, manager()).ok());

  v1::ListMailingSelectionsRequest list;
  v1::ListMailingSelectionsResponse listed;
  ASSERT_TRUE(CallOn(*mailing_, &Mailing::ListMailingSelections, list, &listed, manager()).ok());
  ASSERT_EQ(listed.mailing_selections_size(), 2);
  ASSERT_TRUE(CallOn(*mailing_, &Mailing::ListMailingSelections, list, &listed, head()).ok());
  EXPECT_EQ(listed.mailing_selections_size(), 1);  // only the shared one

  // Update with the etag; a stale etag is ABORTED; only analysts edit the shared one.
  v1::UpdateMailingSelectionRequest update;
  *update.mutable_mailing_selection() = mine;
  update.mutable_mailing_selection()->set_subscribed_only(true);
  update.mutable_mailing_selection()->mutable_filter()->add_region_codes("16");
  update.mutable_update_mask()->add_paths("subscribed_only");
  update.mutable_update_mask()->add_paths("filter");
  v1::MailingSelection updated;
  ASSERT_TRUE(
      CallOn(*mailing_, &Mailing::UpdateMailingSelection, update, &updated, manager()).ok());
  EXPECT_TRUE(updated.subscribed_only());
  EXPECT_THAT(updated.filter().region_codes(), ElementsAre("63", "16"));
  EXPECT_NE(updated.etag(), mine.etag());
  grpc::Status status =
      CallOn(*mailing_, &Mailing::UpdateMailingSelection, update, &out, manager());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  *update.mutable_mailing_selection() = shared;
  EXPECT_EQ(
      CallOn(*mailing_, &Mailing::UpdateMailingSelection, update, &out, manager()).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  v1::DeleteMailingSelectionRequest remove;
  remove.set_name(updated.name());
  remove.set_etag(mine.etag());
  EXPECT_EQ(
      CallOn(*mailing_, &Mailing::DeleteMailingSelection, remove, &out, manager()).error_code(),
      grpc::StatusCode::ABORTED);
  remove.set_etag(updated.etag());
  ASSERT_TRUE(CallOn(*mailing_, &Mailing::DeleteMailingSelection, remove, &out, manager()).ok());
  EXPECT_TRUE(out.has_delete_time());
  ASSERT_TRUE(CallOn(*mailing_, &Mailing::ListMailingSelections, list, &listed, manager()).ok());
  EXPECT_EQ(listed.mailing_selections_size(), 1);

  EXPECT_EQ(EventCount(events::v1::kMailingSelectionCreated), 2);
  EXPECT_EQ(EventCount(events::v1::kMailingSelectionUpdated), 1);
  EXPECT_EQ(EventCount(events::v1::kMailingSelectionDeleted), 1);
  const auto event = LastEvent(events::v1::kMailingSelectionDeleted);
  EXPECT_EQ(event.selection(), updated.name());
  EXPECT_THAT(event.filter_json(), HasSubstr("16"));
}

// A request_id is the caller's own: another manager reusing it never gets the first one's
// personal selection or its export (with its recipients' addresses).
TEST_F(MailingTest, RequestIdsAreKeyedByTheCaller) {
  CreateBase();
  const std::string first = crm::testing::TokenFor(
      common::ResourceName("employees", common::NewUuid()), {Role::kSalesManager});
  const std::string second = crm::testing::TokenFor(
      common::ResourceName("employees", common::NewUuid()), {Role::kSalesManager});
  const std::string key = "mailing-" + common::NewUuid();

  v1::MailingSelection mine;
  ASSERT_TRUE(Create(Selection("Мои клиенты", true), &mine, first, key).ok());
  v1::MailingSelection again;
  ASSERT_TRUE(Create(Selection("Мои клиенты", true), &again, first, key).ok());
  EXPECT_EQ(again.name(), mine.name());
  v1::MailingSelection theirs;
  grpc::Status status = Create(Selection("Мои клиенты", true), &theirs, second, key);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(theirs.name(), mine.name());
  EXPECT_NE(theirs.owner(), mine.owner());
  v1::MailingSelection changed;
  status = Create(Selection("Другое название", true), &changed, first, key);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(Count("mailing_selections"), 2);

  // Exports: the same key (a separate RPC) for the first manager's own selection...
  v1::MailingExport made;
  ASSERT_TRUE(Export(mine, &made, first, key).ok());
  v1::MailingExport replay;
  ASSERT_TRUE(Export(mine, &replay, first, key).ok());
  EXPECT_EQ(replay.name(), made.name());
  // ...is, for the second manager, a request about the selection it names: theirs gets an export
  // of its own, and the first manager's personal selection does not exist for them.
  v1::MailingExport other;
  status = Export(theirs, &other, second, key);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(other.name(), made.name());
  status = Export(mine, &other, second, "mailing-" + common::NewUuid());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  status = Export(mine, &other, second, key);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "REQUEST_ID_REUSED");
  // And the first manager reusing the key for another selection is refused.
  v1::MailingSelection shared = MustCreate(Selection("Самара", false), analyst());
  status = Export(shared, &other, first, key);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(crm::testing::ErrorInfoReason(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(Count("mailing_exports"), 2);
}

TEST_F(MailingTest, BadSelectionsChangeNothing) {
  v1::MailingSelection bad;
  bad.set_display_name("  ");
  bad.mutable_filter()->add_region_codes("999");
  v1::MailingSelection out;
  grpc::Status status = Create(bad, &out, analyst(), std::string(200, 'x'));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("request_id", "mailing_selection.display_name",
                                                  "mailing_selection.filter.region_codes[0]"));
  v1::CreateMailingSelectionRequest empty;
  EXPECT_THAT(
      ViolatedFields(CallOn(*mailing_, &Mailing::CreateMailingSelection, empty, &out, analyst())),
      ElementsAre("mailing_selection"));
  EXPECT_EQ(Count("mailing_selections"), 0);

  v1::MailingSelection made = MustCreate(Selection("Самара", false), analyst());
  v1::UpdateMailingSelectionRequest update;
  update.mutable_mailing_selection()->set_name(made.name());
  update.mutable_update_mask()->add_paths("owner");
  update.mutable_update_mask()->add_paths("display_name");
  status = CallOn(*mailing_, &Mailing::UpdateMailingSelection, update, &out, analyst());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("mailing_selection.etag", "update_mask",
                                                  "mailing_selection.display_name"));
  v1::GetMailingSelectionRequest get;
  get.set_name("mailingSelections/nope");
  EXPECT_THAT(
      ViolatedFields(CallOn(*mailing_, &Mailing::GetMailingSelection, get, &out, analyst())),
      ElementsAre("name"));
  EXPECT_EQ(EventCount(events::v1::kMailingSelectionUpdated), 0);
}

TEST_F(MailingTest, ExportFixesRecipientsAndDownloadsCsvAndLabels) {
  CreateBase();
  v1::MailingSelection everyone = MustCreate(Selection("Самара", false), analyst());
  v1::MailingExport all;
  grpc::Status status = Export(everyone, &all, manager(), "export-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  // One row per client of the region, to its primary contact; postal code order.
  EXPECT_EQ(all.recipient_count(), 3);
  EXPECT_EQ(all.selection_snapshot().display_name(), "Самара");
  v1::MailingExport again;
  ASSERT_TRUE(Export(everyone, &again, manager(), "export-1").ok());
  EXPECT_EQ(again.name(), all.name());
  EXPECT_EQ(Count("mailing_exports"), 1);

  std::string csv, type;
  ASSERT_TRUE(Download(all, v1::MAILING_EXPORT_FORMAT_CSV, &csv, &type, manager()).ok());
  EXPECT_EQ(type, "text/csv; charset=utf-8");
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF№;Получатель;ИНН;Контактное лицо;"));
  EXPECT_THAT(csv, HasSubstr("\r\n1;ООО «Без адреса»;"));
  EXPECT_THAT(csv, HasSubstr("\r\n2;ООО «Волга-Строй»;" + volga_.inn() +
                             ";Сидорова Анна;директор;443001;Самарская область;Самара;"
                             "ул. Молодогвардейская, д. 1;" +
                             volga_.name() + "\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\n3;ООО «Кама-Трейд»;"));

  // Subscribed contacts with a valid address only.
  v1::MailingSelection subscribed = Selection("Подписчики", true);
  subscribed.set_subscribed_only(true);
  subscribed.set_valid_postal_address_only(true);
  subscribed = MustCreate(subscribed, manager());
  v1::MailingExport letters;
  ASSERT_TRUE(Export(subscribed, &letters, manager()).ok());
  EXPECT_EQ(letters.recipient_count(), 1);
  std::string pdf;
  ASSERT_TRUE(Download(letters, v1::MAILING_EXPORT_FORMAT_LABELS_PDF, &pdf, &type, manager()).ok());
  EXPECT_EQ(type, "application/pdf");
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  EXPECT_THAT(PdfText(pdf), HasSubstr("ООО «Волга-Строй»\nПетров Иван Сергеевич\n"
                                      "ул. Молодогвардейская, д. 1\nСамара\nСамарская область\n"
                                      "443001"));

  // Another manager does not see the personal selection's export.
  v1::GetMailingExportRequest get;
  get.set_name(letters.name());
  v1::MailingExport out;
  EXPECT_EQ(CallOn(*mailing_, &Mailing::GetMailingExport, get, &out, head()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Download(letters, v1::MAILING_EXPORT_FORMAT_CSV, &csv, &type, head()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      Download(letters, v1::MAILING_EXPORT_FORMAT_UNSPECIFIED, &csv, &type, manager()).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Export(everyone, &out, accountant()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(EventCount(events::v1::kMailingExportCreated), 2);
  EXPECT_EQ(LastEvent(events::v1::kMailingExportCreated).recipient_count(), 1);
}

TEST_F(MailingTest, ReturnedMailMarksTheAddressInvalidThroughTheQueue) {
  CreateBase();
  v1::MailingSelection everyone = MustCreate(Selection("Самара", false), analyst());
  v1::MailingExport made;
  ASSERT_TRUE(Export(everyone, &made, analyst()).ok());

  // Bad input changes nothing.
  v1::MarkReturnedMailResponse out;
  grpc::Status status = MarkReturned(made, {0, 9}, {"clients/x"}, &out, analyst());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("row_numbers[0]", "clients[0]"));
  status = MarkReturned(made, {9}, {}, &out, analyst());
  EXPECT_THAT(ViolatedFields(status), ElementsAre("row_numbers[0]"));
  EXPECT_THAT(ViolatedFields(MarkReturned(made, {}, {}, &out, analyst())),
              ElementsAre("row_numbers"));
  EXPECT_EQ(Count("verification_items"), 0);
  EXPECT_EQ(MarkReturned(made, {2}, {}, &out, manager()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Row 2 is Волга-Строй; Кама-Трейд by name.
  status = MarkReturned(made, {2}, {kama_.name()}, &out, analyst());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(out.verification_items_size(), 2);
  EXPECT_EQ(out.marked_rows(), 2);
  EXPECT_EQ(out.verification_items(0).client(), volga_.name());
  EXPECT_EQ(out.verification_items(0).reason(), v1::VERIFICATION_REASON_RETURNED_MAIL);
  EXPECT_EQ(out.verification_items(0).problem(), "адресат выбыл");
  EXPECT_FALSE(Get(volga_.name()).postal_address_valid());
  EXPECT_FALSE(Get(kama_.name()).postal_address_valid());
  EXPECT_EQ(EventCount(events::v1::kClientPostalAddressInvalidated), 2);
  const auto event = LastEvent(events::v1::kMailingExportReturnedMailMarked);
  EXPECT_THAT(event.clients(), ElementsAre(volga_.name(), kama_.name()));
  EXPECT_THAT(event.row_numbers(), ElementsAre(2));
  EXPECT_EQ(CountWhere("SELECT count(*) FROM client_history WHERE change = "
                       "'postal_address_invalidated'"),
            2);

  // Marking the same letter again opens nothing new.
  v1::MarkReturnedMailResponse repeat;
  ASSERT_TRUE(MarkReturned(made, {}, {volga_.name()}, &repeat, service_).ok());
  EXPECT_EQ(repeat.verification_items(0).name(), out.verification_items(0).name());
  EXPECT_EQ(Count("verification_items"), 2);
  v1::GetMailingExportRequest get;
  get.set_name(made.name());
  v1::MailingExport read;
  ASSERT_TRUE(CallOn(*mailing_, &Mailing::GetMailingExport, get, &read, analyst()).ok());
  EXPECT_EQ(read.returned_count(), 2);

  // The next export with valid addresses only leaves them out.
  v1::MailingSelection valid = Selection("Годные адреса", false);
  valid.set_valid_postal_address_only(true);
  valid = MustCreate(valid, analyst());
  v1::MailingExport next;
  ASSERT_TRUE(Export(valid, &next, analyst()).ok());
  EXPECT_EQ(next.recipient_count(), 0);
}

}  // namespace
}  // namespace crm::registry::integration
