// A sale's history (SaleService.ListSaleHistory): every change — recording, amendments,
// approval, rejection, cancellation — written in the change's own transaction with its actor,
// comment and field-level changes, read newest first by whoever may read the sale; and the
// backfill of migration 0048 — against the whole planning service on a real PostgreSQL and
// nats-server.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/planning/store/all_queries.h"
#include "services/planning/store/migrations.h"
#include "services/planning/store/sale_history_store.h"
#include "tests/integration/planning/results_fixture.h"

namespace crm::planning::results_testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SaleHistoryTest : public ResultsTest {
 protected:
  // A sale of `token`'s employee to the first client: 12 m² at the edition's 8 000,00 a m², or at
  // `price` when given (with a reason).
  v1::Sale RecordSale(const std::string& token, int64_t price = 0) {
    const v1::Contact contact = PlanContact(token, client_id_);
    v1::ContactResult result;
    result.mutable_sale()->set_area_dm2(1200);
    if (price > 0) {
      result.mutable_sale()->mutable_price_per_m2()->set_minor_units(price);
      result.mutable_sale()->set_price_override_reason("Свой человек");
    }
    v1::CompleteContactResponse response;
    const grpc::Status status = Complete(token, contact.name(), result, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.sale();
  }

  grpc::Status History(const std::string& token, const std::string& name,
                       v1::ListSaleHistoryResponse* out, int page_size = 0,
                       const std::string& page_token = "") {
    v1::ListSaleHistoryRequest request;
    request.set_name(name);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    return Call(*sales_stub_, &v1::SaleService::Stub::ListSaleHistory, token, request, out);
  }

  std::vector<v1::SaleVersion> FullHistory(const std::string& token, const std::string& name) {
    v1::ListSaleHistoryResponse response;
    const grpc::Status status = History(token, name, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.next_page_token(), "");
    return {response.versions().begin(), response.versions().end()};
  }

  void Advance(int minutes) { now_micros_ += int64_t{minutes} * 60 * 1'000'000; }

  static std::map<std::string, std::pair<std::string, std::string>> Changes(
      const v1::SaleVersion& version) {
    std::map<std::string, std::pair<std::string, std::string>> changes;
    for (const auto& change : version.field_changes()) {
      changes[change.field()] = {change.before(), change.after()};
    }
    return changes;
  }
};

std::vector<std::string> ChangesOf(const std::vector<v1::SaleVersion>& versions) {
  std::vector<std::string> changes;
  changes.reserve(versions.size());
  for (const auto& version : versions) {
    changes.push_back(std::to_string(version.version()) + " " + version.change());
  }
  return changes;
}

TEST_F(SaleHistoryTest, EveryAmendmentAndTheCancellationAreListedNewestFirstWithTheirFields) {
  const v1::Sale sale = RecordSale(manager_);
  const Timestamp& recorded_at = sale.sale_time();

  // Amended by its manager: a bigger stand.
  Advance(10);
  v1::AmendSaleRequest amend;
  amend.mutable_sale()->set_name(sale.name());
  amend.mutable_sale()->set_etag(sale.etag());
  amend.mutable_sale()->set_area_dm2(1500);
  amend.mutable_update_mask()->add_paths("area_dm2");
  amend.set_reason("Клиент попросил стенд больше");
  v1::Sale first;
  grpc::Status status =
      Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, amend, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // Amended by the head of the manager's department: a discount.
  Advance(10);
  v1::AmendSaleRequest discount;
  discount.mutable_sale()->set_name(sale.name());
  discount.mutable_sale()->set_etag(first.etag());
  discount.mutable_sale()->mutable_discount()->set_percent_bp(500);
  discount.mutable_sale()->mutable_discount()->set_reason("Постоянный участник");
  discount.mutable_update_mask()->add_paths("discount");
  discount.set_reason("Скидка постоянному участнику");
  v1::Sale second;
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, head_, discount, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // A refused amendment (stale etag) leaves no entry.
  status = Call(*sales_stub_, &v1::SaleService::Stub::AmendSale, manager_, amend, &first);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED);

  Advance(10);
  v1::CancelSaleRequest cancel;
  cancel.set_name(sale.name());
  cancel.set_etag(second.etag());
  cancel.set_reason("Клиент отказался от участия");
  v1::Sale cancelled;
  status = Call(*sales_stub_, &v1::SaleService::Stub::CancelSale, manager_, cancel, &cancelled);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const std::vector<v1::SaleVersion> versions = FullHistory(manager_, sale.name());
  ASSERT_THAT(ChangesOf(versions),
              ElementsAre("4 cancelled", "3 amended", "2 amended", "1 recorded"));
  const std::string manager = "employees/" + manager_id_;
  const std::string head = "employees/" + head_id_;

