// Sign-in with the company's identity provider: OpenID Connect, the authorization code flow with
// PKCE (RFC 6749, RFC 7636 S256) for a public client. The gateway says which provider and client
// (GET /console/config.json); the provider's discovery document names its endpoints. The
// browser's WebCrypto makes the random values and the SHA-256 of the code challenge. What a
// sign-in in progress needs after the redirect (state, nonce, verifier, the page wanted) waits in
// sessionStorage, for this tab only, and is removed when the provider answers.

export interface SignInConfig {
  issuer: string; // "" when the gateway has no provider configured
  clientId: string;
  scope: string;
  redirectPath: string; // the console's redirect URI on its own origin
  development?: boolean; // the gateway's development provider (demo employees)
}

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

// A sign-in sent to the provider, waiting for its answer at the redirect URI.
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string; // the console page wanted, "/clients?x=1"
  redirectUri: string;
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  // ms since the epoch; 0 when neither expires_in nor the token's exp says
  expiresAt: number;
}

// How the refresh token is renewed later: where and for which client.
export interface Renewal {
  refreshToken: string;
  tokenEndpoint: string;
  clientId: string;
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

// A failed sign-in, with the text shown on the sign-in page (Russian).
export class SignInError extends Error {
  constructor(
    message: string,
    readonly code = "",
  ) {
    super(message);
    this.name = "SignInError";
  }
}

const PENDING_KEY = "expo-crm.oidc.pending";

export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// `bytes` random bytes, base64url: 32 give a 43-character PKCE verifier (RFC 7636 §4.1).
export function randomString(bytes = 32, crypto: Crypto = globalThis.crypto): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

// RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))).
export async function codeChallenge(verifier: string, crypto: Crypto = globalThis.crypto): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

async function getJson<T>(fetchFn: Fetch, url: string, what: string): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { Accept: "application/json" } });
  } catch {
    throw new SignInError(`Не удалось получить ${what}: нет связи (${url}).`);
  }
  if (!response.ok) throw new SignInError(`Не удалось получить ${what}: HTTP ${response.status} (${url}).`);
  try {
    return (await response.json()) as T;
  } catch {
    throw new SignInError(`Не удалось получить ${what}: ответ не JSON (${url}).`);
  }
}

// The gateway's sign-in configuration.
export async function loadConfig(fetchFn: Fetch): Promise<SignInConfig> {
  const c = await getJson<Partial<SignInConfig>>(fetchFn, "/console/config.json", "настройки входа");
  return {
    issuer: c.issuer ?? "",
    clientId: c.clientId ?? "",
    scope: c.scope || "openid profile",
    redirectPath: c.redirectPath || "/signin/callback",
    development: c.development ?? false,
  };
}

// The provider's discovery document (OpenID Connect Discovery 1.0 §4); its issuer must be the one
// configured (§4.3).
export async function discover(issuer: string, fetchFn: Fetch): Promise<ProviderMetadata> {
  const base = issuer.replace(/\/+$/, "");
  const m = await getJson<Partial<ProviderMetadata>>(
    fetchFn,
    `${base}/.well-known/openid-configuration`,
    "описание провайдера входа",
  );
  if (!m.authorization_endpoint || !m.token_endpoint) {
    throw new SignInError("Описание провайдера входа не называет authorization_endpoint и token_endpoint.");
  }
  if ((m.issuer ?? "").replace(/\/+$/, "") !== base) {
    throw new SignInError(`Провайдер входа назвал себя «${m.issuer ?? ""}», а настроен «${issuer}».`);
  }
  return { issuer: m.issuer!, authorization_endpoint: m.authorization_endpoint, token_endpoint: m.token_endpoint };
}

// Starts a sign-in: keeps what the answer is checked with in `storage` and returns the provider's
// authorization URL to send the browser to.
export async function beginSignIn(args: {
  config: SignInConfig;
  metadata: ProviderMetadata;
  origin: string; // window.location.origin
  returnTo: string;
  storage: Storage;
  crypto?: Crypto;
}): Promise<string> {
  const { config, metadata, origin, storage } = args;
  const crypto = args.crypto ?? globalThis.crypto;
  const pending: PendingSignIn = {
    state: randomString(16, crypto),
    nonce: randomString(16, crypto),
    verifier: randomString(32, crypto),
    returnTo: safeReturnTo(args.returnTo, config.redirectPath),
    redirectUri: origin + config.redirectPath,
    issuer: metadata.issuer,
    clientId: config.clientId,
    tokenEndpoint: metadata.token_endpoint,
  };
  storage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(metadata.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: pending.redirectUri,
    scope: config.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier, crypto),
    code_challenge_method: "S256",
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

// Only a path of the console itself (no other origin, not the callback) is returned to.
export function safeReturnTo(path: string, redirectPath: string): string {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith(redirectPath)) return "/";
  return path;
}

// Whether the page is the provider's answer at the redirect URI.
export function isCallback(pathname: string, search: string, redirectPath: string): boolean {
  const q = new URLSearchParams(search);
  return pathname === redirectPath && (q.has("code") || q.has("error"));
}

