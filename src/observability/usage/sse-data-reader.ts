// Splits SSE bytes, arriving in chunks cut anywhere, into the `data` of each event. Only the
// unfinished line is kept (copied, since the caller passes its chunks on); other fields are skipped
// undecoded. WHATWG HTML §9.2.6: lines end in CRLF, LF or CR; data lines of one event join with LF.

export type SseDataReader = {
  push(chunk: Uint8Array): void;
  /** Handles an unterminated last line and event, as a cut stream leaves them. */
  end(): void;
};

export type SseDataReaderOptions = {
  onData: (data: string) => void;
  /** A longer line or event is dropped rather than buffered. */
  maxEventBytes: number;
};

export function createSseDataReader(options: SseDataReaderOptions): SseDataReader {
  const line = createLineBuffer(options.maxEventBytes);
  let data: string | undefined;
  let dropped = false;

  const dispatch = (): void => {
    if (data !== undefined && !dropped) options.onData(data);
    data = undefined;
    dropped = false;
  };
  const onLine = (bytes: Uint8Array | undefined): void => {
    if (bytes === undefined) dropped = true;
    else if (bytes.length === 0) dispatch();
    else if (isDataLine(bytes)) {
      const value = decoder.decode(bytes.subarray(bytes[5] === space ? 6 : 5));
      data = data === undefined ? value : `${data}\n${value}`;
      if (data.length > options.maxEventBytes) dropped = true;
    }
  };

  let afterCr = false;
  return {
    push(chunk) {
      if (chunk.length === 0) return;
      // a CRLF split between chunks: the LF ends no second line
      const start = afterCr && chunk[0] === lf ? 1 : 0;
      afterCr = splitLines(chunk, start, line, onLine);
    },
    end() {
      if (line.pending()) onLine(line.take(new Uint8Array(0)));
      dispatch();
    },
  };
}

// --- internal ---

const lf = 0x0a;
const cr = 0x0d;
const space = 0x20;
const dataPrefix = [0x64, 0x61, 0x74, 0x61, 0x3a]; // "data:"
const decoder = new TextDecoder();

function isDataLine(bytes: Uint8Array): boolean {
  return dataPrefix.every((byte, index) => bytes[index] === byte);
}

/** Calls onLine for each line ended in chunk, keeps the rest; returns whether chunk ended in CR. */
function splitLines(
  chunk: Uint8Array,
  from: number,
  line: LineBuffer,
  onLine: (bytes: Uint8Array | undefined) => void,
): boolean {
  let start = from;
  // next LF and CR at or after start; -2 means not searched yet, -1 none left
  let nextLf = -2;
  let nextCr = -2;
  while (start < chunk.length) {
    if (nextLf !== -1 && nextLf < start) nextLf = chunk.indexOf(lf, start);
    if (nextCr !== -1 && nextCr < start) nextCr = chunk.indexOf(cr, start);
    const end = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
    if (end === -1) break;
    onLine(line.take(chunk.subarray(start, end)));
    if (chunk[end] === cr && end + 1 === chunk.length) return true;
    start = chunk[end] === cr && chunk[end + 1] === lf ? end + 2 : end + 1;
  }
  if (start < chunk.length) line.keep(chunk.subarray(start));
  return false;
}

type LineBuffer = {
  keep(part: Uint8Array): void;
  /** The whole line ending with `last`, or undefined when it was too long to keep. */
  take(last: Uint8Array): Uint8Array | undefined;
  pending(): boolean;
};

function createLineBuffer(maxBytes: number): LineBuffer {
  let parts: Uint8Array[] = [];
  let size = 0;
  let overflow = false;
  return {
    keep(part) {
      if (overflow) return;
      size += part.length;
      if (size > maxBytes) {
        overflow = true;
        parts = [];
      } else parts.push(part.slice());
    },
    take(last) {
      const wasOverflow = overflow;
      const whole = parts.length === 0 ? last : concat(parts, last, size + last.length);
      parts = [];
      size = 0;
      overflow = false;
      return wasOverflow || whole.length > maxBytes ? undefined : whole;
    },
    pending: () => overflow || parts.length > 0,
  };
}

function concat(parts: Uint8Array[], last: Uint8Array, length: number): Uint8Array {
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  whole.set(last, offset);
  return whole;
}
