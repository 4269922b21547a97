#include "services/documents/domain/sale_package.h"

#include <algorithm>
#include <stdexcept>

#include "common/api/date.h"
#include "common/core/text.h"
#include "common/ru/declension.h"
#include "common/ru/money.h"
#include "common/ru/payment_qr.h"

namespace crm::documents {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Deadlines counted back from the edition's opening day, as the organiser's standard terms set
// them: the catalogue goes to print, the hall plan is approved, the power and extra equipment are
// ordered, the badges are printed; the stand is built up on the two days before opening.
constexpr int kCatalogueDaysBefore = 45;
constexpr int kStandDesignDaysBefore = 30;
constexpr int kServicesDaysBefore = 21;
constexpr int kBadgesDaysBefore = 14;
constexpr int kBuildUpDaysBefore = 2;

std::optional<year_month_day> DateOf(const google::type::Date& date, bool present) {
  if (!present || common::api::IsUnsetDate(date)) {
    return std::nullopt;
  }
  return common::api::CalendarDate(date);
}

year_month_day Plus(year_month_day date, int n) { return year_month_day{sys_days{date} + days{n}}; }

struct EditionDates {
  std::optional<year_month_day> start, end;
};

EditionDates DatesOf(const events::v1::SaleRecorded& sale) {
  return {DateOf(sale.edition().start_date(), sale.edition().has_start_date()),
          DateOf(sale.edition().end_date(), sale.edition().has_end_date())};
}

// "с 10.03.2027 по 13.03.2027, Экспоцентр «Волга»"; '' when nothing is known.
std::string WhenAndWhere(const events::v1::SaleRecorded& sale) {
  const EditionDates dates = DatesOf(sale);
  std::string text;
  if (dates.start && dates.end) {
    text = "с " + FormatDateRu(*dates.start) + " по " + FormatDateRu(*dates.end);
  } else if (dates.start) {
    text = "с " + FormatDateRu(*dates.start);
  }
  if (!sale.edition().venue().empty()) {
    text += (text.empty() ? "" : ", ") + sale.edition().venue();
  }
  return text;
}

std::string StandTypeRu(planning::v1::StandType type) {
  switch (type) {
    case planning::v1::STAND_TYPE_LINEAR:
      return "линейный (открыт с одной стороны)";
    case planning::v1::STAND_TYPE_CORNER:
      return "угловой (открыт с двух сторон)";
    case planning::v1::STAND_TYPE_PENINSULA:
      return "полуостров (открыт с трёх сторон)";
    case planning::v1::STAND_TYPE_ISLAND:
      return "остров (открыт со всех сторон)";
    case planning::v1::STAND_TYPE_OPEN_AREA:
      return "открытая площадка";
    default:
      return "";
  }
}

// "Стенд A-12, угловой (открыт с двух сторон), площадь 12,5 м²."
std::string StandSentence(const events::v1::SaleRecorded& sale) {
  std::string text = sale.stand_number().empty() ? "Стенд (номер будет назначен по плану зала)"
                                                 : "Стенд " + sale.stand_number();
  const std::string type = StandTypeRu(sale.stand_type());
  if (!type.empty()) {
    text += ", " + type;
  }
  return text + ", площадь " + common::ru::FormatAreaM2(sale.area_dm2()) + " " + kSquareMetreUnit +
         ".";
}

// "в лице генерального директора Волкова А. В., действующего на основании Устава": the
// position and the name in the genitive, the issuer's own forms before the rules'.
std::string SignatoryClause(const v1::Issuer& issuer) {
  std::string position = issuer.director_position_genitive();
  if (position.empty()) {
    position = common::ru::GenitivePosition(
        issuer.director_position().empty() ? "директор" : issuer.director_position());
  }
  const common::ru::PersonGender gender = common::ru::GenderOfName(issuer.director());
  const std::string name = issuer.director_genitive().empty()
                               ? common::ru::GenitiveName(issuer.director(), gender)
                               : issuer.director_genitive();
  const std::string basis = issuer.director_basis().empty() ? "Устава" : issuer.director_basis();
  return "в лице " + position + " " + name + ", " + common::ru::ActingParticiple(gender) +
         " на основании " + basis;
}

std::string Due(std::optional<year_month_day> due, year_month_day issue_date,
                const std::string& rule) {
  if (!due) {
    return rule;
  }
  if (*due < issue_date) {
    return "незамедлительно (срок " + FormatDateRu(*due) + " прошёл)";
  }
  return "не позднее " + FormatDateRu(*due);
}

std::optional<year_month_day> DaysBefore(const std::optional<year_month_day>& day, int n) {
  if (!day) {
    return std::nullopt;
  }
  return Plus(*day, -n);
}

std::string Rubles(const common::v1::Money& money) {
  return common::ru::FormatRubles(money.minor_units()) + " руб.";
}

// The document's event: the invoice's parties, lines and amounts under its own type, number and
// date; no payment due date (the invoice carries it). Sequence 0 is a draft: no number, the file
// "<kind>-draft.pdf", the page marked "ПРОЕКТ".
DocumentDraft Begin(std::string_view kind, const PackageBasis& basis, year_month_day issue_date,
                    int64_t sequence, const std::string& document_name) {
  const bool is_draft = sequence == 0;
  const std::string number =
      is_draft ? "" : FormatDocumentNumber(static_cast<int>(issue_date.year()), sequence);
  DocumentDraft draft;
  events::v1::DocumentIssued& issued = draft.issued;
  issued = *basis.invoice;
  issued.set_document(document_name);
  issued.set_type(std::string(kind));
  issued.set_number(number);
  issued.set_sequence_number(sequence);
  *issued.mutable_issue_date() = common::api::ProtoDate(issue_date);
  issued.set_file_name(PackageFileName(kind, is_draft ? "draft" : number));
  issued.clear_sha256();
  issued.clear_replaces();
  issued.clear_payment_due_date();

  DocumentView& view = draft.view;
  view.number = number;
  if (is_draft) {
    view.draft_mark = kDraftMark;
  }
  view.issue_date = FormatDateRu(issue_date);
  view.bank_block = false;
  view.supplier = PartyOf(issued.issuer());
  view.buyer = PartyOf(issued.client());
  return draft;
}

// The stand and services with the amounts, as the invoice lists them.
void MoneyTable(DocumentView& view, const events::v1::DocumentIssued& issued) {
  view.lines = LineViews(issued);
  view.net_total = common::ru::FormatRubles(issued.net_amount().minor_units());
  view.vat_label = VatLabel(issued.vat_rate_bp());
  view.vat_amount = common::ru::FormatRubles(issued.vat_amount().minor_units());
  view.total = common::ru::FormatRubles(issued.total_amount().minor_units());
  view.total_label = "Всего с НДС:";
  view.total_in_words = issued.total_in_words();
}

std::string InvoiceReference(const events::v1::DocumentIssued& invoice) {
  return "счёт № " + invoice.number() + " от " +
         FormatDateRu(common::api::CalendarDate(invoice.issue_date()).value_or(year_month_day{}));
}

std::string PaymentDue(const events::v1::DocumentIssued& invoice) {
  const std::optional<year_month_day> due =
      DateOf(invoice.payment_due_date(), invoice.has_payment_due_date());
  return due ? FormatDateRu(*due) : "";
}

DocumentDraft Application(const PackageBasis& basis, year_month_day issue_date, int64_t sequence,
                          const std::string& document_name) {
  const events::v1::SaleRecorded& sale = *basis.sale;
  DocumentDraft draft = Begin(kApplicationType, basis, issue_date, sequence, document_name);
  DocumentView& view = draft.view;
  view.title = "Заявка на участие в выставке";
  view.supplier_label = "Организатор:";
  view.buyer_label = "Участник:";
  const std::string when = WhenAndWhere(sale);
  view.preamble.push_back("Просим зарегистрировать " + sale.client().legal_name() +
                          " участником выставки «" + sale.edition().display_name() + "»" +
                          (when.empty() ? "" : " (" + when + ")") +
                          " и предоставить выставочную площадь и услуги, перечисленные ниже.");
  view.preamble.push_back(StandSentence(sale));
  const events::v1::ContactPersonSnapshot& person = sale.contact_person();
  if (!person.full_name().empty()) {
    std::string contact = "Контактное лицо участника: " + person.full_name();
    for (const std::string* part : {&person.position(), &person.phone(), &person.email()}) {
      if (!part->empty()) {
        contact += ", " + *part;
      }
    }
    view.preamble.push_back(contact + ".");
  }
  view.table_caption = "Заказываемые площадь и услуги";
  MoneyTable(view, draft.issued);
  view.count_label = "Всего наименований";
  view.statement =
      "С условиями участия и правилами выставки ознакомлены и согласны. Оплату по счёту "
      "гарантируем. Заявка вместе с договором составляет соглашение об участии.";
  view.signatures = {{"Участник", ""}, {"Заявку принял (организатор)", basis.issuer->director()}};
  view.stamp_places = true;
  return draft;
}

DocumentDraft Contract(const PackageBasis& basis, year_month_day issue_date, int64_t sequence,
                       const std::string& document_name) {
  const events::v1::SaleRecorded& sale = *basis.sale;
  const v1::Issuer& issuer = *basis.issuer;
  const events::v1::DocumentIssued& invoice = *basis.invoice;
  DocumentDraft draft = Begin(kContractType, basis, issue_date, sequence, document_name);
  DocumentView& view = draft.view;
  view.title = "Договор на участие в выставке";
  view.supplier_label = "Исполнитель:";
  view.buyer_label = "Заказчик:";
  view.bank_block = true;
  view.supplier_bank = {issuer.bank_name(), issuer.bik(), issuer.settlement_account(),
                        issuer.correspondent_account()};
  const std::string when = WhenAndWhere(sale);
  view.preamble = {
      issuer.legal_name() + ", именуемое в дальнейшем «Исполнитель», " + SignatoryClause(issuer) +
          ", с одной стороны, и " + sale.client().legal_name() +
          ", именуемое в дальнейшем «Заказчик», с другой стороны, заключили настоящий договор о "
          "нижеследующем.",
      "1. Предмет договора. 1.1. Исполнитель предоставляет Заказчику выставочную площадь и "
      "оказывает услуги по участию в выставке «" +
          sale.edition().display_name() + "»" + (when.empty() ? "" : " (" + when + ")") +
          ", а Заказчик принимает и оплачивает их. 1.2. " + StandSentence(sale) +
          " Площадь и услуги перечислены в Приложении № 1, являющемся неотъемлемой частью "
          "договора." +
          (basis.application_number.empty()
               ? ""
               : " 1.3. Основание: заявка на участие № " + basis.application_number + " от " +
                     basis.application_date + "."),
  };
  view.table_caption = "Приложение № 1. Выставочная площадь и услуги";
  MoneyTable(view, draft.issued);
  view.count_label = "Всего наименований";
  const std::string due = PaymentDue(invoice);
  view.statement =
      "2. Цена и порядок расчётов. 2.1. Цена договора — " + Rubles(invoice.total_amount()) +
      ", в том числе " + VatLabel(invoice.vat_rate_bp()) + " " + Rubles(invoice.vat_amount()) +
      ". 2.2. Заказчик оплачивает " + InvoiceReference(invoice) +
      (due.empty() ? "" : " не позднее " + due) +
      " на расчётный счёт Исполнителя. "
      "3. Обязанности сторон. 3.1. Исполнитель предоставляет стенд в согласованном месте к началу "
      "монтажа и оказывает услуги в объёме Приложения № 1. 3.2. Заказчик соблюдает правила "
      "выставки, сроки Contract Check List и возвращает площадь по окончании демонтажа в "
      "исходном состоянии. "
      "4. Приёмка. Услуги считаются оказанными по окончании выставки, что стороны подтверждают "
      "актом об оказании услуг. "
      "5. Ответственность и споры. Стороны отвечают за неисполнение договора по законодательству "
      "Российской Федерации; споры разрешаются в арбитражном суде по месту нахождения "
      "Исполнителя. Договор действует до полного исполнения обязательств.";
  view.signatures = {{"Исполнитель", issuer.director()}, {"Заказчик", ""}};
  view.stamp_places = true;
  if (view.number.empty()) {
    return draft;  // a draft is not paid by: no QR code until it has its number
  }
  view.payment_qr = common::ru::PaymentQrPayload(PaymentRequisitesFor(
      issuer,
      "договору № " + view.number + " от " + view.issue_date + ", " + InvoiceReference(invoice),
      invoice.total_amount().minor_units(), invoice.vat_rate_bp(),
      invoice.vat_amount().minor_units()));
  return draft;
}

DocumentDraft Checklist(const PackageBasis& basis, year_month_day issue_date, int64_t sequence,
                        const std::string& document_name) {
  DocumentDraft draft = Begin(kChecklistType, basis, issue_date, sequence, document_name);
  DocumentView& view = draft.view;
  view.title = "Contract Check List";
  view.supplier_label = "Организатор:";
  view.buyer_label = "Участник:";
  view.preamble = {"Выставка «" + basis.sale->edition().display_name() + "»" +
                       [&] {
                         const std::string when = WhenAndWhere(*basis.sale);
                         return when.empty() ? std::string() : " (" + when + ")";
                       }() +
                       ". " + StandSentence(*basis.sale),
                   "Что участнику нужно прислать, подписать и оплатить, и в какие сроки. Отметьте "
                   "выполненное; вопросы — вашему менеджеру" +
                       (basis.sale->manager().full_name().empty()
                            ? std::string(".")
                            : " " + basis.sale->manager().full_name() +
                                  (basis.sale->manager().email().empty()
                                       ? std::string(".")
                                       : " (" + basis.sale->manager().email() + ")."))};
  view.columns = {{"№", "", "", 24, TextAlign::kCenter},
                  {"Что сделать", "", "", 0, TextAlign::kLeft},
                  {"Срок", "", "", 150, TextAlign::kLeft},
                  {"Отметка", "", "", 60, TextAlign::kCenter}};
  int n = 0;
  for (const ChecklistItem& item : ChecklistItems(basis, issue_date)) {
    view.rows.push_back({std::to_string(++n), item.what, item.due_text, ""});
  }
  view.count_label.clear();
  view.signatures = {{"Организатор", basis.issuer->director()}, {"Участник", ""}};
  return draft;
}

// A manual's schedule and deadlines as a two-column table.
void ScheduleTable(DocumentView& view, std::vector<std::vector<std::string>> rows) {
  view.columns = {{"Этап", "", "", 0, TextAlign::kLeft},
                  {"Срок, время", "", "", 190, TextAlign::kLeft}};
  view.rows = std::move(rows);
  view.count_label.clear();
}

std::string DayOrRule(const std::optional<year_month_day>& day, const std::string& rule) {
  return day ? FormatDateRu(*day) : rule;
}

std::string Greeting(const PackageBasis& basis) {
  const events::v1::SaleRecorded& sale = *basis.sale;
  const std::string when = WhenAndWhere(sale);
  return "Уважаемые коллеги из " + sale.client().legal_name() +
         "! Благодарим за участие в выставке «" + sale.edition().display_name() + "»" +
         (when.empty() ? "" : " (" + when + ")") + ". " + StandSentence(sale);
}

DocumentDraft MarketingManual(const PackageBasis& basis, year_month_day issue_date,
                              int64_t sequence, const std::string& document_name) {
  const EditionDates dates = DatesOf(*basis.sale);
  DocumentDraft draft = Begin(kMarketingManualType, basis, issue_date, sequence, document_name);
  DocumentView& view = draft.view;
  view.title = "Маркетинговое руководство участника";
  view.supplier_label = "Организатор:";
  view.buyer_label = "Участник:";
  view.preamble.push_back(Greeting(basis));
  view.preamble.emplace_back(
      "1. Каталог выставки. Бесплатная запись в официальном каталоге и на сайте выставки: "
      "название, контакты, описание до 500 знаков и логотип (векторный файл).");
  view.preamble.emplace_back(
      "2. Приглашение посетителей. Организатор предоставляет электронные пригласительные билеты "
      "с вашим промокодом: разошлите их клиентам и партнёрам, на стенде регистрация по "
      "промокоду учитывается в отчёте о посетителях.");
  view.preamble.emplace_back(
      "3. Реклама на выставке и в деловой программе: баннеры в павильоне, рекламные полосы в "
      "каталоге, выступления на конференции — по заявке, в пределах свободных мест.");
  view.preamble.emplace_back(
      "4. Пресс-служба: пресс-релизы участников публикуются в новостях выставки и передаются "
      "аккредитованным СМИ.");
  view.table_caption = "Сроки";
  ScheduleTable(
      view, {{"Материалы для каталога и сайта",
              DayOrRule(DaysBefore(dates.start, kCatalogueDaysBefore), "за 45 дней до открытия")},
             {"Заявки на рекламу и выступления",
              DayOrRule(DaysBefore(dates.start, kServicesDaysBefore), "за 21 день до открытия")},
             {"Пресс-релиз участника",
              DayOrRule(DaysBefore(dates.start, kBadgesDaysBefore), "за 14 дней до открытия")},
             {"Работа выставки", DayOrRule(dates.start, "по плану выставки") +
                                     (dates.end ? " – " + FormatDateRu(*dates.end) : "")}});
  view.signatures = {{"Дирекция выставки", basis.issuer->director()}};
  return draft;
}

DocumentDraft TechnicalManual(const PackageBasis& basis, year_month_day issue_date,
                              int64_t sequence, const std::string& document_name) {
  const events::v1::SaleRecorded& sale = *basis.sale;
  const EditionDates dates = DatesOf(sale);
  DocumentDraft draft = Begin(kTechnicalManualType, basis, issue_date, sequence, document_name);
  DocumentView& view = draft.view;
  view.title = "Техническое руководство участника";
  view.supplier_label = "Организатор:";
  view.buyer_label = "Участник:";
  const bool open_space = sale.stand_type() == planning::v1::STAND_TYPE_OPEN_AREA;
  view.preamble.push_back(Greeting(basis));
  view.preamble.push_back(
      "1. Застройка. " +
      std::string(open_space ? "На открытой площадке конструкции и их крепление согласуются с "
                               "организатором по проекту."
                             : "Высота конструкций — не более 2,5 м от пола (выше — по "
                               "согласованному проекту); открытые стороны стенда не закрываются "
                               "сплошными стенами более чем на треть длины.") +
      " Проект нестандартной застройки представляется на согласование в срок, указанный ниже.");
  view.preamble.emplace_back(
      "2. Электроснабжение. Подключение стенда — по заявке участника с указанием мощности; "
      "работы выполняет только служба выставки. Оборудование отключается по окончании дня.");
  view.preamble.emplace_back(
      "3. Пожарная безопасность. Материалы застройки — негорючие или с огнезащитной обработкой; "
      "проходы и эвакуационные выходы не загромождаются.");
  view.preamble.emplace_back(
      "4. Ввоз и вывоз. Грузы ввозятся в дни монтажа по пропускам, выдаваемым по списку "
      "персонала стенда; экспонаты и конструкции вывозятся в дни демонтажа.");
  view.table_caption =
      "График и сроки для стенда " +
      (sale.stand_number().empty() ? std::string("участника") : sale.stand_number());
  ScheduleTable(
      view,
      {{"Проект нестандартной застройки на согласование",
        DayOrRule(DaysBefore(dates.start, kStandDesignDaysBefore), "за 30 дней до открытия")},
       {"Заявка на электроснабжение и дополнительное оборудование",
        DayOrRule(DaysBefore(dates.start, kServicesDaysBefore), "за 21 день до открытия")},
       {"Список персонала стенда (пропуска и бейджи)",
        DayOrRule(DaysBefore(dates.start, kBadgesDaysBefore), "за 14 дней до открытия")},
       {"Монтаж стенда", (dates.start ? FormatDateRu(Plus(*dates.start, -kBuildUpDaysBefore)) +
                                            " – " + FormatDateRu(Plus(*dates.start, -1))
                                      : std::string("два дня до открытия")) +
                             ", 09:00–21:00"},
       {"Работа выставки", DayOrRule(dates.start, "по плану выставки") +
                               (dates.end ? " – " + FormatDateRu(*dates.end) : "") +
                               ", 10:00–18:00"},
       {"Демонтаж и вывоз",
        (dates.end ? FormatDateRu(*dates.end) + " с 18:00 – " + FormatDateRu(Plus(*dates.end, 1))
                   : std::string("последний день выставки с 18:00 и следующий день")) +
            " до 21:00"}});
  view.signatures = {{"Технический директор выставки", ""}};
  return draft;
}

}  // namespace

