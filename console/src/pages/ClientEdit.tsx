// Editing in the client card: the requisites with the structured legal and postal addresses and
// every phone and e-mail (UpdateClient) and the contact persons with theirs (Create-, Update-,
// DeleteContactPerson). The update mask names only the fields changed; the etag is the
// version the form was filled from. A failure changes the errors, never what was typed: a stale
// etag offers the current version as the new base while the typed values stay.
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError, GrpcCode, errorText } from "../api/errors";
import { noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Client, ContactPerson } from "../api/types";
import { Check, ErrorBox, Field, FormMessages } from "../components";
import {
  addressPartLabels,
  addressParts,
  bankAccountPartLabels,
  bankAccountParts,
  changesOf,
  clientAddressLabels,
  clientAddresses,
  clientChangesOf,
  clientFieldLabels,
  clientFields,
  clientFormOf,
  clientKnownFieldsOf,
  emptyBankAccount,
  emptyPerson,
  knownFieldsOf,
  personChangesOf,
  personFieldLabels,
  personFields,
  personFormOf,
  updateErrorsFrom,
} from "../lib/clientEdit";
import type { AddressForm, BankAccountForm, Changes, ClientAddress, StructuredChanges } from "../lib/clientEdit";
import { enumValues, industryLabels, label } from "../lib/format";
import { useSession } from "../session";

export const isStale = (err: unknown) => err instanceof ApiError && err.code === GrpcCode.ABORTED;

// One edit form's state: the typed values, the version they were filled from (its values and
// etag), the errors, a stale etag seen, a request under way; `diff` computes the changes from the
// base and `errorsOf` places a failure's violations under the fields of the form as typed.
function useVersionedForm<T, C extends { mask: string[] }>(
  initial: T,
  etag: string,
  current: () => Promise<{ form: T; etag: string }>,
  diff: (before: T, after: T) => C,
  errorsOf: (err: unknown, form: T, changes: C) => FormErrors,
) {
  const [base, setBase] = useState({ form: initial, etag });
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);

  // Sends `save` with the changes from the base (`requireChange`: nothing changed is refused
  // here); on failure only the errors change.
  async function submit(e: FormEvent, requireChange: boolean, save: (c: C, etag: string) => Promise<void>) {
    e.preventDefault();
    const changes = diff(base.form, form);
    if (requireChange && changes.mask.length === 0) {
      setErrors({ fields: {}, general: ["Ничего не изменено."] });
      return;
    }
    setBusy(true);
    try {
      await save(changes, base.etag);
      setErrors(noErrors);
      setStale(false);
    } catch (err) {
      setStale(isStale(err));
      setErrors(errorsOf(err, form, changes));
    } finally {
      setBusy(false);
    }
  }

  // The current version becomes the base; the typed values stay.
  async function reload() {
    try {
      setBase(await current());
      setStale(false);
      setErrors(noErrors);
    } catch (err) {
      setErrors({ fields: {}, general: [errorText(err)] });
    }
  }
  return { form, setForm, errors, stale, busy, submit, reload };
}

// A form of text fields (the group form, Groups.tsx, uses it too): as useVersionedForm, with the
// changes being the fields whose text differs.
export function useEditForm<F extends string>(
  fields: readonly F[],
  prefix: string,
  initial: Record<F, string>,
  etag: string,
  current: () => Promise<{ form: Record<F, string>; etag: string }>,
) {
  const { form, setForm, errors, stale, busy, submit, reload } = useVersionedForm<Record<F, string>, Changes<F>>(
    initial,
    etag,
    current,
    (before, after) => changesOf(fields, before, after),
    (err) => updateErrorsFrom(err, fields, prefix),
  );
  const input = (f: F) => ({
    name: f,
    value: form[f],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm({ ...form, [f]: e.target.value }),
  });
  return { errors, stale, busy, submit, reload, input };
}

export function StaleNotice({ what, onReload }: { what: string; onReload: () => void }) {
  return (
    <p className="alert" data-testid="stale">
      {what} успел изменить кто-то другой.{" "}
      <button type="button" className="secondary" onClick={onReload}>
        Загрузить текущую версию
      </button>{" "}
      (введённое здесь останется в форме; сохраните ещё раз).
    </p>
  );
}

export function Buttons({ busy, save, onCancel }: { busy: boolean; save: string; onCancel: () => void }) {
  return (
    <div>
      <button type="submit" disabled={busy}>
        {save}
      </button>{" "}
      <button type="button" className="secondary" onClick={onCancel}>
        Отмена
      </button>
    </div>
  );
}

// One structured edit form's state (the client's, a contact person's): as useVersionedForm, with
// the changes computed by `diff` (text fields, addresses, lists) and the violations placed under
// the fields `known` names for the form as typed.
function useStructuredForm<T extends { phones: string[]; emails: string[] }, R>(
  prefix: string,
  initial: T,
  etag: string,
  current: () => Promise<{ form: T; etag: string }>,
  diff: (before: T, after: T) => StructuredChanges<R>,
  known: (form: T) => string[],
) {
  return useVersionedForm<T, StructuredChanges<R>>(initial, etag, current, diff, (err, form, changes) =>
    updateErrorsFrom(err, known(form), prefix, changes.aliases),
  );
}

