/** Why an upload was refused, from attachment-service's (or the gateway's) problem+json, in a person's words. */
import { ApiError } from "../api/problem";
import { formatBytes } from "./format";

export interface Refusal {
  /** The sentence to show on the file's chip. */
  text: string;
  /** Whether freeing storage (Settings → Files) would help. */
  quota: boolean;
  /** Whether trying again may work (the connection dropped, a service was down). */
  retryable: boolean;
}

const count = new Intl.NumberFormat("en-US");

function figure(body: Record<string, unknown>, name: string): number | null {
  const value = body[name];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * The problem's own `detail` when it has one (the service says best what it refused and why); else a sentence
 * built from its extensions (`limitBytes`, `detected`, the quota's figures).
 */
export function describeRefusal(error: unknown): Refusal {
  if (!(error instanceof ApiError)) return { text: "The upload failed.", quota: false, retryable: true };
  const { body, detail } = error;
  if (error.status === 0) {
    return { text: "The upload was interrupted. Check your connection and try again.", quota: false, retryable: true };
  }
  if (error.status === 413 || error.slug === "file-too-large" || error.slug === "payload-too-large") {
    const limit = figure(body, "limitBytes");
    return {
      text: detail ?? (limit != null ? `The file is larger than the ${formatBytes(limit)} limit.` : "The file is too large."),
      quota: false,
      retryable: false,
    };
  }
  if (error.status === 415 || error.slug === "unsupported-media-type") {
    const detected = typeof body.detected === "string" ? body.detected : null;
    return {
      text: detail ?? (detected ? `Files of this type (${detected}) can’t be attached.` : "This type of file can’t be attached."),
      quota: false,
      retryable: false,
    };
  }
  if (error.slug === "quota-exceeded") {
    const usedBytes = figure(body, "usedBytes");
    const quotaBytes = figure(body, "quotaBytes");
    const usedFiles = figure(body, "usedFiles");
    const quotaFiles = figure(body, "quotaFiles");
    const figures = [
      usedBytes != null && quotaBytes != null ? `${formatBytes(usedBytes)} of ${formatBytes(quotaBytes)}` : null,
      usedFiles != null && quotaFiles != null ? `${count.format(usedFiles)} of ${count.format(quotaFiles)} files` : null,
    ].filter(Boolean).join(", ");
    return {
      text: detail ?? `Your file storage is full${figures ? ` (${figures} used)` : ""}.`,
      quota: true,
      retryable: false,
    };
  }
  return { text: error.readable, quota: false, retryable: error.status >= 500 };
}