const std::vector<std::string>& PackageKinds() {
  static const std::vector<std::string> kinds = {kApplicationType, kContractType, kChecklistType,
                                                 kMarketingManualType, kTechnicalManualType};
  return kinds;
}

void NoteIssued(PackageBasis& basis, std::string_view kind, const DocumentView& view) {
  if (kind == kApplicationType) {
    basis.application_number = view.number;
    basis.application_date = view.issue_date;
  } else if (kind == kContractType) {
    basis.contract_number = view.number;
    basis.contract_date = view.issue_date;
  }
}

std::optional<std::vector<std::string>> ParsePackageKinds(std::string_view text) {
  if (text == "all") {
    return PackageKinds();
  }
  if (text == "none") {
    return std::vector<std::string>{};
  }
  std::vector<bool> wanted(PackageKinds().size(), false);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string name = common::LowerAscii(text.substr(start, comma - start));
    bool known = false;
    for (std::size_t i = 0; i < PackageKinds().size(); ++i) {
      if (common::LowerAscii(PackageKinds()[i]) == name) {
        wanted[i] = known = true;
      }
    }
    if (!known) {
      return std::nullopt;
    }
    start = comma + 1;
  }
  std::vector<std::string> kinds;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (wanted[i]) {
      kinds.push_back(PackageKinds()[i]);
    }
  }
  return kinds;
}

