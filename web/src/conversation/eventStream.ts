/** One server-sent event. */
export interface ServerEvent {
  event: string;
  data: string;
  id: string | null;
}

/**
 * Reads a `text/event-stream` body (fetch-based, so the bearer token and `Last-Event-ID` travel with the
 * request) and calls `onEvent` for each complete event. Comments (heartbeats) are skipped. Resolves when the
 * server closes the stream.
 */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: ServerEvent) => void) {
  for await (const event of events(body)) onEvent(event);
}

/**
 * The events of a `text/event-stream` body, one at a time: a caller can take the first (a POST's `posted`) and hand
 * the rest of the same body to another reader. Ending the iteration early cancels the body.
 */
export async function* events(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const ready: ServerEvent[] = [];
  const parser = new EventParser((e) => ready.push(e));
  try {
    for (;;) {
      while (ready.length > 0) yield ready.shift()!;
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    while (ready.length > 0) yield ready.shift()!;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** The event-stream format: lines `field: value`, events separated by a blank line (LF, CRLF or CR). */
export class EventParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];
  private id: string | null = null;

  constructor(private readonly onEvent: (event: ServerEvent) => void) {}

  push(chunk: string) {
    this.buffer += chunk;
    let start = 0;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer.substring(start));
      if (!match) break;
      // a lone CR at the end of the buffer may be the first half of CRLF: wait for more
      if (match[0] === "\r" && start + match.index === this.buffer.length - 1) break;
      this.line(this.buffer.substring(start, start + match.index));
      start += match.index + match[0].length;
    }
    this.buffer = this.buffer.substring(start);
  }

  private line(line: string) {
    if (line === "") {
      if (this.data.length > 0 || this.event) {
        this.onEvent({ event: this.event || "message", data: this.data.join("\n"), id: this.id });
      }
      this.event = "";
      this.data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.substring(0, colon);
    let value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) value = value.substring(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id") this.id = value;
  }
}
