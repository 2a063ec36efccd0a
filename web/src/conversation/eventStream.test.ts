import { describe, expect, it } from "vitest";
import { eventParser, events, type ServerEvent } from "./eventStream";

function parse(chunks: string[]): ServerEvent[] {
  const seen: ServerEvent[] = [];
  const parser = eventParser((e) => seen.push(e));
  chunks.forEach((c) => parser.feed(c));
  return seen;
}

describe("eventParser", () => {
  it("reads events split anywhere across chunks, with ids and multi-line data", () => {
    const seen = parse(["id: 1\nevent: del", "ta\ndata: {\"text\":\"He\"}\n", "\n:keep-alive\n\nid: 2\r\nevent: delta\r\ndata: a\r\ndata: b\r", "\n\r\n"]);
    expect(seen).toEqual([
      { event: "delta", data: '{"text":"He"}', id: "1" },
      { event: "delta", data: "a\nb", id: "2" },
    ]);
  });

  it("skips comments, names an unnamed event `message`, and gives an event only its own id", () => {
    const seen = parse([": stream of x\n\nid: 7\ndata: {}\n\nevent: done\ndata: {}\n\n"]);
    expect(seen).toEqual([{ event: "message", data: "{}", id: "7" }, { event: "done", data: "{}", id: null }]);
  });
});

describe("events", () => {
  it("hands the rest of a body to another reader after the first event", async () => {
    // a multi-byte character split between two network chunks still decodes
    const bytes = new TextEncoder().encode("event: posted\ndata: {}\n\nid: 1\nevent: delta\ndata: {\"text\":\"é\"}\n\n");
    const split = bytes.indexOf(0xc3) + 1;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const source = events(stream);
    expect((await source.next()).value).toMatchObject({ event: "posted" });
    const rest: ServerEvent[] = [];
    for await (const e of source) rest.push(e);
    expect(rest).toEqual([{ event: "delta", data: '{"text":"é"}', id: "1" }]);
  });

  it("cancels the body when the reader stops early", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("event: posted\ndata: {}\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const source = events(stream);
    await source.next();
    await source.return();
    expect(cancelled).toBe(true);
  });
});
