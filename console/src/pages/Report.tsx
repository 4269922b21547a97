import { useState } from "react";
import { ErrorBox, Loading, MonthSwitcher, currentMonth, useLoad } from "../components";
import { formatArea, formatMoney, label, monthBounds, resultLabel } from "../lib/format";
import { useSession } from "../session";
import type { ManagerReport } from "../api/types";
import { ReportDrill } from "./ReportDrill";
import type { DrillSelection } from "./ReportDrill";

// My figures for a month (analytics' GetManagerReport); a click on a figure lists the sales or
// contacts behind it.
export function ReportPage() {
  const { api, session } = useSession();
  const [month, setMonth] = useState(currentMonth);
  const bounds = monthBounds(month.year, month.month);
  const report = useLoad(
    () => api.managerReport(session!.subject, bounds.start, bounds.end),
    [session!.subject, bounds.start, bounds.end],
  );
  const r = report.data;
  const [drill, setDrill] = useState<DrillSelection | null>(null);
  const chosen = (d: DrillSelection) =>
    drill !== null &&
    drill.kind === d.kind &&
    drill.contactType === d.contactType &&
    drill.resultKind === d.resultKind;
  const open = (d: DrillSelection) => () => setDrill(chosen(d) ? null : d);
  return (
    <section className="panel">
      <MonthSwitcher value={month} onChange={setMonth} title="Мои показатели: ">
        <button onClick={report.reload}>Обновить</button>
      </MonthSwitcher>
      <ErrorBox error={report.error} />
      <Loading when={report.loading && !r} />
      {r && (
        <>
          <div className="figures" data-testid="figures">
            {figuresOf(r).map((f) => (
              <Figure
                key={f.title}
                title={f.title}
                value={f.value}
                testId={f.testId}
                onClick={f.drill && open(f.drill)}
                chosen={f.drill && chosen(f.drill)}
              />
            ))}
          </div>
          {drill && (
            <ReportDrill
              manager={session!.subject}
              start={bounds.start}
              end={bounds.end}
              selection={drill}
              onClose={() => setDrill(null)}
            />
          )}
          <div className="columns">
            <Breakdown
              title="Контакты по типам"
              rows={(r.contactsByType ?? []).map((c) => ({
                label: label(c.key),
                count: c.count ?? "0",
                drill: { title: `Контакты: ${label(c.key)}`, kind: "CONTACTS", contactType: c.key },
              }))}
              chosen={chosen}
              onChoose={(d) => open(d)()}
            />
            <Breakdown
              title="Контакты по результатам"
              rows={(r.contactsByResult ?? []).map((c) => ({
                label: resultLabel(c.key),
                count: c.count ?? "0",
                drill: { title: `Контакты: ${resultLabel(c.key)}`, kind: "CONTACTS", resultKind: c.key },
              }))}
              chosen={chosen}
              onChoose={(d) => open(d)()}
            />
          </div>
        </>
      )}
    </section>
  );
}

const salesDrill: DrillSelection = { title: "Продажи за месяц", kind: "SALES" };
const openContactsDrill: DrillSelection = { title: "Открытые задачи", kind: "OPEN_CONTACTS" };

// The month's figures in the order shown; a figure with a drill lists the records it counts (the
// count, area and both amounts are all sums over the same sales).
function figuresOf(r: ManagerReport): { title: string; value: string; testId?: string; drill?: DrillSelection }[] {
  return [
    { title: "Продажи", value: r.salesCount ?? "0", testId: "sales-count", drill: salesDrill },
    { title: "Площадь", value: formatArea(r.areaDm2), drill: salesDrill },
    { title: "Выручка без НДС", value: formatMoney(r.netAmount), drill: salesDrill },
    { title: "Выручка с НДС", value: formatMoney(r.totalAmount), testId: "total-amount", drill: salesDrill },
    { title: "Конверсия", value: `${((r.conversionBp ?? 0) / 100).toLocaleString("ru-RU")} %` },
    { title: "Открытые задачи", value: r.openContacts ?? "0", drill: openContactsDrill },
  ];
}

// One figure; with onClick, a button that lists the records behind it.
function Figure({
  title,
  value,
  testId,
  onClick,
  chosen,
}: {
  title: string;
  value: string;
  testId?: string;
  onClick?: () => void;
  chosen?: boolean;
}) {
  const body = (
    <>
      <div className="figure-title">{title}</div>
      <div className="figure-value" data-testid={testId}>
        {value}
      </div>
    </>
  );
  if (!onClick) return <div className="figure">{body}</div>;
  return (
    <button type="button" className={chosen ? "figure chosen" : "figure"} onClick={onClick} title="Показать записи">
      {body}
    </button>
  );
}

interface BreakdownRow {
  label: string;
  count: string;
  drill: DrillSelection;
}

function Breakdown({
  title,
  rows,
  chosen,
  onChoose,
}: {
  title: string;
  rows: BreakdownRow[];
  chosen: (d: DrillSelection) => boolean;
  onChoose: (d: DrillSelection) => void;
}) {
  const max = Math.max(1, ...rows.map((row) => Number(row.count)));
  return (
    <div className="panel">
      <h3>{title}</h3>
      {rows.length === 0 && <p className="muted">Нет данных</p>}
      {rows.map((row) => (
        <button
          type="button"
          className={chosen(row.drill) ? "bar-row chosen" : "bar-row"}
          key={row.label}
          onClick={() => onChoose(row.drill)}
          title="Показать контакты"
        >
          <span className="bar-label">{row.label}</span>
          <span className="bar" style={{ width: `${(Number(row.count) / max) * 100}%` }} />
          <span className="num">{row.count}</span>
        </button>
      ))}
    </div>
  );
}
