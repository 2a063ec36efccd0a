import { describe, expect, it } from "vitest";
import { ApiError } from "../api/problem";
import { pollDelay } from "./attachmentQueries";
import { chipState, draftReducer, refusedBeforeUpload, sendBlocker, setMaxFileSize, type DraftFile } from "./draft";
import { describeRefusal } from "./refusal";
import { formatBytes, kindOf, processingLabel } from "./format";
import { attachment, pdf } from "./testing";

function added(...names: string[]): DraftFile[] {
  return draftReducer([], { type: "added", files: names.map((name, i) => ({ key: `k${i}`, file: pdf(name, 1000) })) });
}

describe("draftReducer", () => {
  it("starts every added file uploading at 0 of its size, and keeps the order", () => {
    const files = added("a.pdf", "b.pdf");
    expect(files.map((f) => [f.key, f.file.name, f.phase, f.loaded, f.total])).toEqual([
      ["k0", "a.pdf", "uploading", 0, 1000],
      ["k1", "b.pdf", "uploading", 0, 1000],
    ]);
  });

  it("follows the upload's progress, never backwards, then takes the server's id", () => {
    let files = added("a.pdf");
    files = draftReducer(files, { type: "progressed", key: "k0", loaded: 600, total: 1200 });
    files = draftReducer(files, { type: "progressed", key: "k0", loaded: 300, total: 1200 });
    expect(chipState(files[0], undefined, null)).toEqual({ kind: "uploading", percent: 50 });
    files = draftReducer(files, { type: "uploaded", key: "k0", attachmentId: "a1" });
    expect(files[0]).toMatchObject({ phase: "uploaded", attachmentId: "a1", loaded: 1200 });
    // a late progress event after the answer changes nothing
    expect(draftReducer(files, { type: "progressed", key: "k0", loaded: 10, total: 1200 })).toEqual(files);
  });

  it("keeps a refusal's problem until the file is tried again or removed", () => {
    const problem = new ApiError(413, { type: "urn:t3chat:problem:file-too-large", detail: "Too big." });
    let files = draftReducer(added("a.pdf", "b.pdf"), { type: "refused", key: "k0", error: problem });
    expect(chipState(files[0], undefined, null)).toMatchObject({ kind: "refused", refusal: { text: "Too big." } });
    files = draftReducer(files, { type: "retried", key: "k0" });
    expect(files[0]).toMatchObject({ phase: "uploading", loaded: 0, error: null });
    files = draftReducer(files, { type: "removed", key: "k0" });
    expect(files.map((f) => f.key)).toEqual(["k1"]);
    expect(draftReducer(files, { type: "cleared" })).toEqual([]);
  });
});

describe("chipState of an uploaded file", () => {
  const uploaded = draftReducer(added("a.pdf"), { type: "uploaded", key: "k0", attachmentId: "a1" })[0];

  it("waits, then shows the pages done, or the stage while the pages are not known", () => {
    expect(chipState(uploaded, attachment({ id: "a1", status: "uploaded" }), null))
      .toEqual({ kind: "processing", label: "Waiting to be processed", fraction: null });
    expect(chipState(uploaded, attachment({ id: "a1", status: "processing", stage: "ocr", pagesDone: 3, pages: 12 }), null))
      .toEqual({ kind: "processing", label: "3/12 pages", fraction: 0.25 });
    expect(chipState(uploaded, attachment({ id: "a1", status: "processing", stage: "scan" }), null))
      .toEqual({ kind: "processing", label: "Scanning", fraction: null });
  });

  it("is ready with its pages and note, or failed with the reason", () => {
    expect(chipState(uploaded, attachment({ id: "a1", status: "ready", pages: 12, note: null }), null))
      .toEqual({ kind: "ready", pages: "12 pages", note: null });
    expect(chipState(uploaded, attachment({ id: "a1", status: "failed", failureCode: "infected", failureReason: "Eicar-Signature found" }), null))
      .toEqual({ kind: "failed", reason: "Eicar-Signature found" });
    expect(chipState(uploaded, attachment({ id: "a1", status: "failed", failureCode: "timeout" }), null))
      .toEqual({ kind: "failed", reason: "Failed (timeout)" });
  });

  it("is gone when the server no longer knows it", () => {
    expect(chipState(uploaded, undefined, new ApiError(404, { type: "urn:t3chat:problem:not-found" }))).toEqual({ kind: "gone" });
  });
});

describe("refusedBeforeUpload", () => {
  it("refuses a file over the server's limit as the server would, and leaves the rest to the server", () => {
    const big = pdf("big.pdf", 2048);
    const small = pdf("small.pdf", 1024);
    setMaxFileSize(undefined);
    expect(refusedBeforeUpload(big)).toBeNull();
    setMaxFileSize(1024);
    expect(refusedBeforeUpload(small)).toBeNull();
    const refused = refusedBeforeUpload(big);
    expect(refused?.status).toBe(413);
    expect(refused?.slug).toBe("file-too-large");
    expect(describeRefusal(refused)).toMatchObject({ retryable: false });
    expect(describeRefusal(refused).text).toContain("limit");
    setMaxFileSize(null);
  });
});

describe("sendBlocker", () => {
  it("holds the message while a file uploads or cannot be used, not while files are processed", () => {
    expect(sendBlocker([])).toBeNull();
    expect(sendBlocker([{ kind: "processing", label: "3/12 pages", fraction: 0.25 }, { kind: "ready", pages: null, note: null }])).toBeNull();
    expect(sendBlocker([{ kind: "ready", pages: null, note: null }, { kind: "uploading", percent: 40 }])).toMatch(/upload/);
    expect(sendBlocker([{ kind: "failed", reason: "x" }])).toMatch(/Remove/);
    expect(sendBlocker([{ kind: "gone" }])).toMatch(/Remove/);
  });
});

describe("polling and wording", () => {
  it("asks again soon, then less often, at most every 5 seconds", () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(pollDelay)).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000]);
  });

  it("says sizes, kinds and stages in words", () => {
    expect([0, 1, 1023, 1024, 12_345, 5 * 1024 * 1024, 25 * 1024 * 1024, 1024 ** 3].map(formatBytes))
      .toEqual(["0 bytes", "1 byte", "1023 bytes", "1 KB", "12.1 KB", "5 MB", "25 MB", "1 GB"]);
    expect(kindOf("application/pdf")).toBe("PDF");
    expect(kindOf("application/vnd.openxmlformats-officedocument.wordprocessingml.document")).toBe("Word");
    expect(kindOf("text/x-java-source")).toBe("Text");
    expect(kindOf("application/x-yaml")).toBe("YAML");
    expect(processingLabel({ pages: 12, pagesDone: null, stage: "extract" })).toBe("0/12 pages");
    expect(processingLabel({ pages: null, pagesDone: null, stage: "embed" })).toBe("Indexing");
    expect(processingLabel({ pages: null, pagesDone: null, stage: "new-stage" })).toBe("New-stage");
  });
});
