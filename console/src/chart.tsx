import type { ChartGroup, ChartSeries } from "./lib/chart";
import { layoutBars } from "./lib/chart";

// A grouped bar chart drawn as SVG (the geometry in lib/chart.ts): groups along the bottom, one
// bar per series in each, the scale on the left with `format` for its numbers, a legend above.
// The values are in the SVG's <title>s as well, for a tooltip and for screen readers.
export function BarChart({
  groups,
  series,
  format,
  testId,
  width = 640,
  height = 240,
}: {
  groups: ChartGroup[];
  series: ChartSeries[];
  format: (value: number) => string;
  testId?: string;
  width?: number;
  height?: number;
}) {
  const layout = layoutBars(groups, series.length, width, height);
  const { plot } = layout;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s.label}>
            <i style={{ background: s.color }} /> {s.label}
          </span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" width="100%" style={{ maxWidth: width }}>
        {layout.ticks.map((t) => (
          <g key={t.value}>
            <line x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} stroke="#e4e8ee" />
            <text x={plot.left - 6} y={t.y + 4} textAnchor="end" fontSize="11" fill="#4a5666">
              {format(t.value)}
            </text>
          </g>
        ))}
        {layout.bars.map((b) => (
          <rect
            key={`${b.group}-${b.series}`}
            x={b.x}
            y={b.y}
            width={Math.max(0, b.width - 2)}
            height={b.height}
            fill={series[b.series]?.color}
            data-series={series[b.series]?.label}
            data-value={b.value}
          >
            <title>
              {groups[b.group]?.label} · {series[b.series]?.label}: {format(b.value)}
            </title>
          </rect>
        ))}
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#8895a7" />
        {layout.labels.map((l) => (
          <text key={l.text} x={l.x} y={plot.bottom + 17} textAnchor="middle" fontSize="12" fill="#1f2a37">
            {l.text}
          </text>
        ))}
      </svg>
    </figure>
  );
}
