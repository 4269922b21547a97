import { useState } from "react";
import { Link } from "react-router-dom";
import type { Contact } from "../api/types";
import { ClientLink, ErrorBox, Field, Loading, MonthSwitcher, currentMonth, useLoad } from "../components";
import { areasFor } from "../lib/session";
import { useDepartment } from "./Department";
import { formatDateTime, formatTime, idOf, label, monthGrid, sameDay } from "../lib/format";
import { useSession } from "../session";

const weekdays = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];
// The manager's day: the selected day's tasks, the month grid and the overdue tasks.
export function TodayPage() {
  const { api, session } = useSession();
  const today = new Date();
  const [selected, setSelected] = useState(today);
  const [month, setMonth] = useState(currentMonth);
  const isHead = areasFor(session!.roles).includes("head");
  const [person, setPerson] = useState(session!.subject);
  const owner = isHead ? person : session!.subject;

  const calendar = useLoad(
    () => api.listCalendar(owner, "MONTH", { year: month.year, month: month.month, day: 1 }),
    [owner, month.year, month.month],
  );
  const overdue = useLoad(() => api.listOverdue(owner), [owner]);

  const contacts = calendar.data?.contacts ?? [];
  const ofDay = (d: Date) =>
    contacts.filter((c) => c.scheduledTime && sameDay(new Date(c.scheduledTime), d));
  const dayContacts = ofDay(selected);

  return (
    <div className="columns">
      <section className="panel">
        {isHead && <PersonPicker value={person} onChange={setPerson} />}
        <h2>
          {sameDay(selected, today) ? "Сегодня" : "День"}, {selected.toLocaleDateString("ru-RU", { day: "numeric", month: "long" })}
        </h2>
        <ErrorBox error={calendar.error} />
        <Loading when={calendar.loading && !calendar.data} />
        {dayContacts.length === 0 && !calendar.loading && <p className="muted">Задач на этот день нет.</p>}
        <ul className="tasks" data-testid="day-tasks">
          {dayContacts.map((c) => (
            <TaskItem key={c.name} contact={c} time={formatTime(c.scheduledTime)} />
          ))}
        </ul>
        <h2>Просроченные</h2>
        <ErrorBox error={overdue.error} />
        {overdue.data && (overdue.data.contacts ?? []).length === 0 && <p className="muted">Просроченных задач нет.</p>}
        <ul className="tasks overdue" data-testid="overdue-tasks">
          {(overdue.data?.contacts ?? []).map((c) => (
            <TaskItem key={c.name} contact={c} time={formatDateTime(c.scheduledTime)} />
          ))}
        </ul>
      </section>
      <section className="panel">
        <MonthSwitcher value={month} onChange={setMonth} />
        <table className="month" data-testid="month-grid">
          <thead>
            <tr>
              {weekdays.map((w) => (
                <th key={w}>{w}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {monthGrid(month.year, month.month).map((week, i) => (
              <tr key={i}>
                {week.map(({ date, inMonth }) => {
                  const n = inMonth ? ofDay(date).length : 0;
                  const cls = [
                    inMonth ? "" : "other",
                    sameDay(date, today) ? "today" : "",
                    sameDay(date, selected) ? "selected" : "",
                  ].join(" ");
                  return (
                    <td key={date.toISOString()} className={cls}>
                      <button onClick={() => setSelected(date)} disabled={!inMonth}>
                        <span className="day">{date.getDate()}</span>
                        {n > 0 && <span className="count">{n}</span>}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

// A head of sales reads any calendar of the department.
function PersonPicker({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  const { session } = useSession();
  const department = useDepartment();
  return (
    <Field label="Календарь">
      <select name="owner" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={session!.subject}>Мой</option>
        {(department.data?.members ?? [])
          .filter((m) => m.name !== session!.subject)
          .map((m) => (
            <option key={m.name} value={m.name}>
              {m.fullName}
            </option>
          ))}
      </select>
    </Field>
  );
}

function TaskItem({ contact, time }: { contact: Contact; time: string }) {
  return (
    <li className={`task state-${(contact.state ?? "").toLowerCase()}`}>
      <span className="time">{time}</span>
      <span className="kind">{label(contact.type)}</span>
      <ClientLink name={contact.client} />
      <Link to={`/contacts/${idOf(contact.name)}`} className="purpose">
        {contact.purpose || "задача"}
      </Link>
      <span className="state">{label(contact.state)}</span>
    </li>
  );
}
