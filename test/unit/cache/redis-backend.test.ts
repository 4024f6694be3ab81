// The Redis backend against a real redis-server per test (test/support/redis-server.ts).

import { expect, test } from "bun:test";
import { RedisClient } from "bun";
import type { CacheBackend } from "../../../src/cache/index.ts";
import { createRedisBackend, type RedisBackendOptions } from "../../../src/cache/redis-backend.ts";
import { systemClock } from "../../../src/shared/index.ts";
import { cacheEntry, everyByte } from "../../support/cache-entry.ts";
import { startRedisServer } from "../../support/redis-server.ts";

// Redis expires keys in real time, so these tests use the real clock.
const clock = systemClock;

function openBackend(options: Partial<RedisBackendOptions> & { url: string }) {
  const backend = createRedisBackend({ clock, ...options });
  return Object.assign(backend, { [Symbol.dispose]: () => backend.close() });
}

function inspector(url: string) {
  const client = new RedisClient(url);
  return Object.assign(client, { [Symbol.dispose]: () => client.close() });
}

/** Retries `attempt` until it stops throwing; fails with its last error after `withinMs`. */
async function eventually<T>(attempt: () => Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error: unknown) {
      if (Date.now() > deadline) throw error;
      await Bun.sleep(20);
    }
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<{ message: string; ms: number }> {
  const started = performance.now();
  const message = await promise.then(
    () => "resolved",
    (error: unknown) => (error instanceof Error ? error.message : `non-Error ${String(error)}`),
  );
  return { message, ms: performance.now() - started };
}

async function roundTrip(backend: CacheBackend, key: string): Promise<string | undefined> {
  await backend.set(key, cacheEntry(key, 60_000, clock.now()));
  const entry = await backend.get(key, clock.now());
  return entry && new TextDecoder().decode(entry.body);
}

test("an entry comes back field for field, with bytes that are not UTF-8", async () => {
  await using redis = await startRedisServer();
  using backend = openBackend({ url: redis.url, keyPrefix: "t:" });
  using other = inspector(redis.url);
  const body = new Uint8Array([...everyByte, 0xc3, 0x28, 0xff, 0xfe, 0x0a, 0x00]);
  const entry = { ...cacheEntry(body, 60_000, clock.now()), streamed: true, status: 203 };
  await backend.set("k", entry);
  expect(await backend.get("k", clock.now())).toEqual(entry);
  expect(await other.exists("t:k")).toBe(true);
  expect(await backend.get("missing", clock.now())).toBeUndefined();
});

test("the key expires in Redis with the entry, and the clock's expiry holds before that", async () => {
  await using redis = await startRedisServer();
  using backend = openBackend({ url: redis.url, keyPrefix: "t:" });
  using other = inspector(redis.url);
  const long = cacheEntry("long", 60_000, clock.now());
  await backend.set("long", long);
  const pttl = await other.pttl("t:long");
  expect(pttl).toBeGreaterThan(59_000);
  expect(pttl).toBeLessThanOrEqual(60_000);
  expect(await backend.get("long", long.expiresAt)).toBeUndefined();

  await backend.set("short", cacheEntry("short", 300, clock.now()));
  expect(await other.exists("t:short")).toBe(true);
  await eventually(async () => expect(await other.exists("t:short")).toBe(false), 3_000);
  expect(await backend.get("short", clock.now())).toBeUndefined();
});

test("an entry that has already expired is not stored", async () => {
  await using redis = await startRedisServer();
  using backend = openBackend({ url: redis.url, keyPrefix: "t:" });
  using other = inspector(redis.url);
  await backend.set("late", cacheEntry("late", -1, clock.now()));
  await backend.set("now", cacheEntry("now", 0, clock.now()));
  expect(await other.exists("t:late")).toBe(false);
  expect(await other.exists("t:now")).toBe(false);
});

