import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../auth/session", () => ({
  accessToken: vi.fn().mockResolvedValue("token"),
  beginLogin: vi.fn(),
  refreshAfterRejection: vi.fn().mockResolvedValue(null),
}));

import { QueryClient } from "@tanstack/react-query";
import type { Message } from "../api/types";
import { type Branch, messagesOf } from "./branch";
import { chatKeys } from "../chats/chatQueries";
import { newIdempotencyKey, postMessage, postOnce, revealMessage, showVersion } from "./conversationActions";
import { bindQueryClient } from "./replyStreams";

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** A `text/event-stream` answer written in the given pieces (split anywhere, as the network may). */
function streamed(status: number, pieces: string[]) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      pieces.forEach((p) => controller.enqueue(encoder.encode(p)));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { "Content-Type": "text/event-stream" } });
}

function message(id: string, role: "user" | "assistant", status: Message["status"] = "complete"): Message {
  return {
    id, parentId: null, role, content: role === "user" ? "hi" : "", reasoning: null, notice: null, status, model: null,
    createdAt: "2026-01-01T00:00:00Z", finishReason: null, usage: null, error: null,
  };
}

function keysSent(fetch: ReturnType<typeof vi.fn>): string[] {
  return fetch.mock.calls.map(([, init]) => (init as RequestInit & { headers: Record<string, string> }).headers["Idempotency-Key"]);
}

