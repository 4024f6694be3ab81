// The sqlite backend and its store repository, on a real store file with real migrations.

import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteBackend } from "../../../src/cache/sqlite-backend.ts";
import {
  type CacheEntryRepository,
  createCacheEntryRepository,
  openStore,
  type SqliteStore,
} from "../../../src/store/index.ts";
import { cacheEntry, everyByte, entryTime as now } from "../../support/cache-entry.ts";
import { manualClock } from "../../support/manual-clock.ts";

let dir: string;
let store: SqliteStore;
let repository: CacheEntryRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llm-proxy-sqlite-cache-"));
  store = openStore(join(dir, "proxy.db"));
  repository = createCacheEntryRepository(store.db);
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const rowCount = () =>
  store.db.query<{ n: number }, []>("select count(*) as n from cache_entries").get()?.n;

test("the store migration creates cache_entries with an index on expires_at", () => {
  const indexes = store.db
    .query<{ name: string }, []>("pragma index_list(cache_entries)")
    .all()
    .map((row) => row.name);
  expect(indexes).toContain("cache_entries_expires_at");
});

test("an entry comes back field for field, body bytes included", async () => {
  const backend = createSqliteBackend({ repository, clock: manualClock(now) });
  const entry = { ...cacheEntry(everyByte), status: 203, contentType: "text/event-stream" };
  await backend.set("k", { ...entry, streamed: true });
  expect(await backend.get("k", now)).toEqual({ ...entry, streamed: true });
  expect(await backend.get("other", now)).toBeUndefined();
  backend.close();
});

test("a second set under the same key replaces the first", async () => {
  const backend = createSqliteBackend({ repository, clock: manualClock(now) });
  await backend.set("k", cacheEntry("first"));
  await backend.set("k", cacheEntry("second", 5_000));
  const entry = await backend.get("k", now);
  expect(new TextDecoder().decode(entry?.body)).toBe("second");
  expect(entry?.expiresAt).toBe(now + 5_000);
  expect(rowCount()).toBe(1);
  backend.close();
});

test("an expired row is never served, though it stays until pruned", async () => {
  const backend = createSqliteBackend({ repository, clock: manualClock(now) });
  await backend.set("k", cacheEntry("v", 10));
  expect(await backend.get("k", now + 9)).toBeDefined();
  expect(await backend.get("k", now + 10)).toBeUndefined();
  expect(rowCount()).toBe(1);
  backend.close();
});

test("deleteExpired removes only expired rows and counts them", async () => {
  repository.put("old-1", cacheEntry("v", 10));
  repository.put("old-2", cacheEntry("v", 20));
  repository.put("fresh", cacheEntry("v", 60_000));
  expect(repository.deleteExpired(now + 20)).toBe(2);
  expect(repository.get("fresh", now + 20)).toBeDefined();
  expect(repository.deleteExpired(now + 20)).toBe(0);
});

test("clear removes every row and says how many", async () => {
  const backend = createSqliteBackend({ repository, clock: manualClock(now) });
  await backend.set("a", cacheEntry("v"));
  await backend.set("b", cacheEntry("v", 10));
  expect(await backend.clear()).toBe(2);
  expect(rowCount()).toBe(0);
  expect(await backend.clear()).toBe(0);
  backend.close();
});

test("the prune timer deletes expired rows until close stops it", async () => {
  const clock = manualClock(now);
  const backend = createSqliteBackend({ repository, clock, pruneIntervalMs: 5 });
  await backend.set("old", cacheEntry("v", 10));
  await backend.set("fresh", cacheEntry("v", 60_000));
  clock.advance(10);
  const deadline = Date.now() + 2_000;
  while (rowCount() !== 1 && Date.now() < deadline) await Bun.sleep(5);
  expect(repository.get("fresh", clock.now())).toBeDefined();
  expect(rowCount()).toBe(1);

  backend.close();
  await backend.set("old-2", cacheEntry("v", 10));
  // ten intervals with the timer stopped: nothing may prune the expired row
  await Bun.sleep(50);
  expect(rowCount()).toBe(2);
});
