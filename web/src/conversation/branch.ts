import type { InfiniteData } from "@tanstack/react-query";
import type { Message, MessagePage } from "../api/types";

/** Which page of the branch to read: the newest (null), older ones by cursor, or the newest down to a message. */
export type BranchParam = { cursor?: string; until?: string } | null;

/** The shown branch as the cache holds it: pages newest first, each page newest first. */
export type Branch = InfiniteData<MessagePage, BranchParam>;

/** Where a message sits among its parent's versions, from the page's `versionIndex`/`versionCount`/`siblingIds`. */
export interface Versions {
  index: number;
  count: number;
  /** Oldest first; the message alone when it has one version. */
  ids: string[];
}

export function versionsOf(message: Message): Versions {
  const ids = message.siblingIds && message.siblingIds.length > 0 ? message.siblingIds : [message.id];
  const count = Math.max(message.versionCount ?? ids.length, 1);
  const index = Math.min(Math.max(message.versionIndex ?? ids.indexOf(message.id), 0), count - 1);
  return { index, count, ids };
}

/** The loaded part of the branch, oldest first (what the chat shows). */
export function messagesOf(branch: Branch | undefined): Message[] {
  if (!branch) return [];
  const seen = new Set<string>();
  const shown: Message[] = [];
  for (let p = branch.pages.length - 1; p >= 0; p--) {
    const page = branch.pages[p].messages;
    for (let i = page.length - 1; i >= 0; i--) {
      if (seen.has(page[i].id)) continue;
      seen.add(page[i].id);
      shown.push(page[i]);
    }
  }
  return shown;
}

/** Whether older messages than those loaded exist. */
export function hasOlder(branch: Branch | undefined): boolean {
  return !!branch && branch.pages.length > 0 && branch.pages[branch.pages.length - 1].nextCursor !== null;
}

/**
 * The branch after a post or a regenerate: `added` (oldest first) hang under the first one's parent, which cuts off
 * what the branch showed below that parent (an edit or a regeneration is a new version beside it); the first added
 * message becomes the newest of its parent's versions. Without a cached branch (a chat just made) the added messages
 * are the whole branch.
 */
export function withPosted(branch: Branch | undefined, added: Message[], leafId: string): Branch {
  const addedIds = new Set(added.map((m) => m.id));
  const shown = messagesOf(branch).filter((m) => !addedIds.has(m.id));
  const parentId = added[0]?.parentId ?? null;
  const at = parentId === null ? -1 : shown.findIndex((m) => m.id === parentId);
  // the version beside which the first added message goes: the one the branch showed under the same parent
  const beside = at + 1 < shown.length && shown[at + 1].parentId === parentId ? shown[at + 1] : undefined;
  const ids = [...(beside ? versionsOf(beside).ids : []).filter((id) => id !== added[0]?.id), ...(added[0] ? [added[0].id] : [])];
  const placed = added.map((m, i) => (i === 0
    ? { ...m, versionIndex: ids.length - 1, versionCount: ids.length, siblingIds: ids.length > 1 ? ids : undefined }
    : { ...m, versionIndex: 0, versionCount: 1, siblingIds: undefined }));
  const newestFirst = [...placed].reverse();
  if (!branch || branch.pages.length === 0 || parentId === null) {
    // a new root (the first message, or the first one edited) is the whole branch
    return { pages: [{ messages: newestFirst, currentLeafId: leafId, nextCursor: null }], pageParams: [null] };
  }
  // a parent that is not loaded (should not happen: one edits what one sees): the messages go on top
  const kept = new Set((at >= 0 ? shown.slice(0, at + 1) : shown).map((m) => m.id));
  const pages = branch.pages.map((page, i) => {
    const messages = page.messages.filter((m) => kept.has(m.id));
    return i === 0 ? { ...page, messages: [...newestFirst, ...messages], currentLeafId: leafId } : { ...page, messages };
  });
  return { ...branch, pages };
}

/**
 * The branch after it changed below some message (another version shown, or a page reaching down to a search hit):
 * `newest` is the fresh newest page, read with `param`; the older pages loaded before stay where they are the same
 * (above the fresh page's oldest message), so the reader keeps their place and nothing is read twice.
 */
export function withNewest(branch: Branch | undefined, newest: MessagePage, param: BranchParam): Branch {
  const oldest = newest.messages.at(-1);
  const shown = messagesOf(branch);
  const at = oldest?.parentId ? shown.findIndex((m) => m.id === oldest.parentId) : -1;
  if (!branch || at < 0) return { pages: [newest], pageParams: [param] };
  const kept = new Set(shown.slice(0, at + 1).map((m) => m.id));
  const pages: MessagePage[] = [newest];
  const pageParams: BranchParam[] = [param];
  branch.pages.forEach((page, i) => {
    const messages = page.messages.filter((m) => kept.has(m.id));
    if (messages.length === 0) return;
    pages.push({ ...page, messages });
    pageParams.push(branch.pageParams[i] ?? null);
  });
  return { pages, pageParams };
}

/** The branch with one message changed (a reply that ended), wherever it is. */
export function withPatch(branch: Branch | undefined, messageId: string, patch: Partial<Message>): Branch | undefined {
  return branch && {
    ...branch,
    pages: branch.pages.map((page) => (page.messages.some((m) => m.id === messageId)
      ? { ...page, messages: page.messages.map((m) => (m.id === messageId ? { ...m, ...patch } : m)) }
      : page)),
  };
}
