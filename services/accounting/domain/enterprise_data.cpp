#include "services/accounting/domain/enterprise_data.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "common/api/date.h"
#include "common/core/errors.h"
#include "common/core/ids.h"
#include "common/core/name_uuid.h"
#include "common/core/text.h"
#include "common/ru/money.h"
#include "common/tabular/source_table.h"
#include "common/tabular/zip_archive.h"
#include "common/xml/xml.h"
#include "services/accounting/domain/budget.h"
#include "services/accounting/domain/export_package.h"

namespace crm::accounting::domain {
namespace {

namespace xml = common::xml;
using crm::events::v1::DocumentIssued;

// The CRM's namespace for the GUIDs of its objects in 1C (a fixed random UUID: changing it would
// make 1C see every object as new).
constexpr char kRefNamespace[] = "6b0c0e52-3a8e-4f0e-9a52-1c0e7d2f9b31";

constexpr char kCounterparty[] = "Справочник.Контрагенты";
constexpr char kBankAccount[] = "Справочник.БанковскиеСчета";
constexpr char kContract[] = "Справочник.Договоры";
constexpr char kNomenclature[] = "Справочник.Номенклатура";
constexpr char kInvoice[] = "Документ.СчетНаОплатуПокупателю";
constexpr char kSale[] = "Документ.РеализацияТоваровУслуг";
constexpr char kVatInvoice[] = "Документ.СчетФактураВыданный";
constexpr char kDeletion[] = "УдалениеОбъекта";
constexpr char kIncomingPayment[] = "Документ.ПоступлениеБезналичныхДенежныхСредств";

// A fragment: one element tree, written without declaration.
class Fragment {
 public:
  explicit Fragment(std::string_view root)
      : doc_(xml::NewDoc()), root_(xml::SetRoot(doc_.get(), root)) {}
  xmlNode* root() const { return root_; }
  std::string Text() const {
    std::string out = xml::Dump(doc_.get());
    // Drop the XML declaration: the fragment goes into a message's Body.
    const auto end = out.find("?>\n");
    return end == std::string::npos ? out : out.substr(end + 3);
  }

