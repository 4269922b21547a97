import { describe, expect, it } from "vitest";
import { apiErrorFrom } from "../api/errors";
import {
  addressLine,
  changesOf,
  clientAddresses,
  clientChangesOf,
  clientFields,
  clientFormOf,
  clientKnownFieldsOf,
  emptyPerson,
  knownFieldsOf,
  personChangesOf,
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
  it("takes every phone and e-mail as rows, and the addresses' parts", () => {
    const form = clientFormOf({ ...client, postalAddress: { postalCode: "443001", city: "Самара" } });
    expect(form.phones).toEqual(["+7 846 200-11-22", "+7 846 200-11-23"]);
    expect(form.emails).toEqual(["info@ladya.ru"]);
    expect(form.fields.ogrn).toBe("");
    expect(form.postalAddress).toEqual({ postalCode: "443001", regionCode: "", city: "Самара", streetLine: "" });
    expect(form.legalAddressDetails).toEqual({ postalCode: "", regionCode: "", city: "", streetLine: "" });
  });

  it("takes the single phone and e-mail when the lists are empty", () => {
    const form = clientFormOf({ name: "clients/2", phone: "+7 846 1", email: "a@b.ru" });
    expect(form.phones).toEqual(["+7 846 1"]);
    expect(form.emails).toEqual(["a@b.ru"]);
  });
});

describe("changesOf", () => {
  it("masks only the fields actually changed, in snake_case and the form's order", () => {
    const before = clientFormOf(client).fields;
    const after = { ...before, website: "ladya.ru", legalAddress: "443001, г. Самара" };
    expect(changesOf(clientFields, before, after)).toEqual({
      values: { legalAddress: "443001, г. Самара", website: "ladya.ru" },
      mask: ["legal_address", "website"],
    });
  });

  it("ignores surrounding spaces and sends a cleared field as empty", () => {
    const before = clientFormOf(client).fields;
    const after = { ...before, displayName: ` ${before.displayName} `, kpp: "" };
    expect(changesOf(clientFields, before, after)).toEqual({ values: { kpp: "" }, mask: ["kpp"] });
  });

  it("spells JSON names as mask paths", () => {
    expect(snakeCase("legalAddress")).toBe("legal_address");
    expect(snakeCase("fullName")).toBe("full_name");
    expect(snakeCase("inn")).toBe("inn");
  });
});

describe("clientChangesOf", () => {
  it("sends a changed address whole, without its empty parts", () => {
    const before = clientFormOf(client);
    const after = { ...before, postalAddress: { postalCode: " 443001 ", regionCode: "63", city: "Самара", streetLine: "" } };
    expect(clientChangesOf(before, after)).toEqual({
      values: { postalAddress: { postalCode: "443001", regionCode: "63", city: "Самара" } },
      mask: ["postal_address"],
      aliases: {},
    });
  });

  it("sends the whole list when a row changed, empty rows dropped and the rows remembered", () => {
    const before = clientFormOf(client);
    const after = { ...before, phones: ["+7 846 200-11-22", "", " +7 927 000-00-01 "], emails: before.emails };
    expect(clientChangesOf(before, after)).toEqual({
      values: { phones: [{ number: "+7 846 200-11-22" }, { number: "+7 927 000-00-01" }] },
      mask: ["phones"],
      aliases: { "phones[0]": "phones[0]", "phones[1]": "phones[2]" },
    });
  });

  it("finds nothing to send when only spaces or an empty new row were added", () => {
    const before = clientFormOf(client);
    const after = { ...before, phones: [...before.phones, ""], emails: [" info@ladya.ru "] };
    expect(clientChangesOf(before, after)).toEqual({ values: {}, mask: [], aliases: {} });
  });
});

