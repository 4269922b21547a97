import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { formErrorsFrom, noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Contact, ContactPerson, Edition, TaskReminder } from "../api/types";
import { ErrorBox, Field, FormMessages, Loading, useLoad } from "../components";
import {
  distinct,
  formatDateTime,
  idOf,
  industryLabel,
  label,
  localInputToRfc3339,
  resultKind,
  resultLabel,
  toLocalInput,
} from "../lib/format";
import { useSession } from "../session";
import { addressLine } from "../lib/clientEdit";
import { ClientEditForm, PersonEditForm, usePersonRemoval } from "./ClientEdit";

// The client card: requisites and contact persons (both editable, ./ClientEdit.tsx), the timeline
// of contacts, and planning a contact.
export function ClientCardPage() {
  const { id } = useParams();
  const name = `clients/${id}`;
  const { api, session } = useSession();
  const client = useLoad(() => api.getClient(name), [name]);
  const persons = useLoad(() => api.listContactPersons(name), [name]);
  const timeline = useLoad(() => api.clientTimeline(name), [name]);
  const groups = useLoad(async () => (await api.listClientGroups(name)).groups ?? [], [name]);
  const c = client.data;
  const [editing, setEditing] = useState(false);
  // The person being edited: its name, "new" for a new one, "" for none.
  const [personEdit, setPersonEdit] = useState("");
  const removal = usePersonRemoval(persons.reload);
  const personList = persons.data?.contactPersons ?? [];

  return (
    <div className="columns">
      <section className="panel">
        <ErrorBox error={client.error} />
        <Loading when={client.loading && !c} />
        {c && editing && (
          <ClientEditForm
            key={c.etag}
            client={c}
            onSaved={() => {
              setEditing(false);
              client.reload();
            }}
            onCancel={() => setEditing(false)}
          />
        )}
        {c && !editing && (
          <>
            <h2 data-testid="client-title">{c.displayName}</h2>
            <dl className="requisites">
              <dt>Полное наименование</dt>
              <dd>{c.legalName}</dd>
              <dt>Организационно-правовая форма</dt>
              <dd data-testid="client-legal-form">
                {c.legalForm && c.legalForm !== "LEGAL_FORM_UNSPECIFIED" ? label(c.legalForm) : "—"}
              </dd>
              <dt>ИНН / КПП</dt>
              <dd>
                {c.inn}
                {c.kpp ? ` / ${c.kpp}` : ""}
              </dd>
              {c.ogrn && (
                <>
                  <dt>ОГРН</dt>
                  <dd>{c.ogrn}</dd>
                </>
              )}
              <dt>Юридический адрес</dt>
              <dd data-testid="client-legal-address">{c.legalAddress || addressLine(c.legalAddressDetails) || "—"}</dd>
              <dt>Почтовый адрес</dt>
              <dd data-testid="client-postal-address">
                {addressLine(c.postalAddress) || "—"}
                {/* JSON leaves out a false flag: no postalAddressValid beside an address is false. */}
                {c.postalAddress && !c.postalAddressValid && (
                  <span className="alert-inline"> — почта вернулась, адрес нужно проверить</span>
                )}
              </dd>
              <dt>Телефоны</dt>
              <dd data-testid="client-phones">
                {distinct([c.phone, ...(c.phones ?? []).map((p) => p.number)]).map((p) => (
                  <div key={p}>{p}</div>
                ))}
                {!c.phone && !(c.phones ?? []).length && "—"}
              </dd>
              <dt>E-mail</dt>
              <dd data-testid="client-emails">
                {distinct([c.email, ...(c.emails ?? [])]).map((m) => (
                  <div key={m}>{m}</div>
                ))}
                {!c.email && !(c.emails ?? []).length && "—"}
              </dd>
              <dt>Отрасль</dt>
              <dd data-testid="client-industry">{industryLabel(c.industryCode) || "—"}</dd>
              <dt>ОКВЭД</dt>
              <dd data-testid="client-okved">
                {(c.okvedCodes ?? []).map((code, i) => (
                  <div key={code}>
                    {code}
                    {i === 0 && <span className="muted"> — основной</span>}
                  </div>
                ))}
                {!(c.okvedCodes ?? []).length && "—"}
              </dd>
              <dt>Банковские счета</dt>
              <dd data-testid="client-bank-accounts">
                {(c.bankAccounts ?? []).map((a, i) => (
                  <div key={a.account}>
                    р/с {a.account} в {a.bankName || "банке"}, БИК {a.bik}
                    {a.correspondentAccount && `, к/с ${a.correspondentAccount}`}
                    {i === 0 && <span className="muted"> — основной</span>}
                  </div>
                ))}
                {!(c.bankAccounts ?? []).length && "—"}
              </dd>
              {c.website && (
                <>
                  <dt>Сайт</dt>
                  <dd>{c.website}</dd>
                </>
              )}
              {c.verificationState && (
                <>
                  <dt>Проверка</dt>
                  <dd>{label(c.verificationState)}</dd>
                </>
              )}
              <dt>Группы</dt>
              <dd data-testid="client-groups">
                {(groups.data ?? []).map((g) => g.displayName).join(", ") || "—"}
              </dd>
            </dl>
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              Изменить реквизиты
            </button>
            {c.postalAddress && c.postalAddressValid && session?.roles.includes("analyst") && (
              <ReturnedMailForm client={c.name} onMarked={client.reload} />
            )}
          </>
        )}
        <ErrorBox error={groups.error} />
        <h3>Контактные лица</h3>
        <ErrorBox error={persons.error} />
        {removal.error}
        <ul className="persons" data-testid="persons">
          {personList.map((p) =>
            personEdit === p.name ? (
              <li key={p.name}>
                <PersonEditForm
                  client={name}
                  person={p}
                  onSaved={() => {
                    setPersonEdit("");
                    persons.reload();
                  }}
                  onCancel={() => setPersonEdit("")}
                />
              </li>
            ) : (
              <li key={p.name} data-person={p.fullName}>
                <b>{p.fullName}</b>
                {p.position && <span className="muted"> — {p.position}</span>}
                {p.primary && <span className="small"> · основное контактное лицо</span>}
                <div className="small" data-testid="person-phones">
                  {distinct([p.phone, ...(p.phones ?? []).map((x) => x.number)]).join(", ")}
                </div>
                <div className="small" data-testid="person-emails">
                  {distinct([p.email, ...(p.emails ?? [])]).join(", ")}
                </div>
                {p.mailingConsent && <div className="small muted">согласен получать рассылки</div>}
                <button type="button" className="secondary" onClick={() => setPersonEdit(p.name)}>
                  Изменить
                </button>{" "}
                <button type="button" className="secondary" onClick={() => removal.remove(p)}>
                  Удалить
                </button>
              </li>
            ),
          )}
          {persons.data && personList.length === 0 && <li className="muted">Нет</li>}
        </ul>
        {personEdit === "new" ? (
          <PersonEditForm
            client={name}
            onSaved={() => {
              setPersonEdit("");
              persons.reload();
            }}
            onCancel={() => setPersonEdit("")}
          />
        ) : (
          <button type="button" className="secondary" onClick={() => setPersonEdit("new")}>
            Добавить контактное лицо
          </button>
        )}
      </section>
      <section className="panel">
        <PlanContactForm client={name} persons={persons.data?.contactPersons ?? []} onPlanned={timeline.reload} />
        <h3>История контактов</h3>
        <ErrorBox error={timeline.error} />
        <ul className="tasks" data-testid="timeline">
          {(timeline.data?.contacts ?? []).map((t: Contact) => (
            <li key={t.name} className={`task state-${(t.state ?? "").toLowerCase()}`}>
              <span className="time">{formatDateTime(t.scheduledTime)}</span>
              <span className="kind">{label(t.type)}</span>
              <Link to={`/contacts/${idOf(t.name)}`}>{t.purpose || "задача"}</Link>
              <span className="state">
                {t.result ? resultLabel(resultKind(t.result)) : label(t.state)}
              </span>
            </li>
          ))}
          {timeline.data && (timeline.data.contacts ?? []).length === 0 && <li className="muted">Контактов ещё не было</li>}
        </ul>
      </section>
    </div>
  );
}

