#pragma once

#include <google/protobuf/message.h>

#include <optional>
#include <string>
#include <string_view>

#include "common/api/page_token.h"
#include "common/core/errors.h"

// Keyset pagination of the registry's lists: where a page starts, read from a List request's
// page_size and page_token. The token is the common page token (common/api/page_token.h) with
// the last row's sort value and id as its key, bound to the list, the caller and the filters.
namespace crm::registry {

// Where the previous page ended.
struct PageKey {
  std::string sort;  // the sort column's value as text
  std::string id;    // the row's UUID, the tie-breaker
};

// The page size, the key after which the page starts (nullopt: the first page) and the query
// the next page's token is issued for.
struct ListWindow {
  int page_size = 0;
  std::optional<PageKey> after;
  common::api::PageQuery query;
};

// Reads `page_size` and `page_token` of `request` (a List request) made by `caller` (the
// caller's resource name), adding what is wrong to `violations`.
ListWindow ReadListWindow(const google::protobuf::Message& request, int page_size,
                          std::string_view page_token, std::string_view caller,
                          common::Violations& violations);

template <class Request>
ListWindow ReadListWindow(const Request& request, std::string_view caller,
                          common::Violations& violations) {
  return ReadListWindow(request, request.page_size(), request.page_token(), caller, violations);
}

// The window of a List request that has nothing to check besides page_size and page_token;
// throws common::ValidationError naming each bad field.
template <class Request>
ListWindow ValidateListWindow(const Request& request, std::string_view caller) {
  common::Violations violations;
  ListWindow window = ReadListWindow(request, caller, violations);
  violations.ThrowIfAny();
  return window;
}

// The token of the page after `last` in the list `window` was read for.
std::string PageTokenFor(const ListWindow& window, const PageKey& last);

}  // namespace crm::registry
