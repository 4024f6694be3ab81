// The memory backend: an LRU bounded by bytes, with expiry checked on read.

import { expect, test } from "bun:test";
import type { CacheBackend } from "../../../src/cache/index.ts";
import { createMemoryBackend } from "../../../src/cache/memory-backend.ts";
import { cacheEntry, entryTime as now } from "../../support/cache-entry.ts";

// Each 1,000-byte body costs a little over 1,000 bytes with the per-entry overhead, so a
// 4,000-byte bound holds three of them and never four.
const kilobyte = "x".repeat(1_000);

async function presentKeys(backend: CacheBackend, keys: string[], at = now): Promise<string[]> {
  const present: string[] = [];
  for (const key of keys) if (await backend.get(key, at)) present.push(key);
  return present;
}

test("drops the least recently stored entries first once past maxBytes", async () => {
  const backend = createMemoryBackend({ maxBytes: 4_000 });
  for (const key of ["a", "b", "c", "d", "e"]) await backend.set(key, cacheEntry(kilobyte));
  expect(await presentKeys(backend, ["a", "b", "c", "d", "e"])).toEqual(["c", "d", "e"]);
});

test("a get makes an entry the most recently used", async () => {
  const backend = createMemoryBackend({ maxBytes: 4_000 });
  for (const key of ["a", "b", "c"]) await backend.set(key, cacheEntry(kilobyte));
  expect(await backend.get("a", now)).toBeDefined();
  await backend.set("d", cacheEntry(kilobyte));
  expect(await presentKeys(backend, ["a", "b", "c", "d"])).toEqual(["a", "c", "d"]);
});

test("one large entry evicts as many old ones as it needs", async () => {
  const backend = createMemoryBackend({ maxBytes: 4_000 });
  for (const key of ["a", "b", "c"]) await backend.set(key, cacheEntry(kilobyte));
  await backend.set("big", cacheEntry("y".repeat(2_400)));
  expect(await presentKeys(backend, ["a", "b", "c", "big"])).toEqual(["c", "big"]);
});

test("replacing a key frees the old entry's bytes", async () => {
  const backend = createMemoryBackend({ maxBytes: 4_000 });
  for (const key of ["a", "b", "c"]) await backend.set(key, cacheEntry(kilobyte));
  for (let round = 0; round < 5; round++) await backend.set("c", cacheEntry(kilobyte));
  expect(await presentKeys(backend, ["a", "b", "c"])).toEqual(["a", "b", "c"]);
  expect(new TextDecoder().decode((await backend.get("c", now))?.body)).toBe(kilobyte);
});

test("never stores an entry larger than maxBytes, and does not evict for it", async () => {
  const backend = createMemoryBackend({ maxBytes: 4_000 });
  await backend.set("a", cacheEntry(kilobyte));
  await backend.set("huge", cacheEntry("z".repeat(4_001)));
  expect(await backend.get("huge", now)).toBeUndefined();
  expect(await presentKeys(backend, ["a"])).toEqual(["a"]);
});

test("never serves an expired entry and removes it when met", async () => {
  const backend = createMemoryBackend({ maxBytes: 4_000 });
  await backend.set("short", cacheEntry("ok", 10));
  await backend.set("long", cacheEntry("ok", 60_000));
  expect(await backend.get("short", now + 9)).toBeDefined();
  expect(await backend.get("short", now + 10)).toBeUndefined();
  // met once and gone: even a read with an earlier time does not bring it back
  expect(await backend.get("short", now)).toBeUndefined();
  expect(await backend.clear()).toBe(1);
});

test("an expired entry met on read frees its bytes for new entries", async () => {
  const backend = createMemoryBackend({ maxBytes: 4_000 });
  for (const key of ["a", "b"]) await backend.set(key, cacheEntry(kilobyte));
  // the most recently used, so had its bytes stayed counted, storing c would evict a instead
  await backend.set("old", cacheEntry(kilobyte, 10));
  expect(await backend.get("old", now + 10)).toBeUndefined();
  await backend.set("c", cacheEntry(kilobyte));
  expect(await presentKeys(backend, ["a", "b", "c"])).toEqual(["a", "b", "c"]);
});

test("clear removes everything and says how many entries it removed", async () => {
  const backend = createMemoryBackend({ maxBytes: 4_000 });
  for (const key of ["a", "b"]) await backend.set(key, cacheEntry("v"));
  expect(await backend.clear()).toBe(2);
  expect(await presentKeys(backend, ["a", "b"])).toEqual([]);
  expect(await backend.clear()).toBe(0);
});
