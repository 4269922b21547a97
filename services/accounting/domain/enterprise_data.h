#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "crm/events/v1/documents_document_events.pb.h"
#include "services/accounting/domain/bank_statement.h"

// 1C's universal exchange format, EnterpriseData 1.8 (docs/accounting-enterprise-data.md): the
// objects the CRM's documents become in 1C, the message envelope that carries them with its
// numbering and confirmation, and the reading of 1C's messages back (confirmations and incoming
// payments). Pure: events and bytes in, XML and values out.
namespace crm::accounting::domain {

inline constexpr char kEnterpriseDataVersion[] = "1.8";
inline constexpr char kEnterpriseDataNamespace[] =
    "http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.8";
// The envelope's namespace (1C's standard subsystems library, data exchange).
inline constexpr char kExchangeMessageNamespace[] = "http://www.1c.ru/SSL/Exchange/Message";
// The exchange plan of "data synchronisation via the universal format" in 1C:Бухгалтерия 3.0.
inline constexpr char kExchangePlan[] = "СинхронизацияДанныхЧерезУниверсальныйФормат";
// A larger message from 1C is refused unread.
inline constexpr std::size_t kMaxExchangeMessageBytes = std::size_t{32} * 1024 * 1024;

// The GUID (Ссылка) 1C keeps an object under, derived from the CRM resource it comes from
// ("clients/{id}", "documents/{id}", ...): UUID v5 in the CRM's own namespace, so every export
// of the same resource names the same 1C object.
std::string ObjectRef(std::string_view resource);

// One object of a message's Body, as it stands now.
struct ExchangeObject {
  std::string ref;  // Ссылка (lower-case UUID)
  std::string type;  // "Справочник.Контрагенты", ..., or "УдалениеОбъекта"
  std::string source;  // the CRM resource it was derived from
  // Catalogs are sent before the documents that reference them, deletions last.
  int priority = 0;
  // A reference-only object (the contract an invoice names before the contract itself is
  // issued): sent only if the object is not queued already, never overwriting it.
  bool weak = false;
  std::string xml;  // the element, UTF-8, without namespace (BuildMessage puts it into the Body's)
};

// What 1C gets for a document the CRM issued: its counterparty with the counterparty's bank
// accounts (`event.client().bank_accounts`), the organisation's bank account,
// the sale's contract, and the document itself (СчетНаОплатуПокупателю for an invoice,
// РеализацияТоваровУслуг for an act or УПД, СчетФактураВыданный for a VAT invoice; a contract
// updates the Договоры element). When it replaces an earlier one, that one's deletion too. Throws
// common::ValidationError for an event a package cannot be built from (ValidateDocumentIssued);
// empty for kinds not booked in 1C.
std::vector<ExchangeObject> ObjectsOfIssued(const crm::events::v1::DocumentIssued& event);

// The CRM resource a client's bank account is derived from, "clients/{id}/bankAccounts/{account}"
// (its GUID is ObjectRef of it, like the organisation's own accounts).
std::string ClientBankAccountSource(std::string_view client, std::string_view account);

// A counterparty's bank accounts as Справочник.БанковскиеСчета, one object each in the order of
// `client.bank_accounts`, each owned (Владелец) by the counterparty `client` and naming its bank
// by БИК.
std::vector<ExchangeObject> CounterpartyBankAccounts(const crm::events::v1::ClientSnapshot& client);

// The deletion (УдалениеОбъекта) of a client's bank account that is no longer the client's.
ExchangeObject BankAccountDeletion(std::string_view client, std::string_view account);

// The deletion (УдалениеОбъекта, a deletion mark in 1C) of an annulled document.
std::vector<ExchangeObject> ObjectsOfAnnulled(const crm::events::v1::DocumentAnnulled& event);

// The 1C object type of a document type ("INVOICE" -> "Документ.СчетНаОплатуПокупателю"), ""
// when it is not booked in 1C.
std::string_view DocumentObjectType(std::string_view document_type);

struct MessageHeader {
  std::string exchange_plan = kExchangePlan;
  std::string from;  // the sender's node code
  std::string to;    // the receiver's node code
  int64_t message_no = 0;
  int64_t received_no = 0;
};

// A whole message: the envelope with `header`, CreationDate `creation_time`
// ("2026-12-06T14:00:00"), and `objects` (ExchangeObject::xml) in its Body, in order. UTF-8.
std::string BuildMessage(const MessageHeader& header, std::string_view creation_time,
                         const std::vector<std::string>& objects);

// Message_<from>_<to>.xml, the name 1C's exchange through a directory reads and writes.
std::string MessageFileName(std::string_view from, std::string_view to);

// An incoming payment from 1C (Документ.ПоступлениеБезналичныхДенежныхСредств).
struct InboundPayment {
  std::string ref;     // its Ссылка in 1C
  std::string number;  // the payer's payment order number (НомерВходящегоДокумента, else Номер)
  std::string date;  // ISO, of that payment order (ДатаВходящегоДокумента, else Дата)
  int64_t amount_kopecks = 0;
  std::string payer_inn;
  std::string payer_kpp;
  std::string payer_name;
  std::string payer_account;  // БанковскийСчетКонтрагента
  std::string payee_account;  // БанковскийСчетОрганизации
  std::string purpose;        // НазначениеПлатежа
};

// 1C's object type of an organiser's costs: a supplier's services booked as received.
inline constexpr char kCostDocumentType[] = "Документ.ПоступлениеТоваровУслуг";

// A line of a cost document's Услуги (docs/accounting-enterprise-data.md, "Costs from 1C").
struct InboundCostLine {
  int line = 0;      // its place in Услуги, from 1
  std::string item;  // СтатьяЗатрат/Наименование: 1C's cost item; "" when none
  std::string description;  // Содержание, else the Номенклатура's Наименование
  int64_t net_kopecks = 0;  // Сумма without its СуммаНДС when the document's amounts include VAT
};

// A supplier's document from 1C (kCostDocumentType) as budget costs.
struct InboundCostDocument {
  std::string ref;     // Ссылка
  std::string number;  // Номер
  std::string date;    // ISO day of Дата: the costs' month
  std::string division;  // Подразделение/Наименование: the edition it is for, by display name
  std::string supplier;  // Контрагент/Наименование
  std::vector<InboundCostLine> lines;
};

struct InboundMessage {
  MessageHeader header;
  std::vector<InboundPayment> payments;
  std::vector<InboundCostDocument> cost_documents;
  // The Ссылка of every cost document 1C deleted (УдалениеОбъекта naming a kCostDocumentType).
  std::vector<std::string> deleted_cost_documents;
  int other_objects = 0;  // Body objects the CRM does not take (counted, not read)
};

// At most this many Услуги lines in a cost document.
inline constexpr std::size_t kMaxCostLines = 1000;

// The message is not one the CRM can take; nothing of it may be applied.
class ExchangeMessageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads 1C's message, XML or zipped (a zip of exactly one .xml file, as 1C compresses its
// messages; inflated a block at a time and never past kMaxExchangeMessageBytes, so a zip bomb is
// refused). Throws ExchangeMessageError for anything else: more than kMaxExchangeMessageBytes
// (zipped or not), a damaged zip, not well-formed XML, a DOCTYPE (entities), a root other than
// Message in the envelope's namespace, a Format or Body namespace other than
// kEnterpriseDataNamespace, another exchange plan, a From other than `peer` or a To other than
// `node`, a MessageNo that is not a positive integer or a ReceivedNo that is not a non-negative
// one, an incoming payment without its number, date, amount, payer INN or payer account, and a
// cost document without its Ссылка (a UUID) or a date of 2000-2100, with more than kMaxCostLines
// lines, a line amount or VAT that is not an amount (or VAT above the amount) or a text over 500
// bytes.
InboundMessage ParseMessage(std::string_view bytes, std::string_view node, std::string_view peer);

// The payments of `message` as a bank statement's documents, all incoming, so that the import of
// bank statements stores and matches them (its payment order key makes a payment that came in a
// statement and from 1C one payment).
BankStatement StatementOf(const InboundMessage& message);

}  // namespace crm::accounting::domain
