import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  base64ToBytes,
  bytesToBase64,
  distinct,
  enumValues,
  fieldLabel,
  formatArea,
  formatMoney,
  formatRublesShort,
  idOf,
  industryLabel,
  industryLabels,
  joinChunks,
  label,
  monthGrid,
  parseAreaM2,
  parseRubles,
  resultLabel,
} from "./format";
import { marketKeyLabel } from "./market";
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
    expect(label("LEGAL_FORM_OOO")).toBe("ООО");
    expect(label("SOMETHING_NEW")).toBe("«SOMETHING_NEW»");
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

// The enums whose values the console shows, with the proto file each is declared in: every value
// (but UNSPECIFIED) must have a Russian label, so a value added to a proto without one fails here.
const shownEnums: Array<[string, string, string]> = [
  ["planning/v1/planning.proto", "ContactType", ""],
  ["planning/v1/planning.proto", "ContactState", ""],
  ["planning/v1/planning.proto", "SaleState", ""],
  ["planning/v1/planning.proto", "RefusalReason", ""],
  ["planning/v1/results.proto", "StandType", ""],
  ["planning/v1/results.proto", "ManualKind", ""],
  ["planning/v1/stands.proto", "StandStatus", ""],
  ["planning/v1/task.proto", "ContactPurpose", ""],
  ["planning/v1/assessments.proto", "ReadinessLevel", ""],
  ["registry/v1/registry.proto", "StandType", ""],
  ["registry/v1/registry.proto", "VerificationState", ""],
  ["registry/v1/registry.proto", "LegalForm", ""],
  ["registry/v1/registry.proto", "LeadSourceKind", ""],
  ["registry/v1/registry.proto", "ContactPersonStatus", ""],
  ["registry/v1/registry.proto", "EditionStatus", ""],
  ["registry/v1/registry.proto", "EmployeeStatus", ""],
  ["registry/v1/groups.proto", "GroupKind", ""],
  ["registry/v1/groups.proto", "GroupMembershipProposalState", ""],
  ["registry/v1/quality.proto", "VerificationReason", ""],
  ["registry/v1/quality.proto", "DuplicateReason", ""],
  ["registry/v1/import.proto", "State", "ClientImport"],
  ["registry/v1/import.proto", "Outcome", "ImportRow"],
  ["documents/v1/documents.proto", "DocumentType", ""],
  ["documents/v1/documents.proto", "DocumentStatus", ""],
  ["accounting/v1/payments.proto", "PaymentMatchState", ""],
  ["accounting/v1/payments.proto", "PaymentDirection", ""],
  ["analytics/v1/plans.proto", "PlanLevel", ""],
];

function enumValuesIn(file: string, name: string): string[] {
  const text = readFileSync(join(__dirname, "../../../proto/crm", file), "utf8");
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(text)?.[1];
  if (!body) throw new Error(`enum ${name} not found in ${file}`);
  return Array.from(body.matchAll(/^\s*([A-Z0-9_]+) = \d+;/gm), (m) => m[1]).filter((v) => !v.endsWith("_UNSPECIFIED"));
}

const cyrillic = /[а-яё]/i;

describe("Russian for every value shown", () => {
  it.each(shownEnums)("%s %s", (file, name) => {
    const values = enumValuesIn(file, name);
    expect(values.length).toBeGreaterThan(0);
    const missing = values.filter((v) => !cyrillic.test(label(v)));
    expect(missing).toEqual([]);
  });

  it("names the roles, the result kinds however spelt, and the client's fields", () => {
    for (const role of ["sales_manager", "sales_head", "analyst", "accountant", "admin"]) expect(label(role)).toMatch(cyrillic);
    for (const kind of ["sale", "refusal", "reschedule", "note", "visitRefusal", "invitation", "manualSent"]) {
      expect(resultLabel(kind)).toMatch(cyrillic);
    }
    expect(resultLabel("visit_refusal")).toBe("Отказ от посещения");
    expect(resultLabel("manual_sent")).toBe("Отправлен мануал");
    for (const f of ["display_name", "legal_name", "inn", "kpp", "ogrn", "legal_address", "phone", "email"]) {
      expect(fieldLabel(f)).toMatch(cyrillic);
    }
    expect(fieldLabel("phones[1].number")).toBe("телефоны");
    for (const f of ["legal_form", "industry_code", "okved_codes[0]"]) expect(fieldLabel(f)).toMatch(cyrillic);
  });

  it("names every industry of the registry's classifier, by the registry's own Russian names", () => {
    const rules = readFileSync(join(__dirname, "../../../services/registry/domain/client_rules.cpp"), "utf8");
    const registry = Object.fromEntries([...rules.matchAll(/\{"([a-z]+)", "([^"]+)"\}/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(registry).length).toBeGreaterThan(10);
    expect(industryLabels).toEqual(registry);
    expect(industryLabel("construction")).toBe("Строительство и строительные материалы");
    expect(industryLabel("")).toBe("");
    expect(industryLabel("space")).toBe("«space»");
  });

  it("lists an enum's values for a choice, and names lead sources in the market analysis", () => {
    expect(enumValues("GROUP_KIND_")[0]).toBe("GROUP_KIND_GEOGRAPHY");
    expect(enumValues("GROUP_KIND_")).toHaveLength(7);
    expect(marketKeyLabel("source", "LEAD_SOURCE_KIND_WEBSITE")).toBe("сайт");
    expect(marketKeyLabel("source", "REFERRAL")).toBe("рекомендация");
  });
});
