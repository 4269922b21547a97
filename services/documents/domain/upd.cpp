#include "services/documents/domain/upd.h"

#include <stdexcept>
#include <utility>
#include <vector>

#include "common/api/date.h"
#include "common/ru/money.h"
#include "services/documents/domain/vat_form.h"
#include "services/documents/domain/vat_invoice.h"

namespace crm::documents {
namespace {

constexpr char kFormNote[] =
    "Приложение № 1 к письму ФНС России от 21.10.2013 № ММВ-20-3/96@ (счёт-фактура по форме "
    "приложения № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. "
    "№ 1137 в редакции постановления от 2 апреля 2021 г. № 534)";
// Where the other side writes by hand.
constexpr char kBlank[] = "________________";
// The header lines a УПД with status 2, a transfer document only, leaves dashed: those only a
// VAT invoice needs.
constexpr std::string_view kVatInvoiceOnlyLines[] = {"(1а)", "(2б)", "(5)", "(5а)", "(6б)", "(8)"};

// "Генеральный директор ________________ Волков А. В.": a position, the signature's place, the
// name.
std::string SignedBy(const std::string& position, const std::string& name) {
  return (position.empty() ? std::string("Руководитель") : position) + " " + kBlank + " " +
         (name.empty() ? std::string(kBlank) : name);
}

std::string EntityLine(const std::string& legal_name, const std::string& inn,
                       const std::string& kpp) {
  return legal_name + ", ИНН/КПП " + inn + "/" + (kpp.empty() ? std::string(kFormDash) : kpp);
}

}  // namespace

std::string FormatUpdNumber(int year, int64_t sequence) {
  return "У-" + FormatDocumentNumber(year, sequence);
}

std::string UpdFileName(int year, int64_t sequence) {
  return "upd-" + FormatDocumentNumber(year, sequence) + ".pdf";
}

DocumentDraft ComposeUpd(const events::v1::DocumentIssued& invoice, const v1::Issuer& issuer,
                         const UpdBasis& basis, std::chrono::year_month_day issue_date,
                         int64_t sequence, const std::string& document_name) {
  if (basis.status != 1 && basis.status != 2) {
    throw std::invalid_argument("a УПД has status 1 or 2, not " + std::to_string(basis.status));
  }
  const int year = static_cast<int>(issue_date.year());
  const std::string number = FormatUpdNumber(year, sequence);
  DocumentDraft draft;
  draft.issued =
      DocumentFromInvoice(invoice, kUpdType, number, sequence, issue_date, document_name);
  events::v1::DocumentIssued& issued = draft.issued;
  issued.set_file_name(UpdFileName(year, sequence));

  const std::string date = FormatDateRu(issue_date);
  draft.view = VatFormView(issued, issuer, std::string(kFormDash) + " от " + kFormDash,
                           ShipmentDocumentLine(issued, number, date));
  DocumentView& view = draft.view;
  view.form_note = kFormNote;
  view.left_box = {"Универсальный передаточный документ", "Статус: " + std::to_string(basis.status),
                   "1 — счёт-фактура и передаточный документ (акт)",
                   "2 — передаточный документ (акт)"};
  if (basis.status == 2) {
    for (FormLineView& line : view.form_lines) {
      for (const std::string_view code : kVatInvoiceOnlyLines) {
        if (line.code == code) {
          line.value = kFormDash;
        }
      }
    }
  }

  // Column А, the code of the goods or services, before the VAT invoice's columns: services
  // have none.
  view.columns.insert(view.columns.begin(),
                      {"Код товара/ работ, услуг", "", "А", 30, TextAlign::kCenter});
  view.rows = VatFormRows(issued);
  for (std::vector<std::string>& row : view.rows) {
    row.insert(row.begin(), kFormDash);
  }
  view.total_row =
      VatFormTotalRow(common::ru::FormatRubles(issued.net_amount().minor_units()),
                      common::ru::FormatRubles(issued.vat_amount().minor_units()),
                      common::ru::FormatRubles(issued.total_amount().minor_units()), 1);

  // The transfer part: the seller's side [8]–[14], then the buyer's [15]–[19], which the buyer
  // fills in by hand.
  const events::v1::IssuerSnapshot& seller = issued.issuer();
  const events::v1::ClientSnapshot& buyer = issued.client();
  const std::string director = SignedBy(issuer.director_position(), issuer.director());
  view.closing_lines = {
      {"Основание передачи (сдачи) / получения (приёмки):",
       "участие в выставке «" + issued.edition_display_name() + "», счёт на оплату № " +
           basis.invoice_number + " от " + FormatDateRu(basis.invoice_date),
       "[8]"},
      {"Данные о транспортировке и грузе:", kFormDash, "[9]"},
      {"Товар (груз) передал / услуги, результаты работ, права сдал:", director, "[10]"},
      {"Дата отгрузки, передачи (сдачи):", FormatDateRu(basis.rendered_date), "[11]"},
      {"Иные сведения об отгрузке, передаче:", kFormDash, "[12]"},
      {"Ответственный за правильность оформления факта хозяйственной жизни:", director, "[13]"},
      {"Наименование экономического субъекта — составителя документа:",
       EntityLine(seller.legal_name(), seller.inn(), seller.kpp()), "[14]"},
      {"Товар (груз) получил / услуги, результаты работ, права принял:",
       std::string(kBlank) + " (должность) " + kBlank + " (подпись) " + kBlank + " (ф.и.о.)",
       "[15]"},
      {"Дата получения (приёмки):", "«___» ____________ 20__ г.", "[16]"},
      {"Иные сведения о получении, приёмке:", kBlank, "[17]"},
      {"Ответственный за правильность оформления факта хозяйственной жизни:",
       std::string(kBlank) + " (должность) " + kBlank + " (подпись) " + kBlank + " (ф.и.о.)",
       "[18]"},
      {"Наименование экономического субъекта — составителя документа:",
       EntityLine(buyer.legal_name(), buyer.inn(), buyer.kpp()), "[19]"},
  };
  return draft;
}

std::string FormatUkdNumber(int year, int64_t sequence) {
  return "УК-" + FormatDocumentNumber(year, sequence);
}

DocumentDraft ComposeUkd(const events::v1::DocumentIssued& upd,
                         const events::v1::DocumentIssued& before,
                         const events::v1::DocumentIssued& after, const v1::Issuer& issuer,
                         int status, std::chrono::year_month_day issue_date, int64_t sequence,
                         const std::string& document_name) {
  if (status != 1 && status != 2) {
    throw std::invalid_argument("a УКД's status is 1 or 2");
  }
  DocumentDraft draft =
      ComposeCorrectiveVatInvoice(upd, before, after, issuer, issue_date, sequence, document_name);
  const int year = static_cast<int>(issue_date.year());
  const std::string number = FormatUkdNumber(year, sequence);
  events::v1::DocumentIssued& issued = draft.issued;
  issued.set_type(kUkdType);
  issued.set_number(number);
  issued.set_file_name("ukd-" + FormatDocumentNumber(year, sequence) + ".pdf");

  DocumentView& view = draft.view;
  view.number = number;
  view.left_box = {"Универсальный корректировочный документ", "Статус: " + std::to_string(status),
                   "1 — корректировочный счёт-фактура и документ об изменении стоимости",
                   "2 — документ об изменении стоимости"};
  if (status == 1) {
    view.form_lines.front().label = "к счёту-фактуре (передаточному документу) №";
  } else {
    // The transfer document only: it names the УПД it corrects, and what only a corrective VAT
    // invoice carries is dashed.
    view.form_lines.front().label = "к передаточному документу №";
    for (FormLineView& line : view.form_lines) {
      if (line.code == "(1б)" || line.code == "(5)") {
        line.value = kFormDash;
      }
    }
  }
  const events::v1::IssuerSnapshot& seller = issued.issuer();
  const events::v1::ClientSnapshot& buyer = issued.client();
  const std::string hand =
      std::string(kBlank) + " (должность) " + kBlank + " (подпись) " + kBlank + " (ф.и.о.)";
  view.closing_lines = {
      {"Основание для корректировки:",
       "изменение условий участия в выставке «" + issued.edition_display_name() +
           "», согласованное сторонами",
       "[8]"},
      {"Дата направления уведомления об изменении стоимости:", FormatDateRu(issue_date), "[9]"},
      {"Ответственный за правильность оформления факта хозяйственной жизни:",
       SignedBy(issuer.director_position(), issuer.director()), "[10]"},
      {"Наименование экономического субъекта — составителя документа:",
       EntityLine(seller.legal_name(), seller.inn(), seller.kpp()), "[11]"},
      {"Основание для корректировки (согласие покупателя):", kBlank, "[12]"},
      {"Дата получения уведомления об изменении стоимости:", "«___» ____________ 20__ г.", "[13]"},
      {"Ответственный за правильность оформления факта хозяйственной жизни:", hand, "[14]"},
      {"Наименование экономического субъекта — составителя документа:",
       EntityLine(buyer.legal_name(), buyer.inn(), buyer.kpp()), "[15]"},
  };
  return draft;
}

}  // namespace crm::documents
