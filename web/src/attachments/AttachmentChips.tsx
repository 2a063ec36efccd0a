import { navigate } from "../app/router";
import { AlertIcon, CheckIcon, CloseIcon, FileIcon, RetryIcon, Spinner } from "../ui/icons";
import { useFileUrl } from "./blobs";
import type { ChipState } from "./draft";
import { formatBytes, isImage, kindOf } from "./format";
import type { AttachmentDraft, DraftItem } from "./useAttachmentDraft";

/** The files above the composer: each with its name, size, upload progress, then its processing state. */
export function AttachmentChips({ draft }: { draft: AttachmentDraft }) {
  if (draft.items.length === 0) return null;
  return (
    <div className="px-2 pt-2">
      <ul aria-label="Attached files" aria-live="polite" className="flex max-h-48 flex-wrap gap-2 overflow-y-auto">
        {draft.items.map((item) => (
          <Chip key={item.key} item={item} onRemove={() => draft.remove(item.key)} onRetry={() => draft.retry(item.key)} />
        ))}
      </ul>
      {draft.blocker && <p className="px-1 pt-1.5 text-xs text-neutral-500 dark:text-neutral-400" data-testid="send-blocker">{draft.blocker}</p>}
    </div>
  );
}

function Thumbnail({ file }: { file: File }) {
  const url = useFileUrl(isImage(file.type) ? file : null);
  if (url) return <img src={url} alt="" className="h-10 w-10 shrink-0 rounded-lg object-cover" />;
  return (
    <span className="flex h-10 w-10 shrink-0 flex-col items-center justify-center rounded-lg bg-accent-soft text-accent dark:bg-neutral-800 dark:text-pink-300">
      <FileIcon />
      <span className="mt-0.5 max-w-9 truncate text-[9px] leading-none font-semibold">{kindOf(file.type || "application/octet-stream")}</span>
    </span>
  );
}

/** The short state after the size; a reason why the file cannot be used goes on lines of its own below. */
function StateLine({ state }: { state: ChipState }) {
  switch (state.kind) {
    case "uploading":
      return <span>Uploading {state.percent}%</span>;
    case "processing":
      return <span className="inline-flex min-w-0 items-center gap-1"><Spinner /><span className="truncate">{state.label}</span></span>;
    case "ready":
      return (
        <span className="inline-flex min-w-0 items-center gap-1 text-emerald-700 dark:text-emerald-400" title={state.note ?? undefined}>
          <CheckIcon /><span className="truncate">Ready{state.pages ? ` · ${state.pages}` : ""}</span>
        </span>
      );
    case "failed":
      return <span className="text-red-700 dark:text-red-300">Failed</span>;
    case "refused":
      return <span className="text-red-700 dark:text-red-300">Not attached</span>;
    case "gone":
      return <span className="text-red-700 dark:text-red-300">Deleted</span>;
  }
}

function reasonOf(state: ChipState): string | null {
  if (state.kind === "failed") return state.reason;
  if (state.kind === "refused") return state.refusal.text;
  if (state.kind === "gone") return "This file was deleted.";
  if (state.kind === "ready") return state.note;
  return null;
}

function Chip({ item, onRemove, onRetry }: { item: DraftItem; onRemove: () => void; onRetry: () => void }) {
  const { state, file } = item;
  const bad = state.kind === "refused" || state.kind === "failed" || state.kind === "gone";
  return (
    <li data-testid="attachment-chip" data-state={state.kind} data-name={file.name}
      className={`relative flex w-60 max-w-full items-start gap-2 rounded-xl border p-2 text-left ${bad
        ? "border-red-200 bg-red-50 dark:border-red-900/60 dark:bg-red-950/30"
        : "border-neutral-200 bg-neutral-50 dark:border-neutral-700 dark:bg-neutral-800/60"}`}>
      {bad ? (
        <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-lg bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300"><AlertIcon /></span>
      ) : (
        <Thumbnail file={file} />
      )}
      <div className="min-w-0 flex-1 pr-5">
        <p className="truncate text-sm font-medium" title={file.name}>{file.name}</p>
        <p className="flex min-w-0 items-center gap-1 text-xs whitespace-nowrap text-neutral-500 dark:text-neutral-400" data-testid="chip-status">
          <span>{formatBytes(file.size)}</span><span aria-hidden="true">·</span><StateLine state={state} />
        </p>
        {reasonOf(state) && (
          <p data-testid="chip-reason" title={reasonOf(state)!}
            className={`mt-0.5 line-clamp-3 text-xs ${bad ? "text-red-800 dark:text-red-200" : "text-neutral-600 dark:text-neutral-400"}`}>
            {reasonOf(state)}
          </p>
        )}
        {state.kind === "uploading" && (
          <Bar label={`Uploading ${file.name}`} percent={state.percent} />
        )}
        {state.kind === "processing" && state.fraction != null && (
          <Bar label={`Processing ${file.name}`} percent={Math.round(state.fraction * 100)} />
        )}
        {state.kind === "refused" && (state.refusal.retryable || state.refusal.quota) && (
          <div className="mt-1 flex gap-3 text-xs font-medium">
            {state.refusal.retryable && (
              <button type="button" onClick={onRetry} className="inline-flex items-center gap-1 text-accent hover:underline">
                <RetryIcon /> Try again
              </button>
            )}
            {state.refusal.quota && (
              <a href="/settings/files" className="text-accent hover:underline"
                onClick={(e) => { e.preventDefault(); navigate("/settings/files"); }}>
                Manage files
              </a>
            )}
          </div>
        )}
      </div>
      <button type="button" onClick={onRemove} aria-label={`Remove ${file.name}`} title="Remove"
        className="absolute top-1.5 right-1.5 rounded p-0.5 text-neutral-500 hover:bg-neutral-200 hover:text-neutral-900 dark:hover:bg-neutral-700 dark:hover:text-neutral-100">
        <CloseIcon />
      </button>
    </li>
  );
}

function Bar({ label, percent }: { label: string; percent: number }) {
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}
      className="mt-1.5 h-1 overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-700">
      <div className="h-full rounded-full bg-accent transition-[width] duration-200" style={{ width: `${percent}%` }} />
    </div>
  );
}
