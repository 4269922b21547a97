// The geometry of the console's bar charts, drawn as SVG by src/chart.tsx: grouped bars (plan
// beside fact per month) and the scale's ticks. Pure functions, tested without a browser.

export interface ChartSeries {
  label: string;
  color: string;
}

export interface ChartGroup {
  label: string;
  values: number[]; // one per series
}

export interface BarRect {
  group: number;
  series: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  max: number; // the top of the scale
  ticks: Array<{ value: number; y: number }>;
  bars: BarRect[];
  labels: Array<{ text: string; x: number }>;
}

// A round top for the scale: the smallest 1, 2, 2.5 or 5 × 10^n not below `max` (1 when nothing
// is above zero).
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

// Bars of each group side by side (series in order) and centred in its slot, at most `maxBar`
// wide; groups spread evenly over the plot; values below zero are drawn as zero. Four tick
// intervals on the scale.
export function layoutBars(
  groups: ChartGroup[],
  seriesCount: number,
  width: number,
  height: number,
  margin = { left: 84, top: 10, right: 10, bottom: 28 },
  maxBar = 60,
): ChartLayout {
  const plot = {
    left: margin.left,
    top: margin.top,
    right: width - margin.right,
    bottom: height - margin.bottom,
  };
  const max = niceMax(Math.max(0, ...groups.flatMap((g) => g.values)));
  const plotHeight = plot.bottom - plot.top;
  const ticks = [0, 1, 2, 3, 4].map((i) => ({
    value: (max * i) / 4,
    y: plot.bottom - (plotHeight * i) / 4,
  }));
  const slot = groups.length ? (plot.right - plot.left) / groups.length : 0;
  const barWidth = seriesCount ? Math.min(maxBar, (slot * 0.7) / seriesCount) : 0;
  const bars: BarRect[] = [];
  const labels: Array<{ text: string; x: number }> = [];
  groups.forEach((g, gi) => {
    const start = plot.left + gi * slot + (slot - barWidth * seriesCount) / 2;
    labels.push({ text: g.label, x: plot.left + gi * slot + slot / 2 });
    for (let si = 0; si < seriesCount; si++) {
      const value = g.values[si] ?? 0;
      const h = (Math.max(0, value) / max) * plotHeight;
      bars.push({ group: gi, series: si, x: start + si * barWidth, y: plot.bottom - h, width: barWidth, height: h, value });
    }
  });
  return { width, height, plot, max, ticks, bars, labels };
}
