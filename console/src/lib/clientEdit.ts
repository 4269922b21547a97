// Editing a client's requisites and its contact persons in the card: the forms' values from the
// records, the changes and the update mask from what was actually changed (UpdateClient,
// UpdateContactPerson), and the mask's refusals placed under the fields they name.
import { ApiError, errorText, violationText } from "../api/errors";
import { camelCase, formErrorsFrom } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Address, BankAccount, Client, ContactPerson, Phone } from "../api/types";

// The requisites form's text fields, by their JSON names (the service's paths in camelCase). The
// INN is shown too: UpdateClient refuses a change of it, and the refusal stands under the field.
export const clientFields = [
  "displayName",
  "legalName",
  "legalForm",
  "inn",
  "kpp",
  "ogrn",
  "industryCode",
  "legalAddress",
  "website",
  "notes",
] as const;
export type ClientField = (typeof clientFields)[number];

export const clientFieldLabels: Record<ClientField, string> = {
  displayName: "Краткое название",
  legalName: "Полное наименование",
  legalForm: "Организационно-правовая форма",
  inn: "ИНН",
  kpp: "КПП",
  ogrn: "ОГРН",
  industryCode: "Отрасль",
  legalAddress: "Юридический адрес (одной строкой)",
  website: "Сайт",
  notes: "Заметки",
};

// A structured address (registry's Address) as typed.
export const addressParts = ["postalCode", "regionCode", "city", "streetLine"] as const;
export type AddressPart = (typeof addressParts)[number];
export type AddressForm = Record<AddressPart, string>;
export const addressPartLabels: Record<AddressPart, string> = {
  postalCode: "Индекс",
  regionCode: "Код региона",
  city: "Город",
  streetLine: "Улица, дом, офис",
};

// The client's two structured addresses, by their JSON names.
export const clientAddresses = ["legalAddressDetails", "postalAddress"] as const;
export type ClientAddress = (typeof clientAddresses)[number];
export const clientAddressLabels: Record<ClientAddress, string> = {
  legalAddressDetails: "Юридический адрес",
  postalAddress: "Почтовый адрес",
};

// A bank account as typed: its four parts.
export const bankAccountParts = ["bik", "account", "correspondentAccount", "bankName"] as const;
export type BankAccountPart = (typeof bankAccountParts)[number];
export type BankAccountForm = Record<BankAccountPart, string>;
export const bankAccountPartLabels: Record<BankAccountPart, string> = {
  bik: "БИК банка",
  account: "Расчётный счёт",
  correspondentAccount: "Корреспондентский счёт",
  bankName: "Банк",
};
export const emptyBankAccount: BankAccountForm = { bik: "", account: "", correspondentAccount: "", bankName: "" };

// The client's edit form: the text fields (the legal form and the industry as their codes), the
// two addresses, every phone, e-mail and OKVED code (one row each, as typed; an empty row is
// dropped), and the bank accounts (a row of four parts each; a row left wholly empty is dropped).
export interface ClientForm {
  fields: Record<ClientField, string>;
  legalAddressDetails: AddressForm;
  postalAddress: AddressForm;
  phones: string[];
  emails: string[];
  okvedCodes: string[];
  bankAccounts: BankAccountForm[];
}

export function bankAccountFormOf(a: BankAccount): BankAccountForm {
  return {
    bik: a.bik ?? "",
    account: a.account ?? "",
    correspondentAccount: a.correspondentAccount ?? "",
    bankName: a.bankName ?? "",
  };
}

export function addressFormOf(a: Address | undefined): AddressForm {
  return {
    postalCode: a?.postalCode ?? "",
    regionCode: a?.regionCode ?? "",
    city: a?.city ?? "",
    streetLine: a?.streetLine ?? "",
  };
}

// The client's phones as rows: the list, or the single field when the list is empty.
export function phoneRowsOf(phones: Phone[] | undefined, single: string | undefined): string[] {
  const rows = (phones ?? []).map((p) => p.number ?? "");
  return rows.length > 0 ? rows : single ? [single] : [];
}

export function emailRowsOf(emails: string[] | undefined, single: string | undefined): string[] {
  const rows = [...(emails ?? [])];
  return rows.length > 0 ? rows : single ? [single] : [];
}

export function clientFormOf(c: Client): ClientForm {
  return {
    fields: {
      displayName: c.displayName ?? "",
      legalName: c.legalName ?? "",
      legalForm: c.legalForm && c.legalForm !== "LEGAL_FORM_UNSPECIFIED" ? c.legalForm : "",
      inn: c.inn ?? "",
      kpp: c.kpp ?? "",
      ogrn: c.ogrn ?? "",
      industryCode: c.industryCode ?? "",
      legalAddress: c.legalAddress ?? "",
      website: c.website ?? "",
      notes: c.notes ?? "",
    },
    legalAddressDetails: addressFormOf(c.legalAddressDetails),
    postalAddress: addressFormOf(c.postalAddress),
    phones: phoneRowsOf(c.phones, c.phone),
    emails: emailRowsOf(c.emails, c.email),
    okvedCodes: [...(c.okvedCodes ?? [])],
    bankAccounts: (c.bankAccounts ?? []).map(bankAccountFormOf),
  };
}

