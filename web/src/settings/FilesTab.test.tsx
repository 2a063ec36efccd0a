import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Attachment } from "../api/types";
import { attachment } from "../attachments/testing";
import { chatKeys } from "../chats/chatQueries";
import { FilesTab } from "./FilesTab";
import { SettingsPage } from "./SettingsPage";
import { json, newQueryClient, renderWithQueries, stubFetch } from "./testing";

vi.mock("../theme/theme", () => ({ applyTheme: vi.fn() }));

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

const usage = { usedBytes: 5 * 1024 * 1024, usedFiles: 3, quotaBytes: 1024 ** 3, quotaFiles: 1000 };
const first: Attachment[] = [
  attachment({ id: "a", name: "taxes.pdf", status: "ready", pages: 12, chatId: "chat-1", createdAt: new Date().toISOString() }),
  attachment({ id: "b", name: "scan.png", mediaType: "image/png", size: 2048, status: "processing", pagesDone: 3, pages: 12 }),
];
const second: Attachment[] = [
  attachment({ id: "c", name: "notes.md", mediaType: "text/markdown", status: "failed", failureCode: "unreadable", failureReason: "The file is not valid UTF-8." }),
];

const rows = () => screen.getAllByTestId("file-row");
const row = (name: string) => rows().find((r) => r.getAttribute("data-name") === name)!;

describe("FilesTab", () => {
  it("lists every file a page at a time with its size, type, status and chat, and the storage against the quota", async () => {
    const calls = stubFetch({
      "GET /api/attachments": ({ path }) => json(path.includes("cursor=") ? { items: second, nextCursor: null } : { items: first, nextCursor: "next 2" }),
      "GET /api/attachments/usage": () => json(usage),
    });
    const queryClient = newQueryClient();
    queryClient.setQueryData(chatKeys.chat("chat-1"), { id: "chat-1", title: "Tax return" });
    renderWithQueries(<FilesTab />, queryClient);

    await screen.findByTestId("file-list");
    expect(rows().map((r) => r.getAttribute("data-name"))).toEqual(["taxes.pdf", "scan.png"]);
    expect(row("taxes.pdf").textContent).toContain("PDF · 12.1 KB");
    expect(within(row("taxes.pdf")).getByTestId("file-status").textContent).toBe("Ready · 12 pages");
    expect(within(row("taxes.pdf")).getByRole("link", { name: "Tax return" }).getAttribute("href")).toBe("/c/chat-1");
    expect(within(row("scan.png")).getByTestId("file-status").textContent).toBe("Processing · 3/12 pages");
    expect(row("scan.png").textContent).toContain("PNG · 2 KB");
    expect(within(row("scan.png")).queryByRole("link")).toBeNull();
    expect(screen.getByTestId("storage-usage").textContent).toContain("5 MB of 1 GB · 3 of 1,000 files");
    expect(screen.getByRole("meter", { name: "Storage used" }).getAttribute("aria-valuetext")).toBe("5 MB of 1 GB");

    await userEvent.click(screen.getByRole("button", { name: "Show more files" }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(calls.map((c) => c.path)).toContain("/api/attachments?limit=50&cursor=next%202");
    expect(row("notes.md").textContent).toContain("The file is not valid UTF-8.");
    expect(screen.queryByRole("button", { name: "Show more files" })).toBeNull();
  });

  it("deletes a file after confirming, and counts the storage again", async () => {
    let stored = [...first];
    const calls = stubFetch({
      "GET /api/attachments": () => json({ items: stored, nextCursor: null }),
      "GET /api/attachments/usage": () => json(usage),
      "DELETE /api/attachments/b": () => {
        stored = stored.filter((a) => a.id !== "b");
        return new Response(null, { status: 204 });
      },
    });
    renderWithQueries(<FilesTab />);
    await screen.findByTestId("file-list");
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Delete scan.png" }));
    const confirm = screen.getByRole("group", { name: "Delete scan.png" });
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);

    await user.click(screen.getByRole("button", { name: "Delete scan.png" }));
    await user.click(within(screen.getByRole("group", { name: "Delete scan.png" })).getByRole("button", { name: "Delete file" }));
    await waitFor(() => expect(rows().map((r) => r.getAttribute("data-name"))).toEqual(["taxes.pdf"]));
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual(["/api/attachments/b"]);
    await waitFor(() => expect(calls.filter((c) => c.path === "/api/attachments/usage")).toHaveLength(2));
  });

  it("says when there are no files yet, under Settings → Files (loaded when first shown)", async () => {
    stubFetch({
      "GET /api/attachments": () => json({ items: [], nextCursor: null }),
      "GET /api/attachments/usage": () => json({ ...usage, usedBytes: 0, usedFiles: 0 }),
    });
    window.history.replaceState(null, "", "/settings/files");
    renderWithQueries(<SettingsPage tab="files" />);
    expect(screen.getByRole("tab", { name: "Files" }).getAttribute("aria-selected")).toBe("true");
    expect((await screen.findByTestId("files-empty")).textContent).toContain("No files yet");
    expect(screen.getByTestId("storage-usage").textContent).toContain("0 bytes of 1 GB · 0 of 1,000 files");
  });
});
