#include "services/accounting/domain/export_package.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "common/core/errors.h"

namespace crm::accounting::domain {
namespace {

using crm::events::v1::DocumentIssued;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kDocumentId[] = "5d0c2a7e-3f1b-4c8e-9a6d-7b2e1f0a9c44";

void SetRub(crm::common::v1::Money* money, int64_t kopecks) {
  money->set_currency_code("RUB");
  money->set_minor_units(kopecks);
}

// 12.5 m² at 9 760.00 ₽ per m² with 22% VAT: net 122 000.00, VAT 26 840.00, total 148 840.00.
DocumentIssued Invoice() {
  DocumentIssued ev;
  ev.set_document(std::string("documents/") + kDocumentId);
  ev.set_type("INVOICE");
  ev.set_number("СЧ-2026/000123");
  ev.set_sequence_number(123);
  ev.mutable_issue_date()->set_year(2026);
  ev.mutable_issue_date()->set_month(3);
  ev.mutable_issue_date()->set_day(5);
  auto* issuer = ev.mutable_issuer();
  issuer->set_issuer("issuers/main");
  issuer->set_legal_name("ООО «Экспо»");
  issuer->set_inn("7707083893");
  issuer->set_kpp("770701001");
  issuer->set_address("443010, г. Самара, ул. Молодогвардейская, д. 1");
  issuer->set_bank_name("ПАО Сбербанк");
  issuer->set_bik("044525225");
  issuer->set_settlement_account("40702810938000012345");
  issuer->set_correspondent_account("30101810400000000225");
  ev.set_sale("sales/8e3a1d4c-2b6f-4f0a-9c1e-5d7b3a2f1e60");
  auto* client = ev.mutable_client();
  client->set_client("clients/1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b");
  client->set_display_name("Ромашка");
  client->set_legal_name("АО «Ромашка»");
  client->set_inn("7736207543");
  client->set_kpp("773601001");
  client->set_ogrn("1027700229193");
  client->set_legal_address("г. Самара, ул. Ленинградская, д. 1");
  ev.set_edition_display_name("Стройэкспо 2026");
  auto* line = ev.add_lines();
  line->set_description("Выставочная площадь, стенд A-12");
  line->set_quantity_milli(12500);
  line->set_unit("м²");
  SetRub(line->mutable_unit_price(), 976000);
  SetRub(line->mutable_net_amount(), 12200000);
  line->set_vat_rate_bp(2200);
  SetRub(line->mutable_vat_amount(), 2684000);
  SetRub(line->mutable_total_amount(), 14884000);
  SetRub(ev.mutable_net_amount(), 12200000);
  ev.set_vat_rate_bp(2200);
  SetRub(ev.mutable_vat_amount(), 2684000);
  SetRub(ev.mutable_total_amount(), 14884000);
  ev.set_total_in_words("Сто сорок восемь тысяч восемьсот сорок рублей 00 копеек");
  ev.set_file_name("invoice-000123.pdf");
  ev.set_sha256(std::string(64, 'a'));
  return ev;
}

std::vector<std::string> ViolatedFields(const DocumentIssued& ev) {
  try {
    ValidateDocumentIssued(ev);
  } catch (const common::ValidationError& e) {
    std::vector<std::string> fields;
    for (const auto& v : e.violations()) {
      fields.push_back(v.field);
    }
    return fields;
  }
  return {};
}

TEST(RoublesDecimalTest, TwoDecimalsWithADotAndNoGrouping) {
  EXPECT_EQ(RoublesDecimal(12200000), "122000.00");
  EXPECT_EQ(RoublesDecimal(0), "0.00");
  EXPECT_EQ(RoublesDecimal(5), "0.05");
  EXPECT_EQ(RoublesDecimal(120), "1.20");
  EXPECT_EQ(RoublesDecimal(-5), "-0.05");
  EXPECT_EQ(RoublesDecimal(-12345), "-123.45");
  EXPECT_EQ(RoublesDecimal(std::numeric_limits<int64_t>::max()), "92233720368547758.07");
  EXPECT_EQ(RoublesDecimal(std::numeric_limits<int64_t>::min()), "-92233720368547758.08");
}

TEST(MilliDecimalTest, ThreeDecimals) {
  EXPECT_EQ(MilliDecimal(12500), "12.500");
  EXPECT_EQ(MilliDecimal(1), "0.001");
  EXPECT_EQ(MilliDecimal(0), "0.000");
}

TEST(PercentFromBpTest, NoTrailingZeros) {
  EXPECT_EQ(PercentFromBp(2200), "22");
  EXPECT_EQ(PercentFromBp(2000), "20");
  EXPECT_EQ(PercentFromBp(1050), "10.5");
  EXPECT_EQ(PercentFromBp(1025), "10.25");
  EXPECT_EQ(PercentFromBp(0), "0");
}

TEST(ExportFileNameTest, DateTypeNumberAndDocumentId) {
  EXPECT_EQ(ExportFileName(2026, 3, 5, "INVOICE", "000123", kDocumentId),
            std::string("20260305_INVOICE_000123_") + kDocumentId + ".json");
}

TEST(ExportFileNameTest, NumberReducedToSafeAsciiCharacters) {
  // Cyrillic, '/', spaces and '№' each collapse into one '-', never at either end.
  EXPECT_EQ(ExportFileName(2026, 1, 9, "INVOICE", "СЧ-2026/000123", kDocumentId),
            std::string("20260109_INVOICE_2026-000123_") + kDocumentId + ".json");
  EXPECT_EQ(ExportFileName(2026, 1, 9, "Act of work", "№ 12 / A", kDocumentId),
            std::string("20260109_Act-of-work_12-A_") + kDocumentId + ".json");
  EXPECT_EQ(ExportFileName(2026, 1, 9, "INVOICE", "б/н", kDocumentId),
            std::string("20260109_INVOICE_no-number_") + kDocumentId + ".json");
}

TEST(ExportFileNameTest, DocumentIdLowerCased) {
  EXPECT_EQ(ExportFileName(2026, 12, 31, "INVOICE", "1", "5D0C2A7E-3F1B-4C8E-9A6D-7B2E1F0A9C44"),
            std::string("20261231_INVOICE_1_") + kDocumentId + ".json");
}

TEST(ValidateDocumentIssuedTest, AcceptsAWellFormedInvoice) {
  EXPECT_NO_THROW(ValidateDocumentIssued(Invoice()));
}

TEST(ValidateDocumentIssuedTest, ListsEveryMissingField) {
  DocumentIssued ev = Invoice();
  ev.set_document("documents/42");
  ev.clear_type();
  ev.clear_number();
  ev.clear_issue_date();
  ev.clear_lines();
  EXPECT_THAT(ViolatedFields(ev),
              UnorderedElementsAre("document", "type", "number", "issue_date", "lines"));
}

TEST(ValidateDocumentIssuedTest, RejectsImpossibleDates) {
  DocumentIssued ev = Invoice();
  ev.mutable_issue_date()->set_month(2);
  ev.mutable_issue_date()->set_day(30);
  EXPECT_THAT(ViolatedFields(ev), ElementsAre("issue_date"));
  ev.mutable_issue_date()->set_month(13);
  ev.mutable_issue_date()->set_day(1);
  EXPECT_THAT(ViolatedFields(ev), ElementsAre("issue_date"));
}

TEST(ValidateDocumentIssuedTest, RejectsForeignCurrencyWithItsPath) {
  DocumentIssued ev = Invoice();
  ev.mutable_lines(0)->mutable_unit_price()->set_currency_code("EUR");
  ev.mutable_total_amount()->set_currency_code("USD");
  EXPECT_THAT(ViolatedFields(ev), UnorderedElementsAre("lines[0].unit_price.currency_code",
                                                       "total_amount.currency_code"));
}

TEST(BuildExportPackageTest, NamesTheFileAfterDateTypeNumberAndDocument) {
  auto package = BuildExportPackage(Invoice(), "event-1");
  EXPECT_EQ(package.document_id, kDocumentId);
  EXPECT_EQ(package.file_name,
            std::string("20260305_INVOICE_2026-000123_") + kDocumentId + ".json");
}

TEST(BuildExportPackageTest, WritesEveryFieldOneCReads) {
  auto package = BuildExportPackage(Invoice(), "event-1");
  ASSERT_FALSE(package.content.empty());
  EXPECT_EQ(package.content.back(), '\n');
  auto json = nlohmann::json::parse(package.content);

  EXPECT_EQ(json["format"], kFormat);
  EXPECT_EQ(json["format_version"], kFormatVersion);
  EXPECT_EQ(json["source_event_id"], "event-1");

  const auto& document = json["document"];
  EXPECT_EQ(document["id"], kDocumentId);
  EXPECT_EQ(document["type"], "INVOICE");
  EXPECT_EQ(document["number"], "СЧ-2026/000123");
  EXPECT_EQ(document["sequence_number"], 123);
  EXPECT_EQ(document["date"], "2026-03-05T00:00:00");
  EXPECT_EQ(document["edition"], "Стройэкспо 2026");
  EXPECT_EQ(document["replaces"], "");

  EXPECT_EQ(json["issuer"]["name"], "ООО «Экспо»");
  EXPECT_EQ(json["issuer"]["inn"], "7707083893");
  EXPECT_EQ(json["issuer"]["kpp"], "770701001");
  EXPECT_EQ(json["issuer"]["address"], "443010, г. Самара, ул. Молодогвардейская, д. 1");
  EXPECT_EQ(json["issuer"]["bank_account"]["bik"], "044525225");
  EXPECT_EQ(json["issuer"]["bank_account"]["settlement_account"], "40702810938000012345");
  EXPECT_EQ(json["issuer"]["bank_account"]["correspondent_account"], "30101810400000000225");
  EXPECT_EQ(json["issuer"]["bank_account"]["name"], "ПАО Сбербанк");

  const auto& counterparty = json["counterparty"];
  EXPECT_EQ(counterparty["name"], "АО «Ромашка»");
  EXPECT_EQ(counterparty["inn"], "7736207543");
  EXPECT_EQ(counterparty["kpp"], "773601001");
  EXPECT_EQ(counterparty["address"], "г. Самара, ул. Ленинградская, д. 1");

  ASSERT_EQ(json["lines"].size(), 1u);
  const auto& line = json["lines"][0];
  EXPECT_EQ(line["line_number"], 1);
  EXPECT_EQ(line["quantity"], "12.500");
  EXPECT_EQ(line["quantity_milli"], 12500);
  EXPECT_EQ(line["unit"], "м²");
  EXPECT_EQ(line["price"], "9760.00");
  EXPECT_EQ(line["price_kopecks"], 976000);
  EXPECT_EQ(line["net"], "122000.00");
  EXPECT_EQ(line["net_kopecks"], 12200000);
  EXPECT_EQ(line["vat_rate"], "22");
  EXPECT_EQ(line["vat_rate_bp"], 2200);
  EXPECT_EQ(line["vat"], "26840.00");
  EXPECT_EQ(line["vat_kopecks"], 2684000);
  EXPECT_EQ(line["total"], "148840.00");
  EXPECT_EQ(line["total_kopecks"], 14884000);

  const auto& totals = json["totals"];
  EXPECT_EQ(totals["net"], "122000.00");
  EXPECT_EQ(totals["vat"], "26840.00");
  EXPECT_EQ(totals["total"], "148840.00");
  EXPECT_EQ(totals["total_kopecks"], 14884000);
  EXPECT_EQ(totals["total_in_words"], "Сто сорок восемь тысяч восемьсот сорок рублей 00 копеек");
}

TEST(BuildExportPackageTest, NamesTheInvoiceAReplacementSupersedes) {
  DocumentIssued replacement = Invoice();
  replacement.set_replaces("documents/7E1D3B2A-4C5F-4A6B-9C8D-0E1F2A3B4C5D");
  auto json = nlohmann::json::parse(BuildExportPackage(replacement, "event-2").content);
  EXPECT_EQ(json["document"]["replaces"], "7e1d3b2a-4c5f-4a6b-9c8d-0e1f2a3b4c5d");
}

TEST(BuildExportPackageTest, RefusesAReplacementOfSomethingElseThanADocument) {
  DocumentIssued replacement = Invoice();
  replacement.set_replaces("sales/7e1d3b2a-4c5f-4a6b-9c8d-0e1f2a3b4c5d");
  EXPECT_THROW(BuildExportPackage(replacement, "event-2"), common::ValidationError);
}

TEST(BuildExportPackageTest, FormatAndVersionComeFirst) {
  auto package = BuildExportPackage(Invoice(), "event-1");
  auto format = package.content.find("\"format\"");
  auto version = package.content.find("\"format_version\"");
  auto document = package.content.find("\"document\"");
  EXPECT_LT(format, version);
  EXPECT_LT(version, document);
}

TEST(BuildExportPackageTest, SameEventGivesTheSameBytes) {
  EXPECT_EQ(BuildExportPackage(Invoice(), "event-1").content,
            BuildExportPackage(Invoice(), "event-1").content);
}

TEST(BuildExportPackageTest, ComputesTotalInWordsWhenTheProducerLeftItOut) {
  DocumentIssued ev = Invoice();
  ev.clear_total_in_words();
  auto json = nlohmann::json::parse(BuildExportPackage(ev, "event-1").content);
  EXPECT_EQ(json["totals"]["total_in_words"],
            "Сто сорок восемь тысяч восемьсот сорок рублей 00 копеек");
}

TEST(BuildExportPackageTest, WritesUtf8AsIs) {
  auto package = BuildExportPackage(Invoice(), "event-1");
  EXPECT_NE(package.content.find("Ромашка"), std::string::npos);
  EXPECT_EQ(package.content.find("\\u"), std::string::npos);
}

TEST(BuildExportPackageTest, RefusesAnInvalidEvent) {
  DocumentIssued ev = Invoice();
  ev.clear_number();
  EXPECT_THROW(BuildExportPackage(ev, "event-1"), common::ValidationError);
}

TEST(BuildAnnulmentPackageTest, NamesTheDocumentAndTheAnnulment) {
  crm::events::v1::DocumentAnnulled ev;
  ev.set_document("documents/4D3C8A50-6B0E-4C1F-9A55-0C3B7E0D1F22");
  ev.set_type("INVOICE");
  ev.set_number("2026-000008");
  ev.set_sale("sales/0b6c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d");
  ev.set_reason("Клиент отказался от участия");
  ev.mutable_annul_time()->set_seconds(1772362800);  // 2026-03-01 11:00 UTC
  const ExportPackage package = BuildAnnulmentPackage(ev, "event-9");
  EXPECT_EQ(package.document_id, "4d3c8a50-6b0e-4c1f-9a55-0c3b7e0d1f22");
  EXPECT_EQ(package.file_name,
            "20260301_INVOICE_2026-000008_4d3c8a50-6b0e-4c1f-9a55-0c3b7e0d1f22_annul.json");
  const auto json = nlohmann::json::parse(package.content);
  EXPECT_EQ(json["operation"], "annul");
  EXPECT_EQ(json["document"]["number"], "2026-000008");
  EXPECT_EQ(json["annulment"]["reason"], "Клиент отказался от участия");
  EXPECT_EQ(json["annulment"]["time"], "2026-03-01T11:00:00Z");
  // The same event, the same bytes: a redelivery rewrites an identical file.
  EXPECT_EQ(BuildAnnulmentPackage(ev, "event-9").content, package.content);

  crm::events::v1::DocumentAnnulled bad;
  try {
    BuildAnnulmentPackage(bad, "event-10");
    FAIL() << "an empty annulment was packaged";
  } catch (const common::ValidationError& e) {
    std::vector<std::string> fields;
    for (const auto& v : e.violations()) {
      fields.push_back(v.field);
    }
    EXPECT_THAT(fields, UnorderedElementsAre("document", "type", "number", "annul_time"));
  }
}

TEST(ExportPackageTest, OnlyAccountingDocumentsGoTo1C) {
  for (const char* booked : {"INVOICE", "ACT", "VAT_INVOICE", "ADVANCE_VAT_INVOICE", "UPD"}) {
    EXPECT_TRUE(ExportedToAccounting(booked)) << booked;
  }
  for (const char* kept_out :
       {"APPLICATION", "CONTRACT", "CHECKLIST", "MARKETING_MANUAL", "TECHNICAL_MANUAL"}) {
    EXPECT_FALSE(ExportedToAccounting(kept_out)) << kept_out;
  }
}

}  // namespace
}  // namespace crm::accounting::domain
