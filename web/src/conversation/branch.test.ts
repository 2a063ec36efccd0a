import { describe, expect, it } from "vitest";
import type { Message, MessagePage } from "../api/types";
import { type Branch, hasOlder, messagesOf, versionsOf, withNewest, withPatch, withPosted } from "./branch";

function msg(id: string, parentId: string | null, extra: Partial<Message> = {}): Message {
  return {
    id, parentId, role: id.startsWith("a") ? "assistant" : "user", content: id, reasoning: null, notice: null,
    status: "complete", model: null, createdAt: "2026-01-01T00:00:00Z", finishReason: null, usage: null, error: null,
    versionIndex: 0, versionCount: 1, ...extra,
  };
}

/** A chain u1 ─ a1 ─ u2 ─ a2 ─ u3 ─ a3 read two messages at a time: three pages, newest first. */
function chain(): Branch {
  const u1 = msg("u1", null), a1 = msg("a1", "u1"), u2 = msg("u2", "a1");
  const a2 = msg("a2", "u2", { versionIndex: 1, versionCount: 2, siblingIds: ["a2old", "a2"] });
  const u3 = msg("u3", "a2"), a3 = msg("a3", "u3");
  return {
    pages: [
      { messages: [a3, u3], currentLeafId: "a3", nextCursor: "c-a2" },
      { messages: [a2, u2], currentLeafId: "a3", nextCursor: "c-a1" },
      { messages: [a1, u1], currentLeafId: "a3", nextCursor: null },
    ],
    pageParams: [null, { cursor: "c-a2" }, { cursor: "c-a1" }],
  };
}

const ids = (branch: Branch | undefined) => messagesOf(branch).map((m) => m.id);

describe("the paged branch", () => {
  it("shows the pages oldest first, each message once", () => {
    const branch = chain();
    branch.pages[1].messages.unshift(branch.pages[0].messages[1]); // a page boundary read twice
    expect(ids(branch)).toEqual(["u1", "a1", "u2", "a2", "u3", "a3"]);
    expect(hasOlder(branch)).toBe(false);
    expect(hasOlder({ ...branch, pages: branch.pages.slice(0, 2) })).toBe(true);
  });

  it("reads a message's versions from the page", () => {
    const branch = chain();
    expect(versionsOf(messagesOf(branch)[3])).toEqual({ index: 1, count: 2, ids: ["a2old", "a2"] });
    expect(versionsOf(msg("x", null, { versionIndex: undefined, versionCount: undefined }))).toEqual({ index: 0, count: 1, ids: ["x"] });
  });

  it("puts a new question and its pending reply after the leaf", () => {
    const next = withPosted(chain(), [msg("u4", "a3"), msg("a4", "u4", { status: "pending" })], "a4");
    expect(ids(next)).toEqual(["u1", "a1", "u2", "a2", "u3", "a3", "u4", "a4"]);
    expect(next.pages[0].currentLeafId).toBe("a4");
    expect(next.pages[0].messages.map((m) => m.id)).toEqual(["a4", "u4", "a3", "u3"]);
    expect(versionsOf(next.pages[0].messages[1])).toEqual({ index: 0, count: 1, ids: ["u4"] });
    expect(next.pageParams).toEqual(chain().pageParams);
  });

  it("cuts what an edit replaces and makes the edit the newest version", () => {
    // u2 edited: a new question under a1, beside u2
    const next = withPosted(chain(), [msg("u2b", "a1", { versionIndex: undefined }), msg("a2b", "u2b")], "a2b");
    expect(ids(next)).toEqual(["u1", "a1", "u2b", "a2b"]);
    expect(versionsOf(messagesOf(next)[2])).toEqual({ index: 1, count: 2, ids: ["u2", "u2b"] });
    expect(hasOlder(next)).toBe(false);
  });

  it("adds a regenerated reply beside the versions it already has", () => {
    const next = withPosted(chain(), [msg("a2c", "u2")], "a2c");
    expect(ids(next)).toEqual(["u1", "a1", "u2", "a2c"]);
    expect(versionsOf(messagesOf(next).at(-1)!)).toEqual({ index: 2, count: 3, ids: ["a2old", "a2", "a2c"] });
  });

  it("makes a new root the whole branch, and a chat's first messages its only page", () => {
    const edited = withPosted(chain(), [msg("u1b", null), msg("a1b", "u1b")], "a1b");
    expect(edited.pages).toHaveLength(1);
    expect(ids(edited)).toEqual(["u1b", "a1b"]);
    expect(versionsOf(edited.pages[0].messages[1]).ids).toEqual(["u1", "u1b"]);
    const first = withPosted(undefined, [msg("u1", null), msg("a1", "u1")], "a1");
    expect(first).toEqual({ pages: [{ messages: [expect.objectContaining({ id: "a1" }), expect.objectContaining({ id: "u1" })], currentLeafId: "a1", nextCursor: null }], pageParams: [null] });
  });

  it("takes a fresh newest page and keeps the older pages above it", () => {
    // another version of a2 is shown: the server's page from the new leaf down to it
    const fresh: MessagePage = { messages: [msg("a4x", "u4x"), msg("u4x", "a2old"), msg("a2old", "u2", { versionCount: 2, siblingIds: ["a2old", "a2"] })], currentLeafId: "a4x", nextCursor: "c-u2" };
    const next = withNewest(chain(), fresh, { until: "a2old" });
    expect(ids(next)).toEqual(["u1", "a1", "u2", "a2old", "u4x", "a4x"]);
    expect(next.pageParams).toEqual([{ until: "a2old" }, { cursor: "c-a2" }, { cursor: "c-a1" }]);
    expect(hasOlder(next)).toBe(false);
    // nothing in common loaded: the fresh page alone
    const alone = withNewest(chain(), { messages: [msg("z", "unknown")], currentLeafId: "z", nextCursor: "c" }, null);
    expect(alone.pages).toHaveLength(1);
    expect(hasOlder(alone)).toBe(true);
  });

  it("changes a message wherever it is, and nothing else", () => {
    const before = chain();
    const next = withPatch(before, "u2", { content: "changed" })!;
    expect(messagesOf(next).find((m) => m.id === "u2")?.content).toBe("changed");
    expect(next.pages[0]).toBe(before.pages[0]);
    expect(withPatch(undefined, "u2", {})).toBeUndefined();
  });
});
