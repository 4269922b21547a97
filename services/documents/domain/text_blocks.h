#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/documents/render/document_pdf.h"

// Text blocks of documents written by admins as Mustache templates (kainjow's Mustache from
// Debian): checked when a version is written, rendered with the document's own values when a
// document is issued or a version previewed. Pure: no I/O.
namespace crm::documents {

// The longest template accepted, in characters.
inline constexpr std::size_t kMaxTemplateCharacters = 4000;

// The variables a template may use, in the order the API documents them.
const std::vector<std::string>& TemplateVariables();

// What is wrong with `text` as a template: nullopt when it parses and uses only
// TemplateVariables(); else one description naming the problem (a Mustache syntax error, an
// unknown variable, a partial or a change of delimiters, too long, empty).
std::optional<std::string> CheckTemplate(std::string_view text);

// `text` (which passed CheckTemplate) rendered with `view`'s values, as plain text: nothing is
// escaped, since the PDF prints text, not markup.
std::string RenderTemplate(const std::string& text, const DocumentView& view);

}  // namespace crm::documents
