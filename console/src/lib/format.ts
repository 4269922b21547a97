import type { DateValue, Money } from "../api/types";

// Amounts, areas, dates and enum names as a Russian reader expects them. Pure functions.

// 1234567 kopecks -> "12 345,67 ₽" (narrow no-break spaces between thousands, as ru-RU prints).
export function formatMoney(money: Money | undefined): string {
  if (!money || money.minorUnits === undefined) return "0,00\u00a0₽";
  const minor = BigInt(money.minorUnits);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  const kopecks = (abs % 100n).toString().padStart(2, "0");
  const currency = !money.currencyCode || money.currencyCode === "RUB" ? "₽" : money.currencyCode;
  return `${negative ? "−" : ""}${whole},${kopecks}\u00a0${currency}`;
}

// Kopecks on a chart's scale: "450 ₽", "450 тыс. ₽", "1,5 млн ₽".
export function formatRublesShort(kopecks: number): string {
  const r = kopecks / 100;
  const n = (v: number, digits: number) => v.toLocaleString("ru-RU", { maximumFractionDigits: digits });
  if (Math.abs(r) >= 1e6) return `${n(r / 1e6, 2)}\u00a0млн\u00a0₽`;
  if (Math.abs(r) >= 1e3) return `${n(r / 1e3, 1)}\u00a0тыс.\u00a0₽`;
  return `${n(Math.round(r), 0)}\u00a0₽`;
}

// Square decimetres -> "12,5 м²".
export function formatArea(areaDm2: string | number | undefined): string {
  const dm2 = Number(areaDm2 ?? 0);
  const m2 = dm2 / 100;
  return `${m2.toLocaleString("ru-RU", { maximumFractionDigits: 2 })}\u00a0м²`;
}

// "12,5" or "12.5" (m²) -> "1250" (dm², as int64 in JSON); null when not a positive number.
export function parseAreaM2(text: string): string | null {
  const normalized = text.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(normalized)) return null;
  const dm2 = Math.round(Number(normalized) * 100);
  return dm2 > 0 ? String(dm2) : null;
}

// "1500,50" (rubles) -> Money; null when malformed.
export function parseRubles(text: string): Money | null {
  const normalized = text.trim().replace(/\s/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(normalized)) return null;
  const [whole, fraction = ""] = normalized.split(".");
  const minor = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  return { currencyCode: "RUB", minorUnits: minor.toString() };
}

export function formatDate(date: DateValue | undefined): string {
  if (!date?.year) return "";
  return `${String(date.day ?? 1).padStart(2, "0")}.${String(date.month ?? 1).padStart(2, "0")}.${date.year}`;
}

export function formatDateTime(rfc3339: string | undefined): string {
  if (!rfc3339) return "";
  const d = new Date(rfc3339);
  return d.toLocaleString("ru-RU", { dateStyle: "short", timeStyle: "short" });
}

export function formatTime(rfc3339: string | undefined): string {
  if (!rfc3339) return "";
  return new Date(rfc3339).toLocaleTimeString("ru-RU", { hour: "2-digit", minute: "2-digit" });
}

