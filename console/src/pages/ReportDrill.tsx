import { Link } from "react-router-dom";
import type { ReportContact, ReportSale, SalesReportRecordKind } from "../api/types";
import { ClientLink, ErrorBox, Loading, usePagedLoad } from "../components";
import { formatArea, formatDateTime, formatMoney, idOf, label, resultLabel } from "../lib/format";
import { useSession } from "../session";

// A figure of a manager's report to drill into: its kind of records, narrowed to one contact
// type or result where the figure is one row of a breakdown.
export interface DrillSelection {
  title: string;
  kind: SalesReportRecordKind;
  contactType?: string;
  resultKind?: string;
}

// The records behind one figure of `manager`'s report for [start, end): the sales or the contacts
// analytics counted in it, 50 at a time; each links to its sale or contact.
export function ReportDrill({
  manager,
  start,
  end,
  selection,
  onClose,
}: {
  manager: string;
  start: string;
  end: string;
  selection: DrillSelection;
  onClose: () => void;
}) {
  const { api } = useSession();
  const records = usePagedLoad<ReportSale | ReportContact>(
    async (pageToken) => {
      const r = await api.managerReportRecords(manager, start, end, selection.kind, {
        contactType: selection.contactType,
        resultKind: selection.resultKind,
        pageToken,
      });
      return {
        items: [...(r.sales ?? []), ...(r.contacts ?? []), ...(r.openContacts ?? [])],
        nextPageToken: r.nextPageToken,
      };
    },
    [manager, start, end, selection.kind, selection.contactType, selection.resultKind],
  );
  const count = records.items.length;
  return (
    <div className="panel-inset" data-testid="report-drill">
      <div className="month-head">
        <h3>{selection.title}</h3>
        <button className="secondary" onClick={onClose}>
          Закрыть
        </button>
      </div>
      <ErrorBox error={records.error} />
      <Loading when={records.loading && count === 0} />
      {!records.loading && !records.error && count === 0 && <p className="muted">Записей нет</p>}
      {selection.kind === "SALES" && count > 0 && <SalesTable sales={records.items as ReportSale[]} />}
      {selection.kind !== "SALES" && count > 0 && (
        <ContactsTable contacts={records.items as ReportContact[]} open={selection.kind === "OPEN_CONTACTS"} />
      )}
      {records.hasMore && (
        <button className="secondary" disabled={records.loading} onClick={records.more}>
          Показать ещё
        </button>
      )}
    </div>
  );
}

function SalesTable({ sales }: { sales: ReportSale[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Когда</th>
          <th>Клиент</th>
          <th>Стенд</th>
          <th className="num">Площадь</th>
          <th className="num">Без НДС</th>
          <th className="num">Не оплачено</th>
        </tr>
      </thead>
      <tbody>
        {sales.map((s) => (
          <tr key={s.sale} data-sale={s.sale}>
            <td>
              <Link to={`/sales/${idOf(s.sale)}`}>{formatDateTime(s.saleTime)}</Link>
            </td>
            <td>{s.client ? <ClientLink name={s.client} /> : "—"}</td>
            <td>{s.standType ? label(s.standType) : "—"}</td>
            <td className="num">{formatArea(s.areaDm2)}</td>
            <td className="num">{formatMoney(s.netAmount)}</td>
            <td className="num">{formatMoney(s.outstandingAmount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ContactsTable({ contacts, open }: { contacts: ReportContact[]; open: boolean }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{open ? "Назначен на" : "Завершён"}</th>
          <th>Клиент</th>
          <th>Тип</th>
          {!open && <th>Результат</th>}
        </tr>
      </thead>
      <tbody>
        {contacts.map((c) => (
          <tr key={c.contact} data-contact={c.contact}>
            <td>
              <Link to={`/contacts/${idOf(c.contact)}`}>
                {formatDateTime(open ? c.scheduledTime : c.completeTime)}
              </Link>
            </td>
            <td>{c.client ? <ClientLink name={c.client} /> : "—"}</td>
            <td>{label(c.type)}</td>
            {!open && (
              <td>
                {resultLabel(c.resultKind)}
                {c.refusalReason ? ` (${c.refusalReason})` : ""}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
