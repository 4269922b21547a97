import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import { Api } from "./api/client";
import type { Client } from "./api/types";
import { clearSession, loadSession, saveSession } from "./lib/session";
import type { Session } from "./lib/session";

interface SessionContext {
  session: Session | null;
  api: Api;
  signIn: (token: string) => Session | null;
  signOut: () => void;
  // Client display names by resource name, fetched once per session.
  clientName: (name: string) => Promise<string>;
}

const Context = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const tokenRef = useRef<string | null>(session?.token ?? null);
  const names = useRef(new Map<string, Promise<string>>());

  const signOut = useCallback(() => {
    clearSession();
    tokenRef.current = null;
    names.current.clear();
    setSession(null);
  }, []);

  const api = useMemo(() => new Api(() => tokenRef.current, undefined, signOut), [signOut]);

  const signIn = useCallback((token: string) => {
    const s = saveSession(token);
    tokenRef.current = s?.token ?? null;
    names.current.clear();
    setSession(s);
    return s;
  }, []);

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
    () => ({ session, api, signIn, signOut, clientName }),
    [session, api, signIn, signOut, clientName],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const c = useContext(Context);
  if (!c) throw new Error("useSession outside SessionProvider");
  return c;
}
