import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RedisClient } from "bun";
import type { CacheEntry } from "../../../src/cache/index.ts";
import { createMemoryBackend } from "../../../src/cache/memory-backend.ts";
import { createRedisBackend } from "../../../src/cache/redis-backend.ts";
import { createSqliteBackend } from "../../../src/cache/sqlite-backend.ts";
import { createCacheEntryRepository, openStore } from "../../../src/store/index.ts";
import { manualClock } from "../../support/manual-clock.ts";
import { startRedisServer } from "../../support/redis-server.ts";

const now = 1_000_000;

function entry(body: Uint8Array | string, ttlMs = 60_000): CacheEntry {
  return {
    status: 200,
    contentType: "application/json",
    streamed: false,
    body: typeof body === "string" ? new TextEncoder().encode(body) : body,
    storedAt: now,
    expiresAt: now + ttlMs,
  };
}

/** Every byte value, so a lossy text encoding anywhere would show. */
const binary = Uint8Array.from({ length: 256 }, (_, index) => index);

describe("memory backend", () => {
  test("drops the least recently used entries once past maxBytes", async () => {
    // three entries of ~1.3 KB fit in 4 KB, a fourth does not
    const backend = createMemoryBackend({ maxBytes: 4_000 });
    for (const key of ["a", "b", "c"]) await backend.set(key, entry("x".repeat(1_000)));
    await backend.get("a", now); // a is now the most recently used
    await backend.set("d", entry("x".repeat(1_000)));
    const present = [];
    for (const key of ["a", "b", "c", "d"]) if (await backend.get(key, now)) present.push(key);
    expect(present).toEqual(["a", "c", "d"]);
  });

  test("never stores an entry larger than the bound, and never serves an expired one", async () => {
    const backend = createMemoryBackend({ maxBytes: 1_000 });
    await backend.set("big", entry("x".repeat(2_000)));
    expect(await backend.get("big", now)).toBeUndefined();
    await backend.set("short", entry("ok", 10));
    expect(await backend.get("short", now + 5)).toBeDefined();
    expect(await backend.get("short", now + 10)).toBeUndefined();
    expect(await backend.clear()).toBe(0);
  });
});

describe("sqlite backend", () => {
  test("round-trips bytes, replaces, expires, prunes and clears", async () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), "llmp-cache-unit-")), "proxy.db"));
    const repository = createCacheEntryRepository(store.db);
    const backend = createSqliteBackend({ repository, clock: manualClock(now) });
    await backend.set("k", entry(binary));
    expect((await backend.get("k", now))?.body).toEqual(binary);
    await backend.set("k", { ...entry("second"), streamed: true });
    const replaced = await backend.get("k", now);
    expect(new TextDecoder().decode(replaced?.body)).toBe("second");
    expect(replaced?.streamed).toBe(true);
    await backend.set("old", entry("old", 10));
    expect(await backend.get("old", now + 10)).toBeUndefined();
    expect(repository.deleteExpired(now + 10)).toBe(1);
    expect(await backend.clear()).toBe(1);
    backend.close();
    store.close();
  });
});

describe("redis backend", () => {
  test("round-trips bytes with a TTL, and clear removes only its own prefix", async () => {
    await using redis = await startRedisServer();
    const clock = manualClock(now);
    const backend = createRedisBackend({ url: redis.url, keyPrefix: "t:", clock });
    const other = new RedisClient(redis.url);
    await other.set("foreign", "keep me");
    await backend.set("k", entry(binary, 30_000));
    const stored = await backend.get("k", now);
    expect(stored?.body).toEqual(binary);
    expect(stored?.expiresAt).toBe(now + 30_000);
    const pttl = Number(await other.send("PTTL", ["t:k"]));
    expect(pttl).toBeGreaterThan(29_000);
    expect(pttl).toBeLessThanOrEqual(30_000);
    // expired by the proxy's clock even while Redis still holds it
    expect(await backend.get("k", now + 30_000)).toBeUndefined();
    await backend.set("k2", entry("two"));
    expect(await backend.clear()).toBe(2);
    expect(await other.get("foreign")).toBe("keep me");
    other.close();
    backend.close();
  });

  test("fails fast while Redis is down and works again after it restarts", async () => {
    await using redis = await startRedisServer();
    const backend = createRedisBackend({ url: redis.url, clock: manualClock(now) });
    await backend.set("k", entry("v"));
    await redis.stop();
    // a hang here would run into the test timeout; the operation must reject instead
    const failure = await backend.get("k", now).then(
      () => "answered",
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).not.toBe("answered");
    await redis.restart();
    let answer: string | undefined;
    const deadline = Date.now() + 8_000;
    while (answer === undefined && Date.now() < deadline) {
      try {
        await backend.set("after", entry("back"));
        const got = await backend.get("after", now);
        answer = got && new TextDecoder().decode(got.body);
      } catch {
        await Bun.sleep(100);
      }
    }
    expect(answer).toBe("back");
    backend.close();
  });
});
