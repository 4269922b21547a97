import { useState } from "react";
import { errorText } from "../api/errors";
import type { DuplicateCluster, Merge, VerificationItem } from "../api/types";
import { ClientLink, Decision, ErrorBox, Loading, useLoad } from "../components";
import { formatDateTime, label } from "../lib/format";
import { useSession } from "../session";

// The analyst's data quality: the verification queue (verify or reject a record) and duplicates
// (merge a cluster into the record that survives, and undo the merge).
export function QualityPage() {
  return (
    <div className="stack">
      <VerificationQueue />
      <Duplicates />
    </div>
  );
}

function VerificationQueue() {
  const { api } = useSession();
  const queue = useLoad(() => api.verificationQueue(), []);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState("");

  async function decide(item: VerificationItem, verify: boolean) {
    setError("");
    try {
      if (verify) await api.verifyClient(item.client!, item.clientEtag ?? "");
      else await api.rejectClient(item.client!, item.clientEtag ?? "", reasons[item.name] ?? "");
      queue.reload();
    } catch (e) {
      setError(`${item.clientDisplayName}: ${errorText(e)}`);
    }
  }

  const items = queue.data?.verificationItems ?? [];
  return (
    <section className="panel">
      <h2>Очередь проверки</h2>
      <ErrorBox error={queue.error} />
      {error && (
        <div className="alert" role="alert">
          {error}
        </div>
      )}
      <Loading when={queue.loading && !queue.data} />
      {queue.data && items.length === 0 && <p className="muted">Очередь пуста.</p>}
      {items.length > 0 && (
        <table className="table" data-testid="verification-queue">
          <thead>
            <tr>
              <th>Клиент</th>
              <th>Причина</th>
              <th>Возможные дубли</th>
              <th>Решение</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.name} data-client={item.clientDisplayName}>
                <td>
                  {item.client && <ClientLink name={item.client} />}
                  <div className="small muted">{formatDateTime(item.createTime)}</div>
                </td>
                <td>
                  {label(item.reason)}
                  {item.problem && <div className="small">{item.problem}</div>}
                </td>
                <td className="small">
                  {(item.candidates ?? []).map((c) => (
                    <div key={c.client}>
                      {c.displayName} (ИНН {c.inn}) — {(c.reasons ?? []).map(label).join(", ")}
                    </div>
                  ))}
                </td>
                <td>
                  <Decision
                    approveLabel="Подтвердить"
                    reason={reasons[item.name] ?? ""}
                    onReason={(text) => setReasons({ ...reasons, [item.name]: text })}
                    onApprove={() => decide(item, true)}
                    onReject={() => decide(item, false)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Duplicates() {
  const { api } = useSession();
  const [clusters, setClusters] = useState<DuplicateCluster[] | null>(null);
  const [error, setError] = useState("");
  const [merge, setMerge] = useState<Merge | null>(null);
  const [busy, setBusy] = useState(false);

  async function find() {
    setBusy(true);
    setError("");
    try {
      setClusters((await api.findDuplicates()).clusters ?? []);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel">
      <div className="month-head">
        <h2>Дубликаты</h2>
        <button onClick={find} disabled={busy}>
          Найти дубликаты
        </button>
      </div>
      {error && (
        <div className="alert" role="alert">
          {error}
        </div>
      )}
      {merge && <MergeDone merge={merge} onUndone={(m) => setMerge(m)} />}
      {clusters && clusters.length === 0 && <p className="muted">Дубликатов не найдено.</p>}
      {(clusters ?? []).map((c, i) => (
        <ClusterForm
          key={(c.members ?? []).map((m) => m.client).join(",") + i}
          cluster={c}
          onMerged={(m) => {
            setMerge(m);
            find();
          }}
        />
      ))}
    </section>
  );
}

function ClusterForm({ cluster, onMerged }: { cluster: DuplicateCluster; onMerged: (m: Merge) => void }) {
  const { api } = useSession();
  const members = cluster.members ?? [];
  const [survivor, setSurvivor] = useState(members[0]?.client ?? "");
  const [merged, setMerged] = useState<string[]>(members.slice(1).map((m) => m.client));
  const [requestId] = useState(() => crypto.randomUUID());
  const [error, setError] = useState("");

  async function submit() {
    setError("");
    const etags = Object.fromEntries(members.map((m) => [m.client, m.etag ?? ""]));
    try {
      onMerged(await api.mergeClients(survivor, merged.filter((m) => m !== survivor), etags, requestId));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className="panel-inset" data-testid="duplicate-cluster">
      <div className="small muted">
        Сходство до {cluster.maxScore ?? 0}:{" "}
        {Array.from(new Set((cluster.pairs ?? []).flatMap((p) => p.reasons ?? [])))
          .map(label)
          .join(", ")}
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>Остаётся</th>
            <th>Объединить</th>
            <th>Клиент</th>
            <th>ИНН / КПП</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.client} data-member={m.displayName}>
              <td>
                <input
                  type="radio"
                  name={`survivor-${members[0]?.client}`}
                  aria-label={`Оставить ${m.displayName}`}
                  checked={survivor === m.client}
                  onChange={() => {
                    setSurvivor(m.client);
                    setMerged(members.filter((x) => x.client !== m.client).map((x) => x.client));
                  }}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Объединить ${m.displayName}`}
                  disabled={survivor === m.client}
                  checked={survivor !== m.client && merged.includes(m.client)}
                  onChange={(e) =>
                    setMerged(e.target.checked ? [...merged, m.client] : merged.filter((x) => x !== m.client))
                  }
                />
              </td>
              <td>
                <ClientLink name={m.client} />
                <div className="small muted">{m.legalName}</div>
              </td>
              <td>
                {m.inn}
                {m.kpp ? ` / ${m.kpp}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <div className="alert" role="alert">
          {error}
        </div>
      )}
      <button onClick={submit} disabled={merged.filter((m) => m !== survivor).length === 0}>
        Объединить
      </button>
    </div>
  );
}

function MergeDone({ merge, onUndone }: { merge: Merge; onUndone: (m: Merge) => void }) {
  const { api } = useSession();
  const [error, setError] = useState("");
  async function undo() {
    try {
      onUndone(await api.undoMerge(merge.name));
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div className="ok" role="status" data-testid="merge-result">
      {merge.undoTime ? (
        <>Объединение отменено: записи восстановлены.</>
      ) : (
        <>
          Объединено записей: {(merge.merged ?? []).length}; перенесено контактных лиц: {merge.movedContactPersons ?? 0}
          {(merge.filledFields ?? []).length > 0 && <> ; дополнены поля: {(merge.filledFields ?? []).join(", ")}</>}.{" "}
          <button onClick={undo}>Отменить объединение</button>
        </>
      )}
      {error && <div className="alert">{error}</div>}
    </div>
  );
}
