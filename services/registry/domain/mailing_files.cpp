#include "services/registry/domain/mailing_files.h"

#include <string_view>

#include "common/core/ids.h"
#include "services/registry/domain/geography.h"

namespace crm::registry {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string CsvField(std::string_view value) {
  std::string field(value);
  // OWASP CSV injection: a spreadsheet evaluates a cell starting with any of these as a formula
  // (a leading tab or carriage return is skipped before it looks at the rest).
  constexpr std::string_view kFormulaStarts = "=+-@\t\r";
  if (!field.empty() && kFormulaStarts.find(field.front()) != std::string_view::npos) {
    field.insert(field.begin(), '\'');
  }
  if (field.find_first_of(";\"\r\n") == std::string::npos) {
    return field;
  }
  std::string quoted = "\"";
  for (char c : field) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

void AppendLine(std::string& csv, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      csv += ';';
    }
    csv += CsvField(fields[i]);
  }
  csv += "\r\n";
}

}  // namespace

std::string MailingCsv(const std::vector<MailingRecipient>& recipients) {
  std::string csv(kByteOrderMark);
  AppendLine(csv, {"№", "Получатель", "ИНН", "Контактное лицо", "Должность", "Индекс", "Регион",
                   "Населённый пункт", "Адрес", "Клиент"});
  for (const MailingRecipient& r : recipients) {
    const auto region = FindRegion(r.region_code);
    AppendLine(csv, {std::to_string(r.row_number), r.addressee, r.inn, r.contact_person, r.position,
                     r.postal_code, region ? std::string(region->name) : r.region_code, r.city,
                     r.street_line, common::ResourceName("clients", r.client_id)});
  }
  return csv;
}

std::vector<AddressLabel> MailingLabels(const std::vector<MailingRecipient>& recipients) {
  std::vector<AddressLabel> labels;
  labels.reserve(recipients.size());
  for (const MailingRecipient& r : recipients) {
    AddressLabel label;
    label.addressee = r.addressee;
    label.contact_person = r.contact_person;
    label.street = r.street_line;
    label.locality = r.city;
    if (const auto region = FindRegion(r.region_code); region && region->name != r.city) {
      label.region = std::string(region->name);
    }
    label.postal_code = r.postal_code;
    labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace crm::registry
