import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Attachment } from "../api/types";
import { Composer } from "../conversation/Composer";
import { json, problem, renderWithQueries, stubFetch, type Call } from "../settings/testing";
import { Toaster } from "../ui/toasts";
import { FakeXhr, attachment, pdf, png, stubObjectUrls } from "./testing";
import { useAttachmentDraft } from "./useAttachmentDraft";

function Harness({ onSend }: { onSend: (text: string, ids: string[]) => Promise<boolean> }) {
  const draft = useAttachmentDraft("chat-1");
  return (
    <>
      <Composer model={null} onModelChange={() => {}} onSend={onSend} streaming={false} onStop={() => {}} attachments={draft} />
      <Toaster />
    </>
  );
}

let server: Record<string, Attachment>;
let calls: Call[];

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  FakeXhr.reset();
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  stubObjectUrls();
  server = {};
  calls = stubFetch({
    "GET /api/models": () => json({ defaultModel: "m", items: [] }),
    ...Object.fromEntries(["a1", "a2", "a3"].flatMap((id) => [
      [`GET /api/attachments/${id}`, () => (server[id] ? json(server[id]) : problem(404, "not-found", "No such file."))],
      [`DELETE /api/attachments/${id}`, () => new Response(null, { status: 204 })],
    ])),
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const chips = () => screen.queryAllByTestId("attachment-chip");
const chip = (name: string) => chips().find((c) => c.getAttribute("data-name") === name)!;
const send = () => screen.getByRole("button", { name: "Send" }) as HTMLButtonElement;
const later = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

function setup(onSend = vi.fn(async () => true)) {
  const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
  renderWithQueries(<Harness onSend={onSend} />);
  return { user, onSend };
}

describe("attachments in the composer", () => {
  it("uploads a picked file with progress, then follows its processing to ready; sending waits for the upload only", async () => {
    const { user, onSend } = setup();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "Summarise this");
    await user.upload(screen.getByTestId("file-picker"), pdf("report.pdf", 1000));

    const xhr = FakeXhr.sent[0];
    expect([xhr.method, xhr.url, xhr.file.name]).toEqual(["POST", "/api/attachments?chatId=chat-1", "report.pdf"]);
    expect(chip("report.pdf").getAttribute("data-state")).toBe("uploading");
    expect(send().disabled).toBe(true);
    expect(screen.getByTestId("send-blocker").textContent).toMatch(/upload/);

    xhr.progress(400, 1000);
    expect(within(chip("report.pdf")).getByText(/Uploading 40%/)).toBeTruthy();
    expect(within(chip("report.pdf")).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("40");

    server.a1 = attachment({ id: "a1", status: "uploaded" });
    await xhr.answer(201, server.a1);
    expect(chip("report.pdf").getAttribute("data-state")).toBe("processing");
    expect(within(chip("report.pdf")).getByTestId("chip-status").textContent).toContain("Waiting to be processed");
    expect(send().disabled).toBe(false);

    server.a1 = attachment({ id: "a1", status: "processing", stage: "ocr", pagesDone: 3, pages: 12 });
    await later(1100);
    expect(within(chip("report.pdf")).getByTestId("chip-status").textContent).toContain("3/12 pages");
    expect(within(chip("report.pdf")).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");

    server.a1 = attachment({ id: "a1", status: "ready", pages: 12, chunks: 30 });
    await later(1600);
    expect(chip("report.pdf").getAttribute("data-state")).toBe("ready");
    expect(within(chip("report.pdf")).getByTestId("chip-status").textContent).toContain("Ready · 12 pages");

    // ready is the end: no more polling
    const polls = calls.filter((c) => c.path === "/api/attachments/a1").length;
    await later(10_000);
    expect(calls.filter((c) => c.path === "/api/attachments/a1").length).toBe(polls);

    await user.click(send());
    expect(onSend).toHaveBeenCalledWith("Summarise this", ["a1"]);
    await vi.waitFor(() => expect(chips()).toHaveLength(0));
  });

  it("shows why a file failed, holds the message until it is removed, and deletes the uploaded file on removal", async () => {
    const { user } = setup();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "Hi");
    await user.upload(screen.getByTestId("file-picker"), pdf("scan.pdf"));
    server.a1 = attachment({ id: "a1", name: "scan.pdf", status: "failed", failureCode: "too-many-pages", failureReason: "The PDF has 5,000 pages; at most 1,000 are read." });
    await FakeXhr.sent[0].answer(201, attachment({ id: "a1", name: "scan.pdf", status: "uploaded" }));
    await later(1100);

    expect(chip("scan.pdf").getAttribute("data-state")).toBe("failed");
    expect(chip("scan.pdf").textContent).toContain("The PDF has 5,000 pages; at most 1,000 are read.");
    expect(send().disabled).toBe(true);
    expect(screen.getByTestId("send-blocker").textContent).toMatch(/Remove/);

    await user.click(screen.getByRole("button", { name: "Remove scan.pdf" }));
    expect(chips()).toHaveLength(0);
    expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/attachments/a1")).toBe(true);
    expect(send().disabled).toBe(false);
  });

  it("shows each refusal's problem in words and offers to try again after a lost connection", async () => {
    const { user } = setup();
    await user.upload(screen.getByTestId("file-picker"), [pdf("big.pdf"), pdf("page.pdf"), pdf("more.pdf"), pdf("lost.pdf")]);
    const [big, page, more, lost] = FakeXhr.sent;
    await big.answer(413, { type: "urn:t3chat:problem:file-too-large", status: 413, detail: "The file is larger than the 25 MB limit.", limitBytes: 26_214_400 });
    await page.answer(415, { type: "urn:t3chat:problem:unsupported-media-type", status: 415, detected: "text/html" });
    await more.answer(409, { type: "urn:t3chat:problem:quota-exceeded", status: 409, usedBytes: 1_073_741_824, quotaBytes: 1_073_741_824, usedFiles: 40, quotaFiles: 1000 });
    await lost.fail();

    expect(chips().map((c) => c.getAttribute("data-state"))).toEqual(["refused", "refused", "refused", "refused"]);
    expect(chip("big.pdf").textContent).toContain("The file is larger than the 25 MB limit.");
    expect(chip("page.pdf").textContent).toContain("Files of this type (text/html) can’t be attached.");
    expect(chip("more.pdf").textContent).toContain("Your file storage is full (1 GB of 1 GB, 40 of 1,000 files used).");
    expect(within(chip("more.pdf")).getByRole("link", { name: "Manage files" }).getAttribute("href")).toBe("/settings/files");
    expect(within(chip("big.pdf")).queryByRole("button", { name: /Try again/ })).toBeNull();

    await user.click(within(chip("lost.pdf")).getByRole("button", { name: /Try again/ }));
    expect(FakeXhr.sent).toHaveLength(5);
    expect(chip("lost.pdf").getAttribute("data-state")).toBe("uploading");
    server.a2 = attachment({ id: "a2", name: "lost.pdf", status: "uploaded" });
    await FakeXhr.sent[4].answer(201, server.a2);
    expect(chip("lost.pdf").getAttribute("data-state")).toBe("processing");
  });

  it("cancels the upload of a file removed while it is still uploading", async () => {
    const { user } = setup();
    await user.upload(screen.getByTestId("file-picker"), pdf("slow.pdf"));
    FakeXhr.sent[0].progress(100, 1000);
    await user.click(screen.getByRole("button", { name: "Remove slow.pdf" }));
    expect(FakeXhr.sent[0].aborted).toBe(true);
    expect(chips()).toHaveLength(0);
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
  });

  it("attaches a pasted image, but lets pasted text be text", async () => {
    setup();
    const box = screen.getByRole("textbox", { name: "Message" });
    fireEvent.paste(box, { clipboardData: { files: [png("image.png")], getData: () => "" } });
    await later(0);
    expect(chip("image.png").getAttribute("data-state")).toBe("uploading");
    expect(FakeXhr.sent[0].file.name).toBe("image.png");
    // the chip shows the image itself, from a local blob: URL
    expect(chip("image.png").querySelector("img")?.getAttribute("src")).toBe("blob:test-1");

    // cells copied from a spreadsheet carry a picture of themselves as well as their text
    fireEvent.paste(box, { clipboardData: { files: [png("cells.png")], getData: (type: string) => (type === "text/plain" ? "a\tb" : "") } });
    await later(0);
    expect(chips()).toHaveLength(1);
    expect(FakeXhr.sent).toHaveLength(1);
  });

  it("takes at most 10 files for one message and says so", async () => {
    const { user } = setup();
    await user.upload(screen.getByTestId("file-picker"), Array.from({ length: 11 }, (_, i) => pdf(`f${i}.pdf`)));
    expect(chips()).toHaveLength(10);
    expect(FakeXhr.sent).toHaveLength(10);
    expect(screen.getByRole("alert").textContent).toContain("at most 10 files");
  });
});
