import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  SignInError,
  base64Url,
  beginSignIn,
  checkIdToken,
  codeChallenge,
  completeSignIn,
  discover,
  isCallback,
  loadConfig,
  providerErrorText,
  randomString,
  refreshTokens,
  renewalDelay,
  safeReturnTo,
} from "./oidc";
import type { PendingSignIn, SignInConfig } from "./oidc";

// sessionStorage's shape over a Map (node has none).
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

interface Seen {
  url: string;
  init?: RequestInit;
}

function fakeFetch(answers: Record<string, { status?: number; body: unknown }>, seen: Seen[] = []) {
  return async (url: string, init?: RequestInit) => {
    seen.push({ url, init });
    const a = answers[url];
    if (!a) return new Response("not found", { status: 404 });
    return new Response(JSON.stringify(a.body), { status: a.status ?? 200 });
  };
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const jwt = (claims: unknown) => `${b64({ alg: "HS256" })}.${b64(claims)}.c2ln`;

const issuer = "https://id.example.com/realms/expo";
const metadata = {
  issuer,
  authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
  token_endpoint: `${issuer}/protocol/openid-connect/token`,
};
const config: SignInConfig = {
  issuer,
  clientId: "expo-crm-console",
  scope: "openid profile",
  redirectPath: "/signin/callback",
};

async function begin(storage: Storage, returnTo = "/clients?query=ладья") {
  const url = new URL(
    await beginSignIn({ config, metadata, origin: "https://crm.example.ru", returnTo, storage }),
  );
  const pending = JSON.parse(storage.getItem("expo-crm.oidc.pending")!) as PendingSignIn;
  return { url, pending };
}

describe("PKCE", () => {
  it("derives the S256 challenge of RFC 7636's example verifier", async () => {
    // RFC 7636, appendix B.
    expect(await codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes verifiers of 43 unreserved characters, different each time", () => {
    const a = randomString();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomString()).not.toBe(a);
    expect(base64Url(new Uint8Array([251, 255]))).toBe("-_8");
  });
});

describe("configuration and discovery", () => {
  it("reads the gateway's configuration with its defaults", async () => {
    const c = await loadConfig(fakeFetch({ "/console/config.json": { body: { issuer, clientId: "crm" } } }));
    expect(c).toEqual({ issuer, clientId: "crm", scope: "openid profile", redirectPath: "/signin/callback", development: false });
    await expect(loadConfig(fakeFetch({}))).rejects.toThrow("настройки входа: HTTP 404");
  });

  it("takes the endpoints from the discovery document of the issuer configured", async () => {
    const seen: Seen[] = [];
    const m = await discover(`${issuer}/`, fakeFetch({ [`${issuer}/.well-known/openid-configuration`]: { body: metadata } }, seen));
    expect(m.token_endpoint).toBe(metadata.token_endpoint);
    expect(seen[0].url).toBe(`${issuer}/.well-known/openid-configuration`);
    const other = { ...metadata, issuer: "https://evil.example" };
    await expect(
      discover(issuer, fakeFetch({ [`${issuer}/.well-known/openid-configuration`]: { body: other } })),
    ).rejects.toThrow("назвал себя «https://evil.example»");
  });
});

describe("the authorization request", () => {
  it("sends code, S256 challenge, state and nonce and keeps the verifier in the tab's storage", async () => {
    const storage = new MemoryStorage();
    const { url, pending } = await begin(storage);
    expect(url.origin + url.pathname).toBe(metadata.authorization_endpoint);
    const q = url.searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe("expo-crm-console");
    expect(q.get("redirect_uri")).toBe("https://crm.example.ru/signin/callback");
    expect(q.get("scope")).toBe("openid profile");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("state")).toBe(pending.state);
    expect(q.get("nonce")).toBe(pending.nonce);
    expect(q.get("code_challenge")).toBe(createHash("sha256").update(pending.verifier).digest("base64url"));
    expect(pending.returnTo).toBe("/clients?query=ладья");
    expect(pending.tokenEndpoint).toBe(metadata.token_endpoint);
  });

  it("returns only to the console's own pages", () => {
    expect(safeReturnTo("/report", "/signin/callback")).toBe("/report");
    expect(safeReturnTo("//evil.example/x", "/signin/callback")).toBe("/");
    expect(safeReturnTo("https://evil.example", "/signin/callback")).toBe("/");
    expect(safeReturnTo("/signin/callback?code=1", "/signin/callback")).toBe("/");
  });

  it("recognises the provider's answer at the redirect path", () => {
    expect(isCallback("/signin/callback", "?code=a&state=b", "/signin/callback")).toBe(true);
    expect(isCallback("/signin/callback", "?error=access_denied", "/signin/callback")).toBe(true);
    expect(isCallback("/signin/callback", "", "/signin/callback")).toBe(false);
    expect(isCallback("/clients", "?code=a", "/signin/callback")).toBe(false);
  });
});

