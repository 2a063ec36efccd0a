import { useEffect, useState } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import type { PublicConfig } from "../auth/session";
import { signOut } from "../auth/session";
import { SearchDialog } from "../chats/SearchDialog";
import { Sidebar } from "../chats/Sidebar";
import { ChatView } from "../conversation/ChatView";
import { focusComposer } from "../conversation/Composer";
import { NewChatView } from "../conversation/NewChatView";
import { useMe } from "../models/modelQueries";
import { SettingsPage } from "../settings/SettingsPage";
import { applyTheme } from "../theme/theme";
import { Toaster } from "../ui/toasts";
import { navigate, useRoute } from "./router";

/**
 * The signed-in app: sidebar (a drawer on phones), the route's page, search, toasts and keyboard shortcuts:
 * Ctrl/Cmd+K search · Ctrl/Cmd+Shift+O new chat · Esc stop · Shift+Esc focus the composer.
 */
export function App({ config }: { config: PublicConfig }) {
  const route = useRoute();
  const me = useMe();
  const [searchOpen, setSearchOpen] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const theme = me.data?.preferences.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setSearchOpen((open) => !open);
      } else if (mod && e.shiftKey && e.key.toLowerCase() === "o") {
        e.preventDefault();
        navigate("/");
        setTimeout(focusComposer);
      } else if (e.key === "Escape" && e.shiftKey) {
        e.preventDefault();
        focusComposer();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const activeChatId = route.name === "chat" ? route.chatId : null;
  const sidebar = (
    <Sidebar productName={config.productName} activeChatId={activeChatId} userName={me.data?.displayName ?? ""}
      onSearch={() => { setDrawerOpen(false); setSearchOpen(true); }} onNavigate={() => setDrawerOpen(false)} onSignOut={signOut} />
  );

  return (
    <div className="flex h-full">
      {config.announcement && (
        <div role="status" className="fixed inset-x-0 top-0 z-30 bg-accent px-4 py-1 text-center text-xs text-white">{config.announcement}</div>
      )}
      <aside className="hidden w-64 shrink-0 border-r border-neutral-200 md:block dark:border-neutral-800">{sidebar}</aside>
      <Dialog.Root open={drawerOpen} onOpenChange={setDrawerOpen}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 md:hidden" />
          <Dialog.Content aria-describedby={undefined} className="fixed inset-y-0 left-0 z-50 w-[min(18rem,85vw)] shadow-xl md:hidden">
            <Dialog.Title className="sr-only">Chats</Dialog.Title>
            {sidebar}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
      <main className="min-w-0 flex-1">
        {route.name === "settings" && <SettingsPage tab={route.tab} />}
        {route.name === "chat" && <ChatView key={route.chatId} chatId={route.chatId} messageId={route.messageId} onMenu={() => setDrawerOpen(true)} />}
        {route.name !== "settings" && route.name !== "chat" && <NewChatView onMenu={() => setDrawerOpen(true)} />}
      </main>
      <SearchDialog open={searchOpen} onOpenChange={setSearchOpen} />
      <Toaster />
    </div>
  );
}
