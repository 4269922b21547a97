import { useState } from "react";
import type { CountByKey, MarketSegment, ReportClientFigure, ReportClientsQuery } from "../api/types";
import { BarChart } from "../chart";
import { ErrorBox, Loading, useLoad } from "../components";
import { formatArea, formatDate } from "../lib/format";
import { marketKeyLabel, share } from "../lib/market";
import { useSession } from "../session";
import { ClientsDrill } from "./ClientsDrill";

// Opens the list of the clients behind a figure.
type Drill = (title: string, query: ReportClientsQuery) => void;

// A figure's number as a button that lists the clients behind it.
function Count({ value, title, query, drill }: { value?: string; title: string; query: ReportClientsQuery; drill: Drill }) {
  return (
    <button type="button" className="link" title="Показать клиентов" onClick={() => drill(title, query)}>
      {value ?? "0"}
    </button>
  );
}

// The analyst's market analysis (analytics' GetMarketAnalysis): the base and the exhibitors by
// federal district, region, industry and stand size, competitors' exhibitions, retention and
// churn edition over edition with the new exhibitors by lead source, and the base's growth.
export function MarketPage() {
  const { api } = useSession();
  const projects = useLoad(async () => (await api.listProjects()).projects ?? [], []);
  const [project, setProject] = useState("");
  const market = useLoad(() => api.marketAnalysis(project || undefined), [project]);
  const m = market.data;
  const [chosen, setChosen] = useState<{ title: string; query: ReportClientsQuery } | null>(null);
  const drill: Drill = (title, query) => setChosen({ title, query: { ...query, project: project || undefined } });
  return (
    <div className="stack">
      <section className="panel">
        <div className="month-head">
          <h2>Анализ рынка</h2>
          <label className="field">
            <span className="field-label">Выставки</span>
            <select name="project" value={project} onChange={(e) => setProject(e.target.value)}>
              <option value="">Все проекты</option>
              {(projects.data ?? []).map((p) => (
                <option key={p.name} value={p.name}>
                  {p.displayName}
                </option>
              ))}
            </select>
          </label>
          <button onClick={market.reload}>Обновить</button>
        </div>
        <ErrorBox error={market.error ?? projects.error} />
        <Loading when={market.loading && !m} />
        {m && (
          <div className="figures" data-testid="market-totals">
            <div className="figure">
              <div className="figure-title">Клиентов в базе</div>
              <div className="figure-value" data-testid="market-clients">
                <Count value={m.clients} title="Клиенты базы" query={{ figure: "MARKET_BASE" }} drill={drill} />
              </div>
            </div>
            <div className="figure">
              <div className="figure-title">Из них участвовали</div>
              <div className="figure-value">
                <Count
                  value={m.exhibitors}
                  title="Клиенты базы, участвовавшие в выставках"
                  query={{ figure: "MARKET_BASE", narrowed: true }}
                  drill={drill}
                />
              </div>
            </div>
            <div className="figure">
              <div className="figure-title">Доля участников</div>
              <div className="figure-value">{share(m.exhibitors, m.clients)}</div>
            </div>
          </div>
        )}
      </section>
      {m && chosen && <ClientsDrill title={chosen.title} query={chosen.query} onClose={() => setChosen(null)} />}
      {m && (
        <>
          <div className="columns">
            <Segments title="Федеральные округа" kind="district" drill={drill} rows={m.byFederalDistrict} testId="by-district" />
            <Segments title="Отрасли (раздел ОКВЭД)" kind="industry" drill={drill} rows={m.byIndustry} testId="by-industry" />
            <Segments title="Регионы" kind="region" drill={drill} rows={m.byRegion} testId="by-region" />
            <Segments title="Размер стенда (участники)" kind="size" drill={drill} rows={m.bySize} testId="by-size" />
          </div>
          <section className="panel">
            <h2>Участие в выставках конкурентов</h2>
            {(m.competitors ?? []).length === 0 ? (
              <p className="muted">Нет сведений об участии в выставках конкурентов.</p>
            ) : (
              <table className="table" data-testid="competitors">
                <thead>
                  <tr>
                    <th>Выставка</th>
                    <th className="num">Клиентов</th>
                    <th className="num">Из них и у нас</th>
                    <th className="bar-cell"></th>
                  </tr>
                </thead>
                <tbody>
                  {(m.competitors ?? []).map((c) => (
                    <tr key={c.competitorExhibition}>
                      <td>{c.displayName || c.competitorExhibition}</td>
                      <td className="num">
                        <Count
                          value={c.clients}
                          title={`Участники выставки «${c.displayName || c.competitorExhibition}»`}
                          query={{ figure: "COMPETITOR", key: c.competitorExhibition }}
                          drill={drill}
                        />
                      </td>
                      <td className="num">
                        <Count
                          value={c.alsoOurs}
                          title={`Участники выставки «${c.displayName || c.competitorExhibition}», участвовавшие и у нас`}
                          query={{ figure: "COMPETITOR", key: c.competitorExhibition, narrowed: true }}
                          drill={drill}
                        />{" "}
                        ({share(c.alsoOurs, c.clients)})
                      </td>
                      <td className="bar-cell">
                        <Bar value={c.alsoOurs} max={c.clients} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="panel">
            <h2>Удержание и отток по выпускам</h2>
            <table className="table" data-testid="retention">
              <thead>
                <tr>
                  <th>Выпуск</th>
                  <th>Начало</th>
                  <th className="num">Участников</th>
                  <th className="num">Площадь</th>
                  <th className="num">Вернулись</th>
                  <th className="num">Ушли</th>
                  <th className="num">Удержание</th>
                  <th className="num">Новые</th>
                  <th>Новые по источникам</th>
                </tr>
              </thead>
              <tbody>
                {(m.editions ?? []).map((e) => (
                  <tr key={e.edition}>
                    <td>{e.displayName || e.edition}</td>
                    <td>{formatDate(e.startDate)}</td>
                    <td className="num">
                      <EditionCount edition={e} figure="EDITION_EXHIBITORS" value={e.exhibitors} drill={drill} />
                    </td>
                    <td className="num">{formatArea(e.areaDm2)}</td>
                    <td className="num">
                      <EditionCount edition={e} figure="EDITION_RETAINED" value={e.retained} drill={drill} />
                    </td>
                    <td className="num">
                      <EditionCount edition={e} figure="EDITION_CHURNED" value={e.churned} drill={drill} />
                    </td>
                    <td className="num">{((e.retentionBp ?? 0) / 100).toLocaleString("ru-RU")} %</td>
                    <td className="num">
                      <EditionCount edition={e} figure="EDITION_NEW" value={e.newExhibitors} drill={drill} />
                    </td>
                    <td className="small">{sources(e.newByLeadSource)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {(m.editions ?? []).length > 0 && (
              <BarChart
                testId="retention-chart"
                series={[
                  { label: "Вернулись", color: "#1f5fae" },
                  { label: "Новые", color: "#6fbf73" },
                  { label: "Ушли", color: "#d98a8a" },
                ]}
                groups={(m.editions ?? []).map((e) => ({
                  label: e.displayName || e.edition || "",
                  values: [Number(e.retained ?? 0), Number(e.newExhibitors ?? 0), Number(e.churned ?? 0)],
                }))}
                format={(v) => v.toLocaleString("ru-RU", { maximumFractionDigits: 1 })}
                width={760}
                height={220}
              />
            )}
          </section>
          <section className="panel">
            <h2>Рост базы</h2>
            <table className="table" data-testid="growth">
              <thead>
                <tr>
                  <th>Год</th>
                  <th className="num">Добавлено</th>
                  <th className="num">База на конец года</th>
                </tr>
              </thead>
              <tbody>
                {(m.growth ?? []).map((g) => (
                  <tr key={g.year}>
                    <td>{g.year}</td>
                    <td className="num">
                      <Count
                        value={g.added}
                        title={`Клиенты, добавленные в ${g.year} году`}
                        query={{ figure: "GROWTH_ADDED", key: String(g.year ?? "") }}
                        drill={drill}
                      />
                    </td>
                    <td className="num">{g.total ?? "0"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {(m.growth ?? []).length > 0 && (
              <BarChart
                testId="growth-chart"
                series={[
                  { label: "Добавлено", color: "#6fbf73" },
                  { label: "База на конец года", color: "#1f5fae" },
                ]}
                groups={(m.growth ?? []).map((g) => ({
                  label: String(g.year ?? ""),
                  values: [Number(g.added ?? 0), Number(g.total ?? 0)],
                }))}
                format={(v) => v.toLocaleString("ru-RU", { maximumFractionDigits: 1 })}
                height={200}
              />
            )}
          </section>
        </>
      )}
    </div>
  );
}

const editionFigureTitles: Record<string, string> = {
  EDITION_EXHIBITORS: "участники",
  EDITION_RETAINED: "вернувшиеся участники",
  EDITION_CHURNED: "участники прошлого выпуска, которые не вернулись",
  EDITION_NEW: "новые участники",
};

function EditionCount({
  edition,
  figure,
  value,
  drill,
}: {
  edition: { edition?: string; displayName?: string };
  figure: ReportClientFigure;
  value?: string;
  drill: Drill;
}) {
  return (
    <Count
      value={value}
      title={`${edition.displayName || edition.edition}: ${editionFigureTitles[figure]}`}
      query={{ figure, edition: edition.edition }}
      drill={drill}
    />
  );
}

const segmentFigures: Record<"district" | "region" | "industry" | "size", ReportClientFigure> = {
  district: "FEDERAL_DISTRICT",
  region: "REGION",
  industry: "INDUSTRY",
  size: "SIZE",
};

function sources(list: CountByKey[] | undefined): string {
  return (list ?? []).map((c) => `${marketKeyLabel("source", c.key)}: ${c.count ?? "0"}`).join(", ");
}

function Bar({ value, max }: { value?: string; max?: string }) {
  const m = Number(max ?? 0);
  const width = m > 0 ? (Number(value ?? 0) / m) * 100 : 0;
  return <span className="bar" style={{ width: `${width}%` }} />;
}

// One slice of the base: clients, exhibitors among them, their area, a bar of the exhibitors.
function Segments({
  title,
  kind,
  rows,
  testId,
  drill,
}: {
  title: string;
  kind: "district" | "region" | "industry" | "size";
  rows?: MarketSegment[];
  testId: string;
  drill: Drill;
}) {
  const figure = segmentFigures[kind];
  const list = rows ?? [];
  const max = Math.max(1, ...list.map((r) => Number(kind === "size" ? r.exhibitors ?? 0 : r.clients ?? 0)));
  return (
    <section className="panel">
      <h2>{title}</h2>
      {list.length === 0 ? (
        <p className="muted">Нет данных.</p>
      ) : (
        <table className="table" data-testid={testId}>
          <thead>
            <tr>
              <th></th>
              <th className="num">{kind === "size" ? "Участников" : "Клиентов"}</th>
              {kind !== "size" && <th className="num">Участников</th>}
              <th className="num">Площадь</th>
              <th className="bar-cell"></th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.key ?? ""}>
                <td>{marketKeyLabel(kind, r.key)}</td>
                {kind !== "size" && (
                  <td className="num">
                    <Count
                      value={r.clients}
                      title={`${title}: ${marketKeyLabel(kind, r.key)}`}
                      query={{ figure, key: r.key ?? "" }}
                      drill={drill}
                    />
                  </td>
                )}
                <td className="num">
                  <Count
                    value={r.exhibitors}
                    title={`${title}: ${marketKeyLabel(kind, r.key)}, участники`}
                    query={{ figure, key: r.key ?? "", narrowed: kind !== "size" }}
                    drill={drill}
                  />
                </td>
                <td className="num">{formatArea(r.areaDm2)}</td>
                <td className="bar-cell">
                  <Bar value={kind === "size" ? r.exhibitors : r.clients} max={String(max)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
