#pragma once

#include <string>

#include "common/auth/auth.h"

// Who sees which documents: heads of sales, accountants, analysts and admins see every document;
// a sales manager only those of their own sales (a document carries its sale's manager).
namespace crm::documents {

// True when the caller may see every manager's documents.
bool SeesEveryDocument(const common::auth::Principal& caller);

// The manager filter ListDocuments applies: `requested` ("employees/{id}" or empty) for callers
// who see everything; the caller's own name for a sales manager, who may name only themself.
// Throws common::PermissionError when a sales manager asks for another manager's documents.
std::string ManagerScope(const common::auth::Principal& caller, const std::string& requested);

// Throws common::PermissionError unless the caller may see a document of `manager`'s sale.
void CheckMaySee(const common::auth::Principal& caller, const std::string& manager);

}  // namespace crm::documents