// The client form's field names violations can stand under: as knownFieldsOf, with the
// addresses' parts, each OKVED row and each bank account's parts.
export function clientKnownFieldsOf(form: ClientForm): string[] {
  return [
    ...knownFieldsOf({ ...form, addresses: clientAddresses }),
    "okvedCodes",
    ...form.okvedCodes.map((_, i) => `okvedCodes[${i}]`),
    "bankAccounts",
    ...form.bankAccounts.flatMap((_, i) => bankAccountParts.map((p) => `bankAccounts[${i}].${p}`)),
  ];
}

// The bank accounts to send: each part trimmed, the wholly empty rows dropped, each sent account
// remembering its form row.
export function bankAccountsOf(rows: BankAccountForm[]): { values: BankAccount[]; rowOf: number[] } {
  const values: BankAccount[] = [];
  const rowOf: number[] = [];
  rows.forEach((r, i) => {
    const account: BankAccount = {};
    for (const p of bankAccountParts) {
      const v = r[p].trim();
      if (v) account[p] = v;
    }
    if (Object.keys(account).length > 0) {
      values.push(account);
      rowOf.push(i);
    }
  });
  return { values, rowOf };
}

// The person form's text fields (UpdateContactPerson's paths in camelCase) and the rest.
export const personFields = ["fullName", "position"] as const;
export type PersonField = (typeof personFields)[number];

export const personFieldLabels: Record<PersonField, string> = {
  fullName: "ФИО",
  position: "Должность",
};

export interface PersonForm {
  fields: Record<PersonField, string>;
  phones: string[];
  emails: string[];
  mailingConsent: boolean;
  primary: boolean;
}

export const emptyPerson: PersonForm = {
  fields: { fullName: "", position: "" },
  phones: [""],
  emails: [""],
  mailingConsent: false,
  primary: false,
};

export function personFormOf(p: ContactPerson): PersonForm {
  return {
    fields: { fullName: p.fullName ?? "", position: p.position ?? "" },
    phones: phoneRowsOf(p.phones, p.phone),
    emails: emailRowsOf(p.emails, p.email),
    mailingConsent: Boolean(p.mailingConsent),
    primary: Boolean(p.primary),
  };
}

// What a structured form sends: the changed fields' new values, the update mask (snake_case
// paths, in the form's order) and, for the violations the service returns, which form field a
// path of the sent request names (a list's row "phones[1]" sent from the form's row 2, when an
// empty row before it was dropped).
export interface StructuredChanges<T> {
  values: Partial<T>;
  mask: string[];
  aliases: Record<string, string>;
}

// A list's rows trimmed; empty rows dropped (a new row left empty means nothing), each sent
// entry remembering its form row.
export function listOf(rows: string[]): { values: string[]; rowOf: number[] } {
  const values: string[] = [];
  const rowOf: number[] = [];
  rows.forEach((r, i) => {
    if (r.trim()) {
      values.push(r.trim());
      rowOf.push(i);
    }
  });
  return { values, rowOf };
}