  const v1::SaleVersion& cancellation = versions[0];
  EXPECT_EQ(cancellation.actor(), manager);
  EXPECT_EQ(cancellation.comment(), "Клиент отказался от участия");
  EXPECT_EQ(TimeUtil::TimestampToMicroseconds(cancellation.change_time()),
            TimeUtil::TimestampToMicroseconds(recorded_at) + int64_t{30} * 60 * 1'000'000);
  auto changes = Changes(cancellation);
  EXPECT_EQ(changes["state"], std::make_pair(std::string("\"SALE_STATE_ACTIVE\""),
                                             std::string("\"SALE_STATE_CANCELLED\"")));
  EXPECT_EQ(changes["cancel_reason"],
            std::make_pair(std::string(""), std::string("\"Клиент отказался от участия\"")));
  EXPECT_TRUE(changes.contains("cancel_time"));
  EXPECT_FALSE(changes.contains("area_dm2"));
  EXPECT_EQ(cancellation.sale().state(), v1::SALE_STATE_CANCELLED);
  EXPECT_EQ(cancellation.sale().etag(), cancelled.etag());

  const v1::SaleVersion& by_head = versions[1];
  EXPECT_EQ(by_head.actor(), head);
  EXPECT_EQ(by_head.comment(), "Скидка постоянному участнику");
  changes = Changes(by_head);
  EXPECT_EQ(changes["discount"].first, "");
  EXPECT_EQ(changes["discount"].second, R"({"percentBp":500,"reason":"Постоянный участник"})");
  EXPECT_TRUE(changes.contains("discount_amount"));
  EXPECT_TRUE(changes.contains("net_amount"));
  EXPECT_FALSE(changes.contains("area_dm2"));
  EXPECT_EQ(by_head.sale().discount().percent_bp(), 500);
  EXPECT_EQ(by_head.sale().state(), v1::SALE_STATE_ACTIVE);

  const v1::SaleVersion& bigger = versions[2];
  EXPECT_EQ(bigger.actor(), manager);
  EXPECT_EQ(bigger.comment(), "Клиент попросил стенд больше");
  changes = Changes(bigger);
  EXPECT_EQ(changes["area_dm2"], std::make_pair(std::string("\"1200\""), std::string("\"1500\"")));
  EXPECT_EQ(changes["space_amount"],
            std::make_pair(std::string(R"({"currencyCode":"RUB","minorUnits":"9600000"})"),
                           std::string(R"({"currencyCode":"RUB","minorUnits":"12000000"})")));
  EXPECT_FALSE(changes.contains("discount"));
  EXPECT_EQ(bigger.sale().area_dm2(), 1500);
  EXPECT_EQ(bigger.sale().etag(), first.etag());

  const v1::SaleVersion& recorded = versions[3];
  EXPECT_EQ(recorded.actor(), manager);
  EXPECT_EQ(recorded.comment(), "");
  EXPECT_THAT(recorded.field_changes(), IsEmpty());
  EXPECT_EQ(recorded.change_time(), recorded_at);
  EXPECT_EQ(recorded.sale().area_dm2(), 1200);
  EXPECT_EQ(recorded.sale().etag(), sale.etag());
  EXPECT_EQ(recorded.sale().name(), sale.name());

  // Two at a time: the token carries on where the page ended; the last page has none.
  v1::ListSaleHistoryResponse page;
  ASSERT_TRUE(History(manager_, sale.name(), &page, 2).ok());
  EXPECT_THAT(ChangesOf({page.versions().begin(), page.versions().end()}),
              ElementsAre("4 cancelled", "3 amended"));
  ASSERT_NE(page.next_page_token(), "");
  const std::string token = page.next_page_token();
  // Another caller, another sale or a made-up token: refused.
  status = History(head_, sale.name(), &page, 2, token);
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("page_token"));
  status = History(manager_, sale.name(), &page, 2, "bm9wZQ");
  EXPECT_THAT(testing::ViolatedFields(status), ElementsAre("page_token"));
  ASSERT_TRUE(History(manager_, sale.name(), &page, 2, token).ok());
  EXPECT_THAT(ChangesOf({page.versions().begin(), page.versions().end()}),
              ElementsAre("2 amended", "1 recorded"));
  EXPECT_EQ(page.next_page_token(), "");

  // What sale.amended says changed is what it said before the history: the masked fields and
  // the amounts.
  EXPECT_EQ(Count("outbox", "subject = 'crm.planning.sale.amended'"), 2);
  EXPECT_EQ(Count("outbox",
                  "subject = 'crm.planning.sale.amended' AND payload::jsonb->'changedFields' = "
                  "'[\"area_dm2\",\"space_amount\",\"net_amount\",\"vat_amount\","
                  "\"total_amount\"]'::jsonb"),
            1);
}