 private:
  xml::Doc doc_;
  xmlNode* root_ = nullptr;
};

std::string DateTime(const google::type::Date& date) {
  return common::api::IsoDate(date) + "T00:00:00";
}

std::string Money(const crm::common::v1::Money& money) {
  return common::ru::RoublesDecimal(money.minor_units());
}

// "НДС22", "НДС10", "БезНДС" for a line without VAT.
std::string VatRate(int32_t bp) {
  if (bp == 0) {
    return "БезНДС";
  }
  return "НДС" + PercentFromBp(bp);
}

std::string ClientName(const crm::events::v1::ClientSnapshot& client) {
  return client.legal_name().empty() ? client.display_name() : client.legal_name();
}

// The key properties 1C finds an organisation, counterparty or contract by, inside a reference.
void OrganisationRef(xmlNode* parent, const crm::events::v1::IssuerSnapshot& issuer) {
  xmlNode* org = xml::Child(parent, "Организация");
  xml::TextChild(org, "Ссылка", ObjectRef(issuer.issuer()));
  xml::TextChild(org, "Наименование", issuer.legal_name());
  xml::TextChild(org, "НаименованиеПолное", issuer.legal_name());
  xml::TextChild(org, "ИНН", issuer.inn());
  xml::TextChild(org, "КПП", issuer.kpp());
}

void CounterpartyKeys(xmlNode* keys, const crm::events::v1::ClientSnapshot& client) {
  xml::TextChild(keys, "Ссылка", ObjectRef(client.client()));
  xml::TextChild(keys, "Наименование",
                 client.display_name().empty() ? ClientName(client) : client.display_name());
  xml::TextChild(keys, "НаименованиеПолное", ClientName(client));
  xml::TextChild(keys, "ИНН", client.inn());
  xml::TextChild(keys, "КПП", client.kpp());
  // A 12-digit INN is a person's (a sole trader).
  xml::TextChild(keys, "ЮридическоеФизическоеЛицо",
                 client.inn().size() == 12 ? "ФизическоеЛицо" : "ЮридическоеЛицо");
}

std::string ContractSource(const DocumentIssued& event) { return event.sale() + "/contract"; }

std::string ContractName(const DocumentIssued& event) {
  if (event.type() == "CONTRACT") {
    return "Договор № " + event.number() + " от " + common::api::IsoDate(event.issue_date());
  }
  return "Договор по сделке " +
         (event.edition_display_name().empty() ? event.sale() : event.edition_display_name());
}

void ContractKeys(xmlNode* keys, const DocumentIssued& event) {
  xml::TextChild(keys, "Ссылка", ObjectRef(ContractSource(event)));
  xml::TextChild(keys, "ВидДоговора", "СПокупателем");
  OrganisationRef(keys, event.issuer());
  CounterpartyKeys(xml::Child(keys, "Контрагент"), event.client());
  xml::TextChild(keys, "Наименование", ContractName(event));
  if (event.type() == "CONTRACT") {
    xml::TextChild(keys, "Номер", event.number());
    xml::TextChild(keys, "Дата", DateTime(event.issue_date()));
  }
}

void Rouble(xmlNode* parent, std::string_view name) {
  xmlNode* currency = xml::Child(parent, name);
  xml::TextChild(currency, "Код", "643");
  xml::TextChild(currency, "Наименование", "руб.");
}

// One bank account's requisites, whoever owns it.
struct AccountRequisites {
  std::string source;  // the CRM resource the GUID is derived from
  std::string number;
  std::string bik;
  std::string correspondent_account;
  std::string bank_name;
};

AccountRequisites AccountOf(const crm::events::v1::IssuerSnapshot& issuer) {
  return {issuer.issuer() + "/bankAccounts/" + issuer.settlement_account(),
          issuer.settlement_account(), issuer.bik(), issuer.correspondent_account(),
          issuer.bank_name()};
}

AccountRequisites AccountOf(const crm::events::v1::ClientSnapshot& client,
                            const crm::events::v1::ClientBankAccount& account) {
  return {ClientBankAccountSource(client.client(), account.account()), account.account(),
          account.bik(), account.correspondent_account(), account.bank_name()};
}

// The account's key properties; `owner` writes the Владелец's inside.
template <class Owner>
void BankAccountKeys(xmlNode* keys, const AccountRequisites& account, Owner owner) {
  xml::TextChild(keys, "Ссылка", ObjectRef(account.source));
  xml::TextChild(keys, "НомерСчета", account.number);
  xmlNode* bank = xml::Child(keys, "Банк");
  xml::TextChild(bank, "БИК", account.bik);
  xml::TextChild(bank, "КоррСчет", account.correspondent_account);
  xml::TextChild(bank, "Наименование", account.bank_name);
  owner(xml::Child(keys, "Владелец"));
}

// Writes the organisation as an account's Владелец.
auto OwnedByOrganisation(const crm::events::v1::IssuerSnapshot& issuer) {
  return [&issuer](xmlNode* owner) { OrganisationRef(owner, issuer); };
}

void BankAccountKeys(xmlNode* keys, const crm::events::v1::IssuerSnapshot& issuer) {
  BankAccountKeys(keys, AccountOf(issuer), OwnedByOrganisation(issuer));
}

template <class Owner>
ExchangeObject BankAccount(const AccountRequisites& account, Owner owner) {
  Fragment f(kBankAccount);
  BankAccountKeys(xml::Child(f.root(), "КлючевыеСвойства"), account, owner);
  Rouble(f.root(), "ВалютаДенежныхСредств");
  return {ObjectRef(account.source), kBankAccount, account.source, 0, false, f.Text()};
}

ExchangeObject Counterparty(const DocumentIssued& event) {
  const auto& client = event.client();
  Fragment f(kCounterparty);
  CounterpartyKeys(xml::Child(f.root(), "КлючевыеСвойства"), client);
  xml::TextChild(f.root(), "РегистрационныйНомер", client.ogrn());
  xmlNode* contacts = xml::Child(f.root(), "КонтактнаяИнформация");
  const auto address = [&](std::string_view kind, const std::string& value) {
    if (value.empty()) {
      return;
    }
    xmlNode* row = xml::Child(contacts, "Строка");
    xml::TextChild(row, "ВидКонтактнойИнформации", kind);
    xml::TextChild(row, "ЗначенияПолей", value);
    xml::TextChild(row, "Представление", value);
  };
  address("АдресЮридический", client.legal_address());
  address("АдресПочтовый", client.postal_address());
  address("Телефон", client.phone());
  address("АдресЭлектроннойПочты", client.email());
  return {ObjectRef(client.client()), kCounterparty, client.client(), 0, false, f.Text()};
}

ExchangeObject Contract(const DocumentIssued& event) {
  Fragment f(kContract);
  ContractKeys(xml::Child(f.root(), "КлючевыеСвойства"), event);
  Rouble(f.root(), "ВалютаВзаиморасчетов");
  xml::TextChild(f.root(), "РасчетыВУсловныхЕдиницах", "false");
  const std::string source = ContractSource(event);
  // The contract document sets it; another document only names it.
  return {ObjectRef(source), kContract, source, 0, event.type() != "CONTRACT", f.Text()};
}

std::string NomenclatureSource(const DocumentIssued& event) {
  return "services/" + (event.edition().empty() ? event.edition_display_name() : event.edition());
}

ExchangeObject Nomenclature(const DocumentIssued& event) {
  Fragment f(kNomenclature);
  xmlNode* keys = xml::Child(f.root(), "КлючевыеСвойства");
  const std::string source = NomenclatureSource(event);
  const std::string name = "Участие в выставке" + (event.edition_display_name().empty()
                                                       ? std::string()
                                                       : " «" + event.edition_display_name() + "»");
  xml::TextChild(keys, "Ссылка", ObjectRef(source));
  xml::TextChild(keys, "Наименование", name);
  xml::TextChild(keys, "НаименованиеПолное", name);
  xml::TextChild(f.root(), "ВидНоменклатуры", "Услуга");
  return {ObjectRef(source), kNomenclature, source, 0, false, f.Text()};
}

void Lines(xmlNode* parent, const DocumentIssued& event) {
  xmlNode* table = xml::Child(parent, "Услуги");
  for (const auto& line : event.lines()) {
    xmlNode* row = xml::Child(table, "Строка");
    xmlNode* item = xml::Child(row, "Номенклатура");
    xml::TextChild(item, "Ссылка", ObjectRef(NomenclatureSource(event)));
    xml::TextChild(row, "Содержание", line.description());
    xml::TextChild(row, "Количество", MilliDecimal(line.quantity_milli()));
    xml::TextChild(row, "ЕдиницаИзмерения", line.unit());
    xml::TextChild(row, "Цена", Money(line.unit_price()));
    xml::TextChild(row, "Сумма", Money(line.total_amount()));
    xml::TextChild(row, "СтавкаНДС", VatRate(line.vat_rate_bp()));
    xml::TextChild(row, "СуммаНДС", Money(line.vat_amount()));
  }
}

ExchangeObject Document(const DocumentIssued& event, std::string_view type) {
  Fragment f(type);
  xmlNode* keys = xml::Child(f.root(), "КлючевыеСвойства");
  xml::TextChild(keys, "Ссылка", ObjectRef(event.document()));
  xml::TextChild(keys, "Дата", DateTime(event.issue_date()));
  xml::TextChild(keys, "Номер", event.number());
  OrganisationRef(keys, event.issuer());
  Rouble(f.root(), "Валюта");
  xml::TextChild(f.root(), "Сумма", Money(event.total_amount()));
  xml::TextChild(f.root(), "СуммаВключаетНДС", "true");
  CounterpartyKeys(xml::Child(f.root(), "Контрагент"), event.client());
  xmlNode* settlement = xml::Child(f.root(), "ДанныеВзаиморасчетов");
  ContractKeys(xml::Child(settlement, "Договор"), event);
  Rouble(settlement, "ВалютаВзаиморасчетов");
  xml::TextChild(settlement, "КурсВзаиморасчетов", "1");
  xml::TextChild(settlement, "КратностьВзаиморасчетов", "1");
  if (type == kInvoice && !event.issuer().settlement_account().empty()) {
    BankAccountKeys(xml::Child(f.root(), "БанковскийСчетОрганизации"), event.issuer());
  }
  if (type == kSale) {
    xml::TextChild(f.root(), "ВидОперации", "Услуги");
  }
  if (type == kVatInvoice) {
    xml::TextChild(f.root(), "ВидСчетаФактуры",
                   event.type() == "ADVANCE_VAT_INVOICE" ? "НаАванс" : "НаРеализацию");
    xml::TextChild(f.root(), "КодВидаОперации",
                   event.type() == "ADVANCE_VAT_INVOICE" ? "02" : "01");
  }
  std::string comment = "Expo CRM " + event.document();
  if (!event.replaces().empty()) {
    comment += ", заменяет " + event.replaces() + " (Ссылка " + ObjectRef(event.replaces()) + ")";
  }
  xml::TextChild(f.root(), "Комментарий", comment);
  Lines(f.root(), event);
  return {ObjectRef(event.document()), std::string(type), event.document(), 1, false, f.Text()};
}

ExchangeObject Deletion(const std::string& source, std::string_view type) {
  Fragment f(kDeletion);
  xmlNode* ref =
      xml::Child(xml::Child(f.root(), "СсылкаНаОбъект"), "СсылкаНаОбъект." + std::string(type));
  xml::TextChild(ref, "Ссылка", ObjectRef(source));
  return {ObjectRef(source), kDeletion, source, 2, false, f.Text()};
}

// Puts `node` and every element under it into `ns`.
void IntoNamespace(xmlNode* node, xmlNs* ns) {
  for (xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) {
      xmlSetNs(n, ns);
      IntoNamespace(n->children, ns);
    }
  }
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int64_t Integer(const xmlNode* parent, std::string_view name, int64_t min) {
  const std::string text = xml::Text(xml::Find(parent, name));
  if (!AllDigits(text) || text.size() > 15 || std::stoll(text) < min) {
    throw ExchangeMessageError(std::string(name) + " must be an integer of at least " +
                               std::to_string(min) + ", not \"" + text + "\"");
  }
  return std::stoll(text);
}

// "148840.00", "148840.5", "148840" as kopecks; -1 when not an amount.
int64_t Kopecks(const std::string& text) {
  const auto dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (!AllDigits(whole) || whole.size() > 13 || fraction.size() > 2 ||
      (!fraction.empty() && !AllDigits(fraction))) {
    return -1;
  }
  fraction.resize(2, '0');
  return std::stoll(whole) * 100 + std::stoll(fraction);
}

// "2026-03-02T00:00:00" or "2026-03-02" as "2026-03-02"; "" when not a date.
std::string IsoDay(const std::string& text) {
  std::string day = text.substr(0, 10);
  if (!common::api::ParseIsoDate(day) || (text.size() > 10 && text[10] != 'T')) {
    return "";
  }
  return day;
}

std::string Trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return "";
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

InboundPayment ReadPayment(const xmlNode* object, int index) {
  const std::string at = kIncomingPayment + std::string(" #") + std::to_string(index) + ": ";
  const xmlNode* keys = xml::Find(object, "КлючевыеСвойства");
  InboundPayment p;
  p.ref = Trimmed(xml::Text(xml::Find(keys, "Ссылка")));
  p.number = Trimmed(xml::Text(xml::Find(object, "НомерВходящегоДокумента")));
  if (p.number.empty()) {
    p.number = Trimmed(xml::Text(xml::Find(keys, "Номер")));
  }
  std::string date = Trimmed(xml::Text(xml::Find(object, "ДатаВходящегоДокумента")));
  if (date.empty()) {
    date = Trimmed(xml::Text(xml::Find(keys, "Дата")));
  }
  p.date = IsoDay(date);
  p.amount_kopecks = Kopecks(Trimmed(xml::Text(xml::Find(object, "СуммаДокумента"))));
  const xmlNode* payer = xml::Find(object, "Контрагент");
  p.payer_inn = Trimmed(xml::Text(xml::Find(payer, "ИНН")));
  p.payer_kpp = Trimmed(xml::Text(xml::Find(payer, "КПП")));
  p.payer_name = Trimmed(xml::Text(xml::Find(payer, "НаименованиеПолное")));
  if (p.payer_name.empty()) {
    p.payer_name = Trimmed(xml::Text(xml::Find(payer, "Наименование")));
  }
  p.payer_account =
      Trimmed(xml::Text(xml::Find(xml::Find(object, "БанковскийСчетКонтрагента"), "НомерСчета")));
  p.payee_account =
      Trimmed(xml::Text(xml::Find(xml::Find(object, "БанковскийСчетОрганизации"), "НомерСчета")));
  p.purpose = Trimmed(xml::Text(xml::Find(object, "НазначениеПлатежа")));
  if (p.number.empty() || p.number.size() > 64) {
    throw ExchangeMessageError(at + "no payment order number (НомерВходящегоДокумента or Номер)");
  }
  if (p.date.empty()) {
    throw ExchangeMessageError(at + "no valid date (ДатаВходящегоДокумента or Дата)");
  }
  if (p.amount_kopecks <= 0) {
    throw ExchangeMessageError(at + "СуммаДокумента must be a positive amount");
  }
  if (!AllDigits(p.payer_inn) || (p.payer_inn.size() != 10 && p.payer_inn.size() != 12)) {
    throw ExchangeMessageError(at + "Контрагент/ИНН must be 10 or 12 digits");
  }
  if (!p.payer_kpp.empty() && (!AllDigits(p.payer_kpp) || p.payer_kpp.size() != 9)) {
    throw ExchangeMessageError(at + "Контрагент/КПП must be 9 digits");
  }
  if (!AllDigits(p.payer_account) || p.payer_account.size() != 20) {
    throw ExchangeMessageError(at + "БанковскийСчетКонтрагента/НомерСчета must be 20 digits");
  }
  if (!p.payee_account.empty() && (!AllDigits(p.payee_account) || p.payee_account.size() != 20)) {
    throw ExchangeMessageError(at + "БанковскийСчетОрганизации/НомерСчета must be 20 digits");
  }
  for (const std::string* text : {&p.purpose, &p.payer_name}) {
    if (text->size() > 2000) {
      throw ExchangeMessageError(at + "a text longer than 2000 bytes");
    }
  }
  return p;
}

// A text of a cost document: at most 500 bytes.
std::string CostText(const std::string& at, const xmlNode* node) {
  std::string text = Trimmed(xml::Text(node));
  if (text.size() > 500) {
    throw ExchangeMessageError(at + "a text longer than 500 bytes");
  }
  return text;
}

// A supplier's document as budget costs: its Услуги lines, net of VAT.
InboundCostDocument ReadCostDocument(const xmlNode* object, int index) {
  const std::string at = kCostDocumentType + std::string(" #") + std::to_string(index) + ": ";
  const xmlNode* keys = xml::Find(object, "КлючевыеСвойства");
  InboundCostDocument d;
  d.ref = common::LowerAscii(Trimmed(xml::Text(xml::Find(keys, "Ссылка"))));
  if (!common::IsUuid(d.ref)) {
    throw ExchangeMessageError(at + "КлючевыеСвойства/Ссылка must be a UUID");
  }
  d.number = CostText(at, xml::Find(keys, "Номер"));
  d.date = IsoDay(Trimmed(xml::Text(xml::Find(keys, "Дата"))));
  if (d.date.empty() || !ParseMonth(d.date.substr(0, 7))) {
    throw ExchangeMessageError(at + "no valid date of 2000-2100 (КлючевыеСвойства/Дата)");
  }
  d.division = CostText(at, xml::Find(xml::Find(object, "Подразделение"), "Наименование"));
  d.supplier = CostText(at, xml::Find(xml::Find(object, "Контрагент"), "Наименование"));
  const bool vat_included = Trimmed(xml::Text(xml::Find(object, "СуммаВключаетНДС"))) == "true";
  const std::vector<const xmlNode*> rows = xml::Elements(xml::Find(object, "Услуги"));
  if (rows.size() > kMaxCostLines) {
    throw ExchangeMessageError(at + "more than " + std::to_string(kMaxCostLines) +
                               " lines in Услуги");
  }
  for (const xmlNode* row : rows) {
    InboundCostLine line;
    line.line = static_cast<int>(d.lines.size()) + 1;
    const std::string line_at = at + "Услуги line " + std::to_string(line.line) + ": ";
    line.item = CostText(line_at, xml::Find(xml::Find(row, "СтатьяЗатрат"), "Наименование"));
    line.description = CostText(line_at, xml::Find(row, "Содержание"));
    if (line.description.empty()) {
      line.description = CostText(
          line_at, xml::Find(xml::Find(xml::Find(row, "ДанныеНоменклатуры"), "Номенклатура"),
                             "Наименование"));
    }
    const int64_t amount = Kopecks(Trimmed(xml::Text(xml::Find(row, "Сумма"))));
    const std::string vat_text = Trimmed(xml::Text(xml::Find(row, "СуммаНДС")));
    const int64_t vat = vat_text.empty() ? 0 : Kopecks(vat_text);
    if (amount < 0) {
      throw ExchangeMessageError(line_at + "Сумма must be an amount");
    }
    if (vat < 0 || (vat_included && vat > amount)) {
      throw ExchangeMessageError(line_at + "СуммаНДС must be an amount not above Сумма");
    }
    line.net_kopecks = vat_included ? amount - vat : amount;
    d.lines.push_back(std::move(line));
  }
  return d;
}

// The Ссылка of the cost document an УдалениеОбъекта names; "" when it names another type.
std::string DeletedCostDocument(const xmlNode* object) {
  const xmlNode* ref = xml::Find(xml::Find(object, "СсылкаНаОбъект"),
                                 "СсылкаНаОбъект." + std::string(kCostDocumentType));
  if (ref == nullptr) {
    return "";
  }
  std::string id = common::LowerAscii(Trimmed(xml::Text(xml::Find(ref, "Ссылка"))));
  if (!common::IsUuid(id)) {
    throw ExchangeMessageError(std::string(kDeletion) + " of a " + kCostDocumentType +
                               ": Ссылка must be a UUID");
  }
  return id;
}

// A zip's first four bytes (a local file header).
bool IsZip(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

// The one XML file of a zipped message, inflated no further than kMaxExchangeMessageBytes.
std::string Unzip(std::string_view bytes) {
  try {
    const common::tabular::ZipArchive zip(
        bytes, {"the zipped message cannot be read", "the message is not a zip archive",
                "the zipped message's file", "the zipped message"});
    const std::vector<std::string> names = zip.Names();
    if (names.size() != 1 || names[0].size() < 5 ||
        names[0].substr(names[0].size() - 4) != ".xml") {
      throw ExchangeMessageError(
          "a zipped exchange message must hold exactly one .xml file; it "
          "holds " +
          std::to_string(names.size()) + " files");
    }
    std::string xml;
    zip.Stream(names[0], kMaxExchangeMessageBytes,
               [&xml](std::string_view block) { xml.append(block); });
    return xml;
  } catch (const common::tabular::SourceFormatError& e) {
    throw ExchangeMessageError(std::string("not an exchange message: ") + e.what());
  }
}

}  // namespace

std::string ObjectRef(std::string_view resource) {
  return common::NameUuid(kRefNamespace, resource);
}

std::string_view DocumentObjectType(std::string_view document_type) {
  if (document_type == "INVOICE") {
    return kInvoice;
  }
  if (document_type == "ACT" || document_type == "UPD") {
    return kSale;
  }
  if (document_type == "VAT_INVOICE" || document_type == "ADVANCE_VAT_INVOICE") {
    return kVatInvoice;
  }
  return {};
}

std::vector<ExchangeObject> ObjectsOfIssued(const DocumentIssued& event) {
  std::vector<ExchangeObject> objects;
  const std::string_view type = DocumentObjectType(event.type());
  if (type.empty() && event.type() != "CONTRACT") {
    return objects;
  }
  ValidateDocumentIssued(event);
  objects.push_back(Counterparty(event));
  for (ExchangeObject& account : CounterpartyBankAccounts(event.client())) {
    objects.push_back(std::move(account));
  }
  if (!event.issuer().settlement_account().empty()) {
    objects.push_back(BankAccount(AccountOf(event.issuer()), OwnedByOrganisation(event.issuer())));
  }
  objects.push_back(Contract(event));
  if (type.empty()) {
    return objects;
  }
  objects.push_back(Nomenclature(event));
  objects.push_back(Document(event, type));
  if (!event.replaces().empty()) {
    objects.push_back(Deletion(event.replaces(), type));
  }
  return objects;
}

std::string ClientBankAccountSource(std::string_view client, std::string_view account) {
  return std::string(client) + "/bankAccounts/" + std::string(account);
}

std::vector<ExchangeObject> CounterpartyBankAccounts(
    const crm::events::v1::ClientSnapshot& client) {
  std::vector<ExchangeObject> objects;
  for (const auto& account : client.bank_accounts()) {
    objects.push_back(BankAccount(AccountOf(client, account), [&client](xmlNode* owner) {
      CounterpartyKeys(xml::Child(owner, "Контрагент"), client);
    }));
  }
  return objects;
}

ExchangeObject BankAccountDeletion(std::string_view client, std::string_view account) {
  return Deletion(ClientBankAccountSource(client, account), kBankAccount);
}

std::vector<ExchangeObject> ObjectsOfAnnulled(const crm::events::v1::DocumentAnnulled& event) {
  if (!common::ParseResourceId(event.document(), "documents")) {
    throw common::ValidationError("document", "must be documents/{uuid}");
  }
  const std::string_view type = DocumentObjectType(event.type());
  if (type.empty()) {
    return {};
  }
  return {Deletion(event.document(), type)};
}

std::string BuildMessage(const MessageHeader& header, std::string_view creation_time,
                         const std::vector<std::string>& objects) {
  xml::Doc doc = xml::NewDoc();
  xmlNode* root = xml::SetRoot(doc.get(), "Message");
  xmlNs* msg = xml::DeclareNs(root, kExchangeMessageNamespace, "msg");
  xml::DeclareNs(root, "http://www.w3.org/2001/XMLSchema", "xs");
  xml::DeclareNs(root, "http://www.w3.org/2001/XMLSchema-instance", "xsi");
  xmlNode* head = xml::Child(root, "Header", msg);
  xml::TextChild(head, "Format", kEnterpriseDataNamespace);
  xml::TextChild(head, "CreationDate", creation_time);
  xmlNode* confirmation = xml::Child(head, "Confirmation");
  xml::TextChild(confirmation, "ExchangePlan", header.exchange_plan);
  xml::TextChild(confirmation, "To", header.to);
  xml::TextChild(confirmation, "From", header.from);
  xml::TextChild(confirmation, "MessageNo", std::to_string(header.message_no));
  xml::TextChild(confirmation, "ReceivedNo", std::to_string(header.received_no));
  xml::TextChild(head, "AvailableVersion", kEnterpriseDataVersion);
  xmlNode* body = xmlNewChild(root, nullptr, reinterpret_cast<const xmlChar*>("Body"), nullptr);
  xmlNs* data = xml::DeclareNs(body, kEnterpriseDataNamespace, "");
  xmlSetNs(body, data);
  for (const std::string& object : objects) {
    // Our own bytes, from ObjectsOfIssued and ObjectsOfAnnulled.
    xml::Doc fragment = xml::ParseUntrusted(object, kMaxExchangeMessageBytes);
    xmlNode* copy = xmlDocCopyNode(xmlDocGetRootElement(fragment.get()), doc.get(), 1);
    xmlAddChild(body, copy);
    IntoNamespace(copy, data);
  }
  return xml::Dump(doc.get());
}

std::string MessageFileName(std::string_view from, std::string_view to) {
  return "Message_" + std::string(from) + "_" + std::string(to) + ".xml";
}

InboundMessage ParseMessage(std::string_view bytes, std::string_view node, std::string_view peer) {
  if (IsZip(bytes)) {
    if (bytes.size() > kMaxExchangeMessageBytes) {
      throw ExchangeMessageError("not an exchange message: larger than " +
                                 std::to_string(kMaxExchangeMessageBytes) + " bytes");
    }
    return ParseMessage(Unzip(bytes), node, peer);
  }
  xml::Doc doc;
  try {
    doc = xml::ParseUntrusted(bytes, kMaxExchangeMessageBytes);
  } catch (const xml::XmlError& e) {
    throw ExchangeMessageError(std::string("not an exchange message: ") + e.what());
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (xml::Name(root) != "Message") {
    throw ExchangeMessageError("the root element is " + std::string(xml::Name(root)) +
                               ", not Message");
  }
  const xmlNode* head = xml::Find(root, "Header");
  if (head == nullptr || xml::NamespaceOf(head) != kExchangeMessageNamespace) {
    throw ExchangeMessageError(std::string("no Header in the namespace ") +
                               kExchangeMessageNamespace);
  }
  const std::string format = Trimmed(xml::Text(xml::Find(head, "Format")));
  if (format != kEnterpriseDataNamespace) {
    throw ExchangeMessageError("the message's Format is \"" + format + "\", not " +
                               kEnterpriseDataNamespace + " (set the exchange to EnterpriseData " +
                               kEnterpriseDataVersion + ")");
  }
  const xmlNode* confirmation = xml::Find(head, "Confirmation");
  if (confirmation == nullptr) {
    throw ExchangeMessageError("no Header/Confirmation");
  }
  InboundMessage message;
  message.header.exchange_plan = Trimmed(xml::Text(xml::Find(confirmation, "ExchangePlan")));
  message.header.from = Trimmed(xml::Text(xml::Find(confirmation, "From")));
  message.header.to = Trimmed(xml::Text(xml::Find(confirmation, "To")));
  if (message.header.exchange_plan != kExchangePlan) {
    throw ExchangeMessageError("the exchange plan is \"" + message.header.exchange_plan +
                               "\", not " + kExchangePlan);
  }
  if (message.header.from != peer || message.header.to != node) {
    throw ExchangeMessageError("the message is from \"" + message.header.from + "\" to \"" +
                               message.header.to + "\"; this exchange takes messages from \"" +
                               std::string(peer) + "\" to \"" + std::string(node) + "\"");
  }
  message.header.message_no = Integer(confirmation, "MessageNo", 1);
  message.header.received_no = Integer(confirmation, "ReceivedNo", 0);
  const xmlNode* body = xml::Find(root, "Body");
  if (body != nullptr && xml::NamespaceOf(body) != kEnterpriseDataNamespace) {
    throw ExchangeMessageError("the Body is in the namespace \"" +
                               std::string(xml::NamespaceOf(body)) + "\", not " +
                               kEnterpriseDataNamespace);
  }
  int index = 0;
  int cost_index = 0;
  for (const xmlNode* object : xml::Elements(body)) {
    const bool ours = xml::NamespaceOf(object) == kEnterpriseDataNamespace;
    if (ours && xml::Name(object) == kIncomingPayment) {
      message.payments.push_back(ReadPayment(object, ++index));
    } else if (ours && xml::Name(object) == kCostDocumentType) {
      message.cost_documents.push_back(ReadCostDocument(object, ++cost_index));
    } else if (ours && xml::Name(object) == kDeletion && !DeletedCostDocument(object).empty()) {
      message.deleted_cost_documents.push_back(DeletedCostDocument(object));
    } else {
      ++message.other_objects;
    }
  }
  return message;
}

BankStatement StatementOf(const InboundMessage& message) {
  BankStatement statement;
  statement.version = std::string("EnterpriseData ") + kEnterpriseDataVersion;
  statement.sender = message.header.from;
  statement.receiver = message.header.to;
  std::set<std::string> accounts;
  int line = 0;
  for (const InboundPayment& p : message.payments) {
    StatementDocument d;
    d.line = ++line;
    d.kind = kIncomingPayment;
    d.number = p.number;
    d.date = p.date;
    d.amount_kopecks = p.amount_kopecks;
    d.payer_account = p.payer_account;
    d.payer_inn = p.payer_inn;
    d.payer_kpp = p.payer_kpp;
    d.payer_name = p.payer_name;
    d.payee_account = p.payee_account;
    d.credited_date = p.date;
    d.purpose = p.purpose;
    d.incoming = true;
    d.fields_json =
        nlohmann::json::array({{"Ссылка", p.ref},
                               {"Номер", p.number},
                               {"Дата", p.date},
                               {"СуммаДокумента", common::ru::RoublesDecimal(p.amount_kopecks)},
                               {"ИНН", p.payer_inn},
                               {"КПП", p.payer_kpp},
                               {"НазначениеПлатежа", p.purpose}})
            .dump();
    if (!p.payee_account.empty()) {
      accounts.insert(p.payee_account);
    }
    if (statement.start_date.empty() || p.date < statement.start_date) {
      statement.start_date = p.date;
    }
    if (statement.end_date.empty() || p.date > statement.end_date) {
      statement.end_date = p.date;
    }
    statement.documents.push_back(std::move(d));
  }
  statement.accounts.assign(accounts.begin(), accounts.end());
  return statement;
}

}  // namespace crm::accounting::domain
