#pragma once

#include <cstddef>
#include <string>
#include <vector>

// One layout for every document kind a sale produces: requisites, title, the two parties, the
// table of lines (continued on further pages under a repeated header), totals, the amount in
// words, the kind's own statement, signatures. What differs between kinds is data in the view:
// the title, the parties' labels, whether the bank requisites and the payment QR code are
// printed, the statement and who signs.
namespace crm::documents {

enum class TextAlign { kLeft, kCenter, kRight };
enum class PageOrientation { kPortrait, kLandscape };

// A column of the table as a statutory form defines it. A view without columns prints the
// invoice's six (№, name, quantity, unit, price, amount) and numbers its lines itself.
struct TableColumn {
  std::string header;  // "Налоговая ставка"
  // A heading over adjacent columns that share it ("Единица измерения" over "код" and
  // "условное обозначение"); '' for a column whose header spans both header rows.
  std::string group;
  // The column's number in the form ("1а"); when any column has one, a row of them is printed
  // under the header (and repeated with it on every page).
  std::string number;
  double width = 0;  // points; 0: what the other columns leave (at most one such column)
  TextAlign align = TextAlign::kLeft;
};

// A numbered line of a form's header: "<label> <value> (<code>)", the value underlined, e.g.
// "Продавец: ООО «Экспо-Волга» (2)".
struct FormLineView {
  std::string label, value, code;
};

// The table's closing row: `label` across the first `label_span` columns, then one cell per
// remaining column ("Всего к оплате (9)" | — | X | … ).
struct TableTotalView {
  std::string label;
  std::size_t label_span = 0;
  std::vector<std::string> cells;
};

// Everything the renderer prints. All strings are UTF-8 and already formatted by the caller
// (amounts, dates, units), so the renderer does no arithmetic and no locale work.
struct DocumentParty {
  std::string legal_name, inn, kpp, address;
};

struct DocumentBank {
  std::string bank_name, bik, settlement_account, correspondent_account;
};

struct DocumentLineView {
  std::string description, quantity, unit, price, amount;
};

// A signature place: "Руководитель ______ Волков А. В."; `name` may be empty (the other side
// writes it by hand).
struct SignatureView {
  std::string role, name;
};

struct DocumentView {
  std::string title = "Счёт на оплату";  // printed as "<title> № <number> от <issue_date>"
  std::string number;                    // "2026-000017"; empty for a draft (not numbered)
  // A draft's mark ("ПРОЕКТ"), printed large across every page; empty for an issued document.
  std::string draft_mark;
  std::string issue_date;  // "26.11.2026"
  std::string supplier_label = "Поставщик:";
  std::string buyer_label = "Покупатель:";
  // The supplier's bank requisites as the grid above the title (invoices: where to pay).
  bool bank_block = true;
  DocumentParty supplier;
  DocumentBank supplier_bank;
  DocumentParty buyer;
  // Paragraphs between the parties and the table, across the page (a contract's preamble and
  // clauses, a manual's sections), and the table's caption in bold above it; omitted when empty.
  std::vector<std::string> preamble;
  std::string table_caption;
  std::vector<DocumentLineView> lines;
  // The totals under the table ("Итого", the VAT, `total_label`); left out when `net_total` is
  // empty, as are the count line without `count_label` and the words without `total_in_words`.
  std::string net_total, vat_label /* "НДС 22%" */, vat_amount, total;
  std::string total_label = "Всего к оплате:";
  std::string count_label = "Всего наименований";  // "<count_label> 3, на сумму … руб."
  std::string total_in_words;  // "Сто двадцать две тысячи рублей 00 копеек"
  std::string payment_terms;  // e.g. "Оплатить не позднее 10.12.2026"; omitted when empty
  // The kind's statement after the amounts (an act: the services were rendered in full and on
  // time); omitted when empty.
  std::string statement;
  // Side by side, left to right. An empty list prints the invoice's pair: the director and the
  // chief accountant.
  std::vector<SignatureView> signatures;
  std::string director, chief_accountant;
  // "М.П." under each signature: where the stamp goes.
  bool stamp_places = false;
  // Statutory forms. `orientation` is the page's; `form_note` is printed small at the top right
  // of the first page ("Приложение № 1 к постановлению …"); `title_code` after the heading
  // ("(1)"). Non-empty `form_lines` are printed instead of the two parties.
  PageOrientation orientation = PageOrientation::kPortrait;
  std::string form_note;
  std::string title_code;
  std::vector<FormLineView> form_lines;
  // A form's own table: its columns and, instead of `lines`, the rows' cells (one per column,
  // already numbered by the caller), closed by `total_row` when its label is non-empty;
  // `table_text_size` in points (0: the default).
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;
  TableTotalView total_row;
  // Further closing rows after it (a corrective VAT invoice's increase and decrease).
  std::vector<TableTotalView> more_total_rows;
  double table_text_size = 0;
  // Lines after the signatures (a form's further signature places, notes).
  std::vector<std::string> after_signatures;
  // A form's framed box at the left of its heading and numbered lines, one string per line (a
  // УПД's "Статус"); the heading and the lines move right of it. No box when empty.
  std::vector<std::string> left_box;
  // A form's numbered lines after everything else, printed as `form_lines` are across the page
  // (a УПД's transfer part, "[8]" to "[19]").
  std::vector<FormLineView> closing_lines;
  // The ГОСТ Р 56042-2014 payment payload (common::ru::PaymentQrPayload), printed as a QR code
  // beside the title and the parties; no QR code when empty.
  std::string payment_qr;
};

// Renders the document as an A4 PDF (portrait unless the view asks for landscape) in the usual
// Russian form and returns the PDF bytes. The table continues onto further pages when the lines
// do not fit, under its header. Safe to call concurrently from several threads. Throws
// std::runtime_error if cairo fails and std::invalid_argument if `payment_qr` does not fit in a
// QR code, or a row's cells do not match the columns.
std::string RenderDocumentPdf(const DocumentView& view);

}  // namespace crm::documents
