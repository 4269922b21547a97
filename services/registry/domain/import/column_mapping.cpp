#include "services/registry/domain/import/column_mapping.h"

#include <array>
#include <utility>

#include "services/registry/domain/text.h"
#include "services/registry/domain/validation.h"

namespace crm::registry {
namespace {

constexpr std::array<std::string_view, kImportFieldCount> kFieldNames = {
    "display_name", "legal_name", "inn", "kpp", "ogrn", "legal_address", "phone", "email"};

std::string* MutableField(v1::Client& client, ImportField field) {
  switch (field) {
    case ImportField::kDisplayName:
      return client.mutable_display_name();
    case ImportField::kLegalName:
      return client.mutable_legal_name();
    case ImportField::kInn:
      return client.mutable_inn();
    case ImportField::kKpp:
      return client.mutable_kpp();
    case ImportField::kOgrn:
      return client.mutable_ogrn();
    case ImportField::kLegalAddress:
      return client.mutable_legal_address();
    case ImportField::kPhone:
      return client.mutable_phone();
    case ImportField::kEmail:
      return client.mutable_email();
  }
  return nullptr;
}

// Usual headers of directories and catalogues, lower case; the first match of a header wins.
const std::vector<std::pair<std::string_view, ImportField>>& KnownHeaders() {
  static const std::vector<std::pair<std::string_view, ImportField>> kKnown = {
      {"инн", ImportField::kInn},
      {"inn", ImportField::kInn},
      {"кпп", ImportField::kKpp},
      {"kpp", ImportField::kKpp},
      {"огрн", ImportField::kOgrn},
      {"огрнип", ImportField::kOgrn},
      {"ogrn", ImportField::kOgrn},
      {"полное наименование", ImportField::kLegalName},
      {"юридическое наименование", ImportField::kLegalName},
      {"наименование юридического лица", ImportField::kLegalName},
      {"legal_name", ImportField::kLegalName},
      {"краткое наименование", ImportField::kDisplayName},
      {"сокращённое наименование", ImportField::kDisplayName},
      {"сокращенное наименование", ImportField::kDisplayName},
      {"наименование", ImportField::kDisplayName},
      {"название", ImportField::kDisplayName},
      {"компания", ImportField::kDisplayName},
      {"организация", ImportField::kDisplayName},
      {"display_name", ImportField::kDisplayName},
      {"юридический адрес", ImportField::kLegalAddress},
      {"адрес", ImportField::kLegalAddress},
      {"legal_address", ImportField::kLegalAddress},
      {"телефон", ImportField::kPhone},
      {"тел.", ImportField::kPhone},
      {"phone", ImportField::kPhone},
      {"e-mail", ImportField::kEmail},
      {"email", ImportField::kEmail},
      {"эл. почта", ImportField::kEmail},
      {"электронная почта", ImportField::kEmail},
  };
  return kKnown;
}

std::string HeaderKey(std::string_view header) { return LowerCaseRussian(Trim(header)); }

}  // namespace

std::string_view ImportFieldName(ImportField field) {
  return kFieldNames[static_cast<std::size_t>(field)];
}

std::optional<ImportField> ImportFieldByName(std::string_view name) {
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    if (kFieldNames[i] == name) {
      return static_cast<ImportField>(i);
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> ImportFieldNames() {
  return {kFieldNames.begin(), kFieldNames.end()};
}

std::string LowerCaseRussian(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
      continue;
    }
    if (c == 0xD0 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x90 && next <= 0x9F) {  // А..П -> а..п
        out += static_cast<char>(0xD0);
        out += static_cast<char>(next + 0x20);
        ++i;
        continue;
      }
      if (next >= 0xA0 && next <= 0xAF) {  // Р..Я -> р..я
        out += static_cast<char>(0xD1);
        out += static_cast<char>(next - 0x20);
        ++i;
        continue;
      }
      if (next == 0x81) {  // Ё -> ё
        out += static_cast<char>(0xD1);
        out += static_cast<char>(0x91);
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

ResolvedMapping ResolveMapping(const std::vector<std::string>& header,
                               const std::vector<ColumnMapping>& mappings, std::string_view path,
                               common::Violations& violations) {
  ResolvedMapping resolved;
  const std::string base(path);
  if (mappings.empty()) {
    violations.Add(base, "is required: map at least the INN and a name column to client fields");
    return resolved;
  }
  std::vector<std::string> keys;
  keys.reserve(header.size());
  for (const std::string& name : header) {
    keys.push_back(HeaderKey(name));
  }
  std::string known_fields;
  for (std::string_view name : kFieldNames) {
    known_fields += known_fields.empty() ? "" : ", ";
    known_fields += name;
  }
  bool seen[kImportFieldCount] = {};
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    const std::string entry = base + "[" + std::to_string(i) + "]";
    const ColumnMapping& mapping = mappings[i];
    std::optional<std::size_t> column;
    const std::string key = HeaderKey(mapping.column);
    if (key.empty()) {
      violations.Add(entry + ".column", "is required");
    } else {
      for (std::size_t c = 0; c < keys.size(); ++c) {
        if (keys[c] == key) {
          column = c;
          break;
        }
      }
      if (!column) {
        violations.Add(entry + ".column",
                       "the file has no column \"" + Trim(mapping.column) + "\"");
      }
    }
    auto field = ImportFieldByName(Trim(mapping.field));
    if (!field) {
      violations.Add(entry + ".field", "must be one of " + known_fields);
      continue;
    }
    const auto index = static_cast<std::size_t>(*field);
    if (seen[index]) {
      violations.Add(entry + ".field",
                     "\"" + std::string(ImportFieldName(*field)) + "\" is mapped more than once");
      continue;
    }
    seen[index] = true;
    resolved.columns[index] = column;
  }
  if (!seen[static_cast<std::size_t>(ImportField::kInn)]) {
    violations.Add(base, "must map a column to \"inn\": clients are matched by INN and KPP");
  }
  if (!seen[static_cast<std::size_t>(ImportField::kDisplayName)] &&
      !seen[static_cast<std::size_t>(ImportField::kLegalName)]) {
    violations.Add(base, R"(must map a column to "display_name" or "legal_name")");
  }
  return resolved;
}

std::vector<ColumnMapping> SuggestMapping(const std::vector<std::string>& header) {
  std::vector<ColumnMapping> suggested;
  bool taken[kImportFieldCount] = {};
  for (const std::string& name : header) {
    const std::string key = HeaderKey(name);
    for (const auto& [known, field] : KnownHeaders()) {
      if (key == known && !taken[static_cast<std::size_t>(field)]) {
        taken[static_cast<std::size_t>(field)] = true;
        suggested.push_back({Trim(name), std::string(ImportFieldName(field))});
        break;
      }
    }
  }
  return suggested;
}

namespace {

// Calls `add` with each trimmed, non-empty item of a cell separated by ',' or ';'.
template <class Add>
void SplitListCell(const std::string& cell, Add&& add) {
  std::size_t start = 0;
  while (start <= cell.size()) {
    std::size_t end = cell.find_first_of(",;", start);
    if (end == std::string::npos) {
      end = cell.size();
    }
    std::string item = Trim(cell.substr(start, end - start));
    if (!item.empty()) {
      add(std::move(item));
    }
    start = end + 1;
  }
}

}  // namespace

MappedRow MapRow(const common::tabular::SourceRow& row, const std::vector<std::string>& header,
                 const ResolvedMapping& mapping) {
  MappedRow mapped;
  mapped.number = row.number;
  v1::CreateClientRequest request;
  v1::Client& client = *request.mutable_client();
  for (std::size_t f = 0; f < kImportFieldCount; ++f) {
    const auto column = mapping.columns[f];
    if (column && *column < row.cells.size()) {
      *MutableField(client, static_cast<ImportField>(f)) = Trim(row.cells[*column]);
      mapped.filled[f] = !MutableField(client, static_cast<ImportField>(f))->empty();
    }
  }
  // A cell may list several phones or e-mails ("+7 846 111-11-11; +7 846 222-22-22"): they
  // become the client's lists, the first one also its `phone` / `email`.
  SplitListCell(client.phone(), [&](std::string item) { client.add_phones()->set_number(item); });
  if (client.phones_size() > 1) {
    client.clear_phone();
  } else {
    client.clear_phones();
  }
  SplitListCell(client.email(), [&](std::string item) { client.add_emails(std::move(item)); });
  if (client.emails_size() > 1) {
    client.clear_email();
  } else {
    client.clear_emails();
  }
  // Catalogues usually carry one name; it serves as both.
  if (client.display_name().empty()) {
    client.set_display_name(client.legal_name());
  } else if (client.legal_name().empty()) {
    client.set_legal_name(client.display_name());
  }
  try {
    mapped.client = ValidateCreateClient(request);
  } catch (const common::ValidationError& error) {
    mapped.client = client;
    for (const common::FieldViolation& violation : error.violations()) {
      RowProblem problem;
      problem.field =
          violation.field.starts_with("client.") ? violation.field.substr(7) : violation.field;
      // An item of a split cell is reported against the cell's field.
      if (problem.field.starts_with("phones")) {
        problem.field = "phone";
      } else if (problem.field.starts_with("emails")) {
        problem.field = "email";
      }
      problem.message = violation.description;
      if (auto field = ImportFieldByName(problem.field)) {
        if (auto column = mapping.column(*field); column && *column < header.size()) {
          problem.column = header[*column];
        }
      }
      mapped.problems.push_back(std::move(problem));
    }
  }
  return mapped;
}

}  // namespace crm::registry
