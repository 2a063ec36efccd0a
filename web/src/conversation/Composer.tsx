import { useEffect, useRef, useState, type ClipboardEvent } from "react";
import { AttachmentChips } from "../attachments/AttachmentChips";
import type { AttachmentDraft } from "../attachments/useAttachmentDraft";
import { ModelPicker } from "../models/ModelPicker";
import { PaperclipIcon, SendIcon, StopIcon } from "../ui/icons";

const MAX_LENGTH = 100_000;

interface ComposerProps {
  model: string | null;
  onModelChange: (model: string) => void;
  /** Answers false when the message was not accepted (the text and the files then stay). */
  onSend: (text: string, attachmentIds: string[]) => Promise<boolean>;
  /** The files attached to the message (attach button, paste; a drop on the view adds to it too). */
  attachments?: AttachmentDraft;
  streaming: boolean;
  onStop: () => void;
  placeholder?: string;
}

/** Focuses the composer from anywhere (keyboard shortcut). */
export function focusComposer() {
  document.getElementById("composer-input")?.focus();
}

/**
 * The files a paste carries, if it is a paste of files (a screenshot, an image copied from a page) rather than of
 * text: a spreadsheet's cells come with a picture of themselves too, and then the text is what is meant.
 */
export function pastedFiles(data: DataTransfer | null): File[] {
  if (!data || data.files.length === 0 || data.getData("text/plain")) return [];
  return Array.from(data.files);
}

/**
 * Multi-line input: Enter sends, Shift+Enter starts a new line; the model picker sits below the text. Files are
 * attached with the button or by pasting an image; they show as chips above the text.
 */
export function Composer({ model, onModelChange, onSend, streaming, onStop, attachments, placeholder = "Type your message here…" }: ComposerProps) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 320)}px`;
  }, [text]);

  const blocked = attachments?.blocker ?? null;
  const canSend = text.trim().length > 0 && !sending && !streaming && !blocked;

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    const accepted = await onSend(text, attachments?.attachmentIds ?? []);
    setSending(false);
    if (accepted) {
      setText("");
      attachments?.clear();
    }
    input.current?.focus();
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    if (!attachments) return;
    const files = pastedFiles(event.clipboardData);
    if (files.length === 0) return;
    event.preventDefault();
    attachments.add(files);
  };

  return (
    <form className="mx-auto w-full max-w-3xl px-3 pb-3 sm:px-4" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <div className="rounded-2xl border border-neutral-200 bg-white shadow-sm focus-within:border-accent dark:border-neutral-700 dark:bg-neutral-900">
        {attachments && <AttachmentChips draft={attachments} />}
        <textarea
          id="composer-input"
          ref={input}
          value={text}
          rows={1}
          maxLength={MAX_LENGTH}
          autoFocus
          aria-label="Message"
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          onPaste={onPaste}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
          className="block max-h-80 w-full resize-none bg-transparent px-4 pt-3 pb-1 text-[15px] outline-none placeholder:text-neutral-400"
        />
        <div className="flex items-center justify-between gap-2 px-2 pb-2">
          <div className="flex min-w-0 items-center gap-1">
            {attachments && (
              <>
                <button type="button" onClick={() => picker.current?.click()} aria-label="Attach files" title="Attach files"
                  className="inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-xl text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900 dark:text-neutral-400 dark:hover:bg-neutral-800 dark:hover:text-neutral-100">
                  <PaperclipIcon />
                </button>
                <input ref={picker} type="file" multiple hidden data-testid="file-picker"
                  onChange={(e) => {
                    attachments.add(Array.from(e.currentTarget.files ?? []));
                    e.currentTarget.value = "";
                  }} />
              </>
            )}
            <ModelPicker value={model} onChange={onModelChange} />
          </div>
          {streaming ? (
            <button type="button" onClick={onStop} aria-label="Stop (Esc)" title="Stop (Esc)"
              className="inline-flex h-9 w-9 items-center justify-center rounded-xl bg-neutral-900 text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900">
              <StopIcon />
            </button>
          ) : (
            <button type="submit" disabled={!canSend} aria-label="Send" title={blocked ?? "Send (Enter)"}
              className="inline-flex h-9 w-9 items-center justify-center rounded-xl bg-accent text-white hover:bg-accent-strong disabled:opacity-40">
              <SendIcon />
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