describe("personChangesOf", () => {
  it("sends the person's lists and flags that changed", () => {
    const before = personFormOf({ name: "clients/1/contactPersons/2", fullName: "Петров И. С.", phones: [{ number: "+7 927 1" }] });
    const after = { ...before, emails: ["petrov@ladya.ru", "ip@ladya.ru"], mailingConsent: true };
    expect(personChangesOf(before, after)).toEqual({
      values: { emails: ["petrov@ladya.ru", "ip@ladya.ru"], mailingConsent: true },
      mask: ["emails", "mailing_consent"],
      aliases: { "emails[0]": "emails[0]", "emails[1]": "emails[1]" },
    });
    expect(personChangesOf(before, { ...before })).toEqual({ values: {}, mask: [], aliases: {} });
  });

  it("makes a new person's values from the empty form", () => {
    const after = { ...emptyPerson, fields: { fullName: "Сидорова А. П.", position: "" }, phones: ["+7 927 2"] };
    expect(personChangesOf(emptyPerson, after).values).toEqual({ fullName: "Сидорова А. П.", phones: [{ number: "+7 927 2" }] });
  });
});

describe("violations beside the rows and address parts", () => {
  it("puts a sent list entry's violation under the form row it came from", () => {
    const before = clientFormOf(client);
    const after = { ...before, phones: ["", "+7 846 200-11-22", "12"] };
    const changes = clientChangesOf(before, after);
    const known = knownFieldsOf({ ...after, addresses: clientAddresses });
    const e = updateErrorsFrom(
      invalid([
        { field: "client.phones[1].number", description: "не номер телефона" },
        { field: "client.postal_address.postal_code", description: "must be 6 digits" },
      ]),
      known,
      "client",
      changes.aliases,
    );
    expect(e.fields).toEqual({ "phones[2]": "не номер телефона", "postalAddress.postalCode": "must be 6 digits" });
    expect(e.general).toEqual([]);
  });

  it("puts a list's own violation (too many) under the list", () => {
    const form = personFormOf({ name: "clients/1/contactPersons/2", emails: ["a@b.ru"] });
    const e = updateErrorsFrom(
      invalid([{ field: "contact_person.emails", description: "must list at most 10 e-mail addresses" }]),
      knownFieldsOf(form),
      "contact_person",
    );
    expect(e.fields).toEqual({ emails: "must list at most 10 e-mail addresses" });
  });

  it("writes an address in one line", () => {
    expect(addressLine({ postalCode: "443001", regionCode: "63", city: "Самара", streetLine: "ул. Садовая, 1" })).toBe(
      "443001, Самара, ул. Садовая, 1 (регион 63)",
    );
    expect(addressLine(undefined)).toBe("");
  });
});

