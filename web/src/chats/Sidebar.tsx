import { memo, useState } from "react";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useQueryClient } from "@tanstack/react-query";
import type { Chat } from "../api/types";
import { navigate } from "../app/router";
import { IconButton } from "../ui/Button";
import { ArchiveIcon, EditIcon, MoreIcon, PinIcon, PlusIcon, SearchIcon, SettingsIcon, TrashIcon } from "../ui/icons";
import { useChatList, useUpdateChat } from "./chatQueries";
import { deleteWithUndo, useHiddenChats } from "./deleteWithUndo";
import { groupChats } from "./groupChats";

interface SidebarProps {
  productName: string;
  activeChatId: string | null;
  userName: string;
  onSearch: () => void;
  onNavigate: () => void;
  onSignOut: () => void;
}

/** New chat, search, the chats grouped by recency (pinned first), archived chats, settings and sign out. */
export function Sidebar({ productName, activeChatId, userName, onSearch, onNavigate, onSignOut }: SidebarProps) {
  const [showArchived, setShowArchived] = useState(false);
  const list = useChatList(showArchived);
  const hidden = useHiddenChats();
  const chats = (list.data?.pages.flatMap((p) => p.items) ?? []).filter((c) => !hidden.has(c.id));
  const go = (path: string) => {
    navigate(path);
    onNavigate();
  };

  return (
    <nav aria-label="Chats" className="flex h-full flex-col bg-neutral-50 dark:bg-neutral-900">
      <div className="flex items-center justify-between px-3 pt-3 pb-2">
        <span className="text-base font-semibold tracking-tight">{productName}</span>
        <IconButton label="Search chats (Ctrl+K)" onClick={onSearch}>
          <SearchIcon />
        </IconButton>
      </div>
      <div className="px-3 pb-2">
        <button
          type="button"
          onClick={() => go("/")}
          className="flex w-full items-center justify-center gap-2 rounded-lg bg-accent px-3 py-2 text-sm font-semibold text-white hover:bg-accent-strong"
        >
          <PlusIcon /> New chat
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-2" data-testid="chat-list">
        {list.isPending && <ListSkeleton />}
        {list.isError && <p className="px-2 py-3 text-sm text-red-700 dark:text-red-300">Chats could not be loaded.</p>}
        {!list.isPending && chats.length === 0 && (
          <p className="px-2 py-3 text-sm text-neutral-500">{showArchived ? "No archived chats." : "No chats yet."}</p>
        )}
        {groupChats(chats).map((group) => (
          <section key={group.label} className="mt-3 first:mt-1">
            <h2 className="px-2 pb-1 text-xs font-medium text-accent dark:text-pink-300">{group.label}</h2>
            <ul>
              {group.chats.map((chat) => (
                <ChatItem key={chat.id} chat={chat} active={chat.id === activeChatId} onOpen={() => go(`/c/${chat.id}`)} />
              ))}
            </ul>
          </section>
        ))}
        {list.hasNextPage && (
          <button type="button" className="mt-2 w-full rounded-lg px-2 py-1.5 text-sm text-neutral-600 hover:bg-neutral-200 dark:text-neutral-400 dark:hover:bg-neutral-800"
            onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        )}
      </div>
      <div className="border-t border-neutral-200 p-2 dark:border-neutral-800">
        <button type="button" onClick={() => setShowArchived((v) => !v)} aria-pressed={showArchived}
          className="flex w-full items-center gap-2 rounded-lg px-2 py-1.5 text-sm text-neutral-700 hover:bg-neutral-200 dark:text-neutral-300 dark:hover:bg-neutral-800">
          <ArchiveIcon /> {showArchived ? "Back to chats" : "Archived chats"}
        </button>
        <button type="button" onClick={() => go("/settings")}
          className="flex w-full items-center gap-2 rounded-lg px-2 py-1.5 text-sm text-neutral-700 hover:bg-neutral-200 dark:text-neutral-300 dark:hover:bg-neutral-800">
          <SettingsIcon /> Settings
        </button>
        <div className="flex items-center justify-between px-2 pt-1 text-sm">
          <span className="truncate text-neutral-600 dark:text-neutral-400" data-testid="signed-in-user">{userName}</span>
          <button type="button" onClick={onSignOut} className="rounded px-2 py-1 text-neutral-600 hover:bg-neutral-200 dark:text-neutral-400 dark:hover:bg-neutral-800">
            Sign out
          </button>
        </div>
      </div>
    </nav>
  );
}

