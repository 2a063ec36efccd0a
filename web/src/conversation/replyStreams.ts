import { useSyncExternalStore } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { apiResponse } from "../api/http";
import { ApiError } from "../api/problem";
import type { Chat, Message } from "../api/types";
import { type Branch, withPatch } from "./branch";
import { events, type ServerEvent } from "./eventStream";
import { chatKeys } from "../chats/chatQueries";

/** What the reader sees of a reply that is still being written. */
export interface LiveReply {
  text: string;
  reasoning: string;
  /**
   * "queued" while the model service has not picked the reply up (it may be down: the reply waits, it has not
   * failed); "reconnecting" after the connection dropped: the text so far stays, more follows from where it stopped.
   */
  phase: "connecting" | "queued" | "streaming" | "reconnecting";
}

interface Follow {
  chatId: string;
  state: LiveReply;
  lastEventId: string | null;
  controller: AbortController;
  frame: number | null;
}

const follows = new Map<string, Follow>();
const listeners = new Map<string, Set<() => void>>();
let queryClient: QueryClient | null = null;

/** The reply streams update the query cache (titles, finished messages): call once at start. */
export function bindQueryClient(client: QueryClient) {
  queryClient = client;
}

function notify(messageId: string) {
  listeners.get(messageId)?.forEach((l) => l());
}

/** Coalesces many deltas into one render per animation frame. */
function schedule(messageId: string, follow: Follow) {
  if (follow.frame !== null) return;
  follow.frame = requestAnimationFrame(() => {
    follow.frame = null;
    notify(messageId);
  });
}

function patchMessage(chatId: string, messageId: string, patch: Partial<Message>) {
  queryClient?.setQueryData<Branch>(chatKeys.messages(chatId), (branch) => withPatch(branch, messageId, patch));
}

function end(messageId: string, patch: Partial<Message>) {
  const follow = follows.get(messageId);
  if (!follow) return;
  follows.delete(messageId);
  if (follow.frame !== null) cancelAnimationFrame(follow.frame);
  patchMessage(follow.chatId, messageId, patch);
  notify(messageId);
  void queryClient?.invalidateQueries({ queryKey: chatKeys.messages(follow.chatId) });
  void queryClient?.invalidateQueries({ queryKey: chatKeys.lists() });
}

function setTitle(chatId: string, title: string) {
  queryClient?.setQueryData<Chat>(chatKeys.chat(chatId), (chat) => chat && { ...chat, title });
  void queryClient?.invalidateQueries({ queryKey: chatKeys.lists() });
}

/**
 * Follows a pending reply's stream (once per message, however many components show it). Reconnects with
 * `Last-Event-ID` after a dropped connection, so nothing is lost or repeated; the finished message goes into the
 * query cache and the live state is dropped.
 */
export function followReply(chatId: string, messageId: string, opened?: AsyncIterator<ServerEvent>) {
  if (follows.has(messageId)) {
    void opened?.return?.();
    return;
  }
  const follow: Follow = {
    chatId,
    state: { text: "", reasoning: "", phase: "connecting" },
    lastEventId: null,
    controller: new AbortController(),
    frame: null,
  };
  follows.set(messageId, follow);
  void run(messageId, follow, opened);
}

/**
 * The reply's events: first those of the stream already opened (the post's own), then after a drop from
 * `GET …/stream` with `Last-Event-ID`.
 */
async function run(messageId: string, follow: Follow, opened?: AsyncIterator<ServerEvent>) {
  for (let attempt = 0; follows.get(messageId) === follow; attempt++) {
    try {
      let source = opened;
      opened = undefined;
      if (!source) {
        const headers: Record<string, string> = { Accept: "text/event-stream" };
        if (follow.lastEventId) headers["Last-Event-ID"] = follow.lastEventId;
        const response = await apiResponse(`/api/chats/${follow.chatId}/messages/${messageId}/stream`, {
          headers,
          signal: follow.controller.signal,
        });
        source = events(response.body!);
      }
      attempt = 0;
      await readAll(source, (event) => {
        if (event.id) follow.lastEventId = event.id;
        const data = event.data ? JSON.parse(event.data) : {};
        switch (event.event) {
          case "waiting":
            follow.state = { ...follow.state, phase: "queued" };
            notify(messageId);
            break;
          case "started":
            follow.state = { ...follow.state, phase: "streaming" };
            notify(messageId);
            break;
          case "delta":
            follow.state = { ...follow.state, text: follow.state.text + data.text, phase: "streaming" };
            schedule(messageId, follow);
            break;
          case "reasoning":
            follow.state = { ...follow.state, reasoning: follow.state.reasoning + data.text, phase: "streaming" };
            schedule(messageId, follow);
            break;
          case "title":
            setTitle(follow.chatId, data.title);
            break;
          case "truncated":
            // the server kept only the reply's tail: show where the head is missing; the stored reply, read
            // again when it ends, has it all
            follow.state = { ...follow.state, text: "… ", phase: "streaming" };
            schedule(messageId, follow);
            break;
          case "done":
            end(messageId, {
              status: "complete",
              content: follow.state.text,
              reasoning: follow.state.reasoning || null,
              finishReason: data.finishReason ?? null,
              usage: data.usage ?? null,
              ...(data.model ? { model: data.model } : {}),
              notice: data.notice ?? null,
            });
            break;
          case "error":
            end(messageId, {
              status: "failed",
              content: follow.state.text,
              reasoning: follow.state.reasoning || null,
              error: data.reason ?? "The reply failed.",
            });
            break;
        }
      });
    } catch (error) {
      if (follow.controller.signal.aborted) return;
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        end(messageId, { status: "failed", error: error.readable });
        return;
      }
    }
    if (follows.get(messageId) !== follow) return;
    // the connection ended without done/error: try again from the last event we have
    follow.state = { ...follow.state, phase: "reconnecting" };
    notify(messageId);
    await new Promise((resolve) => setTimeout(resolve, Math.min(8000, 500 * 2 ** attempt)));
  }
}

async function readAll(source: AsyncIterator<ServerEvent>, onEvent: (event: ServerEvent) => void) {
  for (let next = await source.next(); !next.done; next = await source.next()) onEvent(next.value);
}

export function useLiveReply(messageId: string): LiveReply | undefined {
  return useSyncExternalStore(
    (listener) => {
      let set = listeners.get(messageId);
      if (!set) listeners.set(messageId, (set = new Set()));
      set.add(listener);
      return () => {
        set!.delete(listener);
        if (set!.size === 0) listeners.delete(messageId);
      };
    },
    () => follows.get(messageId)?.state,
  );
}
