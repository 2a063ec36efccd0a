import { describe, expect, it } from "vitest";
import { isQueued } from "./queued";

describe("isQueued", () => {
  it("follows the stream once it has spoken, the stored message before", () => {
    expect(isQueued({ status: "pending", phase: "queued" }, undefined)).toBe(true);
    expect(isQueued({ status: "pending", phase: "queued" }, { phase: "connecting" })).toBe(true);
    expect(isQueued({ status: "pending", phase: "generating" }, { phase: "queued" })).toBe(true);
    expect(isQueued({ status: "pending", phase: "queued" }, { phase: "streaming" })).toBe(false);
    expect(isQueued({ status: "pending", phase: "generating" }, undefined)).toBe(false);
  });

  it("is never true for a reply that ended", () => {
    expect(isQueued({ status: "failed", phase: null }, { phase: "queued" })).toBe(false);
    expect(isQueued({ status: "complete" }, undefined)).toBe(false);
  });
});
