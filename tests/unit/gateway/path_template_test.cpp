#include "services/gateway/transcoding/path_template.h"

#include <gtest/gtest.h>

namespace crm::gateway {
namespace {

std::string Bound(const std::optional<std::vector<PathTemplate::Binding>>& bindings,
                  std::size_t i = 0) {
  if (!bindings || bindings->size() <= i) {
    return "<none>";
  }
  std::string path;
  for (const auto& f : (*bindings)[i].field_path) {
    path += (path.empty() ? "" : ".") + f;
  }
  return path + "=" + (*bindings)[i].value;
}

TEST(PathTemplate, VariableWithPatternBindsTheWholeMatchedText) {
  auto t = PathTemplate::Parse("/v1/{name=clients/*}");
  EXPECT_EQ(Bound(t.Match("/v1/clients/abc")), "name=clients/abc");
  EXPECT_FALSE(t.Match("/v1/clients"));
  EXPECT_FALSE(t.Match("/v1/clients/abc/history"));
  EXPECT_FALSE(t.Match("/v1/groups/abc"));
}

TEST(PathTemplate, NestedFieldPathsAndSeveralSegments) {
  auto t = PathTemplate::Parse("/v1/{contact_person.name=clients/*/contactPersons/*}");
  EXPECT_EQ(Bound(t.Match("/v1/clients/a/contactPersons/b")),
            "contact_person.name=clients/a/contactPersons/b");
  auto two = PathTemplate::Parse("/v1/{parent=clients/*}/items/{id}");
  auto m = two.Match("/v1/clients/a/items/7");
  EXPECT_EQ(Bound(m, 0), "parent=clients/a");
  EXPECT_EQ(Bound(m, 1), "id=7");
}

TEST(PathTemplate, VerbsAndLiterals) {
  auto search = PathTemplate::Parse("/v1/clients:search");
  EXPECT_TRUE(search.Match("/v1/clients:search"));
  EXPECT_FALSE(search.Match("/v1/clients"));
  auto undelete = PathTemplate::Parse("/v1/{name=clients/*}:undelete");
  EXPECT_EQ(Bound(undelete.Match("/v1/clients/x:undelete")), "name=clients/x");
  EXPECT_FALSE(undelete.Match("/v1/clients/x"));
  EXPECT_EQ(undelete.verb(), "undelete");
}

TEST(PathTemplate, DoubleWildcardTakesTheRestAndValuesArePercentDecoded) {
  auto t = PathTemplate::Parse("/v1/{path=files/**}");
  EXPECT_EQ(Bound(t.Match("/v1/files/a/b/c")), "path=files/a/b/c");
  auto plain = PathTemplate::Parse("/v1/things/{id}");
  EXPECT_EQ(Bound(plain.Match("/v1/things/%D0%BA%20x")), "id=к x");
}

TEST(PathTemplate, MalformedTemplatesAreRejected) {
  EXPECT_THROW(PathTemplate::Parse("v1/x"), std::invalid_argument);
  EXPECT_THROW(PathTemplate::Parse("/v1/{name=clients/*"), std::invalid_argument);
  EXPECT_THROW(PathTemplate::Parse("/v1/**/x"), std::invalid_argument);
}

TEST(PathTemplate, LiteralsAreMoreSpecificThanVariables) {
  auto literal = PathTemplate::Parse("/v1/contacts:overdue");
  auto variable = PathTemplate::Parse("/v1/{name=contacts/*}");
  EXPECT_GT(PathTemplate::Parse("/v1/clients/abc").Specificity(),
            PathTemplate::Parse("/v1/clients/{id}").Specificity());
  EXPECT_EQ(variable.WithPlainVariables(), "/v1/{name}");
  EXPECT_EQ(literal.WithPlainVariables(), "/v1/contacts:overdue");
}

}  // namespace
}  // namespace crm::gateway
