import { accessToken, beginLogin, refreshAfterRejection } from "../auth/session";
import { ApiError, toApiError } from "./problem";

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** No bearer token (public endpoints: shared chats, public config). */
  anonymous?: boolean;
  /** Survives the page being closed (e.g. a delete whose undo time ran out while leaving). */
  keepalive?: boolean;
}

/**
 * Calls our API through the gateway (same origin). Adds the bearer token, refreshes it once after a 401, turns
 * problem+json answers into {@link ApiError}s and answers the parsed JSON body (undefined for 202/204 without one).
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The raw response (for streams); throws {@link ApiError} when the answer is not 2xx. */
export async function apiResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  const response = await send(path, options);
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const attempt = async (token: string | null) => {
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    try {
      return await fetch(path, {
        method: options.method ?? "GET",
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        keepalive: options.keepalive,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, { type: "network", detail: "The server could not be reached. Check your connection." });
    }
  };
  if (options.anonymous) return attempt(null);
  let response = await attempt(await accessToken());
  if (response.status === 401) {
    const renewed = await refreshAfterRejection();
    if (!renewed) {
      await beginLogin();
      throw new ApiError(401, { type: "urn:t3chat:problem:unauthorized", detail: "Your session ended. Signing in again…" });
    }
    response = await attempt(renewed);
  }
  return response;
}
