#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/core/errors.h"

// Keyset pagination for the registry's lists. A page token carries the last row's sort value
// and id, bound to a scope (the list and its filter) so a token is never read against another
// list or another filter.
namespace crm::registry {

// Where the previous page ended.
struct PageKey {
  std::string sort;  // the sort column's value as text
  std::string id;    // the row's UUID, the tie-breaker
};

// The page size and the key after which the page starts (nullopt: the first page).
struct ListWindow {
  int page_size = 0;
  std::optional<PageKey> after;
};

// An opaque token for the page after `last`.
std::string PageTokenFor(std::string_view scope, const PageKey& last);

// Reads `page_size` and `page_token` (fields "page_size", "page_token"), adding what is wrong to
// `violations`. A token that did not come from PageTokenFor with the same scope is a violation.
ListWindow ReadListWindow(int page_size, std::string_view page_token, std::string_view scope,
                          common::Violations& violations);

}  // namespace crm::registry
