import { describe, expect, it } from "vitest";
import { ApiError, GrpcCode, apiErrorFrom, errorText, problemText, violationsOf } from "./errors";
import { formErrorsFrom } from "./formErrors";

// A google.rpc.Status body as the gateway writes it for INVALID_ARGUMENT.
const invalidContact = JSON.stringify({
  code: 3,
  message: "invalid contact",
  details: [
    {
      "@type": "type.googleapis.com/google.rpc.BadRequest",
      fieldViolations: [
        { field: "contact.scheduled_time", description: "укажите время" },
        { field: "contact.purpose", description: "укажите цель" },
        { field: "contact.purpose", description: "не длиннее 500 символов" },
        { field: "request_id", description: "не UUID" },
      ],
    },
    { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "INVALID_ARGUMENT" },
  ],
});

describe("apiErrorFrom", () => {
  it("reads the google.rpc.Status and its field violations", () => {
    const e = apiErrorFrom(400, invalidContact, "req-1");
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(e.httpStatus).toBe(400);
    expect(e.message).toBe("invalid contact");
    expect(e.requestId).toBe("req-1");
    expect(e.violations.map((v) => v.field)).toEqual([
      "contact.scheduled_time",
      "contact.purpose",
      "contact.purpose",
      "request_id",
    ]);
  });

  it("keeps the HTTP status when the body is not a Status", () => {
    const e = apiErrorFrom(502, "<html>Bad gateway</html>");
    expect(e.code).toBe(GrpcCode.UNKNOWN);
    expect(e.message).toContain("502");
    expect(apiErrorFrom(401, "").code).toBe(GrpcCode.UNAUTHENTICATED);
    expect(apiErrorFrom(409, "").code).toBe(GrpcCode.ABORTED);
  });

  it("ignores details of other types and malformed violations", () => {
    expect(
      violationsOf({
        code: 3,
        message: "x",
        details: [
          { "@type": "type.googleapis.com/google.rpc.ResourceInfo", resourceName: "clients/1" },
          { "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: "nope" },
        ],
      }),
    ).toEqual([]);
  });
});

describe("formErrorsFrom", () => {
  const fields = ["edition", "type", "purpose", "scheduledTime"];

  it("puts each violation on its form field, camelCased and without the prefix", () => {
    const errors = formErrorsFrom(apiErrorFrom(400, invalidContact), fields, "contact");
    expect(errors.fields).toEqual({
      scheduledTime: "укажите время",
      purpose: "укажите цель; не длиннее 500 символов",
    });
    // A path outside the form is kept, with its path, rather than lost.
    expect(errors.general).toEqual(["request_id: не UUID"]);
  });

  it("maps nested and indexed paths to the field that holds them, and aliases", () => {
    const body = JSON.stringify({
      code: 3,
      message: "bad",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.BadRequest",
          fieldViolations: [
            { field: "result.sale.stand_number", description: "стенд занят" },
            { field: "result.sale.discount.percent_bp", description: "слишком большая скидка" },
            { field: "client.phones[1].number", description: "не телефон" },
          ],
        },
      ],
    });
    const sale = formErrorsFrom(apiErrorFrom(400, body), ["standNumber", "discountPercent"], "result", {
      "sale.standNumber": "standNumber",
      "sale.discount": "discountPercent",
    });
    expect(sale.fields).toEqual({ standNumber: "стенд занят", discountPercent: "слишком большая скидка" });
    const match = formErrorsFrom(
      apiErrorFrom(
        400,
        JSON.stringify({
          code: 3,
          message: "bad",
          details: [
            {
              "@type": "type.googleapis.com/google.rpc.BadRequest",
              fieldViolations: [{ field: "invoices[0].amount", description: "больше долга по счёту" }],
            },
          ],
        }),
      ),
      ["invoice", "amount"],
      "",
      { "invoices.amount": "amount", invoices: "invoice" },
    );
    expect(match.fields).toEqual({ amount: "больше долга по счёту" });
    const client = formErrorsFrom(apiErrorFrom(400, body), ["phones"], "client");
    expect(client.fields).toEqual({ phones: "не телефон" });
  });

  it("says what went wrong when no field is named", () => {
    const denied = apiErrorFrom(403, JSON.stringify({ code: 7, message: "not your client" }));
    const errors = formErrorsFrom(denied, fields, "contact");
    expect(errors.fields).toEqual({});
    expect(errors.general).toEqual([errorText(denied)]);
    expect(errors.general[0]).toContain("not your client");
  });

  it("handles errors that are not from the API", () => {
    expect(formErrorsFrom(new Error("boom"), fields).general).toEqual(["boom"]);
  });
});

