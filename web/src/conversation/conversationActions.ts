import type { QueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
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
  body: { content: string; model: string | null; parentId?: string; root?: boolean }) {
  const posted = await api<PostedMessages>(`/api/chats/${chatId}/messages`, { method: "POST", body });
  addMessages(queryClient, chatId, [posted.userMessage, posted.assistantMessage], posted.assistantMessage.id);
  return posted;
}

export async function regenerate(queryClient: QueryClient, chatId: string, messageId: string, model: string | null) {
  const reply = await api<Message>(`/api/chats/${chatId}/messages/${messageId}/regenerate`, {
    method: "POST",
    body: model ? { model } : {},
  });
  addMessages(queryClient, chatId, [reply], reply.id);
}

export async function showBranch(queryClient: QueryClient, chatId: string, leafId: string) {
  queryClient.setQueryData<MessageTree>(chatKeys.messages(chatId), (tree) => tree && { ...tree, currentLeafId: leafId });
  await api(`/api/chats/${chatId}/leaf`, { method: "PUT", body: { messageId: leafId } });
}
