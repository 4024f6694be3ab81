// The last bytes of a body that passes chunk by chunk, kept as the chunks themselves (views, no
// copy: a chunk is never written to once it has passed) and joined only when asked for.

import { lastBytes } from "../../shared/index.ts";

export type ChunkTail = {
  push(chunk: Uint8Array): void;
  isEmpty(): boolean;
  /** The last `keep` bytes (or fewer, when fewer passed). */
  bytes(): Uint8Array;
  clear(): void;
};

export function createChunkTail(keep: number): ChunkTail {
  let chunks: Uint8Array[] = [];
  let kept = 0;
  return {
    push(chunk) {
      chunks.push(chunk);
      kept += chunk.byteLength;
      while (chunks.length > 1 && kept - (chunks[0] as Uint8Array).byteLength >= keep) {
        kept -= (chunks.shift() as Uint8Array).byteLength;
      }
    },
    isEmpty: () => chunks.length === 0,
    bytes: () => lastBytes(chunks, keep),
    clear() {
      chunks = [];
      kept = 0;
    },
  };
}
