import { useEffect, useState } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../api/http";
import type { Page, SearchHit } from "../api/types";
import { navigate } from "../app/router";
import { SearchIcon } from "../ui/icons";

function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Ctrl/Cmd+K: full-text search over all of one's chats; Enter or a click jumps to the matching message. */
export function SearchDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const q = useDebounced(query.trim(), 200);
  const results = useQuery({
    queryKey: ["search", q],
    queryFn: ({ signal }) => api<Page<SearchHit>>(`/api/search?q=${encodeURIComponent(q)}&limit=20`, { signal }),
    enabled: open && q.length > 0,
    placeholderData: keepPreviousData,
  });
  const hits = q ? results.data?.items ?? [] : [];

  useEffect(() => setActive(0), [q]);

  const jump = (hit: SearchHit) => {
    onOpenChange(false);
    setQuery("");
    navigate(hit.messageId ? `/c/${hit.chatId}?m=${hit.messageId}` : `/c/${hit.chatId}`);
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content aria-describedby={undefined}
          className="fixed top-[12vh] left-1/2 z-50 w-[min(40rem,calc(100vw-1.5rem))] -translate-x-1/2 overflow-hidden rounded-2xl bg-white shadow-2xl dark:bg-neutral-900">
          <Dialog.Title className="sr-only">Search chats</Dialog.Title>
          <div className="flex items-center gap-2 border-b border-neutral-200 px-4 dark:border-neutral-700">
            <SearchIcon />
            <input autoFocus value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search your chats…" aria-label="Search your chats"
              role="combobox" aria-expanded={hits.length > 0} aria-controls="search-results" aria-activedescendant={hits[active] ? `hit-${active}` : undefined}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown") { e.preventDefault(); setActive((i) => Math.min(i + 1, hits.length - 1)); }
                if (e.key === "ArrowUp") { e.preventDefault(); setActive((i) => Math.max(i - 1, 0)); }
                if (e.key === "Enter" && hits[active]) { e.preventDefault(); jump(hits[active]); }
              }}
              className="h-12 flex-1 bg-transparent text-[15px] outline-none" />
          </div>
          <ul id="search-results" role="listbox" aria-label="Search results" className="max-h-[60vh] overflow-y-auto p-1">
            {q && results.isFetching && hits.length === 0 && <li className="p-3 text-sm text-neutral-500">Searching…</li>}
            {q && results.isSuccess && hits.length === 0 && <li className="p-3 text-sm text-neutral-500">Nothing found for “{q}”.</li>}
            {results.isError && <li className="p-3 text-sm text-red-700">Search failed. Try again.</li>}
            {hits.map((hit, i) => (
              <li key={`${hit.chatId}:${hit.messageId}`} id={`hit-${i}`} role="option" aria-selected={i === active}
                onMouseEnter={() => setActive(i)} onClick={() => jump(hit)}
                className={`cursor-pointer rounded-lg px-3 py-2 ${i === active ? "bg-neutral-100 dark:bg-neutral-800" : ""}`}>
                <div className="text-sm font-medium">{hit.chatTitle ?? "New chat"}</div>
                <div className="line-clamp-2 text-sm text-neutral-600 dark:text-neutral-400">
                  {hit.messageId === null ? "Title: " : hit.role === "assistant" ? "Answer: " : ""}
                  {hit.snippet.map((part, j) =>
                    part.match ? <mark key={j} className="rounded bg-accent-soft px-0.5 text-neutral-900 dark:bg-pink-900 dark:text-white">{part.text}</mark> : <span key={j}>{part.text}</span>,
                  )}
                </div>
              </li>
            ))}
          </ul>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