function ListSkeleton() {
  return (
    <div className="space-y-2 px-2 pt-2" aria-hidden="true">
      {[70, 55, 80, 60].map((w) => (
        <div key={w} className="h-4 animate-pulse rounded bg-neutral-200 dark:bg-neutral-800" style={{ width: `${w}%` }} />
      ))}
    </div>
  );
}

const ChatItem = memo(function ChatItem({ chat, active, onOpen }: { chat: Chat; active: boolean; onOpen: () => void }) {
  const update = useUpdateChat();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const title = chat.title ?? "New chat";

  if (renaming) {
    return (
      <li>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const value = new FormData(e.currentTarget).get("title")?.toString().trim();
            if (value && value !== chat.title) update.mutate({ id: chat.id, patch: { title: value } });
            setRenaming(false);
          }}
        >
          <input name="title" aria-label="Chat title" defaultValue={title} autoFocus maxLength={200}
            onBlur={(e) => e.currentTarget.form?.requestSubmit()}
            onKeyDown={(e) => e.key === "Escape" && setRenaming(false)}
            className="w-full rounded-lg border border-accent bg-white px-2 py-1.5 text-sm dark:bg-neutral-950" />
        </form>
      </li>
    );
  }

  return (
    <li className={`group relative flex items-center rounded-lg ${active ? "bg-neutral-200 dark:bg-neutral-800" : "hover:bg-neutral-200/70 dark:hover:bg-neutral-800/70"}`}>
      <a href={`/c/${chat.id}`} aria-current={active ? "page" : undefined}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey) return;
          e.preventDefault();
          onOpen();
        }}
        onDoubleClick={() => setRenaming(true)}
        className="min-w-0 flex-1 truncate px-2 py-1.5 text-sm">
        {chat.pinned && <span className="mr-1 inline-block align-[-2px] text-accent"><PinIcon /></span>}
        {title}
      </a>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <button type="button" aria-label={`Actions for ${title}`}
            className="mr-1 rounded p-1 text-neutral-500 opacity-100 hover:bg-neutral-300 focus:opacity-100 sm:opacity-0 sm:group-hover:opacity-100 data-[state=open]:opacity-100 dark:hover:bg-neutral-700">
            <MoreIcon />
          </button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={4} className="menu">
            <DropdownMenu.Item className="menu-item" onSelect={() => setRenaming(true)}>
              <EditIcon /> Rename
            </DropdownMenu.Item>
            <DropdownMenu.Item className="menu-item" onSelect={() => update.mutate({ id: chat.id, patch: { pinned: !chat.pinned } })}>
              <PinIcon /> {chat.pinned ? "Unpin" : "Pin"}
            </DropdownMenu.Item>
            <DropdownMenu.Item className="menu-item" onSelect={() => update.mutate({ id: chat.id, patch: { archived: !chat.archived } })}>
              <ArchiveIcon /> {chat.archived ? "Unarchive" : "Archive"}
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="my-1 h-px bg-neutral-200 dark:bg-neutral-700" />
            <DropdownMenu.Item className="menu-item text-red-700 dark:text-red-400"
              onSelect={() => {
                deleteWithUndo(queryClient, chat.id, title);
                if (active) navigate("/");
              }}>
              <TrashIcon /> Delete
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </li>
  );
});
