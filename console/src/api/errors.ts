// Errors of the gateway: every failed call answers a google.rpc.Status as JSON
// (services/gateway/README.md, "Errors"), with the services' google.rpc.BadRequest field
// violations among its details. The services write their texts in English (for developers and
// logs) and add the Russian text for people as a google.rpc.LocalizedMessage (locale "ru-RU"):
// in each field violation's `localizedMessage`, and for the status's own message as a detail.
// The console shows the Russian text when there is one and the English one otherwise.

export interface FieldViolation {
  field: string;
  description: string;
  // The Russian text of the description, when the service has one.
  localizedMessage?: string;
}

export interface RpcStatus {
  code: number;
  message: string;
  details?: Array<Record<string, unknown> & { "@type"?: string }>;
}

const BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest";
const LOCALIZED_MESSAGE = "type.googleapis.com/google.rpc.LocalizedMessage";
const LOCALE = "ru-RU";

// gRPC codes by number, as the Status body carries them.
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export class ApiError extends Error {
  readonly httpStatus: number;
  readonly code: number;
  readonly violations: FieldViolation[];
  readonly requestId: string;
  // The Russian text of the status's message, when the service has one ("" otherwise).
  readonly localizedMessage: string;

  constructor(httpStatus: number, status: RpcStatus, requestId = "") {
    super(status.message || `HTTP ${httpStatus}`);
    this.name = "ApiError";
    this.httpStatus = httpStatus;
    this.code = status.code;
    this.violations = violationsOf(status);
    this.requestId = requestId;
    this.localizedMessage = localizedMessageOf(status);
  }
}

// The Russian text of a google.rpc.LocalizedMessage ({locale, message}), or "".
function russianText(localized: unknown): string {
  if (!localized || typeof localized !== "object") return "";
  const { locale, message } = localized as { locale?: unknown; message?: unknown };
  return locale === LOCALE && typeof message === "string" ? message : "";
}

// The text people read of a problem the services report in a response rather than an error (an
// import row's problem): its `localizedMessage` in Russian when there is one, else its English
// `message`.
export function problemText(problem: { message?: string; localizedMessage?: unknown }): string {
  return russianText(problem.localizedMessage) || (problem.message ?? "");
}

// The Russian text of the status's message: a google.rpc.LocalizedMessage among the details.
export function localizedMessageOf(status: RpcStatus): string {
  for (const detail of status.details ?? []) {
    if (detail["@type"] !== LOCALIZED_MESSAGE) continue;
    const text = russianText(detail);
    if (text) return text;
  }
  return "";
}

// What a person reads for a field violation: its Russian text, else the service's description.
export function violationText(v: FieldViolation): string {
  return v.localizedMessage || v.description;
}

// The field violations of every google.rpc.BadRequest among the details.
export function violationsOf(status: RpcStatus): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const detail of status.details ?? []) {
    if (detail["@type"] !== BAD_REQUEST) continue;
    const list = (detail as { fieldViolations?: unknown }).fieldViolations;
    if (!Array.isArray(list)) continue;
    for (const v of list) {
      if (v && typeof v === "object") {
        const { field, description, localizedMessage } = v as {
          field?: unknown;
          description?: unknown;
          localizedMessage?: unknown;
        };
        const violation: FieldViolation = {
          field: String(field ?? ""),
          description: String(description ?? ""),
        };
        const russian = russianText(localizedMessage);
        if (russian) violation.localizedMessage = russian;
        out.push(violation);
      }
    }
  }
  return out;
}

// An ApiError from a failed response's status and body text; a body that is not a Status (a
// proxy's HTML page, an empty 502) still gives an error with the HTTP status.
export function apiErrorFrom(httpStatus: number, bodyText: string, requestId = ""): ApiError {
  let status: RpcStatus = { code: codeForHttp(httpStatus), message: "" };
  try {
    const parsed = JSON.parse(bodyText) as unknown;
    if (parsed && typeof parsed === "object" && "code" in parsed) {
      status = parsed as RpcStatus;
    }
  } catch {
    // Not JSON: keep the code the HTTP status implies.
  }
  if (!status.message) {
    status = { ...status, message: describeHttp(httpStatus) };
  }
  return new ApiError(httpStatus, status, requestId);
}

function codeForHttp(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return GrpcCode.INVALID_ARGUMENT;
    case 401:
      return GrpcCode.UNAUTHENTICATED;
    case 403:
      return GrpcCode.PERMISSION_DENIED;
    case 404:
      return GrpcCode.NOT_FOUND;
    case 409:
      return GrpcCode.ABORTED;
    case 429:
      return GrpcCode.RESOURCE_EXHAUSTED;
    case 503:
      return GrpcCode.UNAVAILABLE;
    case 504:
      return GrpcCode.DEADLINE_EXCEEDED;
    default:
      return GrpcCode.UNKNOWN;
  }
}

function describeHttp(httpStatus: number): string {
  if (httpStatus === 0) return "Нет связи с сервером";
  return `Ошибка сервера (HTTP ${httpStatus})`;
}

// What a person reads for an error outside any form field: the service's Russian text when it
// has one, else a Russian explanation of the code (with the English message where it helps). A
// refusal and a missing record say so before the service's reason.
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const reason = error.localizedMessage || error.message;
    switch (error.code) {
      case GrpcCode.UNAUTHENTICATED:
        return "Сеанс истёк или не начат: войдите снова.";
      case GrpcCode.PERMISSION_DENIED:
        return `Недостаточно прав: ${reason}`;
      case GrpcCode.NOT_FOUND:
        return `Не найдено: ${reason}`;
    }
    if (error.localizedMessage) {
      return error.localizedMessage;
    }
    switch (error.code) {
      case GrpcCode.ABORTED:
        return "Запись уже изменил кто-то другой: обновите страницу и повторите.";
      case GrpcCode.RESOURCE_EXHAUSTED:
        return "Слишком много запросов: повторите через несколько секунд.";
      case GrpcCode.UNAVAILABLE:
        return "Сервис временно недоступен: повторите позже.";
      default:
        return error.message;
    }
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
