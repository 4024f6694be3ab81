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
  const state: DecoderState = { pending: [], endsWithCr: false, name: undefined, data: [] };
  return {
    push: (chunk) => readLines(state, decoder.decode(chunk, { stream: true }), false),
    flush() {
      const events = readLines(state, decoder.decode(), true);
      if (state.pending.length > 0) readLine(state, takePending(state), events);
      dispatch(state, events);
      return events;
    },
  };
}

// --- internal ---

type DecoderState = {
  /** The pieces of the line not ended yet: each chunk is searched once, however long the line. */
  pending: string[];
  /** The pending line ended with \r, which may be the first half of \r\n. */
  endsWithCr: boolean;
  name: string | undefined;
  data: string[];
};

function readLines(state: DecoderState, text: string, atEnd: boolean): SseEvent[] {
  const events: SseEvent[] = [];
  let start = 0;
  if (state.endsWithCr) {
    if (text === "" && !atEnd) return events;
    state.endsWithCr = false;
    if (text.startsWith("\n")) start = 1;
    readLine(state, takePending(state), events);
  }
  // most streams end lines with \n alone: read those in place, one search per line
  if (!text.includes("\r", start)) {
    readLfLines(state, text, start, events);
    return events;
  }
  const ends = createLineEnds(text);
  for (let end = ends.next(start); end !== -1; end = ends.next(start)) {
    // a trailing \r may be the first half of \r\n: wait for the next chunk
    if (text[end] === "\r" && end === text.length - 1 && !atEnd) {
      state.pending.push(text.slice(start, end));
      state.endsWithCr = true;
      return events;
    }
    readLine(state, takePending(state) + text.slice(start, end), events);
    start = text[end] === "\r" && text[end + 1] === "\n" ? end + 2 : end + 1;
  }
  if (start < text.length) state.pending.push(text.slice(start));
  return events;
}

function readLfLines(state: DecoderState, text: string, from: number, events: SseEvent[]): void {
  let start = from;
  for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
    if (state.pending.length > 0)
      readLine(state, takePending(state) + text.slice(start, end), events);
    else if (end === start) dispatch(state, events);
    else if (text.startsWith("data:", start)) {
      const value = text.charCodeAt(start + 5) === space ? start + 6 : start + 5;
      state.data.push(text.slice(value, end));
    } else if (text.startsWith("event:", start)) {
      const value = text.charCodeAt(start + 6) === space ? start + 7 : start + 6;
      state.name = text.slice(value, end);
    } else readLine(state, text.slice(start, end), events);
    start = end + 1;
  }
  if (start < text.length) state.pending.push(text.slice(start));
}

function takePending(state: DecoderState): string {
  const line = state.pending.join("");
  state.pending = [];
  return line;
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

/** The next \n or \r from a position; each kind is searched for again only once passed. */
function createLineEnds(text: string): { next(from: number): number } {
  let newline = -2;
  let carriage = -2;
  return {
    next(from) {
      if (newline !== -1 && newline < from) newline = text.indexOf("\n", from);
      if (carriage !== -1 && carriage < from) carriage = text.indexOf("\r", from);
      if (carriage === -1) return newline;
      if (newline === -1) return carriage;
      return Math.min(newline, carriage);
    },
  };
}
