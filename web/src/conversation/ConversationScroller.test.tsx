import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { ConversationScroller } from "./ConversationScroller";

const ROW = 250;

/**
 * jsdom has no layout: the scroller's geometry is played by hand, each row ROW px high (or as `heights` says), the
 * scroller's top edge at 0.
 */
function geometry(el: HTMLElement, box: { clientHeight: number; scrollTop: number }, heights: Record<string, number> = {}, lead = 0) {
  const rows = () => [...el.querySelectorAll<HTMLElement>("[data-row]")];
  const height = (row: HTMLElement) => heights[row.dataset.row!] ?? ROW;
  Object.defineProperty(el, "scrollHeight", { configurable: true, get: () => rows().reduce((sum, row) => sum + height(row), lead) });
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (this: HTMLElement) {
    let top = lead;
    if (this.dataset.row) {
      for (const row of rows()) {
        if (row === this) break;
        top += height(row);
      }
      top -= box.scrollTop;
    }
    if (!this.dataset.row) top = 0;
    const h = this.dataset.row ? height(this) : box.clientHeight;
    return { top, bottom: top + h, height: h, left: 0, right: 0, width: 0, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
  });
  Object.defineProperty(el, "clientHeight", { configurable: true, get: () => box.clientHeight });
  Object.defineProperty(el, "scrollTop", { configurable: true, get: () => box.scrollTop, set: (v: number) => { box.scrollTop = v; } });
  return box;
}

let seen: ((entries: { isIntersecting: boolean }[]) => void)[] = [];
let margins: (string | undefined)[] = [];
let resized: (() => void)[] = [];

beforeEach(() => {
  seen = [];
  margins = [];
  resized = [];
  vi.stubGlobal("ResizeObserver", class {
    constructor(callback: () => void) {
      resized.push(callback);
    }
    observe() {}
    disconnect() {}
  });
  vi.stubGlobal("IntersectionObserver", class {
    constructor(callback: (entries: { isIntersecting: boolean }[]) => void, options?: IntersectionObserverInit) {
      seen.push(callback);
      margins.push(options?.rootMargin);
    }
    observe() {}
    disconnect() {}
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function rows(ids: string[]) {
  return ids.map((id) => <div key={id} data-row={id}>{id}</div>);
}

describe("ConversationScroller", () => {
  it("asks for older messages when the top comes within reach", () => {
    const loadOlder = vi.fn();
    render(<ConversationScroller followKey={null} jumpTo={null} oldestId="m5" older loadingOlder={false} loadOlder={loadOlder}>{rows(["m5"])}</ConversationScroller>);
    expect(margins.at(-1)).toBe("800px 0px 0px 0px");
    seen.at(-1)!([{ isIntersecting: false }]);
    expect(loadOlder).not.toHaveBeenCalled();
    seen.at(-1)!([{ isIntersecting: true }]);
    expect(loadOlder).toHaveBeenCalledTimes(1);
  });

  it("keeps the reader's place when older messages go in above, and when rows above take their real height", () => {
    const props = { followKey: null, jumpTo: null, older: true, loadingOlder: false, loadOlder: () => {} };
    const heights: Record<string, number> = {};
    const { rerender } = render(<ConversationScroller {...props} oldestId="m5">{rows(["m5", "m6", "m7"])}</ConversationScroller>);
    // 40 px of sentinel, then three rows; the reader is at the top: m5 40 px below the edge
    const el = screen.getByTestId("conversation");
    const box = geometry(el, { clientHeight: 400, scrollTop: 0 }, heights, 40);
    fireEvent.scroll(el);

    // two older rows come in above: m5 stays where the reader saw it
    rerender(<ConversationScroller {...props} oldestId="m1">{rows(["m1", "m2", "m5", "m6", "m7"])}</ConversationScroller>);
    expect(box.scrollTop).toBe(2 * ROW);
    fireEvent.scroll(el); // the browser tells of that scroll: not the reader's, m5 stays the row to keep (not m2)

    // a row above turns out 90 px shorter once laid out (content-visibility): still no jump
    heights.m2 = ROW - 90;
    resized.forEach((callback) => callback());
    expect(box.scrollTop).toBe(2 * ROW - 90);
  });

  it("stays at the bottom when pinned there, also when older messages come in", () => {
    const props = { followKey: null, jumpTo: null, older: true, loadingOlder: false, loadOlder: () => {} };
    const { rerender } = render(<ConversationScroller {...props} oldestId="m5">{rows(["m5"])}</ConversationScroller>);
    const box = geometry(screen.getByTestId("conversation"), { clientHeight: 200, scrollTop: 50 });
    fireEvent.scroll(screen.getByTestId("conversation")); // 250 − 50 − 200 = 0 px from the bottom: pinned

    rerender(<ConversationScroller {...props} oldestId="m1">{rows(["m1", "m5"])}</ConversationScroller>);

    expect(box.scrollTop).toBe(2 * ROW);
  });

  it("shows no top sentinel once the first message is loaded", () => {
    render(<ConversationScroller followKey={null} jumpTo={null} oldestId="m1" older={false} loadingOlder={false} loadOlder={() => {}}>{rows(["m1"])}</ConversationScroller>);
    expect(screen.queryByTestId("older-messages")).toBeNull();
    expect(seen).toHaveLength(0);
  });
});