const listWords = {
  phones: { legend: "Телефоны", one: "телефон", inputMode: "tel" },
  emails: { legend: "Адреса эл. почты", one: "e-mail", inputMode: "email" },
  okvedCodes: { legend: "Коды ОКВЭД (первый — основной вид деятельности)", one: "код", inputMode: "decimal" },
} as const;

// A list of phones, e-mails or OKVED codes: one input per row, a row removed or added.
function ListRows({
  field,
  label,
  rows,
  errors,
  onChange,
}: {
  field: keyof typeof listWords;
  label: string;
  rows: string[];
  errors: FormErrors;
  onChange: (rows: string[]) => void;
}) {
  const { legend, one, inputMode } = listWords[field];
  return (
    <fieldset className={errors.fields[field] ? "field field-error" : "field"} data-testid={`${field}-rows`}>
      <legend className="field-label">{legend}</legend>
      {rows.map((r, i) => (
        <Field key={i} label={`${label} ${i + 1}`} error={errors.fields[`${field}[${i}]`]}>
          <span className="row">
            <input
              name={`${field}[${i}]`}
              inputMode={inputMode}
              value={r}
              onChange={(e) => onChange(rows.map((x, j) => (j === i ? e.target.value : x)))}
            />{" "}
            <button type="button" className="secondary" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              Убрать
            </button>
          </span>
        </Field>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...rows, ""])}>
        Ещё {one}
      </button>
      {errors.fields[field] && (
        <span className="field-message" role="alert">
          {errors.fields[field]}
        </span>
      )}
    </fieldset>
  );
}

// A structured address: its four parts, each with its own error.
function AddressFields({
  address,
  label,
  value,
  errors,
  onChange,
}: {
  address: ClientAddress;
  label: string;
  value: AddressForm;
  errors: FormErrors;
  onChange: (value: AddressForm) => void;
}) {
  return (
    <fieldset className="field" data-testid={`${address}-fields`}>
      <legend className="field-label">{label}</legend>
      {addressParts.map((p) => (
        <Field key={p} label={addressPartLabels[p]} error={errors.fields[`${address}.${p}`]}>
          <input name={`${address}.${p}`} value={value[p]} onChange={(e) => onChange({ ...value, [p]: e.target.value })} />
        </Field>
      ))}
    </fieldset>
  );
}

// The client's bank accounts, the main one first: four parts per account, each with its own error;
// an account removed or added.
function BankAccountRows({
  rows,
  errors,
  onChange,
}: {
  rows: BankAccountForm[];
  errors: FormErrors;
  onChange: (rows: BankAccountForm[]) => void;
}) {
  return (
    <fieldset className={errors.fields.bankAccounts ? "field field-error" : "field"} data-testid="bankAccounts-rows">
      <legend className="field-label">Банковские счета (первый — основной)</legend>
      {rows.map((r, i) => (
        <fieldset key={i} className="field panel-inset" data-testid={`bankAccounts-${i}`}>
          <legend className="field-label">Счёт {i + 1}</legend>
          {bankAccountParts.map((p) => (
            <Field key={p} label={bankAccountPartLabels[p]} error={errors.fields[`bankAccounts[${i}].${p}`]}>
              <input
                name={`bankAccounts[${i}].${p}`}
                inputMode={p === "bankName" ? undefined : "numeric"}
                value={r[p]}
                onChange={(e) => onChange(rows.map((x, j) => (j === i ? { ...x, [p]: e.target.value } : x)))}
              />
            </Field>
          ))}
          <button type="button" className="secondary" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Убрать счёт
          </button>
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...rows, { ...emptyBankAccount }])}>
        Ещё счёт
      </button>
      {errors.fields.bankAccounts && (
        <span className="field-message" role="alert">
          {errors.fields.bankAccounts}
        </span>
      )}
    </fieldset>
  );
}

