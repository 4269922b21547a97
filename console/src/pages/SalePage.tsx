import { useEffect } from "react";
import { useParams } from "react-router-dom";
import { ClientLink, ErrorBox, Loading, useLoad } from "../components";
import { formatArea, formatDateTime, formatMoney, label } from "../lib/format";
import { packageStage, packageStillComing } from "../lib/salePackage";
import { useSession } from "../session";
import { DocumentTable } from "./DocumentTable";

// A sale and its documents. The documents service issues the invoice as soon as it hears of the
// sale and the rest of the package (application, contract, checklist, manuals) a moment after it,
// so the list of an active sale is refreshed until the contract is there (lib/salePackage.ts).
export function SalePage() {
  const { id } = useParams();
  const name = `sales/${id}`;
  const { api } = useSession();
  const sale = useLoad(() => api.getSale(name), [name]);
  const documents = useLoad(() => api.listDocuments({ sale: name }), [name]);
  const list = documents.data?.documents ?? [];
  const count = list.length;
  const stage = packageStage(sale.data?.state, list.map((d) => d.type ?? ""));
  const waiting = packageStillComing(stage);
  const { reload } = documents;

  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(reload, 1500);
    return () => clearTimeout(timer);
  }, [waiting, documents.data, documents.error, reload]);

  const s = sale.data;
  return (
    <div className="columns">
      <section className="panel">
        <ErrorBox error={sale.error} />
        <Loading when={sale.loading && !s} />
        {s && (
          <>
            <h2>Продажа: стенд {s.standNumber}</h2>
            <dl className="requisites" data-testid="sale">
              <dt>Клиент</dt>
              <dd>{s.client && <ClientLink name={s.client} />}</dd>
              <dt>Стенд</dt>
              <dd>
                {s.standNumber} · {label(s.standType)} · {formatArea(s.areaDm2)}
              </dd>
              <dt>Цена за м²</dt>
              <dd>{formatMoney(s.pricePerM2)}</dd>
              <dt>Без НДС</dt>
              <dd>{formatMoney(s.netAmount)}</dd>
              <dt>НДС</dt>
              <dd>{formatMoney(s.vatAmount)}</dd>
              <dt>Итого</dt>
              <dd data-testid="sale-total">
                <b>{formatMoney(s.totalAmount)}</b>
              </dd>
              <dt>Когда</dt>
              <dd>{formatDateTime(s.saleTime)}</dd>
              <dt>Состояние</dt>
              <dd>{label(s.state)}</dd>
            </dl>
          </>
        )}
      </section>
      <section className="panel">
        <h2>Документы</h2>
        <ErrorBox error={documents.error} />
        {stage === "preparing" && <p className="muted">Документы готовятся…</p>}
        {stage === "awaiting-approval" && count === 0 && (
          <p className="muted" data-testid="package-awaiting-approval">
            Скидка ждёт согласования руководителя отдела продаж: документы будут выставлены после
            него.
          </p>
        )}
        {count > 0 && <DocumentTable documents={list} onChanged={reload} />}
        {count > 0 && waiting && (
          <p className="muted" data-testid="package-waiting">
            Счёт выставлен; договор и остальные документы пакета готовятся…
          </p>
        )}
      </section>
    </div>
  );
}
