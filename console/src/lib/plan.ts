import type { Money, PlanLevel, SalesPlan, SalesPlanCell } from "../api/types";

// The sales plan editor's rows and the cells they become (analytics' SetSalesPlanCells): one
// target's months, m² and rubles without VAT as typed. Pure functions.

export interface PlanTarget {
  level: PlanLevel;
  target: string; // "" for the edition
  label: string;
}

export interface PlanRow {
  month: string; // "YYYY-MM"
  area: string; // m², "12,5"
  amount: string; // rubles without VAT, "300000" or "1500,50"
}

export function targetKey(t: { level?: string; target?: string }): string {
  return `${t.level ?? ""}|${t.target ?? ""}`;
}

// 1250 dm² -> "12,5"; 0 -> "0".
export function areaText(dm2: string | number | undefined): string {
  return (Number(dm2 ?? 0) / 100).toLocaleString("ru-RU", { maximumFractionDigits: 2, useGrouping: false });
}

// Money -> "300000" or "1500,5" (kopecks only when there are any).
export function rublesText(money: Money | undefined): string {
  const minor = BigInt(money?.minorUnits ?? "0");
  const abs = minor < 0n ? -minor : minor;
  const kopecks = abs % 100n;
  const whole = `${minor < 0n ? "-" : ""}${abs / 100n}`;
  return kopecks === 0n ? whole : `${whole},${kopecks.toString().padStart(2, "0")}`;
}

// The editor's rows of one target, by month.
export function rowsOf(plan: SalesPlan | null | undefined, target: PlanTarget): PlanRow[] {
  return (plan?.cells ?? [])
    .filter((c) => targetKey(c) === targetKey(target))
    .sort((a, b) => (a.month ?? "").localeCompare(b.month ?? ""))
    .map((c) => ({ month: c.month ?? "", area: areaText(c.areaDm2), amount: rublesText(c.netAmount) }));
}

// "12,5" / "-3" / "" (zero) -> hundredths as a string; null when not a number with at most two
// decimals. A sign is let through: the service says what range it takes.
export function parseHundredths(text: string): string | null {
  const normalized = text.trim().replace(/\s/g, "").replace(",", ".");
  if (normalized === "") return "0";
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(normalized);
  if (!m) return null;
  const value = BigInt(m[2]) * 100n + BigInt(((m[3] ?? "") + "00").slice(0, 2));
  return (m[1] && value !== 0n ? -value : value).toString();
}

// The month after the last row's (or `fallback` for none), "YYYY-MM".
export function nextMonth(rows: PlanRow[], fallback: string): string {
  const last = rows[rows.length - 1]?.month;
  const m = /^(\d{4})-(\d{2})$/.exec(last ?? "");
  if (!m) return fallback;
  const month = Number(m[2]);
  return month === 12 ? `${Number(m[1]) + 1}-01` : `${m[1]}-${String(month + 1).padStart(2, "0")}`;
}

// The rows as cells, or the fields typed wrong (by the request's own paths, "cells[1].areaDm2",
// so they sit where the service's violations would).
export function cellsOf(
  rows: PlanRow[],
  target: PlanTarget,
): { cells: SalesPlanCell[]; errors: Record<string, string> } {
  const cells: SalesPlanCell[] = [];
  const errors: Record<string, string> = {};
  rows.forEach((row, i) => {
    const area = parseHundredths(row.area);
    const amount = parseHundredths(row.amount);
    if (area === null) errors[`cells[${i}].areaDm2`] = "Введите площадь в м², например 12,5";
    if (amount === null) errors[`cells[${i}].netAmount`] = "Введите сумму в рублях, например 300000";
    cells.push({
      level: target.level,
      target: target.target,
      month: row.month.trim(),
      areaDm2: area ?? "0",
      netAmount: { currencyCode: "RUB", minorUnits: amount ?? "0" },
    });
  });
  return { cells, errors };
}

// The form's field names for the service's violations on rows (cells[i].month, ...).
export function cellFields(count: number): string[] {
  return Array.from({ length: count }, (_, i) => [
    `cells[${i}].month`,
    `cells[${i}].areaDm2`,
    `cells[${i}].netAmount`,
  ]).flat();
}

// Attainment in basis points -> "98 %"; "—" when unset (nothing planned).
export function attainmentText(bp: string | number | undefined): string {
  if (bp === undefined || bp === "") return "—";
  return `${(Number(bp) / 100).toLocaleString("ru-RU", { maximumFractionDigits: 1 })} %`;
}

// The edition the plans page opens: the first of `editions` (in their order) with a saved plan,
// else the first one. Every edition's plan is asked for at once (there is no list of plans);
// one that cannot be read is named in `failed` and passed over, so the page stays usable.
export async function firstPlannedEdition(
  editions: Array<{ name: string }>,
  readPlan: (edition: string) => Promise<Pick<SalesPlan, "etag">>,
): Promise<{ chosen: string; failed: string[] }> {
  const plans = await Promise.allSettled(editions.map((e) => readPlan(e.name)));
  const failed: string[] = [];
  let chosen = "";
  plans.forEach((p, i) => {
    if (p.status === "rejected") failed.push(editions[i].name);
    else if (!chosen && p.value.etag && p.value.etag !== "0") chosen = editions[i].name;
  });
  return { chosen: chosen || (editions[0]?.name ?? ""), failed };
}
