#pragma once

#include <string>
#include <vector>

// One layout for every document kind a sale produces: requisites, title, the two parties, the
// table of lines (continued on further pages under a repeated header), totals, the amount in
// words, the kind's own statement, signatures. What differs between kinds is data in the view:
// the title, the parties' labels, whether the bank requisites and the payment QR code are
// printed, the statement and who signs.
namespace crm::documents {

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
  std::string number;                    // "2026-000017"
  std::string issue_date;                // "26.11.2026"
  std::string supplier_label = "Поставщик:";
  std::string buyer_label = "Покупатель:";
  // The supplier's bank requisites as the grid above the title (invoices: where to pay).
  bool bank_block = true;
  DocumentParty supplier;
  DocumentBank supplier_bank;
  DocumentParty buyer;
  std::vector<DocumentLineView> lines;
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
  // The ГОСТ Р 56042-2014 payment payload (common::ru::PaymentQrPayload), printed as a QR code
  // beside the title and the parties; no QR code when empty.
  std::string payment_qr;
};

// Renders the document as an A4 portrait PDF in the usual Russian form and returns the PDF
// bytes. The table continues onto further pages when the lines do not fit, under its header.
// Safe to call concurrently from several threads. Throws std::runtime_error if cairo fails and
// std::invalid_argument if `payment_qr` does not fit in a QR code.
std::string RenderDocumentPdf(const DocumentView& view);

}  // namespace crm::documents
