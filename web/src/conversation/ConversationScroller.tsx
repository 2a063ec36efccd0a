import { useEffect, useLayoutEffect, useRef } from "react";
import { useLiveReply } from "./replyStreams";

/** The message row the reader looks at: the first one reaching below the top edge, and how far below the edge. */
interface Anchor {
  id: string;
  offset: number;
}

/** Rows are in order top to bottom: a binary search finds the first that reaches below `top`. */
function anchorOf(el: HTMLElement): Anchor | null {
  const rows = el.querySelectorAll<HTMLElement>("[data-row]");
  const top = el.getBoundingClientRect().top;
  let low = 0;
  let high = rows.length - 1;
  let found: HTMLElement | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (rows[mid].getBoundingClientRect().bottom > top) {
      found = rows[mid];
      high = mid - 1;
    } else {
      low = mid + 1;
    }
  }
  return found ? { id: found.dataset.row!, offset: found.getBoundingClientRect().top - top } : null;
}

/** Scrolls so that the anchor's row is where the reader saw it. */
function keepAnchor(el: HTMLElement, anchor: Anchor) {
  const id = typeof CSS !== "undefined" && CSS.escape ? CSS.escape(anchor.id) : anchor.id;
  const row = el.querySelector<HTMLElement>(`[data-row="${id}"]`);
  if (!row) return;
  const moved = row.getBoundingClientRect().top - el.getBoundingClientRect().top - anchor.offset;
  if (Math.abs(moved) >= 1) el.scrollTop += moved;
}

/**
 * The scrolling message column. Stays pinned to the bottom while an answer grows — unless the reader scrolled up —
 * and starts at the bottom when a chat opens. Older messages are read before the reader reaches the top (a sentinel
 * 800 px ahead). Away from the bottom the row the reader looks at stays where it is whatever changes above it:
 * older pages put in, and rows that take their real height only near the viewport (`content-visibility: auto`,
 * late code highlighting). The browser's own `overflow-anchor` is off: it would fight the pin to the bottom.
 * Rows are the children carrying `data-row` (the message id).
 */
export function ConversationScroller({ children, followKey, jumpTo, oldestId, older, loadingOlder, loadOlder }: {
  children: React.ReactNode;
  followKey: string | null;
  jumpTo: string | null;
  /** The oldest message shown: once a page came in above, the sentinel is watched afresh. */
  oldestId: string | null;
  older: boolean;
  loadingOlder: boolean;
  loadOlder: () => unknown;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const anchor = useRef<Anchor | null>(null);
  const jumpedAt = useRef(0);
  // a jump to a message (search) leaves the bottom, also in a short chat; the reader scrolling down pins again
  if (jumpTo) {
    pinned.current = false;
    jumpedAt.current = Date.now();
  }
  useLiveReply(followKey ?? "");

  // after every render and every change of size: at the bottom when pinned, else where the reader was
  // where this component itself scrolled to: that scroll event is not the reader's and keeps the anchor (else a row
  // just put in above, still at its placeholder height, would become the anchor)
  const ownScrollTop = useRef<number | null>(null);
  const settle = useRef(() => {});
  settle.current = () => {
    const el = scroller.current;
    if (!el) return;
    const before = el.scrollTop;
    if (pinned.current) el.scrollTop = el.scrollHeight;
    else if (anchor.current) keepAnchor(el, anchor.current);
    if (el.scrollTop !== before) ownScrollTop.current = el.scrollTop;
  };

  useLayoutEffect(() => settle.current());

  useEffect(() => {
    const inner = content.current;
    if (!inner) return;
    const observer = new ResizeObserver(() => settle.current());
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);

  // made again once a page came in (oldestId): a sentinel still in reach then asks for the next one
  useEffect(() => {
    const el = scroller.current;
    const sentinel = top.current;
    if (!el || !sentinel || !older || loadingOlder || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadOlder();
    }, { root: el, rootMargin: "800px 0px 0px 0px" });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [older, loadingOlder, loadOlder, oldestId]);

  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto [overflow-anchor:none]" data-testid="conversation"
      onScroll={(e) => {
        const el = e.currentTarget;
        const own = ownScrollTop.current !== null && Math.abs(el.scrollTop - ownScrollTop.current) < 1;
        ownScrollTop.current = null;
        if (!own) anchor.current = anchorOf(el);
        if (Date.now() - jumpedAt.current < 1000) return; // the jump's own scrolling
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}>
      <div ref={content} className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
        {older && (
          <div ref={top} data-testid="older-messages" className="py-2 text-center text-sm text-neutral-500" aria-live="polite">
            {loadingOlder ? "Loading earlier messages…" : "\u00a0"}
          </div>
        )}
        {children}
      </div>
    </div>
  );
}
