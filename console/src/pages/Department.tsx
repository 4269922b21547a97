import { useState } from "react";
import type { FormEvent } from "react";
import { formErrorsFrom, noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Employee, ManagerReport, Sale } from "../api/types";
import {
  ClientLink,
  Decision,
  ErrorBox,
  Field,
  FormMessages,
  Loading,
  MonthSwitcher,
  currentMonth,
  useLoad,
} from "../components";
import { formatArea, formatDateTime, formatMoney, label, monthBounds } from "../lib/format";
import { useSession } from "../session";
import { ReportDrill } from "./ReportDrill";
import type { DrillSelection } from "./ReportDrill";

// The people of the signed-in head's department (their own record names the department).
export function useDepartment() {
  const { api, session } = useSession();
  return useLoad(async () => {
    const employees = (await api.listEmployees()).employees ?? [];
    const me = employees.find((e) => e.name === session!.subject);
    const members = employees.filter(
      (e) => e.department && e.department === me?.department && (e.roles ?? []).includes("sales_manager"),
    );
    return { department: me?.department ?? "", members, everyone: employees };
  }, [session!.subject]);
}

// The head of sales' department: the managers' figures for a month (analytics' report per
// manager), discount approvals, overdue tasks and reassigning a manager's tasks.
export function DepartmentPage() {
  const department = useDepartment();
  const members = department.data?.members ?? [];
  return (
    <div className="stack">
      <ErrorBox error={department.error} />
      <Loading when={department.loading && !department.data} />
      {department.data && (
        <>
          <DepartmentReport department={department.data.department} members={members} />
          <Approvals everyone={department.data.everyone} />
          <div className="columns">
            <Overdue everyone={department.data.everyone} />
            <Reassign members={members} />
          </div>
        </>
      )}
    </div>
  );
}

function nameOf(everyone: Employee[], name?: string) {
  return everyone.find((e) => e.name === name)?.fullName ?? name ?? "";
}

