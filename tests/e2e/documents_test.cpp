// Issue 13's "Done when" for documents, through the five real binaries over gRPC: a sale's whole
// package with its mandatory fields and payment QR codes, the closing documents (act and VAT
// invoice, its EDO XML), a corrective VAT invoice and new package versions after an amendment,
// and an issuer closing with a УПД.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/core/code_page.h"
#include "common/core/ids.h"
#include "common/db/lists.h"
#include "tests/e2e/flow.h"
#include "tests/support/eventually.h"

namespace crm::testing {
namespace {

using common::auth::Role;
using documents::v1::Document;
using documents::v1::DocumentType;

class DocumentsEndToEnd : public StackTest {
 protected:
  // A manager, an edition at 8 000,00 RUB/m² and a client with `inn` and `kpp` (the primary
  // issuer too, the first time), and a sale of 12.5 m² to the client: 100 000,00 net,
  // 22 000,00 VAT, 122 000,00 in all.
  void Sell(const std::string& inn, const std::string& kpp) {
    client_inn_ = inn;
    client_kpp_ = kpp;
    flow_ = std::make_unique<Flow>(*stack_);
    ASSERT_NO_FATAL_FAILURE(flow_->SetUpReferenceData(inn, kpp));
    const auto contact = flow_->PlanCall();
    ASSERT_FALSE(contact.name().empty());
    sale_ = flow_->RecordSale(contact.name(), 1250).sale();
    ASSERT_FALSE(sale_.name().empty());
  }

