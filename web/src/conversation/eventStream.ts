import { createParser, type EventSourceParser } from "eventsource-parser";

/** One server-sent event. */
export interface ServerEvent {
  event: string;
  data: string;
  id: string | null;
}

/**
 * The events of a `text/event-stream` body (fetch-based, so the bearer token and `Last-Event-ID` travel with the
 * request), one at a time: a caller can take the first (a POST's `posted`) and hand the rest of the same body to
 * another reader. Comments (heartbeats) are skipped; it ends when the server closes the stream, and ending the
 * iteration early cancels the body.
 */
export async function* events(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const ready: ServerEvent[] = [];
  const parser = eventParser((e) => ready.push(e));
  try {
    for (;;) {
      while (ready.length > 0) yield ready.shift()!;
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    while (ready.length > 0) yield ready.shift()!;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * The event-stream format (`eventsource-parser`: lines split anywhere, LF/CRLF/CR, comments skipped); an event keeps
 * only the id it carries itself (the reply's sequence number), so a heartbeat never moves `Last-Event-ID`.
 */
export function eventParser(onEvent: (event: ServerEvent) => void): EventSourceParser {
  return createParser({
    onEvent: (e) => onEvent({ event: e.event ?? "message", data: e.data, id: e.id ?? null }),
  });
}
