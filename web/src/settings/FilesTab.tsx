import { useEffect, useRef, useState } from "react";
import { useMutation, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { Attachment, AttachmentUsage, Chat, Page } from "../api/types";
import { navigate } from "../app/router";
import { deleteAttachment, useAttachmentList, useAttachmentUsage } from "../attachments/attachmentQueries";
import { saveFile } from "../attachments/blobs";
import { failureLabel, formatBytes, isImage, kindOf, pagesLabel, processingLabel } from "../attachments/format";
import { chatKeys } from "../chats/chatQueries";
import { Button } from "../ui/Button";
import { showToast } from "../ui/toasts";
import { DownloadIcon, FileIcon, FilesIcon, Spinner, TrashIcon } from "../ui/icons";
import { formatDateTime, formatInteger, formatRelative } from "./format";
import { ConfirmRemoval, InlineError, LoadError, SectionSkeleton, Skeleton, readable } from "./SettingsSection";

/** Settings → Files: the storage used against the quota, and every file with its state, its chat and a delete. */
export function FilesTab() {
  const files = useAttachmentList();
  const usage = useAttachmentUsage();
  const items = files.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="space-y-4">
      <p className="text-sm text-neutral-600 dark:text-neutral-400">
        The files you attached to your messages. Deleting one removes it, its preview and what was read from it; the
        messages that carried it show it as deleted.
      </p>
      <StorageUsage usage={usage.data} error={usage.error} pending={usage.isPending} />
      {files.isPending ? (
        <SectionSkeleton label="Loading your files" lines={4} />
      ) : !files.data ? (
        <LoadError what="your files" error={files.error} onRetry={() => void files.refetch()} />
      ) : items.length === 0 ? (
        <EmptyFiles />
      ) : (
        <>
          <ul data-testid="file-list"
            className="divide-y divide-neutral-200 overflow-hidden rounded-xl border border-neutral-200 dark:divide-neutral-800 dark:border-neutral-800">
            {items.map((file) => <FileRow key={file.id} file={file} />)}
          </ul>
          {files.hasNextPage && (
            <div className="flex justify-center">
              <Button onClick={() => void files.fetchNextPage()} disabled={files.isFetchingNextPage}>
                {files.isFetchingNextPage ? <><Spinner /> Loading…</> : "Show more files"}
              </Button>
            </div>
          )}
          {files.isFetchNextPageError && <InlineError>{readable(files.error)}</InlineError>}
        </>
      )}
    </div>
  );
}

function StorageUsage({ usage, error, pending }: { usage: AttachmentUsage | undefined; error: unknown; pending: boolean }) {
  if (pending) {
    return (
      <div role="status" aria-label="Loading your storage" className="rounded-xl border border-neutral-200 p-4 dark:border-neutral-800">
        <Skeleton className="h-4 w-48" />
        <Skeleton className="mt-3 h-2 w-full" />
      </div>
    );
  }
  if (!usage) return <LoadError what="your storage" error={error} />;
  const share = usage.quotaBytes > 0 ? Math.min(1, usage.usedBytes / usage.quotaBytes) : 0;
  const full = share >= 0.9 || (usage.quotaFiles > 0 && usage.usedFiles >= usage.quotaFiles * 0.9);
  return (
    <section aria-labelledby="storage-heading" data-testid="storage-usage"
      className="rounded-xl border border-neutral-200 bg-white p-4 dark:border-neutral-800 dark:bg-neutral-900/40">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="storage-heading" className="text-sm font-semibold">Storage</h2>
        <p className="text-sm tabular-nums text-neutral-600 dark:text-neutral-400">
          <span className="font-semibold text-neutral-900 dark:text-neutral-100">{formatBytes(usage.usedBytes)}</span> of{" "}
          {formatBytes(usage.quotaBytes)} · {formatInteger(usage.usedFiles)} of {formatInteger(usage.quotaFiles)} files
        </p>
      </div>
      <div role="meter" aria-label="Storage used" aria-valuemin={0} aria-valuemax={usage.quotaBytes} aria-valuenow={usage.usedBytes}
        aria-valuetext={`${formatBytes(usage.usedBytes)} of ${formatBytes(usage.quotaBytes)}`}
        className="mt-2.5 h-2 overflow-hidden rounded-full bg-neutral-100 dark:bg-neutral-800">
        <div className={`h-full rounded-full ${full ? "bg-red-600" : "bg-accent"}`} style={{ width: `${Math.max(share * 100, usage.usedBytes > 0 ? 1 : 0)}%` }} />
      </div>
      {full && <p className="mt-2 text-xs text-red-700 dark:text-red-300">Almost full: delete files you no longer need to attach new ones.</p>}
    </section>
  );
}

