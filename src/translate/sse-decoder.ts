// Incremental SSE parsing (WHATWG HTML §9.2.6) of raw bytes in any chunking: \n, \r\n or \r line
// ends, several data lines, comments, a UTF-8 character or a CRLF split across chunks.

export type SseEvent = { name: string | undefined; data: string };

export type SseDecoder = {
  push(chunk: Uint8Array): SseEvent[];
  /** The end of the stream: an event missing only its blank line still counts. */
  flush(): SseEvent[];
};

export function createSseDecoder(): SseDecoder {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: false });
  const state: DecoderState = { pending: "", name: undefined, data: [] };
  return {
    push: (chunk) => readLines(state, decoder.decode(chunk, { stream: true }), false),
    flush() {
      const events = readLines(state, decoder.decode(), true);
      if (state.pending !== "") readLine(state, state.pending, events);
      state.pending = "";
      dispatch(state, events);
      return events;
    },
  };
}

// --- internal ---

type DecoderState = { pending: string; name: string | undefined; data: string[] };

function readLines(state: DecoderState, text: string, atEnd: boolean): SseEvent[] {
  const pending = state.pending + text;
  // most streams end lines with \n alone: read those in place, one search per line
  if (!pending.includes("\r")) return readLfLines(state, pending);
  const events: SseEvent[] = [];
  let start = 0;
  for (;;) {
    const end = nextLineEnd(pending, start);
    if (end === -1) break;
    // a trailing \r may be the first half of \r\n: wait for the next chunk
    if (pending[end] === "\r" && end === pending.length - 1 && !atEnd) break;
    readLine(state, pending.slice(start, end), events);
    start = pending[end] === "\r" && pending[end + 1] === "\n" ? end + 2 : end + 1;
  }
  state.pending = pending.slice(start);
  return events;
}

function readLfLines(state: DecoderState, text: string): SseEvent[] {
  const events: SseEvent[] = [];
  let start = 0;
  for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
    if (end === start) dispatch(state, events);
    else if (text.startsWith("data:", start)) {
      const value = text.charCodeAt(start + 5) === space ? start + 6 : start + 5;
      state.data.push(text.slice(value, end));
    } else if (text.startsWith("event:", start)) {
      const value = text.charCodeAt(start + 6) === space ? start + 7 : start + 6;
      state.name = text.slice(value, end);
    } else readLine(state, text.slice(start, end), events);
    start = end + 1;
  }
  state.pending = text.slice(start);
  return events;
}

const space = 0x20;

function readLine(state: DecoderState, line: string, events: SseEvent[]): void {
  if (line === "") {
    dispatch(state, events);
    return;
  }
  if (line.startsWith(":")) return;
  const colon = line.indexOf(":");
  const field = colon === -1 ? line : line.slice(0, colon);
  let value = colon === -1 ? "" : line.slice(colon + 1);
  if (value.startsWith(" ")) value = value.slice(1);
  if (field === "data") state.data.push(value);
  else if (field === "event") state.name = value;
}

function dispatch(state: DecoderState, events: SseEvent[]): void {
  if (state.data.length > 0) events.push({ name: state.name, data: state.data.join("\n") });
  state.name = undefined;
  state.data = [];
}

function nextLineEnd(text: string, from: number): number {
  const newline = text.indexOf("\n", from);
  const carriage = text.indexOf("\r", from);
  if (carriage === -1) return newline;
  if (newline === -1) return carriage;
  return Math.min(newline, carriage);
}
