import { ApiError, apiErrorFrom } from "./errors";
import { parseSse } from "./sse";
import type {
  Client,
  ClientImport,
  ImportRow,
  Contact,
  ContactPerson,
  ContactResult,
  DateValue,
  DocumentItem,
  DownloadedFile,
  DuplicateCluster,
  Merge,
  VerificationItem,
  Edition,
  Employee,
  ImportedStatement,
  ManagerReport,
  Money,
  Payment,
  Project,
  Receivables,
  ClientFilter,
  Group,
  GroupMember,
  MailingExport,
  MailingExportChunk,
  MailingSelection,
  MarketAnalysis,
  PlanVsFact,
  ReminderNotice,
  Sale,
  SalesBoard,
  SalesPlan,
  SalesPlanCell,
  SalesReport,
  SalesReportGrouping,
  SalesReportRecordKind,
  SalesReportRecords,
  ReportClient,
  ReportClientsQuery,
} from "./types";

// The console's only way to the system: the gateway's HTTP/JSON API (/v1/..., the
// google.api.http rules of the services' protos) with the signed-in person's bearer token.

export type QueryValue = string | number | boolean | undefined | null | string[];

// "?a=1&b=x&b=y" from the defined values; nested fields by dots ("filter.query").
export function queryString(params: Record<string, QueryValue>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
    }
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

// "clients/7c1…" -> "/v1/clients/7c1…" (resource names keep their slashes, each segment encoded).
export function resourcePath(name: string, suffix = ""): string {
  return `/v1/${name.split("/").map(encodeURIComponent).join("/")}${suffix}`;
}

