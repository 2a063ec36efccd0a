import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Me } from "../api/types";
import { applyTheme } from "../theme/theme";
import { PreferencesTab } from "./PreferencesTab";
import { json, problem, renderWithQueries, stubFetch } from "./testing";

vi.mock("../theme/theme", () => ({ applyTheme: vi.fn() }));

afterEach(() => vi.unstubAllGlobals());

const me: Me = {
  subject: "u-1",
  username: "ada",
  email: "ada@example.com",
  roles: ["user"],
  displayName: "Ada",
  preferences: { defaultModel: null, theme: "light", customInstructions: null },
};

const catalog = {
  defaultModel: "openai/gpt-4o-mini",
  items: [
    {
      id: "openai/gpt-4o-mini", displayName: "GPT-4o mini", provider: "openai", contextWindow: 128000,
      maxOutputTokens: 16384, capabilities: [], price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
      isDefault: true, listed: false, availability: { usable: true, keySource: "system", missing: null },
    },
    {
      id: "anthropic/claude-sonnet-4-5", displayName: "Claude Sonnet 4.5", provider: "anthropic", contextWindow: 200000,
      maxOutputTokens: 64000, capabilities: [], price: null, isDefault: false, listed: false,
      availability: { usable: false, keySource: null, missing: "Add your own Anthropic API key in Settings → Keys to use this model." },
    },
  ],
};

describe("PreferencesTab", () => {
  it("applies a theme at once and keeps the server's answer as the profile", async () => {
    const calls = stubFetch({
      "GET /api/me": () => json(me),
      "GET /api/models": () => json(catalog),
      "PATCH /api/me": () => json({ ...me, preferences: { ...me.preferences, theme: "dark" } }),
    });
    const { queryClient } = renderWithQueries(<PreferencesTab />);

    await userEvent.setup().click(await screen.findByRole("radio", { name: "Dark" }));

    expect(applyTheme).toHaveBeenCalledWith("dark");
    await waitFor(() => expect(queryClient.getQueryData<Me>(["me"])?.preferences.theme).toBe("dark"));
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ preferences: { theme: "dark" } });
  });

  it("offers models that need a key disabled, with the reason", async () => {
    stubFetch({ "GET /api/me": () => json(me), "GET /api/models": () => json(catalog) });
    renderWithQueries(<PreferencesTab />);

    const sonnet = await screen.findByRole("option", { name: /Claude Sonnet 4.5/ });
    expect((sonnet as HTMLOptionElement).disabled).toBe(true);
    expect(sonnet.textContent).toContain("needs your Anthropic key");
    expect(screen.getByRole("option", { name: "Catalogue default (GPT-4o mini)" })).toBeTruthy();
  });

  it("shows the server's complaint about the custom instructions next to them", async () => {
    stubFetch({
      "GET /api/me": () => json(me),
      "GET /api/models": () => json(catalog),
      "PATCH /api/me": () =>
        problem(400, "validation", "Invalid request", {
          errors: [{ field: "preferences.customInstructions", message: "must not contain control characters" }],
        }),
    });
    renderWithQueries(<PreferencesTab />);
    const user = userEvent.setup();

    const box = await screen.findByLabelText(/what should the assistant know/i);
    await user.type(box, "Be brief.");
    expect(screen.getByText("9 / 4,000")).toBeTruthy();
    await user.click(screen.getAllByRole("button", { name: "Save" })[1]);

    const alert = await screen.findByText("must not contain control characters");
    expect(alert.closest('[role="alert"]')).toBeTruthy();
    expect(box.getAttribute("aria-invalid")).toBe("true");
  });
});