std::vector<ChecklistItem> ChecklistItems(const PackageBasis& basis, year_month_day issue_date) {
  const events::v1::DocumentIssued& invoice = *basis.invoice;
  const EditionDates dates = DatesOf(*basis.sale);
  const year_month_day signing = Plus(issue_date, kSigningTermDays);
  std::vector<ChecklistItem> items;
  const auto add = [&](std::string what, std::optional<year_month_day> due, const char* rule) {
    items.push_back({std::move(what), due, Due(due, issue_date, rule)});
  };
  if (!basis.application_number.empty()) {
    add("Подписать и вернуть заявку на участие № " + basis.application_number + " от " +
            basis.application_date,
        signing, "");
  }
  if (!basis.contract_number.empty()) {
    add("Подписать и вернуть договор № " + basis.contract_number + " от " + basis.contract_date,
        signing, "");
  }
  add("Оплатить " + InvoiceReference(invoice) + " на сумму " + Rubles(invoice.total_amount()),
      DateOf(invoice.payment_due_date(), invoice.has_payment_due_date()),
      "в срок, указанный в счёте");
  add("Прислать материалы для каталога выставки (описание, контакты, логотип)",
      DaysBefore(dates.start, kCatalogueDaysBefore), "за 45 дней до открытия выставки");
  add("Согласовать проект застройки стенда или надпись на фризе стандартного стенда",
      DaysBefore(dates.start, kStandDesignDaysBefore), "за 30 дней до открытия выставки");
  add("Заказать электроснабжение и дополнительное оборудование стенда",
      DaysBefore(dates.start, kServicesDaysBefore), "за 21 день до открытия выставки");
  add("Прислать список персонала стенда для пропусков и бейджей",
      DaysBefore(dates.start, kBadgesDaysBefore), "за 14 дней до открытия выставки");
  add("Завезти экспонаты и смонтировать стенд", DaysBefore(dates.start, kBuildUpDaysBefore),
      "в дни монтажа перед открытием");
  add("Демонтировать стенд и вывезти экспонаты",
      dates.end ? std::optional<year_month_day>(Plus(*dates.end, 1)) : std::nullopt,
      "на следующий день после закрытия выставки");
  return items;
}

