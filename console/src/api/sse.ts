// Server-Sent Events as the gateway writes a server-streaming RPC for `Accept: text/event-stream`
// (services/gateway/README.md): `data: <json>` per message, `event: error` with a
// google.rpc.Status when the stream fails after its first message, `: keep-alive` comments.
// Browsers' EventSource cannot send the Authorization header, so the console reads the stream
// with fetch and feeds the text to this parser.

export interface SseEvent {
  event: string; // "message" unless named
  data: string;
}

// Splits what has arrived so far into complete events; the unfinished tail is returned to be
// prepended to the next chunk.
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const normalized = buffer.replace(/\r\n/g, "\n");
  const blocks = normalized.split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":") || line === "") continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join("\n") });
  }
  return { events, rest };
}
