/** Test helpers for attachments: a scripted XMLHttpRequest (the uploads) and a file's representation. */
import { act } from "@testing-library/react";
import { vi } from "vitest";
import type { Attachment } from "../api/types";

/** Stands in for XMLHttpRequest: each upload is one instance; the test makes it progress, answer or fail. */
export class FakeXhr {
  static sent: FakeXhr[] = [];
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = "";
  aborted = false;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }

  send(body: FormData) {
    this.body = body;
    FakeXhr.sent.push(this);
  }

  abort() {
    this.aborted = true;
    this.onabort?.();
  }

  /** The file part of the multipart body. */
  get file(): File {
    return this.body!.get("file") as File;
  }

  progress(loaded: number, total: number) {
    act(() => this.upload.onprogress?.({ loaded, total, lengthComputable: true }));
  }

  async answer(status: number, body: unknown) {
    await act(async () => {
      this.status = status;
      this.responseText = JSON.stringify(body);
      this.onload?.();
    });
  }

  async fail() {
    await act(async () => this.onerror?.());
  }

  static reset() {
    FakeXhr.sent = [];
  }
}

export function attachment(overrides: Partial<Attachment> & { id: string }): Attachment {
  return {
    name: "report.pdf",
    size: 12_345,
    mediaType: "application/pdf",
    status: "uploaded",
    createdAt: "2026-11-24T09:00:00Z",
    chatId: null,
    pagesDone: null,
    pages: null,
    stage: null,
    chunks: null,
    ocrPages: null,
    characters: null,
    scan: null,
    note: null,
    failureCode: null,
    failureReason: null,
    hasPreview: false,
    contentUrl: `/api/attachments/${overrides.id}/content`,
    previewUrl: null,
    ...overrides,
  };
}

export function pdf(name = "report.pdf", size = 1000): File {
  return new File([new Uint8Array(size)], name, { type: "application/pdf" });
}

export function png(name = "image.png", size = 500): File {
  return new File([new Uint8Array(size)], name, { type: "image/png" });
}

/** jsdom has no `blob:` URLs: numbered stand-ins, and which were created and revoked. */
export function stubObjectUrls() {
  const created: string[] = [];
  const revoked: string[] = [];
  URL.createObjectURL = vi.fn(() => {
    const url = `blob:test-${created.length + 1}`;
    created.push(url);
    return url;
  });
  URL.revokeObjectURL = vi.fn((url: string) => {
    revoked.push(url);
  });
  return { created, revoked };
}
