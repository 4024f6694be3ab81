// A stream transform that redacts SSE events mentioning an error before they reach the client
// (an upstream may echo its key in one). Chunks without the word pass through untouched; once
// one has it, bytes are held to the end of that event so a secret split across chunks is whole.

import type { StreamTransform } from "./stream-guard.ts";

const marker = Buffer.from("error");
const eventEnds = [Buffer.from("\n\n"), Buffer.from("\r\n\r\n"), Buffer.from("\r\r")];
/** Past this an event is let through (redacted) without its end: the stream keeps moving. */
const maxHeldBytes = 64 * 1024;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function createErrorEventRedactor(redact: (text: string) => string): StreamTransform {
  let held: Buffer | undefined;
  const release = (bytes: Buffer): Uint8Array => {
    const text = decoder.decode(bytes);
    const clean = redact(text);
    return clean === text ? bytes : encoder.encode(clean);
  };
  return {
    push(chunk) {
      const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (held === undefined && view.indexOf(marker) === -1) return chunk;
      const joined: Buffer = held === undefined ? view : Buffer.concat([held, view]);
      const end = afterLastEvent(joined);
      if (end === 0 && joined.byteLength <= maxHeldBytes) {
        held = joined;
        return null;
      }
      const cut = end === 0 ? joined.byteLength : end;
      const rest = joined.subarray(cut);
      held = rest.byteLength > 0 ? Buffer.from(rest) : undefined;
      return release(joined.subarray(0, cut));
    },
    flush() {
      const last = held;
      held = undefined;
      return last === undefined ? null : release(last);
    },
  };
}

/** Just past the last event end (LF, CRLF or CR line endings), or 0 when none is complete. */
function afterLastEvent(bytes: Buffer): number {
  let after = 0;
  for (const end of eventEnds) {
    const at = bytes.lastIndexOf(end);
    if (at !== -1) after = Math.max(after, at + end.byteLength);
  }
  return after;
}

/** Runs transforms one after another; a null from one ends that chunk's way. */
export function chainTransforms(
  transforms: readonly StreamTransform[],
): StreamTransform | undefined {
  if (transforms.length <= 1) return transforms[0];
  return {
    push(chunk) {
      let current: Uint8Array | null = chunk;
      for (const transform of transforms) {
        if (current === null) return null;
        current = transform.push(current);
      }
      return current;
    },
    flush() {
      const parts: Uint8Array[] = [];
      for (const [index, transform] of transforms.entries()) {
        let out = transform.flush();
        for (const later of transforms.slice(index + 1)) out = out && later.push(out);
        if (out) parts.push(out);
      }
      return parts.length === 0 ? null : Buffer.concat(parts);
    },
  };
}
