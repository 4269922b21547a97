#include "services/documents/domain/edo_xml.h"

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

#include "common/api/date.h"
#include "common/core/errors.h"
#include "common/core/text.h"
#include "common/ru/money.h"
#include "services/documents/domain/invoice.h"
#include "services/documents/domain/upd.h"
#include "services/documents/domain/vat_form.h"
#include "services/documents/domain/vat_invoice.h"

namespace crm::documents {
namespace {

constexpr char kFilePrefix[] = "ON_NSCHFDOPPR";
// The parts 5.03 appends to the name after the GUID, all zero for a file that is one whole
// document (docs/edo-xml.md).
constexpr char kWholeFileSuffix[] = "_0_0_0_0_0_00";
constexpr char kFormatVersion[] = "5.03";
constexpr char kKnd[] = "1115131";
constexpr char kEncoding[] = "windows-1251";
constexpr char kRussia[] = "643";
constexpr char kRussiaName[] = "РОССИЯ";
constexpr char kRouble[] = "643";
constexpr char kRoubleName[] = "Российский рубль";
// ПоФактХЖ and НаимДокОпр as the format enumerates them.
constexpr char kShipmentFact[] =
    "Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об "
    "оказании услуг)";
constexpr char kSchfName[] = "Счет-фактура";
constexpr char kSchfDopName[] =
    "Счет-фактура и документ об отгрузке товаров (выполнении работ), передаче имущественных прав "
    "(документ об оказании услуг)";
constexpr char kUpdName[] = "Универсальный передаточный документ";
constexpr char kNoBasis[] = "Без документа-основания";
constexpr char kServicesRendered[] = "Услуги оказаны в полном объеме";
constexpr char kNoExcise[] = "без акциза";
constexpr char kDefaultPosition[] = "Руководитель организации";
// Должн is T(1-128).
constexpr std::size_t kMaxPositionChars = 128;

constexpr std::array<EdoKind, 3> kEdoKinds = {{
    {kVatInvoiceType, 0, EdoFunction::kSchf},
    {kUpdType, 1, EdoFunction::kSchfDop},
    {kUpdType, 2, EdoFunction::kDop},
}};

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLetter(char c) { return IsAsciiUpper(c) || (c >= 'a' && c <= 'z'); }

std::string DotDate(std::chrono::year_month_day date) {
  return FormatDateRu(date);  // DD.MM.YYYY
}

std::string DotDate(const google::type::Date& date) {
  const auto calendar = common::api::CalendarDate(date);
  if (!calendar) {
    throw std::invalid_argument("the document has no valid date");
  }
  return FormatDateRu(*calendar);
}

// "12.5" from 12500: a quantity with the decimals it has, a dot, no grouping.
std::string Quantity(int64_t milli) {
  std::string out = common::ru::MilliDecimal(milli);
  while (out.back() == '0') {
    out.pop_back();
  }
  if (out.back() == '.') {
    out.pop_back();
  }
  return out;
}

std::string Rate(int32_t rate_bp) {
  if (rate_bp < 0 || rate_bp % 100 != 0) {
    throw std::invalid_argument(
        "a VAT rate the format has no value for: " + std::to_string(rate_bp) + " bp");
  }
  return std::to_string(rate_bp / 100) + "%";
}

// The first `limit` characters of UTF-8 `text`.
std::string Utf8Prefix(const std::string& text, std::size_t limit) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80) {
      if (chars == limit) {
        return text.substr(0, i);
      }
      ++chars;
    }
  }
  return text;
}

// Surname, given name and patronymic (may be empty) of "Иванов Иван Иванович".
struct PersonName {
  std::string surname;
  std::string given;
  std::string patronymic;
};

std::optional<PersonName> SplitName(std::string_view full) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : common::Trim(full)) {
    if (c == ' ') {
      if (!word.empty()) {
        words.push_back(std::move(word));
        word.clear();
      }
    } else {
      word += c;
    }
  }
  if (!word.empty()) {
    words.push_back(std::move(word));
  }
  if (words.size() < 2) {
    return std::nullopt;
  }
  PersonName name{words[0], words[1], {}};
  for (std::size_t i = 2; i < words.size(); ++i) {
    name.patronymic += (i > 2 ? " " : "") + words[i];
  }
  return name;
}

