// The memory backend: entries in this process, least recently used dropped first once the bytes
// held pass maxBytes.

import { createLruMap } from "../shared/index.ts";
import type { CacheBackend, CacheEntry } from "./types.ts";

/** Bookkeeping per entry besides its body, so many tiny entries still count. */
const entryOverheadBytes = 256;

export function createMemoryBackend(options: { maxBytes: number }): CacheBackend {
  const entries = createLruMap<string, CacheEntry>();
  let bytes = 0;
  const sizeOf = (key: string, entry: CacheEntry) =>
    entry.body.byteLength + key.length + entryOverheadBytes;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= sizeOf(key, entry);
  };
  return {
    name: "memory",
    async get(key, now) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now) {
        remove(key);
        return undefined;
      }
      entries.touch(key);
      return entry;
    },
    async set(key, entry) {
      remove(key);
      const size = sizeOf(key, entry);
      if (size > options.maxBytes) return;
      while (bytes + size > options.maxBytes) {
        const oldest = entries.oldest();
        if (!oldest) break;
        remove(oldest[0]);
      }
      entries.set(key, entry);
      bytes += size;
    },
    async clear() {
      const count = entries.size;
      entries.clear();
      bytes = 0;
      return count;
    },
    close() {
      entries.clear();
      bytes = 0;
    },
  };
}