// A google.rpc.Status as the gateway writes it when the service added the Russian texts: each
// field violation's localizedMessage, and a LocalizedMessage detail for the status's message.
const localizedClient = JSON.stringify({
  code: 3,
  message: "invalid request: client.inn: INN checksum does not match; client.note: too odd",
  details: [
    {
      "@type": "type.googleapis.com/google.rpc.BadRequest",
      fieldViolations: [
        {
          field: "client.inn",
          description: "INN checksum does not match",
          localizedMessage: { locale: "ru-RU", message: "Неверный ИНН: не сходится контрольное число" },
        },
        { field: "client.display_name", description: "is required", localizedMessage: { locale: "ru-RU", message: "Обязательное поле" } },
        { field: "client.note", description: "too odd" },
        { field: "client.kpp", description: "must be 9 characters", localizedMessage: { locale: "en-US", message: "nine" } },
      ],
    },
    { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "INVALID_ARGUMENT", domain: "expo-crm" },
  ],
});

// A failed call's error whose status carries one LocalizedMessage detail.
function localizedError(http: number, code: number, message: string, locale: string, text: string) {
  const detail = { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale, message: text };
  return apiErrorFrom(http, JSON.stringify({ code, message, details: [detail] }));
}

describe("Russian texts of the services", () => {
  it("shows a violation's localizedMessage and falls back to its description", () => {
    const e = apiErrorFrom(400, localizedClient);
    expect(e.violations[0]).toEqual({
      field: "client.inn",
      description: "INN checksum does not match",
      localizedMessage: "Неверный ИНН: не сходится контрольное число",
    });
    // Another locale is not the console's.
    expect(e.violations[3].localizedMessage).toBeUndefined();
    const errors = formErrorsFrom(e, ["inn", "displayName", "note", "kpp"], "client");
    expect(errors.fields).toEqual({
      inn: "Неверный ИНН: не сходится контрольное число",
      displayName: "Обязательное поле",
      note: "too odd",
      kpp: "must be 9 characters",
    });
    expect(errors.general).toEqual([]);
    expect(formErrorsFrom(e, ["inn"], "client").general).toContain("client.display_name: Обязательное поле");
  });

  it("shows the status's LocalizedMessage outside the form", () => {
    const body = JSON.stringify({
      code: 9,
      message: "the client clients/7 is not deleted",
      details: [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "CLIENT_NOT_DELETED", domain: "expo-crm" },
        { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale: "ru-RU", message: "Клиент clients/7 не удалён" },
      ],
    });
    const e = apiErrorFrom(400, body);
    expect(e.message).toBe("the client clients/7 is not deleted");
    expect(e.localizedMessage).toBe("Клиент clients/7 не удалён");
    expect(errorText(e)).toBe("Клиент clients/7 не удалён");
    expect(formErrorsFrom(e, ["name"]).general).toEqual(["Клиент clients/7 не удалён"]);
    const denied = localizedError(403, 7, "this role may not change clients", "ru-RU", "Вашей роли нельзя изменять клиентов");
    expect(errorText(denied)).toBe("Недостаточно прав: Вашей роли нельзя изменять клиентов");
  });

  it("keeps the explanations of the codes when the service has no Russian text", () => {
    const denied = apiErrorFrom(403, JSON.stringify({ code: 7, message: "not your client" }));
    expect(denied.localizedMessage).toBe("");
    expect(errorText(denied)).toBe("Недостаточно прав: not your client");
    const stale = localizedError(409, 10, "stale", "de-DE", "veraltet");
    expect(errorText(stale)).toBe("Запись уже изменил кто-то другой: обновите страницу и повторите.");
  });
});

describe("problemText", () => {
  it("shows an import row problem's Russian text and falls back to its English message", () => {
    const problem = {
      field: "inn",
      message: "INN checksum does not match",
      localizedMessage: { locale: "ru-RU", message: "Неверный ИНН: не сходится контрольное число" },
    };
    expect(problemText(problem)).toBe("Неверный ИНН: не сходится контрольное число");
    expect(problemText({ message: "INN checksum does not match" })).toBe("INN checksum does not match");
    expect(problemText({ message: "x", localizedMessage: { locale: "en-US", message: "y" } })).toBe("x");
    expect(problemText({})).toBe("");
  });
});