describe("the callback", () => {
  it("checks the state, exchanges the code with the verifier and returns to the page wanted", async () => {
    const storage = new MemoryStorage();
    const { pending } = await begin(storage);
    const access = jwt({ sub: "employees/1", exp: 2_000_000_000 });
    const idToken = jwt({ iss: issuer, aud: "expo-crm-console", nonce: pending.nonce, sub: "employees/1" });
    const seen: Seen[] = [];
    const fetchFn = fakeFetch(
      { [metadata.token_endpoint]: { body: { access_token: access, id_token: idToken, expires_in: 300, refresh_token: "r1" } } },
      seen,
    );
    const r = await completeSignIn({ search: `?code=c1&state=${pending.state}`, storage, fetchFn, now: 1000 });
    expect(r.tokens).toEqual({ accessToken: access, refreshToken: "r1", expiresAt: 301_000 });
    expect(r.returnTo).toBe("/clients?query=ладья");
    expect(r.renewal).toEqual({ refreshToken: "r1", tokenEndpoint: metadata.token_endpoint, clientId: "expo-crm-console" });
    const init = seen[0].init!;
    expect(init.method).toBe("POST");
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(String(init.body));
    expect(Object.fromEntries(form)).toEqual({
      grant_type: "authorization_code",
      code: "c1",
      redirect_uri: "https://crm.example.ru/signin/callback",
      client_id: "expo-crm-console",
      code_verifier: pending.verifier,
    });
    // The pending sign-in is used up: the same answer again is refused.
    await expect(completeSignIn({ search: `?code=c1&state=${pending.state}`, storage, fetchFn })).rejects.toThrow(
      "state не совпадает",
    );
  });

  it("refuses an answer whose state is not this tab's, without calling the provider", async () => {
    const storage = new MemoryStorage();
    await begin(storage);
    const seen: Seen[] = [];
    const error = await completeSignIn({ search: "?code=c1&state=forged", storage, fetchFn: fakeFetch({}, seen) }).catch((e) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as SignInError).code).toBe("state");
    expect(seen).toEqual([]);
  });

  it("shows the provider's refusal in Russian", async () => {
    const storage = new MemoryStorage();
    const { pending } = await begin(storage);
    await expect(
      completeSignIn({ search: `?error=access_denied&state=${pending.state}`, storage, fetchFn: fakeFetch({}) }),
    ).rejects.toThrow("Вход отменён: провайдер входа не выдал доступ.");
    expect(providerErrorText("server_error", "down")).toBe("Провайдер входа ответил ошибкой «server_error» (down).");
  });

  it("reports the token endpoint's OAuth error", async () => {
    const storage = new MemoryStorage();
    const { pending } = await begin(storage);
    const fetchFn = fakeFetch({
      [metadata.token_endpoint]: { status: 400, body: { error: "invalid_grant", error_description: "code used" } },
    });
    const error = await completeSignIn({ search: `?code=c1&state=${pending.state}`, storage, fetchFn }).catch((e) => e);
    expect((error as SignInError).code).toBe("invalid_grant");
    expect((error as Error).message).toContain("Код входа не принят");
  });

  it("refuses an ID token of another sign-in (nonce), client or issuer", async () => {
    const storage = new MemoryStorage();
    const { pending } = await begin(storage);
    const good = { iss: issuer, aud: ["other", "expo-crm-console"], nonce: pending.nonce };
    expect(() => checkIdToken(jwt(good), pending)).not.toThrow();
    for (const bad of [{ ...good, nonce: "x" }, { ...good, aud: "other" }, { ...good, iss: "https://evil" }]) {
      expect(() => checkIdToken(jwt(bad), pending)).toThrow("ID-токен не для этого входа");
    }
    expect(() => checkIdToken("not a jwt", pending)).toThrow(SignInError);
  });
});

describe("renewal", () => {
  it("renews with the refresh token and keeps it when the provider does not rotate it", async () => {
    const seen: Seen[] = [];
    const renewal = { refreshToken: "r1", tokenEndpoint: metadata.token_endpoint, clientId: "expo-crm-console" };
    const fetchFn = fakeFetch({ [metadata.token_endpoint]: { body: { access_token: "a2", expires_in: 60 } } }, seen);
    expect(await refreshTokens(renewal, fetchFn, 0)).toEqual({ accessToken: "a2", refreshToken: "r1", expiresAt: 60_000 });
    expect(Object.fromEntries(new URLSearchParams(String(seen[0].init!.body)))).toEqual({
      grant_type: "refresh_token",
      refresh_token: "r1",
      client_id: "expo-crm-console",
    });
  });

  it("renews a minute before expiry, sooner for short tokens, never at once", () => {
    expect(renewalDelay(0)).toBeNull();
    expect(renewalDelay(3_600_000, 0)).toBe(3_540_000);
    expect(renewalDelay(300_000, 0)).toBe(270_000);
    expect(renewalDelay(1_000, 0)).toBe(5_000);
  });
});