describe("postOnce", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends a fresh Idempotency-Key per send", async () => {
    const fetch = vi.fn().mockImplementation(() => Promise.resolve(answer(202, { ok: true })));
    vi.stubGlobal("fetch", fetch);

    await postOnce("/api/chats/c/messages", { content: "a" });
    await postOnce("/api/chats/c/messages", { content: "a" });

    const [first, second] = keysSent(fetch);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
    expect(first).not.toBe(second);
  });

  it("retries a send whose answer was lost with the same key", async () => {
    const fetch = vi.fn()
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockResolvedValueOnce(answer(503, { type: "urn:t3chat:problem:service-unavailable", status: 503 }))
      .mockResolvedValueOnce(answer(202, { userMessage: { id: "u" } }));
    vi.stubGlobal("fetch", fetch);

    const { posted } = await postOnce<{ userMessage: { id: string } }>("/api/chats/c/messages", { content: "a" });

    expect(posted.userMessage.id).toBe("u");
    const keys = keysSent(fetch);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it("does not retry a refusal", async () => {
    const fetch = vi.fn().mockResolvedValue(answer(429, { type: "urn:t3chat:problem:limit-exceeded", status: 429 }));
    vi.stubGlobal("fetch", fetch);

    await expect(postOnce("/api/chats/c/messages", { content: "a" })).rejects.toMatchObject({ status: 429 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("posting as a stream", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("asks for a stream and hands the rest of the answer to the reply, without a second request", async () => {
    const posted = { userMessage: message("u", "user"), assistantMessage: message("a", "assistant", "pending") };
    const fetch = vi.fn().mockResolvedValue(streamed(200, [
      `event: posted\ndata: ${JSON.stringify(posted)}\n\nevent: started\ndata: {}\n\nid: 1\nevent: del`,
      'ta\ndata: {"text":"Hel"}\n\nid: 2\nevent: delta\ndata: {"text":"lo"}\n\n',
      'event: done\ndata: {"finishReason":"stop"}\n\n',
    ]));
    vi.stubGlobal("fetch", fetch);
    const queryClient = new QueryClient();
    bindQueryClient(queryClient);

    const answered = await postMessage(queryClient, "c", { content: "hi", model: null });

    expect(answered.assistantMessage.id).toBe("a");
    const [, init] = fetch.mock.calls[0] as [string, RequestInit & { headers: Record<string, string> }];
    expect(init.headers.Accept).toMatch(/^text\/event-stream/);
    await vi.waitFor(() => {
      const reply = messagesOf(queryClient.getQueryData<Branch>(chatKeys.messages("c"))).find((m) => m.id === "a");
      expect(reply).toMatchObject({ status: "complete", content: "Hello", finishReason: "stop" });
    });
    expect(fetch.mock.calls.filter(([path]) => String(path).includes("/stream"))).toHaveLength(0);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("reads an older server's 202 JSON answer, and its 202 written as one unnamed event", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(answer(202, { assistantMessage: { id: "a" } })));
    const json = await postOnce<{ assistantMessage: { id: string } }>("/api/chats/c/messages", { content: "a" });
    expect(json).toEqual({ posted: { assistantMessage: { id: "a" } } });

    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(streamed(202, ['data:{"assistantMessage":{"id":"b"}}\n\n'])));
    const event = await postOnce<{ assistantMessage: { id: string } }>("/api/chats/c/messages", { content: "a" });
    expect(event.posted.assistantMessage.id).toBe("b");
    expect(event.reply).toBeUndefined();
  });

  it("shows a refusal as problem+json even when a stream was asked for", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response(JSON.stringify({
      type: "urn:t3chat:problem:limit-exceeded", status: 429, detail: "Too many messages.",
    }), { status: 429, headers: { "Content-Type": "application/problem+json" } })));
    await expect(postOnce("/api/chats/c/messages", { content: "a" })).rejects.toMatchObject({
      status: 429, slug: "limit-exceeded", readable: "Too many messages.",
    });
  });

  it("sends again under the same key when the stream broke before saying what was stored", async () => {
    const posted = { userMessage: message("u", "user"), assistantMessage: message("a", "assistant", "pending") };
    const fetch = vi.fn()
      .mockResolvedValueOnce(streamed(200, [": keep-alive\n\n"]))
      .mockResolvedValueOnce(streamed(200, [`event: posted\ndata: ${JSON.stringify(posted)}\n\n`]));
    vi.stubGlobal("fetch", fetch);

    const sent = await postOnce<typeof posted>("/api/chats/c/messages", { content: "a" });

    expect(sent.posted.userMessage.id).toBe("u");
    expect(new Set(keysSent(fetch)).size).toBe(1);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe("versions and search hits", () => {
  afterEach(() => vi.unstubAllGlobals());

  const older = { messages: [message("a1", "assistant"), message("u1", "user")], currentLeafId: "a2", nextCursor: null };
  function cached(queryClient: QueryClient) {
    const u2 = { ...message("u2", "user"), parentId: "a1" };
    const a2 = { ...message("a2", "assistant"), parentId: "u2", versionIndex: 0, versionCount: 2, siblingIds: ["a2", "a2b"] };
    queryClient.setQueryData<Branch>(chatKeys.messages("c"), {
      pages: [{ messages: [a2, u2], currentLeafId: "a2", nextCursor: "cur" }, older],
      pageParams: [null, { cursor: "cur" }],
    });
  }
  const fresh = {
    messages: [{ ...message("a2b", "assistant"), parentId: "u2", versionIndex: 1, versionCount: 2, siblingIds: ["a2", "a2b"] },
      { ...message("u2", "user"), parentId: "a1" }],
    currentLeafId: "a2b", nextCursor: "cur",
  };

  it("shows another version: the server descends from it, then the branch is read down to it", async () => {
    const fetch = vi.fn()
      .mockResolvedValueOnce(answer(200, { currentLeafId: "a2b" }))
      .mockResolvedValueOnce(answer(200, fresh));
    vi.stubGlobal("fetch", fetch);
    const queryClient = new QueryClient();
    cached(queryClient);

    await showVersion(queryClient, "c", "a2b");

    const [put, get] = fetch.mock.calls as [string, RequestInit][];
    expect(put[0]).toBe("/api/chats/c/leaf");
    expect(JSON.parse(String(put[1].body))).toEqual({ messageId: "a2b", descend: true });
    expect(put[1].method).toBe("PUT");
    expect(get[0]).toBe("/api/chats/c/messages?limit=40&until=a2b");
    expect(messagesOf(queryClient.getQueryData<Branch>(chatKeys.messages("c"))).map((m) => m.id)).toEqual(["u1", "a1", "u2", "a2b"]);
  });

  it("reveals a search hit on another branch by showing that branch first", async () => {
    const fetch = vi.fn()
      .mockResolvedValueOnce(answer(404, { type: "urn:t3chat:problem:not-found", status: 404 }))
      .mockResolvedValueOnce(answer(200, { currentLeafId: "a2b" }))
      .mockResolvedValueOnce(answer(200, fresh));
    vi.stubGlobal("fetch", fetch);
    const queryClient = new QueryClient();
    cached(queryClient);

    await revealMessage(queryClient, "c", "a2b");

    expect(fetch.mock.calls.map(([path]) => path)).toEqual([
      "/api/chats/c/messages?limit=40&until=a2b", "/api/chats/c/leaf", "/api/chats/c/messages?limit=40&until=a2b"]);
    expect(messagesOf(queryClient.getQueryData<Branch>(chatKeys.messages("c"))).at(-1)?.id).toBe("a2b");
  });
});

describe("newIdempotencyKey", () => {
  it("is a version 4 UUID even where crypto.randomUUID is missing (plain http)", () => {
    const randomUUID = crypto.randomUUID;
    try {
      Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
      expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: randomUUID, configurable: true });
    }
  });
});
