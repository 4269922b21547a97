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
import { PlansPage } from "./pages/Plans";
import { MarketPage } from "./pages/Market";
import { Reminders } from "./Reminders";
import { GroupsPage } from "./pages/Groups";
import type { Area } from "./lib/session";
import type { ReactElement } from "react";

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
  // A screen of other roles is not shown (the services refuse its calls anyway).
  const only = (allowed: Area[], element: ReactElement) =>
    allowed.some((a) => areas.includes(a)) ? element : <Navigate to="/" />;
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
          {(areas.includes("head") || areas.includes("analyst")) && <NavLink to="/plans">План и факт</NavLink>}
          {areas.includes("analyst") && <NavLink to="/quality">Качество данных</NavLink>}
          {areas.includes("analyst") && <NavLink to="/import">Импорт</NavLink>}
          {areas.includes("analyst") && <NavLink to="/groups">Группы и рассылки</NavLink>}
          {areas.includes("analyst") && <NavLink to="/market">Анализ рынка</NavLink>}
          {areas.includes("analyst") && !areas.includes("manager") && <NavLink to="/clients">Клиенты</NavLink>}
        </nav>
        <span className="who" data-testid="who">
          {session.name} · {session.roles.map(label).join(", ")}
        </span>
        <button className="link-button" onClick={() => signOut()}>
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
          <Route path="/report" element={only(["manager"], <ReportPage />)} />
          <Route path="/quality" element={only(["analyst"], <QualityPage />)} />
          <Route path="/import" element={only(["analyst"], <ImportPage />)} />
          <Route path="/department" element={only(["head"], <DepartmentPage />)} />
          <Route path="/payments" element={only(["accountant"], <PaymentsPage />)} />
          <Route path="/receivables" element={only(["accountant"], <ReceivablesPage />)} />
          <Route path="/plans" element={only(["head", "analyst"], <PlansPage />)} />
          <Route path="/market" element={only(["analyst"], <MarketPage />)} />
          <Route path="/groups" element={only(["analyst"], <GroupsPage />)} />
          <Route path="*" element={<Navigate to="/" />} />
        </Routes>
      </main>
      {areas.includes("manager") && <Reminders />}
    </div>
  );
}
