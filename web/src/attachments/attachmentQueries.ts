import { useInfiniteQuery, useQuery, type InfiniteData, type Query, type QueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { ApiError } from "../api/problem";
import type { Attachment, AttachmentUsage, Page } from "../api/types";
import { uploadFile } from "../api/upload";

export const attachmentKeys = {
  all: ["attachments"] as const,
  lists: () => ["attachments", "list"] as const,
  one: (id: string) => ["attachments", "one", id] as const,
  usage: () => ["attachments", "usage"] as const,
};

/** Whether a file has reached its end state (nothing more will change by itself). */
export function isSettled(attachment: Pick<Attachment, "status"> | undefined): boolean {
  return attachment?.status === "ready" || attachment?.status === "failed";
}

/**
 * How long to wait before asking again about a file still being processed: soon after the upload, then less
 * and less often (1 s, 1.5 s, 2.25 s … at most 5 s), so a long OCR job costs a request every few seconds.
 */
export function pollDelay(polls: number): number {
  return Math.min(1000 * 1.5 ** Math.max(0, polls - 1), 5000);
}

function refetchInterval(query: Query<Attachment, Error>): number | false {
  if (isGone(query.state.error) || isSettled(query.state.data)) return false;
  // could not ask (the connection, the service): keep asking, slowly
  return query.state.status === "error" ? 5000 : pollDelay(query.state.dataUpdateCount);
}

/** Gone: deleted (or never the caller's). */
export function isGone(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** One file's state; asked again with backoff until it is ready or failed. */
export function attachmentQuery(id: string) {
  return {
    queryKey: attachmentKeys.one(id),
    queryFn: ({ signal }: { signal: AbortSignal }) => api<Attachment>(`/api/attachments/${id}`, { signal }),
    refetchInterval,
    staleTime: 5_000,
    retry: (failures: number, error: Error) => !isGone(error) && failures < 2,
  };
}

export function useAttachment(id: string, enabled = true) {
  return useQuery({ ...attachmentQuery(id), enabled });
}

/** Every file of the caller, newest first, a page at a time (Settings → Files). */
export function useAttachmentList() {
  return useInfiniteQuery({
    queryKey: attachmentKeys.lists(),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Attachment>>(`/api/attachments?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useAttachmentUsage() {
  return useQuery({ queryKey: attachmentKeys.usage(), queryFn: () => api<AttachmentUsage>("/api/attachments/usage") });
}

/** Uploads a file (into a chat, when it has one); the answer (status `uploaded`) starts its cached state. */
export async function uploadAttachment(queryClient: QueryClient, file: File, options: {
  chatId: string | null;
  onProgress: (loaded: number, total: number) => void;
  signal: AbortSignal;
}): Promise<Attachment> {
  const path = options.chatId ? `/api/attachments?chatId=${encodeURIComponent(options.chatId)}` : "/api/attachments";
  const attachment = await uploadFile<Attachment>(path, file, { onProgress: options.onProgress, signal: options.signal });
  queryClient.setQueryData(attachmentKeys.one(attachment.id), attachment);
  void queryClient.invalidateQueries({ queryKey: attachmentKeys.lists() });
  void queryClient.invalidateQueries({ queryKey: attachmentKeys.usage() });
  return attachment;
}

/** Deletes a file; it leaves the lists at once, and the usage is counted again. Already gone counts as done. */
export async function deleteAttachment(queryClient: QueryClient, id: string): Promise<void> {
  try {
    await api<void>(`/api/attachments/${id}`, { method: "DELETE" });
  } catch (error) {
    if (!isGone(error)) throw error;
  }
  queryClient.setQueriesData<InfiniteData<Page<Attachment>>>({ queryKey: attachmentKeys.lists() }, (data) =>
    data && { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((a) => a.id !== id) })) },
  );
  // a message still showing it asks again and learns it is gone
  void queryClient.invalidateQueries({ queryKey: attachmentKeys.one(id) });
  void queryClient.invalidateQueries({ queryKey: attachmentKeys.usage() });
}
