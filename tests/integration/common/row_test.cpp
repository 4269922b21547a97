// Named statements embedded from a .sql file (cmake/EmbedQueries.cmake) and read back by column
// name (common/db/row.h), on a real PostgreSQL.
#include "common/db/row.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "common/db/pool.h"
#include "common/db/rows.h"
#include "tests/support/test_environment.h"

namespace crm::testing::row_test {
const std::vector<common::db::NamedQuery>& Queries();
}

namespace crm::common::db {
namespace {

class RowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = crm::testing::TestEnvironment::Get().FreshDatabase("row");
    pool_ = std::make_unique<Pool>(url_, 2, crm::testing::row_test::Queries());
  }

  std::string url_;
  std::unique_ptr<Pool> pool_;
};

TEST_F(RowTest, TheEmbedderKeepsEachStatementWhole) {
  const auto& queries = crm::testing::row_test::Queries();
  ASSERT_EQ(queries.size(), 3u);
  EXPECT_STREQ(queries[0].name, "row_values");
  EXPECT_STREQ(queries[1].name, "row_count");
  EXPECT_STREQ(queries[2].name, "row_series");
  const std::string values = queries[0].sql;
  EXPECT_NE(values.find("'a;b'"), std::string::npos);
  EXPECT_NE(values.find("ARRAY[1,\n       2]"), std::string::npos);
  EXPECT_EQ(values.back(), 'w');  // "... AS raw", its final semicolon dropped
}

TEST_F(RowTest, FragmentsArePastedWhereAStatementNamesThem) {
  const std::string series = crm::testing::row_test::Queries()[2].sql;
  EXPECT_NE(series.find("generate_series(1, $1::int)"), std::string::npos) << series;
  pool_->Read([&](pqxx::read_transaction& tx) {
    EXPECT_EQ(Row(tx.exec_prepared1("row_series", 5)).Int32("n"), 5);
  });
}

TEST_F(RowTest, ColumnsAreReadByName) {
  const int64_t micros = 1'767'225'600'123'456;  // 2026-01-01T00:00:00.123456Z
  pool_->Read([&](pqxx::read_transaction& tx) {
    const Row row(tx.exec_prepared1("row_values", micros));
    EXPECT_EQ(row.Text("text"), "a;b");
    EXPECT_EQ(row.Text("missing"), "");
    EXPECT_EQ(row.OptionalText("missing"), std::nullopt);
    EXPECT_EQ(row.OptionalText("empty"), std::optional<std::string>(""));
    EXPECT_EQ(row.Int64("answer"), 42);
    EXPECT_EQ(row.Int32("small"), 7);
    EXPECT_TRUE(row.Bool("yes"));
    EXPECT_EQ(row.Text("numbers"), "{1,2}");
    EXPECT_EQ(row.TimeFromMicros("time_us"),
              google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(micros));
    EXPECT_EQ(row.OptionalTimeFromMicros("no_time_us"), std::nullopt);
    EXPECT_EQ(row.Bytes("raw"), std::string("\0\xff", 2));
    EXPECT_TRUE(row.IsNull("missing"));
  });
}

TEST_F(RowTest, AColumnTheStatementDoesNotReturnOrANullNumberIsAnError) {
  pool_->Read([&](pqxx::read_transaction& tx) {
    const Row row(tx.exec_prepared1("row_values", int64_t{0}));
    EXPECT_THROW(row.Text("nonexistent"), std::logic_error);
    EXPECT_THROW(row.Int64("no_time_us"), std::logic_error);
  });
}

TEST_F(RowTest, ARowOutlivesTheTemporaryItWasMadeFrom) {
  pool_->Read([&](pqxx::read_transaction& tx) {
    const pqxx::result result = tx.exec_prepared("row_count", 3);
    const Row row(result[0]);  // result[0] is a temporary
    EXPECT_EQ(row.Int64("n"), 3);
  });
}

// Decoders read the same names from statements that return them at other positions, or not at
// all: each read finds its own row's column.
TEST_F(RowTest, ANameIsFoundWhereverEachStatementReturnsIt) {
  const auto read = [](const Row& row) {
    return std::pair(row.Int64("first"), row.Text("second"));
  };
  pool_->Read([&](pqxx::read_transaction& tx) {
    const pqxx::result ab = tx.exec("SELECT 1 AS first, 'two' AS second");
    const pqxx::result ba = tx.exec("SELECT 'zwei' AS second, 0 AS zero, 11 AS first");
    const pqxx::result other = tx.exec("SELECT 3 AS second_one, 4 AS first_one");
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(read(Row(ab[0])), std::pair(int64_t{1}, std::string("two")));
      EXPECT_EQ(read(Row(ba[0])), std::pair(int64_t{11}, std::string("zwei")));
      EXPECT_THROW(read(Row(other[0])), std::logic_error);
    }
  });
}

TEST_F(RowTest, FirstRowOfDecodesTheFirstRowOrNone) {
  pool_->Read([&](pqxx::read_transaction& tx) {
    const auto n = [](const Row& row) { return row.Int32("n"); };
    EXPECT_EQ(FirstRowOf(tx.exec("SELECT n FROM generate_series(4, 6) AS n ORDER BY n"), n), 4);
    EXPECT_EQ(FirstRowOf(tx.exec("SELECT 1 AS n WHERE false"), n), std::nullopt);
  });
}

TEST_F(RowTest, RowsOfDecodesEveryRowInOrder) {
  pool_->Read([&](pqxx::read_transaction& tx) {
    const auto text = [](const Row& row) { return row.Text("t"); };
    EXPECT_EQ(RowsOf(tx.exec("SELECT n::text AS t FROM generate_series(3, 1, -1) AS n"), text),
              (std::vector<std::string>{"3", "2", "1"}));
    EXPECT_TRUE(RowsOf(tx.exec("SELECT 'x' AS t WHERE false"), text).empty());
  });
}

}  // namespace
}  // namespace crm::common::db
