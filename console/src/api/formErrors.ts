import { ApiError, errorText, violationText } from "./errors";

// One form's errors from a failed request: a message per form field (by the form's own field
// names) and what belongs to no field. The form keeps its values: only the errors change.
export interface FormErrors {
  fields: Record<string, string>;
  general: string[];
}

export const noErrors: FormErrors = { fields: {}, general: [] };

// Maps the services' field paths ("contact.scheduled_time", "result.sale.stand_number",
// "client.phones[0].number") onto a form's fields. `prefix` is the request field the form edits
// ("contact", "result.sale"), dropped from the paths; `aliases` names a form field for a path
// when they differ (paths in snake_case or camelCase, after the prefix). A path under no known
// field goes to `general` with its path, so nothing the service said is lost.
export function formErrorsFrom(
  error: unknown,
  knownFields: readonly string[],
  prefix = "",
  aliases: Record<string, string> = {},
): FormErrors {
  if (!(error instanceof ApiError)) {
    return { fields: {}, general: [errorText(error)] };
  }
  const fields: Record<string, string> = {};
  const general: string[] = [];
  const known = new Set(knownFields);
  for (const v of error.violations) {
    const field = formFieldFor(v.field, known, prefix, aliases);
    const text = violationText(v);
    if (field) {
      fields[field] = fields[field] ? `${fields[field]}; ${text}` : text;
    } else {
      general.push(v.field ? `${v.field}: ${text}` : text);
    }
  }
  if (error.violations.length === 0 || Object.keys(fields).length === 0) {
    general.unshift(errorText(error));
  }
  return { fields, general };
}

// snake_case -> lowerCamelCase, as the JSON mapping names fields.
export function camelCase(path: string): string {
  return path.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function formFieldFor(
  path: string,
  known: Set<string>,
  prefix: string,
  aliases: Record<string, string>,
): string | undefined {
  let rest = camelCase(path);
  const camelPrefix = camelCase(prefix);
  if (camelPrefix) {
    if (rest === camelPrefix) return undefined;
    if (!rest.startsWith(camelPrefix + ".")) return undefined;
    rest = rest.slice(camelPrefix.length + 1);
  }
  // The longest leading part that names a field: "phones[0].number" -> "phones[0].number",
  // "phones.number", "phones[0]", "phones" (indices dropped: "invoices[0].amount" is the
  // form's "invoices.amount").
  const parts = rest.split(".");
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join(".");
    for (const c of [candidate, candidate.replace(/\[\d+\]$/, ""), candidate.replace(/\[\d+\]/g, "")]) {
      if (aliases[c] && known.has(aliases[c])) return aliases[c];
      if (known.has(c)) return c;
    }
  }
  return undefined;
}
