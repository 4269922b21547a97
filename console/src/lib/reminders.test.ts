import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { addNotice, isFresh, laterSequence, reconnectDelay, sequenceKey } from "./reminders";

const now = Date.parse("2026-12-06T12:00:00Z");

describe("live reminders", () => {
  it("toasts only what fell due in the last minutes", () => {
    expect(isFresh({ fireTime: "2026-12-06T11:59:55Z" }, now)).toBe(true);
    expect(isFresh({ fireTime: "2026-12-06T11:40:00Z" }, now)).toBe(false);
    expect(isFresh({ dispatchTime: "2026-12-06T11:58:00Z" }, now)).toBe(true);
    expect(isFresh({}, now)).toBe(false);
  });

  it("keeps the last sequence as int64 strings", () => {
    expect(laterSequence("9", "10")).toBe("10");
    expect(laterSequence("10", "9")).toBe("10");
    expect(laterSequence("9007199254740993", "9007199254740992")).toBe("9007199254740993");
    expect(laterSequence("3", undefined)).toBe("3");
    expect(sequenceKey("employees/a")).toBe("expo-crm.reminders.employees/a");
  });

  it("shows each contact's reminder once, newest first, at most five", () => {
    let shown = addNotice([], { sequence: "1", contact: "contacts/a" });
    shown = addNotice(shown, { sequence: "2", contact: "contacts/b" });
    shown = addNotice(shown, { sequence: "3", contact: "contacts/a" });
    expect(shown.map((n) => n.sequence)).toEqual(["3", "2"]);
    for (let i = 4; i < 10; i++) shown = addNotice(shown, { sequence: String(i), contact: `contacts/${i}` });
    expect(shown).toHaveLength(5);
  });

  it("reconnects unless the session is over", () => {
    expect(reconnectDelay(new ApiError(401, { code: 16, message: "token expired" }))).toBeNull();
    expect(reconnectDelay(new ApiError(500, { code: 16, message: "token expired" }))).toBeNull();
    expect(reconnectDelay(new ApiError(403, { code: 7, message: "denied" }))).toBe(60_000);
    expect(reconnectDelay(new ApiError(0, { code: 14, message: "" }))).toBe(3_000);
    expect(reconnectDelay(null)).toBe(3_000);
  });
});
