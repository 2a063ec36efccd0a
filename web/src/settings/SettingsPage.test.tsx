import { afterEach, describe, expect, it, vi } from "vitest";
import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SettingsPage } from "./SettingsPage";
import { json, renderWithQueries, stubFetch } from "./testing";

vi.mock("../theme/theme", () => ({ applyTheme: vi.fn() }));

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

describe("SettingsPage", () => {
  it("shows the chosen tab and moves between tabs by the URL", async () => {
    stubFetch({ "GET /api/keys": () => json({ items: [] }) });
    window.history.replaceState(null, "", "/settings/keys");
    renderWithQueries(<SettingsPage tab="keys" />);

    const keys = screen.getByRole("tab", { name: "API keys" });
    expect(keys.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("tabpanel", { name: "API keys" })).toBeTruthy();
    expect(await screen.findByTestId("key-row-openai")).toBeTruthy();

    await userEvent.setup().click(screen.getByRole("tab", { name: "Usage" }));
    expect(window.location.pathname).toBe("/settings/usage");

    act(() => keys.focus());
    await userEvent.keyboard("{ArrowLeft}");
    expect(window.location.pathname).toBe("/settings/preferences");
  });

  it("links back to the chat", () => {
    stubFetch({});
    renderWithQueries(<SettingsPage tab="preferences" />);
    expect(screen.getByRole("link", { name: "Back to chat" }).getAttribute("href")).toBe("/");
  });
});
