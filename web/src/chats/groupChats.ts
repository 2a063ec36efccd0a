import type { Chat } from "../api/types";

export interface ChatGroup {
  label: string;
  chats: Chat[];
}

const DAY = 24 * 60 * 60 * 1000;

/** Pinned first, then by recency of the last activity: Today, Yesterday, Previous 7 days, Previous 30 days, Older. */
export function groupChats(chats: Chat[], now: Date = new Date()): ChatGroup[] {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const buckets: [string, (t: number) => boolean][] = [
    ["Today", (t) => t >= startOfToday],
    ["Yesterday", (t) => t >= startOfToday - DAY],
    ["Previous 7 days", (t) => t >= startOfToday - 7 * DAY],
    ["Previous 30 days", (t) => t >= startOfToday - 30 * DAY],
    ["Older", () => true],
  ];
  const groups: ChatGroup[] = [{ label: "Pinned", chats: chats.filter((c) => c.pinned) }];
  const rest = chats.filter((c) => !c.pinned);
  for (const [label] of buckets) groups.push({ label, chats: [] });
  for (const chat of rest) {
    const t = new Date(chat.lastActivityAt).getTime();
    const index = buckets.findIndex(([, test]) => test(t));
    groups[index + 1].chats.push(chat);
  }
  return groups.filter((g) => g.chats.length > 0);
}
