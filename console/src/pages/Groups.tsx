import { useState } from "react";
import type { FormEvent } from "react";
import { formErrorsFrom, noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Client, Group, MailingExport, MailingSelection } from "../api/types";
import { Check, ClientLink, ErrorBox, Field, FormMessages, Loading, useLoad } from "../components";
import { saveMailingExport } from "../download";
import { updateErrorsFrom } from "../lib/clientEdit";
import { enumValues, label } from "../lib/format";
import { groupDeletionQuestion, groupFieldLabels, groupFields, groupFormOf } from "../lib/groupEdit";
import {
  emptySelectionForm,
  selectionChangesOf,
  selectionDeletionQuestion,
  selectionFields,
  selectionFormOf,
  regionCodesOf,
  selectionOf,
  selectionSummary,
} from "../lib/selectionEdit";
import type { SelectionForm as SelectionFormValues } from "../lib/selectionEdit";
import { useSession } from "../session";
import { Buttons, StaleNotice, isStale, useEditForm } from "./ClientEdit";

const groupKinds = enumValues("GROUP_KIND_");

// The analyst's groups of clients (registry's GroupService: list, create, rename and describe,
// delete after a confirmation, members added from a search and removed) and mailing selections (MailingService: a selection by group and region,
// an export fixing its recipients, the export as CSV or as A4 address labels in PDF).
export function GroupsPage() {
  const { api } = useSession();
  const groups = useLoad(async () => (await api.listGroups()).groups ?? [], []);
  const [chosen, setChosen] = useState("");
  const group = (groups.data ?? []).find((g) => g.name === chosen);
  return (
    <div className="stack">
      <div className="columns">
        <section className="panel">
          <h2>Группы клиентов</h2>
          <ErrorBox error={groups.error} />
          <Loading when={groups.loading && !groups.data} />
          <table className="table" data-testid="groups">
            <thead>
              <tr>
                <th>Группа</th>
                <th>Вид</th>
                <th className="num">Клиентов</th>
              </tr>
            </thead>
            <tbody>
              {(groups.data ?? []).map((g) => (
                <tr key={g.name} data-group={g.displayName} className={g.name === chosen ? "selected" : undefined}>
                  <td>
                    <button className="link" onClick={() => setChosen(g.name)}>
                      {g.displayName}
                    </button>
                    {g.personal && <span className="small muted"> · личная</span>}
                  </td>
                  <td>{label(g.kind)}</td>
                  <td className="num" data-testid="member-count">
                    {g.memberCount ?? "0"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {groups.data && groups.data.length === 0 && <p className="muted">Групп пока нет.</p>}
        </section>
        <CreateGroup
          onCreated={(g) => {
            groups.reload();
            setChosen(g.name);
          }}
        />
      </div>
      {group && (
        <Members
          key={group.name}
          group={group}
          onChanged={groups.reload}
          onDeleted={() => {
            setChosen("");
            groups.reload();
          }}
        />
      )}
      <Mailings groups={groups.data ?? []} />
    </div>
  );
}

function CreateGroup({ onCreated }: { onCreated: (g: Group) => void }) {
  const { api } = useSession();
  const [form, setForm] = useState({ displayName: "", kind: "GROUP_KIND_GEOGRAPHY", description: "", personal: false });
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const g = await api.createGroup(form, requestId);
      setErrors(noErrors);
      setForm({ ...form, displayName: "", description: "" });
      setRequestId(crypto.randomUUID());
      onCreated(g);
    } catch (err) {
      setErrors(formErrorsFrom(err, ["displayName", "kind", "description", "personal"], "group"));
    }
  }

  return (
    <section className="panel">
      <form className="form" onSubmit={submit} data-testid="create-group">
        <h2>Новая группа</h2>
        <Field label="Название" error={errors.fields.displayName}>
          <input name="displayName" value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
        </Field>
        <Field label="Вид" error={errors.fields.kind}>
          <select name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            {groupKinds.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Описание" error={errors.fields.description}>
          <input name="description" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </Field>
        <Check checked={form.personal} onChange={(v) => setForm({ ...form, personal: v })}>
          Личная (видна только мне)
        </Check>
        <FormMessages errors={errors} />
        <button type="submit">Создать группу</button>
      </form>
    </section>
  );
}

// Renaming and describing a group (UpdateGroup with the changed fields and the etag it was read
// at); a stale etag offers the current version while what was typed stays.
function GroupEdit({ group, onSaved, onCancel }: { group: Group; onSaved: () => void; onCancel: () => void }) {
  const { api } = useSession();
  const edit = useEditForm(groupFields, "group", groupFormOf(group), group.etag ?? "", async () => {
    const g = await api.getGroup(group.name);
    return { form: groupFormOf(g), etag: g.etag ?? "" };
  });
  const submit = (e: FormEvent) =>
    edit.submit(e, true, async ({ values, mask }, etag) => {
      await api.updateGroup(group.name, etag, values, mask);
      onSaved();
    });
  return (
    <form className="form panel-inset" onSubmit={submit} data-testid="group-edit">
      {groupFields.map((f) => (
        <Field key={f} label={groupFieldLabels[f]} error={edit.errors.fields[f]}>
          <input {...edit.input(f)} />
        </Field>
      ))}
      <FormMessages errors={edit.errors} />
      {edit.stale && <StaleNotice what="Группу" onReload={edit.reload} />}
      <Buttons busy={edit.busy} save="Сохранить" onCancel={onCancel} />
    </form>
  );
}

function Members({ group, onChanged, onDeleted }: { group: Group; onChanged: () => void; onDeleted: () => void }) {
  const { api } = useSession();
  const members = useLoad(() => api.listGroupMembers(group.name), [group.name]);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Client[] | null>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [editing, setEditing] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);

  async function remove() {
    if (!window.confirm(groupDeletionQuestion(group))) return;
    try {
      await api.deleteGroup(group.name, group.etag ?? "");
      setDeleteError(null);
      onDeleted();
    } catch (err) {
      setDeleteError(err);
      if (isStale(err)) onChanged(); // the list gets the current version to try again on
    }
  }

  async function search(e: FormEvent) {
    e.preventDefault();
    try {
      setFound((await api.searchClients({ query })).clients ?? []);
      setErrors(noErrors);
    } catch (err) {
      setErrors(formErrorsFrom(err, ["query"], "filter"));
    }
  }
  async function change(client: string, add: boolean) {
    try {
      if (add) await api.addGroupMembers(group.name, [client]);
      else await api.removeGroupMembers(group.name, [client]);
      setErrors(noErrors);
      members.reload();
      onChanged();
    } catch (err) {
      setErrors(formErrorsFrom(err, ["clients"]));
    }
  }

  const list = members.data?.members ?? [];
  return (
    <section className="panel" data-testid="group-members">
      <h2>
        {group.displayName}: клиенты ({members.data?.totalSize ?? list.length})
      </h2>
      {editing ? (
        <GroupEdit
          group={group}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          {group.description && <p className="muted">{group.description}</p>}
          <div>
            <button className="secondary" onClick={() => setEditing(true)}>
              Изменить название и описание
            </button>{" "}
            <button className="secondary" onClick={remove} data-testid="delete-group">
              Удалить группу
            </button>
          </div>
        </>
      )}
      <ErrorBox error={deleteError} />
      <ErrorBox error={members.error} />
      <div className="columns">
        <div>
          <table className="table">
            <tbody>
              {list.map((m) => (
                <tr key={m.client} data-member={m.displayName}>
                  <td>
                    <ClientLink name={m.client} />
                  </td>
                  <td>{m.inn}</td>
                  <td>
                    <button className="secondary" onClick={() => change(m.client, false)}>
                      Убрать
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {members.data && list.length === 0 && <p className="muted">В группе пока нет клиентов.</p>}
        </div>
        <form className="form" onSubmit={search} data-testid="add-members">
          <Field label="Добавить клиентов: название, ИНН или телефон" error={errors.fields.query ?? errors.fields.clients}>
            <input name="memberQuery" value={query} onChange={(e) => setQuery(e.target.value)} />
          </Field>
          <button type="submit">Найти</button>
          <FormMessages errors={errors} />
          {found && found.length === 0 && <p className="muted">Ничего не найдено.</p>}
          <ul className="plain">
            {(found ?? []).map((c) => (
              <li key={c.name} data-found={c.displayName}>
                {c.displayName} <span className="small muted">{c.inn}</span>{" "}
                {list.some((m) => m.client === c.name) ? (
                  <span className="small muted">в группе</span>
                ) : (
                  <button className="secondary" onClick={() => change(c.name, true)}>
                    Добавить
                  </button>
                )}
              </li>
            ))}
          </ul>
        </form>
        <ByFilter
          mode="add"
          group={group}
          onDone={() => {
            members.reload();
            onChanged();
          }}
        />
        <ByFilter
          mode="remove"
          group={group}
          onDone={() => {
            members.reload();
            onChanged();
          }}
        />
      </div>
    </section>
  );
}

const byFilterWords = {
  add: { title: "Добавить всех подходящих", button: "Добавить всех", testId: "add-by-filter", done: "added-by-filter" },
  remove: {
    title: "Убрать из группы всех подходящих",
    button: "Убрать всех",
    testId: "remove-by-filter",
    done: "removed-by-filter",
  },
} as const;

// Every client matching a condition added at once (AddGroupMembersByFilter) or every member
// matching it removed (RemoveGroupMembersByFilter): a name fragment and/or region codes; the
// service refuses an empty condition, and says so under the form.
function ByFilter({ mode, group, onDone }: { mode: "add" | "remove"; group: Group; onDone: () => void }) {
  const { api } = useSession();
  const words = byFilterWords[mode];
  const [form, setForm] = useState({ query: "", regions: "" });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [result, setResult] = useState<{ changedCount?: string; unchangedCount?: string; memberCount?: string } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    setBusy(true);
    const regions = regionCodesOf(form.regions);
    try {
      const filter = {
        query: form.query.trim() || undefined,
        regionCodes: regions.length ? regions : undefined,
      };
      const done =
        mode === "add"
          ? await api.addGroupMembersByFilter(group.name, filter)
          : await api.removeGroupMembersByFilter(group.name, filter);
      setResult(done);
      setErrors(noErrors);
      onDone();
    } catch (err) {
      setErrors(formErrorsFrom(err, ["query", "regionCodes"], "filter"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} data-testid={words.testId}>
      <h3>{words.title}</h3>
      <Field label="Название содержит" error={errors.fields.query}>
        <input name="filterQuery" value={form.query} onChange={(e) => setForm({ ...form, query: e.target.value })} />
      </Field>
      <Field label="Коды регионов (через запятую)" error={errors.fields.regionCodes}>
        <input name="filterRegions" value={form.regions} onChange={(e) => setForm({ ...form, regions: e.target.value })} placeholder="63, 64" />
      </Field>
      <FormMessages errors={errors} />
      <button type="submit" disabled={busy}>
        {words.button}
      </button>
      {result && (
        <p className="ok" role="status" data-testid={words.done}>
          {mode === "add"
            ? `Добавлено клиентов: ${result.changedCount ?? "0"}; уже были в группе: ${result.unchangedCount ?? "0"}.`
            : `Убрано клиентов: ${result.changedCount ?? "0"}; осталось в группе: ${result.memberCount ?? "0"}.`}
        </p>
      )}
    </form>
  );
}

function Mailings({ groups }: { groups: Group[] }) {
  const { api } = useSession();
  const selections = useLoad(async () => (await api.listMailingSelections()).mailingSelections ?? [], []);
  const [exports, setExports] = useState<Record<string, MailingExport>>({});
  const [failures, setFailures] = useState<Record<string, unknown>>({});
  // The selection being edited ("" for none).
  const [editing, setEditing] = useState("");

  async function exportNow(s: MailingSelection) {
    try {
      const made = await api.createMailingExport(s.name, crypto.randomUUID());
      setExports({ ...exports, [s.name]: made });
      setFailures({ ...failures, [s.name]: null });
    } catch (err) {
      setFailures({ ...failures, [s.name]: err });
    }
  }
  async function download(s: MailingSelection, format: "CSV" | "LABELS_PDF") {
    try {
      await saveMailingExport(api, exports[s.name].name, format);
    } catch (err) {
      setFailures({ ...failures, [s.name]: err });
    }
  }
  async function remove(s: MailingSelection) {
    if (!window.confirm(selectionDeletionQuestion(s))) return;
    try {
      await api.deleteMailingSelection(s.name, s.etag ?? "");
      setFailures({ ...failures, [s.name]: null });
      if (editing === s.name) setEditing("");
      selections.reload();
    } catch (err) {
      setFailures({ ...failures, [s.name]: err });
      if (isStale(err)) selections.reload(); // the current version to try again on
    }
  }

  return (
    <div className="columns">
      <section className="panel">
        <h2>Выборки для рассылки</h2>
        <ErrorBox error={selections.error} />
        <table className="table" data-testid="mailing-selections">
          <tbody>
            {(selections.data ?? []).map((s) => {
              const made = exports[s.name];
              return (
                <tr key={s.name} data-selection={s.displayName}>
                  <td>
                    {editing === s.name ? (
                      <SelectionForm
                        groups={groups}
                        selection={s}
                        onSaved={() => {
                          setEditing("");
                          selections.reload();
                        }}
                        onStale={selections.reload}
                        onCancel={() => setEditing("")}
                      />
                    ) : (
                      <>
                        <b>{s.displayName}</b>
                        {s.personal && <span className="small muted"> · личная</span>}
                        {s.description && <div className="small">{s.description}</div>}
                        <div className="small muted" data-testid="selection-summary">
                          {selectionSummary(s, groups)}
                        </div>
                        <button className="secondary" onClick={() => setEditing(s.name)}>
                          Изменить
                        </button>{" "}
                        <button className="secondary" onClick={() => remove(s)}>
                          Удалить
                        </button>
                      </>
                    )}
                    <ErrorBox error={failures[s.name]} />
                  </td>
                  <td>
                    <button onClick={() => exportNow(s)}>Сформировать выгрузку</button>
                    {made && (
                      <div className="form" data-testid="mailing-export">
                        <span>Получателей: {made.recipientCount ?? 0}</span>
                        <button className="secondary" onClick={() => download(s, "LABELS_PDF")}>
                          Наклейки (PDF)
                        </button>
                        <button className="secondary" onClick={() => download(s, "CSV")}>
                          Список (CSV)
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {selections.data && selections.data.length === 0 && <p className="muted">Выборок пока нет.</p>}
      </section>
      <section className="panel">
        <SelectionForm groups={groups} onSaved={selections.reload} />
      </section>
    </div>
  );
}

// A new selection (no `selection`: CreateMailingSelection) or a change of one
// (UpdateMailingSelection with the changed fields' mask and the etag it was read at). A failure
// changes the errors, never what was typed; a stale etag reloads the list and says so.
function SelectionForm({
  groups,
  selection,
  onSaved,
  onStale,
  onCancel,
}: {
  groups: Group[];
  selection?: MailingSelection;
  onSaved: () => void;
  onStale?: () => void;
  onCancel?: () => void;
}) {
  const { api } = useSession();
  const [form, setForm] = useState<SelectionFormValues>(() => (selection ? selectionFormOf(selection) : emptySelectionForm));
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [stale, setStale] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    try {
      if (selection) {
        const { values, mask } = selectionChangesOf(selection, form);
        if (mask.length === 0) {
          setErrors({ fields: {}, general: ["Ничего не изменено."] });
          return;
        }
        await api.updateMailingSelection(selection.name, selection.etag ?? "", values, mask);
      } else {
        await api.createMailingSelection(selectionOf(form), requestId);
        setRequestId(crypto.randomUUID());
        setForm(emptySelectionForm);
        setDone(true);
      }
      setErrors(noErrors);
      setStale(false);
      onSaved();
    } catch (err) {
      setErrors(updateErrorsFrom(err, selectionFields, "mailingSelection"));
      setStale(isStale(err));
      if (isStale(err)) onStale?.();
    }
  }

  return (
    <form className="form" onSubmit={submit} data-testid={selection ? "edit-selection" : "create-selection"}>
      {!selection && <h2>Новая выборка</h2>}
      <Field label="Название" error={errors.fields.displayName}>
        <input name="selectionName" value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
      </Field>
      <Field label="Описание" error={errors.fields.description}>
        <input name="selectionDescription" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
      </Field>
      <Field label="Группа клиентов" error={errors.fields["filter.groups"] ?? errors.fields.filter}>
        <select name="selectionGroup" value={form.group} onChange={(e) => setForm({ ...form, group: e.target.value })}>
          <option value="">—</option>
          {groups.map((g) => (
            <option key={g.name} value={g.name}>
              {g.displayName}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Коды регионов (через запятую)" error={errors.fields["filter.regionCodes"]}>
        <input name="selectionRegions" value={form.regions} onChange={(e) => setForm({ ...form, regions: e.target.value })} placeholder="63, 64" />
      </Field>
      <Check checked={form.subscribedOnly} onChange={(v) => setForm({ ...form, subscribedOnly: v })}>
        Только контактные лица, согласные на рассылку
      </Check>
      <Check checked={form.validPostalAddressOnly} onChange={(v) => setForm({ ...form, validPostalAddressOnly: v })}>
        Только с полным и верным почтовым адресом
      </Check>
      {!selection && (
        <Check checked={form.personal} onChange={(v) => setForm({ ...form, personal: v })}>
          Личная (видна только мне)
        </Check>
      )}
      <FormMessages errors={errors} />
      {stale && (
        <p className="alert" data-testid="stale">
          Выборку успел изменить кто-то другой; загружена текущая версия, введённое осталось в форме — сохраните ещё раз.
        </p>
      )}
      {selection ? (
        <Buttons busy={false} save="Сохранить" onCancel={onCancel ?? (() => undefined)} />
      ) : (
        <button type="submit">Сохранить выборку</button>
      )}
      {done && (
        <p className="ok" role="status">
          Выборка сохранена.
        </p>
      )}
    </form>
  );
}
