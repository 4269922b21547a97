#include "services/documents/render/document_pdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "services/documents/render/sample_invoice.h"
#include "tests/support/pdf_reader.h"
#include "tests/support/temp_dir.h"

namespace crm::documents {
namespace {

// Collapses every run of ASCII whitespace (pdftotext's spaces, newlines, form feeds) to one
// space, so text that the renderer wrapped compares equal to the unwrapped original.
std::string NormalizeWhitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out += c;
  }
  return out;
}

class DocumentPdfTest : public ::testing::Test {
 protected:
  static std::string ExtractText(const std::string& pdf) { return testing::PdfLayoutText(pdf); }

  static std::string Info(const std::string& pdf) {
    const testing::TempDir dir("crm-invoice-pdf");
    const std::string file = (dir.path() / "invoice.pdf").string();
    std::ofstream(file, std::ios::binary) << pdf;
    return testing::RunCommand("pdfinfo " + testing::ShellQuote(file));
  }

  static int PageCount(const std::string& pdf) {
    const std::string info = Info(pdf);
    const std::size_t at = info.find("Pages:");
    if (at == std::string::npos) {
      ADD_FAILURE() << "pdfinfo printed no page count:\n" << info;
      return 0;
    }
    return std::atoi(info.c_str() + at + std::string_view("Pages:").size());
  }
};

TEST_F(DocumentPdfTest, RendersInvoiceReadableAsText) {
  const DocumentView view = SampleInvoice();
  const std::string pdf = RenderDocumentPdf(view);

  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  const std::string text = ExtractText(pdf);
  EXPECT_NE(text.find("Счёт на оплату № 2026-000017 от 26.11.2026"), std::string::npos) << text;
  EXPECT_NE(text.find("2026-000017"), std::string::npos) << text;
  EXPECT_NE(text.find("ООО «СтройМаш»"), std::string::npos) << text;
  EXPECT_NE(text.find("ООО «Экспо-Волга»"), std::string::npos) << text;
  EXPECT_NE(text.find("122 000,00"), std::string::npos) << text;
  EXPECT_NE(text.find("Сто двадцать две тысячи рублей 00 копеек"), std::string::npos) << text;
  EXPECT_NE(text.find("Всего наименований 3, на сумму 122 000,00 руб."), std::string::npos) << text;
  EXPECT_NE(text.find("40702810854400012345"), std::string::npos) << text;
  EXPECT_NE(text.find("Оплатить не позднее 10.12.2026"), std::string::npos) << text;
  EXPECT_NE(text.find("Соколова Е. Н."), std::string::npos) << text;
  // Prices exclude VAT, so VAT is a line of its own, not "В том числе НДС".
  EXPECT_NE(text.find("НДС 22%:"), std::string::npos) << text;
  EXPECT_EQ(text.find("В том числе"), std::string::npos) << text;

  const std::string info = Info(pdf);
  EXPECT_NE(info.find("Счёт на оплату № 2026-000017"), std::string::npos) << info;
  EXPECT_EQ(PageCount(pdf), 1);
}

TEST_F(DocumentPdfTest, ManyLinesContinueOnFurtherPages) {
  DocumentView view = SampleInvoice();
  view.lines.clear();
  for (int i = 1; i <= 60; ++i) {
    const std::string index = (i < 10 ? "0" : "") + std::to_string(i);
    view.lines.push_back({"Позиция " + index + ": дополнительное оборудование стенда", "1", "шт.",
                          "1 000,00", "1 000,00"});
  }
  const std::string pdf = RenderDocumentPdf(view);

  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  EXPECT_GT(PageCount(pdf), 1);
  const std::string text = NormalizeWhitespace(ExtractText(pdf));
  for (const DocumentLineView& line : view.lines) {
    EXPECT_NE(text.find(NormalizeWhitespace(line.description)), std::string::npos)
        << line.description;
  }
  EXPECT_NE(text.find("Всего наименований 60,"), std::string::npos);
  EXPECT_NE(text.find(view.total_in_words), std::string::npos);
}

TEST_F(DocumentPdfTest, PaymentQrCodeScansToThePayload) {
  const DocumentView view = SampleInvoice();
  const std::string pdf = RenderDocumentPdf(view);

  EXPECT_THAT(testing::PdfQrCodes(pdf), ::testing::ElementsAre(view.payment_qr));
  EXPECT_NE(ExtractText(pdf).find("Оплата по QR-коду"), std::string::npos);
}

TEST_F(DocumentPdfTest, NoQrCodeWithoutAPayload) {
  DocumentView view = SampleInvoice();
  view.payment_qr.clear();
  const std::string pdf = RenderDocumentPdf(view);

  EXPECT_THAT(testing::PdfQrCodes(pdf), ::testing::IsEmpty());
  EXPECT_EQ(ExtractText(pdf).find("Оплата по QR-коду"), std::string::npos);
}

TEST_F(DocumentPdfTest, PayloadTooLongForAQrCodeIsRefused) {
  DocumentView view = SampleInvoice();
  view.payment_qr = std::string(3000, 'x');
  EXPECT_THROW(RenderDocumentPdf(view), std::invalid_argument);
}

TEST_F(DocumentPdfTest, LongBuyerNameIsWrappedNotLost) {
  DocumentView view = SampleInvoice();
  view.buyer.legal_name =
      "Общество с ограниченной ответственностью «Научно производственное объединение "
      "строительного и дорожного машиностроения имени Героя Социалистического Труда Ивана "
      "Петровича Сидорова и партнёров по Приволжскому федеральному округу»";
  const std::string pdf = RenderDocumentPdf(view);

  const std::string text = NormalizeWhitespace(ExtractText(pdf));
  EXPECT_NE(text.find(NormalizeWhitespace(view.buyer.legal_name)), std::string::npos) << text;
  EXPECT_EQ(PageCount(pdf), 1);
}

TEST_F(DocumentPdfTest, ConcurrentRendersDoNotInterfere) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 3;
  std::vector<std::string> pdfs(kThreads * kPerThread);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &pdfs] {
      for (int i = 0; i < kPerThread; ++i) {
        DocumentView view = SampleInvoice();
        view.number = "2026-9" + std::to_string(t) + std::to_string(i);
        pdfs[t * kPerThread + i] = RenderDocumentPdf(view);  // each thread owns its slots
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string& pdf = pdfs[t * kPerThread + i];
      ASSERT_TRUE(pdf.starts_with("%PDF-"));
      const std::string number = "2026-9" + std::to_string(t) + std::to_string(i);
      EXPECT_NE(ExtractText(pdf).find("№ " + number + " от"), std::string::npos) << number;
    }
  }
}

}  // namespace
}  // namespace crm::documents
