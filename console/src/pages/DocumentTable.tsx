import { useState } from "react";
import { errorText } from "../api/errors";
import type { DocumentItem } from "../api/types";
import { ClientLink } from "../components";
import { saveDocument } from "../download";
import { formatDate, formatMoney, label } from "../lib/format";
import { useSession } from "../session";

export function DocumentTable({ documents, showClient }: { documents: DocumentItem[]; showClient?: boolean }) {
  const { api } = useSession();
  const [error, setError] = useState("");
  async function download(name: string) {
    setError("");
    try {
      await saveDocument(api, name);
    } catch (e) {
      setError(errorText(e));
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
          {documents.map((d) => (
            <tr key={d.name}>
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
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