function DepartmentReport({ department, members }: { department: string; members: Employee[] }) {
  const { api } = useSession();
  const [month, setMonth] = useState(currentMonth);
  const bounds = monthBounds(month.year, month.month);
  const reports = useLoad(
    () => Promise.all(members.map((m) => api.managerReport(m.name, bounds.start, bounds.end))),
    [members.map((m) => m.name).join(","), bounds.start],
  );
  const rows: Array<[Employee, ManagerReport]> = members.map((m, i) => [m, reports.data?.[i] ?? {}]);
  const max = Math.max(1, ...rows.map(([, r]) => Number(r.totalAmount?.minorUnits ?? 0)));
  // A manager's sales or open tasks of the month, listed under the table.
  const [drill, setDrill] = useState<{ manager: Employee; selection: DrillSelection } | null>(null);
  const drillButton = (m: Employee, kind: "SALES" | "OPEN_CONTACTS", value: string) => (
    <button
      type="button"
      className="link"
      title={kind === "SALES" ? "Показать продажи" : "Показать открытые задачи"}
      onClick={() =>
        setDrill({
          manager: m,
          selection: {
            title: `${m.fullName}: ${kind === "SALES" ? "продажи за месяц" : "открытые задачи"}`,
            kind,
          },
        })
      }
    >
      {value}
    </button>
  );
  return (
    <section className="panel">
      <MonthSwitcher value={month} onChange={setMonth} title={`${department || "Отдел"}: `}>
        <button onClick={reports.reload}>Обновить</button>
      </MonthSwitcher>
      <ErrorBox error={reports.error} />
      <table className="table" data-testid="department-report">
        <thead>
          <tr>
            <th>Менеджер</th>
            <th>Продажи</th>
            <th>Площадь</th>
            <th>Выручка с НДС</th>
            <th>Конверсия</th>
            <th>Открытые задачи</th>
            <th style={{ width: "30%" }}></th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([m, r]) => (
            <tr key={m.name} data-manager={m.fullName}>
              <td>{m.fullName}</td>
              <td className="num" data-testid="manager-sales">
                {drillButton(m, "SALES", r.salesCount ?? "0")}
              </td>
              <td className="num">{formatArea(r.areaDm2)}</td>
              <td className="num">{formatMoney(r.totalAmount)}</td>
              <td className="num">{((r.conversionBp ?? 0) / 100).toLocaleString("ru-RU")} %</td>
              <td className="num">{drillButton(m, "OPEN_CONTACTS", r.openContacts ?? "0")}</td>
              <td>
                <span className="bar" style={{ width: `${(Number(r.totalAmount?.minorUnits ?? 0) / max) * 100}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {members.length === 0 && <p className="muted">В отделе нет менеджеров.</p>}
      {drill && (
        <ReportDrill
          manager={drill.manager.name ?? ""}
          start={bounds.start}
          end={bounds.end}
          selection={drill.selection}
          onClose={() => setDrill(null)}
        />
      )}
    </section>
  );
}

function Approvals({ everyone }: { everyone: Employee[] }) {
  const { api } = useSession();
  const sales = useLoad(async () => {
    const all = (await api.listSales({ pageSize: 500 })).sales ?? [];
    return all.filter((s) => s.state === "SALE_STATE_PENDING_APPROVAL");
  }, []);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, FormErrors>>({});

  async function decide(sale: Sale, approve: boolean) {
    try {
      if (approve) await api.approveSale(sale);
      else await api.rejectSale(sale, reasons[sale.name] ?? "");
      setErrors({ ...errors, [sale.name]: noErrors });
      sales.reload();
    } catch (e) {
      setErrors({ ...errors, [sale.name]: formErrorsFrom(e, ["reason"]) });
    }
  }

  return (
    <section className="panel">
      <h2>Согласование скидок</h2>
      <ErrorBox error={sales.error} />
      {sales.data && sales.data.length === 0 && <p className="muted">Нет продаж, ждущих согласования.</p>}
      {(sales.data ?? []).length > 0 && (
        <table className="table" data-testid="approvals">
          <thead>
            <tr>
              <th>Клиент</th>
              <th>Менеджер</th>
              <th>Стенд</th>
              <th>Скидка</th>
              <th>Итого</th>
              <th>Решение</th>
            </tr>
          </thead>
          <tbody>
            {(sales.data ?? []).map((s) => (
              <tr key={s.name} data-stand={s.standNumber}>
                <td>{s.client && <ClientLink name={s.client} />}</td>
                <td>{nameOf(everyone, s.manager)}</td>
                <td>
                  {s.standNumber} · {label(s.standType)} · {formatArea(s.areaDm2)}
                </td>
                <td>
                  {((s.approval?.discountBp ?? 0) / 100).toLocaleString("ru-RU")} % (допустимо{" "}
                  {((s.approval?.maxDiscountBp ?? 0) / 100).toLocaleString("ru-RU")} %)
                  <div className="small muted">{s.discount?.reason}</div>
                </td>
                <td className="num">{formatMoney(s.totalAmount)}</td>
                <td>
                  <Decision
                    approveLabel="Согласовать"
                    reason={reasons[s.name] ?? ""}
                    onReason={(text) => setReasons({ ...reasons, [s.name]: text })}
                    onApprove={() => decide(s, true)}
                    onReject={() => decide(s, false)}
                    error={errors[s.name]?.fields.reason}
                    messages={errors[s.name]}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Overdue({ everyone }: { everyone: Employee[] }) {
  const { api } = useSession();
  const overdue = useLoad(() => api.listOverdue(), []);
  return (
    <section className="panel">
      <h2>Просроченные задачи отдела</h2>
      <ErrorBox error={overdue.error} />
      {overdue.data && (overdue.data.contacts ?? []).length === 0 && <p className="muted">Просроченных задач нет.</p>}
      <ul className="tasks overdue" data-testid="department-overdue">
        {(overdue.data?.contacts ?? []).map((c) => (
          <li key={c.name} className="task">
            <span className="time">{formatDateTime(c.scheduledTime)}</span>
            <span className="kind">{nameOf(everyone, c.owner)}</span>
            <ClientLink name={c.client} />
            <span>{c.purpose}</span>
            <span className="state">{label(c.type)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Reassign({ members }: { members: Employee[] }) {
  const { api } = useSession();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState<string | null>(null);
  const source = from || members[0]?.name || "";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    try {
      const r = await api.reassignContacts(source, to);
      setErrors(noErrors);
      setDone(r.reassignedCount ?? "0");
    } catch (err) {
      setErrors(formErrorsFrom(err, ["fromOwner", "toOwners"]));
    }
  }

  return (
    <section className="panel">
      <form className="form" onSubmit={submit} data-testid="reassign">
        <h2>Передать задачи</h2>
        <Field label="Чьи запланированные задачи" error={errors.fields.fromOwner}>
          <select name="fromOwner" value={source} onChange={(e) => setFrom(e.target.value)}>
            {members.map((m) => (
              <option key={m.name} value={m.name}>
                {m.fullName}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Кому (поровну между выбранными)" error={errors.fields.toOwners} group>
          {members
            .filter((m) => m.name !== source)
            .map((m) => (
              <label key={m.name} className="check">
                <input
                  type="checkbox"
                  checked={to.includes(m.name)}
                  onChange={(e) => setTo(e.target.checked ? [...to, m.name] : to.filter((n) => n !== m.name))}
                />
                {m.fullName}
              </label>
            ))}
        </Field>
        <FormMessages errors={errors} />
        <button type="submit">Передать</button>
        {done !== null && (
          <p className="ok" role="status">
            Передано задач: {done}
          </p>
        )}
      </form>
    </section>
  );
}
