import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { UsageRow } from "../api/types";
import { formatUsd } from "./format";
import { UsageTab } from "./UsageTab";
import { newestFirst, totalsByModel } from "./usage";
import { json, renderWithQueries, stubFetch } from "./testing";

const rows: UsageRow[] = [
  { day: "2026-11-20", model: "openai/gpt-4o-mini", requests: 3, inputTokens: 1200, outputTokens: 300, costUsd: 0.00036 },
  { day: "2026-11-23", model: "anthropic/claude-haiku-4-5", requests: 1, inputTokens: 500, outputTokens: 1000, costUsd: 0.0055 },
  { day: "2026-11-23", model: "openai/gpt-4o-mini", requests: 2, inputTokens: 800, outputTokens: 200, costUsd: 0.00024 },
  { day: "2026-11-21", model: "anthropic/claude-haiku-4-5", requests: 4, inputTokens: 2000, outputTokens: 4000, costUsd: 0.022 },
];

const catalog = {
  defaultModel: "openai/gpt-4o-mini",
  items: [
    { id: "openai/gpt-4o-mini", displayName: "GPT-4o mini" },
    { id: "anthropic/claude-haiku-4-5", displayName: "Claude Haiku 4.5" },
  ],
};

describe("totalsByModel", () => {
  it("sums each model's days, the most expensive first", () => {
    expect(totalsByModel(rows)).toEqual([
      { model: "anthropic/claude-haiku-4-5", requests: 5, inputTokens: 2500, outputTokens: 5000, costUsd: expect.closeTo(0.0275, 10) },
      { model: "openai/gpt-4o-mini", requests: 5, inputTokens: 2000, outputTokens: 500, costUsd: expect.closeTo(0.0006, 10) },
    ]);
  });

  it("sorts the days newest first", () => {
    expect(newestFirst(rows).map((r) => r.day)).toEqual(["2026-11-23", "2026-11-23", "2026-11-21", "2026-11-20"]);
  });
});

describe("formatUsd", () => {
  it("shows cents' fractions under a dollar and cents above", () => {
    expect(formatUsd(0.00036)).toBe("$0.0004");
    expect(formatUsd(0.0275)).toBe("$0.0275");
    expect(formatUsd(12.3456)).toBe("$12.35");
    expect(formatUsd(0)).toBe("$0.00");
  });
});

describe("UsageTab", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-24T10:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("asks for the last 30 days and shows per-model totals and a table newest day first", async () => {
    const calls = stubFetch({
      "GET /api/usage": () =>
        json({ from: "2026-10-26", to: "2026-11-24", items: rows, totals: { requests: 10, inputTokens: 4500, outputTokens: 5500, costUsd: 0.0281 }, chats: 3 }),
      "GET /api/models": () => json(catalog),
    });
    renderWithQueries(<UsageTab />);

    const table = await screen.findByTestId("usage-table");
    expect(calls.find((c) => c.path.startsWith("/api/usage"))?.path).toBe("/api/usage?from=2026-10-26&to=2026-11-24");

    const bodyRows = within(table).getAllByRole("row").slice(1, -1);
    expect(bodyRows.map((r) => r.querySelector("time")?.getAttribute("dateTime"))).toEqual([
      "2026-11-23", "2026-11-23", "2026-11-21", "2026-11-20",
    ]);
    expect(within(bodyRows[0]).getByRole("rowheader").textContent).toContain("Mon, Nov 23");

    const byModel = screen.getByTestId("usage-by-model");
    const haiku = byModel.querySelector('[data-model="anthropic/claude-haiku-4-5"]')!;
    expect(haiku.textContent).toContain("Claude Haiku 4.5");
    expect(haiku.textContent).toContain("5 requests · 2,500 in · 5,000 out");
    expect(haiku.textContent).toContain("$0.0275");
    const mini = byModel.querySelector('[data-model="openai/gpt-4o-mini"]')!;
    expect(mini.textContent).toContain("5 requests · 2,000 in · 500 out");
    expect(mini.textContent).toContain("$0.0006");
  });

  it("shows an empty state and widens to 90 days on request", async () => {
    const calls = stubFetch({
      "GET /api/usage": () => json({ from: "x", to: "y", items: [], totals: { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }, chats: 0 }),
      "GET /api/models": () => json(catalog),
    });
    renderWithQueries(<UsageTab />);

    await userEvent.setup().click(await screen.findByRole("button", { name: "Show the last 90 days" }));

    expect(screen.queryByTestId("usage-table")).toBeNull();
    expect(screen.getByRole("button", { name: "90 days" }).getAttribute("aria-pressed")).toBe("true");
    expect(calls.map((c) => c.path)).toContain("/api/usage?from=2026-08-27&to=2026-11-24");
  });
});
