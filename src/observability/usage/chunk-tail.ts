// The last bytes of a body that passes chunk by chunk, kept as the chunks themselves (views, no
// copy: a chunk is never written to once it has passed) and joined only when asked for. A chunk
// larger than the tail is kept as a copy of its last bytes, and a chunk that has left the tail is
// let go at once: a view keeps its whole buffer alive, and a 1 MB answer that arrives in 256 KB
// chunks would otherwise stay in memory whole until the answer ends.

import { lastBytes } from "../../shared/index.ts";

export type ChunkTail = {
  push(chunk: Uint8Array): void;
  isEmpty(): boolean;
  /** The last `keep` bytes (or fewer, when fewer passed). */
  bytes(): Uint8Array;
  clear(): void;
};

const released = new Uint8Array(0);

export function createChunkTail(keep: number): ChunkTail {
  let chunks: Uint8Array[] = [];
  // chunks before `first` have left the tail; the array is compacted now and then, not per chunk
  let first = 0;
  let kept = 0;
  return {
    push(chunk) {
      const piece = chunk.byteLength > keep ? chunk.slice(chunk.byteLength - keep) : chunk;
      chunks.push(piece);
      kept += piece.byteLength;
      while (chunks.length - first > 1 && kept - (chunks[first] as Uint8Array).byteLength >= keep) {
        kept -= (chunks[first] as Uint8Array).byteLength;
        chunks[first++] = released;
      }
      if (first > 64 && first * 2 > chunks.length) {
        chunks = chunks.slice(first);
        first = 0;
      }
    },
    isEmpty: () => chunks.length === first,
    bytes: () => lastBytes(first === 0 ? chunks : chunks.slice(first), keep),
    clear() {
      chunks = [];
      first = 0;
      kept = 0;
    },
  };
}