function sameList(a: string[], b: string[]): boolean {
  const x = listOf(a).values;
  const y = listOf(b).values;
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function listAliases(field: string, rowOf: number[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  rowOf.forEach((row, sent) => {
    aliases[`${field}[${sent}]`] = `${field}[${row}]`;
  });
  return aliases;
}

// The form field names violations can stand under: the text fields, each address part, each
// row of the lists and the lists themselves (a list too long).
export function knownFieldsOf(form: {
  fields: Record<string, string>;
  phones: string[];
  emails: string[];
  addresses?: readonly string[];
}): string[] {
  const known: string[] = [...Object.keys(form.fields), "phones", "emails"];
  for (const a of form.addresses ?? []) for (const p of addressParts) known.push(`${a}.${p}`);
  form.phones.forEach((_, i) => known.push(`phones[${i}]`));
  form.emails.forEach((_, i) => known.push(`emails[${i}]`));
  return known;
}

// Phones and e-mails changed from `before` to `after`, into `out`.
function listChanges(
  before: { phones: string[]; emails: string[] },
  after: { phones: string[]; emails: string[] },
  out: { values: Record<string, unknown>; mask: string[]; aliases: Record<string, string> },
) {
  if (!sameList(before.phones, after.phones)) {
    const { values, rowOf } = listOf(after.phones);
    out.values.phones = values.map((number) => ({ number }));
    out.mask.push("phones");
    Object.assign(out.aliases, listAliases("phones", rowOf));
  }
  if (!sameList(before.emails, after.emails)) {
    const { values, rowOf } = listOf(after.emails);
    out.values.emails = values;
    out.mask.push("emails");
    Object.assign(out.aliases, listAliases("emails", rowOf));
  }
}

// UpdateClient's changes: the text fields changed, an address whose part changed (the whole
// address, so its parts are never mixed with another version's), the lists changed.
export function clientChangesOf(before: ClientForm, after: ClientForm): StructuredChanges<Client> {
  const text = changesOf(clientFields, before.fields, after.fields);
  const out = { values: { ...text.values } as Record<string, unknown>, mask: [...text.mask], aliases: {} };
  // A legal form taken away is the enum's zero value, not an empty name.
  if (out.values.legalForm === "") out.values.legalForm = "LEGAL_FORM_UNSPECIFIED";
  for (const a of clientAddresses) {
    const changed = addressParts.some((p) => before[a][p].trim() !== after[a][p].trim());
    if (!changed) continue;
    const address: Address = {};
    for (const p of addressParts) {
      const v = after[a][p].trim();
      if (v) address[p] = v;
    }
    out.values[a] = address;
    out.mask.push(snakeCase(a));
  }
  listChanges(before, after, out);
  if (!sameList(before.okvedCodes, after.okvedCodes)) {
    const { values, rowOf } = listOf(after.okvedCodes);
    out.values.okvedCodes = values;
    out.mask.push("okved_codes");
    Object.assign(out.aliases, listAliases("okvedCodes", rowOf));
  }
  const accounts = bankAccountsOf(after.bankAccounts);
  if (JSON.stringify(bankAccountsOf(before.bankAccounts).values) !== JSON.stringify(accounts.values)) {
    out.values.bankAccounts = accounts.values;
    out.mask.push("bank_accounts");
    accounts.rowOf.forEach((row, sent) => {
      for (const p of bankAccountParts) {
        Object.assign(out.aliases, { [`bankAccounts[${sent}].${p}`]: `bankAccounts[${row}].${p}` });
      }
    });
  }
  return out as StructuredChanges<Client>;
}

// UpdateContactPerson's changes (or, from the empty form, CreateContactPerson's values).
export function personChangesOf(before: PersonForm, after: PersonForm): StructuredChanges<ContactPerson> {
  const text = changesOf(personFields, before.fields, after.fields);
  const out = { values: { ...text.values } as Record<string, unknown>, mask: [...text.mask], aliases: {} };
  listChanges(before, after, out);
  if (before.mailingConsent !== after.mailingConsent) {
    out.values.mailingConsent = after.mailingConsent;
    out.mask.push("mailing_consent");
  }
  if (before.primary !== after.primary) {
    out.values.primary = after.primary;
    out.mask.push("primary");
  }
  return out as StructuredChanges<ContactPerson>;
}

// An address in one line: "443001, г. Самара, ул. Молодогвардейская, д. 151 (регион 63)".
export function addressLine(a: Address | undefined): string {
  if (!a) return "";
  const line = [a.postalCode, a.city, a.streetLine].filter(Boolean).join(", ");
  return a.regionCode ? `${line} (регион ${a.regionCode})` : line;
}

export interface Changes<F extends string> {
  // The changed fields' new values (trimmed), by their JSON names.
  values: Partial<Record<F, string>>;
  // The update mask: the changed fields in snake_case, in the form's order.
  mask: string[];
}

// snake_case of a JSON field name, as a FieldMask path.
export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// What changed from `before` to `after` (surrounding spaces do not count as a change).
export function changesOf<F extends string>(fields: readonly F[], before: Record<F, string>, after: Record<F, string>): Changes<F> {
  const values: Partial<Record<F, string>> = {};
  const mask: string[] = [];
  for (const f of fields) {
    const value = (after[f] ?? "").trim();
    if (value !== (before[f] ?? "").trim()) {
      values[f] = value;
      mask.push(snakeCase(f));
    }
  }
  return { values, mask };
}

// The form's errors from a failed update: field violations under the fields, and the update
// mask's refusals ("update_mask": "\"inn\" cannot be changed: ...") under the field they name.
export function updateErrorsFrom(
  error: unknown,
  fields: readonly string[],
  prefix: string,
  aliases: Record<string, string> = {},
): FormErrors {
  const errors = formErrorsFrom(error, fields, prefix, aliases);
  if (!(error instanceof ApiError)) return errors;
  const known = new Set(fields);
  const placed: string[] = [];
  for (const v of error.violations) {
    if (camelCase(v.field) !== "updateMask") continue;
    const path = /^"([a-z0-9_.]+)"/.exec(v.description)?.[1];
    const field = path && camelCase(path);
    if (!field || !known.has(field)) continue;
    const text = violationText(v);
    errors.fields[field] = errors.fields[field] ? `${errors.fields[field]}; ${text}` : text;
    placed.push(`${v.field}: ${text}`);
  }
  if (placed.length === 0) return errors;
  // As formErrorsFrom does: the summary line only while no violation stands under a field.
  const summary = errorText(error);
  return { fields: errors.fields, general: errors.general.filter((m) => !placed.includes(m) && m !== summary) };
}
