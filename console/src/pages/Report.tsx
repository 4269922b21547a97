import { useState } from "react";
import { ErrorBox, Loading, MonthSwitcher, currentMonth, useLoad } from "../components";
import { formatArea, formatMoney, label, monthBounds, resultLabel } from "../lib/format";
import { useSession } from "../session";

// My figures for a month (analytics' GetManagerReport).
export function ReportPage() {
  const { api, session } = useSession();
  const [month, setMonth] = useState(currentMonth);
  const bounds = monthBounds(month.year, month.month);
  const report = useLoad(
    () => api.managerReport(session!.subject, bounds.start, bounds.end),
    [session!.subject, bounds.start, bounds.end],
  );
  const r = report.data;
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
            <Figure title="Продажи" value={r.salesCount ?? "0"} testId="sales-count" />
            <Figure title="Площадь" value={formatArea(r.areaDm2)} />
            <Figure title="Выручка без НДС" value={formatMoney(r.netAmount)} />
            <Figure title="Выручка с НДС" value={formatMoney(r.totalAmount)} testId="total-amount" />
            <Figure title="Конверсия" value={`${((r.conversionBp ?? 0) / 100).toLocaleString("ru-RU")} %`} />
            <Figure title="Открытые задачи" value={r.openContacts ?? "0"} />
          </div>
          <div className="columns">
            <Breakdown title="Контакты по типам" rows={(r.contactsByType ?? []).map((c) => [label(c.key), c.count ?? "0"])} />
            <Breakdown
              title="Контакты по результатам"
              rows={(r.contactsByResult ?? []).map((c) => [resultLabel(c.key), c.count ?? "0"])}
            />
          </div>
        </>
      )}
    </section>
  );
}

function Figure({ title, value, testId }: { title: string; value: string; testId?: string }) {
  return (
    <div className="figure">
      <div className="figure-title">{title}</div>
      <div className="figure-value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function Breakdown({ title, rows }: { title: string; rows: [string, string][] }) {
  const max = Math.max(1, ...rows.map(([, n]) => Number(n)));
  return (
    <div className="panel">
      <h3>{title}</h3>
      {rows.length === 0 && <p className="muted">Нет данных</p>}
      {rows.map(([k, n]) => (
        <div className="bar-row" key={k}>
          <span className="bar-label">{k}</span>
          <span className="bar" style={{ width: `${(Number(n) / max) * 100}%` }} />
          <span className="num">{n}</span>
        </div>
      ))}
    </div>
  );
}
