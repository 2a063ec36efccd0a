import { useSyncExternalStore } from "react";
import type { QueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { showToast } from "../ui/toasts";
import { chatKeys, editChatLists } from "./chatQueries";

const UNDO_MS = 6000;

/** Chats deleted in the sidebar but not yet on the server: hidden until their undo time runs out. */
const pending = new Map<string, ReturnType<typeof setTimeout>>();
let hidden: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();

function publish() {
  hidden = new Set(pending.keys());
  listeners.forEach((l) => l());
}

function commit(queryClient: QueryClient, chatId: string, keepalive = false) {
  pending.delete(chatId);
  void api(`/api/chats/${chatId}`, { method: "DELETE", keepalive })
    .then(() => {
      // out of the cached lists before it stops being hidden, so it does not flash back until the refetch
      editChatLists(queryClient, (items) => items.filter((chat) => chat.id !== chatId));
      queryClient.removeQueries({ queryKey: chatKeys.chat(chatId) });
      queryClient.removeQueries({ queryKey: chatKeys.messages(chatId) });
    })
    .catch(() => showToast({ text: "The chat could not be deleted.", tone: "error" }))
    .finally(() => {
      void queryClient.invalidateQueries({ queryKey: chatKeys.lists() });
      publish();
    });
}

/** Hides the chat at once and deletes it after a few seconds unless Undo is pressed. */
export function deleteWithUndo(queryClient: QueryClient, chatId: string, title: string) {
  pending.set(chatId, setTimeout(() => commit(queryClient, chatId), UNDO_MS));
  publish();
  showToast(
    {
      text: `Deleted “${title}”`,
      action: {
        label: "Undo",
        run: () => {
          clearTimeout(pending.get(chatId));
          pending.delete(chatId);
          publish();
        },
      },
    },
    UNDO_MS,
  );
}

/** Deletes whose undo time has not run out are sent when the page is closed. */
export function flushDeletesOnUnload(queryClient: QueryClient) {
  window.addEventListener("pagehide", () => {
    for (const [chatId, timer] of pending) {
      clearTimeout(timer);
      commit(queryClient, chatId, true);
    }
  });
}

export function useHiddenChats(): ReadonlySet<string> {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => hidden,
  );
}