// A sole trader's name without "ИП " before it.
std::string_view WithoutSoleTraderPrefix(std::string_view name) {
  for (const std::string_view prefix :
       {std::string_view("Индивидуальный предприниматель "), std::string_view("ИП ")}) {
    if (name.substr(0, prefix.size()) == prefix) {
      return name.substr(prefix.size());
    }
  }
  return name;
}

// libxml2's tree, freed with its document.
struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

const xmlChar* X(const char* text) { return reinterpret_cast<const xmlChar*>(text); }

xmlNode* Child(xmlNode* parent, const char* name) {
  return xmlNewChild(parent, nullptr, X(name), nullptr);
}

void Attr(xmlNode* node, const char* name, const std::string& value) {
  xmlNewProp(node, X(name), X(value.c_str()));
}

// A text element (xmlNewTextChild escapes what xmlNewChild would parse).
void TextChild(xmlNode* parent, const char* name, const std::string& text) {
  xmlNewTextChild(parent, nullptr, X(name), X(text.c_str()));
}

void AddFio(xmlNode* parent, const PersonName& name) {
  xmlNode* fio = Child(parent, "ФИО");
  Attr(fio, "Фамилия", name.surname);
  Attr(fio, "Имя", name.given);
  if (!name.patronymic.empty()) {
    Attr(fio, "Отчество", name.patronymic);
  }
}

// ИдСв and Адрес of a party (УчастникТип): a company by its 10-digit INN, a sole trader by 12.
void AddParty(xmlNode* party, const std::string& legal_name, const std::string& inn,
              const std::string& kpp, const std::string& address, const char* who) {
  xmlNode* id = Child(party, "ИдСв");
  if (inn.size() == 10) {
    xmlNode* company = Child(id, "СвЮЛУч");
    Attr(company, "НаимОрг", legal_name);
    Attr(company, "ИННЮЛ", inn);
    if (!kpp.empty()) {
      Attr(company, "КПП", kpp);
    }
  } else if (inn.size() == 12) {
    const auto name = SplitName(WithoutSoleTraderPrefix(legal_name));
    if (!name) {
      throw common::PreconditionError(
          "EDO_PARTY_NAME",
          std::string("the ") + who +
              " is a sole trader whose name is not a surname and a given name: " + legal_name);
    }
    xmlNode* trader = Child(id, "СвИП");
    Attr(trader, "ИННФЛ", inn);
    AddFio(trader, *name);
  } else {
    throw common::PreconditionError("EDO_PARTY_INN", std::string("the ") + who +
                                                         " has no INN of 10 or 12 digits, which " +
                                                         "the EDO format requires: " + legal_name);
  }
  if (!address.empty()) {
    xmlNode* where = Child(Child(party, "Адрес"), "АдрИнф");
    Attr(where, "КодСтр", kRussia);
    Attr(where, "НаимСтран", kRussiaName);
    Attr(where, "АдрТекст", address);
  }
}

void AddReference(xmlNode* node, const EdoDocumentRef& ref) {
  Attr(node, "РеквНаимДок", ref.name);
  if (!ref.number.empty()) {
    Attr(node, "РеквНомерДок", ref.number);
  }
  Attr(node, "РеквДатаДок", DotDate(ref.date));
}

std::string ProducerName(const events::v1::IssuerSnapshot& issuer) {
  std::string name = issuer.legal_name() + ", ИНН";
  if (!issuer.kpp().empty()) {
    return name + "/КПП " + issuer.inn() + "/" + issuer.kpp();
  }
  return name + " " + issuer.inn();
}

