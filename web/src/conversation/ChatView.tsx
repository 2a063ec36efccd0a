import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { ApiError } from "../api/problem";
import { navigate } from "../app/router";
import { chatKeys, useChat, useMessages, useUpdateChat } from "../chats/chatQueries";
import { showToast } from "../ui/toasts";
import { Composer } from "./Composer";
import { postMessage, regenerate, showBranch } from "./conversationActions";
import { MessageItem, type MessageActions } from "./MessageItem";
import { followReply, useLiveReply } from "./replyStreams";
import { ShareDialog } from "./ShareDialog";
import { ConversationTree } from "./tree";
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
  const tree = useMemo(() => (messages.data ? new ConversationTree(messages.data) : null), [messages.data]);
  const path = useMemo(() => tree?.activePath() ?? [], [tree]);
  const pendingReply = path.find((m) => m.role === "assistant" && m.status === "pending") ?? null;
  const model = chat.data?.model ?? defaultModel;

  // follow every reply still being written (also after a reload in the middle of an answer)
  useEffect(() => {
    for (const m of messages.data?.messages ?? []) {
      if (m.role === "assistant" && m.status === "pending") followReply(chatId, m.id);
    }
  }, [chatId, messages.data]);

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
      if (!tree) return;
      const target = tree.siblings(message)[index];
      if (target) showBranch(queryClient, chatId, tree.newestLeafUnder(target.id)).catch((e) => showToast({ text: readable(e), tone: "error" }));
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
  }), [chatId, model, queryClient, tree]);

  // jump to a message found by search: show its branch, scroll to it, highlight it for a moment
  useEffect(() => {
    if (!messageId || !tree || !tree.get(messageId)) return;
    if (!tree.isActive(messageId)) {
      void showBranch(queryClient, chatId, tree.newestLeafUnder(messageId)).catch(() => {});
      return;
    }
    // twice: off-screen messages take their real height only once they come near the viewport
    const scroll = () => document.querySelector(`[data-message-id="${CSS.escape(messageId)}"]`)?.scrollIntoView({ block: "center" });
    scroll();
    requestAnimationFrame(() => requestAnimationFrame(scroll));
    setHighlight(messageId);
    navigate(`/c/${chatId}`, { replace: true });
  }, [chatId, messageId, queryClient, tree]);

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
      <ConversationScroller followKey={pendingReply?.id ?? null} jumpTo={messageId}>
        {messages.isPending && <p className="py-10 text-center text-sm text-neutral-500">Loading…</p>}
        {messages.isError && <p role="alert" className="py-10 text-center text-sm text-red-700">{readable(messages.error)}</p>}
        {tree && path.map((message) => {
          const versions = tree.siblings(message);
          return (
            <div key={message.id} className="message-row">
              <MessageItem message={message} versionIndex={Math.max(0, versions.indexOf(message))} versionCount={versions.length}
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

/**
 * The scrolling message column. Stays pinned to the bottom while an answer grows — unless the reader scrolled up —
 * and starts at the bottom when a chat opens.
 */
function ConversationScroller({ children, followKey, jumpTo }: { children: React.ReactNode; followKey: string | null; jumpTo: string | null }) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const jumpedAt = useRef(0);
  // a jump to a message (search) leaves the bottom, also in a short chat; the reader scrolling down pins again
  if (jumpTo) {
    pinned.current = false;
    jumpedAt.current = Date.now();
  }
  useLiveReply(followKey ?? "");

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  });

  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner) return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto [overflow-anchor:none]" data-testid="conversation"
      onScroll={(e) => {
        if (Date.now() - jumpedAt.current < 1000) return; // the jump's own scrolling
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}>
      <div ref={content} className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
        {children}
      </div>
    </div>
  );
}
