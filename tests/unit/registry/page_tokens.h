#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "common/api/page_token.h"
#include "services/registry/domain/list_window.h"

namespace crm::registry {

// Who calls the List validators in the unit tests.
inline constexpr char kListCaller[] = "employees/0b6c3d0e-2222-4c5e-9a43-2f1e7f1d9b20";

// The token a list would issue to kListCaller for `request` (its page_token aside) after `last`.
inline std::string ListTokenFor(const google::protobuf::Message& request, const PageKey& last) {
  ListWindow window;
  window.query = common::api::PageQueryOf(request, kListCaller);
  return PageTokenFor(window, last);
}

}  // namespace crm::registry
