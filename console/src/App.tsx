import { NavLink, Navigate, Route, Routes } from "react-router-dom";
import { areasFor } from "./lib/session";
import { label } from "./lib/format";
import { useSession } from "./session";
import { SignInPage } from "./pages/SignIn";
import { TodayPage } from "./pages/Today";
import { ClientsPage } from "./pages/Clients";
import { ClientCardPage } from "./pages/ClientCard";
import { ContactPage } from "./pages/ContactPage";
import { SalePage } from "./pages/SalePage";
import { ReportPage } from "./pages/Report";
import { DocumentsPage } from "./pages/Documents";
import { DepartmentPage } from "./pages/Department";
import { QualityPage } from "./pages/Quality";
import { ImportPage } from "./pages/Import";
import { PaymentsPage } from "./pages/Payments";
import { ReceivablesPage } from "./pages/Receivables";

export function App() {
  const { session, signOut } = useSession();
  if (!session) {
    return (
      <Routes>
        <Route path="*" element={<SignInPage />} />
      </Routes>
    );
  }
  const areas = areasFor(session.roles);
  return (
    <div className="layout">
      <header className="topbar">
        <span className="brand">Экспо CRM</span>
        <nav>
          {areas.includes("manager") && <NavLink to="/" end>Мой день</NavLink>}
          {areas.includes("manager") && <NavLink to="/clients">Клиенты</NavLink>}
          <NavLink to="/documents">Документы</NavLink>
          {areas.includes("accountant") && <NavLink to="/payments">Платежи</NavLink>}
          {areas.includes("accountant") && <NavLink to="/receivables">Дебиторка</NavLink>}
          {areas.includes("manager") && <NavLink to="/report">Мои показатели</NavLink>}
          {areas.includes("head") && <NavLink to="/department">Отдел</NavLink>}
          {areas.includes("analyst") && <NavLink to="/quality">Качество данных</NavLink>}
          {areas.includes("analyst") && <NavLink to="/import">Импорт</NavLink>}
          {areas.includes("analyst") && !areas.includes("manager") && <NavLink to="/clients">Клиенты</NavLink>}
        </nav>
        <span className="who" data-testid="who">
          {session.name} · {session.roles.map(label).join(", ")}
        </span>
        <button className="link-button" onClick={signOut}>
          Выйти
        </button>
      </header>
      <main>
        <Routes>
          <Route
            path="/"
            element={
              areas.includes("manager") ? (
                <TodayPage />
              ) : (
                <Navigate to={areas.includes("analyst") ? "/quality" : "/documents"} />
              )
            }
          />
          <Route path="/clients" element={<ClientsPage />} />
          <Route path="/clients/:id" element={<ClientCardPage />} />
          <Route path="/contacts/:id" element={<ContactPage />} />
          <Route path="/sales/:id" element={<SalePage />} />
          <Route path="/documents" element={<DocumentsPage />} />
          <Route path="/report" element={<ReportPage />} />
          <Route path="/quality" element={<QualityPage />} />
          <Route path="/import" element={<ImportPage />} />
          <Route path="/department" element={<DepartmentPage />} />
          <Route path="/payments" element={<PaymentsPage />} />
          <Route path="/receivables" element={<ReceivablesPage />} />
          <Route path="*" element={<Navigate to="/" />} />
        </Routes>
      </main>
    </div>
  );
}