  std::unique_ptr<Flow> flow_;
  std::string client_inn_;
  std::string client_kpp_;
  planning::v1::Sale sale_;
  const std::string accountant_ = TokenFor("employees/" + common::NewUuid(), {Role::kAccountant});
};

// The issuer Flow::SetUpReferenceData creates, as its documents print it.
constexpr char kIssuerName[] = "ООО «Экспо-Волга»";
constexpr char kIssuerInn[] = "6316000015";
constexpr char kIssuerKpp[] = "631601001";
constexpr char kIssuerAddress[] = "443110, г. Самара, ул. Мичурина, д. 23А";
constexpr char kClientAddress[] = "443001, г. Самара, ул. Молодогвардейская, д. 1";
constexpr char kSender[] = "2BE7a1f3c0e9d8b4c2a6e5f7d3b1a9c8e0f4";
constexpr char kRecipient[] = "2AL-18DC3D87-B414-471B-9B58-D51485D2F072-00000";

const std::vector<DocumentType> kPackage = {
    documents::v1::DOCUMENT_TYPE_INVOICE,          documents::v1::DOCUMENT_TYPE_APPLICATION,
    documents::v1::DOCUMENT_TYPE_CONTRACT,         documents::v1::DOCUMENT_TYPE_CHECKLIST,
    documents::v1::DOCUMENT_TYPE_MARKETING_MANUAL, documents::v1::DOCUMENT_TYPE_TECHNICAL_MANUAL};

// "DD.MM.YYYY", as the documents print dates.
std::string Ru(const google::type::Date& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d.%02d.%04d", date.day(), date.month(), date.year());
  return text;
}

// Every one of `expected` is in `text`.
void ExpectAll(const std::string& what, const std::string& text,
               const std::vector<std::string>& expected) {
  for (const std::string& e : expected) {
    EXPECT_NE(text.find(e), std::string::npos) << what << ": \"" << e << "\" not in\n" << text;
  }
}

// The sale's documents in force (not REPLACED), one per kind.
std::map<DocumentType, Document> InForce(Flow& flow, const std::string& sale) {
  std::map<DocumentType, Document> by_type;
  for (const Document& d : flow.DocumentsFor(sale)) {
    if (d.status() != documents::v1::DOCUMENT_STATUS_REPLACED) {
      by_type.emplace(d.type(), d);
    }
  }
  return by_type;
}

// The primary issuer as it is now (with its current etag).
documents::v1::Issuer PrimaryIssuer(Flow& flow) {
  documents::v1::ListIssuersResponse issuers;
  EXPECT_TRUE(flow.documents->ListIssuers(Ctx(flow.admin_token).get(), {}, &issuers).ok());
  for (const auto& issuer : issuers.issuers()) {
    if (issuer.primary()) {
      return issuer;
    }
  }
  ADD_FAILURE() << "no primary issuer";
  return {};
}

grpc::Status UpdatePrimaryIssuer(Flow& flow, const std::string& token,
                                 const documents::v1::Issuer& fields,
                                 const std::vector<std::string>& paths) {
  const documents::v1::Issuer current = PrimaryIssuer(flow);
  documents::v1::UpdateIssuerRequest req;
  *req.mutable_issuer() = fields;
  req.mutable_issuer()->set_name(current.name());
  req.mutable_issuer()->set_etag(current.etag());
  for (const std::string& path : paths) {
    req.mutable_update_mask()->add_paths(path);
  }
  documents::v1::Issuer updated;
  return flow.documents->UpdateIssuer(Ctx(token).get(), req, &updated);
}

documents::v1::CloseEditionResponse Close(Flow& flow, const std::string& token) {
  documents::v1::CloseEditionRequest req;
  req.set_edition(flow.edition);
  documents::v1::CloseEditionResponse resp;
  auto status = flow.documents->CloseEdition(Ctx(token).get(), req, &resp);
  EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  return resp;
}

Document Get(Flow& flow, const std::string& name) {
  documents::v1::GetDocumentRequest req;
  req.set_name(name);
  Document document;
  auto status = flow.documents->GetDocument(Ctx(flow.admin_token).get(), req, &document);
  EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
  return document;
}

TEST_F(DocumentsEndToEnd, ASaleGetsItsPackageClosingDocumentsAndACorrectiveVatInvoice) {
  ASSERT_NO_FATAL_FAILURE(Sell("5262044420", "526201001"));
  Flow& flow = *flow_;

  // 1. The package: one of every kind, each with the mandatory fields its kind prints.
  std::map<DocumentType, Document> package;
  ASSERT_TRUE(Eventually([&] {
    package = InForce(flow, sale_.name());
    return package.size() == kPackage.size();
  })) << stack_->Log("documents");
  const Document& invoice = package[documents::v1::DOCUMENT_TYPE_INVOICE];
  const std::string invoice_date = Ru(invoice.issue_date());
  const std::string words = "Сто двадцать две тысячи рублей 00 копеек";
  const std::map<DocumentType, std::string> titles = {
      {documents::v1::DOCUMENT_TYPE_INVOICE, "Счёт на оплату"},
      {documents::v1::DOCUMENT_TYPE_APPLICATION, "Заявка на участие в выставке"},
      {documents::v1::DOCUMENT_TYPE_CONTRACT, "Договор на участие в выставке"},
      {documents::v1::DOCUMENT_TYPE_CHECKLIST, "Contract Check List"},
      {documents::v1::DOCUMENT_TYPE_MARKETING_MANUAL, "Маркетинговое руководство участника"},
      {documents::v1::DOCUMENT_TYPE_TECHNICAL_MANUAL, "Техническое руководство участника"}};
  std::map<DocumentType, std::string> pdfs;
  for (const DocumentType type : kPackage) {
    ASSERT_TRUE(package.contains(type)) << documents::v1::DocumentType_Name(type);
    const Document& d = package[type];
    const std::string what = documents::v1::DocumentType_Name(type);
    EXPECT_EQ(d.status(), documents::v1::DOCUMENT_STATUS_ISSUED) << what;
    EXPECT_EQ(d.total_amount().minor_units(), 12200000) << what;
    pdfs[type] = flow.Download(flow.manager_token, d.name()).content();
    const std::string text = PdfText(pdfs[type]);
    // Number and date, both sides' requisites, the stand.
    ExpectAll(what, text,
              {titles.at(type) + " № " + d.number() + " от " + Ru(d.issue_date()), kIssuerName,
               kIssuerInn, kIssuerKpp, flow.client_legal_name, client_inn_, "A-12"});
  }
  // The kinds with the money table: the stand line, VAT, totals, the amount in words.
  for (const DocumentType type :
       {documents::v1::DOCUMENT_TYPE_INVOICE, documents::v1::DOCUMENT_TYPE_APPLICATION,
        documents::v1::DOCUMENT_TYPE_CONTRACT}) {
    ExpectAll(documents::v1::DocumentType_Name(type), PdfText(pdfs[type]),
              {"Участие в выставке «Волга-Строй 2027»", "12,5 м²", "8 000,00", "Итого: 100 000,00",
               "НДС 22%: 22 000,00", "122 000,00", words});
  }
  ExpectAll("INVOICE", PdfText(pdfs[documents::v1::DOCUMENT_TYPE_INVOICE]),
            {"40702810154400000001", "043601607", "30101810200000000607",
             "Оплатить не позднее " + Ru(invoice.payment_due_date())});
  ExpectAll("CONTRACT", PdfText(pdfs[documents::v1::DOCUMENT_TYPE_CONTRACT]),
            {"Цена договора — 122 000,00 руб., в том числе НДС 22% 22 000,00 руб.",
             "счёт № " + invoice.number() + " от " + invoice_date, kIssuerAddress, kClientAddress});
  ExpectAll("CHECKLIST", PdfText(pdfs[documents::v1::DOCUMENT_TYPE_CHECKLIST]),
            {"Оплатить счёт № " + invoice.number() + " от " + invoice_date, "122 000,00 руб."});
  EXPECT_EQ(invoice.total_in_words(), words);

  // The payment QR codes of the invoice and the contract pay the total to the issuer's account.
  const std::string sums = ". Сумма 122 000,00 руб., в т.ч. НДС 22% 22 000,00 руб.";
  const Document& contract = package[documents::v1::DOCUMENT_TYPE_CONTRACT];
  const std::map<DocumentType, std::string> purposes = {
      {documents::v1::DOCUMENT_TYPE_INVOICE,
       "Purpose=Оплата по счёту № " + invoice.number() + " от " + invoice_date + sums},
      {documents::v1::DOCUMENT_TYPE_CONTRACT, "Purpose=Оплата по договору № " + contract.number() +
                                                  " от " + Ru(contract.issue_date()) + ", счёт № " +
                                                  invoice.number() + " от " + invoice_date + sums}};
  for (const auto& [type, purpose] : purposes) {
    const std::vector<std::string> codes = PdfQrCodes(pdfs[type]);
    ASSERT_EQ(codes.size(), 1U) << documents::v1::DocumentType_Name(type);
    EXPECT_EQ(common::db::SplitList(codes[0], '|'),
              (std::vector<std::string>{
                  "ST00012", std::string("Name=") + kIssuerName, "PersonalAcc=40702810154400000001",
                  "BankName=ПАО Сбербанк, Поволжский банк", "BIC=043601607",
                  "CorrespAcc=30101810200000000607", "Sum=12200000", purpose,
                  std::string("PayeeINN=") + kIssuerInn, std::string("KPP=") + kIssuerKpp}))
        << documents::v1::DocumentType_Name(type);
  }

  // 2. The issuer joins an EDO operator and closes with acts; the accountant_ closes the edition:
  // the act and the VAT invoice naming it.
  documents::v1::Issuer edo;
  edo.set_edo_participant_id(kSender);
  edo.set_closing_documents(documents::v1::CLOSING_DOCUMENTS_ACT_AND_VAT_INVOICE);
  auto updated =
      UpdatePrimaryIssuer(flow, accountant_, edo, {"edo_participant_id", "closing_documents"});
  ASSERT_TRUE(updated.ok()) << updated.error_message();
  const auto closed = Close(flow, accountant_);
  ASSERT_EQ(closed.issued_documents_size(), 1);
  ASSERT_EQ(closed.issued_vat_invoices_size(), 1);
  EXPECT_EQ(closed.issued_upds_size(), 0);
  const Document act = Get(flow, closed.issued_documents(0));
  const Document vat_invoice = Get(flow, closed.issued_vat_invoices(0));
  EXPECT_EQ(act.type(), documents::v1::DOCUMENT_TYPE_ACT);
  EXPECT_EQ(vat_invoice.type(), documents::v1::DOCUMENT_TYPE_VAT_INVOICE);
  EXPECT_EQ(vat_invoice.total_amount().minor_units(), 12200000);
  const std::string act_date = Ru(act.issue_date());
  ExpectAll("ACT", PdfText(flow.Download(accountant_, act.name()).content()),
            {"Акт об оказании услуг № " + act.number() + " от " + act_date,
             std::string(kIssuerName) + ", ИНН " + kIssuerInn + ", КПП " + kIssuerKpp,
             flow.client_legal_name + ", ИНН " + client_inn_ + ", КПП " + client_kpp_,
             "Итого: 100 000,00", "НДС 22%: 22 000,00", "Всего (с учётом НДС): 122 000,00", words});
  ExpectAll(
      "VAT_INVOICE", PdfText(flow.Download(accountant_, vat_invoice.name()).content()),
      {"Счёт-фактура № " + vat_invoice.number() + " от " + Ru(vat_invoice.issue_date()) + " (1)",
       std::string("Продавец: ") + kIssuerName + " (2)",
       std::string("Адрес: ") + kIssuerAddress + " (2а)",
       std::string("ИНН/КПП продавца: ") + kIssuerInn + "/" + kIssuerKpp + " (2б)",
       "Грузоотправитель и его адрес: — (3)", "Грузополучатель и его адрес: — (4)",
       "К платёжно-расчётному документу № — от — (5)",
       "Документ об отгрузке № п/п 1 № " + act.number() + " от " + act_date + " (5а)",
       "Покупатель: " + flow.client_legal_name + " (6)",
       std::string("Адрес: ") + kClientAddress + " (6а)",
       "ИНН/КПП покупателя: " + client_inn_ + "/" + client_kpp_ + " (6б)",
       "Валюта: наименование, код Российский рубль, 643 (7)", "055 м² 12,5 8 000,00 100 000,00",
       "22% 22 000,00 122 000,00", "Всего к оплате (9) 100 000,00 Х Х 22 000,00 122 000,00"});
  // Its electronic twin for the buyer's EDO operator.
  const auto xml = flow.Download(accountant_, vat_invoice.name(),
                                 documents::v1::DOCUMENT_FORMAT_EDO_XML, kRecipient);
  EXPECT_EQ(xml.content_type(), "application/xml");
  EXPECT_EQ(xml.file_name().rfind(std::string("ON_NSCHFDOPPR_") + kRecipient + "_" + kSender, 0),
            0U)
      << xml.file_name();
  EXPECT_EQ(xml.content().rfind("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", 0), 0U)
      << xml.content().substr(0, 100);
  const std::string xml_text = common::ToUtf8(xml.content(), common::CodePage::kWindows1251);
  ExpectAll("EDO XML", xml_text,
            {"Функция=\"СЧФ\"", "НомерДок=\"" + vat_invoice.number() + "\"",
             "ИННЮЛ=\"" + client_inn_ + "\"", "СтТовУчНалВсего=\"122000.00\""});

  // 3. After the show the stand turns out to be 15 m²: 120 000,00 net, 26 400,00 VAT,
  // 146 400,00 in all. The buyer gets a corrective VAT invoice and the package anew.
  planning::v1::AmendSaleRequest amend;
  amend.mutable_sale()->set_name(sale_.name());
  amend.mutable_sale()->set_etag(sale_.etag());
  amend.mutable_sale()->set_area_dm2(1500);
  amend.mutable_update_mask()->add_paths("area_dm2");
  amend.set_reason("Площадь стенда по замеру");
  planning::v1::Sale amended;
  auto status = flow.sales->AmendSale(Ctx(flow.manager_token).get(), amend, &amended);
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  EXPECT_EQ(amended.total_amount().minor_units(), 14640000);

  std::vector<Document> correctives;
  ASSERT_TRUE(Eventually([&] {
    correctives =
        flow.DocumentsFor(sale_.name(), documents::v1::DOCUMENT_TYPE_CORRECTIVE_VAT_INVOICE);
    return !correctives.empty();
  })) << stack_->Log("documents");
  ASSERT_EQ(correctives.size(), 1U);
  const Document& corrective = correctives[0];
  EXPECT_EQ(corrective.total_amount().minor_units(), 14640000);
  ExpectAll("CORRECTIVE_VAT_INVOICE",
            PdfText(flow.Download(accountant_, corrective.name()).content()),
            {"Корректировочный счёт-фактура № " + corrective.number() + " от " +
                 Ru(corrective.issue_date()) + " (1)",
             "к счёту-фактуре № " + vat_invoice.number() + " от " + Ru(vat_invoice.issue_date()),
             std::string(kIssuerName), std::string(kIssuerInn) + "/" + kIssuerKpp,
             flow.client_legal_name, client_inn_ + "/" + client_kpp_, "Российский рубль, 643",
             // Rows А (before), Б (after), В (increase), Г (decrease) of the stand line, then
             // the totals of the increases and decreases.
             "А (до изменения) 055 м² 12,5 8 000,00 100 000,00", "22% 22 000,00 122 000,00",
             "Б (после изменения) 055 м² 15 8 000,00 120 000,00", "22% 26 400,00 146 400,00",
             "В (увеличение) 055 м² 2,5 — 20 000,00 Х 22% 4 400,00 24 400,00",
             "Г (уменьшение) 055 м² — — — Х 22% —",
             "Всего увеличение (сумма строк В) 20 000,00 Х Х 4 400,00 24 400,00",
             "Всего уменьшение (сумма строк Г) — Х Х — —"});

  std::map<DocumentType, Document> renewed;
  ASSERT_TRUE(Eventually([&] {
    renewed = InForce(flow, sale_.name());
    for (const DocumentType type : kPackage) {
      if (!renewed.contains(type) || renewed[type].name() == package[type].name()) {
        return false;
      }
    }
    return true;
  })) << stack_->Log("documents");
  for (const DocumentType type : kPackage) {
    const std::string what = documents::v1::DocumentType_Name(type);
    const Document old = Get(flow, package[type].name());
    EXPECT_EQ(old.status(), documents::v1::DOCUMENT_STATUS_REPLACED) << what;
    EXPECT_EQ(old.replaced_by(), renewed[type].name()) << what;
    EXPECT_EQ(renewed[type].replaces(), old.name()) << what;
    EXPECT_EQ(renewed[type].total_amount().minor_units(), 14640000) << what;
  }
  ExpectAll("the new INVOICE",
            PdfText(flow.Download(flow.manager_token,
                                  renewed[documents::v1::DOCUMENT_TYPE_INVOICE].name())
                        .content()),
            {"15 м²", "Итого: 120 000,00", "НДС 22%: 26 400,00", "146 400,00",
             "Сто сорок шесть тысяч четыреста рублей 00 копеек"});
}

// An issuer that closes with a УПД with status 1: closing the edition gives its sale the УПД
// alone, no act and no separate VAT invoice.
TEST_F(DocumentsEndToEnd, AnIssuerClosingWithAUpdGetsOneUpdPerSale) {
  ASSERT_NO_FATAL_FAILURE(Sell("6318004008", "631801001"));
  Flow& flow = *flow_;
  // The issuer closes with a УПД from now on: its mode is read when the edition closes.
  documents::v1::Issuer upd;
  upd.set_closing_documents(documents::v1::CLOSING_DOCUMENTS_UPD_STATUS_1);
  auto updated = UpdatePrimaryIssuer(flow, accountant_, upd, {"closing_documents"});
  ASSERT_TRUE(updated.ok()) << updated.error_message();
  ASSERT_TRUE(Eventually([&] { return !flow.InvoicesFor(sale_.name()).empty(); }))
      << stack_->Log("documents");

  const auto closed = Close(flow, accountant_);
  EXPECT_EQ(closed.issued_documents_size(), 0);
  EXPECT_EQ(closed.issued_vat_invoices_size(), 0);
  ASSERT_EQ(closed.issued_upds_size(), 1);
  const Document document = Get(flow, closed.issued_upds(0));
  EXPECT_EQ(document.type(), documents::v1::DOCUMENT_TYPE_UPD);
  EXPECT_EQ(document.upd_status(), 1);
  EXPECT_EQ(document.total_amount().minor_units(), 12200000);
  const std::string date = Ru(document.issue_date());
  ExpectAll(
      "UPD", PdfText(flow.Download(accountant_, document.name()).content()),
      {"Универсальный", "Статус: 1", "Счёт-фактура № " + document.number() + " от " + date + " (1)",
       std::string("Продавец: ") + kIssuerName + " (2)",
       std::string("ИНН/КПП продавца: ") + kIssuerInn + "/" + kIssuerKpp + " (2б)",
       "Документ об отгрузке № п/п 1 № " + document.number() + " от " + date + " (5а)",
       "Покупатель: " + flow.client_legal_name + " (6)",
       "ИНН/КПП покупателя: " + client_inn_ + "/" + client_kpp_ + " (6б)",
       "Всего к оплате (9) 100 000,00 Х Х 22 000,00 122 000,00"});
  std::map<DocumentType, int> kinds;
  for (const Document& d : flow.DocumentsFor(sale_.name())) {
    ++kinds[d.type()];
  }
  EXPECT_FALSE(kinds.contains(documents::v1::DOCUMENT_TYPE_ACT));
  EXPECT_FALSE(kinds.contains(documents::v1::DOCUMENT_TYPE_VAT_INVOICE));
  EXPECT_EQ(kinds[documents::v1::DOCUMENT_TYPE_UPD], 1);
}

}  // namespace
}  // namespace crm::testing
