#include "services/documents/domain/edo_xml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/api/date.h"
#include "common/core/code_page.h"
#include "common/core/errors.h"
#include "common/core/text.h"
#include "services/documents/domain/vat_invoice.h"

// The EDO XML of a VAT invoice (format 5.03): validated against the XSD we wrote from the
// format's published description (services/documents/domain/edo_xml_5_03.xsd) with libxml2's
// schema validator, and checked for the rules an XSD cannot express.
namespace crm::documents {
namespace {

using ::testing::HasSubstr;

using namespace std::chrono_literals;

constexpr char kSender[] = "2BE7a1f3c0e9d8b4c2a6e5f7d3b1a9c8e0f4";
constexpr char kRecipient[] = "2AL-18DC3D87-B414-471B-9B58-D51485D2F072-00000";
constexpr char kGuid[] = "0f8fad5b-d9cb-469f-a165-70867728950e";

common::v1::Money Rub(int64_t kopecks) {
  common::v1::Money money;
  money.set_currency_code("RUB");
  money.set_minor_units(kopecks);
  return money;
}

void AddLine(events::v1::DocumentIssued& document, const std::string& description,
             int64_t quantity_milli, const std::string& unit, int64_t price, int64_t discount) {
  events::v1::DocumentLine& line = *document.add_lines();
  line.set_description(description);
  line.set_quantity_milli(quantity_milli);
  line.set_unit(unit);
  const int64_t net = (quantity_milli * price + 500) / 1000 - discount;
  const int64_t vat = (net * 22 + 50) / 100;
  *line.mutable_unit_price() = Rub(price);
  *line.mutable_discount_amount() = Rub(discount);
  *line.mutable_net_amount() = Rub(net);
  line.set_vat_rate_bp(2200);
  *line.mutable_vat_amount() = Rub(vat);
  *line.mutable_total_amount() = Rub(net + vat);
  *document.mutable_net_amount() = Rub(document.net_amount().minor_units() + net);
  *document.mutable_vat_amount() = Rub(document.vat_amount().minor_units() + vat);
  *document.mutable_total_amount() = Rub(document.total_amount().minor_units() + net + vat);
}

// A VAT invoice as closing issues it: 12.5 m² of stand space at 8 000,00.
events::v1::DocumentIssued VatInvoice() {
  events::v1::DocumentIssued document;
  document.set_document("documents/5d7c1a2e-3b4f-4c6d-8e9f-0a1b2c3d4e5f");
  document.set_type(kVatInvoiceType);
  document.set_number("2026-000017");
  document.set_sequence_number(17);
  *document.mutable_issue_date() = common::api::ProtoDate(2026y / 3 / 31);
  events::v1::IssuerSnapshot& issuer = *document.mutable_issuer();
  issuer.set_issuer("issuers/9b2e4f1a-6c3d-4e8b-a7f0-1d2c3b4a5e6f");
  issuer.set_legal_name("ООО «Экспо-Волга»");
  issuer.set_inn("7707083893");
  issuer.set_kpp("773601001");
  issuer.set_address("443099, г. Самара, ул. Молодогвардейская, д. 10");
  events::v1::ClientSnapshot& client = *document.mutable_client();
  client.set_client("clients/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
  client.set_legal_name("АО «Волжский трубный завод»");
  client.set_inn("3435900517");
  client.set_kpp("343501001");
  client.set_legal_address("404119, Волгоградская обл., г. Волжский, ул. 7-я Автодорога, д. 6");
  document.set_vat_rate_bp(2200);
  *document.mutable_net_amount() = Rub(0);
  *document.mutable_vat_amount() = Rub(0);
  *document.mutable_total_amount() = Rub(0);
  AddLine(document,
          "Участие в выставке «Волга-Экспо 2026»: выставочная площадь 12,5 м², стенд A-12", 12500,
          "м²", 800000, 0);
  return document;
}

v1::Issuer Issuer() {
  v1::Issuer issuer;
  issuer.set_name("issuers/9b2e4f1a-6c3d-4e8b-a7f0-1d2c3b4a5e6f");
  issuer.set_director("Волков Андрей Викторович");
  issuer.set_director_position("Генеральный директор");
  issuer.set_edo_participant_id(kSender);
  return issuer;
}

EdoInput Input(EdoFunction function, events::v1::DocumentIssued document = VatInvoice()) {
  EdoInput input;
  input.document = std::move(document);
  input.function = function;
  input.issuer = Issuer();
  input.sender_id = kSender;
  input.recipient_id = kRecipient;
  input.file_guid = kGuid;
  input.formed_date = 2026y / 4 / 2;
  input.formed_time = 14h + 5min + 9s;
  input.program_version = "Expo CRM documents";
  if (function == EdoFunction::kSchf) {
    input.shipment = EdoDocumentRef{"Акт об оказании услуг", "2026-000017", 2026y / 3 / 31};
  }
  return input;
}

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

// The file parsed as libxml2 reads it: by the encoding its declaration names.
Doc Parse(const std::string& bytes) {
  return Doc(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), "edo.xml", nullptr,
                           XML_PARSE_NONET));
}

// 0 when `doc` is valid against the XSD; the errors go to stderr.
int Validate(xmlDoc* doc) {
  xmlSchemaParserCtxt* parser = xmlSchemaNewParserCtxt(CRM_EDO_XSD);
  xmlSchema* schema = xmlSchemaParse(parser);
  EXPECT_NE(schema, nullptr) << "the XSD does not parse";
  xmlSchemaValidCtxt* context = xmlSchemaNewValidCtxt(schema);
  const int result = xmlSchemaValidateDoc(context, doc);
  xmlSchemaFreeValidCtxt(context);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(parser);
  return result;
}

const xmlChar* X(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

bool Named(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE &&
         std::string_view(reinterpret_cast<const char*>(node->name)) == name;
}

// The elements `name` anywhere below `node`, in document order.
void Collect(xmlNode* node, std::string_view name, std::vector<xmlNode*>& out) {
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (Named(child, name)) {
      out.push_back(child);
    }
    Collect(child, name, out);
  }
}

std::vector<xmlNode*> All(xmlDoc* doc, std::string_view name) {
  std::vector<xmlNode*> out;
  xmlNode* root = xmlDocGetRootElement(doc);
  if (Named(root, name)) {
    out.push_back(root);
  }
  Collect(root, name, out);
  return out;
}

// The first child element `name` of `node`.
xmlNode* ChildNamed(xmlNode* node, std::string_view name) {
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (Named(child, name)) {
      return child;
    }
  }
  ADD_FAILURE() << "no " << name;
  return node;
}

