#include "services/registry/domain/list_window.h"

#include "common/core/ids.h"
#include "common/core/paging.h"

namespace crm::registry {

ListWindow ReadListWindow(const google::protobuf::Message& request, int page_size,
                          std::string_view page_token, std::string_view caller,
                          common::Violations& violations) {
  ListWindow window;
  window.query = common::api::PageQueryOf(request, caller);
  if (page_size < 0) {
    violations.Add("page_size", "must not be negative");
  } else {
    window.page_size = common::PageSize(page_size);
  }
  auto key = common::api::ReadPageToken(violations, window.query, page_token, 2);
  if (key) {
    // The id goes to SQL as a uuid parameter.
    if (!common::IsUuid((*key)[1])) {
      violations.Add("page_token", common::api::kForeignPageToken);
    } else {
      window.after = PageKey{std::move((*key)[0]), std::move((*key)[1])};
    }
  }
  return window;
}

std::string PageTokenFor(const ListWindow& window, const PageKey& last) {
  return common::api::IssuePageToken(window.query, common::api::PageKeyParts{last.sort, last.id});
}

}  // namespace crm::registry
