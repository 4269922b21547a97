#pragma once

#include "common/core/text.h"

// The registry's text checks are the shared ones (common/core/text.h), named here so the
// registry's rules read them unqualified.
namespace crm::registry {

using common::CharacterCount;
using common::CheckEmail;
using common::CheckPhone;
using common::CheckText;
using common::HasControlCharacters;
using common::IsValidUtf8;
using common::TextRule;
using common::Trim;

}  // namespace crm::registry
