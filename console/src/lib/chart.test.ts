import { describe, expect, it } from "vitest";
import { layoutBars, niceMax } from "./chart";

describe("niceMax", () => {
  it("rounds the scale's top up to 1, 2, 2.5 or 5 × 10^n", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(180)).toBe(200);
    expect(niceMax(2100)).toBe(2500);
    expect(niceMax(300_000)).toBe(500_000);
    expect(niceMax(1000)).toBe(1000);
  });
});

describe("layoutBars", () => {
  it("puts each group's bars side by side, heights in proportion to the scale", () => {
    const layout = layoutBars(
      [
        { label: "12.2026", values: [300, 150] },
        { label: "01.2027", values: [400, -5] },
      ],
      2,
      464,
      238,
      { left: 64, top: 10, right: 0, bottom: 28 },
    );
    // Plot 400 × 200, scale up to 500, two groups of 200 px each, bars of 70 px (0.7 of the slot
    // for two) capped at 60, centred.
    expect(layout.max).toBe(500);
    expect(layout.ticks.map((t) => t.value)).toEqual([0, 125, 250, 375, 500]);
    expect(layout.ticks[4].y).toBe(10);
    expect(layout.bars).toHaveLength(4);
    const [plan, fact, plan2, fact2] = layout.bars;
    expect(plan.x).toBeCloseTo(64 + 40);
    expect(plan.width).toBeCloseTo(60);
    expect(fact.x).toBeCloseTo(64 + 40 + 60);
    expect(plan.height).toBeCloseTo(120);
    expect(plan.y).toBeCloseTo(210 - 120);
    expect(fact.height).toBeCloseTo(60);
    expect(plan2.height).toBeCloseTo(160);
    expect(fact2.height).toBe(0); // below zero drawn as zero
    expect(layout.labels.map((l) => l.x)).toEqual([164, 364]);
  });

  it("lets narrow slots have narrower bars", () => {
    const layout = layoutBars([{ label: "a", values: [1, 2] }], 2, 164, 100, { left: 64, top: 0, right: 0, bottom: 0 });
    expect(layout.bars[0].width).toBeCloseTo(35);
    expect(layout.bars[0].x).toBeCloseTo(64 + 15);
  });

  it("draws an empty plot without groups", () => {
    const layout = layoutBars([], 2, 300, 200);
    expect(layout.bars).toEqual([]);
    expect(layout.max).toBe(1);
  });
});