void AddTable(xmlNode* document, const events::v1::DocumentIssued& issued) {
  xmlNode* table = Child(document, "ТаблСчФакт");
  for (int i = 0; i < issued.lines_size(); ++i) {
    const events::v1::DocumentLine& line = issued.lines(i);
    xmlNode* row = Child(table, "СведТов");
    Attr(row, "НомСтр", std::to_string(i + 1));
    Attr(row, "НаимТов", line.description());
    const std::optional<OkeiUnit> okei = OkeiOf(line.unit());
    if (okei) {
      Attr(row, "ОКЕИ_Тов", std::string(okei->code));
    }
    if (line.quantity_milli() > 0) {
      Attr(row, "КолТов", Quantity(line.quantity_milli()));
      // The price the amount was reached at: after a discount, the net per unit (as printed).
      int64_t price = line.unit_price().minor_units();
      if (line.discount_amount().minor_units() > 0) {
        price = (line.net_amount().minor_units() * 1000 + line.quantity_milli() / 2) /
                line.quantity_milli();
      }
      Attr(row, "ЦенаТов", common::ru::RoublesDecimal(price));
    }
    Attr(row, "СтТовБезНДС", common::ru::RoublesDecimal(line.net_amount().minor_units()));
    Attr(row, "НалСт", Rate(line.vat_rate_bp()));
    Attr(row, "СтТовУчНал", common::ru::RoublesDecimal(line.total_amount().minor_units()));
    TextChild(Child(row, "Акциз"), "БезАкциз", kNoExcise);
    TextChild(Child(row, "СумНал"), "СумНал",
              common::ru::RoublesDecimal(line.vat_amount().minor_units()));
    if (!line.unit().empty()) {
      xmlNode* more = Child(row, "ДопСведТов");
      Attr(more, "НаимЕдИзм", okei ? std::string(okei->symbol) : line.unit());
    }
  }
  xmlNode* total = Child(table, "ВсегоОпл");
  Attr(total, "СтТовБезНДСВсего", common::ru::RoublesDecimal(issued.net_amount().minor_units()));
  Attr(total, "СтТовУчНалВсего", common::ru::RoublesDecimal(issued.total_amount().minor_units()));
  TextChild(Child(total, "СумНалВсего"), "СумНал",
            common::ru::RoublesDecimal(issued.vat_amount().minor_units()));
}

void AddSigner(xmlNode* document, const v1::Issuer& issuer) {
  const auto name = SplitName(issuer.director());
  if (!name) {
    throw common::PreconditionError(
        "EDO_NO_SIGNER",
        "the issuer's director (surname and given name) signs the EDO file; set it with "
        "UpdateIssuer",
        issuer.name());
  }
  xmlNode* signer = Child(document, "Подписант");
  Attr(signer, "СпосПодтПолном", "1");  // by the data of the electronic signature
  const std::string& position = issuer.director_position();
  Attr(signer, "Должн",
       position.empty() ? std::string(kDefaultPosition) : Utf8Prefix(position, kMaxPositionChars));
  AddFio(signer, *name);
}

}  // namespace

std::string_view EdoFunctionCode(EdoFunction function) {
  switch (function) {
    case EdoFunction::kSchf:
      return "СЧФ";
    case EdoFunction::kSchfDop:
      return "СЧФДОП";
    case EdoFunction::kDop:
      return "ДОП";
  }
  throw std::invalid_argument("unknown EDO function");
}

std::span<const EdoKind> EdoKinds() { return kEdoKinds; }

std::optional<EdoFunction> EdoFunctionOf(std::string_view doc_type, int status) {
  for (const EdoKind& kind : kEdoKinds) {
    if (kind.doc_type == doc_type && (kind.status == 0 || kind.status == status)) {
      return kind.function;
    }
  }
  return std::nullopt;
}

std::optional<std::string> EdoParticipantIdProblem(std::string_view id) {
  if (id.size() < 4 || id.size() > 46) {
    return "must be 4 to 46 characters: the operator's 3-character id and the participant's "
           "code at it";
  }
  for (std::size_t i = 0; i < 3; ++i) {
    if (!IsAsciiDigit(id[i]) && !IsAsciiUpper(id[i])) {
      return "must start with the EDO operator's id: 3 digits or capital Latin letters";
    }
  }
  for (std::size_t i = 3; i < id.size(); ++i) {
    if (!IsAsciiDigit(id[i]) && !IsAsciiLetter(id[i]) && id[i] != '-') {
      return "may hold only Latin letters, digits and '-' after the operator's id";
    }
  }
  return std::nullopt;
}

std::string EdoFileId(std::string_view recipient_id, std::string_view sender_id,
                      std::chrono::year_month_day formed_date, std::string_view guid) {
  for (const std::string_view id : {recipient_id, sender_id}) {
    if (auto problem = EdoParticipantIdProblem(id)) {
      throw std::invalid_argument("EDO participant id '" + std::string(id) + "' " + *problem);
    }
  }
  if (guid.size() != 36) {
    throw std::invalid_argument("a file GUID has 36 characters");
  }
  std::string date = common::api::IsoDate(formed_date);  // YYYY-MM-DD
  std::erase(date, '-');
  return std::string(kFilePrefix) + "_" + std::string(recipient_id) + "_" + std::string(sender_id) +
         "_" + date + "_" + std::string(guid) + kWholeFileSuffix;
}

