// A stream transform that redacts SSE events mentioning an error before they reach the client
// (an upstream may echo its key in one). Chunks without the word pass through untouched; once
// one has it, bytes are held to the end of that event so a secret split across chunks is whole.

import { indexOfBytes } from "../shared/index.ts";
import type { StreamTransform } from "./stream-guard.ts";

const marker = Buffer.from("error");
const eventEnds = [Buffer.from("\n\n"), Buffer.from("\r\n\r\n"), Buffer.from("\r\r")];
/** Past this an event is let through (redacted) without its end: the stream keeps moving. */
const maxHeldBytes = 64 * 1024;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function createErrorEventRedactor(redact: (text: string) => string): StreamTransform {
  return new ErrorEventRedactor(redact);
}

/** Runs transforms one after another; a null from one ends that chunk's way. */
export function chainTransforms(
  transforms: readonly StreamTransform[],
): StreamTransform | undefined {
  if (transforms.length <= 1) return transforms[0];
  return new TransformChain(transforms);
}

// --- internal ---

/** A class, not closures: every SSE stream makes one, and it lives as long as the stream. */
class ErrorEventRedactor implements StreamTransform {
  private held: Buffer | undefined;

  constructor(private readonly redact: (text: string) => string) {}

  push(chunk: Uint8Array): Uint8Array | null {
    const { held } = this;
    if (held === undefined && indexOfBytes(chunk, marker) === -1) return chunk;
    const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const joined: Buffer = held === undefined ? view : Buffer.concat([held, view]);
    const end = afterLastEvent(joined);
    if (end === 0 && joined.byteLength <= maxHeldBytes) {
      this.held = joined;
      return null;
    }
    const cut = end === 0 ? joined.byteLength : end;
    const rest = joined.subarray(cut);
    this.held = rest.byteLength > 0 ? Buffer.from(rest) : undefined;
    return this.release(joined.subarray(0, cut));
  }

  flush(): Uint8Array | null {
    const last = this.held;
    this.held = undefined;
    return last === undefined ? null : this.release(last);
  }

  private release(bytes: Buffer): Uint8Array {
    const text = decoder.decode(bytes);
    const clean = this.redact(text);
    return clean === text ? bytes : encoder.encode(clean);
  }
}

class TransformChain implements StreamTransform {
  constructor(private readonly transforms: readonly StreamTransform[]) {}

  push(chunk: Uint8Array): Uint8Array | null {
    let current: Uint8Array | null = chunk;
    for (const transform of this.transforms) {
      if (current === null) return null;
      current = transform.push(current);
    }
    return current;
  }

  flush(): Uint8Array | null {
    const { transforms } = this;
    const parts: Uint8Array[] = [];
    for (const [index, transform] of transforms.entries()) {
      let out = transform.flush();
      for (const later of transforms.slice(index + 1)) out = out && later.push(out);
      if (out) parts.push(out);
    }
    return parts.length === 0 ? null : Buffer.concat(parts);
  }
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
