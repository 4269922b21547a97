#include <gtest/gtest.h>

#include <fstream>

#include "services/gateway/http/cors.h"
#include "services/gateway/http/rate_limiter.h"
#include "services/gateway/http/static_files.h"
#include "tests/support/temp_dir.h"

namespace crm::gateway {
namespace {

TEST(RateLimiter, BurstThenRateAndRetryAfter) {
  RateLimiter limiter(2, 3);
  auto t0 = RateLimiter::Clock::now();
  EXPECT_FALSE(limiter.Acquire("a", t0));
  EXPECT_FALSE(limiter.Acquire("a", t0));
  EXPECT_FALSE(limiter.Acquire("a", t0));
  auto refused = limiter.Acquire("a", t0);
  ASSERT_TRUE(refused);
  EXPECT_EQ(*refused, 1);
  EXPECT_FALSE(limiter.Acquire("b", t0));                                   // another client
  EXPECT_FALSE(limiter.Acquire("a", t0 + std::chrono::milliseconds(600)));  // refilled 1.2
  EXPECT_TRUE(limiter.Acquire("a", t0 + std::chrono::milliseconds(600)));
  RateLimiter off(0, 1);
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(off.Acquire("a", t0));
  }
}

TEST(RateLimiter, SubjectOfABearerToken) {
  // {"alg":"HS256"}.{"sub":"employees/1","roles":["admin"]}.sig
  EXPECT_EQ(UnverifiedTokenSubject("Bearer eyJhbGciOiJIUzI1NiJ9."
                                   "eyJzdWIiOiJlbXBsb3llZXMvMSIsInJvbGVzIjpbImFkbWluIl19.c2ln"),
            "employees/1");
  EXPECT_EQ(UnverifiedTokenSubject("Bearer not-a-jwt"), "");
  EXPECT_EQ(UnverifiedTokenSubject("Basic dXNlcjpwdw=="), "");
  EXPECT_EQ(UnverifiedTokenSubject(""), "");
}

TEST(Cors, PreflightOnlyForAllowedOriginsMethodsAndHeaders) {
  Cors cors({"https://crm.example"});
  HttpRequest request;
  request.method = "OPTIONS";
  request.headers = {{"origin", "https://crm.example"},
                     {"access-control-request-method", "POST"},
                     {"access-control-request-headers", "Authorization, Content-Type"}};
  ASSERT_TRUE(Cors::IsPreflight(request));
  EXPECT_EQ(cors.Preflight(request).status, 204);
  request.headers.find("access-control-request-headers")->second = "x-secret";
  EXPECT_EQ(cors.Preflight(request).status, 403);
  request.headers = {{"origin", "https://other.example"},
                     {"access-control-request-method", "POST"}};
  auto refused = cors.Preflight(request);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.Header("access-control-allow-origin"), "");
}

TEST(StaticFiles, ContentTypesFallbackAndNoEscape) {
  testing::TempDir dir("crm-static");
  std::ofstream(dir.path() / "index.html") << "<html>";
  std::ofstream(dir.path() / "app.css") << "body{}";
  StaticFiles files(dir.path());
  HttpRequest request;
  request.method = "GET";
  auto css = files.Serve("/app.css", request);
  ASSERT_TRUE(css);
  EXPECT_EQ(css->Header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(css->Header("cache-control"), "no-cache");
  auto route = files.Serve("/clients/42", request);
  ASSERT_TRUE(route);
  EXPECT_EQ(route->body, "<html>");
  EXPECT_FALSE(files.Serve("/missing.js", request));
  EXPECT_FALSE(files.Serve("/../etc/passwd", request));
  EXPECT_FALSE(files.Serve("/a/../../etc/passwd", request));
  EXPECT_EQ(ContentTypeOf("a/b.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeOf("x.unknown"), "application/octet-stream");
}

}  // namespace
}  // namespace crm::gateway
