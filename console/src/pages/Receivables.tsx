import { useState } from "react";
import type { ReceivablesFigures } from "../api/types";
import { ErrorBox, Loading, useLoad } from "../components";
import { formatDate, formatMoney } from "../lib/format";
import { useSession } from "../session";

type Grouping = "CLIENT" | "EDITION" | "MANAGER";
const groupings: Record<Grouping, string> = { CLIENT: "по клиентам", EDITION: "по выставкам", MANAGER: "по менеджерам" };

// Receivables: what the invoices still owe, by client, edition or manager, with the ageing.
export function ReceivablesPage() {
  const { api } = useSession();
  const [groupBy, setGroupBy] = useState<Grouping>("CLIENT");
  const data = useLoad(() => api.receivables(groupBy), [groupBy]);
  const r = data.data;
  return (
    <section className="panel">
      <div className="month-head">
        <h2>Дебиторская задолженность{r?.asOf ? ` на ${formatDate(r.asOf)}` : ""}</h2>
        <div className="tabs" role="tablist">
          {(Object.keys(groupings) as Grouping[]).map((g) => (
            <button key={g} role="tab" aria-selected={g === groupBy} className={g === groupBy ? "active" : ""} onClick={() => setGroupBy(g)}>
              {groupings[g]}
            </button>
          ))}
        </div>
        <button onClick={data.reload}>Обновить</button>
      </div>
      <ErrorBox error={data.error} />
      <Loading when={data.loading && !r} />
      {r && (
        <table className="table" data-testid="receivables">
          <thead>
            <tr>
              <th></th>
              <th>Счетов</th>
              <th>Выставлено</th>
              <th>Оплачено</th>
              <th>Долг</th>
              <th>Не наступил</th>
              <th>1–30 дн.</th>
              <th>31–60</th>
              <th>61–90</th>
              <th>90+</th>
            </tr>
          </thead>
          <tbody>
            {(r.groups ?? []).map((g) => (
              <Row key={g.key} title={g.displayName || g.key || ""} sub={g.clientInn ? `ИНН ${g.clientInn}` : ""} f={g.figures} />
            ))}
          </tbody>
          <tfoot>
            <Row title="Итого" f={r.total} testId="receivables-total" />
          </tfoot>
        </table>
      )}
    </section>
  );
}

function Row({ title, sub, f, testId }: { title: string; sub?: string; f?: ReceivablesFigures; testId?: string }) {
  const a = f?.ageing;
  return (
    <tr data-testid={testId} data-group={title}>
      <td>
        {title}
        {sub && <div className="muted small">{sub}</div>}
      </td>
      <td className="num">{f?.invoiceCount ?? 0}</td>
      <td className="num">{formatMoney(f?.invoiced)}</td>
      <td className="num" data-testid={testId ? `${testId}-paid` : undefined}>
        {formatMoney(f?.paid)}
      </td>
      <td className="num">
        <b>{formatMoney(f?.outstanding)}</b>
      </td>
      <td className="num">{formatMoney(a?.notDue)}</td>
      <td className="num">{formatMoney(a?.overdue1To30Days)}</td>
      <td className="num">{formatMoney(a?.overdue31To60Days)}</td>
      <td className="num">{formatMoney(a?.overdue61To90Days)}</td>
      <td className="num">{formatMoney(a?.overdueOver90Days)}</td>
    </tr>
  );
}
