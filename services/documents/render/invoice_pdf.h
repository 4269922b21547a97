#pragma once

#include <string>
#include <vector>

namespace crm::documents {

// Everything the invoice renderer prints. All strings are UTF-8 and already formatted by the
// caller (amounts, dates, units), so the renderer does no arithmetic and no locale work.
struct InvoiceParty {
  std::string legal_name, inn, kpp, address;
};

struct InvoiceBank {
  std::string bank_name, bik, settlement_account, correspondent_account;
};

struct InvoiceLine {
  std::string description, quantity, unit, price, amount;
};

struct InvoiceView {
  std::string number;      // "2026-000017"
  std::string issue_date;  // "26.11.2026"
  InvoiceParty supplier;
  InvoiceBank supplier_bank;
  InvoiceParty buyer;
  std::vector<InvoiceLine> lines;
  std::string net_total, vat_label /* "НДС 22%" */, vat_amount, total;
  std::string total_in_words;  // "Сто двадцать две тысячи рублей 00 копеек"
  std::string director, chief_accountant;
  std::string payment_terms;  // e.g. "Оплатить не позднее 10.12.2026"; omitted when empty
  // The ГОСТ Р 56042-2014 payment payload (common::ru::PaymentQrPayload), printed as a QR code
  // beside the title and the parties; no QR code when empty.
  std::string payment_qr;
};

// Renders the invoice as an A4 portrait PDF in the usual Russian "счёт на оплату" form and
// returns the PDF bytes. The table continues onto further pages when the lines do not fit.
// Safe to call concurrently from several threads. Throws std::runtime_error if cairo fails and
// std::invalid_argument if `payment_qr` does not fit in a QR code.
std::string RenderInvoicePdf(const InvoiceView& view);

}  // namespace crm::documents
