// The memory backend: entries in this process, least recently used dropped first once the bytes
// held pass maxBytes. A Map keeps insertion order, so re-inserting on use makes it an LRU.

import type { CacheBackend, CacheEntry } from "./types.ts";

/** Bookkeeping per entry besides its body, so many tiny entries still count. */
const entryOverheadBytes = 256;

export function createMemoryBackend(options: { maxBytes: number }): CacheBackend {
  const entries = new Map<string, CacheEntry>();
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
      entries.delete(key);
      if (entry.expiresAt <= now) {
        bytes -= sizeOf(key, entry);
        return undefined;
      }
      entries.set(key, entry);
      return entry;
    },
    async set(key, entry) {
      remove(key);
      const size = sizeOf(key, entry);
      if (size > options.maxBytes) return;
      for (const oldest of entries.keys()) {
        if (bytes + size <= options.maxBytes) break;
        remove(oldest);
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
