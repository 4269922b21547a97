import { describe, expect, it } from "vitest";
import { formErrorsFrom } from "../api/formErrors";
import { ApiError } from "../api/errors";
import {
  areaText,
  attainmentText,
  cellFields,
  cellsOf,
  firstPlannedEdition,
  nextMonth,
  parseHundredths,
  rowsOf,
  rublesText,
} from "./plan";
import type { PlanTarget } from "./plan";

const anna: PlanTarget = { level: "PLAN_LEVEL_MANAGER", target: "employees/anna", label: "Анна" };

describe("plan editor", () => {
  it("reads one target's cells as rows by month", () => {
    const rows = rowsOf(
      {
        etag: "3",
        cells: [
          { level: "PLAN_LEVEL_MANAGER", target: "employees/anna", month: "2027-03", areaDm2: "4000", netAmount: { minorUnits: "40000000" } },
          { level: "PLAN_LEVEL_MANAGER", target: "employees/boris", month: "2027-02", areaDm2: "100" },
          { level: "PLAN_LEVEL_MANAGER", target: "employees/anna", month: "2027-02", areaDm2: "1250", netAmount: { minorUnits: "150050" } },
        ],
      },
      anna,
    );
    expect(rows).toEqual([
      { month: "2027-02", area: "12,5", amount: "1500,50" },
      { month: "2027-03", area: "40", amount: "400000" },
    ]);
    expect(areaText(undefined)).toBe("0");
    expect(rublesText({ minorUnits: "-105" })).toBe("-1,05");
  });

  it("parses m² and rubles into hundredths, empty as zero, a sign left to the service", () => {
    expect(parseHundredths("12,5")).toBe("1250");
    expect(parseHundredths(" 300 000 ")).toBe("30000000");
    expect(parseHundredths("")).toBe("0");
    expect(parseHundredths("-3")).toBe("-300");
    expect(parseHundredths("1,234")).toBeNull();
    expect(parseHundredths("двенадцать")).toBeNull();
  });

  it("builds the cells of a target and names wrongly typed fields by their request paths", () => {
    const { cells, errors } = cellsOf(
      [
        { month: "2027-02", area: "30", amount: "300000" },
        { month: " 2027-03 ", area: "сорок", amount: "4e5" },
      ],
      anna,
    );
    expect(cells[0]).toEqual({
      level: "PLAN_LEVEL_MANAGER",
      target: "employees/anna",
      month: "2027-02",
      areaDm2: "3000",
      netAmount: { currencyCode: "RUB", minorUnits: "30000000" },
    });
    expect(cells[1].month).toBe("2027-03");
    expect(Object.keys(errors)).toEqual(["cells[1].areaDm2", "cells[1].netAmount"]);
  });

  it("puts the service's violations under the cell they name", () => {
    const error = new ApiError(400, {
      code: 3,
      message: "invalid plan",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.BadRequest",
          fieldViolations: [
            { field: "cells[1].area_dm2", description: "must be from zero" },
            { field: "cells[0].month", description: "outside the edition's months" },
            { field: "etag", description: "required" },
          ],
        },
      ],
    });
    const errors = formErrorsFrom(error, cellFields(2));
    expect(errors.fields["cells[1].areaDm2"]).toBe("must be from zero");
    expect(errors.fields["cells[0].month"]).toBe("outside the edition's months");
    expect(errors.general).toEqual(["etag: required"]);
  });

  it("steps months and shows attainment", () => {
    expect(nextMonth([{ month: "2026-12", area: "", amount: "" }], "x")).toBe("2027-01");
    expect(nextMonth([{ month: "2027-02", area: "", amount: "" }], "x")).toBe("2027-03");
    expect(nextMonth([], "2026-12")).toBe("2026-12");
    expect(attainmentText("9800")).toBe("98 %");
    expect(attainmentText("6057")).toBe("60,6 %");
    expect(attainmentText(undefined)).toBe("—");
  });
});

describe("the edition the plans page opens", () => {
  const editions = [{ name: "projects/a/editions/1" }, { name: "projects/a/editions/2" }, { name: "projects/b/editions/1" }];

  it("asks for every plan at once and takes the first saved one in the list's order", async () => {
    const asked: string[] = [];
    const answers: Record<string, (etag: string) => void> = {};
    const picked = firstPlannedEdition(editions, (e) => {
      asked.push(e);
      return new Promise((resolve) => {
        answers[e] = (etag) => resolve({ etag });
      });
    });
    // All three requests are under way before any answered.
    expect(asked).toEqual(editions.map((e) => e.name));
    answers["projects/b/editions/1"]("5");
    answers["projects/a/editions/2"]("2");
    answers["projects/a/editions/1"]("0");
    expect(await picked).toEqual({ chosen: "projects/a/editions/2", failed: [] });
  });

  it("passes over a plan that cannot be read and names it", async () => {
    const picked = await firstPlannedEdition(editions, async (e) => {
      if (e === "projects/a/editions/1") throw new Error("unavailable");
      return { etag: e === "projects/b/editions/1" ? "3" : "0" };
    });
    expect(picked).toEqual({ chosen: "projects/b/editions/1", failed: ["projects/a/editions/1"] });
  });

  it("opens the first edition when none has a plan, and nothing without editions", async () => {
    expect(await firstPlannedEdition(editions, async () => ({ etag: "0" }))).toEqual({ chosen: "projects/a/editions/1", failed: [] });
    expect(await firstPlannedEdition([], async () => ({}))).toEqual({ chosen: "", failed: [] });
  });
});
