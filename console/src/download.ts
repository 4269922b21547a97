import type { Api } from "./api/client";
import { base64ToBytes, joinChunks } from "./lib/format";

// Downloads a document's PDF (DownloadDocument: the file as base64 in JSON) as a file.
export async function saveDocument(api: Api, name: string): Promise<void> {
  const file = await api.downloadDocument(name);
  saveBytes(base64ToBytes(file.content ?? ""), file.contentType || "application/pdf", file.fileName || `${name.replace("/", "-")}.pdf`);
}

// Downloads a mailing export (DownloadMailingExport's chunks joined) as a file.
export async function saveMailingExport(api: Api, name: string, format: "CSV" | "LABELS_PDF"): Promise<void> {
  const chunks = await api.downloadMailingExport(name, format);
  const file = joinChunks(chunks);
  saveBytes(file.bytes, file.contentType || (format === "CSV" ? "text/csv" : "application/pdf"),
    file.fileName || `${name.replace("/", "-")}.${format === "CSV" ? "csv" : "pdf"}`);
}

function saveBytes(bytes: Uint8Array<ArrayBuffer>, type: string, fileName: string) {
  const blob = new Blob([bytes], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
