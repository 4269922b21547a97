import { useState } from "react";
import type { FormEvent } from "react";
import { problemText } from "../api/errors";
import { formErrorsFrom, noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { ClientImport, ImportRow } from "../api/types";
import { Field, FormMessages } from "../components";
import { bytesToBase64, fieldLabel, label } from "../lib/format";
import { useSession } from "../session";

// The analyst's import of clients from a CSV or Excel file: the file goes up, the suggested
// column mapping is shown, then a dry run or the real run with its progress as it streams.
export function ImportPage() {
  const { api } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [uploaded, setUploaded] = useState<ClientImport | null>(null);
  const [progress, setProgress] = useState<ClientImport | null>(null);
  const [running, setRunning] = useState(false);
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [rowErrors, setRowErrors] = useState<ImportRow[]>([]);

  async function upload(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setProgress(null);
    try {
      const content = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
      const format = file.name.toLowerCase().endsWith(".xlsx") ? "XLSX" : "CSV";
      setUploaded(await api.createImport(file.name, format, content, requestId));
      setRequestId(crypto.randomUUID());
      setErrors(noErrors);
    } catch (err) {
      setErrors(formErrorsFrom(err, ["file"], "", { chunk: "file", import: "file" }));
    }
  }

  async function start(validateOnly: boolean) {
    if (!uploaded) return;
    setRunning(true);
    setErrors(noErrors);
    setRowErrors([]);
    try {
      let last: ClientImport | null = null;
      await api.runImport(uploaded.name, validateOnly, (p) => {
        last = p;
        setProgress(p);
      });
      if (((last as ClientImport | null)?.counts?.error ?? 0) > 0) {
        setRowErrors((await api.importRowErrors(uploaded.name)).rows ?? []);
      }
    } catch (err) {
      setErrors(formErrorsFrom(err, []));
    } finally {
      setRunning(false);
    }
  }

  const total = progress?.totalRows ?? uploaded?.totalRows ?? 0;
  const done = progress?.processedRows ?? 0;
  const counts = progress?.counts ?? {};
  return (
    <section className="panel">
      <h2>Импорт клиентов</h2>
      <form className="form inline" onSubmit={upload} data-testid="import-upload">
        <Field label="Файл (CSV или Excel)" error={errors.fields.file}>
          <input type="file" name="file" accept=".csv,.xlsx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <button type="submit" disabled={!file || running}>
          Загрузить файл
        </button>
      </form>
      <FormMessages errors={errors} />
      {uploaded && (
        <div className="panel-inset" data-testid="import">
          <p>
            {uploaded.fileName}: строк {uploaded.totalRows ?? 0}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th>Колонка файла</th>
                <th>Поле клиента</th>
              </tr>
            </thead>
            <tbody>
              {(uploaded.columnMappings ?? []).map((m) => (
                <tr key={m.column}>
                  <td>{m.column}</td>
                  <td>{fieldLabel(m.field)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="tabs">
            <button onClick={() => start(true)} disabled={running}>
              Пробный прогон
            </button>
            <button onClick={() => start(false)} disabled={running}>
              Импортировать
            </button>
          </div>
          {progress && (
            <div data-testid="import-progress" data-state={progress.state}>
              <div className="progress">
                <span style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
              </div>
              <p>
                Обработано {done} из {total}: создано {counts.created ?? 0}, обновлено {counts.updated ?? 0}, без
                изменений {counts.unchanged ?? 0}, дубликатов {counts.duplicate ?? 0}, ошибок {counts.error ?? 0}
                {(progress.state === "STATE_COMPLETED" || progress.state === "STATE_DRY_RUN_DONE") && ` — ${label(progress.state)}`}
              </p>
              {rowErrors.length > 0 && (
                <table className="table" data-testid="import-errors">
                  <thead>
                    <tr>
                      <th>Строка</th>
                      <th>Клиент</th>
                      <th>Что не так</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rowErrors.map((r) => (
                      <tr key={r.name}>
                        <td>{r.rowNumber}</td>
                        <td>
                          {r.displayName} {r.inn && <span className="muted">ИНН {r.inn}</span>}
                        </td>
                        <td className="small">
                          {(r.problems ?? []).map((p, i) => (
                            <div key={i}>
                              {p.column || fieldLabel(p.field)}: {problemText(p)}
                            </div>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
