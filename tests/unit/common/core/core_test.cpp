#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/core/code_page.h"
#include "common/core/config.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/metrics.h"
#include "common/core/paging.h"
#include "common/core/share.h"

namespace crm::common {
namespace {

TEST(Ids, UuidsAreVersion4AndUnique) {
  auto a = NewUuid();
  auto b = NewUuid();
  EXPECT_TRUE(IsUuid(a));
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '4');
  EXPECT_FALSE(IsUuid("not-a-uuid"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400z"));
}

TEST(Ids, UuidsStayUniqueAcrossThreadsAndRefillsAndAForkedChildDrawsItsOwn) {
  // 4 threads x 2,000 ids: each thread's reserve of random bytes is refilled several times.
  std::vector<std::vector<std::string>> drawn(4);
  std::vector<std::thread> threads;
  threads.reserve(drawn.size());
  for (auto& ids : drawn) {
    threads.emplace_back([&ids] {
      for (int i = 0; i < 2000; ++i) {
        ids.push_back(NewUuid());
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  std::set<std::string> all;
  for (const auto& ids : drawn) {
    for (const auto& id : ids) {
      ASSERT_TRUE(IsUuid(id)) << id;
      EXPECT_EQ(id[14], '4') << id;
      EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << "RFC 4122 variant: " << id;
      all.insert(id);
    }
  }
  EXPECT_EQ(all.size(), 8000U);

  // A child forked after the parent drew from its reserve must not draw the parent's next bytes.
  NewUuid();
  int pipe_ends[2];
  ASSERT_EQ(pipe(pipe_ends), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string id = NewUuid();
    (void)!write(pipe_ends[1], id.data(), id.size());
    _exit(0);
  }
  close(pipe_ends[1]);
  std::string from_child(36, '\0');
  ASSERT_EQ(read(pipe_ends[0], from_child.data(), from_child.size()), 36);
  close(pipe_ends[0]);
  waitpid(child, nullptr, 0);
  EXPECT_TRUE(IsUuid(from_child));
  EXPECT_NE(from_child, NewUuid());
}

TEST(Ids, ResourceNamesParseOnlyTheirOwnShape) {
  auto id = NewUuid();
  EXPECT_EQ(ParseResourceId("clients/" + id, "clients"), id);
  EXPECT_EQ(ParseResourceId("projects/" + id, "clients"), std::nullopt);
  EXPECT_EQ(ParseResourceId("clients/" + id + "/x", "clients"), std::nullopt);
  EXPECT_EQ(ParseResourceId("clients/", "clients"), std::nullopt);
  EXPECT_EQ(ParseResourceId("clients", "clients"), std::nullopt);
  EXPECT_EQ(ParseResourceId("clients/../../etc", "clients"), std::nullopt);
  auto child = NewUuid();
  auto parsed = ParseChildResourceId("clients/" + id + "/contactPersons/" + child, "clients",
                                     "contactPersons");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->first, id);
  EXPECT_EQ(parsed->second, child);
  EXPECT_FALSE(
      ParseChildResourceId("clients/" + id + "/editions/" + child, "clients", "contactPersons"));
  EXPECT_FALSE(ParseChildResourceId("clients/" + id, "clients", "contactPersons"));
}

TEST(Paging, PageSizeDefaultsAndBounds) {
  EXPECT_EQ(PageSize(0), kDefaultPageSize);
  EXPECT_EQ(PageSize(10), 10);
  EXPECT_EQ(PageSize(100000), kMaxPageSize);
  EXPECT_THROW(PageSize(-1), ValidationError);
}

TEST(Share, BasisPointsRoundedHalfUpAndZeroOfNothing) {
  EXPECT_EQ(ShareBp(0, 0), 0);
  EXPECT_EQ(ShareBp(3, 0), 0);
  EXPECT_EQ(ShareBp(0, 5), 0);
  EXPECT_EQ(ShareBp(1, 4), 2500);
  EXPECT_EQ(ShareBp(1, 3), 3333);
  EXPECT_EQ(ShareBp(2, 3), 6667);
  EXPECT_EQ(ShareBp(1, 20'000), 1);  // half a basis point rounds up
  EXPECT_EQ(ShareBp(5, 5), 10'000);
}

TEST(Errors, ViolationsCollectEveryProblem) {
  Violations v;
  EXPECT_NO_THROW(v.ThrowIfAny());
  v.Add("client.inn", "checksum does not match");
  v.AddIf("client.kpp", std::optional<std::string>("must be 9 characters"));
  v.AddIf("client.ogrn", std::optional<std::string>());
  try {
    v.ThrowIfAny();
    FAIL();
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.violations().size(), 2u);
    EXPECT_EQ(e.violations()[1].field, "client.kpp");
    EXPECT_NE(std::string(e.what()).find("client.inn"), std::string::npos);
  }
}

TEST(Config, ReportsEveryProblemAtOnce) {
  unsetenv("CRM_DATABASE_URL");
  unsetenv("CRM_JWT_HS256_SECRET");
  unsetenv("CRM_JWT_RS256_PUBLIC_KEY_FILE");
  unsetenv("CRM_JWT_AUDIENCE");
  setenv("CRM_DB_POOL_SIZE", "lots", 1);
  EnvReader env;
  ServiceConfig::FromEnv("registry", env);
  try {
    env.Validate();
    FAIL();
  } catch (const std::runtime_error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("CRM_DATABASE_URL"), std::string::npos) << message;
    EXPECT_NE(message.find("CRM_JWT_HS256_SECRET"), std::string::npos) << message;
    EXPECT_NE(message.find("CRM_JWT_AUDIENCE is required"), std::string::npos) << message;
    EXPECT_NE(message.find("CRM_DB_POOL_SIZE=lots"), std::string::npos) << message;
  }
  unsetenv("CRM_DB_POOL_SIZE");
}

TEST(Config, ReadsValuesAndDefaults) {
  setenv("CRM_DATABASE_URL", "postgresql://localhost/x", 1);
  setenv("CRM_JWT_HS256_SECRET", "s", 1);
  setenv("CRM_JWT_AUDIENCE", "expo-crm", 1);
  setenv("CRM_DB_POOL_SIZE", "12", 1);
  EnvReader env;
  auto c = ServiceConfig::FromEnv("registry", env);
  EXPECT_NO_THROW(env.Validate());
  EXPECT_EQ(c.database_url, "postgresql://localhost/x");
  EXPECT_EQ(c.db_pool_size, 12);
  EXPECT_EQ(c.stream, "CRM");
  EXPECT_EQ(c.time_zone, "Europe/Samara");
  EXPECT_EQ(c.jwt_audience, "expo-crm");
  unsetenv("CRM_DATABASE_URL");
  unsetenv("CRM_JWT_HS256_SECRET");
  unsetenv("CRM_JWT_AUDIENCE");
  unsetenv("CRM_DB_POOL_SIZE");
}

// Production verifies the identity provider's tokens by a key set (or one RS256 key); its tokens
// always name their issuer, so the issuer is required then. One key source only.
TEST(Config, AKeySetOrAnRsaKeyNeedsTheIssuer) {
  setenv("CRM_DATABASE_URL", "postgresql://localhost/x", 1);
  setenv("CRM_JWT_AUDIENCE", "expo-crm", 1);
  setenv("CRM_JWT_JWKS_FILE", "/etc/crm/jwks.json", 1);
  unsetenv("CRM_JWT_ISSUER");
  {
    EnvReader env;
    ServiceConfig::FromEnv("registry", env);
    try {
      env.Validate();
      FAIL() << "a key set without an issuer was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("CRM_JWT_ISSUER is required"), std::string::npos)
          << e.what();
    }
  }
  setenv("CRM_JWT_ISSUER", "https://id.example.com/realms/expo", 1);
  {
    EnvReader env;
    const ServiceConfig c = ServiceConfig::FromEnv("registry", env);
    EXPECT_NO_THROW(env.Validate());
    EXPECT_EQ(c.jwt_jwks_file, "/etc/crm/jwks.json");
  }
  setenv("CRM_JWT_HS256_SECRET", "expo-crm-test-secret-0123456789abcdef", 1);
  {
    EnvReader env;
    ServiceConfig::FromEnv("registry", env);
    EXPECT_THROW(env.Validate(), std::runtime_error);  // two key sources
  }
  unsetenv("CRM_DATABASE_URL");
  unsetenv("CRM_JWT_AUDIENCE");
  unsetenv("CRM_JWT_JWKS_FILE");
  unsetenv("CRM_JWT_ISSUER");
  unsetenv("CRM_JWT_HS256_SECRET");
}

TEST(CodePages, LongTextRoundTripsThoughItsBlocksCutCharactersInTwo) {
  // One ASCII byte first, so that every 64 KiB block of the UTF-8 text ends inside a two-byte
  // Cyrillic character.
  std::string text = "x";
  while (text.size() < 300 * 1024) {
    text += "Оплата по счёту № 7 ";
  }
  for (const CodePage page : {CodePage::kWindows1251, CodePage::kCp866}) {
    const std::string encoded = FromUtf8(text, page);
    EXPECT_LT(encoded.size(), text.size()) << CodePageName(page);
    EXPECT_EQ(ToUtf8(encoded, page), text) << CodePageName(page);
  }
}

TEST(CodePages, TextWithoutAFormIsRefusedAtItsByte) {
  try {
    FromUtf8("Сумма 5 \xE2\x82\xB9", CodePage::kCp866);  // the rupee sign has no CP866 form
    ADD_FAILURE() << "converted";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "the text has no CP866 form (byte 14)");
  }
  // A character cut at the very end of the text is malformed, not carried to a next block.
  EXPECT_THROW(FromUtf8("Сумм\xD0", CodePage::kWindows1251), std::runtime_error);
  EXPECT_THROW(ToUtf8("\x98", CodePage::kWindows1251), CodePageError);
}

TEST(Metrics, RendersPrometheusText) {
  metrics::Registry registry;
  registry.GetCounter("crm_test_total", "A test counter", {{"method", "Get\"x"}}).Inc(2);
  registry.GetHistogram("crm_test_seconds", "A test histogram").Observe(0.003);
  std::string text = registry.RenderText();
  EXPECT_NE(text.find("# TYPE crm_test_total counter"), std::string::npos) << text;
  EXPECT_NE(text.find("crm_test_total{method=\"Get\\\"x\"} 2"), std::string::npos) << text;
  EXPECT_NE(text.find("crm_test_seconds_bucket{le=\"0.005\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("crm_test_seconds_bucket{le=\"0.001\"} 0"), std::string::npos) << text;
  EXPECT_NE(text.find("crm_test_seconds_count 1"), std::string::npos) << text;
}

TEST(Metrics, SameNameAndLabelsAreOneSeriesWithTheFirstHelp) {
  metrics::Registry registry;
  auto& first = registry.GetCounter("crm_test_total", "Requests", {{"code", "OK"}});
  auto& again = registry.GetCounter("crm_test_total", "", {{"code", "OK"}});
  EXPECT_EQ(&first, &again);
  first.Inc();
  again.Inc(2);
  registry.GetCounter("crm_test_total", "", {{"code", "NOT_FOUND"}}).Inc();
  registry.GetCounter("crm_test_total", "").Inc(-5);  // a counter only goes up
  EXPECT_EQ(first.Value(), 3);
  auto& gauge = registry.GetGauge("crm_test_pending", "Rows waiting");
  gauge.Set(3);
  gauge.Add(-0.5);
  EXPECT_EQ(registry.GetGauge("crm_test_pending", "").Value(), 2.5);

  std::string text = registry.RenderText();
  EXPECT_NE(text.find("# HELP crm_test_total Requests\n# TYPE crm_test_total counter\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("crm_test_total{code=\"OK\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("crm_test_total{code=\"NOT_FOUND\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("crm_test_total 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# HELP crm_test_pending Rows waiting\n# TYPE crm_test_pending gauge\n"
                      "crm_test_pending 2.5\n"),
            std::string::npos)
      << text;
}

TEST(Metrics, ANameBelongsToOneMetricType) {
  metrics::Registry registry;
  registry.GetCounter("crm_test_total", "Requests");
  EXPECT_THROW(registry.GetGauge("crm_test_total", "Requests"), std::invalid_argument);
}

}  // namespace
}  // namespace crm::common
