import { useState } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import type { Attachment, MessageAttachment } from "../api/types";
import { Button } from "../ui/Button";
import { showToast } from "../ui/toasts";
import { CloseIcon, DownloadIcon, FileIcon, Spinner } from "../ui/icons";
import { isGone, useAttachment } from "./attachmentQueries";
import { saveFile, useBlobUrl } from "./blobs";
import { failureLabel, formatBytes, isImage, kindOf, pagesLabel, processingLabel } from "./format";
import { ApiError } from "../api/problem";

function readable(error: unknown): string {
  return error instanceof ApiError ? error.readable : "Something went wrong.";
}

/** The files a sent message carries: images as thumbnails (opened in a lightbox), other files as chips (downloaded). */
export function MessageAttachments({ attachments }: { attachments: MessageAttachment[] | undefined }) {
  if (!attachments || attachments.length === 0) return null;
  return (
    <ul aria-label="Files" className="mb-1.5 flex max-w-[85%] flex-wrap justify-end gap-2">
      {attachments.map((a) => <SentFile key={a.id} reference={a} />)}
    </ul>
  );
}

function SentFile({ reference }: { reference: MessageAttachment }) {
  const details = useAttachment(reference.id, !reference.deleted);
  if (reference.deleted || isGone(details.error)) return <DeletedFile reference={reference} />;
  const attachment = details.data;
  if (isImage(reference.mediaType) && attachment?.hasPreview && attachment.previewUrl) {
    return <ImageThumbnail reference={reference} previewUrl={attachment.previewUrl} contentUrl={attachment.contentUrl} />;
  }
  return <FileChip reference={reference} attachment={attachment} />;
}

function DeletedFile({ reference }: { reference: MessageAttachment }) {
  return (
    <li data-testid="message-attachment" data-state="deleted" data-name={reference.name}
      className="flex max-w-60 items-center gap-2 rounded-xl border border-dashed border-neutral-300 px-3 py-2 text-sm text-neutral-500 dark:border-neutral-700">
      <FileIcon />
      <span className="min-w-0 truncate line-through" title={reference.name}>{reference.name}</span>
      <span className="shrink-0 text-xs">deleted</span>
    </li>
  );
}

/** "PDF · 12 pages · 1.2 MB", "PNG · Processing 3/12 pages", "Word · failed: …". */
function describe(reference: MessageAttachment, attachment: Attachment | undefined): string {
  const parts = [kindOf(reference.mediaType)];
  if (attachment?.status === "ready") {
    const pages = isImage(attachment.mediaType) ? null : pagesLabel(attachment.pages);
    if (pages) parts.push(pages);
  } else if (attachment?.status === "processing") {
    parts.push(processingLabel(attachment));
  } else if (attachment?.status === "uploaded") {
    parts.push("waiting to be processed");
  } else if (attachment?.status === "failed") {
    parts.push(`failed: ${failureLabel(attachment)}`);
  }
  parts.push(formatBytes(reference.size));
  return parts.join(" · ");
}

function FileChip({ reference, attachment }: { reference: MessageAttachment; attachment: Attachment | undefined }) {
  const [lightbox, setLightbox] = useState(false);
  const [saving, setSaving] = useState(false);
  const image = isImage(reference.mediaType);
  const contentUrl = attachment?.contentUrl ?? `/api/attachments/${reference.id}/content`;
  const open = () => {
    if (image) {
      setLightbox(true);
      return;
    }
    setSaving(true);
    saveFile(contentUrl, reference.name)
      .catch((error) => showToast({ text: `${reference.name} could not be downloaded: ${readable(error)}`, tone: "error" }))
      .finally(() => setSaving(false));
  };
  const description = describe(reference, attachment);
  return (
    <li data-testid="message-attachment" data-state={attachment?.status ?? "loading"} data-name={reference.name}>
      <button type="button" onClick={open} disabled={saving}
        aria-label={`${image ? "Open" : "Download"} ${reference.name}`} title={`${reference.name}\n${description}`}
        className="flex max-w-64 items-center gap-2 rounded-xl border border-neutral-200 bg-white px-2.5 py-2 text-left hover:border-accent hover:bg-accent-soft/40 disabled:opacity-60 dark:border-neutral-700 dark:bg-neutral-900 dark:hover:bg-neutral-800">
        <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent dark:bg-neutral-800 dark:text-pink-300">
          {saving ? <Spinner /> : <FileIcon />}
        </span>
        <span className="min-w-0">
          <span className="block truncate text-sm font-medium">{reference.name}</span>
          <span className="block truncate text-xs text-neutral-500 dark:text-neutral-400" data-testid="attachment-details">{description}</span>
        </span>
      </button>
      {image && <Lightbox name={reference.name} contentUrl={contentUrl} previewUrl={null} open={lightbox} onOpenChange={setLightbox} />}
    </li>
  );
}

function ImageThumbnail({ reference, previewUrl, contentUrl }: { reference: MessageAttachment; previewUrl: string; contentUrl: string }) {
  const preview = useBlobUrl(previewUrl);
  const [open, setOpen] = useState(false);
  return (
    <li data-testid="message-attachment" data-state="ready" data-name={reference.name}>
      <button type="button" onClick={() => setOpen(true)} aria-label={`Open ${reference.name}`} title={reference.name}
        className="block h-28 w-28 overflow-hidden rounded-xl border border-neutral-200 bg-neutral-100 hover:border-accent dark:border-neutral-700 dark:bg-neutral-800">
        {preview.url ? (
          <img src={preview.url} alt={reference.name} className="h-full w-full object-cover" data-testid="attachment-thumbnail" />
        ) : (
          <span className="flex h-full w-full items-center justify-center text-neutral-400">
            {preview.error ? <FileIcon /> : <Spinner />}
          </span>
        )}
      </button>
      <Lightbox name={reference.name} contentUrl={contentUrl} previewUrl={preview.url} open={open} onOpenChange={setOpen} />
    </li>
  );
}

/** The image at full size (fetched when opened; the preview meanwhile) with a download button. */
function Lightbox({ name, contentUrl, previewUrl, open, onOpenChange }: {
  name: string; contentUrl: string; previewUrl: string | null; open: boolean; onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/80" />
        <Dialog.Content aria-describedby={undefined}
          className="fixed inset-0 z-50 flex flex-col items-center justify-center gap-3 p-4 outline-none sm:p-10"
          onClick={(e) => { if (e.target === e.currentTarget) onOpenChange(false); }}>
          <LightboxImage name={name} contentUrl={contentUrl} previewUrl={previewUrl} />
          <div className="flex max-w-full items-center gap-2">
            <Dialog.Title className="min-w-0 truncate text-sm font-medium text-white">{name}</Dialog.Title>
            <Button onClick={() => void saveFile(contentUrl, name).catch((error) => showToast({ text: readable(error), tone: "error" }))}>
              <DownloadIcon /> Download
            </Button>
            <Dialog.Close asChild>
              <Button aria-label="Close"><CloseIcon /></Button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function LightboxImage({ name, contentUrl, previewUrl }: { name: string; contentUrl: string; previewUrl: string | null }) {
  const full = useBlobUrl(contentUrl);
  const src = full.url ?? previewUrl;
  if (full.error && !previewUrl) {
    return <p role="alert" className="text-sm text-white">The image could not be loaded: {readable(full.error)}</p>;
  }
  if (!src) return <span className="text-white"><Spinner /></span>;
  return <img src={src} alt={name} data-testid="lightbox-image" className="max-h-[calc(100vh-8rem)] max-w-full rounded-lg object-contain shadow-2xl" />;
}
