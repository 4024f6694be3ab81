// The last bytes of a body that passes chunk by chunk, kept as the chunks themselves (views, no
// copy: a chunk is never written to once it has passed) and joined only when asked for. A chunk
// that has left the tail is let go at once: a view keeps its whole buffer alive, and a 1 MB answer
// that arrives in 256 KB chunks would otherwise stay in memory whole until the answer ends. So a
// chunk larger than the tail is kept as a view only while it is the newest: when the next one
// comes, it is dropped, or cut down to a copy of its last bytes. Most large chunks are followed by
// another large one and are never copied (a 16 KB copy costs 8–15 µs).

import { lastBytes } from "../../shared/index.ts";

export type ChunkTail = {
  push(chunk: Uint8Array): void;
  /** The last `keep` bytes (or fewer, when fewer passed). */
  bytes(): Uint8Array;
  /** What it holds, as the views it holds (a large newest chunk whole); no copy. */
  pieces(): readonly Uint8Array[];
  /** How many bytes pieces() holds: everything pushed, unless some was dropped or cut. */
  heldBytes(): number;
  clear(): void;
};

const released = new Uint8Array(0);
const copyOf = (bytes: Uint8Array) => Uint8Array.prototype.slice.call(bytes);

export function createChunkTail(keep: number): ChunkTail {
  return new Tail(keep);
}

// --- internal ---

/** A class, not closures: every stream makes one or two. */
class Tail implements ChunkTail {
  private chunks: Uint8Array[] = [];
  // chunks before `first` have left the tail; the array is compacted now and then, not per chunk
  private first = 0;
  private kept = 0;

  constructor(private readonly keep: number) {}

  push(chunk: Uint8Array): void {
    const { keep } = this;
    const chunks = this.chunks;
    chunks.push(chunk);
    this.kept += chunk.byteLength;
    while (
      chunks.length - this.first > 1 &&
      this.kept - (chunks[this.first] as Uint8Array).byteLength >= keep
    ) {
      this.kept -= (chunks[this.first] as Uint8Array).byteLength;
      chunks[this.first++] = released;
    }
    // the chunk before this one, if it stayed and is larger than the tail, is cut to a copy
    const previous = chunks.length - 2;
    const before = chunks[previous];
    if (previous >= this.first && before !== undefined && before.byteLength > keep) {
      // a copy even when the chunk is a Buffer (whose slice is a view)
      chunks[previous] = copyOf(before.subarray(before.byteLength - keep));
      this.kept -= before.byteLength - keep;
    }
    if (this.first > 64 && this.first * 2 > chunks.length) {
      this.chunks = chunks.slice(this.first);
      this.first = 0;
    }
  }

  bytes(): Uint8Array {
    return lastBytes(this.pieces(), this.keep);
  }

  pieces(): readonly Uint8Array[] {
    return this.first === 0 ? this.chunks : this.chunks.slice(this.first);
  }

  heldBytes(): number {
    return this.kept;
  }

  clear(): void {
    this.chunks = [];
    this.first = 0;
    this.kept = 0;
  }
}
