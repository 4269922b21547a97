import { useEffect, useState } from "react";
import { errorText } from "../api/errors";
import type { DocumentItem } from "../api/types";
import { ClientLink } from "../components";
import { saveDocument } from "../download";
import { formatDate, formatMoney, label } from "../lib/format";
import { useSession } from "../session";

// The documents with their PDFs; a draft (a kind the issuer makes for review first) can be
// rendered again from the sale as it is now and issued, which numbers it. `onChanged` reloads
// the list after either.
export function DocumentTable({
  documents,
  showClient,
  onChanged,
}: {
  documents: DocumentItem[];
  showClient?: boolean;
  onChanged?: () => void;
}) {
  const { api } = useSession();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState("");
  // A document as the last action on it returned it, until the list is loaded again.
  const [updated, setUpdated] = useState<Record<string, DocumentItem>>({});
  useEffect(() => setUpdated({}), [documents]);
  async function download(name: string) {
    setError("");
    try {
      await saveDocument(api, name);
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function draftAction(d: DocumentItem, action: (d: DocumentItem) => Promise<DocumentItem>) {
    setError("");
    setBusy(d.name);
    try {
      const result = await action(d);
      setUpdated((u) => ({ ...u, [d.name]: result }));
      onChanged?.();
    } catch (e) {
      setError(errorText(e));
      onChanged?.(); // a stale etag: the list shows the current version to act on
    } finally {
      setBusy("");
    }
  }
  return (
    <>
      {error && (
        <div className="alert" role="alert">
          {error}
        </div>
      )}
      <table className="table" data-testid="documents">
        <thead>
          <tr>
            <th>Документ</th>
            <th>Номер</th>
            <th>Дата</th>
            {showClient && <th>Клиент</th>}
            <th>Сумма</th>
            <th>Состояние</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {documents.map((listed) => updated[listed.name] ?? listed).map((d) => (
            <tr key={d.name} data-document={d.name} data-status={d.status} data-etag={d.etag}>
              <td>{label(d.type)}</td>
              <td>{d.number}</td>
              <td>{formatDate(d.issueDate)}</td>
              {showClient && <td>{d.client ? <ClientLink name={d.client} /> : d.clientLegalName}</td>}
              <td className="num">{formatMoney(d.totalAmount)}</td>
              <td>{label(d.status)}</td>
              <td>
                <button onClick={() => download(d.name)} data-document-type={d.type}>
                  Скачать PDF
                </button>
                {d.status === "DOCUMENT_STATUS_DRAFT" && (
                  <>
                    {" "}
                    <button
                      className="secondary"
                      disabled={busy === d.name}
                      onClick={() => draftAction(d, (x) => api.renderDocumentDraft(x))}
                    >
                      Обновить проект
                    </button>{" "}
                    <button disabled={busy === d.name} onClick={() => draftAction(d, (x) => api.issueDocument(x))}>
                      Выпустить
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
