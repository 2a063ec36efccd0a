import { memo, useState } from "react";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import type { Message } from "../api/types";
import { Markdown } from "../markdown/Markdown";
import { MessageAttachments } from "../attachments/MessageAttachments";
import { modelLabel, providerName } from "../models/ModelPicker";
import { useModels } from "../models/modelQueries";
import { Button } from "../ui/Button";
import { BranchIcon, CheckIcon, CopyIcon, EditIcon, RetryIcon } from "../ui/icons";
import { BranchNavigator } from "./BranchNavigator";
import { useLiveReply } from "./replyStreams";
import { isQueued, QUEUED_LABEL } from "./queued";

export interface MessageActions {
  selectVersion: (message: Message, index: number) => void;
  edit: (message: Message, content: string) => Promise<boolean>;
  regenerate: (message: Message, model: string | null) => void;
  branch: (message: Message) => void;
}

interface MessageItemProps {
  message: Message;
  versionIndex: number;
  versionCount: number;
  actions: MessageActions;
  highlighted: boolean;
  busy: boolean;
}

export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  return props.message.role === "user" ? <UserMessage {...props} /> : <AssistantMessage {...props} />;
});

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button type="button" aria-label={copied ? "Copied" : "Copy message"} title="Copy"
      onClick={() => void navigator.clipboard?.writeText(text).then(() => { setCopied(true); setTimeout(() => setCopied(false), 1500); })}
      className="message-action">
      {copied ? <CheckIcon /> : <CopyIcon />}
    </button>
  );
}

function UserMessage({ message, versionIndex, versionCount, actions, highlighted, busy }: MessageItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);

  if (editing) {
    return (
      <div className="flex justify-end" data-message-id={message.id} data-role="user">
        <form className="w-full max-w-[85%] rounded-2xl border border-accent bg-white p-2 dark:bg-neutral-900"
          onSubmit={async (e) => {
            e.preventDefault();
            if (draft.trim() && (await actions.edit(message, draft))) setEditing(false);
          }}>
          {(message.attachments?.some((a) => !a.deleted) ?? false) && (
            <p className="px-2 pt-1 text-xs text-neutral-500 dark:text-neutral-400">
              The edited message keeps its files: {message.attachments!.filter((a) => !a.deleted).map((a) => a.name).join(", ")}
            </p>
          )}
          <textarea value={draft} onChange={(e) => setDraft(e.target.value)} aria-label="Edit message" autoFocus rows={Math.min(10, draft.split("\n").length + 1)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setEditing(false);
              if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); e.currentTarget.form?.requestSubmit(); }
            }}
            className="block w-full resize-none bg-transparent p-2 text-[15px] outline-none" />
          <div className="flex justify-end gap-2">
            <Button onClick={() => { setEditing(false); setDraft(message.content); }}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={!draft.trim()}>Send</Button>
          </div>
        </form>
      </div>
    );
  }

  return (
    <div className="group flex flex-col items-end" data-message-id={message.id} data-role="user">
      <MessageAttachments attachments={message.attachments} />
      <div className={`max-w-[85%] rounded-2xl bg-accent-soft px-4 py-2.5 text-[15px] break-words whitespace-pre-wrap text-neutral-900 dark:bg-neutral-800 dark:text-neutral-100 ${highlighted ? "ring-2 ring-accent" : ""}`}>
        {message.content}
      </div>
      <div className="mt-1 flex items-center gap-1 opacity-100 transition-opacity sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100">
        <BranchNavigator index={versionIndex} count={versionCount} onSelect={(i) => actions.selectVersion(message, i)} disabled={busy} />
        <button type="button" aria-label="Edit message" title="Edit" disabled={busy} onClick={() => { setDraft(message.content); setEditing(true); }}
          className="message-action">
          <EditIcon />
        </button>
        <CopyButton text={message.content} />
      </div>
    </div>
  );
}

