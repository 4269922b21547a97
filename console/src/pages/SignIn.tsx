import { useEffect, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { SignInError, beginSignIn, completeSignIn, discover, isCallback, loadConfig } from "../lib/oidc";
import type { Renewal, SignInConfig, TokenSet } from "../lib/oidc";
import { useSession } from "../session";

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);
// A session that ends this soon after its sign-in is not restarted by itself (a token the
// services refuse would otherwise send the browser round in circles).
const SIGNED_IN_AT = "expo-crm.signedInAt";
const MIN_SESSION_MS = 60_000;

// The provider's answer is exchanged once per address, even when React runs the effect twice.
const completions = new Map<string, Promise<{ tokens: TokenSet; returnTo: string; renewal?: Renewal }>>();

function messageOf(e: unknown): string {
  return e instanceof SignInError ? e.message : `Вход не удался: ${String(e)}`;
}

// Sign-in through the company's identity provider (OpenID Connect, the authorization code flow
// with PKCE, lib/oidc.ts), configured by the gateway; on a local stack the gateway's development
// provider lists the demo employees. This page also receives the provider's answer at the
// redirect URI, and shows its errors.
export function SignInPage() {
  const { signIn, expired } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [config, setConfig] = useState<SignInConfig | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const started = useRef(false);
  // The page asked for when signed out: the sign-in returns there.
  const wanted = useRef(location.pathname + location.search);

  async function start(cfg: SignInConfig, returnTo: string) {
    setBusy(true);
    setError("");
    try {
      const metadata = await discover(cfg.issuer, browserFetch);
      window.location.assign(
        await beginSignIn({
          config: cfg,
          metadata,
          origin: window.location.origin,
          returnTo,
          storage: sessionStorage,
        }),
      );
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  }

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    loadConfig(browserFetch)
      .then(async (cfg) => {
        setConfig(cfg);
        if (isCallback(location.pathname, location.search, cfg.redirectPath)) {
          setBusy(true);
          let completion = completions.get(location.search);
          if (!completion) {
            completion = completeSignIn({ search: location.search, storage: sessionStorage, fetchFn: browserFetch });
            completions.set(location.search, completion);
          }
          try {
            const { tokens, returnTo, renewal } = await completion;
            if (!signIn(tokens.accessToken, renewal)) {
              throw new SignInError("Провайдер входа выдал токен, который консоль не читает (не JWT).");
            }
            sessionStorage.setItem(SIGNED_IN_AT, String(Date.now()));
            navigate(returnTo, { replace: true });
          } catch (e) {
            navigate("/", { replace: true });
            setError(messageOf(e));
            setBusy(false);
          }
          return;
        }
        const signedInAt = Number(sessionStorage.getItem(SIGNED_IN_AT) ?? 0);
        if (expired && cfg.issuer && Date.now() - signedInAt > MIN_SESSION_MS) await start(cfg, wanted.current);
        else if (expired) setError("Сеанс закончился: сервисы не приняли токен. Войдите ещё раз.");
      })
      .catch((e) => setError(messageOf(e)));
    // Once per visit of the page: the address it opened with decides.
  }, []);

  return (
    <div className="signin">
      <h1>Экспо CRM</h1>
      {error && (
        <div className="alert" role="alert">
          {error}
        </div>
      )}
      {config && !config.issuer && (
        <p className="muted">
          Вход не настроен: у шлюза не задан провайдер входа (CRM_GATEWAY_OIDC_ISSUER, services/gateway/README.md).
        </p>
      )}
      {config && config.issuer && (
        <section>
          <button onClick={() => start(config, wanted.current)} disabled={busy}>
            {config.development ? "Войти (демо-сотрудники)" : "Войти через корпоративный вход"}
          </button>
          {config.development && (
            <p className="muted">
              Вход для разработки: провайдер входа шлюза (CRM_GATEWAY_DEV_SIGNIN) предложит выбрать демо-сотрудника.
            </p>
          )}
        </section>
      )}
    </div>
  );
}
