// The signed-in person: the bearer token and what its payload says (subject, name, roles). The
// console reads the payload only to show the name and pick the role's screens; the services
// verify the token on every call.

import type { Renewal } from "./oidc";

export interface Session {
  token: string;
  subject: string; // "employees/<uuid>"
  name: string;
  roles: string[];
  expiresAt: number; // ms since the epoch; 0 when the token has no exp
}

const KEY = "expo-crm.session";
// The refresh token and where it is renewed, when the provider gave one (lib/oidc.ts).
const RENEWAL_KEY = "expo-crm.renewal";

// The claims of a JWT (base64url JSON of its middle part); null when it is not one.
export function decodeToken(token: string): Session | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/"));
    const utf8 = decodeURIComponent(
      Array.from(json, (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""),
    );
    const claims = JSON.parse(utf8) as {
      sub?: string;
      name?: string;
      roles?: unknown;
      exp?: number;
    };
    return {
      token,
      subject: claims.sub ?? "",
      name: claims.name ?? "",
      roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
      expiresAt: claims.exp ? claims.exp * 1000 : 0,
    };
  } catch {
    return null;
  }
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return session.expiresAt !== 0 && session.expiresAt <= now;
}

// The stored session; null when there is none or its token expired (`expired` then says so).
export function loadSession(storage: Storage = localStorage): { session: Session | null; expired: boolean } {
  const token = storage.getItem(KEY);
  if (!token) return { session: null, expired: false };
  const session = decodeToken(token);
  if (!session || isExpired(session)) {
    clearSession(storage);
    return { session: null, expired: session !== null };
  }
  return { session, expired: false };
}

// Keeps the token (and the refresh token's renewal, or drops an older one); null when the token
// is not a JWT.
export function saveSession(token: string, renewal?: Renewal, storage: Storage = localStorage): Session | null {
  const session = decodeToken(token);
  if (!session) return null;
  storage.setItem(KEY, token);
  if (renewal) storage.setItem(RENEWAL_KEY, JSON.stringify(renewal));
  else storage.removeItem(RENEWAL_KEY);
  return session;
}

export function loadRenewal(storage: Storage = localStorage): Renewal | null {
  try {
    const raw = storage.getItem(RENEWAL_KEY);
    return raw ? (JSON.parse(raw) as Renewal) : null;
  } catch {
    return null;
  }
}

export function clearSession(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
  storage.removeItem(RENEWAL_KEY);
}

// The screens a role opens on.
export type Area = "manager" | "head" | "accountant" | "analyst";

export function areasFor(roles: string[]): Area[] {
  const areas: Area[] = [];
  if (roles.includes("sales_manager") || roles.includes("sales_head") || roles.includes("admin"))
    areas.push("manager");
  if (roles.includes("sales_head") || roles.includes("admin")) areas.push("head");
  if (roles.includes("accountant") || roles.includes("admin")) areas.push("accountant");
  if (roles.includes("analyst") || roles.includes("admin")) areas.push("analyst");
  return areas;
}
