import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import type { Chat, MessageTree, Page } from "../api/types";

export const chatKeys = {
  all: ["chats"] as const,
  lists: () => ["chats", "list"] as const,
  list: (archived: boolean) => ["chats", "list", { archived }] as const,
  chat: (id: string) => ["chats", "one", id] as const,
  messages: (id: string) => ["chats", "messages", id] as const,
};

/** The sidebar's chats, newest activity first, a page at a time. */
export function useChatList(archived: boolean) {
  return useInfiniteQuery({
    queryKey: chatKeys.list(archived),
    queryFn: ({ pageParam }) =>
      api<Page<Chat>>(`/api/chats?limit=50&archived=${archived}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useChat(id: string) {
  return useQuery({ queryKey: chatKeys.chat(id), queryFn: () => api<Chat>(`/api/chats/${id}`) });
}

export function useMessages(chatId: string) {
  return useQuery({ queryKey: chatKeys.messages(chatId), queryFn: () => api<MessageTree>(`/api/chats/${chatId}/messages?view=tree`) });
}

type ChatPatch = Partial<Pick<Chat, "title" | "pinned" | "archived" | "model" | "fallbackModel">>;

/** Rename, pin, archive or change the model: the sidebar and the chat show it at once. */
export function useUpdateChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ChatPatch }) =>
      api<Chat>(`/api/chats/${id}`, { method: "PATCH", body: patch }),
    onMutate: ({ id, patch }) => {
      queryClient.setQueryData<Chat>(chatKeys.chat(id), (chat) => chat && { ...chat, ...patch });
      editChatLists(queryClient, (items) => items.map((chat) => (chat.id === id ? { ...chat, ...patch } : chat)));
    },
    onSuccess: (chat) => queryClient.setQueryData(chatKeys.chat(chat.id), chat),
    onSettled: (_data, _error, { patch }) => {
      if ("archived" in patch || "pinned" in patch || "title" in patch) {
        void queryClient.invalidateQueries({ queryKey: chatKeys.lists() });
      }
    },
  });
}

/** Changes every cached page of the sidebar's lists at once (no refetch). */
export function editChatLists(queryClient: QueryClient, edit: (items: Chat[]) => Chat[]) {
  queryClient.setQueriesData<InfiniteData<Page<Chat>>>({ queryKey: chatKeys.lists() }, (data) =>
    data && { ...data, pages: data.pages.map((page) => ({ ...page, items: edit(page.items) })) },
  );
}

/** Puts a chat into the sidebar's first page without waiting for a refetch. */
export function addToLists(queryClient: QueryClient, chat: Chat) {
  queryClient.setQueryData(chatKeys.chat(chat.id), chat);
  queryClient.setQueryData<InfiniteData<Page<Chat>>>(chatKeys.list(false), (data) =>
    data && {
      ...data,
      pages: data.pages.map((page, i) => (i === 0 ? { ...page, items: [chat, ...page.items.filter((c) => c.id !== chat.id)] } : page)),
    },
  );
}
