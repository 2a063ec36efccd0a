import { useState } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/http";
import { ApiError } from "../api/problem";
import type { Chat, Message, Share } from "../api/types";
import { Button } from "../ui/Button";
import { CloseIcon } from "../ui/icons";

/** Share links of a chat: create one (a frozen snapshot up to the last message), copy it, revoke it. */
export function ShareDialog({ chat, open, onOpenChange, lastMessage }: {
  chat: Chat; open: boolean; onOpenChange: (open: boolean) => void; lastMessage: Message | undefined;
}) {
  const queryClient = useQueryClient();
  const key = ["chats", "shares", chat.id];
  const shares = useQuery({ queryKey: key, queryFn: () => api<Share[]>(`/api/chats/${chat.id}/shares`), enabled: open });
  const [copied, setCopied] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api<Share>(`/api/chats/${chat.id}/shares`, { method: "POST", body: lastMessage ? { messageId: lastMessage.id } : {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const revoke = useMutation({
    mutationFn: (token: string) => api(`/api/shares/${token}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const error = create.error ?? revoke.error;

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-2xl bg-white p-5 shadow-xl dark:bg-neutral-900">
          <div className="flex items-start justify-between gap-4">
            <div>
              <Dialog.Title className="text-lg font-semibold">Share “{chat.title ?? "New chat"}”</Dialog.Title>
              <Dialog.Description className="mt-1 text-sm text-neutral-600 dark:text-neutral-400">
                Anyone with the link can read the conversation as it is now, without signing in. Later messages are not shared.
              </Dialog.Description>
            </div>
            <Dialog.Close asChild>
              <button type="button" aria-label="Close" className="rounded p-1 hover:bg-neutral-100 dark:hover:bg-neutral-800"><CloseIcon /></button>
            </Dialog.Close>
          </div>
          <Button variant="primary" className="mt-4" disabled={create.isPending || !lastMessage} onClick={() => create.mutate()}>
            {create.isPending ? "Creating…" : "Create link"}
          </Button>
          {error && <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">{error instanceof ApiError ? error.readable : "That did not work."}</p>}
          <ul className="mt-4 space-y-2" data-testid="share-links">
            {shares.data?.map((share) => (
              <li key={share.token} className="flex items-center gap-2 rounded-lg border border-neutral-200 p-2 dark:border-neutral-700">
                <input readOnly value={share.url} aria-label="Share link" onFocus={(e) => e.currentTarget.select()}
                  className="min-w-0 flex-1 bg-transparent px-1 font-mono text-xs outline-none" />
                <Button onClick={() => void navigator.clipboard?.writeText(share.url).then(() => setCopied(share.token))}>
                  {copied === share.token ? "Copied" : "Copy"}
                </Button>
                <Button variant="ghost" className="text-red-700 dark:text-red-400" disabled={revoke.isPending} onClick={() => revoke.mutate(share.token)}>
                  Revoke
                </Button>
              </li>
            ))}
            {shares.data?.length === 0 && <li className="text-sm text-neutral-500">No links yet.</li>}
          </ul>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
