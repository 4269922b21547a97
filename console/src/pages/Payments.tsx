import { useState } from "react";
import type { ChangeEvent, FormEvent } from "react";
import { formErrorsFrom, noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { DocumentItem, ImportedStatement, Payment } from "../api/types";
import { ClientLink, ErrorBox, Field, FormMessages, Loading, useLoad } from "../components";
import { bytesToBase64, formatDate, formatMoney, label, parseRubles } from "../lib/format";
import { useSession } from "../session";

// The accountant's payments: a bank statement imported from the bank's 1C file, the incoming
// payments (or only the unmatched queue), matching a payment to an invoice and undoing it.
export function PaymentsPage() {
  const { api } = useSession();
  const [unmatchedOnly, setUnmatchedOnly] = useState(true);
  const payments = useLoad(() => api.listPayments(unmatchedOnly), [unmatchedOnly]);
  const [matching, setMatching] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function unmatch(p: Payment) {
    setError(null);
    try {
      await api.unmatchPayment(p.name);
      payments.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="stack">
      <StatementImport onImported={payments.reload} />
      <section className="panel">
        <div className="month-head">
          <h2>{unmatchedOnly ? "Неразнесённые платежи" : "Входящие платежи"}</h2>
          <label className="check">
            <input type="checkbox" checked={unmatchedOnly} onChange={(e) => setUnmatchedOnly(e.target.checked)} />
            только неразнесённые
          </label>
        </div>
        <ErrorBox error={payments.error ?? error} />
        <Loading when={payments.loading && !payments.data} />
        {payments.data && (payments.data.payments ?? []).length === 0 && <p className="muted">Платежей нет.</p>}
        {(payments.data?.payments ?? []).length > 0 && (
          <table className="table" data-testid="payments">
            <thead>
              <tr>
                <th>Дата</th>
                <th>№</th>
                <th>Плательщик</th>
                <th>Сумма</th>
                <th>Назначение</th>
                <th>Состояние</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {(payments.data?.payments ?? []).map((p) => (
                <tr key={p.name} data-payment={p.number}>
                  <td>{formatDate(p.date)}</td>
                  <td>{p.number}</td>
                  <td>
                    {p.payer?.name}
                    <div className="muted small">ИНН {p.payer?.inn}</div>
                  </td>
                  <td className="num">{formatMoney(p.amount)}</td>
                  <td className="small">{p.purpose}</td>
                  <td>
                    {label(p.matchState)}
                    {(p.allocations ?? []).map((a) => (
                      <div key={a.invoice} className="small muted">
                        счёт {a.invoiceNumber}: {formatMoney(a.amount)}
                      </div>
                    ))}
                  </td>
                  <td>
                    {p.matchState === "PAYMENT_MATCH_STATE_UNMATCHED" && (
                      <button onClick={() => setMatching(matching === p.name ? null : p.name)}>Разнести</button>
                    )}
                    {p.matchState === "PAYMENT_MATCH_STATE_MATCHED" && (
                      <button className="secondary" onClick={() => unmatch(p)}>
                        Отменить разноску
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {matching && (
          <MatchForm
            payment={(payments.data?.payments ?? []).find((p) => p.name === matching)!}
            onDone={() => {
              setMatching(null);
              payments.reload();
            }}
          />
        )}
      </section>
    </div>
  );
}

function StatementImport({ onImported }: { onImported: () => void }) {
  const { api } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [result, setResult] = useState<ImportedStatement | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      const content = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
      setResult(await api.importBankStatement(content, file.name));
      setErrors(noErrors);
      onImported();
    } catch (err) {
      setErrors(formErrorsFrom(err, ["content", "fileName"]));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel">
      <form className="form inline" onSubmit={submit} data-testid="statement-import">
        <Field label="Выписка банка (1CClientBankExchange, .txt)" error={errors.fields.content ?? errors.fields.fileName}>
          <input type="file" name="statement" accept=".txt,text/plain" onChange={(e: ChangeEvent<HTMLInputElement>) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <button type="submit" disabled={!file || busy}>
          Загрузить выписку
        </button>
      </form>
      <FormMessages errors={errors} />
      {result && (
        <p className="ok" role="status">
          Документов в выписке: {result.documentCount ?? 0}, загружено: {result.importedCount ?? 0}, повторов:{" "}
          {result.duplicateCount ?? 0}
        </p>
      )}
    </section>
  );
}

// Matches a payment to one invoice: the payer's open invoices (found by the payer's INN), the
// amount the payment has left by default.
function MatchForm({ payment, onDone }: { payment: Payment; onDone: () => void }) {
  const { api } = useSession();
  const invoices = useLoad(async () => {
    const inn = payment.payer?.inn;
    if (!inn) return [] as DocumentItem[];
    const clients = (await api.searchClients({ inn })).clients ?? [];
    const lists = await Promise.all(
      clients.map((c) => api.listDocuments({ client: c.name, type: "DOCUMENT_TYPE_INVOICE" })),
    );
    return lists.flatMap((l) => l.documents ?? []).filter((d) => d.status !== "DOCUMENT_STATUS_ANNULLED");
  }, [payment.name]);
  const unallocated = payment.unallocatedAmount ?? payment.amount;
  const [form, setForm] = useState({
    invoice: "",
    amount: unallocated ? formatMoney(unallocated).replace(/[^\d,]/g, "") : "",
  });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const invoice = form.invoice || invoices.data?.[0]?.name || "";

  async function submit(e: FormEvent) {
    e.preventDefault();
    const amount = parseRubles(form.amount);
    if (!amount) {
      setErrors({ fields: { amount: "Сумма в рублях, например 12500,00" }, general: [] });
      return;
    }
    try {
      await api.matchPayment(payment.name, [{ invoice, amount }]);
      onDone();
    } catch (err) {
      setErrors(
        formErrorsFrom(err, ["invoice", "amount"], "", {
          "invoices.invoice": "invoice",
          "invoices.amount": "amount",
          invoices: "invoice",
        }),
      );
    }
  }

  return (
    <form className="form panel-inset" onSubmit={submit} data-testid="match-form">
      <h3>
        Разнести платёж № {payment.number} ({formatMoney(payment.amount)})
      </h3>
      <ErrorBox error={invoices.error} />
      <Field label="Счёт плательщика" error={errors.fields.invoice}>
        <select name="invoice" value={invoice} onChange={(e) => setForm({ ...form, invoice: e.target.value })}>
          {(invoices.data ?? []).map((d) => (
            <option key={d.name} value={d.name}>
              № {d.number} от {formatDate(d.issueDate)} на {formatMoney(d.totalAmount)}
            </option>
          ))}
        </select>
      </Field>
      {invoices.data && invoices.data.length > 0 && invoices.data[0].client && (
        <p className="small">
          Клиент: <ClientLink name={invoices.data[0].client} />
        </p>
      )}
      {invoices.data && invoices.data.length === 0 && <p className="muted">У плательщика нет выставленных счетов.</p>}
      <Field label="Сумма, ₽" error={errors.fields.amount}>
        <input name="amount" value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} inputMode="decimal" />
      </Field>
      <FormMessages errors={errors} />
      <button type="submit" disabled={!invoice}>
        Разнести
      </button>
    </form>
  );
}