xmlNode* One(xmlDoc* doc, std::string_view name) {
  const std::vector<xmlNode*> found = All(doc, name);
  EXPECT_EQ(found.size(), 1U) << name;
  return found.empty() ? nullptr : found[0];
}

std::string Attr(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, X(name));
  if (value == nullptr) {
    return "<absent>";
  }
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

std::string Text(const xmlNode* node) {
  xmlChar* value = xmlNodeGetContent(node);
  std::string out = common::Trim(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

// "1234.56" as kopecks; fails the test unless it has exactly two decimals.
int64_t Kopecks(const std::string& amount) {
  const auto dot = amount.find('.');
  EXPECT_TRUE(dot != std::string::npos && amount.size() - dot == 3) << amount;
  if (dot == std::string::npos) {
    return 0;
  }
  return std::stoll(amount.substr(0, dot)) * 100 + std::stoll(amount.substr(dot + 1));
}

std::string Built(EdoFunction function) { return BuildEdoXml(Input(function)).content; }

TEST(EdoXmlTest, VatInvoiceIsValidAgainstTheFormat) {
  const EdoFile file = BuildEdoXml(Input(EdoFunction::kSchf));
  Doc doc = Parse(file.content);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(Validate(doc.get()), 0) << file.content;

  xmlNode* document = One(doc.get(), "Документ");
  EXPECT_EQ(Attr(document, "КНД"), "1115131");
  EXPECT_EQ(Attr(document, "Функция"), "СЧФ");
  EXPECT_EQ(Attr(document, "НаимДокОпр"), "Счет-фактура");
  EXPECT_EQ(Attr(document, "ПоФактХЖ"), "<absent>");
  EXPECT_EQ(Attr(document, "ДатаИнфПр"), "02.04.2026");
  EXPECT_EQ(Attr(document, "ВремИнфПр"), "14.05.09");
  EXPECT_EQ(Attr(One(doc.get(), "Файл"), "ВерсФорм"), "5.03");
  xmlNode* invoice = One(doc.get(), "СвСчФакт");
  EXPECT_EQ(Attr(invoice, "НомерДок"), "2026-000017");
  EXPECT_EQ(Attr(invoice, "ДатаДок"), "31.03.2026");
  EXPECT_EQ(Attr(One(doc.get(), "ДенИзм"), "КодОКВ"), "643");
  xmlNode* shipment = One(doc.get(), "ДокПодтвОтгрНом");
  EXPECT_EQ(Attr(shipment, "РеквНаимДок"), "Акт об оказании услуг");
  EXPECT_EQ(Attr(shipment, "РеквДатаДок"), "31.03.2026");
  EXPECT_TRUE(All(doc.get(), "СвПродПер").empty());

  const std::vector<xmlNode*> parties = All(doc.get(), "СвЮЛУч");
  ASSERT_EQ(parties.size(), 2U);
  EXPECT_EQ(Attr(parties[0], "ИННЮЛ"), "7707083893");
  EXPECT_EQ(Attr(parties[0], "НаимОрг"), "ООО «Экспо-Волга»");
  EXPECT_EQ(Attr(parties[1], "КПП"), "343501001");

  xmlNode* line = One(doc.get(), "СведТов");
  EXPECT_EQ(Attr(line, "ОКЕИ_Тов"), "055");
  EXPECT_EQ(Attr(line, "КолТов"), "12.5");
  EXPECT_EQ(Attr(line, "ЦенаТов"), "8000.00");
  EXPECT_EQ(Attr(line, "СтТовБезНДС"), "100000.00");
  EXPECT_EQ(Attr(line, "НалСт"), "22%");
  EXPECT_EQ(Attr(line, "СтТовУчНал"), "122000.00");
  EXPECT_EQ(Text(One(doc.get(), "БезАкциз")), "без акциза");
  EXPECT_EQ(Attr(One(doc.get(), "ДопСведТов"), "НаимЕдИзм"), "м2");

  xmlNode* signer = One(doc.get(), "Подписант");
  EXPECT_EQ(Attr(signer, "Должн"), "Генеральный директор");
  xmlNode* fio = All(doc.get(), "ФИО").back();
  EXPECT_EQ(Attr(fio, "Фамилия"), "Волков");
  EXPECT_EQ(Attr(fio, "Имя"), "Андрей");
  EXPECT_EQ(Attr(fio, "Отчество"), "Викторович");
}

TEST(EdoXmlTest, UpdFunctionsAreValidAgainstTheFormat) {
  for (const EdoFunction function : {EdoFunction::kSchfDop, EdoFunction::kDop}) {
    const std::string content = Built(function);
    Doc doc = Parse(content);
    ASSERT_NE(doc, nullptr);
    EXPECT_EQ(Validate(doc.get()), 0) << content;
    xmlNode* document = One(doc.get(), "Документ");
    EXPECT_EQ(Attr(document, "Функция"), EdoFunctionCode(function));
    EXPECT_THAT(Attr(document, "ПоФактХЖ"), HasSubstr("Документ об отгрузке товаров"));
    xmlNode* transfer = One(doc.get(), "СвПер");
    EXPECT_EQ(Attr(transfer, "СодОпер"), "Услуги оказаны в полном объеме");
    EXPECT_EQ(Attr(transfer, "ДатаПер"), "31.03.2026");
    EXPECT_EQ(Attr(One(doc.get(), "ОснПер"), "РеквНаимДок"), "Без документа-основания");
  }
  EXPECT_EQ(All(Parse(Built(EdoFunction::kSchfDop)).get(), "ДокПодтвОтгрНом").size(), 1U);
  EXPECT_TRUE(All(Parse(Built(EdoFunction::kDop)).get(), "ДокПодтвОтгрНом").empty());
}

TEST(EdoXmlTest, MultiLineDocumentIsValidAndItsLinesAddUpToTheTotals) {
  events::v1::DocumentIssued document = VatInvoice();
  AddLine(document, "Угловой стенд: наценка", 1000, "шт.", 1500000, 0);
  AddLine(document, "Застройка стенда", 6000, "ч", 333333, 10001);
  AddLine(document, "Регистрация участника", 2000, "усл. ед.", 99999, 0);
  for (const EdoFunction function :
       {EdoFunction::kSchf, EdoFunction::kSchfDop, EdoFunction::kDop}) {
    const std::string content = BuildEdoXml(Input(function, document)).content;
    Doc doc = Parse(content);
    ASSERT_NE(doc, nullptr);
    EXPECT_EQ(Validate(doc.get()), 0) << content;

    const std::vector<xmlNode*> lines = All(doc.get(), "СведТов");
    ASSERT_EQ(lines.size(), 4U);
    int64_t net = 0;
    int64_t vat = 0;
    int64_t total = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      EXPECT_EQ(Attr(lines[i], "НомСтр"), std::to_string(i + 1));
      const int64_t line_net = Kopecks(Attr(lines[i], "СтТовБезНДС"));
      const int64_t line_vat = Kopecks(Text(ChildNamed(lines[i], "СумНал")));
      const int64_t line_total = Kopecks(Attr(lines[i], "СтТовУчНал"));
      EXPECT_EQ(line_net + line_vat, line_total) << "line " << i + 1;
      net += line_net;
      vat += line_vat;
      total += line_total;
    }
    xmlNode* totals = One(doc.get(), "ВсегоОпл");
    EXPECT_EQ(Kopecks(Attr(totals, "СтТовБезНДСВсего")), net);
    EXPECT_EQ(Kopecks(Text(One(doc.get(), "СумНалВсего"))), vat);
    EXPECT_EQ(Kopecks(Attr(totals, "СтТовУчНалВсего")), total);
    EXPECT_EQ(total, document.total_amount().minor_units());

    EXPECT_EQ(Attr(lines[1], "ОКЕИ_Тов"), "796");
    EXPECT_EQ(Attr(lines[2], "ОКЕИ_Тов"), "356");
    // After a discount the price is the net per unit, as the printed form shows it.
    EXPECT_EQ(Attr(lines[2], "ЦенаТов"), "3316.66");
    EXPECT_EQ(Attr(lines[3], "ОКЕИ_Тов"), "<absent>");
    EXPECT_EQ(Attr(All(doc.get(), "ДопСведТов")[3], "НаимЕдИзм"), "усл. ед.");
  }
}

TEST(EdoXmlTest, NamesWithQuotesAndAmpersandsAreEscapedAndRoundTrip) {
  events::v1::DocumentIssued document = VatInvoice();
  const std::string buyer = "ООО \"Рога & Копыта\" <Юг> 'Плюс'";
  document.mutable_client()->set_legal_name(buyer);
  document.mutable_lines(0)->set_description("Стенд \"A&B\" <угловой>");
  const std::string content = BuildEdoXml(Input(EdoFunction::kSchf, document)).content;
  EXPECT_THAT(content, HasSubstr("&amp;"));
  EXPECT_THAT(content, HasSubstr("&quot;"));
  EXPECT_THAT(content, HasSubstr("&lt;"));
  Doc doc = Parse(content);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(Validate(doc.get()), 0) << content;
  EXPECT_EQ(Attr(All(doc.get(), "СвЮЛУч")[1], "НаимОрг"), buyer);
  EXPECT_EQ(Attr(One(doc.get(), "СведТов"), "НаимТов"), "Стенд \"A&B\" <угловой>");
}

TEST(EdoXmlTest, SoleTraderBuyerIsNamedByInnAndFullName) {
  events::v1::DocumentIssued document = VatInvoice();
  document.mutable_client()->set_legal_name("ИП Петров Пётр Петрович");
  document.mutable_client()->set_inn("500100732259");
  document.mutable_client()->set_kpp("");
  const std::string content = BuildEdoXml(Input(EdoFunction::kSchf, document)).content;
  Doc doc = Parse(content);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(Validate(doc.get()), 0) << content;
  xmlNode* trader = One(doc.get(), "СвИП");
  EXPECT_EQ(Attr(trader, "ИННФЛ"), "500100732259");
  EXPECT_EQ(Attr(ChildNamed(trader, "ФИО"), "Фамилия"), "Петров");
}

TEST(EdoXmlTest, TheSchemaRefusesWhatTheFormatDoesNot) {
  // The validator is no rubber stamp: a broken INN, a date in another form and an unknown rate
  // each fail it.
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"ИННЮЛ=\"7707083893\"", "ИННЮЛ=\"770708389\""},
           {"ДатаДок=\"31.03.2026\"", "ДатаДок=\"2026-03-31\""},
           {"НалСт=\"22%\"", "НалСт=\"21%\""},
           {"ВерсФорм=\"5.03\"", "ВерсФорм=\"5.01\""}}) {
    std::string content = common::ToUtf8(Built(EdoFunction::kSchf), common::CodePage::kWindows1251);
    const auto at = content.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    content.replace(at, from.size(), to);
    content.replace(content.find("windows-1251"), 12, "UTF-8");
    Doc doc = Parse(content);
    ASSERT_NE(doc, nullptr);
    EXPECT_NE(Validate(doc.get()), 0) << to;
  }
}

