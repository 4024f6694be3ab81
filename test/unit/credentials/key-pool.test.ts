import { describe, expect, test } from "bun:test";
import { parseConfigObject } from "../../../src/config/index.ts";
import { type CredentialPool, createCredentialPool } from "../../../src/credentials/index.ts";
import { manualClock } from "../../support/manual-clock.ts";
import { bearerOf, headersOf, lease, poolFor } from "./pool-for.ts";

const threeKeys = { keys: ["k1", "k2", "k3"] };

/** Acquires `count` leases, reporting `ok` for each, and returns the keys sent. */
async function sentKeys(pool: CredentialPool, count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const acquired = await lease(pool);
    keys.push(bearerOf(acquired));
    acquired.report({ kind: "ok" });
  }
  return keys;
}

describe("key pools", () => {
  test("rotates round-robin over three keys, one per acquire", async () => {
    const { pool } = await poolFor(threeKeys);
    expect(await sentKeys(pool, 7)).toEqual(["k1", "k2", "k3", "k1", "k2", "k3", "k1"]);
  });

  test("names keys key-1, key-2 … and applies them with the provider's applyKey", async () => {
    const config = parseConfigObject(
      {
        providers: [
          { name: "p", type: "anthropic", base_url: "http://127.0.0.1:9/v1", keys: ["a", "b"] },
        ],
      },
      { env: {}, baseDir: "/", source: "test" },
    );
    const provider = config.providers[0] as (typeof config.providers)[0];
    const pool = await createCredentialPool(provider, {
      fetch: globalThis.fetch,
      clock: manualClock(),
      applyKey: (headers, secret) => headers.set("x-api-key", secret),
    });
    if (!pool) throw new Error("expected a pool");
    const first = await lease(pool);
    expect(first.name).toBe("key-1");
    expect(headersOf(first).get("x-api-key")).toBe("a");
    expect((await lease(pool)).name).toBe("key-2");
  });

  test("benches a key after auth_failed and skips it afterwards", async () => {
    const { pool } = await poolFor(threeKeys);
    (await lease(pool)).report({ kind: "auth_failed" });
    expect(await sentKeys(pool, 4)).toEqual(["k2", "k3", "k2", "k3"]);
    expect(pool.snapshot()[0]).toEqual({
      name: "key-1",
      state: "benched",
      requests: 1,
      failures: 1,
      cooling_down_until: null,
    });
  });

  test("reset un-benches every key", async () => {
    const { pool } = await poolFor(threeKeys);
    for (let i = 0; i < 3; i++) (await lease(pool)).report({ kind: "auth_failed" });
    expect(pool.hasUsable()).toBe(false);
    expect(await pool.acquire(new Set())).toBeUndefined();
    pool.reset();
    expect(pool.hasUsable()).toBe(true);
    expect(pool.snapshot().map((credential) => credential.state)).toEqual(["ok", "ok", "ok"]);
    expect((await sentKeys(pool, 3)).sort()).toEqual(["k1", "k2", "k3"]);
  });

  test("cools a rate-limited key down for retryAfterMs, then uses it again", async () => {
    const { pool, clock } = await poolFor(threeKeys);
    (await lease(pool)).report({ kind: "rate_limited", retryAfterMs: 5_000 });
    const [first] = pool.snapshot();
    expect(first?.state).toBe("cooling_down");
    expect(first?.cooling_down_until).toBe(new Date(clock.now() + 5_000).toISOString());
    expect(await sentKeys(pool, 2)).toEqual(["k2", "k3"]);
    clock.advance(4_999);
    expect(await sentKeys(pool, 2)).toEqual(["k2", "k3"]);
    clock.advance(1);
    expect(await sentKeys(pool, 1)).toEqual(["k1"]);
    expect(pool.snapshot()[0]).toMatchObject({ state: "ok", cooling_down_until: null });
  });

  test("cools down for 30 s when the 429 gave no retry-after", async () => {
    const { pool, clock } = await poolFor({ keys: ["only"] });
    (await lease(pool)).report({ kind: "rate_limited" });
    expect(pool.hasUsable()).toBe(false);
    clock.advance(29_999);
    expect(pool.hasUsable()).toBe(false);
    clock.advance(1);
    expect(pool.hasUsable()).toBe(true);
  });

  test("only a success of a request sent after the 429 ends the cool-down", async () => {
    const { pool, clock } = await poolFor({ keys: ["k1"] });
    const sentBefore = await lease(pool);
    clock.advance(10);
    (await lease(pool)).report({ kind: "rate_limited", retryAfterMs: 5_000 });
    clock.advance(10);
    sentBefore.report({ kind: "ok", status: 200 });
    expect(pool.snapshot()[0]?.state).toBe("cooling_down");
    // the panic pass lends it while cooling down: its success says the upstream takes it again
    (await pool.acquire(new Set(), { panic: true }))?.report({ kind: "ok", status: 200 });
    expect(pool.snapshot()[0]?.state).toBe("ok");
  });

  test("hasUsable is false when every key is benched or cooling down", async () => {
    const { pool } = await poolFor(threeKeys);
    (await lease(pool)).report({ kind: "auth_failed" });
    (await lease(pool)).report({ kind: "rate_limited", retryAfterMs: 60_000 });
    expect(pool.hasUsable()).toBe(true);
    (await lease(pool)).report({ kind: "auth_failed" });
    expect(pool.hasUsable()).toBe(false);
    expect(await pool.acquire(new Set())).toBeUndefined();
  });

  test("skips names in the exclude set", async () => {
    const { pool } = await poolFor(threeKeys);
    expect((await lease(pool, new Set(["key-1", "key-2"]))).name).toBe("key-3");
    expect(await pool.acquire(new Set(["key-1", "key-2", "key-3"]))).toBeUndefined();
  });

  test("counts requests per credential and failures only from auth failures and rate limits", async () => {
    const { pool } = await poolFor({ keys: ["only"] });
    (await lease(pool)).report({ kind: "ok" });
    (await lease(pool)).report(undefined);
    const twice = await lease(pool);
    twice.report({ kind: "rate_limited", retryAfterMs: 0 });
    twice.report({ kind: "auth_failed" });
    expect(pool.snapshot()).toEqual([
      { name: "key-1", state: "ok", requests: 3, failures: 1, cooling_down_until: null },
    ]);
  });

  test("returns no pool for a single api_key or no credentials", async () => {
    const config = parseConfigObject(
      {
        providers: [
          { name: "single", base_url: "http://127.0.0.1:9/v1", api_key: "sk" },
          { name: "none", type: "mock" },
        ],
      },
      { env: {}, baseDir: "/", source: "test" },
    );
    const deps = { fetch: globalThis.fetch, clock: manualClock(), applyKey: () => {} };
    for (const provider of config.providers) {
      expect(await createCredentialPool(provider, deps)).toBeUndefined();
    }
  });
});
