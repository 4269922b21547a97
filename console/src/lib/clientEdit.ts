// Editing a client's requisites and its contact persons in the card: the forms' values from the
// records, the changes and the update mask from what was actually changed (UpdateClient,
// UpdateContactPerson), and the mask's refusals placed under the fields they name.
import { ApiError, errorText, violationText } from "../api/errors";
import { camelCase, formErrorsFrom } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Client, ContactPerson } from "../api/types";

// The requisites form's fields, by their JSON names (the service's paths in camelCase). The INN
// is shown too: UpdateClient refuses a change of it, and the refusal stands under the field.
export const clientFields = [
  "displayName",
  "legalName",
  "inn",
  "kpp",
  "ogrn",
  "legalAddress",
  "phone",
  "email",
  "website",
  "notes",
] as const;
export type ClientField = (typeof clientFields)[number];
export type ClientForm = Record<ClientField, string>;

export const clientFieldLabels: Record<ClientField, string> = {
  displayName: "Краткое название",
  legalName: "Полное наименование",
  inn: "ИНН",
  kpp: "КПП",
  ogrn: "ОГРН",
  legalAddress: "Юридический адрес",
  phone: "Телефон",
  email: "E-mail",
  website: "Сайт",
  notes: "Заметки",
};

// The form's values of a client: its first phone and e-mail (UpdateClient's `phone` and `email`
// replace the first of `phones` and `emails`).
export function clientFormOf(c: Client): ClientForm {
  return {
    displayName: c.displayName ?? "",
    legalName: c.legalName ?? "",
    inn: c.inn ?? "",
    kpp: c.kpp ?? "",
    ogrn: c.ogrn ?? "",
    legalAddress: c.legalAddress ?? "",
    phone: c.phone || c.phones?.[0]?.number || "",
    email: c.email || c.emails?.[0] || "",
    website: c.website ?? "",
    notes: c.notes ?? "",
  };
}

// The person form's fields (UpdateContactPerson's paths in camelCase).
export const personFields = ["fullName", "position", "phone", "email"] as const;
export type PersonField = (typeof personFields)[number];
export type PersonForm = Record<PersonField, string>;

export const personFieldLabels: Record<PersonField, string> = {
  fullName: "ФИО",
  position: "Должность",
  phone: "Телефон",
  email: "E-mail",
};

export const emptyPerson: PersonForm = { fullName: "", position: "", phone: "", email: "" };

export function personFormOf(p: ContactPerson): PersonForm {
  return {
    fullName: p.fullName ?? "",
    position: p.position ?? "",
    phone: p.phone ?? "",
    email: p.email ?? "",
  };
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
export function updateErrorsFrom(error: unknown, fields: readonly string[], prefix: string): FormErrors {
  const errors = formErrorsFrom(error, fields, prefix);
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
