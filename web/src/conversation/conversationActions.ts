import type { QueryClient } from "@tanstack/react-query";
import { api, apiResponse } from "../api/http";
import { ApiError } from "../api/problem";
import type { Message, PostedMessages } from "../api/types";
import { branchPage, chatKeys } from "../chats/chatQueries";
import { type Branch, withNewest, withPosted } from "./branch";
import { events, type ServerEvent } from "./eventStream";
import { followReply } from "./replyStreams";

/**
 * Adds new messages to a chat's cached branch (cutting what an edit or a regeneration replaces), makes `leafId` its
 * leaf, and follows a pending reply — on `reply`, the rest of the post's own stream, when the server answered so.
 */
export function addMessages(queryClient: QueryClient, chatId: string, added: Message[], leafId: string,
  reply?: AsyncIterator<ServerEvent>) {
  queryClient.setQueryData<Branch>(chatKeys.messages(chatId), (branch) => withPosted(branch, added, leafId));
  const pending = added.find((m) => m.role === "assistant" && m.status === "pending");
  if (pending) followReply(chatId, pending.id, reply);
  else void reply?.return?.();
  void queryClient.invalidateQueries({ queryKey: chatKeys.lists() });
}

export async function postMessage(queryClient: QueryClient, chatId: string,
  body: { content: string; model: string | null; parentId?: string; root?: boolean; attachmentIds?: string[] }) {
  const { posted, reply } = await postOnce<PostedMessages>(`/api/chats/${chatId}/messages`, body);
  addMessages(queryClient, chatId, [posted.userMessage, posted.assistantMessage], posted.assistantMessage.id, reply);
  return posted;
}

export async function regenerate(queryClient: QueryClient, chatId: string, messageId: string, model: string | null) {
  const { posted, reply } = await postOnce<Message | { assistantMessage: Message }>(
    `/api/chats/${chatId}/messages/${messageId}/regenerate`, model ? { model } : {});
  // as a stream the reply comes as {assistantMessage}; the 202 answer is the message itself
  const message = "assistantMessage" in posted ? posted.assistantMessage : posted;
  addMessages(queryClient, chatId, [message], message.id, reply);
}

/** How often a send is tried when its answer is lost (network) or the gateway could not reach the service. */
const SEND_ATTEMPTS = 3;
const RETRY_DELAY_MS = 400;

/** Both server generations accept this: the newer answers the post as a stream, an older one with its JSON. */
const POST_ACCEPT = "text/event-stream, application/json;q=0.9";

/** What a send answered: what was stored and, when the server answered as a stream, the rest of it (the reply). */
export interface Sent<T> {
  posted: T;
  reply?: AsyncIterator<ServerEvent>;
}

/**
 * A POST that asks for a reply, answered as one stream when the server can: its first event `posted` is what was
 * stored, the rest is the reply (no second request). Sent with a fresh `Idempotency-Key` and retried with the same
 * key when no answer came back — a repeat streams the first request's reply — so the server makes one message and
 * one reply however often it arrives (a double click sends twice with two keys, but the composer is disabled while
 * sending). A refusal is problem+json ({@link ApiError}); an older server's `202` JSON answer is read as such.
 */
export async function postOnce<T>(path: string, body: unknown, key: string = newIdempotencyKey()): Promise<Sent<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await apiResponse(path, { method: "POST", body, headers: { "Idempotency-Key": key, Accept: POST_ACCEPT } });
      return await readSent<T>(response);
    } catch (error) {
      if (attempt >= SEND_ATTEMPTS || !worthRetrying(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
    }
  }
}

async function readSent<T>(response: Response): Promise<Sent<T>> {
  if (!(response.headers.get("Content-Type") ?? "").startsWith("text/event-stream") || !response.body) {
    const text = await response.text();
    return { posted: JSON.parse(text) as T };
  }
  const stream = events(response.body);
  let first: IteratorResult<ServerEvent>;
  try {
    first = await stream.next();
  } catch {
    first = { done: true, value: undefined };
  }
  if (first.done) {
    // the connection dropped before anything was said: the post may or may not be stored, try again under the key
    throw new ApiError(0, { type: "network", detail: "The server could not be reached. Check your connection." });
  }
  if (first.value.event === "posted") return { posted: JSON.parse(first.value.data) as T, reply: stream };
  // an older server writes its 202 body as one unnamed event when a stream is preferred
  void stream.return();
  return { posted: JSON.parse(first.value.data) as T };
}

/** No answer (network) or a gateway/service outage: the request may or may not have been applied. */
function worthRetrying(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);
}

/** A random UUID; `crypto.randomUUID` exists only on secure origins (https, localhost), so not over plain http. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Shows another version of a message: the server makes that version's newest descendant the leaf, then the branch is
 * read from there down to the version (the older pages stay: they are the same above it).
 */
export async function showVersion(queryClient: QueryClient, chatId: string, versionId: string) {
  await api<{ currentLeafId: string }>(`/api/chats/${chatId}/leaf`, { method: "PUT", body: { messageId: versionId, descend: true } });
  await loadDownTo(queryClient, chatId, versionId);
}

/**
 * Makes sure a message (a search hit) is loaded: the branch is read down to it; a message on another branch first
 * becomes part of the shown one (its newest descendant the leaf).
 */
export async function revealMessage(queryClient: QueryClient, chatId: string, messageId: string) {
  try {
    await loadDownTo(queryClient, chatId, messageId);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    await showVersion(queryClient, chatId, messageId);
  }
}

async function loadDownTo(queryClient: QueryClient, chatId: string, messageId: string) {
  const key = chatKeys.messages(chatId);
  await queryClient.cancelQueries({ queryKey: key });
  const param = { until: messageId };
  const page = await branchPage(chatId, param);
  queryClient.setQueryData<Branch>(key, (branch) => withNewest(branch, page, param));
}
