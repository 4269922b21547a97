// Admins' text blocks (Mustache templates checked and rendered with a document's values) and what
// a scan attached to a document may be.
#include "services/documents/domain/text_blocks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/core/errors.h"
#include "services/documents/domain/lifecycle.h"
#include "services/documents/render/sample_invoice.h"

namespace crm::documents {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

TEST(TextBlocksTest, ATemplateIsRenderedWithTheDocumentsOwnFormattedValues) {
  const std::string text =
      "Счёт № {{number}} от {{issue_date}} действителен пять банковских дней. "
      "{{supplier.legal_name}}"
      " (ИНН {{supplier.inn}}) оказывает услуги для {{buyer.legal_name}}.\n"
      "{{#lines}}— {{description}}: {{amount}}\n{{/lines}}"
      "Итого {{total}} ({{total_in_words}}), в т. ч. {{vat_label}} {{vat_amount}}."
      "{{! a note for the next admin }}{{^missing_never}}{{/missing_never}}";
  // An unknown section name is refused like an unknown variable.
  EXPECT_THAT(CheckTemplate(text), Optional(HasSubstr("missing_never")));
  const std::string valid = text.substr(0, text.find("{{^"));
  EXPECT_EQ(CheckTemplate(valid), std::nullopt);

  const std::string rendered = RenderTemplate(valid, SampleInvoice());
  EXPECT_THAT(rendered, HasSubstr("Счёт № 2026-000017 от 26.11.2026"));
  // Quotes and guillemets are printed as they are, not HTML-escaped.
  EXPECT_THAT(rendered, HasSubstr("ООО «Экспо-Волга» (ИНН 6316123456)"));
  EXPECT_THAT(rendered, HasSubstr("для ООО «СтройМаш»."));
  EXPECT_THAT(rendered, HasSubstr("— Регистрационный сбор участника выставки «Волга-Строй 2026»: "
                                  "8 000,00\n"));
  EXPECT_THAT(rendered, HasSubstr("Итого 122 000,00 (Сто двадцать две тысячи рублей 00 копеек), "
                                  "в т. ч. НДС 22% 22 000,00."));
  EXPECT_THAT(rendered, ::testing::Not(HasSubstr("{{")));
}

TEST(TextBlocksTest, BadTemplatesAreRefusedWithTheirReason) {
  EXPECT_THAT(CheckTemplate(""), Optional(std::string("is required")));
  EXPECT_THAT(CheckTemplate("   \n"), Optional(std::string("is required")));
  EXPECT_THAT(CheckTemplate("Сумма {{totl}}"), Optional(HasSubstr("{{totl}}")));
  EXPECT_THAT(CheckTemplate("{{#lines}}{{description}}"), Optional(HasSubstr("Mustache")));
  EXPECT_THAT(CheckTemplate("{{> header}}"), Optional(HasSubstr("partials")));
  EXPECT_THAT(CheckTemplate("{{=<% %>=}}<% total %>"), Optional(HasSubstr("delimiters")));
  EXPECT_THAT(CheckTemplate(std::string(4001, 'x')), Optional(HasSubstr("4000")));
  EXPECT_THAT(CheckTemplate("bell\x07"), Optional(HasSubstr("control")));
  EXPECT_THAT(CheckTemplate("\xC3\x28"), Optional(HasSubstr("UTF-8")));
  EXPECT_EQ(CheckTemplate("{{{total}}} и {{&total_in_words}}"), std::nullopt);
}

TEST(DocumentLifecycleRulesTest, OnlyAnActIsSignedAndOnlyADocumentInForceChanges) {
  v1::Document act;
  act.set_name("documents/1");
  act.set_type(v1::DOCUMENT_TYPE_ACT);
  act.set_status(v1::DOCUMENT_STATUS_ISSUED);
  EXPECT_NO_THROW(CheckMaySend(act));
  EXPECT_NO_THROW(CheckMaySign(act));
  act.set_status(v1::DOCUMENT_STATUS_SENT);
  EXPECT_NO_THROW(CheckMaySign(act));
  EXPECT_THROW(CheckMaySend(act), common::PreconditionError);
  act.set_status(v1::DOCUMENT_STATUS_REPLACED);
  try {
    CheckMaySign(act);
    FAIL() << "no PreconditionError";
  } catch (const common::PreconditionError& e) {
    EXPECT_EQ(e.reason(), "DOCUMENT_NOT_IN_FORCE");
    EXPECT_EQ(e.subject(), "documents/1");
  }
  EXPECT_THROW(CheckMayAttach(act), common::PreconditionError);
  v1::Document invoice = act;
  invoice.set_type(v1::DOCUMENT_TYPE_INVOICE);
  invoice.set_status(v1::DOCUMENT_STATUS_ISSUED);
  try {
    CheckMaySign(invoice);
    FAIL() << "no PreconditionError";
  } catch (const common::PreconditionError& e) {
    EXPECT_EQ(e.reason(), "NOT_SIGNED_BY_BUYER");
  }
}

// The reason of the PreconditionError `check` throws ("" when it throws none).
template <typename Check>
std::string RefusalOf(Check&& check) {
  try {
    check();
  } catch (const common::PreconditionError& e) {
    return e.reason();
  }
  return "";
}

TEST(DocumentLifecycleRulesTest, OnlyPackageKindsAreDraftsAndADraftIsIssuedBeforeAnythingElse) {
  for (const v1::DocumentType kind :
       {v1::DOCUMENT_TYPE_APPLICATION, v1::DOCUMENT_TYPE_CONTRACT, v1::DOCUMENT_TYPE_CHECKLIST,
        v1::DOCUMENT_TYPE_MARKETING_MANUAL, v1::DOCUMENT_TYPE_TECHNICAL_MANUAL}) {
    EXPECT_TRUE(MayBeDraft(kind)) << v1::DocumentType_Name(kind);
  }
  for (const v1::DocumentType kind :
       {v1::DOCUMENT_TYPE_UNSPECIFIED, v1::DOCUMENT_TYPE_INVOICE, v1::DOCUMENT_TYPE_ACT,
        v1::DOCUMENT_TYPE_VAT_INVOICE, v1::DOCUMENT_TYPE_ADVANCE_VAT_INVOICE, v1::DOCUMENT_TYPE_UPD,
        v1::DOCUMENT_TYPE_CORRECTIVE_VAT_INVOICE, v1::DOCUMENT_TYPE_UKD}) {
    EXPECT_FALSE(MayBeDraft(kind)) << v1::DocumentType_Name(kind);
  }

  v1::Document contract;
  contract.set_name("documents/2");
  contract.set_type(v1::DOCUMENT_TYPE_CONTRACT);
  contract.set_status(v1::DOCUMENT_STATUS_DRAFT);
  EXPECT_EQ(RefusalOf([&] { CheckIsDraft(contract); }), "");
  EXPECT_EQ(RefusalOf([&] { CheckMaySend(contract); }), "DOCUMENT_IS_DRAFT");
  EXPECT_EQ(RefusalOf([&] { CheckMaySign(contract); }), "DOCUMENT_IS_DRAFT");
  EXPECT_EQ(RefusalOf([&] { CheckMayAttach(contract); }), "DOCUMENT_IS_DRAFT");
  for (const v1::DocumentStatus status :
       {v1::DOCUMENT_STATUS_ISSUED, v1::DOCUMENT_STATUS_SENT, v1::DOCUMENT_STATUS_SIGNED,
        v1::DOCUMENT_STATUS_REPLACED, v1::DOCUMENT_STATUS_ANNULLED}) {
    contract.set_status(status);
    EXPECT_EQ(RefusalOf([&] { CheckIsDraft(contract); }), "NOT_A_DRAFT")
        << v1::DocumentStatus_Name(status);
  }
}

TEST(DocumentLifecycleRulesTest, AScanIsAPdfJpegOrPngByItsFirstBytes) {
  EXPECT_EQ(CheckScanContentType("application/pdf"), std::nullopt);
  EXPECT_EQ(CheckScanContentType("image/jpeg"), std::nullopt);
  EXPECT_NE(CheckScanContentType("image/gif"), std::nullopt);
  EXPECT_EQ(CheckScanContent("application/pdf", "%PDF-1.7\n"), std::nullopt);
  EXPECT_EQ(CheckScanContent("image/jpeg", std::string("\xFF\xD8\xFF\xE0", 4)), std::nullopt);
  EXPECT_EQ(CheckScanContent("image/png", std::string("\x89PNG\r\n\x1A\n", 8)), std::nullopt);
  EXPECT_NE(CheckScanContent("image/png", "%PDF-1.7\n"), std::nullopt);
  EXPECT_NE(CheckScanContent("application/pdf", ""), std::nullopt);
  EXPECT_NE(CheckScanContent("application/pdf", "%PDF-" + std::string(kMaxScanBytes, ' ')),
            std::nullopt);
  std::string name = "  скан акта.pdf ";
  EXPECT_EQ(CheckScanFileName(name), std::nullopt);
  EXPECT_EQ(name, "скан акта.pdf");
  std::string path = "C:\\scans\\act.pdf";
  EXPECT_NE(CheckScanFileName(path), std::nullopt);
}

}  // namespace
}  // namespace crm::documents
