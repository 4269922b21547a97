import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64, distinct, formatArea, formatMoney, formatRublesShort, idOf, joinChunks, label, monthGrid, parseAreaM2, parseRubles } from "./format";
import { areasFor, decodeToken, isExpired } from "./session";

describe("money and areas", () => {
  it("formats kopecks as rubles", () => {
    expect(formatMoney({ currencyCode: "RUB", minorUnits: "12345678" })).toBe("123\u00a0456,78\u00a0₽");
    expect(formatMoney({ minorUnits: "-5" })).toBe("−0,05\u00a0₽");
    expect(formatMoney(undefined)).toBe("0,00\u00a0₽");
  });
  it("shortens rubles for a chart's scale", () => {
    expect(formatRublesShort(150_000_000)).toBe("1,5\u00a0млн\u00a0₽");
    expect(formatRublesShort(45_000_000)).toBe("450\u00a0тыс.\u00a0₽");
    expect(formatRublesShort(45_050)).toBe("451\u00a0₽");
    expect(formatRublesShort(0)).toBe("0\u00a0₽");
  });
  it("parses rubles and m²", () => {
    expect(parseRubles("1 500,5")).toEqual({ currencyCode: "RUB", minorUnits: "150050" });
    expect(parseRubles("abc")).toBeNull();
    expect(parseAreaM2("12,5")).toBe("1250");
    expect(parseAreaM2("0")).toBeNull();
    expect(formatArea("1250")).toBe("12,5\u00a0м²");
  });
});

describe("month grid", () => {
  it("starts on Monday and covers the month", () => {
    // March 2026 starts on a Sunday: the grid starts on Monday 23 February.
    const weeks = monthGrid(2026, 3);
    expect(weeks[0][0].date.getDate()).toBe(23);
    expect(weeks[0][0].inMonth).toBe(false);
    expect(weeks[0][6].date.getDate()).toBe(1);
    const inMonth = weeks.flat().filter((d) => d.inMonth);
    expect(inMonth).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    // February 2027 starts on a Monday and fits four weeks.
    expect(monthGrid(2027, 2)).toHaveLength(4);
  });
});

describe("labels and names", () => {
  it("names enums in Russian", () => {
    expect(label("CONTACT_TYPE_CALL")).toBe("Звонок");
    expect(label("sales_manager")).toBe("менеджер по продажам");
    expect(idOf("clients/7c1")).toBe("7c1");
    expect(label("VERIFICATION_STATE_VERIFIED")).toBe("проверен");
    expect(label("LEGAL_FORM_OOO")).toBe("ooo");
    expect(distinct(["+7 1", undefined, "+7 1", "", "+7 2"])).toEqual(["+7 1", "+7 2"]);
  });
  it("decodes base64 bytes", () => {
    expect(Array.from(base64ToBytes("JVBERg=="))).toEqual([0x25, 0x50, 0x44, 0x46]);
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(Array.from(base64ToBytes(bytesToBase64(big)))).toEqual(Array.from(big));
  });
});

describe("session", () => {
  const payload = { sub: "employees/1", name: "Иванова Мария", roles: ["sales_manager"], exp: 2000000000 };
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");
  const token = `${b64('{"alg":"HS256"}')}.${b64(JSON.stringify(payload))}.sig`;
  it("reads the token's claims, UTF-8 names included", () => {
    const s = decodeToken(token)!;
    expect(s.subject).toBe("employees/1");
    expect(s.name).toBe("Иванова Мария");
    expect(s.roles).toEqual(["sales_manager"]);
    expect(isExpired(s, 1000)).toBe(false);
    expect(isExpired(s, 2000000000 * 1000)).toBe(true);
    expect(decodeToken("not a token")).toBeNull();
  });
  it("opens the screens of the roles", () => {
    expect(areasFor(["sales_manager"])).toEqual(["manager"]);
    expect(areasFor(["accountant"])).toEqual(["accountant"]);
    expect(areasFor(["sales_head"])).toEqual(["manager", "head"]);
  });
});

describe("downloads", () => {
  it("joins a stream's chunks into one file named by the first", () => {
    const file = joinChunks([
      { contentType: "application/pdf", fileName: "labels.pdf", data: btoa("%PDF-") },
      { data: btoa("1.4") },
      {},
    ]);
    expect(new TextDecoder().decode(file.bytes)).toBe("%PDF-1.4");
    expect(file.contentType).toBe("application/pdf");
    expect(file.fileName).toBe("labels.pdf");
  });
});
