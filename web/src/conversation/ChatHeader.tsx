import type { Chat } from "../api/types";
import { IconButton } from "../ui/Button";
import { MenuIcon, ShareIcon } from "../ui/icons";

export function ChatHeader({ chat, onMenu, onShare }: { chat: Chat | undefined; onMenu: () => void; onShare?: () => void }) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-neutral-100 px-2 dark:border-neutral-900">
      <IconButton label="Open chats" className="md:hidden" onClick={onMenu}>
        <MenuIcon />
      </IconButton>
      <h1 className="min-w-0 flex-1 truncate px-2 text-sm font-medium" data-testid="chat-title">
        {chat ? chat.title ?? "New chat" : ""}
      </h1>
      {onShare && chat && (
        <IconButton label="Share chat" onClick={onShare}>
          <ShareIcon />
        </IconButton>
      )}
    </header>
  );
}
