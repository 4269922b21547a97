import { describe, expect, it } from "vitest";
import { packageStage, packageStillComing } from "./salePackage";

describe("packageStage", () => {
  it("follows an active sale from nothing to the invoice to the contract", () => {
    expect(packageStage("SALE_STATE_ACTIVE", [])).toBe("preparing");
    expect(packageStage("SALE_STATE_ACTIVE", ["DOCUMENT_TYPE_INVOICE"])).toBe("invoiced");
    expect(
      packageStage("SALE_STATE_ACTIVE", ["DOCUMENT_TYPE_INVOICE", "DOCUMENT_TYPE_CONTRACT"]),
    ).toBe("issued");
  });

  it("does not wait for a sale pending approval or a cancelled one", () => {
    expect(packageStage("SALE_STATE_PENDING_APPROVAL", [])).toBe("awaiting-approval");
    expect(packageStage("SALE_STATE_CANCELLED", ["DOCUMENT_TYPE_INVOICE"])).toBe("cancelled");
    expect(packageStillComing("awaiting-approval")).toBe(false);
    expect(packageStillComing("cancelled")).toBe(false);
  });

  it("keeps a cancelled sale's issued package as issued", () => {
    expect(packageStage("SALE_STATE_CANCELLED", ["DOCUMENT_TYPE_CONTRACT"])).toBe("issued");
  });

  it("waits only while an active sale's package is on its way", () => {
    expect(packageStage(undefined, [])).toBe("unknown");
    expect(packageStillComing("unknown")).toBe(false);
    expect(packageStillComing("preparing")).toBe(true);
    expect(packageStillComing("invoiced")).toBe(true);
    expect(packageStillComing("issued")).toBe(false);
  });
});
