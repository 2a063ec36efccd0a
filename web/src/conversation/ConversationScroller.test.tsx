import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { ConversationScroller } from "./ConversationScroller";

const ROW = 250;

/** jsdom has no layout: the scroller's geometry is played by hand, each message row ROW px high. */
function geometry(el: HTMLElement, box: { clientHeight: number; scrollTop: number }) {
  Object.defineProperty(el, "scrollHeight", { configurable: true, get: () => el.querySelectorAll("[data-message-id]").length * ROW });
  Object.defineProperty(el, "clientHeight", { configurable: true, get: () => box.clientHeight });
  Object.defineProperty(el, "scrollTop", { configurable: true, get: () => box.scrollTop, set: (v: number) => { box.scrollTop = v; } });
  return box;
}

let seen: ((entries: { isIntersecting: boolean }[]) => void)[] = [];
let margins: (string | undefined)[] = [];

beforeEach(() => {
  seen = [];
  margins = [];
  vi.stubGlobal("ResizeObserver", class { observe() {} disconnect() {} });
  vi.stubGlobal("IntersectionObserver", class {
    constructor(callback: (entries: { isIntersecting: boolean }[]) => void, options?: IntersectionObserverInit) {
      seen.push(callback);
      margins.push(options?.rootMargin);
    }
    observe() {}
    disconnect() {}
  });
});
afterEach(() => vi.unstubAllGlobals());

function rows(ids: string[]) {
  return ids.map((id) => <div key={id} data-message-id={id}>{id}</div>);
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

  it("keeps the reader's place when older messages go in above", () => {
    const props = { followKey: null, jumpTo: null, older: true, loadingOlder: false, loadOlder: () => {} };
    const { rerender } = render(<ConversationScroller {...props} oldestId="m5">{rows(["m5", "m6"])}</ConversationScroller>);
    // two rows (500 px), 400 px seen: the reader scrolled up to the top, 100 px from the bottom would be pinned
    const box = geometry(screen.getByTestId("conversation"), { clientHeight: 400, scrollTop: 0 });
    fireEvent.scroll(screen.getByTestId("conversation"));

    // two older rows come in above: the rows the reader saw stay where they were on the screen
    rerender(<ConversationScroller {...props} oldestId="m1">{rows(["m1", "m2", "m5", "m6"])}</ConversationScroller>);

    expect(box.scrollTop).toBe(2 * ROW);
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
