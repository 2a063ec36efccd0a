import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../auth/session", () => ({
  accessToken: vi.fn().mockResolvedValue("token"),
  beginLogin: vi.fn(),
  refreshAfterRejection: vi.fn().mockResolvedValue(null),
}));

import { newIdempotencyKey, postOnce } from "./conversationActions";

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
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

    const posted = await postOnce<{ userMessage: { id: string } }>("/api/chats/c/messages", { content: "a" });

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