/** The chat's title where the sidebar already knows it. */
function chatTitle(queryClient: QueryClient, chatId: string): string | null {
  const one = queryClient.getQueryData<Chat>(chatKeys.chat(chatId));
  if (one) return one.title ?? "New chat";
  for (const [, data] of queryClient.getQueriesData<InfiniteData<Page<Chat>>>({ queryKey: chatKeys.lists() })) {
    const chat = data?.pages.flatMap((page) => page.items).find((c) => c.id === chatId);
    if (chat) return chat.title ?? "New chat";
  }
  return null;
}

function StatusBadge({ file }: { file: Attachment }) {
  const tone = {
    uploaded: "bg-neutral-100 text-neutral-700 dark:bg-neutral-800 dark:text-neutral-300",
    processing: "bg-amber-50 text-amber-900 dark:bg-amber-950/50 dark:text-amber-200",
    ready: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-300",
    failed: "bg-red-50 text-red-800 dark:bg-red-950/50 dark:text-red-300",
  }[file.status];
  const label = {
    uploaded: "Waiting",
    processing: `Processing · ${processingLabel(file)}`,
    ready: ["Ready", isImage(file.mediaType) ? null : pagesLabel(file.pages)].filter(Boolean).join(" · "),
    failed: "Failed",
  }[file.status];
  return <span data-testid="file-status" data-status={file.status} className={`rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tone}`}>{label}</span>;
}

function FileRow({ file }: { file: Attachment }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (!confirming && returnFocus.current) deleteButton.current?.focus();
    returnFocus.current = confirming;
  }, [confirming]);
  const remove = useMutation({ mutationFn: () => deleteAttachment(queryClient, file.id) });
  const title = file.chatId ? chatTitle(queryClient, file.chatId) : null;

  return (
    <li data-testid="file-row" data-name={file.name} className="bg-white p-4 dark:bg-neutral-900/40">
      <div className="flex items-start gap-3">
        <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent dark:bg-neutral-800 dark:text-pink-300">
          <FileIcon />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <h3 className="min-w-0 truncate font-medium" title={file.name}>{file.name}</h3>
            <StatusBadge file={file} />
          </div>
          <p className="mt-0.5 text-sm text-neutral-500 dark:text-neutral-400">
            {kindOf(file.mediaType)} · {formatBytes(file.size)} ·{" "}
            <time dateTime={file.createdAt} title={formatDateTime(file.createdAt)}>{formatRelative(file.createdAt)}</time>
            {file.chatId && (
              <>
                {" · in "}
                <a href={`/c/${file.chatId}`} className="text-accent hover:underline"
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
                    e.preventDefault();
                    navigate(`/c/${file.chatId}`);
                  }}>
                  {title ?? "its chat"}
                </a>
              </>
            )}
          </p>
          {file.status === "failed" && <p className="mt-1 text-sm text-red-700 dark:text-red-300">{failureLabel(file)}</p>}
          {file.status === "ready" && file.note && <p className="mt-1 text-sm text-neutral-600 dark:text-neutral-400">{file.note}</p>}
        </div>
        {!confirming && (
          <div className="flex shrink-0 gap-1">
            <Button variant="ghost" aria-label={`Download ${file.name}`} title="Download"
              onClick={() => void saveFile(file.contentUrl, file.name).catch((error) => showToast({ text: readable(error), tone: "error" }))}>
              <DownloadIcon />
            </Button>
            <Button ref={deleteButton} variant="ghost" aria-label={`Delete ${file.name}`} title="Delete"
              onClick={() => { remove.reset(); setConfirming(true); }}
              className="text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950/40">
              <TrashIcon />
            </Button>
          </div>
        )}
      </div>
      {confirming && (
        <ConfirmRemoval label={`Delete ${file.name}`} action="Delete file" pendingAction="Deleting…" className="mt-3"
          pending={remove.isPending} error={remove.isError ? remove.error : null}
          onCancel={() => setConfirming(false)} onConfirm={() => remove.mutate()}>
          Delete “{file.name}”? The file and what was read from it are removed for good; messages that carry it show it as
          deleted.
        </ConfirmRemoval>
      )}
    </li>
  );
}

function EmptyFiles() {
  return (
    <div data-testid="files-empty" className="flex flex-col items-center rounded-xl border border-dashed border-neutral-300 px-6 py-10 text-center dark:border-neutral-700">
      <span className="mb-3 flex h-10 w-10 items-center justify-center rounded-full bg-accent-soft text-accent dark:bg-neutral-800 dark:text-pink-300">
        <FilesIcon />
      </span>
      <p className="font-medium">No files yet</p>
      <p className="mt-1 max-w-sm text-sm text-neutral-600 dark:text-neutral-400">
        Attach PDFs, images, Word documents, text or code to a message: with the paperclip, by dropping them on the chat
        or by pasting an image. They are listed here.
      </p>
    </div>
  );
}
