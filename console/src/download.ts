import type { Api } from "./api/client";
import { base64ToBytes } from "./lib/format";

// Downloads a document's PDF (DownloadDocument: the file as base64 in JSON) as a file.
export async function saveDocument(api: Api, name: string): Promise<void> {
  const file = await api.downloadDocument(name);
  const bytes = base64ToBytes(file.content ?? "");
  const blob = new Blob([bytes], { type: file.contentType || "application/pdf" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = file.fileName || `${name.replace("/", "-")}.pdf`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
