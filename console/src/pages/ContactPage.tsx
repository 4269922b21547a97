import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { formErrorsFrom, noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Contact, ContactResult } from "../api/types";
import { ClientLink, ErrorBox, Field, FormMessages, Loading, useLoad } from "../components";
import {
  formatArea,
  formatDateTime,
  formatMoney,
  idOf,
  label,
  localInputToRfc3339,
  resultKind,
  resultLabel,
} from "../lib/format";
import { useSession } from "../session";

// One contact: what was planned, and recording its result (a note, a reschedule, a refusal or a
// sale of a stand from the sales board, priced by the edition's price list).
export function ContactPage() {
  const { id } = useParams();
  const name = `contacts/${id}`;
  const { api } = useSession();
  const contact = useLoad(() => api.getContact(name), [name]);
  const c = contact.data;
  return (
    <div className="columns">
      <section className="panel">
        <ErrorBox error={contact.error} />
        <Loading when={contact.loading && !c} />
        {c && (
          <>
            <h2>
              {label(c.type)}: {c.purpose || "задача"}
            </h2>
            <dl className="requisites">
              <dt>Клиент</dt>
              <dd>
                <ClientLink name={c.client} />
              </dd>
              <dt>Когда</dt>
              <dd>{formatDateTime(c.scheduledTime)}</dd>
              <dt>Состояние</dt>
              <dd data-testid="contact-state">{label(c.state)}</dd>
              {c.result && (
                <>
                  <dt>Результат</dt>
                  <dd>{resultLabel(resultKind(c.result))}</dd>
                </>
              )}
            </dl>
          </>
        )}
      </section>
      {c && c.state === "CONTACT_STATE_PLANNED" && (
        <section className="panel">
          <ResultForm contact={c} onDone={contact.reload} />
        </section>
      )}
    </div>
  );
}

type Kind = "note" | "sale" | "reschedule" | "refusal";
const resultFields = ["text", "standNumber", "discountPercent", "newTime", "reason", "details"] as const;

function ResultForm({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const { api } = useSession();
  const navigate = useNavigate();
  const [kind, setKind] = useState<Kind>("sale");
  const [form, setForm] = useState({
    text: "",
    standNumber: "",
    discountPercent: "",
    discountReason: "",
    newTime: "",
    reason: "",
    details: "",
  });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const board = useLoad(() => api.salesBoard(contact.edition), [contact.edition]);
  const stands = board.data?.freeStands ?? [];
  const prices = (board.data?.cells ?? []).filter((cell) => cell.listPricePerM2);
  const priceOf = (type?: string) => prices.find((p) => p.standType === type)?.listPricePerM2;

  function result(): ContactResult {
    switch (kind) {
      case "note":
        return { note: { text: form.text } };
      case "reschedule":
        return { reschedule: { newTime: localInputToRfc3339(form.newTime) ?? "", reason: form.reason } };
      case "refusal":
        return { refusal: { details: form.details } };
      case "sale": {
        const percent = Number(form.discountPercent.replace(",", "."));
        return {
          sale: {
            standNumber: form.standNumber,
            discount:
              form.discountPercent && percent > 0
                ? { percentBp: Math.round(percent * 100), reason: form.discountReason }
                : undefined,
          },
        };
      }
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await api.completeContact(contact.name, result());
      setErrors(noErrors);
      if (r.sale) navigate(`/sales/${idOf(r.sale.name)}`);
      else onDone();
    } catch (err) {
      setErrors(
        formErrorsFrom(err, resultFields, "result", {
          "sale.standNumber": "standNumber",
          "sale.areaDm2": "standNumber",
          "sale.discount": "discountPercent",
          "sale.discount.percentBp": "discountPercent",
          "note.text": "text",
          "reschedule.newTime": "newTime",
          "reschedule.reason": "reason",
          "refusal.details": "details",
        }),
      );
    } finally {
      setBusy(false);
    }
  }

  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setForm({ ...form, [k]: e.target.value });

  return (
    <form className="form" onSubmit={submit} data-testid="result-form">
      <h3>Результат контакта</h3>
      <div className="tabs" role="tablist">
        {(["sale", "note", "reschedule", "refusal"] as Kind[]).map((k) => (
          <button
            type="button"
            key={k}
            role="tab"
            aria-selected={kind === k}
            className={kind === k ? "active" : ""}
            onClick={() => setKind(k)}
          >
            {resultLabel(k)}
          </button>
        ))}
      </div>
      {kind === "note" && (
        <Field label="Заметка" error={errors.fields.text}>
          <textarea name="text" value={form.text} onChange={set("text")} rows={3} />
        </Field>
      )}
      {kind === "reschedule" && (
        <>
          <Field label="Новое время" error={errors.fields.newTime}>
            <input type="datetime-local" name="newTime" value={form.newTime} onChange={set("newTime")} />
          </Field>
          <Field label="Причина" error={errors.fields.reason}>
            <input name="reason" value={form.reason} onChange={set("reason")} />
          </Field>
        </>
      )}
      {kind === "refusal" && (
        <Field label="Подробности" error={errors.fields.details}>
          <textarea name="details" value={form.details} onChange={set("details")} rows={3} />
        </Field>
      )}
      {kind === "sale" && (
        <>
          <ErrorBox error={board.error} />
          {prices.length > 0 && (
            <p className="small muted" data-testid="price-list">
              Прайс-лист:{" "}
              {Array.from(new Map(prices.map((p) => [p.standType, p])).values())
                .map((p) => `${label(p.standType)} — ${formatMoney(p.listPricePerM2)}/м²`)
                .join("; ")}
            </p>
          )}
          <Field label="Стенд (свободные по доске продаж)" error={errors.fields.standNumber} group>
            <div className="stands" data-testid="free-stands">
              {stands.length === 0 && !board.loading && <span className="muted">Свободных стендов нет</span>}
              {stands.map((s) => (
                <label key={s.standId ?? s.number} className={form.standNumber === s.number ? "stand picked" : "stand"}>
                  <input
                    type="radio"
                    name="standNumber"
                    value={s.number}
                    checked={form.standNumber === s.number}
                    onChange={set("standNumber")}
                  />
                  <b>{s.number}</b> {s.hall && <span className="muted">{s.hall}</span>} · {label(s.standType)} ·{" "}
                  {formatArea(s.areaDm2)} · {formatMoney(s.listAmount)}
                  {priceOf(s.standType) && <span className="muted"> ({formatMoney(priceOf(s.standType))}/м²)</span>}
                </label>
              ))}
            </div>
          </Field>
          <Field label="Скидка, %" error={errors.fields.discountPercent}>
            <input name="discountPercent" value={form.discountPercent} onChange={set("discountPercent")} inputMode="decimal" />
          </Field>
          {form.discountPercent && (
            <Field label="Основание скидки">
              <input name="discountReason" value={form.discountReason} onChange={set("discountReason")} />
            </Field>
          )}
        </>
      )}
      <FormMessages errors={errors} />
      <button type="submit" disabled={busy}>
        Записать результат
      </button>
      <p className="small">
        <Link to={`/clients/${idOf(contact.client)}`}>К карточке клиента</Link>
      </p>
    </form>
  );
}