// The Russian text of an OAuth 2.0 error code (RFC 6749 §4.1.2.1, §5.2).
export function providerErrorText(error: string, description = ""): string {
  const detail = description ? ` (${description})` : "";
  switch (error) {
    case "access_denied":
      return "Вход отменён: провайдер входа не выдал доступ.";
    case "login_required":
    case "interaction_required":
      return "Провайдер входа просит войти заново.";
    case "invalid_grant":
      return `Код входа не принят: он истёк или уже использован${detail}. Войдите ещё раз.`;
    case "invalid_client":
    case "unauthorized_client":
      return `Провайдер входа не знает это приложение${detail}: проверьте CRM_GATEWAY_OIDC_CLIENT_ID.`;
    default:
      return `Провайдер входа ответил ошибкой «${error}»${detail}.`;
  }
}

function claimsOf(jwt: string): Record<string, unknown> | null {
  const parts = jwt.split(".");
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

// The ID token came straight from the token endpoint over the connection the browser checked
// (OpenID Connect Core §3.1.3.7), so its claims are compared, not its signature: the issuer, this
// client among the audiences and the nonce of this sign-in.
export function checkIdToken(idToken: string, pending: PendingSignIn): void {
  const claims = claimsOf(idToken);
  const aud = claims?.aud;
  const audiences = Array.isArray(aud) ? aud.map(String) : [String(aud ?? "")];
  if (
    !claims ||
    String(claims.iss ?? "").replace(/\/+$/, "") !== pending.issuer.replace(/\/+$/, "") ||
    !audiences.includes(pending.clientId) ||
    claims.nonce !== pending.nonce
  ) {
    throw new SignInError("Ответ провайдера входа не прошёл проверку (ID-токен не для этого входа). Войдите ещё раз.");
  }
}

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

async function postToken(fetchFn: Fetch, endpoint: string, form: Record<string, string>): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetchFn(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams(form).toString(),
    });
  } catch {
    throw new SignInError("Провайдер входа недоступен: нет связи.");
  }
  let body: TokenResponse = {};
  try {
    body = (await response.json()) as TokenResponse;
  } catch {
    // An answer without a JSON body: the status says it.
  }
  if (!response.ok || !body.access_token) {
    const code = body.error ?? `HTTP ${response.status}`;
    throw new SignInError(providerErrorText(code, body.error_description ?? ""), body.error ?? "");
  }
  return body;
}

function tokenSetOf(body: TokenResponse, now: number, previousRefresh?: string): TokenSet {
  return {
    accessToken: body.access_token!,
    refreshToken: body.refresh_token ?? previousRefresh,
    expiresAt: body.expires_in ? now + body.expires_in * 1000 : 0,
  };
}

// The provider's answer at the redirect URI (`search`: "?code=...&state=..."): checks the state
// against the sign-in begun in this tab, exchanges the code with its verifier and returns the
// tokens and the page to go back to. The pending sign-in is used once, whatever the outcome.
export async function completeSignIn(args: {
  search: string;
  storage: Storage;
  fetchFn: Fetch;
  now?: number;
}): Promise<{ tokens: TokenSet; returnTo: string; renewal?: Renewal }> {
  const q = new URLSearchParams(args.search);
  const raw = args.storage.getItem(PENDING_KEY);
  args.storage.removeItem(PENDING_KEY);
  let pending: PendingSignIn | null = null;
  try {
    pending = raw ? (JSON.parse(raw) as PendingSignIn) : null;
  } catch {
    pending = null;
  }
  if (!pending || !q.get("state") || q.get("state") !== pending.state) {
    throw new SignInError(
      "Ответ провайдера входа не относится к входу, начатому в этой вкладке (state не совпадает). Войдите ещё раз.",
      "state",
    );
  }
  const error = q.get("error");
  if (error) throw new SignInError(providerErrorText(error, q.get("error_description") ?? ""), error);
  const code = q.get("code");
  if (!code) throw new SignInError("Провайдер входа не передал код.", "invalid_request");
  const body = await postToken(args.fetchFn, pending.tokenEndpoint, {
    grant_type: "authorization_code",
    code,
    redirect_uri: pending.redirectUri,
    client_id: pending.clientId,
    code_verifier: pending.verifier,
  });
  if (body.id_token) checkIdToken(body.id_token, pending);
  const tokens = tokenSetOf(body, args.now ?? Date.now());
  return {
    tokens,
    returnTo: pending.returnTo,
    renewal: tokens.refreshToken
      ? { refreshToken: tokens.refreshToken, tokenEndpoint: pending.tokenEndpoint, clientId: pending.clientId }
      : undefined,
  };
}

// A new access token for the refresh token (RFC 6749 §6); the provider may rotate the refresh
// token, else the old one stays.
export async function refreshTokens(renewal: Renewal, fetchFn: Fetch, now = Date.now()): Promise<TokenSet> {
  const body = await postToken(fetchFn, renewal.tokenEndpoint, {
    grant_type: "refresh_token",
    refresh_token: renewal.refreshToken,
    client_id: renewal.clientId,
  });
  return tokenSetOf(body, now, renewal.refreshToken);
}

// When to renew a token expiring at `expiresAt`: a minute before (a tenth of its remaining life
// when that is shorter), not sooner than in five seconds; null when it does not expire.
export function renewalDelay(expiresAt: number, now = Date.now()): number | null {
  if (!expiresAt) return null;
  const left = expiresAt - now;
  return Math.max(5_000, left - Math.min(60_000, left / 10));
}
