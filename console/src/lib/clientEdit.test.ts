import { describe, expect, it } from "vitest";
import { apiErrorFrom } from "../api/errors";
import {
  changesOf,
  clientFields,
  clientFormOf,
  personFields,
  personFormOf,
  snakeCase,
  updateErrorsFrom,
} from "./clientEdit";

const client = {
  name: "clients/1",
  displayName: "Ладья-Пром",
  legalName: "ООО «Ладья-Пром»",
  inn: "6316000000",
  kpp: "631601001",
  phones: [{ number: "+7 846 200-11-22" }, { number: "+7 846 200-11-23" }],
  emails: ["info@ladya.ru"],
  etag: "3",
};

function invalid(violations: Array<{ field: string; description: string }>) {
  return apiErrorFrom(
    400,
    JSON.stringify({
      code: 3,
      message: "invalid client",
      details: [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: violations }],
    }),
  );
}

describe("clientFormOf", () => {
  it("takes the first phone and e-mail when the single fields are empty", () => {
    const form = clientFormOf(client);
    expect(form.phone).toBe("+7 846 200-11-22");
    expect(form.email).toBe("info@ladya.ru");
    expect(form.ogrn).toBe("");
  });
});

describe("changesOf", () => {
  it("masks only the fields actually changed, in snake_case and the form's order", () => {
    const before = clientFormOf(client);
    const after = { ...before, phone: "+7 846 200-99-99", legalAddress: "443001, г. Самара", displayName: before.displayName };
    expect(changesOf(clientFields, before, after)).toEqual({
      values: { legalAddress: "443001, г. Самара", phone: "+7 846 200-99-99" },
      mask: ["legal_address", "phone"],
    });
  });

  it("ignores surrounding spaces and sends a cleared field as empty", () => {
    const before = clientFormOf(client);
    const after = { ...before, displayName: ` ${before.displayName} `, kpp: "" };
    expect(changesOf(clientFields, before, after)).toEqual({ values: { kpp: "" }, mask: ["kpp"] });
  });

  it("finds nothing to send when nothing changed", () => {
    const before = personFormOf({ name: "clients/1/contactPersons/2", fullName: "Петров И. С." });
    expect(changesOf(personFields, before, { ...before })).toEqual({ values: {}, mask: [] });
  });

  it("spells JSON names as mask paths", () => {
    expect(snakeCase("legalAddress")).toBe("legal_address");
    expect(snakeCase("fullName")).toBe("full_name");
    expect(snakeCase("inn")).toBe("inn");
  });
});

describe("updateErrorsFrom", () => {
  it("puts field violations under their fields", () => {
    const e = updateErrorsFrom(invalid([{ field: "client.phone", description: "не телефон" }]), clientFields, "client");
    expect(e).toEqual({ fields: { phone: "не телефон" }, general: [] });
  });

  it("puts the mask's refusal of a field under that field", () => {
    const why = '"inn" cannot be changed: a company with another INN is another client';
    const e = updateErrorsFrom(invalid([{ field: "update_mask", description: why }]), clientFields, "client");
    expect(e).toEqual({ fields: { inn: why }, general: [] });
  });

  it("keeps what names no field above the button", () => {
    const e = updateErrorsFrom(
      invalid([
        { field: "update_mask", description: '"inn" cannot be changed' },
        { field: "client.etag", description: "required" },
      ]),
      clientFields,
      "client",
    );
    expect(e.fields).toEqual({ inn: '"inn" cannot be changed' });
    expect(e.general).toEqual(["client.etag: required"]);
  });

  it("says a stale etag and a denial in words", () => {
    const stale = apiErrorFrom(409, JSON.stringify({ code: 10, message: "etag mismatch" }));
    expect(updateErrorsFrom(stale, clientFields, "client").general[0]).toMatch(/изменил кто-то другой/);
    const denied = apiErrorFrom(403, JSON.stringify({ code: 7, message: "a sales manager may change only the clients they curate" }));
    expect(updateErrorsFrom(denied, clientFields, "client").general[0]).toMatch(/^Недостаточно прав: a sales manager/);
  });
});
