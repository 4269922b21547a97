#pragma once

#include "services/documents/render/document_pdf.h"

namespace crm::documents {

// A typical invoice of a sale (stand space, registration fee, stand construction; VAT 22%; the
// payment QR code) with realistic requisites: what the renderer's tests and the rendering
// benchmark lay out.
inline DocumentView SampleInvoice() {
  DocumentView view;
  view.number = "2026-000017";
  view.issue_date = "26.11.2026";
  view.supplier = {"ООО «Экспо-Волга»", "6316123456", "631601001",
                   "443099, г. Самара, ул. Молодогвардейская, д. 10, офис 5"};
  view.supplier_bank = {"ПАО Сбербанк, Поволжский банк, г. Самара", "043601607",
                        "40702810854400012345", "30101810200000000607"};
  view.buyer = {"ООО «СтройМаш»", "7701234567", "770101001",
                "101000, г. Москва, ул. Мясницкая, д. 1"};
  view.lines = {
      {"Аренда выставочной площади (необорудованная), павильон 1, стенд A-12", "36", "м²",
       "2 000,00", "72 000,00"},
      {"Регистрационный сбор участника выставки «Волга-Строй 2026»", "1", "шт.", "8 000,00",
       "8 000,00"},
      {"Застройка стенда, стандартная комплектация", "1", "усл.", "20 000,00", "20 000,00"},
  };
  view.net_total = "100 000,00";
  view.vat_label = "НДС 22%";
  view.vat_amount = "22 000,00";
  view.total = "122 000,00";
  view.total_in_words = "Сто двадцать две тысячи рублей 00 копеек";
  view.director = "Волков А. В.";
  view.chief_accountant = "Соколова Е. Н.";
  view.payment_terms = "Оплатить не позднее 10.12.2026";
  view.payment_qr =
      "ST00012|Name=ООО «Экспо-Волга»|PersonalAcc=40702810854400012345|BankName=ПАО Сбербанк|"
      "BIC=043601607|CorrespAcc=30101810200000000607|Sum=12200000|Purpose=Оплата по счёту № "
      "2026-000017 от 26.11.2026. Сумма 122 000,00 руб., в т.ч. НДС 22% 22 000,00 руб.|"
      "PayeeINN=6316123456|KPP=631601001";
  return view;
}

}  // namespace crm::documents
