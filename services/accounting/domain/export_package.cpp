#include "services/accounting/domain/export_package.h"

#include <google/protobuf/util/time_util.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/api/date.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/ru/amount_in_words.h"

namespace crm::accounting::domain {
namespace {

using crm::common::v1::Money;
using crm::events::v1::DocumentIssued;
// Insertion-ordered, so "format" and "format_version" come first and the bytes never depend on
// anything but the event.
using Json = nlohmann::ordered_json;

// What every package starts with: the format, its version, the operation and the source event.
Json Header(std::string_view operation, std::string_view source_event_id) {
  Json doc;
  doc["format"] = kFormat;
  doc["format_version"] = kFormatVersion;
  doc["operation"] = std::string(operation);
  doc["source_event_id"] = std::string(source_event_id);
  return doc;
}

// The document a package is about, as 1C finds it again.
Json DocumentRef(const std::string& id, const std::string& name, const std::string& type,
                 const std::string& number) {
  Json document;
  document["id"] = id;
  document["name"] = name;
  document["type"] = type;
  document["number"] = number;
  return document;
}

// Every amount the system produces is in roubles; an empty code is read as RUB because proto3
// drops nothing else, but any other currency cannot go into a rouble ledger.
void CheckRoubles(const Money& money, const std::string& field, common::Violations& violations) {
  if (!money.currency_code().empty() && money.currency_code() != "RUB") {
    violations.Add(field + ".currency_code", "must be RUB");
  }
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// Keeps ASCII letters and digits; every run of anything else (a UTF-8 sequence included) becomes
// one '-'. Leading and trailing ones go, so "№ 12/A" gives "12-A" and "2026-000001" stays.
std::string FileNameSegment(std::string_view text, std::string_view fallback) {
  std::string out;
  bool pending_dash = false;
  for (char c : text) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (keep) {
      if (pending_dash && !out.empty()) {
        out += '-';
      }
      pending_dash = false;
      out += c;
    } else {
      pending_dash = true;
    }
  }
  return out.empty() ? std::string(fallback) : out;
}

// An amount twice: the decimal roubles 1C computes with and the exact kopecks to check them.
void PutAmount(Json& object, const char* key, const Money& money) {
  object[key] = RoublesDecimal(money.minor_units());
  object[std::string(key) + "_kopecks"] = money.minor_units();
}

// The package file's text: UTF-8 as is (no \u escapes), two-space indent for a person opening
// the file, a final newline; invalid UTF-8 from a producer is replaced rather than failing the
// export forever.
std::string PackageText(const Json& doc) {
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + '\n';
}

}  // namespace

std::string PercentFromBp(int32_t bp) {
  std::string out = common::ru::FixedDecimal(bp, 2);
  while (out.back() == '0' && out.find('.') != std::string::npos) {
    out.pop_back();
  }
  if (out.back() == '.') {
    out.pop_back();
  }
  return out;
}

std::string ExportFileName(int year, int month, int day, std::string_view document_type,
                           std::string_view document_number, std::string_view document_id) {
  char date[16];
  std::snprintf(date, sizeof date, "%04d%02d%02d", year, month, day);
  std::string name = date;
  name += '_';
  name += FileNameSegment(document_type, "DOCUMENT");
  name += '_';
  name += FileNameSegment(document_number, "no-number");
  name += '_';
  name += Lower(document_id);
  name += ".json";
  return name;
}

bool ExportedToAccounting(std::string_view document_type) {
  for (const std::string_view kept_out :
       {"APPLICATION", "CONTRACT", "CHECKLIST", "MARKETING_MANUAL", "TECHNICAL_MANUAL"}) {
    if (document_type == kept_out) {
      return false;
    }
  }
  return true;
}

void ValidateDocumentIssued(const DocumentIssued& event) {
  common::Violations violations;
  if (!common::ParseResourceId(event.document(), "documents")) {
    violations.Add("document", "must be documents/{uuid}");
  }
  if (!event.replaces().empty() && !common::ParseResourceId(event.replaces(), "documents")) {
    violations.Add("replaces", "must be documents/{uuid} or empty");
  }
  if (event.type().empty()) {
    violations.Add("type", "must be set");
  }
  if (event.number().empty()) {
    violations.Add("number", "must be set");
  }
  const auto& date = event.issue_date();
  if (!event.has_issue_date() || !common::api::CalendarDate(date)) {
    violations.Add("issue_date", "must be a valid calendar date");
  }
  if (event.lines().empty()) {
    violations.Add("lines", "must hold at least one line");
  }
  for (int i = 0; i < event.lines_size(); ++i) {
    const auto& line = event.lines(i);
    std::string path = "lines[" + std::to_string(i) + "]";
    CheckRoubles(line.unit_price(), path + ".unit_price", violations);
    CheckRoubles(line.net_amount(), path + ".net_amount", violations);
    CheckRoubles(line.vat_amount(), path + ".vat_amount", violations);
    CheckRoubles(line.total_amount(), path + ".total_amount", violations);
  }
  CheckRoubles(event.net_amount(), "net_amount", violations);
  CheckRoubles(event.vat_amount(), "vat_amount", violations);
  CheckRoubles(event.total_amount(), "total_amount", violations);
  violations.ThrowIfAny();
}

ExportPackage BuildExportPackage(const DocumentIssued& event, std::string_view source_event_id) {
  ValidateDocumentIssued(event);
  ExportPackage package;
  package.document_id = Lower(*common::ParseResourceId(event.document(), "documents"));
  const auto& date = event.issue_date();
  package.file_name = ExportFileName(date.year(), date.month(), date.day(), event.type(),
                                     event.number(), package.document_id);

  Json doc = Header("issue", source_event_id);
  Json document = DocumentRef(package.document_id, event.document(), event.type(), event.number());
  document["sequence_number"] = event.sequence_number();
  document["date"] = common::api::IsoDate(date) + "T00:00:00";
  document["sale"] = event.sale();
  document["edition"] = event.edition_display_name();
  // The id 1C holds the superseded invoice under, so it stops expecting payment on it.
  document["replaces"] = event.replaces().empty()
                             ? ""
                             : Lower(*common::ParseResourceId(event.replaces(), "documents"));
  doc["document"] = std::move(document);

  Json issuer;
  issuer["id"] = event.issuer().issuer();
  issuer["name"] = event.issuer().legal_name();
  issuer["inn"] = event.issuer().inn();
  issuer["kpp"] = event.issuer().kpp();
  issuer["ogrn"] = event.issuer().ogrn();
  issuer["address"] = event.issuer().address();
  Json bank;
  bank["name"] = event.issuer().bank_name();
  bank["bik"] = event.issuer().bik();
  bank["settlement_account"] = event.issuer().settlement_account();
  bank["correspondent_account"] = event.issuer().correspondent_account();
  issuer["bank_account"] = std::move(bank);
  doc["issuer"] = std::move(issuer);

  const auto& client = event.client();
  Json counterparty;
  counterparty["id"] = client.client();
  counterparty["name"] = client.legal_name().empty() ? client.display_name() : client.legal_name();
  counterparty["display_name"] = client.display_name();
  counterparty["inn"] = client.inn();
  counterparty["kpp"] = client.kpp();
  counterparty["ogrn"] = client.ogrn();
  counterparty["address"] = client.legal_address();
  doc["counterparty"] = std::move(counterparty);

  doc["currency"] = "RUB";
  Json lines = Json::array();
  for (int i = 0; i < event.lines_size(); ++i) {
    const auto& line = event.lines(i);
    Json out;
    out["line_number"] = i + 1;
    out["description"] = line.description();
    out["quantity"] = MilliDecimal(line.quantity_milli());
    out["quantity_milli"] = line.quantity_milli();
    out["unit"] = line.unit();
    PutAmount(out, "price", line.unit_price());
    PutAmount(out, "net", line.net_amount());
    out["vat_rate"] = PercentFromBp(line.vat_rate_bp());
    out["vat_rate_bp"] = line.vat_rate_bp();
    PutAmount(out, "vat", line.vat_amount());
    PutAmount(out, "total", line.total_amount());
    lines.push_back(std::move(out));
  }
  doc["lines"] = std::move(lines);

  Json totals;
  PutAmount(totals, "net", event.net_amount());
  totals["vat_rate"] = PercentFromBp(event.vat_rate_bp());
  totals["vat_rate_bp"] = event.vat_rate_bp();
  PutAmount(totals, "vat", event.vat_amount());
  PutAmount(totals, "total", event.total_amount());
  // The words printed on the document; computed only for a producer that left them out.
  totals["total_in_words"] = event.total_in_words().empty()
                                 ? common::ru::AmountInWords(event.total_amount().minor_units())
                                 : event.total_in_words();
  doc["totals"] = std::move(totals);

  Json print_form;
  print_form["file_name"] = event.file_name();
  print_form["sha256"] = event.sha256();
  doc["print_form"] = std::move(print_form);

  package.content = PackageText(doc);
  return package;
}

ExportPackage BuildAnnulmentPackage(const crm::events::v1::DocumentAnnulled& event,
                                    std::string_view source_event_id) {
  common::Violations violations;
  const auto document_id = common::ParseResourceId(event.document(), "documents");
  if (!document_id) {
    violations.Add("document", "must be documents/{uuid}");
  }
  if (event.type().empty()) {
    violations.Add("type", "must be set");
  }
  if (event.number().empty()) {
    violations.Add("number", "must be set");
  }
  if (!event.has_annul_time()) {
    violations.Add("annul_time", "must be set");
  }
  violations.ThrowIfAny();

  ExportPackage package;
  package.document_id = Lower(*document_id);
  const auto date = common::api::LocalDate(event.annul_time());
  package.file_name = ExportFileName(static_cast<int>(date.year()),
                                     static_cast<int>(static_cast<unsigned>(date.month())),
                                     static_cast<int>(static_cast<unsigned>(date.day())),
                                     event.type(), event.number(), package.document_id);
  package.file_name.insert(package.file_name.size() - std::string_view(".json").size(), "_annul");

  Json doc = Header("annul", source_event_id);
  Json document = DocumentRef(package.document_id, event.document(), event.type(), event.number());
  document["sale"] = event.sale();
  doc["document"] = std::move(document);
  Json annulment;
  annulment["date"] = common::api::IsoDate(date) + "T00:00:00";
  annulment["time"] = google::protobuf::util::TimeUtil::ToString(event.annul_time());
  annulment["reason"] = event.reason();
  annulment["annulled_by"] = event.annulled_by();
  doc["annulment"] = std::move(annulment);
  package.content = PackageText(doc);
  return package;
}

}  // namespace crm::accounting::domain