describe("updateErrorsFrom", () => {
  it("puts field violations under their fields", () => {
    const e = updateErrorsFrom(invalid([{ field: "client.kpp", description: "не КПП" }]), clientFields, "client");
    expect(e).toEqual({ fields: { kpp: "не КПП" }, general: [] });
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

describe("the legal form, the industry and the OKVED codes", () => {
  const classified = {
    ...client,
    legalForm: "LEGAL_FORM_OOO",
    industryCode: "construction",
    okvedCodes: ["41.20", "43.31"],
  };

  it("fills the form from the client; an unspecified legal form is none", () => {
    const form = clientFormOf(classified);
    expect(form.fields.legalForm).toBe("LEGAL_FORM_OOO");
    expect(form.fields.industryCode).toBe("construction");
    expect(form.okvedCodes).toEqual(["41.20", "43.31"]);
    expect(clientFormOf({ ...client, legalForm: "LEGAL_FORM_UNSPECIFIED" }).fields.legalForm).toBe("");
    expect(clientFormOf(client).okvedCodes).toEqual([]);
  });

  it("sends the changed legal form and industry by their codes and the whole OKVED list", () => {
    const before = clientFormOf(classified);
    const after = {
      ...before,
      fields: { ...before.fields, legalForm: "LEGAL_FORM_AO", industryCode: "machinery" },
      okvedCodes: ["28.22", "", " 41.20 "],
    };
    expect(clientChangesOf(before, after)).toEqual({
      values: { legalForm: "LEGAL_FORM_AO", industryCode: "machinery", okvedCodes: ["28.22", "41.20"] },
      mask: ["legal_form", "industry_code", "okved_codes"],
      aliases: { "okvedCodes[0]": "okvedCodes[0]", "okvedCodes[1]": "okvedCodes[2]" },
    });
  });

  it("sends a legal form taken away as the enum's zero value and a cleared industry as empty", () => {
    const before = clientFormOf(classified);
    const after = { ...before, fields: { ...before.fields, legalForm: "", industryCode: "" } };
    expect(clientChangesOf(before, after).values).toEqual({ legalForm: "LEGAL_FORM_UNSPECIFIED", industryCode: "" });
  });

  it("puts an OKVED code's violation beside its row and the industry's beside the industry", () => {
    const before = clientFormOf(classified);
    const after = { ...before, okvedCodes: ["", "41.20", "4x"] };
    const changes = clientChangesOf(before, after);
    const e = updateErrorsFrom(
      invalid([
        { field: "client.okved_codes[1]", description: "Код ОКВЭД 2 пишется так: 41, 41.2, 41.20, 41.20.1 или 01.11.11" },
        { field: "client.industry_code", description: "Такой отрасли нет в справочнике" },
      ]),
      clientKnownFieldsOf(after),
      "client",
      changes.aliases,
    );
    expect(e.fields).toEqual({
      "okvedCodes[2]": "Код ОКВЭД 2 пишется так: 41, 41.2, 41.20, 41.20.1 или 01.11.11",
      industryCode: "Такой отрасли нет в справочнике",
    });
    expect(e.general).toEqual([]);
    const tooMany = updateErrorsFrom(
      invalid([{ field: "client.okved_codes", description: "Не более 20 кодов" }]),
      clientKnownFieldsOf(after),
      "client",
    );
    expect(tooMany.fields).toEqual({ okvedCodes: "Не более 20 кодов" });
  });
});

describe("the bank accounts", () => {
  const sber = {
    bik: "044525225",
    account: "40702810938000012345",
    correspondentAccount: "30101810400000000225",
    bankName: "ПАО Сбербанк",
  };
  const banked = { ...client, bankAccounts: [sber] };

  it("fills a row of four parts per account; a client without accounts has none", () => {
    expect(clientFormOf(banked).bankAccounts).toEqual([sber]);
    expect(clientFormOf(client).bankAccounts).toEqual([]);
  });

  it("sends the whole list when an account changed, empty parts and empty rows dropped", () => {
    const before = clientFormOf(banked);
    const after = {
      ...before,
      bankAccounts: [
        { bik: "", account: "", correspondentAccount: "", bankName: " " },
        ...before.bankAccounts,
        { bik: " 044525974 ", account: "40702810800000001234", correspondentAccount: "", bankName: "" },
      ],
    };
    const changes = clientChangesOf(before, after);
    expect(changes.values).toEqual({
      bankAccounts: [sber, { bik: "044525974", account: "40702810800000001234" }],
    });
    expect(changes.mask).toEqual(["bank_accounts"]);
    expect(changes.aliases["bankAccounts[1].bik"]).toBe("bankAccounts[2].bik");
  });

  it("finds nothing to send when only spaces or an empty row were added", () => {
    const before = clientFormOf(banked);
    const after = {
      ...before,
      bankAccounts: [{ ...sber, bankName: " ПАО Сбербанк " }, { bik: "", account: "", correspondentAccount: "", bankName: "" }],
    };
    expect(clientChangesOf(before, after).mask).toEqual([]);
  });

  it("puts an account's violation beside its part in the form row it came from", () => {
    const before = clientFormOf(client);
    const after = {
      ...before,
      bankAccounts: [
        { bik: "", account: "", correspondentAccount: "", bankName: "" },
        { bik: "04452522", account: "40702810938000012345", correspondentAccount: "", bankName: "" },
      ],
    };
    const changes = clientChangesOf(before, after);
    const e = updateErrorsFrom(
      invalid([
        { field: "client.bank_accounts[0].bik", description: "БИК — 9 цифр" },
        { field: "client.bank_accounts", description: "Не более 10 счетов" },
      ]),
      clientKnownFieldsOf(after),
      "client",
      changes.aliases,
    );
    expect(e.fields).toEqual({ "bankAccounts[1].bik": "БИК — 9 цифр", bankAccounts: "Не более 10 счетов" });
    expect(e.general).toEqual([]);
  });
});
