import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { MessageAttachment } from "../api/types";
import { json, problem, renderWithQueries, stubFetch, type Call } from "../settings/testing";
import { MessageAttachments } from "./MessageAttachments";
import { attachment, stubObjectUrls } from "./testing";

const shot: MessageAttachment = { id: "i1", name: "shot.png", mediaType: "image/png", size: 2048, deleted: false };
const report: MessageAttachment = { id: "p1", name: "report.pdf", mediaType: "application/pdf", size: 12_345, deleted: false };
const old: MessageAttachment = { id: "d1", name: "old.docx", mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", size: 99, deleted: true };

let calls: Call[];
let urls: ReturnType<typeof stubObjectUrls>;

beforeEach(() => {
  urls = stubObjectUrls();
  calls = stubFetch({
    "GET /api/attachments/i1": () => json(attachment({ id: "i1", name: "shot.png", mediaType: "image/png", status: "ready", hasPreview: true, previewUrl: "/api/attachments/i1/preview" })),
    "GET /api/attachments/i1/preview": () => new Response(new Blob(["small"], { type: "image/png" })),
    "GET /api/attachments/i1/content": () => new Response(new Blob(["full"], { type: "image/png" })),
    "GET /api/attachments/p1": () => json(attachment({ id: "p1", status: "ready", pages: 12 })),
    "GET /api/attachments/p1/content": () => new Response(new Blob(["%PDF-"], { type: "application/pdf" })),
    "GET /api/attachments/g1": () => problem(404, "not-found", "No such file."),
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const item = (name: string) => screen.getAllByTestId("message-attachment").find((li) => li.getAttribute("data-name") === name)!;

describe("MessageAttachments", () => {
  it("shows an image's preview from a blob: URL fetched with the token, and revokes it when unmounted", async () => {
    const { unmount } = renderWithQueries(<MessageAttachments attachments={[shot]} />);
    const thumbnail = await screen.findByTestId("attachment-thumbnail");
    expect(thumbnail.getAttribute("src")).toBe("blob:test-1");
    expect(calls.map((c) => c.path)).toEqual(["/api/attachments/i1", "/api/attachments/i1/preview"]);
    unmount();
    expect(urls.revoked).toEqual(["blob:test-1"]);
  });

  it("opens the image at full size in a lightbox", async () => {
    renderWithQueries(<MessageAttachments attachments={[shot]} />);
    await screen.findByTestId("attachment-thumbnail");
    await userEvent.click(screen.getByRole("button", { name: "Open shot.png" }));
    const dialog = await screen.findByRole("dialog", { name: "shot.png" });
    await waitFor(() => expect(within(dialog).getByTestId("lightbox-image").getAttribute("src")).toBe("blob:test-2"));
    expect(calls.at(-1)?.path).toBe("/api/attachments/i1/content");
    await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(urls.revoked).toContain("blob:test-2");
  });

  it("shows a file's type, pages and size, and downloads it under its name", async () => {
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    renderWithQueries(<MessageAttachments attachments={[report]} />);
    await waitFor(() => expect(within(item("report.pdf")).getByTestId("attachment-details").textContent).toBe("PDF · 12 pages · 12.1 KB"));

    await userEvent.click(screen.getByRole("button", { name: "Download report.pdf" }));
    await waitFor(() => expect(clicked).toEqual([{ href: "blob:test-1", download: "report.pdf" }]));
    expect(calls.at(-1)?.path).toBe("/api/attachments/p1/content");
  });

  it("shows a deleted file as deleted, without asking the server, and one the server no longer has too", async () => {
    renderWithQueries(<MessageAttachments attachments={[old, { ...report, id: "g1", name: "gone.pdf" }]} />);
    expect(item("old.docx").getAttribute("data-state")).toBe("deleted");
    expect(item("old.docx").textContent).toContain("deleted");
    await waitFor(() => expect(item("gone.pdf").getAttribute("data-state")).toBe("deleted"));
    expect(calls.map((c) => c.path)).toEqual(["/api/attachments/g1"]);
  });
});
