import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { errorText } from "../api/errors";
import type { Employee } from "../api/types";
import { label } from "../lib/format";
import { useSession } from "../session";

// Sign-in: on a local stack the gateway's development sign-in lists the demo employees
// (CRM_GATEWAY_DEV_SIGNIN); in production the company's identity provider issues the token
// (console/README.md), pasted here or handed over by the sign-in proxy.
export function SignInPage() {
  const { api, signIn } = useSession();
  const navigate = useNavigate();
  const [employees, setEmployees] = useState<Employee[] | null>(null);
  const [devOff, setDevOff] = useState(false);
  const [error, setError] = useState("");
  const [token, setToken] = useState("");

  // A token handed over in the URL's fragment (an OAuth 2.0 redirect: "#access_token=...", from
  // the identity provider or a sign-in proxy in front of the console); the fragment never reaches
  // a server and is cleared at once.
  useEffect(() => {
    const fragment = new URLSearchParams(window.location.hash.slice(1));
    const handed = fragment.get("access_token");
    if (handed) {
      window.history.replaceState(null, "", window.location.pathname);
      if (signIn(handed)) navigate("/");
      else setError("Переданный токен не читается.");
    }
  }, [signIn, navigate]);

  useEffect(() => {
    api
      .get<{ employees?: Employee[] }>("/dev/signin")
      .then((r) => setEmployees(r.employees ?? []))
      .catch(() => setDevOff(true));
  }, [api]);

  async function signInAs(employee: Employee) {
    setError("");
    try {
      const r = await api.call<{ token: string }>("POST", "/dev/signin", { employee: employee.name });
      if (signIn(r.token)) navigate("/");
    } catch (e) {
      setError(errorText(e));
    }
  }

  function submitToken(e: FormEvent) {
    e.preventDefault();
    if (signIn(token.trim())) navigate("/");
    else setError("Это не токен доступа (JWT).");
  }

  return (
    <div className="signin">
      <h1>Экспо CRM</h1>
      {error && (
        <div className="alert" role="alert">
          {error}
        </div>
      )}
      {employees && (
        <section>
          <h2>Вход для разработки: демо-сотрудники</h2>
          <table className="table">
            <tbody>
              {employees.map((e) => (
                <tr key={e.name}>
                  <td>{e.fullName}</td>
                  <td>{e.department}</td>
                  <td>{(e.roles ?? []).map(label).join(", ")}</td>
                  <td>
                    <button onClick={() => signInAs(e)} data-employee={e.fullName}>
                      Войти
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section>
        <h2>Вход с токеном</h2>
        {devOff && <p className="muted">Вход для разработки выключен: войдите через корпоративный вход (OIDC).</p>}
        <form onSubmit={submitToken} className="form">
          <textarea value={token} onChange={(e) => setToken(e.target.value)} rows={3} placeholder="Bearer-токен" />
          <button type="submit" disabled={!token.trim()}>
            Войти
          </button>
        </form>
      </section>
    </div>
  );
}
