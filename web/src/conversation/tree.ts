import type { Message, MessageTree } from "../api/types";

/** A chat's messages as a tree: every edit and regenerate is a sibling under the same parent. */
export class ConversationTree {
  private readonly byId = new Map<string, Message>();
  private readonly children = new Map<string | null, Message[]>();

  constructor(readonly source: MessageTree) {
    for (const message of source.messages) {
      this.byId.set(message.id, message);
      const list = this.children.get(message.parentId) ?? [];
      list.push(message);
      this.children.set(message.parentId, list);
    }
    for (const list of this.children.values()) {
      list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    }
  }

  get(id: string): Message | undefined {
    return this.byId.get(id);
  }

  /** Root to the current leaf: what the chat shows. */
  activePath(): Message[] {
    return this.pathTo(this.source.currentLeafId);
  }

  pathTo(id: string | null): Message[] {
    const path: Message[] = [];
    const seen = new Set<string>();
    for (let m = id ? this.byId.get(id) : undefined; m && !seen.has(m.id); m = m.parentId ? this.byId.get(m.parentId) : undefined) {
      seen.add(m.id);
      path.push(m);
    }
    return path.reverse();
  }

  /** The versions of a message (itself included), oldest first. */
  siblings(message: Message): Message[] {
    return this.children.get(message.parentId) ?? [message];
  }

  /** Where a version leads: its newest descendant, following the newest child at each step. */
  newestLeafUnder(id: string): string {
    let current = id;
    for (;;) {
      const kids = this.children.get(current);
      if (!kids || kids.length === 0) return current;
      current = kids[kids.length - 1].id;
    }
  }

  /** Whether a message is on the branch being shown. */
  isActive(id: string): boolean {
    return this.activePath().some((m) => m.id === id);
  }
}
