import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import { Api } from "./api/client";
import type { Client } from "./api/types";
import { refreshTokens, renewalDelay } from "./lib/oidc";
import type { Renewal } from "./lib/oidc";
import { clearSession, loadRenewal, loadSession, saveSession } from "./lib/session";
import type { Session } from "./lib/session";

interface SessionContext {
  session: Session | null;
  // The last session ended by itself (its token expired or was refused, the renewal failed): the
  // sign-in page then goes to the provider again at once, back to the page that was open.
  expired: boolean;
  api: Api;
  signIn: (token: string, renewal?: Renewal) => Session | null;
  signOut: (expired?: boolean) => void;
  // Client display names by resource name, fetched once per session.
  clientName: (name: string) => Promise<string>;
}

const Context = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [initial] = useState(() => loadSession());
  const [session, setSession] = useState<Session | null>(initial.session);
  const [expired, setExpired] = useState(initial.expired);
  const tokenRef = useRef<string | null>(session?.token ?? null);
  const names = useRef(new Map<string, Promise<string>>());

  const signOut = useCallback((ended = false) => {
    clearSession();
    tokenRef.current = null;
    names.current.clear();
    setExpired(ended);
    setSession(null);
  }, []);

  const api = useMemo(() => new Api(() => tokenRef.current, undefined, () => signOut(true)), [signOut]);

  const signIn = useCallback((token: string, renewal?: Renewal) => {
    const s = saveSession(token, renewal);
    tokenRef.current = s?.token ?? null;
    names.current.clear();
    setExpired(false);
    setSession(s);
    return s;
  }, []);

  // Before the token expires: renewed with the refresh token when there is one; else the session
  // ends and the sign-in page asks the provider again.
  useEffect(() => {
    if (!session) return;
    const delay = renewalDelay(session.expiresAt);
    if (delay === null) return;
    const renewal = loadRenewal();
    const timer = window.setTimeout(
      () => {
        if (!renewal) {
          signOut(true);
          return;
        }
        refreshTokens(renewal, (input, init) => fetch(input, init))
          .then((tokens) => {
            const renewed = tokens.refreshToken ? { ...renewal, refreshToken: tokens.refreshToken } : renewal;
            if (!signIn(tokens.accessToken, renewed)) signOut(true);
          })
          .catch(() => signOut(true));
      },
      renewal ? delay : Math.max(0, session.expiresAt - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [session, signIn, signOut]);

  const clientName = useCallback(
    (name: string) => {
      let p = names.current.get(name);
      if (!p) {
        p = api
          .getClient(name)
          .then((c: Client) => c.displayName || c.legalName || name)
          .catch(() => name);
        names.current.set(name, p);
      }
      return p;
    },
    [api],
  );

  const value = useMemo(
    () => ({ session, expired, api, signIn, signOut, clientName }),
    [session, expired, api, signIn, signOut, clientName],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const c = useContext(Context);
  if (!c) throw new Error("useSession outside SessionProvider");
  return c;
}
