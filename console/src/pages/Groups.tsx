import { useState } from "react";
import type { FormEvent } from "react";
import { formErrorsFrom, noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Client, Group, MailingExport, MailingSelection } from "../api/types";
import { Check, ClientLink, ErrorBox, Field, FormMessages, Loading, useLoad } from "../components";
import { saveMailingExport } from "../download";
import { label } from "../lib/format";
import { groupDeletionQuestion, groupFieldLabels, groupFields, groupFormOf } from "../lib/groupEdit";
import { useSession } from "../session";
import { Buttons, StaleNotice, isStale, useEditForm } from "./ClientEdit";

const groupKinds: Array<[string, string]> = [
  ["GROUP_KIND_GEOGRAPHY", "География"],
  ["GROUP_KIND_INDUSTRY", "Отрасль"],
  ["GROUP_KIND_OUR_EXHIBITIONS", "Участники наших выставок"],
  ["GROUP_KIND_COMPETITOR_EXHIBITIONS", "Участники выставок конкурентов"],
  ["GROUP_KIND_MAILING_SUBSCRIPTION", "Подписка на рассылку"],
  ["GROUP_KIND_TARGET_GROUP", "Целевая группа проекта"],
  ["GROUP_KIND_OTHER", "Другое"],
];
const kindLabel = (kind?: string) => groupKinds.find(([k]) => k === kind)?.[1] ?? label(kind);

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
                  <td>{kindLabel(g.kind)}</td>
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
            {groupKinds.map(([k, text]) => (
              <option key={k} value={k}>
                {text}
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
      </div>
    </section>
  );
}

function Mailings({ groups }: { groups: Group[] }) {
  const { api } = useSession();
  const selections = useLoad(async () => (await api.listMailingSelections()).mailingSelections ?? [], []);
  const [exports, setExports] = useState<Record<string, MailingExport>>({});
  const [failures, setFailures] = useState<Record<string, unknown>>({});

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
                    <b>{s.displayName}</b>
                    {s.personal && <span className="small muted"> · личная</span>}
                    <div className="small muted">{selectionSummary(s, groups)}</div>
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
      <CreateSelection groups={groups} onCreated={selections.reload} />
    </div>
  );
}

function selectionSummary(s: MailingSelection, groups: Group[]): string {
  const parts: string[] = [];
  for (const g of s.filter?.groups ?? []) parts.push(`группа «${groups.find((x) => x.name === g)?.displayName ?? g}»`);
  if ((s.filter?.regionCodes ?? []).length) parts.push(`регионы ${(s.filter?.regionCodes ?? []).join(", ")}`);
  if (s.subscribedOnly) parts.push("только подписанные");
  if (s.validPostalAddressOnly) parts.push("только с верным адресом");
  return parts.join(" · ");
}

const selectionFields = ["displayName", "description", "filter.groups", "filter.regionCodes", "filter"] as const;

function CreateSelection({ groups, onCreated }: { groups: Group[]; onCreated: () => void }) {
  const { api } = useSession();
  const [form, setForm] = useState({
    displayName: "",
    description: "",
    group: "",
    regions: "",
    subscribedOnly: false,
    validPostalAddressOnly: false,
    personal: false,
  });
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const regionCodes = form.regions
      .split(/[,\s]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    try {
      await api.createMailingSelection(
        {
          displayName: form.displayName,
          description: form.description,
          personal: form.personal,
          subscribedOnly: form.subscribedOnly,
          validPostalAddressOnly: form.validPostalAddressOnly,
          filter: {
            groups: form.group ? [form.group] : undefined,
            regionCodes: regionCodes.length ? regionCodes : undefined,
          },
        },
        requestId,
      );
      setErrors(noErrors);
      setRequestId(crypto.randomUUID());
      setDone(true);
      onCreated();
    } catch (err) {
      setErrors(formErrorsFrom(err, selectionFields, "mailingSelection"));
    }
  }

  return (
    <section className="panel">
      <form className="form" onSubmit={submit} data-testid="create-selection">
        <h2>Новая выборка</h2>
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
        <Check checked={form.personal} onChange={(v) => setForm({ ...form, personal: v })}>
          Личная (видна только мне)
        </Check>
        <FormMessages errors={errors} />
        <button type="submit">Сохранить выборку</button>
        {done && (
          <p className="ok" role="status">
            Выборка сохранена.
          </p>
        )}
      </form>
    </section>
  );
}
