// A mailing selection on the analyst's screen: the form's values from a selection, the selection
// (or the changes and the update mask of UpdateMailingSelection) from the form, the summary line
// of its conditions, and the question asked before deleting it. The form edits the filter's group
// and region codes; the filter's other conditions (set elsewhere, e.g. by the CLI) are kept.
import type { ClientFilter, Group, MailingSelection } from "../api/types";

export interface SelectionForm {
  displayName: string;
  description: string;
  // "groups/{group}" or "" for none.
  group: string;
  // Region codes as typed: "63, 64".
  regions: string;
  subscribedOnly: boolean;
  validPostalAddressOnly: boolean;
  personal: boolean;
}

export const emptySelectionForm: SelectionForm = {
  displayName: "",
  description: "",
  group: "",
  regions: "",
  subscribedOnly: false,
  validPostalAddressOnly: false,
  personal: false,
};

// The form's fields that violations are placed under (the service's paths in camelCase, after
// "mailingSelection.").
export const selectionFields = ["displayName", "description", "filter.groups", "filter.regionCodes", "filter"] as const;

export function selectionFormOf(s: MailingSelection): SelectionForm {
  return {
    displayName: s.displayName ?? "",
    description: s.description ?? "",
    group: s.filter?.groups?.[0] ?? "",
    regions: (s.filter?.regionCodes ?? []).join(", "),
    subscribedOnly: Boolean(s.subscribedOnly),
    validPostalAddressOnly: Boolean(s.validPostalAddressOnly),
    personal: Boolean(s.personal),
  };
}

// "63, 64 ;65" -> ["63", "64", "65"].
export function regionCodesOf(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((r) => r.trim())
    .filter(Boolean);
}

// The filter of the form on top of `base` (a selection's filter being edited): the group and the
// region codes replaced, every other condition as it was.
export function filterOf(form: SelectionForm, base: ClientFilter = {}): ClientFilter {
  const filter: ClientFilter = { ...base };
  delete filter.groups;
  delete filter.regionCodes;
  if (form.group) filter.groups = [form.group];
  const regions = regionCodesOf(form.regions);
  if (regions.length) filter.regionCodes = regions;
  return filter;
}

// A new selection (CreateMailingSelection's body).
export function selectionOf(form: SelectionForm): Partial<MailingSelection> {
  return {
    displayName: form.displayName.trim(),
    description: form.description.trim(),
    personal: form.personal,
    subscribedOnly: form.subscribedOnly,
    validPostalAddressOnly: form.validPostalAddressOnly,
    filter: filterOf(form),
  };
}

// What UpdateMailingSelection gets: the changed fields' new values and their mask (snake_case);
// `personal` cannot change and is never sent.
export function selectionChangesOf(
  before: MailingSelection,
  form: SelectionForm,
): { values: Partial<MailingSelection>; mask: string[] } {
  const old = selectionFormOf(before);
  const values: Partial<MailingSelection> = {};
  const mask: string[] = [];
  if (form.displayName.trim() !== old.displayName.trim()) {
    values.displayName = form.displayName.trim();
    mask.push("display_name");
  }
  if (form.description.trim() !== old.description.trim()) {
    values.description = form.description.trim();
    mask.push("description");
  }
  if (form.group !== old.group || regionCodesOf(form.regions).join(",") !== regionCodesOf(old.regions).join(",")) {
    values.filter = filterOf(form, before.filter);
    mask.push("filter");
  }
  if (form.subscribedOnly !== old.subscribedOnly) {
    values.subscribedOnly = form.subscribedOnly;
    mask.push("subscribed_only");
  }
  if (form.validPostalAddressOnly !== old.validPostalAddressOnly) {
    values.validPostalAddressOnly = form.validPostalAddressOnly;
    mask.push("valid_postal_address_only");
  }
  return { values, mask };
}

// The selection's conditions in one line: "группа «…» · регионы 63, 64 · только подписанные".
export function selectionSummary(s: MailingSelection, groups: Group[]): string {
  const parts: string[] = [];
  for (const g of s.filter?.groups ?? []) parts.push(`группа «${groups.find((x) => x.name === g)?.displayName ?? g}»`);
  if ((s.filter?.regionCodes ?? []).length) parts.push(`регионы ${(s.filter?.regionCodes ?? []).join(", ")}`);
  if (s.subscribedOnly) parts.push("только подписанные");
  if (s.validPostalAddressOnly) parts.push("только с верным адресом");
  return parts.join(" · ");
}

// What the confirmation asks before a selection is deleted.
export function selectionDeletionQuestion(s: MailingSelection): string {
  return `Удалить выборку «${s.displayName ?? s.name}»? Сделанные по ней выгрузки останутся доступны.`;
}
