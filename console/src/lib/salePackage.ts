// Where a sale's document package stands, from the sale's state and the types of the documents
// listed for it. The documents service issues the invoice as soon as it hears of an active sale
// and the rest of the package (application, contract, checklist, manuals) a moment after it; a
// sale pending a discount approval is not heard of until it is approved, and a cancelled one
// gets no more documents.
export type PackageStage =
  | "unknown" // the sale is not loaded yet
  | "preparing" // active, no document yet
  | "invoiced" // active, the invoice is there but not the contract yet
  | "issued" // the contract is there: the package is complete
  | "awaiting-approval" // issued only after a head of sales approves the discount
  | "cancelled";

export function packageStage(saleState: string | undefined, documentTypes: string[]): PackageStage {
  if (documentTypes.includes("DOCUMENT_TYPE_CONTRACT")) return "issued";
  switch (saleState) {
    case undefined:
      return "unknown";
    case "SALE_STATE_CANCELLED":
      return "cancelled";
    case "SALE_STATE_PENDING_APPROVAL":
      return "awaiting-approval";
    default:
      return documentTypes.length === 0 ? "preparing" : "invoiced";
  }
}

// Whether the page should read the documents again shortly: only while the service is still
// issuing the package of an active sale.
export function packageStillComing(stage: PackageStage): boolean {
  return stage === "preparing" || stage === "invoiced";
}
