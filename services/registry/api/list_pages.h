#pragma once

#include <string>

#include "services/registry/domain/list_window.h"

namespace crm::registry {

// Copies a store page into a List response: the items, and the token of the next page (of the
// list `window` was read for) when there is one.
template <class Listed, class Items>
void FillListResponse(const Listed& page, const ListWindow& window, Items* items,
                      std::string* next_page_token) {
  for (const auto& item : page.items) {
    *items->Add() = item;
  }
  if (page.next) {
    *next_page_token = PageTokenFor(window, *page.next);
  }
}

}  // namespace crm::registry
