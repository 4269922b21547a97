import { useEffect, useRef } from "react";
import { Link } from "react-router-dom";
import type { ReportClient, ReportClientsQuery } from "../api/types";
import { ErrorBox, Loading, usePagedLoad } from "../components";
import { formatArea, idOf } from "../lib/format";
import { marketKeyLabel } from "../lib/market";
import { useSession } from "../session";

// The clients behind one market analysis figure, 50 at a time, each linked to its card.
export function ClientsDrill({
  title,
  query,
  onClose,
}: {
  title: string;
  query: ReportClientsQuery;
  onClose: () => void;
}) {
  const { api } = useSession();
  const list = usePagedLoad<ReportClient>(
    async (pageToken) => {
      const r = await api.reportClients(query, pageToken);
      return { items: r.clients ?? [], nextPageToken: r.nextPageToken };
    },
    [JSON.stringify(query)],
  );
  const clients = list.items;
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.scrollIntoView({ block: "nearest" });
  }, [query]);

  const withArea = clients.some((c) => Number(c.areaDm2 ?? 0) > 0);
  return (
    <section className="panel" data-testid="clients-drill" ref={panel}>
      <div className="month-head">
        <h2>{title}</h2>
        <button className="secondary" onClick={onClose}>
          Закрыть
        </button>
      </div>
      <ErrorBox error={list.error} />
      <Loading when={list.loading && clients.length === 0} />
      {!list.loading && !list.error && clients.length === 0 && <p className="muted">Клиентов нет</p>}
      {clients.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Клиент</th>
              <th>Округ</th>
              <th>Регион</th>
              <th>Отрасль</th>
              <th>Участник</th>
              {withArea && <th className="num">Площадь</th>}
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.client} data-client={c.client}>
                <td>
                  <Link to={`/clients/${idOf(c.client)}`}>{c.displayName || c.client}</Link>
                </td>
                <td>{marketKeyLabel("district", c.federalDistrictCode)}</td>
                <td>{marketKeyLabel("region", c.regionCode)}</td>
                <td>{marketKeyLabel("industry", c.industry)}</td>
                <td>{c.exhibitor ? "да" : "нет"}</td>
                {withArea && <td className="num">{formatArea(c.areaDm2)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasMore && (
        <button className="secondary" disabled={list.loading} onClick={list.more}>
          Показать ещё
        </button>
      )}
    </section>
  );
}
