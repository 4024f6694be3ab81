import { expect, test } from "bun:test";
import {
  type CacheBackend,
  type CacheEntry,
  createResponseCache,
  type StorableResponse,
} from "../../../src/cache/index.ts";
import { isProxyError } from "../../../src/shared/index.ts";
import { manualClock } from "../../support/manual-clock.ts";

/** A backend whose failures the test switches on and off; entries live in a Map. */
function switchableBackend() {
  const entries = new Map<string, CacheEntry>();
  const state = { failing: false, gets: 0 };
  const check = () => {
    if (state.failing) throw new Error("connection refused");
  };
  const backend: CacheBackend = {
    name: "redis",
    async get(key, now) {
      state.gets++;
      check();
      const entry = entries.get(key);
      return entry && entry.expiresAt > now ? entry : undefined;
    },
    async set(key, entry) {
      check();
      entries.set(key, entry);
    },
    async clear() {
      check();
      const count = entries.size;
      entries.clear();
      return count;
    },
    close() {},
  };
  return { backend, entries, state };
}

const answer: StorableResponse = {
  status: 200,
  contentType: "application/json",
  streamed: false,
  body: new TextEncoder().encode('{"ok":true}'),
  ttlMs: 60_000,
};
const readWrite = { read: true, write: true };
const noSignal = new AbortController().signal;

test("concurrent lookups of one key wait for the first and share its answer", async () => {
  const { backend, state } = switchableBackend();
  const cache = createResponseCache({
    backend,
    clock: manualClock(),
    onFailure: () => {},
    onHealthChange: () => {},
  });
  const first = await cache.lookup("solo", readWrite, noSignal);
  expect(first.kind).toBe("miss");
  const waiters = Array.from({ length: 5 }, () => cache.lookup("solo", readWrite, noSignal));
  if (first.kind === "miss") first.fill.complete(answer);
  const results = await Promise.all(waiters);
  expect(results.map((result) => result.kind)).toEqual(["hit", "hit", "hit", "hit", "hit"]);
  // the waiters never asked the backend: only the first lookup did
  expect(state.gets).toBe(1);
});

test("a waiter whose client leaves stops waiting; a failed leader sends waiters upstream", async () => {
  const { backend } = switchableBackend();
  const cache = createResponseCache({
    backend,
    clock: manualClock(),
    onFailure: () => {},
    onHealthChange: () => {},
  });
  const leader = await cache.lookup("k", readWrite, noSignal);
  const leaving = new AbortController();
  const gone = cache.lookup("k", readWrite, leaving.signal).then(
    () => "resolved",
    (error: unknown) => (isProxyError(error) ? error.code : "other error"),
  );
  leaving.abort(new Error("client left"));
  expect(await gone).toBe("client_closed");
  const waiter = cache.lookup("k", readWrite, noSignal);
  if (leader.kind === "miss") leader.fill.complete(undefined);
  expect((await waiter).kind).toBe("miss");
});

test("a failing backend is a miss, reported once when it fails and once when it recovers", async () => {
  const { backend, state } = switchableBackend();
  const failures: string[] = [];
  const changes: boolean[] = [];
  const cache = createResponseCache({
    backend,
    clock: manualClock(),
    onFailure: (operation) => failures.push(operation),
    onHealthChange: (healthy) => changes.push(healthy),
  });
  state.failing = true;
  for (let i = 0; i < 3; i++) {
    const lookup = await cache.lookup(`k${i}`, readWrite, noSignal);
    expect(lookup.kind).toBe("miss");
    if (lookup.kind === "miss") lookup.fill.complete(answer);
  }
  await Promise.resolve();
  expect(failures.filter((operation) => operation === "get")).toHaveLength(3);
  expect(failures.filter((operation) => operation === "set")).toHaveLength(3);
  expect(changes).toEqual([false]);
  state.failing = false;
  const recovered = await cache.lookup("k9", readWrite, noSignal);
  expect(recovered.kind).toBe("miss");
  expect(changes).toEqual([false, true]);
});

test("no-cache bypasses the read but stores; no-store does neither", async () => {
  const { backend, entries } = switchableBackend();
  const cache = createResponseCache({
    backend,
    clock: manualClock(),
    onFailure: () => {},
    onHealthChange: () => {},
  });
  const noStore = await cache.lookup("a", { read: false, write: false }, noSignal);
  expect(noStore.kind).toBe("bypass");
  if (noStore.kind === "bypass") noStore.fill.complete(answer);
  const noCache = await cache.lookup("b", { read: false, write: true }, noSignal);
  if (noCache.kind === "bypass") noCache.fill.complete(answer);
  await Promise.resolve();
  expect([...entries.keys()]).toEqual(["b"]);
});