// A date's fields as query parameters (google.type.Date by its fields).
export function dateParams(prefix: string, date: DateValue): Record<string, number | undefined> {
  return {
    [`${prefix}.year`]: date.year,
    [`${prefix}.month`]: date.month,
    [`${prefix}.day`]: date.day,
  };
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class Api {
  constructor(
    private readonly token: () => string | null,
    private readonly fetchFn: Fetch = (input, init) => fetch(input, init),
    private readonly onUnauthenticated: () => void = () => {},
  ) {}

  // One request with the bearer token; a network failure (not an abort by `signal`) as an
  // ApiError, an abort as null.
  private async send(
    method: string,
    path: string,
    accept: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<Response | null> {
    const headers: Record<string, string> = { Accept: accept };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      return await this.fetchFn(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch {
      if (signal?.aborted) return null;
      throw apiErrorFrom(0, "");
    }
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = (await this.send(method, path, "application/json", body))!;
    const text = await response.text();
    if (!response.ok) {
      const error = apiErrorFrom(response.status, text, response.headers.get("x-request-id") ?? "");
      if (response.status === 401) this.onUnauthenticated();
      throw error;
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  // A server-streaming call read as Server-Sent Events: `onMessage` for each message; resolves
  // when the stream ends, rejects with an ApiError when it is refused or fails midway.
  // `body` undefined for a GET; `signal` ends the stream from this side (it then resolves).
  async stream<T>(
    method: string,
    path: string,
    body: unknown,
    onMessage: (m: T) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const response = await this.send(method, path, "text/event-stream", body, signal);
    if (!response) return;
    if (response.status === 401) this.onUnauthenticated();
    if (!response.ok || !response.body) {
      throw apiErrorFrom(response.status, await response.text(), response.headers.get("x-request-id") ?? "");
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (signal?.aborted) return;
        throw apiErrorFrom(0, "");
      }
      const { done, value } = chunk;
      buffer += decoder.decode(value ?? new Uint8Array(), { stream: !done });
      const { events, rest } = parseSse(buffer);
      buffer = rest;
      for (const e of events) {
        if (e.event === "error") {
          const status = JSON.parse(e.data);
          throw new ApiError(500, status);
        }
        onMessage(JSON.parse(e.data) as T);
      }
      if (done) return;
    }
  }

  get<T>(path: string, params: Record<string, QueryValue> = {}): Promise<T> {
    return this.call<T>("GET", path + queryString(params));
  }

  // Registry.
  searchClients(filter: { query?: string; inn?: string; phone?: string }, pageSize = 20) {
    return this.get<{ clients?: Client[]; nextPageToken?: string }>("/v1/clients:search", {
      "filter.query": filter.query?.trim(),
      "filter.inn": filter.inn?.trim(),
      "filter.phone": filter.phone?.trim(),
      pageSize,
    });
  }
  getClient(name: string) {
    return this.get<Client>(resourcePath(name));
  }
  listContactPersons(client: string) {
    return this.get<{ contactPersons?: ContactPerson[] }>(resourcePath(client, "/contactPersons"), {
      pageSize: 100,
    });
  }
  // UpdateClient: `changes` the masked fields' new values, `etag` the version they were read at.
  updateClient(name: string, etag: string, changes: Partial<Client>, updateMask: string[]) {
    return this.call<Client>("PATCH", resourcePath(name) + queryString({ updateMask: updateMask.join(",") }), {
      ...changes,
      name,
      etag,
    });
  }
  getContactPerson(name: string) {
    return this.get<ContactPerson>(resourcePath(name));
  }
  createContactPerson(client: string, person: Partial<ContactPerson>, requestId: string) {
    return this.call<ContactPerson>("POST", resourcePath(client, "/contactPersons") + queryString({ requestId }), person);
  }
  updateContactPerson(name: string, etag: string, changes: Partial<ContactPerson>, updateMask: string[]) {
    return this.call<ContactPerson>("PATCH", resourcePath(name) + queryString({ updateMask: updateMask.join(",") }), {
      ...changes,
      name,
      etag,
    });
  }
  deleteContactPerson(name: string, etag: string) {
    return this.call<ContactPerson>("DELETE", resourcePath(name) + queryString({ etag }));
  }
  listProjects() {
    return this.get<{ projects?: Project[] }>("/v1/projects", { pageSize: 100 });
  }
  listEditions(project: string) {
    return this.get<{ editions?: Edition[] }>(resourcePath(project, "/editions"), { pageSize: 100 });
  }
  listEmployees() {
    return this.get<{ employees?: Employee[] }>("/v1/employees", { pageSize: 500 });
  }

  // Groups of clients and mailing selections (analysts keep the shared ones).
  listGroups() {
    return this.get<{ groups?: Group[] }>("/v1/groups", { pageSize: 200 });
  }
  createGroup(group: Partial<Group>, requestId: string) {
    return this.call<Group>("POST", `/v1/groups${queryString({ requestId })}`, group);
  }
  getGroup(name: string) {
    return this.get<Group>(resourcePath(name));
  }
  // UpdateGroup: `changes` the masked fields' new values (display_name, description), `etag` the
  // version they were read at.
  updateGroup(name: string, etag: string, changes: Partial<Group>, updateMask: string[]) {
    return this.call<Group>("PATCH", resourcePath(name) + queryString({ updateMask: updateMask.join(",") }), {
      ...changes,
      name,
      etag,
    });
  }
  deleteGroup(name: string, etag: string) {
    return this.call<Group>("DELETE", resourcePath(name) + queryString({ etag }));
  }
  // The groups of a client the caller may see (shared ones and the caller's own).
  listClientGroups(client: string) {
    return this.get<{ groups?: Group[] }>(resourcePath(client, "/groups"), { pageSize: 100 });
  }
  listGroupMembers(group: string) {
    return this.get<{ members?: GroupMember[]; totalSize?: number }>(resourcePath(group, "/members"), {
      pageSize: 200,
    });
  }
  addGroupMembers(group: string, clients: string[]) {
    return this.call<{ changedCount?: string; memberCount?: string }>("POST", resourcePath(group, ":addMembers"), {
      clients,
    });
  }
  removeGroupMembers(group: string, clients: string[]) {
    return this.call<{ changedCount?: string; memberCount?: string }>("POST", resourcePath(group, ":removeMembers"), {
      clients,
    });
  }
  // AddGroupMembersByFilter: every live client matching `filter` added at once.
  addGroupMembersByFilter(group: string, filter: ClientFilter) {
    return this.call<{ changedCount?: string; unchangedCount?: string; memberCount?: string }>(
      "POST",
      resourcePath(group, ":addMembersByFilter"),
      { filter },
    );
  }
  // RemoveGroupMembersByFilter: every member matching `filter` removed at once.
  removeGroupMembersByFilter(group: string, filter: ClientFilter) {
    return this.call<{ changedCount?: string; memberCount?: string }>(
      "POST",
      resourcePath(group, ":removeMembersByFilter"),
      { filter },
    );
  }
  // MarkPostalAddressInvalid: mail to the client's postal address came back (analysts).
  markPostalAddressInvalid(name: string, problem: string, comment: string, requestId: string) {
    return this.call<{ name?: string }>("POST", resourcePath(name, ":markPostalAddressInvalid"), {
      problem,
      comment,
      requestId,
    });
  }
  listMailingSelections() {
    return this.get<{ mailingSelections?: MailingSelection[] }>("/v1/mailingSelections", { pageSize: 200 });
  }
  createMailingSelection(selection: Partial<MailingSelection> & { filter?: ClientFilter }, requestId: string) {
    return this.call<MailingSelection>("POST", `/v1/mailingSelections${queryString({ requestId })}`, selection);
  }
  // UpdateMailingSelection: `changes` the masked fields' new values, `etag` the version read.
  updateMailingSelection(name: string, etag: string, changes: Partial<MailingSelection>, updateMask: string[]) {
    return this.call<MailingSelection>("PATCH", resourcePath(name) + queryString({ updateMask: updateMask.join(",") }), {
      ...changes,
      name,
      etag,
    });
  }
  deleteMailingSelection(name: string, etag: string) {
    return this.call<MailingSelection>("DELETE", resourcePath(name) + queryString({ etag }));
  }
  createMailingExport(selection: string, requestId: string) {
    return this.call<MailingExport>("POST", "/v1/mailingExports", { selection, requestId });
  }
  // The export's file (a server stream: the gateway's default JSON array of chunks).
  downloadMailingExport(name: string, format: "CSV" | "LABELS_PDF") {
    return this.get<MailingExportChunk[]>(resourcePath(name, ":download"), {
      format: `MAILING_EXPORT_FORMAT_${format}`,
    });
  }

  // Data quality (analysts).
  verificationQueue() {
    return this.get<{ verificationItems?: VerificationItem[] }>("/v1/verificationItems", { pageSize: 100 });
  }
  verifyClient(client: string, etag: string, comment = "") {
    return this.call<Client>("POST", resourcePath(client, ":verify"), { etag, comment });
  }
  rejectClient(client: string, etag: string, reason: string) {
    return this.call<Client>("POST", resourcePath(client, ":reject"), { etag, reason });
  }
  findDuplicates(minScore?: number) {
    return this.call<{ clusters?: DuplicateCluster[]; scannedClients?: number }>("POST", "/v1/clients:findDuplicates", {
      pageSize: 50,
      minScore,
    });
  }
  mergeClients(survivor: string, merged: string[], etags: Record<string, string>, requestId: string) {
    return this.call<Merge>("POST", "/v1/merges", { survivor, merged, etags, requestId });
  }
  undoMerge(name: string) {
    return this.call<Merge>("POST", resourcePath(name, ":undo"), {});
  }

  // Imports: the file goes up as a JSON array of CreateImport messages (the gateway's client
  // streaming), the run's progress comes back as SSE.
  createImport(fileName: string, format: "CSV" | "XLSX", contentBase64: string, requestId: string) {
    const chunks: Array<Record<string, unknown>> = [
      { import: { fileName, format: `IMPORT_FILE_FORMAT_${format}` }, requestId },
    ];
    const size = 512 * 1024; // base64 characters per message
    for (let i = 0; i < contentBase64.length; i += size) {
      chunks.push({ chunk: contentBase64.slice(i, i + size) });
    }
    return this.call<ClientImport>("POST", "/v1/imports", chunks);
  }
  importRowErrors(name: string) {
    return this.get<{ rows?: ImportRow[] }>(resourcePath(name, "/rows"), {
      outcomes: "OUTCOME_ERROR",
      pageSize: 50,
    });
  }
  runImport(name: string, validateOnly: boolean, onProgress: (i: ClientImport) => void) {
    return this.stream<ClientImport>("POST", resourcePath(name, ":run"), { validateOnly }, onProgress);
  }

  // Planning.
  listCalendar(owner: string, period: "DAY" | "WEEK" | "MONTH", date: DateValue) {
    return this.get<{ contacts?: Contact[]; timeZone?: string }>(resourcePath(owner, "/calendar"), {
      period: `CALENDAR_PERIOD_${period}`,
      ...dateParams("date", date),
      pageSize: 1000,
    });
  }
  listOverdue(owner?: string) {
    return this.get<{ contacts?: Contact[] }>("/v1/contacts:overdue", { owner, pageSize: 100 });
  }
  clientTimeline(client: string) {
    return this.get<{ contacts?: Contact[] }>(resourcePath(client, "/timeline"), { pageSize: 100 });
  }
  getContact(name: string) {
    return this.get<Contact>(resourcePath(name));
  }
  planContact(contact: Partial<Contact>, requestId: string) {
    return this.call<Contact>("POST", `/v1/contacts${queryString({ requestId })}`, contact);
  }
  completeContact(name: string, result: ContactResult) {
    return this.call<{ contact?: Contact; sale?: Sale; nextContact?: Contact }>(
      "POST",
      resourcePath(name, ":complete"),
      { result },
    );
  }
  getSale(name: string) {
    return this.get<Sale>(resourcePath(name));
  }
  listSales(params: Record<string, QueryValue>) {
    return this.get<{ sales?: Sale[] }>("/v1/sales", params);
  }
  reassignContacts(fromOwner: string, toOwners: string[]) {
    return this.call<{ reassignedCount?: string }>("POST", resourcePath(fromOwner, "/contacts:reassign"), {
      toOwners,
    });
  }
  approveSale(sale: Sale) {
    return this.call<Sale>("POST", resourcePath(sale.name, ":approve"), { etag: sale.etag });
  }
  rejectSale(sale: Sale, reason: string) {
    return this.call<Sale>("POST", resourcePath(sale.name, ":reject"), { etag: sale.etag, reason });
  }
  salesBoard(edition: string) {
    return this.get<SalesBoard>(resourcePath(edition, "/salesBoard"));
  }

  // Documents.
  listDocuments(params: Record<string, QueryValue>) {
    return this.get<{ documents?: DocumentItem[] }>("/v1/documents", { pageSize: 100, ...params });
  }
  downloadDocument(name: string) {
    return this.get<DownloadedFile>(resourcePath(name, ":download"));
  }
  // A draft rendered again from the sale, the issuer's details and the template as they are now.
  renderDocumentDraft(d: DocumentItem) {
    return this.call<DocumentItem>("POST", resourcePath(d.name, ":render"), { etag: d.etag });
  }
  // A draft issued as reviewed (its etag): numbered, final, published.
  issueDocument(d: DocumentItem) {
    return this.call<DocumentItem>("POST", resourcePath(d.name, ":issue"), { etag: d.etag });
  }

  // Accounting.
  listPayments(unmatchedOnly: boolean) {
    return this.get<{ payments?: Payment[] }>("/v1/payments", {
      unmatchedOnly: unmatchedOnly || undefined,
      pageSize: 200,
    });
  }
  matchPayment(name: string, invoices: Array<{ invoice: string; amount: Money }>) {
    return this.call<Payment>("POST", resourcePath(name, ":match"), { invoices });
  }
  unmatchPayment(name: string) {
    return this.call<Payment>("POST", resourcePath(name, ":unmatch"), {});
  }
  importBankStatement(contentBase64: string, fileName: string) {
    return this.call<ImportedStatement>("POST", "/v1/bankStatements:import", {
      content: contentBase64,
      fileName,
    });
  }
  receivables(groupBy: "CLIENT" | "EDITION" | "MANAGER", asOf?: DateValue) {
    return this.get<Receivables>("/v1/receivables", {
      groupBy: `RECEIVABLES_GROUPING_${groupBy}`,
      ...(asOf ? dateParams("asOf", asOf) : {}),
    });
  }

  // Planning's live reminders (WatchReminders as SSE): each notice after `afterSequence` until
  // `signal` aborts or the stream ends.
  watchReminders(afterSequence: string, onNotice: (n: ReminderNotice) => void, signal?: AbortSignal) {
    return this.stream<ReminderNotice>(
      "GET",
      "/v1/reminders:watch" + queryString({ afterSequence: afterSequence === "0" ? undefined : afterSequence }),
      undefined,
      onNotice,
      signal,
    );
  }

  // Analytics.
  managerReport(manager: string, startTime: string, endTime: string) {
    return this.get<ManagerReport>(resourcePath(manager, ":report"), { startTime, endTime });
  }
  salesReport(
    groupBy: SalesReportGrouping,
    startTime: string,
    endTime: string,
    only: { edition?: string; department?: string } = {},
  ) {
    return this.get<SalesReport>("/v1/reports:sales", {
      startTime,
      endTime,
      groupBy: `SALES_REPORT_GROUPING_${groupBy}`,
      edition: only.edition,
      department: only.department,
    });
  }
  // The records behind a figure of a manager's report (ListSalesReportRecords with the manager
  // grouping): their sales, completed contacts (of one type or result) or open contacts.
  managerReportRecords(
    manager: string,
    startTime: string,
    endTime: string,
    kind: SalesReportRecordKind,
    only: { contactType?: string; resultKind?: string; pageToken?: string } = {},
  ) {
    return this.get<SalesReportRecords>("/v1/reports:salesRecords", {
      startTime,
      endTime,
      groupBy: "SALES_REPORT_GROUPING_MANAGER",
      key: manager,
      kind: `SALES_REPORT_RECORD_KIND_${kind}`,
      contactType: only.contactType,
      resultKind: only.resultKind,
      pageSize: 50,
      pageToken: only.pageToken,
    });
  }
  // The clients behind a market analysis figure (ListReportClients), 50 a page.
  reportClients(query: ReportClientsQuery, pageToken?: string) {
    return this.get<{ clients?: ReportClient[]; nextPageToken?: string }>("/v1/reports:clients", {
      figure: `REPORT_CLIENT_FIGURE_${query.figure}`,
      key: query.key,
      narrowed: query.narrowed ? true : undefined,
      edition: query.edition,
      project: query.project,
      pageSize: 50,
      pageToken,
    });
  }
  marketAnalysis(project?: string) {
    return this.get<MarketAnalysis>("/v1/reports:market", { project });
  }
  // An edition's sales plan ("projects/p/editions/e").
  salesPlan(edition: string) {
    return this.get<SalesPlan>(resourcePath(`${edition}/salesPlan`));
  }
  setSalesPlanCells(edition: string, cells: SalesPlanCell[], etag: string) {
    return this.call<SalesPlan>("POST", resourcePath(`${edition}/salesPlan`, ":setCells"), { cells, etag });
  }
  planVsFact(edition: string, only: { department?: string; manager?: string } = {}) {
    return this.get<PlanVsFact>(resourcePath(`${edition}/salesPlan`, ":vsFact"), only);
  }
}
