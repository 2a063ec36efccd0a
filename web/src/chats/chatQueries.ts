import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { ApiError } from "../api/problem";
import type { Chat, MessagePage, Page } from "../api/types";
import type { Branch, BranchParam } from "../conversation/branch";

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

/** How many messages a page of the branch holds: a screenful or two, so a chat opens at the same cost at any length. */
export const BRANCH_PAGE = 40;

/**
 * The shown branch, a page at a time from the newest (the chat opens at its end); older pages are read as the
 * reader scrolls up (`fetchNextPage`).
 */
export function useMessages(chatId: string) {
  return useInfiniteQuery<MessagePage, Error, Branch, ReturnType<typeof chatKeys.messages>, BranchParam>({
    queryKey: chatKeys.messages(chatId),
    queryFn: ({ pageParam, signal }) => branchPage(chatId, pageParam, signal).catch((error) => {
      // a page read down to a message no longer on the branch (another version shown since) is read as the newest
      if (pageParam?.until && error instanceof ApiError && error.status === 404) return branchPage(chatId, null, signal);
      throw error;
    }),
    initialPageParam: null as BranchParam,
    getNextPageParam: (page: MessagePage): BranchParam | undefined => (page.nextCursor ? { cursor: page.nextCursor } : undefined),
  });
}

/** One page of the branch (`404` for a page down to a message that is not on it). */
export function branchPage(chatId: string, param: BranchParam, signal?: AbortSignal): Promise<MessagePage> {
  const query = new URLSearchParams({ limit: String(BRANCH_PAGE) });
  if (param?.cursor) query.set("cursor", param.cursor);
  if (param?.until) query.set("until", param.until);
  return api<MessagePage>(`/api/chats/${chatId}/messages?${query}`, { signal });
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
