#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "crm/documents/v1/documents.pb.h"
#include "crm/events/v1/documents_document_events.pb.h"

// The electronic twin of a VAT invoice (or УПД): the tax service's XML exchange file "Формат
// счета-фактуры, формат документа об отгрузке товаров (выполнении работ), передаче имущественных
// прав (документа об оказании услуг), включающего в себя счет-фактуру…", version 5.03 (order of
// the ФНС of 19.12.2023 № ЕА-7-26/970@), КНД 1115131, written in windows-1251 with libxml2.
// docs/edo-xml.md maps our fields to its elements. Pure: no I/O.
namespace crm::documents {

// Документ/@Функция: what the file is.
enum class EdoFunction {
  kSchf,     // "СЧФ": a VAT invoice alone
  kSchfDop,  // "СЧФДОП": a VAT invoice and the document of shipment (УПД status 1)
  kDop,      // "ДОП": the document of shipment alone (УПД status 2)
};

// "СЧФ", "СЧФДОП", "ДОП".
std::string_view EdoFunctionCode(EdoFunction function);

// One kind of stored document that has an EDO twin: its type as stored (DocumentIssued.type),
// the УПД status it applies to (0: any, for kinds without one) and the function its file has.
struct EdoKind {
  std::string_view doc_type;
  int status = 0;
  EdoFunction function = EdoFunction::kSchf;
};
// The one table of which documents have an EDO twin; a new kind (the УПД) joins by its rows.
std::span<const EdoKind> EdoKinds();
// The function of a stored document of `doc_type` (and УПД `status`), or nullopt when that kind
// has no EDO twin.
std::optional<EdoFunction> EdoFunctionOf(std::string_view doc_type, int status = 0);

// ИдУчастЭДО, the participant's id at its EDO operator: the operator's 3-character id (ИдЭДО:
// digits and capital Latin letters, e.g. "2BE") and 1 to 43 more Latin letters, digits or '-',
// 4 to 46 characters in all. Why `id` is not one, or nullopt.
std::optional<std::string> EdoParticipantIdProblem(std::string_view id);

// A document the file names: the act the VAT invoice was issued with (ДокПодтвОтгрНом, line 5а)
// or the basis of the transfer (ОснПер).
struct EdoDocumentRef {
  std::string name;    // "Акт об оказании услуг", "Счёт на оплату"
  std::string number;  // as printed
  std::chrono::year_month_day date;
};

// Everything one file is made from.
struct EdoInput {
  events::v1::DocumentIssued document;  // the DocumentIssued snapshot of the VAT invoice or УПД
  EdoFunction function = EdoFunction::kSchf;
  v1::Issuer issuer;                        // the issuer's record now: its director signs
  std::string sender_id;                    // the issuer's ИдУчастЭДО
  std::string recipient_id;                 // the buyer's ИдУчастЭДО
  std::string file_guid;                    // the file's GUID (36 characters), unique per file
  std::chrono::year_month_day formed_date;  // when the file is formed, local time
  std::chrono::seconds formed_time{0};      // since local midnight
  std::string program_version;              // ВерсПрог, e.g. "Expo CRM documents"
  std::optional<EdoDocumentRef> shipment;   // ДокПодтвОтгрНом, for СЧФ
  std::optional<EdoDocumentRef> basis;      // ОснПер, for СЧФДОП and ДОП
};

struct EdoFile {
  std::string file_id;    // ИдФайл: the file name without ".xml"
  std::string file_name;  // "ON_NSCHFDOPPR_….xml"
  std::string content;    // the XML, windows-1251
};

inline constexpr char kEdoContentType[] = "application/xml";

// The file name without extension, ИдФайл: "ON_NSCHFDOPPR_<recipient>_<sender>_<YYYYMMDD>_<GUID>"
// followed by the parts 5.03 adds after the GUID, zeros for a file that is one whole document
// ("_0_0_0_0_0_00", see docs/edo-xml.md).
std::string EdoFileId(std::string_view recipient_id, std::string_view sender_id,
                      std::chrono::year_month_day formed_date, std::string_view guid);

// The exchange file. Throws common::PreconditionError when the document lacks what the format
// requires (the buyer's INN, the issuer's director to sign) and std::invalid_argument for input
// the caller should have validated (the ids, the GUID).
EdoFile BuildEdoXml(const EdoInput& input);

}  // namespace crm::documents
