import type { QueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { ApiError } from "../api/problem";
import type { Message, MessageTree, PostedMessages } from "../api/types";
import { chatKeys } from "../chats/chatQueries";
import { followReply } from "./replyStreams";

/** Adds new messages to a chat's cached tree, makes `leafId` the shown branch, and follows a pending reply. */
export function addMessages(queryClient: QueryClient, chatId: string, added: Message[], leafId: string) {
  queryClient.setQueryData<MessageTree>(chatKeys.messages(chatId), (tree) => ({
    messages: [...(tree?.messages ?? []).filter((m) => !added.some((a) => a.id === m.id)), ...added],
    currentLeafId: leafId,
  }));
  for (const message of added) {
    if (message.role === "assistant" && message.status === "pending") followReply(chatId, message.id);
  }
  void queryClient.invalidateQueries({ queryKey: chatKeys.lists() });
}

export async function postMessage(queryClient: QueryClient, chatId: string,
  body: { content: string; model: string | null; parentId?: string; root?: boolean; attachmentIds?: string[] }) {
  const posted = await postOnce<PostedMessages>(`/api/chats/${chatId}/messages`, body);
  addMessages(queryClient, chatId, [posted.userMessage, posted.assistantMessage], posted.assistantMessage.id);
  return posted;
}

export async function regenerate(queryClient: QueryClient, chatId: string, messageId: string, model: string | null) {
  const reply = await postOnce<Message>(`/api/chats/${chatId}/messages/${messageId}/regenerate`, model ? { model } : {});
  addMessages(queryClient, chatId, [reply], reply.id);
}

/** How often a send is tried when its answer is lost (network) or the gateway could not reach the service. */
const SEND_ATTEMPTS = 3;
const RETRY_DELAY_MS = 400;

/**
 * A POST that asks for a reply: sent with a fresh `Idempotency-Key` and retried with the same key when no answer
 * came back, so the server makes one message and one reply however often it arrives (a double click sends twice
 * with two keys, but the composer is disabled while sending).
 */
export async function postOnce<T>(path: string, body: unknown, key: string = newIdempotencyKey()): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api<T>(path, { method: "POST", body, headers: { "Idempotency-Key": key } });
    } catch (error) {
      if (attempt >= SEND_ATTEMPTS || !worthRetrying(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
    }
  }
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

export async function showBranch(queryClient: QueryClient, chatId: string, leafId: string) {
  queryClient.setQueryData<MessageTree>(chatKeys.messages(chatId), (tree) => tree && { ...tree, currentLeafId: leafId });
  await api(`/api/chats/${chatId}/leaf`, { method: "PUT", body: { messageId: leafId } });
}
