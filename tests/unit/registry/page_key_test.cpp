#include "services/registry/domain/page_key.h"

#include <gtest/gtest.h>

#include "common/core/paging.h"

namespace crm::registry {
namespace {

constexpr char kId[] = "0d3c1c6e-4a5b-4c3d-9e8f-0123456789ab";

ListWindow Read(int page_size, const std::string& token, const std::string& scope,
                std::vector<std::string>* fields = nullptr) {
  common::Violations violations;
  ListWindow window = ReadListWindow(page_size, token, scope, violations);
  try {
    violations.ThrowIfAny();
  } catch (const common::ValidationError& e) {
    for (const auto& v : e.violations()) {
      if (fields != nullptr) {
        fields->push_back(v.field);
      }
    }
  }
  return window;
}

TEST(PageKeyTest, RoundTripsWithinItsScope) {
  const std::string token = PageTokenFor("projects", {"Волга-Строй", kId});
  std::vector<std::string> fields;
  ListWindow window = Read(10, token, "projects", &fields);
  EXPECT_TRUE(fields.empty());
  ASSERT_TRUE(window.after.has_value());
  EXPECT_EQ(window.after->sort, "Волга-Строй");
  EXPECT_EQ(window.after->id, kId);
  EXPECT_EQ(window.page_size, 10);
}

TEST(PageKeyTest, RefusesATokenOfAnotherScope) {
  const std::string token = PageTokenFor("projects", {"Волга-Строй", kId});
  std::vector<std::string> fields;
  Read(0, token, "employees", &fields);
  EXPECT_EQ(fields, std::vector<std::string>{"page_token"});
  // A scope that is a prefix of another does not match it either.
  fields.clear();
  Read(0,
       PageTokenFor("clients:search\x1f"
                    "ab",
                    {"x", kId}),
       "clients:search\x1f"
       "abc",
       &fields);
  EXPECT_EQ(fields, std::vector<std::string>{"page_token"});
}

TEST(PageKeyTest, RefusesForgedTokens) {
  for (const std::string& key :
       {std::string("not a key"), std::string("not-a-uuid-at-all-but-36-characters\n8\nprojectsX"),
        std::string(kId) + "\nx\nprojects", std::string(kId) + "\n99\nprojects",
        std::string(kId) + "\n8\nprojects\xFF", std::string(kId) + "\n8\nprojectsa\nb"}) {
    std::vector<std::string> fields;
    ListWindow window = Read(0, common::EncodePageToken(key), "projects", &fields);
    EXPECT_EQ(fields, std::vector<std::string>{"page_token"}) << key;
    EXPECT_FALSE(window.after.has_value());
  }
  std::vector<std::string> fields;
  Read(0, "%%%", "projects", &fields);
  EXPECT_EQ(fields, std::vector<std::string>{"page_token"});
}

TEST(PageKeyTest, PageSizeDefaultsAndBounds) {
  EXPECT_EQ(Read(0, "", "projects").page_size, 50);
  EXPECT_EQ(Read(7, "", "projects").page_size, 7);
  EXPECT_EQ(Read(100000, "", "projects").page_size, 500);
  std::vector<std::string> fields;
  Read(-1, "", "projects", &fields);
  EXPECT_EQ(fields, std::vector<std::string>{"page_size"});
  EXPECT_FALSE(Read(0, "", "projects").after.has_value());
}

}  // namespace
}  // namespace crm::registry
