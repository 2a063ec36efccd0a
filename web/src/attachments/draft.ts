/**
 * The files of a message being written, as a state machine: each file is uploading (with its progress), then
 * uploaded (its processing state comes from the server) or refused (with the problem). Pure: the hook
 * (useAttachmentDraft) runs the uploads and feeds their outcome in; the chips show {@link chipState}.
 */
import { ApiError } from "../api/problem";
import type { Attachment } from "../api/types";
import { isGone } from "./attachmentQueries";
import { failureLabel, isImage, pagesLabel, processingLabel } from "./format";
import { describeRefusal, type Refusal } from "./refusal";

/** chat-service takes at most this many files with one message. */
export const MAX_FILES_PER_MESSAGE = 10;

let maxFileSizeBytes: number | null = null;

/** The server's upload limit (`GET /api/public/config`), set once at start; null: unknown, the server decides. */
export function setMaxFileSize(bytes: number | null | undefined): void {
  maxFileSizeBytes = typeof bytes === "number" && bytes > 0 ? bytes : null;
}

/**
 * A file over the server's limit, refused here as the server would refuse it (`413 file-too-large`), or null. Sending
 * it anyway would only end in the gateway's early 413, which a browser still sending may report as a dropped
 * connection.
 */
export function refusedBeforeUpload(file: File): ApiError | null {
  if (maxFileSizeBytes == null || file.size <= maxFileSizeBytes) return null;
  return new ApiError(413, { type: "urn:t3chat:problem:file-too-large", status: 413, limitBytes: maxFileSizeBytes });
}

export interface DraftFile {
  /** Local id (the server's id comes with the upload's answer). */
  key: string;
  file: File;
  phase: "uploading" | "uploaded" | "refused";
  loaded: number;
  total: number;
  attachmentId: string | null;
  error: unknown;
}

export type DraftAction =
  | { type: "added"; files: { key: string; file: File }[] }
  | { type: "progressed"; key: string; loaded: number; total: number }
  | { type: "uploaded"; key: string; attachmentId: string }
  | { type: "refused"; key: string; error: unknown }
  | { type: "retried"; key: string }
  | { type: "removed"; key: string }
  | { type: "cleared" };

function update(files: DraftFile[], key: string, change: (file: DraftFile) => DraftFile): DraftFile[] {
  return files.map((f) => (f.key === key ? change(f) : f));
}

export function draftReducer(files: DraftFile[], action: DraftAction): DraftFile[] {
  switch (action.type) {
    case "added":
      return [...files, ...action.files.map(({ key, file }): DraftFile => ({
        key, file, phase: "uploading", loaded: 0, total: file.size, attachmentId: null, error: null,
      }))];
    case "progressed":
      return update(files, action.key, (f) => (f.phase === "uploading"
        ? { ...f, loaded: Math.max(f.loaded, action.loaded), total: action.total || f.total }
        : f));
    case "uploaded":
      return update(files, action.key, (f) => ({ ...f, phase: "uploaded", loaded: f.total, attachmentId: action.attachmentId, error: null }));
    case "refused":
      return update(files, action.key, (f) => ({ ...f, phase: "refused", error: action.error }));
    case "retried":
      return update(files, action.key, (f) => (f.phase === "refused" ? { ...f, phase: "uploading", loaded: 0, error: null } : f));
    case "removed":
      return files.filter((f) => f.key !== action.key);
    case "cleared":
      return [];
  }
}

/** What a chip shows. */
export type ChipState =
  | { kind: "uploading"; percent: number }
  | { kind: "refused"; refusal: Refusal }
  | { kind: "processing"; label: string; fraction: number | null }
  | { kind: "ready"; pages: string | null; note: string | null }
  | { kind: "failed"; reason: string }
  | { kind: "gone" };

export function chipState(file: DraftFile, attachment: Attachment | undefined, error: unknown): ChipState {
  if (file.phase === "uploading") {
    const percent = file.total > 0 ? Math.min(100, Math.floor((file.loaded / file.total) * 100)) : 0;
    return { kind: "uploading", percent };
  }
  if (file.phase === "refused") return { kind: "refused", refusal: describeRefusal(file.error) };
  if (isGone(error)) return { kind: "gone" };
  if (!attachment || attachment.status === "uploaded") return { kind: "processing", label: "Waiting to be processed", fraction: null };
  if (attachment.status === "processing") {
    const fraction = attachment.pages ? Math.min(1, (attachment.pagesDone ?? 0) / attachment.pages) : null;
    return { kind: "processing", label: processingLabel(attachment), fraction };
  }
  if (attachment.status === "ready") return { kind: "ready", pages: isImage(attachment.mediaType) ? null : pagesLabel(attachment.pages), note: attachment.note };
  return { kind: "failed", reason: failureLabel(attachment) };
}

/**
 * Why the message cannot be sent yet, or null. Files still being processed do not hold it up (the server takes
 * them); files still uploading do (they have no id yet), and so do files that cannot be used.
 */
export function sendBlocker(states: ChipState[]): string | null {
  if (states.some((s) => s.kind === "uploading")) return "Waiting for the upload to finish…";
  if (states.some((s) => s.kind === "refused" || s.kind === "failed" || s.kind === "gone")) {
    return "Remove the files that can’t be used to send.";
  }
  return null;
}
