import { useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import type { ReportClient, ReportClientsQuery } from "../api/types";
import { ErrorBox, Loading } from "../components";
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
  const [clients, setClients] = useState<ReportClient[]>([]);
  const [next, setNext] = useState("");
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const panel = useRef<HTMLDivElement>(null);

  async function load(from: ReportClient[], token?: string) {
    setLoading(true);
    try {
      const r = await api.reportClients(query, token);
      setClients([...from, ...(r.clients ?? [])]);
      setNext(r.nextPageToken ?? "");
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  const queryKey = JSON.stringify(query);
  useEffect(() => {
    setClients([]);
    setNext("");
    void load([]);
    panel.current?.scrollIntoView({ block: "nearest" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey]);

  const withArea = clients.some((c) => Number(c.areaDm2 ?? 0) > 0);
  return (
    <section className="panel" data-testid="clients-drill" ref={panel}>
      <div className="month-head">
        <h2>{title}</h2>
        <button className="secondary" onClick={onClose}>
          Закрыть
        </button>
      </div>
      <ErrorBox error={error} />
      <Loading when={loading && clients.length === 0} />
      {!loading && !error && clients.length === 0 && <p className="muted">Клиентов нет</p>}
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
      {next && (
        <button className="secondary" disabled={loading} onClick={() => void load(clients, next)}>
          Показать ещё
        </button>
      )}
    </section>
  );
}