EdoFile BuildEdoXml(const EdoInput& input) {
  const events::v1::DocumentIssued& issued = input.document;
  EdoFile file;
  file.file_id = EdoFileId(input.recipient_id, input.sender_id, input.formed_date,
                           common::LowerAscii(input.file_guid));
  file.file_name = file.file_id + ".xml";

  std::unique_ptr<xmlDoc, DocFree> doc(xmlNewDoc(X("1.0")));
  xmlNode* root = xmlNewNode(nullptr, X("Файл"));
  xmlDocSetRootElement(doc.get(), root);
  Attr(root, "ИдФайл", file.file_id);
  Attr(root, "ВерсФорм", kFormatVersion);
  Attr(root, "ВерсПрог", Utf8Prefix(input.program_version, 40));

  xmlNode* document = Child(root, "Документ");
  Attr(document, "КНД", kKnd);
  Attr(document, "Функция", std::string(EdoFunctionCode(input.function)));
  if (input.function != EdoFunction::kSchf) {
    Attr(document, "ПоФактХЖ", kShipmentFact);
  }
  Attr(document, "НаимДокОпр",
       input.function == EdoFunction::kSchf
           ? kSchfName
           : (input.function == EdoFunction::kSchfDop ? kSchfDopName : kShipmentFact));
  Attr(document, "ДатаИнфПр", DotDate(input.formed_date));
  const auto seconds = input.formed_time.count();
  char time[32];
  std::snprintf(time, sizeof time, "%02d.%02d.%02d", static_cast<int>(seconds / 3600 % 24),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  Attr(document, "ВремИнфПр", time);
  Attr(document, "НаимЭконСубСост", ProducerName(issued.issuer()));

  xmlNode* invoice = Child(document, "СвСчФакт");
  Attr(invoice, "НомерДок", issued.number());
  Attr(invoice, "ДатаДок", DotDate(issued.issue_date()));
  const events::v1::IssuerSnapshot& seller = issued.issuer();
  AddParty(Child(invoice, "СвПрод"), seller.legal_name(), seller.inn(), seller.kpp(),
           seller.address(), "seller");
  if (input.function == EdoFunction::kSchf && input.shipment) {
    AddReference(Child(invoice, "ДокПодтвОтгрНом"), *input.shipment);
  } else if (input.function == EdoFunction::kSchfDop) {
    const auto date = common::api::CalendarDate(issued.issue_date());
    AddReference(Child(invoice, "ДокПодтвОтгрНом"),
                 {kUpdName, issued.number(), date.value_or(input.formed_date)});
  }
  const events::v1::ClientSnapshot& buyer = issued.client();
  AddParty(Child(invoice, "СвПокуп"), buyer.legal_name(), buyer.inn(), buyer.kpp(),
           buyer.legal_address().empty() ? buyer.postal_address() : buyer.legal_address(), "buyer");
  xmlNode* currency = Child(invoice, "ДенИзм");
  Attr(currency, "КодОКВ", kRouble);
  Attr(currency, "НаимОКВ", kRoubleName);

  AddTable(document, issued);

  if (input.function != EdoFunction::kSchf) {
    xmlNode* transfer = Child(Child(document, "СвПродПер"), "СвПер");
    Attr(transfer, "СодОпер", kServicesRendered);
    Attr(transfer, "ДатаПер", DotDate(issued.issue_date()));
    xmlNode* basis = Child(transfer, "ОснПер");
    if (input.basis) {
      AddReference(basis, *input.basis);
    } else {
      Attr(basis, "РеквНаимДок", kNoBasis);
      Attr(basis, "РеквДатаДок", DotDate(issued.issue_date()));
    }
  }

  AddSigner(document, input.issuer);

  xmlChar* bytes = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc.get(), &bytes, &size, kEncoding, 1);
  if (bytes == nullptr) {
    throw std::runtime_error("libxml2 could not write the EDO file in windows-1251");
  }
  file.content.assign(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  xmlFree(bytes);
  return file;
}

}  // namespace crm::documents
