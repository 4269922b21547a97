import type { ReminderNotice } from "../api/types";

// What the live reminders keep between notices: the last sequence seen (passed back on
// reconnect, so a notice is never shown twice) and the notices to show. Pure functions.

// A notice is shown as a toast when it fell due within this window before it arrived; older
// ones (the last 7 days WatchReminders replays to a new app) only move the sequence on.
export const FRESH_MS = 10 * 60 * 1000;

export function sequenceKey(subject: string): string {
  return `expo-crm.reminders.${subject}`;
}

export function isFresh(notice: ReminderNotice, now: number): boolean {
  const fired = Date.parse(notice.fireTime ?? notice.dispatchTime ?? "");
  return Number.isFinite(fired) && now - fired <= FRESH_MS;
}

// The larger of two int64 sequences as strings.
export function laterSequence(a: string, b: string | undefined): string {
  if (!b) return a;
  return BigInt(b) > BigInt(a) ? b : a;
}

// Adds a notice to the shown ones: each contact's reminder once (a later notice of the same
// contact replaces the earlier), newest first, at most `limit`.
export function addNotice(shown: ReminderNotice[], notice: ReminderNotice, limit = 5): ReminderNotice[] {
  return [notice, ...shown.filter((n) => n.contact !== notice.contact)].slice(0, limit);
}

// How long to wait before reconnecting after the stream ended or failed; null: do not (the
// session is over).
export function reconnectDelay(error: unknown): number | null {
  const e = error as { httpStatus?: number; code?: number } | null;
  if (e && (e.httpStatus === 401 || e.code === 16)) return null;
  if (e && e.httpStatus === 403) return 60_000;
  return 3_000;
}