test("clear removes every key under its prefix, across SCAN batches, and nothing else", async () => {
  await using redis = await startRedisServer();
  // glob characters in the prefix must match themselves, not patterns
  using backend = openBackend({ url: redis.url, keyPrefix: "app*[x]:" });
  using defaultPrefixed = openBackend({ url: redis.url });
  using other = inspector(redis.url);
  await other.set("foreign", "keep me");
  await other.set("app-somethingx:1", "matches the prefix as an unescaped pattern");
  await defaultPrefixed.set("theirs", cacheEntry("v", 60_000, clock.now()));
  const count = 1_200;
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      backend.set(`k${index}`, cacheEntry("v", 60_000, clock.now())),
    ),
  );
  expect(await backend.clear()).toBe(count);
  expect(await other.send("DBSIZE", [])).toBe(3);
  expect(await other.get("foreign")).toBe("keep me");
  expect(await other.exists("app-somethingx:1")).toBe(true);
  expect(await defaultPrefixed.get("theirs", clock.now())).toBeDefined();
  expect(await backend.clear()).toBe(0);
});

test("a value in another format is an error, never a hit", async () => {
  await using redis = await startRedisServer();
  using backend = openBackend({ url: redis.url, keyPrefix: "t:" });
  using other = inspector(redis.url);
  await other.set("t:k", "not an entry");
  expect((await rejectionOf(backend.get("k", clock.now()))).message).toContain("unreadable");
  await other.set("t:k", '{"v":2}\nbody');
  expect((await rejectionOf(backend.get("k", clock.now()))).message).toContain("unreadable");
});

test("every operation fails fast while Redis is down", async () => {
  await using redis = await startRedisServer();
  using backend = openBackend({ url: redis.url });
  expect(await roundTrip(backend, "before")).toBe("before");
  await redis.stop();
  const failures = [
    await rejectionOf(backend.get("before", clock.now())),
    await rejectionOf(backend.set("k", cacheEntry("v", 60_000, clock.now()))),
    await rejectionOf(backend.clear()),
  ];
  for (const failure of failures) {
    expect(failure.message).toMatch(/^redis (GET|SET|SCAN) (failed|timed out)/);
    expect(failure.ms).toBeLessThan(1_000);
  }
});

test("the same instance works again after Redis restarts", async () => {
  await using redis = await startRedisServer();
  using backend = openBackend({ url: redis.url });
  expect(await roundTrip(backend, "before")).toBe("before");
  await redis.restart();
  expect(await eventually(() => roundTrip(backend, "after"), 5_000)).toBe("after");
});

test("it reconnects by itself once Bun has given up, trying at most once a second", async () => {
  await using redis = await startRedisServer();
  const errors: Error[] = [];
  // maxRetries 0: Bun never reconnects on its own, as after a long outage
  using backend = openBackend({ url: redis.url, maxRetries: 0, onError: (e) => errors.push(e) });
  expect(await roundTrip(backend, "before")).toBe("before");
  await redis.stop();
  const started = performance.now();
  let failed = 0;
  while (performance.now() - started < 1_500) {
    await backend.get("before", clock.now()).catch(() => failed++);
    await Bun.sleep(10);
  }
  const seconds = (performance.now() - started) / 1_000;
  expect(failed).toBeGreaterThan(50);
  // one connect right after the drop, then at most one a second: not one per failed operation
  expect(errors.length).toBeGreaterThanOrEqual(1);
  expect(errors.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  expect(errors[0]?.message).toStartWith("redis connect failed");

  await redis.restart();
  expect(await eventually(() => roundTrip(backend, "after"), 5_000)).toBe("after");
});

test("an operation on a server that never answers times out, and later ones stop waiting", async () => {
  // accepts connections, never replies: the first connect (or a command) would hang forever
  const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  try {
    using backend = openBackend({
      url: `redis://127.0.0.1:${silent.port}`,
      operationTimeoutMs: 100,
    });
    const first = await rejectionOf(backend.get("k", clock.now()));
    expect(first.message).toBe("redis GET timed out after 100 ms");
    expect(first.ms).toBeLessThan(1_000);
    // it no longer waits for that first connect: later operations fail at once
    const second = await rejectionOf(backend.set("k", cacheEntry("v", 60_000, clock.now())));
    expect(second.message).toStartWith("redis SET failed");
    expect(second.ms).toBeLessThan(50);
  } finally {
    silent.stop(true);
  }
});
