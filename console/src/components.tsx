import { useEffect, useRef, useState } from "react";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { FormErrors } from "./api/formErrors";
import { errorText } from "./api/errors";
import { idOf } from "./lib/format";
import { useSession } from "./session";

// A labelled form field with its error under it.
// `group`: a set of inputs with labels of their own (radio buttons), as a fieldset.
export function Field({
  label,
  error,
  group,
  children,
}: {
  label: string;
  error?: string;
  group?: boolean;
  children: ReactNode;
}) {
  const className = error ? "field field-error" : "field";
  const message = error && (
    <span className="field-message" role="alert">
      {error}
    </span>
  );
  if (group) {
    return (
      <fieldset className={className}>
        <legend className="field-label">{label}</legend>
        {children}
        {message}
      </fieldset>
    );
  }
  return (
    <label className={className}>
      <span className="field-label">{label}</span>
      {children}
      {message}
    </label>
  );
}

// A checkbox with its label.
export function Check({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}

// The errors of a form that belong to no field.
export function FormMessages({ errors }: { errors: FormErrors }) {
  if (errors.general.length === 0) return null;
  return (
    <div className="alert" role="alert">
      {errors.general.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="alert" role="alert">
      {errorText(error)}
    </div>
  );
}

// Loads `load` when `deps` change; the data, the error and a reload.
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((d) => {
        if (live) {
          setData(d);
          setError(null);
        }
      })
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}

// A list read a page at a time: the first page whenever `deps` change, the next one appended by
// `more` while `hasMore`.
export function usePagedLoad<T>(
  loadPage: (pageToken?: string) => Promise<{ items: T[]; nextPageToken?: string }>,
  deps: unknown[],
) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);

  const read = (from: T[], token?: string) => {
    const mine = ++generation.current;
    setLoading(true);
    loadPage(token)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems([...from, ...page.items]);
        setNext(page.nextPageToken ?? "");
        setError(null);
      })
      .catch((e: unknown) => mine === generation.current && setError(e))
      .finally(() => mine === generation.current && setLoading(false));
  };

  useEffect(() => {
    setItems([]);
    setNext("");
    read([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { items, error, loading, hasMore: next !== "", more: () => read(items, next) };
}

// A client's display name, linked to its card.
export function ClientLink({ name }: { name: string }) {
  const { clientName } = useSession();
  const [text, setText] = useState("…");
  useEffect(() => {
    let live = true;
    clientName(name).then((t) => live && setText(t));
    return () => {
      live = false;
    };
  }, [name, clientName]);
  return <Link to={`/clients/${idOf(name)}`}>{text}</Link>;
}

export function Loading({ when }: { when: boolean }) {
  return when ? <div className="muted">Загрузка…</div> : null;
}

const monthNames = [
  "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь",
  "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь",
];

export interface YearMonth {
  year: number;
  month: number; // 1..12
}

export function currentMonth(): YearMonth {
  const now = new Date();
  return { year: now.getFullYear(), month: now.getMonth() + 1 };
}

// "‹ Декабрь 2026 ›": a month heading with the previous and next month buttons.
export function MonthSwitcher({
  value,
  onChange,
  title = "",
  children,
}: {
  value: YearMonth;
  onChange: (m: YearMonth) => void;
  title?: string;
  children?: ReactNode;
}) {
  const shift = (by: number) => {
    const d = new Date(value.year, value.month - 1 + by, 1);
    onChange({ year: d.getFullYear(), month: d.getMonth() + 1 });
  };
  return (
    <div className="month-head">
      <button onClick={() => shift(-1)} aria-label="Предыдущий месяц">
        ‹
      </button>
      <h2>
        {title}
        {monthNames[value.month - 1]} {value.year}
      </h2>
      <button onClick={() => shift(1)} aria-label="Следующий месяц">
        ›
      </button>
      {children}
    </div>
  );
}

// Approve, or reject with a reason: the decision cell of a queue row (discount approvals, the
// verification queue). `error` is the reason field's, `messages` the rest.
export function Decision({
  approveLabel,
  reason,
  onReason,
  onApprove,
  onReject,
  error,
  messages,
}: {
  approveLabel: string;
  reason: string;
  onReason: (text: string) => void;
  onApprove: () => void;
  onReject: () => void;
  error?: string;
  messages?: FormErrors;
}) {
  return (
    <div className="form">
      <button onClick={onApprove}>{approveLabel}</button>
      <Field label="Причина отказа" error={error}>
        <input name="reason" value={reason} onChange={(e) => onReason(e.target.value)} />
      </Field>
      <button className="secondary" onClick={onReject}>
        Отклонить
      </button>
      {messages && <FormMessages errors={messages} />}
    </div>
  );
}
