import { useSyncExternalStore } from "react";

/**
 * The app's few routes, on the History API (no router library: it would cost more than these lines).
 *   /                       new chat
 *   /c/{chatId}[?m={id}]    a chat, optionally scrolled to a message
 *   /settings[/{tab}]       keys, preferences, usage, files
 *   /s/{token}              a shared chat, read-only, no sign-in
 */
export type Route =
  | { name: "new" }
  | { name: "chat"; chatId: string; messageId: string | null }
  | { name: "settings"; tab: string }
  | { name: "shared"; token: string };

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split("/").filter(Boolean);
  if (parts[0] === "c" && parts[1]) {
    return { name: "chat", chatId: parts[1], messageId: new URLSearchParams(search).get("m") };
  }
  if (parts[0] === "settings") return { name: "settings", tab: parts[1] ?? "preferences" };
  if (parts[0] === "s" && parts[1]) return { name: "shared", token: parts[1] };
  return { name: "new" };
}

const listeners = new Set<() => void>();
window.addEventListener("popstate", () => listeners.forEach((l) => l()));

export function navigate(path: string, options: { replace?: boolean } = {}) {
  if (path === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot() {
  return window.location.pathname + window.location.search;
}

export function useRoute(): Route {
  const location = useSyncExternalStore(subscribe, snapshot);
  const [pathname, search = ""] = location.split("?");
  return parseRoute(pathname, search ? `?${search}` : "");
}
