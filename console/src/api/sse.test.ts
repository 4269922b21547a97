import { describe, expect, it } from "vitest";
import { parseSse } from "./sse";

describe("parseSse", () => {
  it("splits complete events and keeps the unfinished tail", () => {
    const first = parseSse('data: {"processedRows":10}\n\n: keep-alive\n\ndata: {"processed');
    expect(first.events).toEqual([{ event: "message", data: '{"processedRows":10}' }]);
    const second = parseSse(first.rest + 'Rows":20}\r\n\r\nevent: error\ndata: {"code":13}\n\n');
    expect(second.events).toEqual([
      { event: "message", data: '{"processedRows":20}' },
      { event: "error", data: '{"code":13}' },
    ]);
    expect(second.rest).toBe("");
  });
  it("joins multi-line data", () => {
    expect(parseSse("data: a\ndata: b\n\n").events).toEqual([{ event: "message", data: "a\nb" }]);
  });
});
