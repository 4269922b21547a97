import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { formErrorsFrom, noErrors } from "../api/formErrors";
import type { FormErrors } from "../api/formErrors";
import type { Client } from "../api/types";
import { Field, FormMessages } from "../components";
import { idOf } from "../lib/format";
import { useSession } from "../session";

const fields = ["query", "inn", "phone"] as const;

// Client search by a name fragment, INN or phone; the form stays as typed after an error.
export function ClientsPage() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState({
    query: params.get("q") ?? "",
    inn: params.get("inn") ?? "",
    phone: params.get("phone") ?? "",
  });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [clients, setClients] = useState<Client[] | null>(null);
  const [busy, setBusy] = useState(false);

  async function search(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await api.searchClients(form);
      setClients(r.clients ?? []);
      setErrors(noErrors);
      setParams(
        Object.fromEntries(
          Object.entries({ q: form.query, inn: form.inn, phone: form.phone }).filter(([, v]) => v),
        ),
        { replace: true },
      );
    } catch (err) {
      setErrors(formErrorsFrom(err, fields, "filter"));
    } finally {
      setBusy(false);
    }
  }

  const set = (k: (typeof fields)[number]) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: e.target.value });

  return (
    <section className="panel">
      <h2>Поиск клиентов</h2>
      <form className="form inline" onSubmit={search}>
        <Field label="Название" error={errors.fields.query}>
          <input name="query" value={form.query} onChange={set("query")} placeholder="часть названия" />
        </Field>
        <Field label="ИНН" error={errors.fields.inn}>
          <input name="inn" value={form.inn} onChange={set("inn")} inputMode="numeric" />
        </Field>
        <Field label="Телефон" error={errors.fields.phone}>
          <input name="phone" value={form.phone} onChange={set("phone")} inputMode="tel" />
        </Field>
        <button type="submit" disabled={busy}>
          Найти
        </button>
      </form>
      <FormMessages errors={errors} />
      {clients && clients.length === 0 && <p className="muted">Ничего не найдено.</p>}
      {clients && clients.length > 0 && (
        <table className="table" data-testid="client-results">
          <thead>
            <tr>
              <th>Клиент</th>
              <th>ИНН</th>
              <th>Адрес</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.name}>
                <td>
                  <Link to={`/clients/${idOf(c.name)}`}>{c.displayName}</Link>
                  <div className="muted small">{c.legalName}</div>
                </td>
                <td>{c.inn}</td>
                <td className="small">{c.legalAddress}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