export function toDateValue(d: Date): DateValue {
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

export function sameDay(a: Date, b: Date): boolean {
  return (
    a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
  );
}

// The weeks of a month grid, Monday first: each week 7 days, the leading and trailing days from
// the neighbouring months (inMonth false).
export interface GridDay {
  date: Date;
  inMonth: boolean;
}

export function monthGrid(year: number, month: number): GridDay[][] {
  const first = new Date(year, month - 1, 1);
  const offset = (first.getDay() + 6) % 7; // Monday = 0
  const start = new Date(year, month - 1, 1 - offset);
  const weeks: GridDay[][] = [];
  for (let w = 0; w < 6; w++) {
    const week: GridDay[] = [];
    for (let d = 0; d < 7; d++) {
      const date = new Date(start.getFullYear(), start.getMonth(), start.getDate() + w * 7 + d);
      week.push({ date, inMonth: date.getMonth() === month - 1 });
    }
    if (w > 0 && !week.some((day) => day.inMonth)) break;
    weeks.push(week);
  }
  return weeks;
}

// The start and end (exclusive) of a calendar month, as RFC 3339 instants in local time.
export function monthBounds(year: number, month: number): { start: string; end: string } {
  return {
    start: new Date(year, month - 1, 1).toISOString(),
    end: new Date(year, month, 1).toISOString(),
  };
}

// "<input type=datetime-local>" value -> RFC 3339; null when empty or invalid.
export function localInputToRfc3339(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

// A Date as an "<input type=datetime-local>" value.
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// bytes -> base64 (what proto bytes are in JSON), in chunks so a large file does not overflow
// the argument list.
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

// base64 (proto bytes in JSON) -> bytes.
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// A downloaded stream's chunks (base64 data; the first names the type and the file) as one file.
export function joinChunks(chunks: Array<{ contentType?: string; fileName?: string; data?: string }>): {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
  fileName: string;
} {
  const parts = chunks.map((c) => base64ToBytes(c.data ?? ""));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, contentType: chunks[0]?.contentType ?? "", fileName: chunks[0]?.fileName ?? "" };
}

// The last segment of a resource name ("clients/7c1…" -> "7c1…").
export function idOf(name: string | undefined): string {
  if (!name) return "";
  return name.slice(name.lastIndexOf("/") + 1);
}

const labels: Record<string, string> = {
  CONTACT_TYPE_CALL: "Звонок",
  CONTACT_TYPE_MEETING: "Встреча",
  CONTACT_TYPE_EMAIL: "Письмо (e-mail)",
  CONTACT_TYPE_LETTER: "Письмо",
  CONTACT_TYPE_VISIT: "Визит",
  CONTACT_TYPE_EXHIBITION_MEETING: "Встреча на выставке",
  CONTACT_TYPE_OTHER: "Другое",
  // A contact handed to another manager before its type was known (analytics counts it so).
  CONTACT_TYPE_UNSPECIFIED: "Тип не указан",
  CONTACT_STATE_PLANNED: "Запланирован",
  CONTACT_STATE_COMPLETED: "Выполнен",
  CONTACT_STATE_CANCELLED: "Отменён",
  STAND_TYPE_LINEAR: "Линейный",
  STAND_TYPE_CORNER: "Угловой",
  STAND_TYPE_PENINSULA: "Полуостров",
  STAND_TYPE_ISLAND: "Остров",
  STAND_TYPE_OPEN_AREA: "Открытая площадь",
  DOCUMENT_TYPE_INVOICE: "Счёт на оплату",
  DOCUMENT_TYPE_ACT: "Акт",
  DOCUMENT_TYPE_VAT_INVOICE: "Счёт-фактура",
  DOCUMENT_TYPE_ADVANCE_VAT_INVOICE: "Счёт-фактура на аванс",
  DOCUMENT_TYPE_CONTRACT: "Договор",
  DOCUMENT_TYPE_APPLICATION: "Заявка на участие",
  DOCUMENT_TYPE_CHECKLIST: "Чек-лист экспонента",
  DOCUMENT_TYPE_MARKETING_MANUAL: "Маркетинговый мануал",
  DOCUMENT_TYPE_TECHNICAL_MANUAL: "Технический мануал",
  DOCUMENT_TYPE_UPD: "УПД",
  DOCUMENT_TYPE_CORRECTIVE_VAT_INVOICE: "Корректировочный счёт-фактура",
  DOCUMENT_TYPE_UKD: "УКД",
  VERIFICATION_STATE_PENDING_VERIFICATION: "ждёт проверки",
  VERIFICATION_STATE_VERIFIED: "проверен",
  VERIFICATION_STATE_REJECTED: "отклонён",
  VERIFICATION_STATE_FLAGGED: "помечен",
  DOCUMENT_STATUS_ISSUED: "выставлен",
  DOCUMENT_STATUS_REPLACED: "заменён",
  DOCUMENT_STATUS_ANNULLED: "аннулирован",
  DOCUMENT_STATUS_SENT: "отправлен",
  DOCUMENT_STATUS_SIGNED: "подписан",
  DOCUMENT_STATUS_DRAFT: "проект",
  SALE_STATE_ACTIVE: "действует",
  SALE_STATE_CANCELLED: "отменена",
  SALE_STATE_PENDING_APPROVAL: "ждёт согласования скидки",
  PAYMENT_MATCH_STATE_UNMATCHED: "не разнесён",
  PAYMENT_MATCH_STATE_MATCHED: "разнесён",
  PAYMENT_MATCH_STATE_OUTGOING: "исходящий",
  PAYMENT_MATCH_STATE_REFUND: "возврат",
  PAYMENT_MATCH_STATE_REFUNDED: "возвращён",
  VERIFICATION_REASON_NEW_RECORD: "новая запись",
  VERIFICATION_REASON_FLAGGED_BY_MANAGER: "помечена менеджером",
  VERIFICATION_REASON_RETURNED_MAIL: "вернулась почта",
  DUPLICATE_REASON_SAME_INN_KPP: "те же ИНН и КПП",
  DUPLICATE_REASON_SAME_INN: "тот же ИНН",
  DUPLICATE_REASON_SIMILAR_NAME: "похожее название",
  DUPLICATE_REASON_SAME_PHONE: "тот же телефон",
  DUPLICATE_REASON_SAME_EMAIL: "тот же e-mail",
  GROUP_KIND_GEOGRAPHY: "География",
  GROUP_KIND_INDUSTRY: "Отрасль",
  GROUP_KIND_OUR_EXHIBITIONS: "Участники наших выставок",
  GROUP_KIND_COMPETITOR_EXHIBITIONS: "Участники выставок конкурентов",
  GROUP_KIND_MAILING_SUBSCRIPTION: "Подписка на рассылку",
  GROUP_KIND_TARGET_GROUP: "Целевая группа проекта",
  GROUP_KIND_OTHER: "Другое",
  GROUP_MEMBERSHIP_PROPOSAL_STATE_PENDING: "ждёт решения аналитика",
  GROUP_MEMBERSHIP_PROPOSAL_STATE_ACCEPTED: "принято",
  GROUP_MEMBERSHIP_PROPOSAL_STATE_REJECTED: "отклонено",
  LEAD_SOURCE_KIND_EXHIBITION_VISITOR: "посетитель выставки",
  LEAD_SOURCE_KIND_WEBSITE: "сайт",
  LEAD_SOURCE_KIND_INCOMING_CALL: "входящий звонок",
  LEAD_SOURCE_KIND_REFERRAL: "рекомендация",
  LEAD_SOURCE_KIND_OUTBOUND: "поиск менеджера",
  LEAD_SOURCE_KIND_EMAIL_CAMPAIGN: "рассылка",
  LEAD_SOURCE_KIND_SOCIAL_MEDIA: "соцсети",
  LEAD_SOURCE_KIND_OTHER: "другое",
  LEGAL_FORM_OOO: "ООО",
  LEGAL_FORM_AO: "АО",
  LEGAL_FORM_PAO: "ПАО",
  LEGAL_FORM_ZAO: "ЗАО",
  LEGAL_FORM_OAO: "ОАО",
  LEGAL_FORM_IP: "ИП",
  LEGAL_FORM_KFH: "КФХ",
  LEGAL_FORM_GUP: "ГУП",
  LEGAL_FORM_MUP: "МУП",
  LEGAL_FORM_NKO: "НКО",
  LEGAL_FORM_INSTITUTION: "Учреждение",
  LEGAL_FORM_OTHER: "Другая форма",
  CONTACT_PERSON_STATUS_ACTIVE: "работает",
  CONTACT_PERSON_STATUS_LEFT: "уволился",
  EMPLOYEE_STATUS_ACTIVE: "работает",
  EMPLOYEE_STATUS_LEFT: "уволен",
  EDITION_STATUS_PLANNED: "планируется",
  EDITION_STATUS_OPEN_FOR_SALES: "идут продажи",
  EDITION_STATUS_RUNNING: "проходит",
  EDITION_STATUS_CLOSED: "завершена",
  EDITION_STATUS_CANCELLED: "отменена",
  STAND_STATUS_FREE: "свободен",
  STAND_STATUS_HELD: "забронирован",
  STAND_STATUS_SOLD: "продан",
  STAND_STATUS_BLOCKED: "закрыт для продажи",
  REFUSAL_REASON_NO_BUDGET: "нет бюджета",
  REFUSAL_REASON_NOT_TARGET_AUDIENCE: "не целевая аудитория",
  REFUSAL_REASON_CHOSE_COMPETITOR: "выбрал конкурента",
  REFUSAL_REASON_DATES_DO_NOT_SUIT: "не подходят даты",
  REFUSAL_REASON_OTHER: "другая причина",
  CONTACT_PURPOSE_INVITE_TO_PARTICIPATE: "пригласить к участию",
  CONTACT_PURPOSE_INVITE_TO_VISIT: "пригласить посетить",
  CONTACT_PURPOSE_SEND_OFFER: "отправить предложение",
  CONTACT_PURPOSE_FOLLOW_UP: "продолжить разговор",
  CONTACT_PURPOSE_COLLECT_DOCUMENTS: "собрать документы",
  CONTACT_PURPOSE_PAYMENT_REMINDER: "напомнить об оплате",
  CONTACT_PURPOSE_OTHER: "другое",
  READINESS_LEVEL_COLD: "холодный",
  READINESS_LEVEL_COOL: "прохладный",
  READINESS_LEVEL_WARM: "тёплый",
  READINESS_LEVEL_HOT: "горячий",
  PAYMENT_DIRECTION_INCOMING: "входящий",
  PAYMENT_DIRECTION_OUTGOING: "исходящий",
  PLAN_LEVEL_EDITION: "выставка целиком",
  PLAN_LEVEL_DEPARTMENT: "отдел",
  PLAN_LEVEL_MANAGER: "менеджер",
  MANUAL_KIND_MARKETING: "маркетинговый мануал",
  MANUAL_KIND_TECHNICAL: "технический мануал",
  // A client import's state and a row's outcome (ClientImport.State, ImportRow.Outcome).
  STATE_UPLOADED: "файл загружен",
  STATE_DRY_RUN_DONE: "пробный прогон завершён",
  STATE_RUNNING: "идёт импорт",
  STATE_COMPLETED: "импорт завершён",
  OUTCOME_PENDING: "ещё не обработана",
  OUTCOME_CREATED: "создан клиент",
  OUTCOME_UPDATED: "клиент обновлён",
  OUTCOME_UNCHANGED: "без изменений",
  OUTCOME_DUPLICATE: "дубликат",
  OUTCOME_ERROR: "ошибка",
  sales_manager: "менеджер по продажам",
  sales_head: "руководитель отдела продаж",
  analyst: "аналитик",
  accountant: "бухгалтер",
  admin: "администратор",
};

// The one mapping of the values the services send by name (enum values, roles, result kinds,
// client fields) to the Russian words the console shows. An unknown value (a newer service's) is
// shown as it came, in quotes, so it is noticed rather than read as English text.
export function label(value: string | undefined): string {
  if (!value) return "";
  return labels[value] ?? `«${value}»`;
}

// The values of one enum that have labels, in the mapping's order (for the choices of a select):
// enumValues("GROUP_KIND_") -> ["GROUP_KIND_GEOGRAPHY", ...].
export function enumValues(prefix: string): string[] {
  return Object.keys(labels).filter((k) => k.startsWith(prefix));
}

// The distinct non-empty values, in order ("+7 846 200-11-22" given twice is shown once).
export function distinct(values: Array<string | undefined>): string[] {
  return Array.from(new Set(values.filter((v): v is string => !!v)));
}

// Which result a completed contact has ("sale", "note", ...).
export function resultKind(result: object | undefined): string {
  if (!result) return "";
  return Object.keys(result)[0] ?? "";
}

const resultLabels: Record<string, string> = {
  sale: "Продажа",
  refusal: "Отказ",
  reschedule: "Перенос",
  note: "Заметка",
  visitRefusal: "Отказ от посещения",
  invitation: "Приглашение",
  manualSent: "Отправлен мануал",
};

// A result kind's label, named as in a contact's result ("visitRefusal") or as analytics counts
// it ("visit_refusal").
export function resultLabel(kind: string | undefined): string {
  if (!kind) return "";
  const camel = kind.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return resultLabels[camel] ?? label(kind);
}

// The client's fields by their proto names (an import's column mapping, an import row's problem).
const clientFieldLabels: Record<string, string> = {
  display_name: "краткое название",
  legal_name: "полное наименование",
  inn: "ИНН",
  kpp: "КПП",
  ogrn: "ОГРН",
  legal_address: "юридический адрес",
  postal_address: "почтовый адрес",
  phone: "телефон",
  phones: "телефоны",
  email: "эл. почта",
  emails: "эл. почта",
  website: "сайт",
  notes: "заметки",
  legal_form: "организационно-правовая форма",
  industry_code: "отрасль",
  okved_codes: "коды ОКВЭД",
};

// The organiser's industry classifier (registry's client_rules.cpp), code -> Russian name.
export const industryLabels: Record<string, string> = {
  agro: "Сельское хозяйство и пищевая промышленность",
  construction: "Строительство и строительные материалы",
  machinery: "Машиностроение и металлообработка",
  energy: "Энергетика, нефть и газ",
  transport: "Транспорт и логистика",
  it: "Информационные технологии и связь",
  medicine: "Медицина и фармацевтика",
  furniture: "Мебель и деревообработка",
  chemistry: "Химия и пластмассы",
  consumer: "Товары народного потребления",
  services: "Услуги для бизнеса",
  education: "Образование и наука",
  tourism: "Туризм и гостеприимство",
  finance: "Финансы и страхование",
  government: "Органы власти и общественные организации",
  other: "Прочее",
};

// "construction" -> "Строительство и строительные материалы"; "" -> ""; an unknown code in quotes.
export function industryLabel(code: string | undefined): string {
  if (!code) return "";
  return industryLabels[code] ?? `«${code}»`;
}

// "legal_name" -> "полное наименование" (a path's first part: "phones[0].number" -> "телефоны").
export function fieldLabel(field: string | undefined): string {
  if (!field) return "";
  const head = field.split(/[.[]/)[0];
  return clientFieldLabels[head] ?? label(field);
}