export function ClientEditForm({
  client,
  onSaved,
  onCancel,
}: {
  client: Client;
  onSaved: (c: Client) => void;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const edit = useStructuredForm(
    "client",
    clientFormOf(client),
    client.etag ?? "",
    async () => {
      const c = await api.getClient(client.name);
      return { form: clientFormOf(c), etag: c.etag ?? "" };
    },
    clientChangesOf,
    clientKnownFieldsOf,
  );
  const { form, setForm } = edit;
  const submit = (e: FormEvent) =>
    edit.submit(e, true, async ({ values, mask }, etag) => onSaved(await api.updateClient(client.name, etag, values, mask)));

  return (
    <form className="form" onSubmit={submit} data-testid="client-edit">
      <h3>Реквизиты</h3>
      {clientFields.map((f) => {
        const change = (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
          setForm({ ...form, fields: { ...form.fields, [f]: e.target.value } });
        return (
          <Field key={f} label={clientFieldLabels[f]} error={edit.errors.fields[f]}>
            {f === "notes" ? (
              <textarea name={f} value={form.fields[f]} onChange={change} />
            ) : f === "legalForm" ? (
              <select name={f} value={form.fields[f]} onChange={change}>
                <option value="">не указана</option>
                {enumValues("LEGAL_FORM_").map((v) => (
                  <option key={v} value={v}>
                    {label(v)}
                  </option>
                ))}
              </select>
            ) : f === "industryCode" ? (
              <select name={f} value={form.fields[f]} onChange={change}>
                <option value="">не указана</option>
                {Object.entries(industryLabels).map(([code, text]) => (
                  <option key={code} value={code}>
                    {text}
                  </option>
                ))}
              </select>
            ) : (
              <input name={f} value={form.fields[f]} onChange={change} />
            )}
          </Field>
        );
      })}
      {clientAddresses.map((a) => (
        <AddressFields
          key={a}
          address={a}
          label={clientAddressLabels[a]}
          value={form[a]}
          errors={edit.errors}
          onChange={(v) => setForm({ ...form, [a]: v })}
        />
      ))}
      <ListRows field="phones" label="Телефон" rows={form.phones} errors={edit.errors} onChange={(phones) => setForm({ ...form, phones })} />
      <ListRows field="emails" label="E-mail" rows={form.emails} errors={edit.errors} onChange={(emails) => setForm({ ...form, emails })} />
      <ListRows
        field="okvedCodes"
        label="ОКВЭД"
        rows={form.okvedCodes}
        errors={edit.errors}
        onChange={(okvedCodes) => setForm({ ...form, okvedCodes })}
      />
      <BankAccountRows rows={form.bankAccounts} errors={edit.errors} onChange={(bankAccounts) => setForm({ ...form, bankAccounts })} />
      <FormMessages errors={edit.errors} />
      {edit.stale && <StaleNotice what="Клиента" onReload={edit.reload} />}
      <Buttons busy={edit.busy} save="Сохранить реквизиты" onCancel={onCancel} />
    </form>
  );
}

// A new contact person (no `person`) or a change of one.
export function PersonEditForm({
  client,
  person,
  onSaved,
  onCancel,
}: {
  client: string;
  person?: ContactPerson;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const edit = useStructuredForm(
    "contact_person",
    person ? personFormOf(person) : emptyPerson,
    person?.etag ?? "",
    async () => {
      const p = await api.getContactPerson(person?.name ?? "");
      return { form: personFormOf(p), etag: p.etag ?? "" };
    },
    personChangesOf,
    knownFieldsOf,
  );
  const { form, setForm } = edit;
  // A new person keeps its request id until it is created, so a retry does not add it twice.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const submit = (e: FormEvent) =>
    edit.submit(e, Boolean(person), async ({ values, mask }, etag) => {
      if (person) {
        await api.updateContactPerson(person.name, etag, values, mask);
      } else {
        await api.createContactPerson(client, values, requestId);
        setRequestId(crypto.randomUUID());
      }
      onSaved();
    });

  return (
    <form className="form panel-inset" onSubmit={submit} data-testid="person-edit">
      <h4>{person ? `Контактное лицо: ${person.fullName ?? ""}` : "Новое контактное лицо"}</h4>
      {personFields.map((f) => (
        <Field key={f} label={personFieldLabels[f]} error={edit.errors.fields[f]}>
          <input name={f} value={form.fields[f]} onChange={(e) => setForm({ ...form, fields: { ...form.fields, [f]: e.target.value } })} />
        </Field>
      ))}
      <ListRows field="phones" label="Телефон" rows={form.phones} errors={edit.errors} onChange={(phones) => setForm({ ...form, phones })} />
      <ListRows field="emails" label="E-mail" rows={form.emails} errors={edit.errors} onChange={(emails) => setForm({ ...form, emails })} />
      <Check checked={form.mailingConsent} onChange={(v) => setForm({ ...form, mailingConsent: v })}>
        Согласен получать рассылки
      </Check>
      <Check checked={form.primary} onChange={(v) => setForm({ ...form, primary: v })}>
        Основное контактное лицо
      </Check>
      <FormMessages errors={edit.errors} />
      {edit.stale && <StaleNotice what="Контактное лицо" onReload={edit.reload} />}
      <Buttons busy={edit.busy} save={person ? "Сохранить" : "Добавить"} onCancel={onCancel} />
    </form>
  );
}

// The person's removal, after a confirmation; the error (a denial, a stale etag) in words.
export function usePersonRemoval(onRemoved: () => void) {
  const { api } = useSession();
  const [error, setError] = useState<unknown>(null);
  async function remove(p: ContactPerson) {
    if (!window.confirm(`Удалить контактное лицо «${p.fullName ?? ""}»? История контактов с ним сохранится.`)) return;
    try {
      await api.deleteContactPerson(p.name, p.etag ?? "");
      setError(null);
      onRemoved();
    } catch (err) {
      setError(err);
      if (isStale(err)) onRemoved(); // the list shows the current version to try again on
    }
  }
  return { remove, error: error ? <ErrorBox error={error} /> : null };
}
