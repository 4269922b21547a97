import { describe, expect, it } from "vitest";
import { Api, dateParams, queryString, resourcePath } from "./client";
import { ApiError } from "./errors";

interface Seen {
  url: string;
  init?: RequestInit;
}

function fakeFetch(status: number, body: string, seen: Seen[]) {
  return async (url: string, init?: RequestInit) => {
    seen.push({ url, init });
    return new Response(body, { status, headers: { "x-request-id": "abc" } });
  };
}

describe("request building", () => {
  it("encodes query parameters, repeated ones and skips the unset", () => {
    expect(queryString({ "filter.query": "строй", pageSize: 20, inn: "", x: undefined })).toBe(
      "?filter.query=%D1%81%D1%82%D1%80%D0%BE%D0%B9&pageSize=20",
    );
    expect(queryString({ "filter.legalForms": ["LEGAL_FORM_OOO", "LEGAL_FORM_AO"] })).toBe(
      "?filter.legalForms=LEGAL_FORM_OOO&filter.legalForms=LEGAL_FORM_AO",
    );
    expect(queryString({})).toBe("");
  });

  it("builds resource paths and dates by their fields", () => {
    expect(resourcePath("clients/7c1", "/timeline")).toBe("/v1/clients/7c1/timeline");
    expect(resourcePath("contacts/a b", ":complete")).toBe("/v1/contacts/a%20b:complete");
    expect(dateParams("date", { year: 2026, month: 3, day: 16 })).toEqual({
      "date.year": 2026,
      "date.month": 3,
      "date.day": 16,
    });
  });
});

describe("Api", () => {
  it("sends the bearer token and JSON, and reads the answer", async () => {
    const seen: Seen[] = [];
    const api = new Api(() => "tok", fakeFetch(200, JSON.stringify({ name: "contacts/1" }), seen));
    const contact = await api.planContact({ client: "clients/1", edition: "projects/p/editions/e" }, "rid");
    expect(contact.name).toBe("contacts/1");
    expect(seen[0].url).toBe("/v1/contacts?requestId=rid");
    const headers = seen[0].init?.headers as Record<string, string>;
    expect(headers.Authorization).toBe("Bearer tok");
    expect(headers["Content-Type"]).toBe("application/json");
    expect(JSON.parse(String(seen[0].init?.body))).toEqual({
      client: "clients/1",
      edition: "projects/p/editions/e",
    });
  });

  it("throws ApiError with the violations, and reports a lost session", async () => {
    const seen: Seen[] = [];
    let signedOut = false;
    const body = JSON.stringify({
      code: 3,
      message: "bad",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.BadRequest",
          fieldViolations: [{ field: "filter.inn", description: "ИНН из 10 или 12 цифр" }],
        },
      ],
    });
    const api = new Api(() => null, fakeFetch(400, body, seen), () => (signedOut = true));
    const error = await api.searchClients({ inn: "12" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).violations).toEqual([{ field: "filter.inn", description: "ИНН из 10 или 12 цифр" }]);
    expect((error as ApiError).requestId).toBe("abc");
    expect(seen[0].url).toBe("/v1/clients:search?filter.inn=12&pageSize=20");
    expect(signedOut).toBe(false);

    const expired = new Api(() => "old", fakeFetch(401, JSON.stringify({ code: 16, message: "token expired" }), seen), () => (signedOut = true));
    await expect(expired.getClient("clients/1")).rejects.toBeInstanceOf(ApiError);
    expect(signedOut).toBe(true);
  });

  it("turns a network failure into an ApiError", async () => {
    const api = new Api(() => null, async () => {
      throw new TypeError("Failed to fetch");
    });
    const error = (await api.listProjects().catch((e: unknown) => e)) as ApiError;
    expect(error.httpStatus).toBe(0);
    expect(error.message).toBe("Нет связи с сервером");
  });

  it("calls analytics' plans and reports and registry's groups by their HTTP rules", async () => {
    const seen: Seen[] = [];
    const api = new Api(() => "tok", fakeFetch(200, JSON.stringify({ etag: "4" }), seen));
    const edition = "projects/p1/editions/e1";
    await api.salesPlan(edition);
    await api.planVsFact(edition, { department: "departments/d1" });
    const cells = [{ level: "PLAN_LEVEL_MANAGER" as const, target: "employees/a", month: "2027-02", areaDm2: "3000" }];
    const saved = await api.setSalesPlanCells(edition, cells, "3");
    await api.salesReport("DEPARTMENT", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z");
    await api.marketAnalysis();
    await api.listClientGroups("clients/c1");
    expect(saved.etag).toBe("4");
    expect(seen.map((s) => `${s.init?.method} ${s.url}`)).toEqual([
      "GET /v1/projects/p1/editions/e1/salesPlan",
      "GET /v1/projects/p1/editions/e1/salesPlan:vsFact?department=departments%2Fd1",
      "POST /v1/projects/p1/editions/e1/salesPlan:setCells",
      "GET /v1/reports:sales?startTime=2026-12-01T00%3A00%3A00Z&endTime=2027-01-01T00%3A00%3A00Z&groupBy=SALES_REPORT_GROUPING_DEPARTMENT",
      "GET /v1/reports:market",
      "GET /v1/clients/c1/groups?pageSize=100",
    ]);
    expect(JSON.parse(String(seen[2].init?.body))).toEqual({ cells, etag: "3" });
  });

  it("reads reminders as a GET event stream after the last sequence, and stops on abort", async () => {
    const seen: Seen[] = [];
    const body = 'data: {"sequence":"7","contact":"contacts/1"}\n\n: keep-alive\n\ndata: {"sequence":"8"}\n\n';
    const api = new Api(() => "tok", async (url: string, init?: RequestInit) => {
      seen.push({ url, init });
      return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
    });
    const notices: string[] = [];
    await api.watchReminders("6", (n) => notices.push(n.sequence ?? ""));
    expect(notices).toEqual(["7", "8"]);
    expect(seen[0].url).toBe("/v1/reminders:watch?afterSequence=6");
    expect(seen[0].init?.method).toBe("GET");
    expect(seen[0].init?.body).toBeUndefined();
    expect((seen[0].init?.headers as Record<string, string>).Accept).toBe("text/event-stream");

    const controller = new AbortController();
    const aborting = new Api(() => "tok", async (_url: string, init?: RequestInit) => {
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
      );
    });
    const done = aborting.watchReminders("0", () => {}, controller.signal);
    controller.abort();
    await expect(done).resolves.toBeUndefined();
  });
});