TEST(EdoXmlTest, FileNameFollowsTheConventionAndMatchesIdFile) {
  const EdoFile file = BuildEdoXml(Input(EdoFunction::kSchf));
  const std::string id = std::string("ON_NSCHFDOPPR_") + kRecipient + "_" + kSender + "_20260402_" +
                         kGuid + "_0_0_0_0_0_00";
  EXPECT_EQ(file.file_id, id);
  EXPECT_EQ(file.file_name, id + ".xml");
  EXPECT_EQ(EdoFileId(kRecipient, kSender, 2026y / 4 / 2, kGuid), id);
  Doc doc = Parse(file.content);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(Attr(One(doc.get(), "Файл"), "ИдФайл") + ".xml", file.file_name);
  // The parts between the underscores: prefix, recipient, sender, date, GUID (ids hold no '_').
  EXPECT_EQ(file.file_name.substr(0, 14), "ON_NSCHFDOPPR_");
  EXPECT_EQ(file.file_name.find('_', 14), 14 + std::string_view(kRecipient).size());
}

TEST(EdoXmlTest, FileIsWindows1251WithCyrillicIntact) {
  const std::string content = Built(EdoFunction::kSchf);
  EXPECT_EQ(content.rfind("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", 0), 0U)
      << content.substr(0, 60);
  // Single bytes, not UTF-8: "Файл" is D4 E0 E9 EB.
  EXPECT_THAT(content, HasSubstr("<\xD4\xE0\xE9\xEB "));
  EXPECT_FALSE(common::IsValidUtf8(content));
  const std::string text = common::ToUtf8(content, common::CodePage::kWindows1251);
  EXPECT_THAT(text, HasSubstr("<Файл ИдФайл=\"ON_NSCHFDOPPR_"));
  EXPECT_THAT(text, HasSubstr("НаимОрг=\"ООО «Экспо-Волга»\""));
  // "²" is the one character of ours Windows-1251 lacks: a character reference keeps it.
  EXPECT_THAT(text, HasSubstr("выставочная площадь 12,5 м&#178;, стенд A-12"));
  EXPECT_THAT(text,
              HasSubstr("НаимЭконСубСост=\"ООО «Экспо-Волга», ИНН/КПП 7707083893/773601001\""));
  Doc doc = Parse(content);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(Attr(One(doc.get(), "СведТов"), "НаимТов"),
            "Участие в выставке «Волга-Экспо 2026»: выставочная площадь 12,5 м², стенд A-12");
}

