import { describe, expect, it } from "vitest";
import type { Message } from "../api/types";
import { ConversationTree } from "./tree";

let clock = 0;
function msg(id: string, parentId: string | null, role: "user" | "assistant" = "user"): Message {
  clock++;
  return {
    id, parentId, role, content: id, reasoning: null, notice: null, status: "complete", model: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString(), finishReason: null, usage: null, error: null,
  };
}

describe("ConversationTree", () => {
  // u1 ─ a1 ─ u2 ─ a2
  //    └ a1b (regenerated)  └ a2b
  //          └ u3 ─ a3
  const messages = [msg("u1", null), msg("a1", "u1", "assistant"), msg("u2", "a1"), msg("a2", "u2", "assistant"),
    msg("a1b", "u1", "assistant"), msg("a2b", "u2", "assistant"), msg("u3", "a1b"), msg("a3", "u3", "assistant")];

  it("shows the path to the current leaf", () => {
    const tree = new ConversationTree({ messages, currentLeafId: "a2b" });
    expect(tree.activePath().map((m) => m.id)).toEqual(["u1", "a1", "u2", "a2b"]);
  });

  it("lists the versions of a message oldest first", () => {
    const tree = new ConversationTree({ messages, currentLeafId: "a2b" });
    expect(tree.siblings(tree.get("a1")!).map((m) => m.id)).toEqual(["a1", "a1b"]);
    expect(tree.siblings(tree.get("u1")!).map((m) => m.id)).toEqual(["u1"]);
  });

  it("follows the newest child down to a leaf when switching versions", () => {
    const tree = new ConversationTree({ messages, currentLeafId: "a2" });
    expect(tree.newestLeafUnder("a1b")).toBe("a3");
    expect(tree.newestLeafUnder("a1")).toBe("a2b");
    expect(tree.newestLeafUnder("a3")).toBe("a3");
  });

  it("survives a parent cycle in bad data", () => {
    const a = msg("x", "y");
    const b = msg("y", "x");
    expect(new ConversationTree({ messages: [a, b], currentLeafId: "x" }).activePath().map((m) => m.id)).toEqual(["y", "x"]);
  });
});