std::string PackageFileName(std::string_view kind, std::string_view number) {
  std::string base = common::LowerAscii(kind);
  std::replace(base.begin(), base.end(), '_', '-');
  return base + "-" + std::string(number) + ".pdf";
}

DocumentDraft ComposePackageDocument(std::string_view kind, const PackageBasis& basis,
                                     year_month_day issue_date, int64_t sequence,
                                     const std::string& document_name) {
  if (basis.sale == nullptr || basis.invoice == nullptr || basis.issuer == nullptr) {
    throw std::invalid_argument("a package document needs the sale, its invoice and the issuer");
  }
  if (kind == kApplicationType) {
    return Application(basis, issue_date, sequence, document_name);
  }
  if (kind == kContractType) {
    return Contract(basis, issue_date, sequence, document_name);
  }
  if (kind == kChecklistType) {
    return Checklist(basis, issue_date, sequence, document_name);
  }
  if (kind == kMarketingManualType) {
    return MarketingManual(basis, issue_date, sequence, document_name);
  }
  if (kind == kTechnicalManualType) {
    return TechnicalManual(basis, issue_date, sequence, document_name);
  }
  throw std::invalid_argument("not a kind of the sale's package: " + std::string(kind));
}

DocumentView SamplePackageView(std::string_view kind, const v1::Issuer& issuer) {
  const auto money = [](int64_t kopecks) {
    common::v1::Money m;
    m.set_currency_code("RUB");
    m.set_minor_units(kopecks);
    return m;
  };
  events::v1::SaleRecorded sale;
  sale.set_sale("sales/00000000-0000-4000-8000-000000000017");
  sale.mutable_client()->set_legal_name("ООО «СтройМаш»");
  sale.mutable_client()->set_inn("7701234567");
  sale.mutable_client()->set_kpp("770101001");
  sale.mutable_client()->set_legal_address("101000, г. Москва, ул. Мясницкая, д. 1");
  sale.mutable_contact_person()->set_full_name("Петров Пётр Петрович");
  sale.mutable_contact_person()->set_position("генеральный директор");
  sale.mutable_manager()->set_full_name("Иванова Анна Сергеевна");
  auto* edition = sale.mutable_edition();
  edition->set_display_name("Волга-Строй 2027");
  *edition->mutable_start_date() = common::api::ProtoDate(
      std::chrono::year{2027} / std::chrono::month{3} / std::chrono::day{10});
  *edition->mutable_end_date() = common::api::ProtoDate(
      std::chrono::year{2027} / std::chrono::month{3} / std::chrono::day{13});
  edition->set_venue("Экспоцентр «Волга», павильон 1");
  sale.set_area_dm2(3600);
  sale.set_stand_number("A-12");
  sale.set_stand_type(planning::v1::STAND_TYPE_CORNER);
  *sale.mutable_price_per_m2() = money(200000);
  auto* fee = sale.add_service_lines();
  fee->set_name("Регистрационный сбор участника");
  fee->set_quantity_milli(1000);
  fee->set_unit("шт.");
  *fee->mutable_unit_price() = money(800000);
  *sale.mutable_net_amount() = money(8000000);
  sale.set_vat_rate_bp(2200);
  *sale.mutable_vat_amount() = money(1760000);
  *sale.mutable_total_amount() = money(9760000);

  const year_month_day day =
      std::chrono::year{2026} / std::chrono::month{11} / std::chrono::day{26};
  const DocumentDraft invoice = ComposeInvoice(sale, issuer, day, 17, "documents/sample-invoice");
  PackageBasis basis;
  basis.sale = &sale;
  basis.invoice = &invoice.issued;
  basis.issuer = &issuer;
  for (const std::string& each : PackageKinds()) {
    DocumentDraft draft = ComposePackageDocument(each, basis, day, 17, "documents/sample");
    if (each == kind) {
      return draft.view;
    }
    NoteIssued(basis, each, draft.view);
  }
  throw std::invalid_argument("not a kind of the sale's package: " + std::string(kind));
}

}  // namespace crm::documents
