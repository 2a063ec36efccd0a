import { describe, expect, it } from "vitest";
import { EventParser, type ServerEvent } from "./eventStream";

function parse(chunks: string[]): ServerEvent[] {
  const events: ServerEvent[] = [];
  const parser = new EventParser((e) => events.push(e));
  chunks.forEach((c) => parser.push(c));
  return events;
}

describe("EventParser", () => {
  it("reads events split anywhere across chunks, with ids and multi-line data", () => {
    const events = parse(["id: 1\nevent: del", "ta\ndata: {\"text\":\"He\"}\n", "\n:keep-alive\n\nid: 2\r\nevent: delta\r\ndata: a\r\ndata: b\r", "\n\r\n"]);
    expect(events).toEqual([
      { event: "delta", data: '{"text":"He"}', id: "1" },
      { event: "delta", data: "a\nb", id: "2" },
    ]);
  });

  it("skips comments and keeps the last id for events without one", () => {
    const events = parse([": stream of x\n\nevent: done\ndata: {}\n\n"]);
    expect(events).toEqual([{ event: "done", data: "{}", id: null }]);
  });
});
