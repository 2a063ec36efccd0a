/** Test helpers for the settings tabs: a fresh QueryClient per test and a `fetch` that answers by route. */
import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { vi } from "vitest";

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function problem(status: number, slug: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ type: `urn:t3chat:problem:${slug}`, status, detail, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json" },
  });
}

/** Replaces `globalThis.fetch`; routes are `"GET /api/keys"`-style keys. Answers the calls it saw. */
export function stubFetch(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = String(input);
    const call = { method: init.method ?? "GET", path, body: init.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const route = routes[`${call.method} ${path.split("?")[0]}`];
    return route ? route(call) : problem(404, "not-found", `no stub for ${call.method} ${path}`);
  }));
  return calls;
}

export function renderWithQueries(node: ReactNode, queryClient = newQueryClient()) {
  return { queryClient, ...render(<QueryClientProvider client={queryClient}>{node}</QueryClientProvider>) };
}

export function newQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}
