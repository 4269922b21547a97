#include "services/registry/domain/page_key.h"

#include <charconv>

#include "common/core/ids.h"
#include "common/core/paging.h"
#include "services/registry/domain/text.h"

namespace crm::registry {
namespace {

constexpr char kTokenField[] = "page_token";
constexpr char kForeignToken[] = "is not a page token of this list with these filters";

// The key's text: "<uuid>\n<scope length>\n<scope><sort>". The length prefix keeps any scope
// and sort value apart without escaping.
std::string KeyText(std::string_view scope, const PageKey& last) {
  std::string key = last.id;
  key += '\n';
  key += std::to_string(scope.size());
  key += '\n';
  key += scope;
  key += last.sort;
  return key;
}

std::optional<PageKey> ParseKeyText(std::string_view key, std::string_view scope) {
  constexpr std::size_t kUuidLength = 36;
  if (key.size() < kUuidLength + 1 || key[kUuidLength] != '\n') {
    return std::nullopt;
  }
  PageKey parsed;
  parsed.id = std::string(key.substr(0, kUuidLength));
  std::string_view rest = key.substr(kUuidLength + 1);
  const std::size_t newline = rest.find('\n');
  if (newline == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t scope_length = 0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + newline, scope_length);
  if (error != std::errc() || end != rest.data() + newline) {
    return std::nullopt;
  }
  rest = rest.substr(newline + 1);
  if (rest.size() < scope_length || rest.substr(0, scope_length) != scope) {
    return std::nullopt;
  }
  parsed.sort = std::string(rest.substr(scope_length));
  // The key goes to SQL as parameters: it must be a UUID and clean text whatever a caller sends.
  if (!common::IsUuid(parsed.id) || !IsValidUtf8(parsed.sort) ||
      HasControlCharacters(parsed.sort)) {
    return std::nullopt;
  }
  return parsed;
}

}  // namespace

std::string PageTokenFor(std::string_view scope, const PageKey& last) {
  return common::EncodePageToken(KeyText(scope, last));
}

ListWindow ReadListWindow(int page_size, std::string_view page_token, std::string_view scope,
                          common::Violations& violations) {
  ListWindow window;
  if (page_size < 0) {
    violations.Add("page_size", "must not be negative");
  } else {
    window.page_size = common::PageSize(page_size);
  }
  if (page_token.empty()) {
    return window;
  }
  std::string key;
  try {
    key = common::DecodePageToken(page_token, kTokenField);
  } catch (const common::ValidationError& e) {
    for (const auto& v : e.violations()) {
      violations.Add(v.field, v.description);
    }
    return window;
  }
  window.after = ParseKeyText(key, scope);
  if (!window.after) {
    violations.Add(kTokenField, kForeignToken);
  }
  return window;
}

}  // namespace crm::registry
