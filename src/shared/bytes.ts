// Joining byte chunks, for bodies and streams gathered piece by piece.

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
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
