import { useMemo, useState } from "react";
import type { FormEvent } from "react";
import { GrpcCode, ApiError } from "../api/errors";
import { formErrorsFrom, noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Edition, Employee, PlanFactRow, SalesPlan, SalesReport } from "../api/types";
import { BarChart } from "../chart";
import { ErrorBox, Field, FormMessages, Loading, MonthSwitcher, currentMonth, useLoad } from "../components";
import { formatArea, formatMoney, formatRublesShort, monthBounds } from "../lib/format";
import {
  attainmentText,
  cellFields,
  cellsOf,
  firstPlannedEdition,
  nextMonth,
  rowsOf,
  targetKey,
} from "../lib/plan";
import type { PlanRow, PlanTarget } from "../lib/plan";
import { useSession } from "../session";
import { useEditions } from "./ClientCard";

const planColor = "#9db7dc";
const factColor = "#1f5fae";
const previousColor = "#c3cad4";

// Plan vs fact for the head of sales (and analysts): the departments' sales of a month beside
// the previous one (GetSalesReport), an edition's plan against its fact by month in m² and money
// with bar charts (GetPlanVsFact), and entering a target's plan cells (GetSalesPlan,
// SetSalesPlanCells with the plan's etag; the service's violations under the cells).
export function PlansPage() {
  const { api } = useSession();
  const editions = useEditions();
  const [edition, setEdition] = useState("");
  // The first edition with a saved plan, else the first one (every plan asked for at once).
  const first = useLoad(() => firstPlannedEdition(editions.data ?? [], (e) => api.salesPlan(e)), [editions.data]);
  const chosen = edition || first.data?.chosen || "";
  const unread = (first.data?.failed ?? []).map((name) => editions.data?.find((e) => e.name === name)?.displayName ?? name);
  return (
    <div className="stack">
      <DepartmentSales />
      <section className="panel">
        <div className="month-head">
          <h2>План и факт</h2>
          <label className="field">
            <span className="field-label">Выставка</span>
            <select name="edition" value={chosen} onChange={(e) => setEdition(e.target.value)}>
              {(editions.data ?? []).map((e: Edition) => (
                <option key={e.name} value={e.name}>
                  {e.displayName}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorBox error={editions.error ?? first.error} />
        {unread.length > 0 && (
          <p className="alert" role="alert" data-testid="plans-unread">
            Не удалось прочитать план: {unread.join(", ")}. Остальные выставки доступны; выберите нужную в списке.
          </p>
        )}
        <Loading when={editions.loading || first.loading} />
        {chosen && <EditionPlan key={chosen} edition={chosen} />}
      </section>
    </div>
  );
}

function pct(current: string | undefined, previous: string | undefined) {
  const c = Number(current ?? 0);
  const p = Number(previous ?? 0);
  if (p === 0) return <span className="muted">—</span>;
  const change = ((c - p) / p) * 100;
  return (
    <span className={change >= 0 ? "delta-up" : "delta-down"}>
      {change >= 0 ? "+" : ""}
      {change.toLocaleString("ru-RU", { maximumFractionDigits: 1 })} %
    </span>
  );
}

const squareMetres = (dm2: number) => `${(dm2 / 100).toLocaleString("ru-RU", { maximumFractionDigits: 1 })} м²`;

// The month's sales per department with the previous month beside them.
function DepartmentSales() {
  const { api } = useSession();
  const [month, setMonth] = useState(currentMonth);
  const bounds = monthBounds(month.year, month.month);
  const report = useLoad(
    () => api.salesReport("DEPARTMENT", bounds.start, bounds.end),
    [bounds.start, bounds.end],
  );
  const r: SalesReport | null = report.data;
  const rows = [...(r?.rows ?? [])];
  return (
    <section className="panel">
      <MonthSwitcher value={month} onChange={setMonth} title="Продажи отделов: ">
        <button onClick={report.reload}>Обновить</button>
      </MonthSwitcher>
      <p className="muted small">Рядом — предыдущий месяц.</p>
      <ErrorBox error={report.error} />
      <Loading when={report.loading && !r} />
      {r && (
        <>
          <table className="table" data-testid="department-sales">
            <thead>
              <tr>
                <th>Отдел</th>
                <th className="num">Продажи</th>
                <th className="num">Было</th>
                <th className="num">Площадь</th>
                <th className="num">Было</th>
                <th className="num">Без НДС</th>
                <th className="num">Было</th>
                <th className="num">Изменение</th>
                <th className="num">Контакты</th>
                <th className="num">Эффективность</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key ?? ""} data-department={row.displayName || "без отдела"}>
                  <td>{row.displayName || "Без отдела"}</td>
                  <td className="num" data-testid="sales-current">
                    {row.current?.salesCount ?? "0"}
                  </td>
                  <td className="num muted">{row.previous?.salesCount ?? "0"}</td>
                  <td className="num">{formatArea(row.current?.areaDm2)}</td>
                  <td className="num muted">{formatArea(row.previous?.areaDm2)}</td>
                  <td className="num">{formatMoney(row.current?.netAmount)}</td>
                  <td className="num muted">{formatMoney(row.previous?.netAmount)}</td>
                  <td className="num">{pct(row.current?.netAmount?.minorUnits, row.previous?.netAmount?.minorUnits)}</td>
                  <td className="num">{row.current?.contactsCompleted ?? "0"}</td>
                  <td className="num">{((row.current?.effectivenessBp ?? 0) / 100).toLocaleString("ru-RU")} %</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="muted">В этом месяце нет продаж и контактов.</p>}
          {rows.length > 0 && (
            <BarChart
              testId="department-sales-chart"
              series={[
                { label: "Предыдущий месяц", color: previousColor },
                { label: "Этот месяц", color: factColor },
              ]}
              groups={rows.map((row) => ({
                label: row.displayName || "Без отдела",
                values: [
                  Number(row.previous?.netAmount?.minorUnits ?? 0),
                  Number(row.current?.netAmount?.minorUnits ?? 0),
                ],
              }))}
              format={formatRublesShort}
              height={200}
            />
          )}
        </>
      )}
    </section>
  );
}

// The targets the signed-in person may plan: analysts and admins any, a head of sales their
// department and its managers.
function editableTargets(everyone: Employee[], subject: string, roles: string[]): PlanTarget[] {
  const me = everyone.find((e) => e.name === subject);
  const all = roles.includes("admin") || roles.includes("analyst");
  const managers = everyone.filter(
    (e) => (e.roles ?? []).includes("sales_manager") && (all || (e.departmentUnit && e.departmentUnit === me?.departmentUnit)),
  );
  const departments = new Map<string, string>();
  for (const e of all ? everyone : me ? [me] : []) {
    if (e.departmentUnit) departments.set(e.departmentUnit, e.department || "Отдел");
  }
  return [
    ...(all ? [{ level: "PLAN_LEVEL_EDITION" as const, target: "", label: "Выставка целиком" }] : []),
    ...Array.from(departments, ([target, name]) => ({
      level: "PLAN_LEVEL_DEPARTMENT" as const,
      target,
      label: `Отдел: ${name}`,
    })),
    ...managers.map((m) => ({ level: "PLAN_LEVEL_MANAGER" as const, target: m.name, label: m.fullName ?? m.name })),
  ];
}

function rowLabel(row: PlanFactRow): string {
  if (row.level === "PLAN_LEVEL_EDITION") return "Выставка целиком";
  if (row.level === "PLAN_LEVEL_DEPARTMENT") return `Отдел: ${row.displayName || "без названия"}`;
  return row.displayName || row.target || "";
}

function EditionPlan({ edition }: { edition: string }) {
  const { api, session } = useSession();
  const vsFact = useLoad(() => api.planVsFact(edition), [edition]);
  const plan = useLoad(() => api.salesPlan(edition), [edition]);
  const staff = useLoad(async () => (await api.listEmployees()).employees ?? [], []);
  const editable = useMemo(
    () => editableTargets(staff.data ?? [], session!.subject, session!.roles),
    [staff.data, session],
  );
  const rows = vsFact.data?.rows ?? [];
  // Every target with a plan or a fact, then the ones that may get a plan.
  const targets: PlanTarget[] = useMemo(() => {
    const seen = new Map<string, PlanTarget>();
    for (const r of rows) {
      seen.set(targetKey(r), { level: r.level ?? "PLAN_LEVEL_EDITION", target: r.target ?? "", label: rowLabel(r) });
    }
    for (const t of editable) if (!seen.has(targetKey(t))) seen.set(targetKey(t), t);
    return Array.from(seen.values());
  }, [rows, editable]);
  const [key, setKey] = useState("");
  // The plan as the last save answered it (its etag for the next save), until reloaded.
  const [savedPlan, setSavedPlan] = useState<SalesPlan | null>(null);
  const preferred =
    targets.find((t) => t.level === "PLAN_LEVEL_DEPARTMENT") ?? targets[0];
  const target = targets.find((t) => targetKey(t) === key) ?? preferred;
  const row = rows.find((r) => target && targetKey(r) === targetKey(target));
  const canEdit = !!target && editable.some((t) => targetKey(t) === targetKey(target));

  return (
    <>
      <ErrorBox error={vsFact.error} />
      <Loading when={vsFact.loading && !vsFact.data} />
      {targets.length > 0 && target && (
        <label className="field" style={{ maxWidth: 420 }}>
          <span className="field-label">Чей план</span>
          <select name="target" value={targetKey(target)} onChange={(e) => setKey(e.target.value)}>
            {targets.map((t) => (
              <option key={targetKey(t)} value={targetKey(t)}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {vsFact.data && target && <PlanFactTable row={row} />}
      {vsFact.data && rows.length > 0 && <Attainment rows={rows} />}
      {target && canEdit && (
        <PlanEditor
          key={`${targetKey(target)}|${plan.data?.etag ?? ""}`}
          edition={edition}
          plan={savedPlan ?? plan.data}
          target={target}
          onSaved={(p) => {
            setSavedPlan(p);
            vsFact.reload();
          }}
          onReload={() => {
            setSavedPlan(null);
            plan.reload();
          }}
        />
      )}
      <ErrorBox error={plan.error} />
    </>
  );
}

function PlanFactTable({ row }: { row: PlanFactRow | undefined }) {
  const months = row?.months ?? [];
  if (!row || months.length === 0) return <p className="muted">Для этой цели нет ни плана, ни продаж.</p>;
  const total = row.total ?? {};
  return (
    <>
      <table className="table" data-testid="plan-vs-fact">
        <thead>
          <tr>
            <th>Месяц</th>
            <th className="num">План, м²</th>
            <th className="num">Факт, м²</th>
            <th className="num">Выполнение</th>
            <th className="num">План без НДС</th>
            <th className="num">Факт без НДС</th>
            <th className="num">Выполнение</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month} data-month={m.month}>
              <td>{m.month}</td>
              <td className="num">{formatArea(m.figures?.planAreaDm2)}</td>
              <td className="num">{formatArea(m.figures?.factAreaDm2)}</td>
              <td className="num">{attainmentText(m.figures?.areaAttainmentBp)}</td>
              <td className="num" data-testid="plan-net">
                {formatMoney(m.figures?.planNetAmount)}
              </td>
              <td className="num">{formatMoney(m.figures?.factNetAmount)}</td>
              <td className="num">{attainmentText(m.figures?.attainmentBp)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>Итого</td>
            <td className="num">{formatArea(total.planAreaDm2)}</td>
            <td className="num">{formatArea(total.factAreaDm2)}</td>
            <td className="num">{attainmentText(total.areaAttainmentBp)}</td>
            <td className="num">{formatMoney(total.planNetAmount)}</td>
            <td className="num">{formatMoney(total.factNetAmount)}</td>
            <td className="num" data-testid="total-attainment">
              {attainmentText(total.attainmentBp)}
            </td>
          </tr>
        </tfoot>
      </table>
      <div className="columns">
        <div>
          <h3>Площадь, м²</h3>
          <BarChart
            testId="chart-area"
            series={[
              { label: "План", color: planColor },
              { label: "Факт", color: factColor },
            ]}
            groups={months.map((m) => ({
              label: m.month ?? "",
              values: [Number(m.figures?.planAreaDm2 ?? 0), Number(m.figures?.factAreaDm2 ?? 0)],
            }))}
            format={squareMetres}
            width={480}
          />
        </div>
        <div>
          <h3>Выручка без НДС</h3>
          <BarChart
            testId="chart-money"
            series={[
              { label: "План", color: planColor },
              { label: "Факт", color: factColor },
            ]}
            groups={months.map((m) => ({
              label: m.month ?? "",
              values: [
                Number(m.figures?.planNetAmount?.minorUnits ?? 0),
                Number(m.figures?.factNetAmount?.minorUnits ?? 0),
              ],
            }))}
            format={formatRublesShort}
            width={480}
          />
        </div>
      </div>
    </>
  );
}

// Every readable target's attainment for the whole period.
function Attainment({ rows }: { rows: PlanFactRow[] }) {
  return (
    <div className="panel-inset">
      <h3>Выполнение плана за весь период</h3>
      {rows.map((r) => {
        const bp = Number(r.total?.attainmentBp ?? 0);
        return (
          <div className="bar-row" key={targetKey(r)}>
            <span>{rowLabel(r)}</span>
            <span>
              <span className="bar" style={{ width: `${Math.min(100, bp / 100)}%` }} />
            </span>
            <span className="num">{attainmentText(r.total?.attainmentBp)}</span>
          </div>
        );
      })}
    </div>
  );
}

function PlanEditor({
  edition,
  plan,
  target,
  onSaved,
  onReload,
}: {
  edition: string;
  plan: SalesPlan | null;
  target: PlanTarget;
  onSaved: (plan: SalesPlan) => void;
  onReload: () => void;
}) {
  const { api } = useSession();
  const [rows, setRows] = useState<PlanRow[]>(() => rowsOf(plan, target));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [stale, setStale] = useState(false);
  const [saved, setSaved] = useState(false);
  const now = new Date();
  const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;

  const change = (i: number, field: keyof PlanRow, value: string) => {
    setSaved(false);
    setRows(rows.map((r, j) => (j === i ? { ...r, [field]: value } : r)));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { cells, errors: typed } = cellsOf(rows, target);
    if (Object.keys(typed).length > 0) {
      setErrors({ fields: typed, general: [] });
      return;
    }
    try {
      const answer = await api.setSalesPlanCells(edition, cells, plan?.etag ?? "0");
      setErrors(noErrors);
      setStale(false);
      setSaved(true);
      onSaved(answer);
    } catch (err) {
      setStale(err instanceof ApiError && err.code === GrpcCode.ABORTED);
      setErrors(formErrorsFrom(err, cellFields(rows.length)));
    }
  }

  return (
    <form className="form panel-inset" onSubmit={submit} data-testid="plan-editor">
      <h3>План: {target.label}</h3>
      <p className="muted small">
        Месяцы в формате ГГГГ-ММ, площадь в м², сумма в рублях без НДС. Месяц, убранный из списка,
        перестаёт быть запланированным. Версия плана: {plan?.etag ?? "0"}.
      </p>
      <table className="table plan-cells">
        <thead>
          <tr>
            <th>Месяц</th>
            <th>Площадь, м²</th>
            <th>Сумма без НДС, ₽</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-row={i}>
              <td>
                <Field label="Месяц" error={errors.fields[`cells[${i}].month`]}>
                  <input name={`month-${i}`} value={r.month} onChange={(e) => change(i, "month", e.target.value)} />
                </Field>
              </td>
              <td>
                <Field label="Площадь" error={errors.fields[`cells[${i}].areaDm2`]}>
                  <input name={`area-${i}`} inputMode="decimal" value={r.area} onChange={(e) => change(i, "area", e.target.value)} />
                </Field>
              </td>
              <td>
                <Field label="Сумма" error={errors.fields[`cells[${i}].netAmount`]}>
                  <input name={`amount-${i}`} inputMode="decimal" value={r.amount} onChange={(e) => change(i, "amount", e.target.value)} />
                </Field>
              </td>
              <td>
                <button type="button" className="secondary" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                  Убрать
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <button
          type="button"
          className="secondary"
          onClick={() => setRows([...rows, { month: nextMonth(rows, thisMonth), area: "", amount: "" }])}
        >
          Добавить месяц
        </button>
      </div>
      <FormMessages errors={errors} />
      {stale && (
        <p className="alert">
          План успел измениться.{" "}
          <button type="button" className="link-button" onClick={onReload}>
            Загрузить текущую версию
          </button>{" "}
          (введённое здесь будет заменено).
        </p>
      )}
      <button type="submit">Сохранить план</button>
      {saved && (
        <p className="ok" role="status">
          План сохранён.
        </p>
      )}
    </form>
  );
}
