import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ProviderKey } from "../api/types";
import { KeysTab } from "./KeysTab";
import { json, problem, renderWithQueries, stubFetch } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const added: ProviderKey = {
  provider: "openai",
  maskedKey: "…abcd",
  baseUrl: null,
  addedAt: new Date().toISOString(),
  lastUsedAt: null,
};

async function submitOpenAiKey(key: string) {
  const user = userEvent.setup();
  const row = await screen.findByTestId("key-row-openai");
  await user.click(within(row).getByRole("button", { name: /add key/i }));
  await user.type(within(row).getByLabelText("API key"), key);
  await user.click(within(row).getByRole("button", { name: "Save key" }));
  return row;
}

describe("KeysTab", () => {
  it("shows the provider's reason in an alert when the key is rejected, and keeps the row unset", async () => {
    const calls = stubFetch({
      "GET /api/keys": () => json({ items: [] }),
      "PUT /api/keys/openai": () => problem(400, "key-rejected", "OpenAI rejected this key."),
    });
    renderWithQueries(<KeysTab />);

    const row = await submitOpenAiKey("sk-wrong-0000");

    const alert = await within(row).findByRole("alert");
    expect(alert.textContent).toContain("OpenAI rejected this key.");
    expect(within(row).getByText("Not set")).toBeTruthy();
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ apiKey: "sk-wrong-0000" });
  });

  it("says an unreachable provider saved nothing", async () => {
    stubFetch({
      "GET /api/keys": () => json({ items: [] }),
      "PUT /api/keys/openai": () =>
        problem(502, "provider-unreachable", "OpenAI could not be reached to check the key; nothing was saved."),
    });
    renderWithQueries(<KeysTab />);

    const row = await submitOpenAiKey("sk-live-1234abcd");

    expect((await within(row).findByRole("alert")).textContent).toContain("nothing was saved");
  });

  it("checks with the provider, then shows the masked key in the row and refreshes keys and models", async () => {
    let stored: ProviderKey[] = [];
    let answer!: () => void;
    stubFetch({
      "GET /api/keys": () => json({ items: stored }),
      "PUT /api/keys/openai": () =>
        new Promise<Response>((resolve) => {
          answer = () => {
            stored = [added];
            resolve(json(added));
          };
        }),
      "GET /api/models": () => json({ defaultModel: "openai/gpt-4o-mini", items: [] }),
    });
    const { queryClient } = renderWithQueries(<KeysTab />);
    queryClient.setQueryData(["models"], { defaultModel: "openai/gpt-4o-mini", items: [] });

    const row = await submitOpenAiKey("sk-live-1234abcd");

    expect((await within(row).findByRole("status")).textContent).toContain("Checking with OpenAI…");
    answer();
    await waitFor(() => expect(within(row).getByText("…abcd")).toBeTruthy());
    expect(within(row).queryByRole("alert")).toBeNull();
    expect(within(row).queryByLabelText("API key")).toBeNull();
    expect(document.activeElement).toBe(within(row).getByRole("button", { name: /replace/i }));
    expect(queryClient.getQueryState(["models"])?.isInvalidated).toBe(true);
  });

  it("asks for the endpoint before checking an Ollama server", async () => {
    const calls = stubFetch({ "GET /api/keys": () => json({ items: [] }) });
    renderWithQueries(<KeysTab />);
    const user = userEvent.setup();

    const row = await screen.findByTestId("key-row-ollama");
    await user.click(within(row).getByRole("button", { name: /add key/i }));
    await user.click(within(row).getByRole("button", { name: "Save key" }));

    expect(within(row).getByRole("alert").textContent).toContain("Enter the address of your Ollama server.");
    expect(calls.some((c) => c.method === "PUT")).toBe(false);
  });

  it("removes a key after confirming", async () => {
    let stored: ProviderKey[] = [added];
    const calls = stubFetch({
      "GET /api/keys": () => json({ items: stored }),
      "DELETE /api/keys/openai": () => {
        stored = [];
        return new Response(null, { status: 204 });
      },
    });
    renderWithQueries(<KeysTab />);
    const user = userEvent.setup();

    const row = await screen.findByTestId("key-row-openai");
    await within(row).findByText("…abcd");
    await user.click(within(row).getByRole("button", { name: /remove openai key/i }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    await user.click(within(row).getByRole("button", { name: "Remove key" }));

    await waitFor(() => expect(within(row).getByText("Not set")).toBeTruthy());
    expect(calls.filter((c) => c.method === "DELETE")).toHaveLength(1);
  });
});