const planFields = ["edition", "type", "contactPerson", "purpose", "scheduledTime", "reminders"] as const;

// The plan form's reminder choices: seconds before the start, or "at" a time of its own.
const reminderChoices: Array<[string, string]> = [
  ["", "Без напоминания"],
  ["0", "В момент начала"],
  ["900", "За 15 минут"],
  ["3600", "За час"],
  ["86400", "За день"],
  ["at", "В указанное время"],
];

// Editions of every project, for the edition a contact is about.
export function useEditions() {
  const { api } = useSession();
  return useLoad(async () => {
    const projects = (await api.listProjects()).projects ?? [];
    const lists = await Promise.all(
      projects.map(async (p) =>
        ((await api.listEditions(p.name)).editions ?? []).map((e: Edition) => ({
          ...e,
          displayName: `${p.displayName} — ${e.displayName}`,
        })),
      ),
    );
    return lists.flat();
  }, []);
}

function PlanContactForm({
  client,
  persons,
  onPlanned,
}: {
  client: string;
  persons: ContactPerson[];
  onPlanned: () => void;
}) {
  const { api } = useSession();
  const editions = useEditions();
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  tomorrow.setHours(10, 0, 0, 0);
  const [form, setForm] = useState({
    edition: "",
    type: "CONTACT_TYPE_CALL",
    contactPerson: "",
    purpose: "",
    scheduledTime: toLocalInput(tomorrow),
    reminder: "",
    remindAt: "",
  });
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [planned, setPlanned] = useState<Contact | null>(null);
  const [busy, setBusy] = useState(false);
  const edition = form.edition || editions.data?.[0]?.name || "";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setPlanned(null);
    try {
      const contact = await api.planContact(
        {
          client,
          edition,
          type: form.type,
          contactPerson: form.contactPerson || undefined,
          purpose: form.purpose,
          scheduledTime: localInputToRfc3339(form.scheduledTime) ?? undefined,
          reminders: reminderOf(form.reminder, form.remindAt),
        },
        requestId,
      );
      setPlanned(contact);
      setErrors(noErrors);
      setForm({ ...form, purpose: "" });
      setRequestId(crypto.randomUUID());
      onPlanned();
    } catch (err) {
      setErrors(formErrorsFrom(err, planFields, "contact"));
    } finally {
      setBusy(false);
    }
  }

  const set =
    (k: (typeof planFields)[number] | "reminder" | "remindAt") =>
    (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      setForm({ ...form, [k]: e.target.value });

  return (
    <form className="form" onSubmit={submit} data-testid="plan-contact">
      <h3>Запланировать контакт</h3>
      <ErrorBox error={editions.error} />
      <Field label="Выставка" error={errors.fields.edition}>
        <select name="edition" value={edition} onChange={set("edition")}>
          {(editions.data ?? []).map((e) => (
            <option key={e.name} value={e.name}>
              {e.displayName}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Тип" error={errors.fields.type}>
        <select name="type" value={form.type} onChange={set("type")}>
          {["CALL", "MEETING", "EMAIL", "LETTER", "VISIT", "EXHIBITION_MEETING", "OTHER"].map((t) => (
            <option key={t} value={`CONTACT_TYPE_${t}`}>
              {label(`CONTACT_TYPE_${t}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Контактное лицо" error={errors.fields.contactPerson}>
        <select name="contactPerson" value={form.contactPerson} onChange={set("contactPerson")}>
          <option value="">—</option>
          {persons.map((p) => (
            <option key={p.name} value={p.name}>
              {p.fullName}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Цель" error={errors.fields.purpose}>
        <input name="purpose" value={form.purpose} onChange={set("purpose")} placeholder="о чём контакт" />
      </Field>
      <Field label="Когда" error={errors.fields.scheduledTime}>
        <input type="datetime-local" name="scheduledTime" value={form.scheduledTime} onChange={set("scheduledTime")} />
      </Field>
      <Field label="Напомнить" error={errors.fields.reminders}>
        <select name="reminder" value={form.reminder} onChange={set("reminder")}>
          {reminderChoices.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
        {form.reminder === "at" && (
          <input
            type="datetime-local"
            step={1}
            name="remindAt"
            aria-label="Время напоминания"
            value={form.remindAt}
            onChange={set("remindAt")}
          />
        )}
      </Field>
      <FormMessages errors={errors} />
      <button type="submit" disabled={busy}>
        Запланировать
      </button>
      {planned && (
        <p className="ok" role="status">
          Запланировано: <Link to={`/contacts/${idOf(planned.name)}`}>{planned.purpose || "контакт"}</Link>
        </p>
      )}
    </form>
  );
}

// The form's reminder as the task's reminders: none, seconds before the start, or a time (a
// reminder without its time when none was typed, so the service names the field).
function reminderOf(choice: string, at: string): TaskReminder[] | undefined {
  if (choice === "") return undefined;
  if (choice === "at") {
    const time = localInputToRfc3339(at);
    return [time ? { remindTime: time } : {}];
  }
  return [{ beforeStart: `${choice}s` }];
}

// Mail to the client's postal address came back (MarkPostalAddressInvalid, analysts): what the
// post said and a comment; the address is marked for checking and an item joins the analysts'
// queue. The form keeps what was typed when the call fails and says why beside each field.
function ReturnedMailForm({ client, onMarked }: { client: string; onMarked: () => void }) {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ problem: "", comment: "" });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  // One request id per letter: a retry after a lost answer does not mark it twice.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await api.markPostalAddressInvalid(client, form.problem.trim(), form.comment.trim(), requestId);
      setRequestId(crypto.randomUUID());
      setErrors(noErrors);
      setOpen(false);
      onMarked();
    } catch (err) {
      setErrors(formErrorsFrom(err, ["problem", "comment"]));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Почта вернулась
      </button>
    );
  }
  return (
    <form className="form" onSubmit={submit} data-testid="returned-mail">
      <h3>Почта с почтового адреса вернулась</h3>
      <Field label="Что ответила почта" error={errors.fields.problem}>
        <input name="problem" value={form.problem} onChange={(e) => setForm({ ...form, problem: e.target.value })} placeholder="адресат выбыл" />
      </Field>
      <Field label="Комментарий" error={errors.fields.comment}>
        <input name="comment" value={form.comment} onChange={(e) => setForm({ ...form, comment: e.target.value })} />
      </Field>
      <FormMessages errors={errors} />
      <button type="submit" disabled={busy}>
        Отметить адрес для проверки
      </button>{" "}
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        Отмена
      </button>
    </form>
  );
}
