#include "services/documents/domain/text_blocks.h"

#include <algorithm>
#include <kainjow/mustache.hpp>

#include "common/core/text.h"

namespace crm::documents {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

const std::vector<std::string> kPartyFields = {"legal_name", "inn", "kpp", "address"};
const std::vector<std::string> kLineFields = {"description", "quantity", "unit", "price", "amount"};

data PartyData(const DocumentParty& party) {
  data out{data::type::object};
  out.set("legal_name", party.legal_name);
  out.set("inn", party.inn);
  out.set("kpp", party.kpp);
  out.set("address", party.address);
  return out;
}

data ViewData(const DocumentView& view) {
  data out{data::type::object};
  out.set("number", view.number);
  out.set("issue_date", view.issue_date);
  out.set("supplier", PartyData(view.supplier));
  out.set("buyer", PartyData(view.buyer));
  out.set("net_total", view.net_total);
  out.set("vat_label", view.vat_label);
  out.set("vat_amount", view.vat_amount);
  out.set("total", view.total);
  out.set("total_in_words", view.total_in_words);
  out.set("payment_terms", view.payment_terms);
  out.set("director", view.director);
  out.set("chief_accountant", view.chief_accountant);
  out.set("line_count", std::to_string(view.lines.size()));
  data lines{data::type::list};
  for (const DocumentLineView& line : view.lines) {
    data item{data::type::object};
    item.set("description", line.description);
    item.set("quantity", line.quantity);
    item.set("unit", line.unit);
    item.set("price", line.price);
    item.set("amount", line.amount);
    lines.push_back(item);
  }
  out.set("lines", lines);
  return out;
}

// The name of every tag of `text` with its sigil ('#', '^', '/', '!', '>', '=', '&', '{' or
// ' ' for a plain variable), with the default delimiters.
std::vector<std::pair<char, std::string>> Tags(std::string_view text) {
  std::vector<std::pair<char, std::string>> tags;
  std::size_t at = 0;
  while ((at = text.find("{{", at)) != std::string_view::npos) {
    const bool triple = text.substr(at).starts_with("{{{");
    const std::size_t begin = at + (triple ? 3 : 2);
    const std::size_t end = text.find(triple ? "}}}" : "}}", begin);
    if (end == std::string_view::npos) {
      break;  // the parser reports the unclosed tag
    }
    std::string inside = common::Trim(text.substr(begin, end - begin));
    char sigil = triple ? '{' : ' ';
    if (!triple && !inside.empty() &&
        std::string_view("#^/!>=&").find(inside[0]) != std::string_view::npos) {
      sigil = inside[0];
      inside = common::Trim(std::string_view{inside}.substr(1));
    }
    tags.emplace_back(sigil, inside);
    at = end + (triple ? 3 : 2);
  }
  return tags;
}

}  // namespace

const std::vector<std::string>& TemplateVariables() {
  static const std::vector<std::string> kVariables = [] {
    std::vector<std::string> names = {"number", "issue_date"};
    for (const char* party : {"supplier", "buyer"}) {
      for (const std::string& field : kPartyFields) {
        names.push_back(std::string(party) + "." + field);
      }
    }
    for (const char* name :
         {"net_total", "vat_label", "vat_amount", "total", "total_in_words", "payment_terms",
          "director", "chief_accountant", "line_count", "lines"}) {
      names.emplace_back(name);
    }
    for (const std::string& field : kLineFields) {
      names.push_back(field);
    }
    return names;
  }();
  return kVariables;
}

std::optional<std::string> CheckTemplate(std::string_view text) {
  if (common::Trim(text).empty()) {
    return "is required";
  }
  if (!common::IsValidUtf8(text)) {
    return "must be UTF-8 text";
  }
  if (common::CharacterCount(text) > kMaxTemplateCharacters) {
    return "must be at most 4000 characters";
  }
  if (common::HasControlCharacters(text, /*line_breaks=*/true)) {
    return "must not contain control characters";
  }
  for (const auto& [sigil, name] : Tags(text)) {
    if (sigil == '!') {
      continue;
    }
    if (sigil == '>' || sigil == '=') {
      return "partials and changes of delimiters are not supported";
    }
    const auto& known = TemplateVariables();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return "uses {{" + name + "}}, which is not a document variable";
    }
  }
  mustache parsed{std::string(text)};
  if (!parsed.is_valid()) {
    return "is not a valid Mustache template: " + parsed.error_message();
  }
  return std::nullopt;
}

std::string RenderTemplate(const std::string& text, const DocumentView& view) {
  mustache parsed{text};
  parsed.set_custom_escape([](const std::string& value) { return value; });
  return parsed.render(ViewData(view));
}

}  // namespace crm::documents
