import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { ApiError } from "../api/problem";
import type { Chat } from "../api/types";
import { navigate } from "../app/router";
import { addToLists } from "../chats/chatQueries";
import { loadDefaultModel, useDefaultModel, useMe } from "../models/modelQueries";
import { showToast } from "../ui/toasts";
import { ChatHeader } from "./ChatHeader";
import { Composer } from "./Composer";
import { postMessage } from "./conversationActions";
import { FileDropTarget } from "../attachments/FileDropTarget";
import { useAttachmentDraft } from "../attachments/useAttachmentDraft";

const SUGGESTIONS = ["How does AI work?", "Are black holes real?", "How many Rs are in the word \"strawberry\"?", "What is the meaning of life?"];

/** An empty chat: a greeting, a few suggestions, the composer. The chat is created with its first message. */
export function NewChatView({ onMenu }: { onMenu: () => void }) {
  const queryClient = useQueryClient();
  const me = useMe();
  const defaultModel = useDefaultModel();
  const [chosen, setChosen] = useState<string | null>(null);
  // files attached before the chat exists are uploaded without one (the chat is created with the first message)
  const attachments = useAttachmentDraft(null);

  const send = async (content: string, attachmentIds: string[] = []) => {
    try {
      const model = chosen ?? (await loadDefaultModel(queryClient));
      const chat = await api<Chat>("/api/chats", { method: "POST", body: model ? { model } : {} });
      addToLists(queryClient, chat);
      try {
        await postMessage(queryClient, chat.id, { content, model, ...(attachmentIds.length > 0 ? { attachmentIds } : {}) });
      } catch (e) {
        // the chat exists but its first message was refused (e.g. a limit): say why, keep the text, drop the empty chat
        void api(`/api/chats/${chat.id}`, { method: "DELETE" }).finally(() => queryClient.invalidateQueries({ queryKey: ["chats"] }));
        throw e;
      }
      navigate(`/c/${chat.id}`);
      return true;
    } catch (e) {
      showToast({ text: e instanceof ApiError ? e.readable : "The message could not be sent.", tone: "error" }, 8000);
      return false;
    }
  };

  const name = me.data?.displayName;
  return (
    <FileDropTarget onFiles={attachments.add} className="flex h-full flex-col">
      <ChatHeader chat={undefined} onMenu={onMenu} />
      <div className="flex min-h-0 flex-1 flex-col items-center justify-center overflow-y-auto px-4">
        <div className="w-full max-w-xl">
          <h2 className="text-2xl font-semibold sm:text-3xl">How can I help you{name ? `, ${name}` : ""}?</h2>
          {/* a suggestion is a whole message of its own: not offered once files wait to be sent with one */}
          <ul className="mt-6 divide-y divide-neutral-100 dark:divide-neutral-800" hidden={attachments.items.length > 0}>
            {SUGGESTIONS.map((s) => (
              <li key={s}>
                <button type="button" className="w-full rounded-lg px-2 py-2.5 text-left text-neutral-700 hover:bg-neutral-100 dark:text-neutral-300 dark:hover:bg-neutral-900"
                  onClick={() => void send(s)}>
                  {s}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <Composer model={chosen ?? defaultModel} onModelChange={setChosen} onSend={send} streaming={false} onStop={() => {}}
        attachments={attachments} />
    </FileDropTarget>
  );
}
