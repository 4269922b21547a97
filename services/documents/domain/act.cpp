#include "services/documents/domain/act.h"

#include "common/api/date.h"
#include "common/ru/money.h"

namespace crm::documents {

std::string ActFileName(std::string_view number) { return "act-" + std::string(number) + ".pdf"; }

DocumentDraft ComposeAct(const events::v1::DocumentIssued& invoice, const v1::Issuer& issuer,
                         std::chrono::year_month_day issue_date, int64_t sequence,
                         const std::string& document_name) {
  const std::string number = FormatDocumentNumber(static_cast<int>(issue_date.year()), sequence);
  DocumentDraft draft;
  events::v1::DocumentIssued& act = draft.issued;
  act = invoice;
  act.set_document(document_name);
  act.set_type(kActType);
  act.set_number(number);
  act.set_sequence_number(sequence);
  *act.mutable_issue_date() = common::api::ProtoDate(issue_date);
  act.set_file_name(ActFileName(number));
  act.clear_sha256();
  act.clear_replaces();
  act.clear_payment_due_date();  // an act is not paid: its invoice is

  DocumentView& view = draft.view;
  view.title = "Акт об оказании услуг";
  view.number = number;
  view.issue_date = FormatDateRu(issue_date);
  view.supplier_label = "Исполнитель:";
  view.buyer_label = "Заказчик:";
  view.bank_block = false;
  view.supplier = PartyOf(act.issuer());
  view.buyer = PartyOf(act.client());
  view.lines = LineViews(act);
  view.net_total = common::ru::FormatRubles(act.net_amount().minor_units());
  view.vat_label = VatLabel(act.vat_rate_bp());
  view.vat_amount = common::ru::FormatRubles(act.vat_amount().minor_units());
  view.total = common::ru::FormatRubles(act.total_amount().minor_units());
  view.total_label = "Всего (с учётом НДС):";
  view.count_label = "Всего оказано услуг";
  view.total_in_words = act.total_in_words();
  view.statement =
      "Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по объёму, "
      "качеству и срокам оказания услуг не имеет.";
  view.signatures = {{"Исполнитель", issuer.director()}, {"Заказчик", ""}};
  view.stamp_places = true;
  return draft;
}

}  // namespace crm::documents
