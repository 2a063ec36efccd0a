/** How files are described to a person: sizes, kinds, processing stages. */
import type { Attachment } from "../api/types";

const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const UNITS = ["KB", "MB", "GB", "TB"];

/** 512 bytes, 12.3 KB, 4.5 MB, 1 GB (1 KB = 1024 bytes, as the server's limits count). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${oneDecimal.format(value >= 100 ? Math.round(value) : value)} ${UNITS[unit]}`;
}

const KINDS: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
  "image/gif": "GIF",
  "text/plain": "Text",
  "text/markdown": "Markdown",
  "text/csv": "CSV",
  "application/json": "JSON",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
};

/** "PDF", "PNG", "Word", "Markdown"; a type we do not know by name: its subtype ("X-PYTHON" → "Python"-ish). */
export function kindOf(mediaType: string): string {
  const base = mediaType.split(";")[0].trim().toLowerCase();
  if (KINDS[base]) return KINDS[base];
  if (base.startsWith("text/")) return "Text";
  const subtype = base.split("/")[1] ?? base;
  return subtype.replace(/^x-/, "").toUpperCase() || "File";
}

export function isImage(mediaType: string): boolean {
  return /^image\/(png|jpeg|webp|gif)\b/i.test(mediaType);
}

const STAGES: Record<string, string> = {
  scan: "Scanning",
  detect: "Checking",
  extract: "Reading",
  ocr: "Reading text (OCR)",
  chunk: "Splitting",
  embed: "Indexing",
  store: "Saving",
};

/** What a file being processed is doing: "3/12 pages" once its pages are known, its stage otherwise. */
export function processingLabel(attachment: Pick<Attachment, "pagesDone" | "pages" | "stage">): string {
  const { pagesDone, pages, stage } = attachment;
  if (pages != null && pages > 0) return `${Math.min(pagesDone ?? 0, pages)}/${pages} pages`;
  if (stage) return STAGES[stage] ?? stage.charAt(0).toUpperCase() + stage.slice(1);
  return "Processing";
}

export function pagesLabel(pages: number | null): string | null {
  if (pages == null || pages <= 0) return null;
  return `${pages} ${pages === 1 ? "page" : "pages"}`;
}

/** Why a file could not be used, in words (the worker's reason, else its code). */
export function failureLabel(attachment: Pick<Attachment, "failureReason" | "failureCode">): string {
  return attachment.failureReason ?? (attachment.failureCode ? `Failed (${attachment.failureCode})` : "It could not be processed.");
}
