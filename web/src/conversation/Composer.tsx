import { useEffect, useRef, useState } from "react";
import { ModelPicker } from "../models/ModelPicker";
import { SendIcon, StopIcon } from "../ui/icons";

const MAX_LENGTH = 100_000;

interface ComposerProps {
  model: string | null;
  onModelChange: (model: string) => void;
  /** Answers false when the message was not accepted (the text then stays in the box). */
  onSend: (text: string) => Promise<boolean>;
  streaming: boolean;
  onStop: () => void;
  placeholder?: string;
}

/** Focuses the composer from anywhere (keyboard shortcut). */
export function focusComposer() {
  document.getElementById("composer-input")?.focus();
}

/** Multi-line input: Enter sends, Shift+Enter starts a new line; the model picker sits below the text. */
export function Composer({ model, onModelChange, onSend, streaming, onStop, placeholder = "Type your message here…" }: ComposerProps) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 320)}px`;
  }, [text]);

  const canSend = text.trim().length > 0 && !sending && !streaming;

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    const accepted = await onSend(text);
    setSending(false);
    if (accepted) setText("");
    input.current?.focus();
  };

  return (
    <form className="mx-auto w-full max-w-3xl px-3 pb-3 sm:px-4" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <div className="rounded-2xl border border-neutral-200 bg-white shadow-sm focus-within:border-accent dark:border-neutral-700 dark:bg-neutral-900">
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
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
          className="block max-h-80 w-full resize-none bg-transparent px-4 pt-3 pb-1 text-[15px] outline-none placeholder:text-neutral-400"
        />
        <div className="flex items-center justify-between gap-2 px-2 pb-2">
          <ModelPicker value={model} onChange={onModelChange} />
          {streaming ? (
            <button type="button" onClick={onStop} aria-label="Stop (Esc)" title="Stop (Esc)"
              className="inline-flex h-9 w-9 items-center justify-center rounded-xl bg-neutral-900 text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900">
              <StopIcon />
            </button>
          ) : (
            <button type="submit" disabled={!canSend} aria-label="Send" title="Send (Enter)"
              className="inline-flex h-9 w-9 items-center justify-center rounded-xl bg-accent text-white hover:bg-accent-strong disabled:opacity-40">
              <SendIcon />
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
