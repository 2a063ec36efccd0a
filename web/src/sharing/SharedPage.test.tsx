import { fireEvent, render, screen, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SharedChat } from "../api/types";
import { SharedPage } from "./SharedPage";

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json" },
  });
}

function renderPage(token = "tok_123") {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <SharedPage token={token} />
    </QueryClientProvider>,
  );
}

const chat: SharedChat = {
  title: "Sorting in Go",
  sharedAt: "2026-03-14T12:00:00Z",
  messages: [
    { role: "user", content: "How do I sort <b>a slice</b>?", model: null, createdAt: "2026-03-14T11:58:00Z" },
    {
      role: "assistant",
      content: "Use **sort.Slice**:\n\n```go\nsort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })\n```",
      model: "gpt-5-mini",
      createdAt: "2026-03-14T11:58:05Z",
    },
  ],
};

describe("SharedPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("loads the shared chat without a token and shows it read-only", async () => {
    const fetch = vi.fn().mockResolvedValue(answer(200, chat));
    vi.stubGlobal("fetch", fetch);
    renderPage("a/b");

    expect(screen.getByRole("status")).toBeTruthy(); // the skeleton while loading
    expect(await screen.findByRole("heading", { name: "Sorting in Go" })).toBeTruthy();

    const [path, init] = fetch.mock.calls[0];
    expect(path).toBe("/api/shares/a%2Fb");
    expect(init.headers.Authorization).toBeUndefined();
    expect(screen.getByText(/Shared conversation ·/).textContent).toContain(
      new Intl.DateTimeFormat(undefined, { dateStyle: "long" }).format(new Date(chat.sharedAt)),
    );
    const page = screen.getByTestId("shared-chat");
    const user = page.querySelector<HTMLElement>('[data-role="user"]')!;
    expect(user.textContent).toBe("How do I sort <b>a slice</b>?"); // user text as typed, not markdown or HTML
    const assistant = page.querySelector<HTMLElement>('[data-role="assistant"]')!;
    expect(within(assistant).getByText("gpt-5-mini")).toBeTruthy();
    expect(assistant.querySelector("strong")?.textContent).toBe("sort.Slice"); // markdown rendered
    expect(within(assistant).getByText("go")).toBeTruthy(); // code block label
    expect(screen.queryByRole("textbox")).toBeNull(); // nothing to type into
    expect(screen.getByRole("link", { name: "Start your own chat" }).getAttribute("href")).toBe("/");
    expect(document.title).toBe("Sorting in Go");
  });

  it("says when the link was revoked or never existed", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(answer(404, { type: "urn:t3chat:problem:not-found", status: 404 })));
    renderPage();

    expect(await screen.findByText("This link was revoked or never existed")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
    expect(screen.getByRole("link", { name: "Start your own chat" })).toBeTruthy();
  });

  it("shows other errors readably and can try again", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(answer(503, { type: "urn:t3chat:problem:unavailable", detail: "Chats are resting, back soon." }))
      .mockResolvedValueOnce(answer(200, { ...chat, title: null }));
    vi.stubGlobal("fetch", fetch);
    renderPage();

    expect(await screen.findByText("Chats are resting, back soon.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));

    expect(await screen.findByRole("heading", { name: "Untitled chat" })).toBeTruthy();
  });

  it("explains a network failure", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    renderPage();

    expect(await screen.findByText("The server could not be reached. Check your connection.")).toBeTruthy();
  });
});