TEST(EdoXmlTest, MissingSignerOrBuyerInnIsAFailedPrecondition) {
  EdoInput no_director = Input(EdoFunction::kSchf);
  no_director.issuer.set_director("");
  EXPECT_THROW(BuildEdoXml(no_director), common::PreconditionError);
  events::v1::DocumentIssued document = VatInvoice();
  document.mutable_client()->set_inn("");
  EXPECT_THROW(BuildEdoXml(Input(EdoFunction::kSchf, document)), common::PreconditionError);
  EdoInput bad_id = Input(EdoFunction::kSchf);
  bad_id.recipient_id = "2AL_bad";
  EXPECT_THROW(BuildEdoXml(bad_id), std::invalid_argument);
}

TEST(EdoXmlTest, ParticipantIdIsTheOperatorsThreeCharactersAndUpTo43More) {
  EXPECT_EQ(EdoParticipantIdProblem(kSender), std::nullopt);
  EXPECT_EQ(EdoParticipantIdProblem(kRecipient), std::nullopt);  // 46 characters
  EXPECT_EQ(EdoParticipantIdProblem("2BM-7707083893-773601001"), std::nullopt);
  EXPECT_NE(EdoParticipantIdProblem("2BE"), std::nullopt);  // the operator alone
  EXPECT_NE(EdoParticipantIdProblem(std::string(kRecipient) + "0"), std::nullopt);  // 47
  EXPECT_NE(EdoParticipantIdProblem("2be123"), std::nullopt);    // operator in lower case
  EXPECT_NE(EdoParticipantIdProblem("2BE12_34"), std::nullopt);  // '_' splits the file name
  EXPECT_NE(EdoParticipantIdProblem("2BEИд"), std::nullopt);     // not Latin
  EXPECT_NE(EdoParticipantIdProblem(""), std::nullopt);
}

TEST(EdoXmlTest, OnlyKindsInTheTableHaveAnEdoTwin) {
  EXPECT_EQ(EdoFunctionOf(kVatInvoiceType), EdoFunction::kSchf);
  EXPECT_EQ(EdoFunctionOf("INVOICE"), std::nullopt);
  EXPECT_EQ(EdoFunctionOf("ACT"), std::nullopt);
  EXPECT_EQ(EdoFunctionOf(kAdvanceVatInvoiceType), std::nullopt);
  EXPECT_EQ(EdoFunctionCode(EdoFunction::kSchfDop), "СЧФДОП");
  EXPECT_FALSE(EdoKinds().empty());
}

}  // namespace
}  // namespace crm::documents
