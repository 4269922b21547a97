import { describe, expect, it } from "vitest";
import { ApiError, GrpcCode, apiErrorFrom, errorText, violationsOf } from "./errors";
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