TEST_F(SaleHistoryTest, ApprovalAndRejectionOfAPendingSaleAreEntriesOfTheHead) {
  // 1,00 a m² instead of 8 000,00: beyond the edition's limit, it waits for a head of sales.
  const v1::Sale pending = RecordSale(manager_, 100);
  ASSERT_EQ(pending.state(), v1::SALE_STATE_PENDING_APPROVAL);
  Advance(5);
  v1::ApproveSaleRequest approve;
  approve.set_name(pending.name());
  approve.set_etag(pending.etag());
  v1::Sale approved;
  grpc::Status status =
      Call(*sales_stub_, &v1::SaleService::Stub::ApproveSale, head_, approve, &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();

  std::vector<v1::SaleVersion> versions = FullHistory(manager_, pending.name());
  ASSERT_THAT(ChangesOf(versions), ElementsAre("2 approved", "1 recorded"));
  EXPECT_EQ(versions[1].sale().state(), v1::SALE_STATE_PENDING_APPROVAL);
  EXPECT_EQ(versions[1].actor(), "employees/" + manager_id_);
  EXPECT_EQ(versions[0].actor(), "employees/" + head_id_);
  EXPECT_EQ(versions[0].comment(), "");
  auto changes = Changes(versions[0]);
  EXPECT_EQ(changes["state"], std::make_pair(std::string("\"SALE_STATE_PENDING_APPROVAL\""),
                                             std::string("\"SALE_STATE_ACTIVE\"")));
  EXPECT_TRUE(changes.contains("approval"));
  EXPECT_EQ(versions[0].sale().approval().approver(), "employees/" + head_id_);

  const v1::Sale second = RecordSale(manager_, 100);
  ASSERT_EQ(second.state(), v1::SALE_STATE_PENDING_APPROVAL);
  v1::RejectSaleRequest reject;
  reject.set_name(second.name());
  reject.set_etag(second.etag());
  reject.set_reason("Скидка не согласована");
  v1::Sale rejected;
  status = Call(*sales_stub_, &v1::SaleService::Stub::RejectSale, head_, reject, &rejected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  versions = FullHistory(head_, second.name());
  ASSERT_THAT(ChangesOf(versions), ElementsAre("2 rejected", "1 recorded"));
  EXPECT_EQ(versions[0].actor(), "employees/" + head_id_);
  EXPECT_EQ(versions[0].comment(), "Скидка не согласована");
  changes = Changes(versions[0]);
  EXPECT_EQ(changes["state"], std::make_pair(std::string("\"SALE_STATE_PENDING_APPROVAL\""),
                                             std::string("\"SALE_STATE_CANCELLED\"")));
  EXPECT_EQ(versions[0].sale().state(), v1::SALE_STATE_CANCELLED);
}

TEST_F(SaleHistoryTest, ReadableByWhoeverMayReadTheSale) {
  const v1::Sale sale = RecordSale(manager_);
  v1::ListSaleHistoryResponse response;
  const std::string accountant =
      testing::TokenFor("employees/" + common::NewUuid(), {common::auth::Role::kAccountant});
  // The manager, the head of their department, analysts, accountants and admins read it.
  for (const std::string& token : {manager_, head_, analyst_, accountant, admin_}) {
    const grpc::Status status = History(token, sale.name(), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.versions_size(), 1);
  }
  // A manager or a head of another department, a token without a CRM role: denied, as GetSale.
  const std::string no_roles = testing::TokenFor("employees/" + manager_id_, {});
  for (const std::string& token : {other_manager_, other_head_, no_roles}) {
    EXPECT_EQ(History(token, sale.name(), &response).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    v1::GetSaleRequest get;
    get.set_name(sale.name());
    v1::Sale read;
    EXPECT_EQ(
        Call(*planning_stub_, &v1::PlanningService::Stub::GetSale, token, get, &read).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  grpc::ClientContext anonymous;
  v1::ListSaleHistoryRequest request;
  request.set_name(sale.name());
  EXPECT_EQ(sales_stub_->ListSaleHistory(&anonymous, request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // Bad input: every field named; an unknown sale is NOT_FOUND.
  EXPECT_THAT(testing::ViolatedFields(History(manager_, "", &response)), ElementsAre("name"));
  EXPECT_THAT(testing::ViolatedFields(History(manager_, "sales/nope", &response, -1)),
              ElementsAre("name", "page_size"));
  EXPECT_EQ(History(manager_, "clients/" + client_id_, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(History(manager_, "sales/" + common::NewUuid(), &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST(SaleHistoryMigrationTest, EverySaleRecordedBeforeTheHistoryGetsItsRecordedEntry) {
  const std::string url = crm::testing::TestEnvironment::Get().FreshDatabase("planning_salehist");
  // The schema as it was before the history: every migration up to 0048.
  crm::testing::Migrate(url, "planning", crm::testing::MigrationsBefore(Migrations(), 48));
  const std::string client = common::NewUuid();
  const std::string project = common::NewUuid();
  const std::string edition = common::NewUuid();
  const std::string manager = common::NewUuid();
  const std::string active = common::NewUuid();
  const std::string amended = common::NewUuid();
  {
    pqxx::connection conn(url);
    pqxx::work tx(conn);
    tx.exec_params("INSERT INTO clients (id, display_name) VALUES ($1, 'СтройМаш')", client);
    tx.exec_params(
        "INSERT INTO editions (id, project_id, currency_code, price_per_m2)"
        " VALUES ($1, $2, 'RUB', 800000)",
        edition, project);
    const auto add = [&](const std::string& sale, int version, const char* sold_at) {
      const std::string contact = common::NewUuid();
      tx.exec_params(
          "INSERT INTO contacts (id, client_id, project_id, edition_id, type, purpose,"
          " scheduled_time, owner_id, state, result, result_kind, complete_time, create_time)"
          " VALUES ($1, $2, $3, $4, 'CALL', 'Предложить стенд', $5::timestamptz, $6,"
          " 'COMPLETED', '{}', 'sale', $5::timestamptz, $5::timestamptz)",
          contact, client, project, edition, sold_at, manager);
      tx.exec_params(
          "INSERT INTO sales (id, contact_id, client_id, project_id, edition_id, manager_id,"
          " area_dm2, currency_code, price_per_m2, net_amount, vat_rate_bp, vat_amount,"
          " total_amount, sale_time, list_price_per_m2, space_amount, update_time, version)"
          " VALUES ($1, $2, $3, $4, $5, $6, 1200, 'RUB', 800000, 9600000, 2200, 2112000,"
          " 11712000, $7::timestamptz, 800000, 9600000, $7::timestamptz, $8)",
          sale, contact, client, project, edition, manager, sold_at, version);
    };
    add(active, 1, "2026-03-02T09:00:00Z");
    add(amended, 3, "2026-03-03T09:00:00Z");
    tx.commit();
  }

  crm::testing::Migrate(url, "planning", Migrations());

  common::db::Pool pool(url, 1, AllQueries());
  pool.Read([&](pqxx::read_transaction& tx) {
    for (const auto& [sale, at] :
         {std::pair(active, "2026-03-02T09:00:00Z"), std::pair(amended, "2026-03-03T09:00:00Z")}) {
      const std::vector<v1::SaleVersion> versions = store::ListSaleHistory(tx, sale, {}, 10);
      ASSERT_EQ(versions.size(), 1u) << sale;
      EXPECT_EQ(versions[0].version(), 1);
      EXPECT_EQ(versions[0].change(), "recorded");
      EXPECT_EQ(versions[0].actor(), "employees/" + manager);
      EXPECT_EQ(versions[0].change_time(), At(at));
      EXPECT_THAT(versions[0].field_changes(), IsEmpty());
      EXPECT_EQ(versions[0].sale().name(), "sales/" + sale);
      EXPECT_EQ(versions[0].sale().area_dm2(), 1200);
      EXPECT_EQ(versions[0].sale().total_amount().minor_units(), 11'712'000);
      EXPECT_EQ(versions[0].sale().state(), v1::SALE_STATE_ACTIVE);
    }
  });
}

}  // namespace
}  // namespace crm::planning::results_testing
