import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { ApiError } from "../api/problem";
import { navigate } from "../app/router";
import { chatKeys, useChat, useMessages, useUpdateChat } from "../chats/chatQueries";
import { showToast } from "../ui/toasts";
import { Composer } from "./Composer";
import { postMessage, regenerate, revealMessage, showVersion } from "./conversationActions";
import { MessageItem, type MessageActions } from "./MessageItem";
import { followReply } from "./replyStreams";
import { ConversationScroller } from "./ConversationScroller";
import { ShareDialog } from "./ShareDialog";
import { hasOlder, messagesOf, versionsOf } from "./branch";
import { ChatHeader } from "./ChatHeader";
import { loadDefaultModel, useDefaultModel } from "../models/modelQueries";
import { FileDropTarget } from "../attachments/FileDropTarget";
import { useAttachmentDraft } from "../attachments/useAttachmentDraft";

function readable(error: unknown): string {
  return error instanceof ApiError ? error.readable : "Something went wrong. Please try again.";
}

/** One chat: its shown branch, streaming replies, the composer. */
export function ChatView({ chatId, messageId, onMenu }: { chatId: string; messageId: string | null; onMenu: () => void }) {
  const queryClient = useQueryClient();
  const chat = useChat(chatId);
  const messages = useMessages(chatId);
  const updateChat = useUpdateChat();
  const defaultModel = useDefaultModel();
  const [shareOpen, setShareOpen] = useState(false);
  const attachments = useAttachmentDraft(chatId);
  const [highlight, setHighlight] = useState<string | null>(null);
  const path = useMemo(() => messagesOf(messages.data), [messages.data]);
  const pendingReply = path.find((m) => m.role === "assistant" && m.status === "pending") ?? null;
  const model = chat.data?.model ?? defaultModel;

  // follow every reply still being written (also after a reload in the middle of an answer)
  useEffect(() => {
    for (const m of path) {
      if (m.role === "assistant" && m.status === "pending") followReply(chatId, m.id);
    }
  }, [chatId, path]);

  const stop = useCallback(() => {
    if (!pendingReply) return;
    void api(`/api/chats/${chatId}/messages/${pendingReply.id}/stop`, { method: "POST" }).catch((e) =>
      showToast({ text: readable(e), tone: "error" }),
    );
  }, [chatId, pendingReply]);

  useEffect(() => {
    if (!pendingReply) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) stop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [pendingReply, stop]);

  const actions: MessageActions = useMemo(() => ({
    selectVersion: (message, index) => {
      const target = versionsOf(message).ids[index];
      if (target && target !== message.id) showVersion(queryClient, chatId, target).catch((e) => showToast({ text: readable(e), tone: "error" }));
    },
    edit: async (message, content) => {
      // the edited message keeps the files the original had (those not deleted since)
      const kept = (message.attachments ?? []).filter((a) => !a.deleted).map((a) => a.id);
      try {
        await postMessage(queryClient, chatId, {
          content,
          model,
          ...(message.parentId ? { parentId: message.parentId } : { root: true }),
          ...(kept.length > 0 ? { attachmentIds: kept } : {}),
        });
        return true;
      } catch (e) {
        showToast({ text: readable(e), tone: "error" });
        return false;
      }
    },
    regenerate: (message, regenerateWith) => {
      regenerate(queryClient, chatId, message.id, regenerateWith).catch((e) => showToast({ text: readable(e), tone: "error" }));
    },
    branch: (message) => {
      api<{ id: string }>(`/api/chats/${chatId}/branch`, { method: "POST", body: { messageId: message.id } })
        .then((branched) => {
          void queryClient.invalidateQueries({ queryKey: chatKeys.lists() });
          navigate(`/c/${branched.id}`);
          showToast({ text: "Branched to a new chat" });
        })
        .catch((e) => showToast({ text: readable(e), tone: "error" }));
    },
  }), [chatId, model, queryClient]);

  // jump to a message found by search: load the branch down to it (showing its branch first if it is on another),
  // scroll to it, highlight it for a moment
  const revealing = useRef<{ id: string; done: boolean } | null>(null);
  useEffect(() => {
    if (!messageId || !messages.data) return;
    if (!path.some((m) => m.id === messageId)) {
      if (revealing.current?.id !== messageId) {
        const attempt = { id: messageId, done: false };
        revealing.current = attempt;
        revealMessage(queryClient, chatId, messageId)
          .catch(() => showToast({ text: "That message is not in this chat any more.", tone: "error" }))
          .finally(() => {
            attempt.done = true;
          });
      } else if (revealing.current.done) {
        navigate(`/c/${chatId}`, { replace: true }); // it could not be shown: stay at the end
      }
      return;
    }
    // twice: off-screen messages take their real height only once they come near the viewport
    const scroll = () => document.querySelector(`[data-message-id="${CSS.escape(messageId)}"]`)?.scrollIntoView({ block: "center" });
    scroll();
    requestAnimationFrame(() => requestAnimationFrame(scroll));
    setHighlight(messageId);
    navigate(`/c/${chatId}`, { replace: true });
  }, [chatId, messageId, messages.data, path, queryClient]);

  useEffect(() => {
    if (!highlight) return;
    const timer = setTimeout(() => setHighlight(null), 2500);
    return () => clearTimeout(timer);
  }, [highlight]);

  const send = async (content: string, attachmentIds: string[]) => {
    try {
      await postMessage(queryClient, chatId, {
        content,
        model: model ?? (await loadDefaultModel(queryClient)),
        ...(attachmentIds.length > 0 ? { attachmentIds } : {}),
      });
      return true;
    } catch (e) {
      showToast({ text: readable(e), tone: "error" }, 8000);
      return false;
    }
  };

  if (chat.isError && chat.error instanceof ApiError && chat.error.status === 404) {
    return (
      <div className="flex h-full flex-col items-center justify-center gap-3 p-6 text-center">
        <p className="text-lg font-medium">This chat does not exist (any more).</p>
        <button type="button" className="text-accent underline" onClick={() => navigate("/")}>Start a new chat</button>
      </div>
    );
  }

  return (
    <FileDropTarget onFiles={attachments.add} className="flex h-full flex-col">
      <ChatHeader chat={chat.data} onMenu={onMenu} onShare={() => setShareOpen(true)} />
      <ConversationScroller followKey={pendingReply?.id ?? null} jumpTo={messageId} oldestId={path[0]?.id ?? null}
        older={hasOlder(messages.data)} loadingOlder={messages.isFetchingNextPage} loadOlder={messages.fetchNextPage}>
        {messages.isPending && <p className="py-10 text-center text-sm text-neutral-500">Loading…</p>}
        {messages.isError && <p role="alert" className="py-10 text-center text-sm text-red-700">{readable(messages.error)}</p>}
        {path.map((message) => {
          const versions = versionsOf(message);
          return (
            <div key={message.id} className="message-row" data-row={message.id}>
              <MessageItem message={message} versionIndex={versions.index} versionCount={versions.count}
                actions={actions} highlighted={highlight === message.id} busy={pendingReply !== null} />
            </div>
          );
        })}
      </ConversationScroller>
      <Composer model={model} streaming={pendingReply !== null} onStop={stop} onSend={send} attachments={attachments}
        onModelChange={(next) => updateChat.mutate({ id: chatId, patch: { model: next } })} />
      {chat.data && <ShareDialog chat={chat.data} open={shareOpen} onOpenChange={setShareOpen} lastMessage={path.at(-1)} />}
    </FileDropTarget>
  );
}
