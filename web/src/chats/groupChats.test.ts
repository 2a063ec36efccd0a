import { describe, expect, it } from "vitest";
import type { Chat } from "../api/types";
import { groupChats } from "./groupChats";

function chat(id: string, lastActivityAt: string, pinned = false): Chat {
  return { id, title: id, model: null, pinned, archived: false, createdAt: lastActivityAt, lastActivityAt, currentLeafId: null, fallbackModel: null };
}

describe("groupChats", () => {
  it("puts pinned chats first and the rest by recency", () => {
    const now = new Date(2026, 10, 24, 15, 0);
    const groups = groupChats(
      [
        chat("today", new Date(2026, 10, 24, 9).toISOString()),
        chat("pinned-old", new Date(2025, 0, 1).toISOString(), true),
        chat("yesterday", new Date(2026, 10, 23, 23).toISOString()),
        chat("week", new Date(2026, 10, 20).toISOString()),
        chat("old", new Date(2026, 5, 1).toISOString()),
      ],
      now,
    );
    expect(groups.map((g) => [g.label, g.chats.map((c) => c.id)])).toEqual([
      ["Pinned", ["pinned-old"]],
      ["Today", ["today"]],
      ["Yesterday", ["yesterday"]],
      ["Previous 7 days", ["week"]],
      ["Older", ["old"]],
    ]);
  });
});
