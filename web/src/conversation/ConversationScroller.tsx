import { useEffect, useLayoutEffect, useRef } from "react";
import { useLiveReply } from "./replyStreams";

/**
 * The scrolling message column. Stays pinned to the bottom while an answer grows — unless the reader scrolled up —
 * and starts at the bottom when a chat opens. Older messages are read before the reader reaches the top (a sentinel
 * 800 px ahead), and the reader keeps their place when they are put in above (`overflow-anchor` is off, so this
 * is done by hand: the distance from the bottom is kept).
 */
export function ConversationScroller({ children, followKey, jumpTo, oldestId, older, loadingOlder, loadOlder }: {
  children: React.ReactNode;
  followKey: string | null;
  jumpTo: string | null;
  /** The oldest message shown: when it changes, messages were put in above. */
  oldestId: string | null;
  older: boolean;
  loadingOlder: boolean;
  loadOlder: () => unknown;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const jumpedAt = useRef(0);
  // a jump to a message (search) leaves the bottom, also in a short chat; the reader scrolling down pins again
  if (jumpTo) {
    pinned.current = false;
    jumpedAt.current = Date.now();
  }
  useLiveReply(followKey ?? "");

  // before older messages go in above: how far the reader is from the bottom (read before React changes the DOM)
  const shownOldest = useRef(oldestId);
  const fromBottom = useRef<number | null>(null);
  if (oldestId !== shownOldest.current && scroller.current && fromBottom.current === null) {
    fromBottom.current = scroller.current.scrollHeight - scroller.current.scrollTop;
  }

  useLayoutEffect(() => {
    const el = scroller.current;
    const keep = fromBottom.current;
    fromBottom.current = null;
    shownOldest.current = oldestId;
    if (!el) return;
    if (pinned.current) el.scrollTop = el.scrollHeight;
    else if (keep !== null) el.scrollTop = el.scrollHeight - keep;
  });

  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner) return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    });
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
        if (Date.now() - jumpedAt.current < 1000) return; // the jump's own scrolling
        const el = e.currentTarget;
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