function AssistantMessage({ message, versionIndex, versionCount, actions, highlighted, busy }: MessageItemProps) {
  const live = useLiveReply(message.id);
  const models = useModels();
  const pending = message.status === "pending";
  const text = live?.text ?? message.content;
  const reasoning = live?.reasoning ?? message.reasoning ?? "";
  const waiting = pending && text.length === 0 && reasoning.length === 0;
  const queued = waiting && isQueued(message, live);

  return (
    <div className={`group rounded-xl ${highlighted ? "ring-2 ring-accent ring-offset-4 dark:ring-offset-neutral-950" : ""}`}
      data-message-id={message.id} data-role="assistant" data-status={pending ? "streaming" : message.status} aria-busy={pending}>
      {reasoning && (
        <details className="mb-2 rounded-lg border border-neutral-200 text-sm dark:border-neutral-800" open={pending && text.length === 0}>
          <summary className="cursor-pointer px-3 py-1.5 text-neutral-600 select-none dark:text-neutral-400">
            {pending && text.length === 0 ? "Thinking…" : "Reasoning"}
          </summary>
          <div className="border-t border-neutral-200 px-3 py-2 whitespace-pre-wrap text-neutral-600 dark:border-neutral-800 dark:text-neutral-400" data-testid="reasoning">
            {reasoning}
          </div>
        </details>
      )}
      {waiting ? (
        <div className="flex h-7 items-center gap-1" aria-label={queued ? QUEUED_LABEL : "Waiting for the answer"}>
          {[0, 150, 300].map((delay) => (
            <span key={delay} className="h-2 w-2 animate-bounce rounded-full bg-neutral-400" style={{ animationDelay: `${delay}ms` }} />
          ))}
          {queued && <span className="ml-2 text-sm text-neutral-500 dark:text-neutral-400" data-testid="queued">{QUEUED_LABEL}</span>}
        </div>
      ) : (
        <div className="min-h-7" data-testid="answer">
          <Markdown text={text} />
        </div>
      )}
      {live?.phase === "reconnecting" && <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">Connection lost, reconnecting…</p>}
      {message.notice && <p className="mt-2 rounded-lg bg-amber-50 px-3 py-1.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="notice">{message.notice}</p>}
      {message.status === "failed" && (
        <div role="alert" className="mt-2 flex flex-wrap items-center gap-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          <span className="min-w-0 flex-1">{message.error ?? "The answer failed."}</span>
          <Button onClick={() => actions.regenerate(message, message.model)} disabled={busy}>
            <RetryIcon /> Retry
          </Button>
        </div>
      )}
      {message.finishReason === "stopped" && <p className="mt-1 text-xs text-neutral-500">Stopped</p>}
      {!pending && (
        <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-neutral-500 opacity-100 transition-opacity sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100">
          <BranchNavigator index={versionIndex} count={versionCount} onSelect={(i) => actions.selectVersion(message, i)} disabled={busy} />
          <CopyButton text={message.content} />
          <DropdownMenu.Root>
            <DropdownMenu.Trigger asChild>
              <button type="button" aria-label="Regenerate" title="Regenerate" disabled={busy}
                className="message-action">
                <RetryIcon />
              </button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content align="start" sideOffset={4} className="menu max-h-80 overflow-y-auto">
                <DropdownMenu.Item className="menu-item" onSelect={() => actions.regenerate(message, message.model)}>
                  Regenerate with {modelLabel(models.data?.items, message.model)}
                </DropdownMenu.Item>
                <DropdownMenu.Separator className="my-1 h-px bg-neutral-200 dark:bg-neutral-700" />
                <DropdownMenu.Label className="px-2.5 py-1 text-xs text-neutral-500">Regenerate with another model</DropdownMenu.Label>
                {models.data?.items.filter((m) => m.id !== message.model).map((m) => (
                  <DropdownMenu.Item key={m.id} className="menu-item" disabled={!m.availability.usable} data-model-id={m.id}
                    onSelect={() => actions.regenerate(message, m.id)}>
                    <span className="flex-1">{m.displayName}</span>
                    <span className="text-xs text-neutral-500">{providerName(m.provider)}</span>
                  </DropdownMenu.Item>
                ))}
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
          <button type="button" aria-label="Branch to new chat" title="Branch to new chat" disabled={busy} onClick={() => actions.branch(message)}
            className="message-action">
            <BranchIcon />
          </button>
          {message.model && <span className="ml-1" data-testid="message-model">{modelLabel(models.data?.items, message.model)}</span>}
        </div>
      )}
    </div>
  );
}
