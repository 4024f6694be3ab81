// Joining byte chunks, for bodies and streams gathered piece by piece, and searching them.

/**
 * The chunks as one array: the chunk itself when there is one. Buffer.concat joins them in half the
 * time of a Uint8Array filled with set() (1.6 → 0.9 µs for 9 KB in three pieces, Bun 1.4), and its
 * Buffer is exactly sized, never a view into a shared pool. Callers only read it or take views of it.
 */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  return Buffer.concat(chunks);
}

/** The last `count` bytes of the chunks joined (all of them when there are fewer). */
export function lastBytes(chunks: readonly Uint8Array[], count: number): Uint8Array {
  let first = chunks.length;
  let kept = 0;
  while (first > 0 && kept < count) kept += (chunks[--first] as Uint8Array).byteLength;
  const skip = Math.max(0, kept - count);
  const head = (chunks[first] as Uint8Array | undefined)?.subarray(skip);
  if (head === undefined) return new Uint8Array(0);
  if (first === chunks.length - 1) return head;
  return concatBytes([head, ...chunks.slice(first + 1)]);
}

// Buffer's native search called on the Uint8Array itself: a Buffer view over it would first make
// its ArrayBuffer (`.buffer`), about 0.7 µs for the bytes of a body read with bytes() (Bun 1.4).
const bufferIndexOf = Buffer.prototype.indexOf as (
  this: Uint8Array,
  value: Uint8Array | number,
  byteOffset?: number,
) => number;
const bufferLastIndexOf = Buffer.prototype.lastIndexOf as (
  this: Uint8Array,
  value: Uint8Array | number,
  byteOffset?: number,
) => number;

/** Where `value` (bytes, or one byte) first occurs at or after `from`; -1 when it does not. */
export function indexOfBytes(bytes: Uint8Array, value: Uint8Array | number, from = 0): number {
  return bufferIndexOf.call(bytes, value, from);
}

/** Where `value` last occurs (starting at or before `from`, when given); -1 when it does not. */
export function lastIndexOfBytes(
  bytes: Uint8Array,
  value: Uint8Array | number,
  from?: number,
): number {
  return from === undefined
    ? bufferLastIndexOf.call(bytes, value)
    : bufferLastIndexOf.call(bytes, value, from);
}
