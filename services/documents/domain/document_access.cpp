#include "services/documents/domain/document_access.h"

#include "common/core/errors.h"

namespace crm::documents {

using common::auth::Role;

bool SeesEveryDocument(const common::auth::Principal& caller) {
  return caller.HasAny({Role::kSalesHead, Role::kAccountant, Role::kAnalyst, Role::kAdmin});
}

std::string ManagerScope(const common::auth::Principal& caller, const std::string& requested) {
  if (SeesEveryDocument(caller)) {
    return requested;
  }
  if (!requested.empty() && requested != caller.subject) {
    throw common::PermissionError("a sales manager sees only the documents of their own sales");
  }
  return caller.subject;
}

void CheckMaySee(const common::auth::Principal& caller, const std::string& manager) {
  if (!SeesEveryDocument(caller) && manager != caller.subject) {
    throw common::PermissionError("a sales manager sees only the documents of their own sales");
  }
}

}  // namespace crm::documents
