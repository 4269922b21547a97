// Editing in the client card: the requisites (UpdateClient) and the contact persons (Create-,
// Update-, DeleteContactPerson). The update mask names only the fields changed; the etag is the
// version the form was filled from. A failure changes the errors, never what was typed: a stale
// etag offers the current version as the new base while the typed values stay.
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError, GrpcCode, errorText } from "../api/errors";
import { noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Client, ContactPerson } from "../api/types";
import { ErrorBox, Field, FormMessages } from "../components";
import {
  changesOf,
  clientFieldLabels,
  clientFields,
  clientFormOf,
  emptyPerson,
  personFieldLabels,
  personFields,
  personFormOf,
  updateErrorsFrom,
} from "../lib/clientEdit";
import type { Changes } from "../lib/clientEdit";
import { useSession } from "../session";

export const isStale = (err: unknown) => err instanceof ApiError && err.code === GrpcCode.ABORTED;

// One edit form's state: the typed values, the version they were filled from (its values and
// etag), the errors, a stale etag seen, a request under way. The group form (Groups.tsx) uses it
// too.
export function useEditForm<F extends string>(
  fields: readonly F[],
  prefix: string,
  initial: Record<F, string>,
  etag: string,
  current: () => Promise<{ form: Record<F, string>; etag: string }>,
) {
  const [base, setBase] = useState({ form: initial, etag });
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);

  // Sends `save` with the changes from the base (`requireChange`: nothing changed is refused
  // here); on failure only the errors change.
  async function submit(e: FormEvent, requireChange: boolean, save: (c: Changes<F>, etag: string) => Promise<void>) {
    e.preventDefault();
    const changes = changesOf(fields, base.form, form);
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
      setErrors(updateErrorsFrom(err, fields, prefix));
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
  const edit = useEditForm(clientFields, "client", clientFormOf(client), client.etag ?? "", async () => {
    const c = await api.getClient(client.name);
    return { form: clientFormOf(c), etag: c.etag ?? "" };
  });
  const submit = (e: FormEvent) =>
    edit.submit(e, true, async ({ values, mask }, etag) => onSaved(await api.updateClient(client.name, etag, values, mask)));

  return (
    <form className="form" onSubmit={submit} data-testid="client-edit">
      <h3>Реквизиты</h3>
      {clientFields.map((f) => (
        <Field key={f} label={clientFieldLabels[f]} error={edit.errors.fields[f]}>
          {f === "notes" ? <textarea {...edit.input(f)} /> : <input {...edit.input(f)} />}
        </Field>
      ))}
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
  const edit = useEditForm(personFields, "contact_person", person ? personFormOf(person) : emptyPerson, person?.etag ?? "", async () => {
    const p = await api.getContactPerson(person?.name ?? "");
    return { form: personFormOf(p), etag: p.etag ?? "" };
  });
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
          <input {...edit.input(f)} />
        </Field>
      ))}
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
