// The shared state on a real Redis: limit scripts that are exact across two connections, request
// counts that are seeded and never assumed, one script load after a flush, budget reservations
// that are all or nothing and expire, events delivered once across a restart, and a frozen Redis
// that fails calls within the deadline and is noticed when it comes back.

import { expect, test } from "bun:test";
import { systemClock } from "../../../src/shared/index.ts";
import {
  createSharedState,
  type SharedEvent,
  type SharedState,
  SharedStateError,
} from "../../../src/store/index.ts";
import { startRedisServer } from "../../support/redis-server.ts";

function sharedOn(url: string, timeoutMs = 300): SharedState & Disposable {
  const redis = { url, prefix: "llmp-test:", timeout: timeoutMs };
  const state = createSharedState({ redis, fail_mode: "closed" }, { clock: systemClock });
  return Object.assign(state, { [Symbol.dispose]: () => state.close() });
}

const limited = { tpm: null, maxRequests: null, estimatedTokens: 0 };

test("rpm 10 across two connections, 40 at once: exactly 10 are admitted", async () => {
  await using redis = await startRedisServer();
  using a = sharedOn(redis.url);
  using b = sharedOn(redis.url);
  const request = { ...limited, tokenId: "tok_1", rpm: 10 };
  const verdicts = await Promise.all(
    Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).limits.admit(request)),
  );
  expect(verdicts.filter((verdict) => verdict.kind === "admitted")).toHaveLength(10);
  const refused = verdicts.find((verdict) => verdict.kind === "over");
  expect(refused).toMatchObject({ kind: "over", limit: "rpm" });
  expect(refused?.kind === "over" && refused.reliefMs).toBeLessThanOrEqual(60_000);
});

test("a request count Redis does not hold is unseeded, and the first seed wins", async () => {
  await using redis = await startRedisServer();
  using shared = sharedOn(redis.url);
  const request = { ...limited, tokenId: "tok_2", rpm: null, maxRequests: 5 };
  expect(await shared.limits.admit(request)).toEqual({ kind: "unseeded" });
  await shared.limits.seedRequests("tok_2", 3);
  await shared.limits.seedRequests("tok_2", 0); // another instance, later: ignored
  const verdicts = [];
  for (let i = 0; i < 3; i++) verdicts.push((await shared.limits.admit(request)).kind);
  expect(verdicts).toEqual(["admitted", "admitted", "used_up"]);
});

test("after SCRIPT FLUSH, 50 calls at once reload the script once and all succeed", async () => {
  await using redis = await startRedisServer();
  using shared = sharedOn(redis.url);
  const request = { ...limited, tokenId: "tok_3", rpm: 1_000 };
  await shared.limits.admit(request);
  await shared.link.call("SCRIPT FLUSH", (client) => client.send("SCRIPT", ["FLUSH"]));
  await shared.link.call("CONFIG RESETSTAT", (client) => client.send("CONFIG", ["RESETSTAT"]));
  const verdicts = await Promise.all(
    Array.from({ length: 50 }, () => shared.limits.admit(request)),
  );
  expect(verdicts.every((verdict) => verdict.kind === "admitted")).toBe(true);
  const stats = String(
    await shared.link.call("INFO", (client) => client.send("INFO", ["commandstats"])),
  );
  expect(/cmdstat_script\|load:calls=(\d+)/.exec(stats)?.[1]).toBe("1");
});

test("a reservation over two budgets is all or nothing, and expires if never settled", async () => {
  await using redis = await startRedisServer();
  using a = sharedOn(redis.url);
  using b = sharedOn(redis.url);
  const token = { scope: "token", id: "tok_4", start: 0, budgetUsd: 10 };
  const project = { scope: "project", id: "prj_4", start: 0, budgetUsd: 5 };
  for (const window of [token, project]) await a.budgets.seed(window, 0, false, 60_000);
  const reserve = (on: SharedState, id: string, ttlMs = 60_000) =>
    on.budgets.reserve([token, project], { id, amountUsd: 1, ttlMs, keepMs: 60_000 });
  expect((await reserve(a, "short", 40)).kind).toBe("reserved");
  const verdicts = await Promise.all(
    Array.from({ length: 11 }, (_, i) => reserve(i % 2 ? a : b, `r${i}`)),
  );
  expect(verdicts.filter((verdict) => verdict.kind === "reserved")).toHaveLength(4);
  const over = verdicts.find((verdict) => verdict.kind === "over");
  expect(over?.kind === "over" && over.over).toEqual([1]);
  await Bun.sleep(50); // the short reservation had 40 ms
  const [figures] = await a.budgets.read([project]);
  expect(figures).toEqual({ spentUsd: 0, reservedUsd: 4 });
  const held = verdicts.findIndex((verdict) => verdict.kind === "reserved");
  const settlement = { id: `r${held}`, costUsd: 4.5, alertAt: 0.8 };
  const settled = await b.budgets.settle([token, project], settlement);
  expect(settled).toEqual([
    { spentUsd: 4.5, crossedAlert: false },
    { spentUsd: 4.5, crossedAlert: true },
  ]);
});

test("a reservation reads no list of the live ones, however many there are", async () => {
  await using redis = await startRedisServer();
  using shared = sharedOn(redis.url);
  const window = { scope: "project", id: "prj_8", start: 0, budgetUsd: 1_000 };
  await shared.budgets.seed(window, 0, false, 60_000);
  const reserve = (id: string) =>
    shared.budgets.reserve([window], { id, amountUsd: 1, ttlMs: 60_000, keepMs: 60_000 });
  for (let i = 0; i < 300; i++) await reserve(`r${i}`);
  await shared.link.call("CONFIG RESETSTAT", (client) => client.send("CONFIG", ["RESETSTAT"]));
  expect(await reserve("one-more")).toMatchObject({ kind: "reserved" });
  expect(await shared.budgets.read([window])).toEqual([{ spentUsd: 0, reservedUsd: 301 }]);
  const stats = String(
    await shared.link.call("INFO", (client) => client.send("INFO", ["commandstats"])),
  );
  expect(stats).not.toMatch(/cmdstat_(hgetall|hvals|hkeys|hscan)\b/);
});

test("events reach the other connection once, also after a Redis restart", async () => {
  await using redis = await startRedisServer();
  using sender = sharedOn(redis.url);
  using listener = sharedOn(redis.url);
  const received: { event: SharedEvent; own: boolean }[] = [];
  let resyncs = 0;
  const arrived = (count: number) => until(() => received.length >= count);
  listener.events.subscribe(
    (event) => received.push(event),
    () => resyncs++,
  );
  // a publish reaches nobody until the listener is subscribed: send until one reaches it
  const reachOne = (event: SharedEvent) =>
    until(async () => (await sender.events.publish(event).catch(() => 0)) > 0);
  await reachOne({ type: "token_changed", token_id: "tok_5" });
  await arrived(1);
  await redis.restart();
  await until(() => resyncs > 0);
  await reachOne({ type: "token_changed", token_id: "tok_6" });
  await arrived(2);
  await sender.events.publish({ type: "project_changed", project_id: "prj_5" });
  await arrived(3);
  await Bun.sleep(30); // a doubled delivery would have arrived by now
  expect(received.map(({ event, own }) => [Object.values(event)[1], own])).toEqual([
    ["tok_5", false],
    ["tok_6", false],
    ["prj_5", false],
  ]);
});

test("a frozen Redis fails calls within the deadline, once noticed fails them at once", async () => {
  await using redis = await startRedisServer();
  using shared = sharedOn(redis.url, 200);
  const changes: boolean[] = [];
  shared.link.onChange((up) => changes.push(up));
  const request = { ...limited, tokenId: "tok_6", rpm: 5 };
  expect((await shared.limits.admit(request)).kind).toBe("admitted");
  redis.freeze();
  const started = performance.now();
  await expect(shared.limits.admit(request)).rejects.toBeInstanceOf(SharedStateError);
  expect(performance.now() - started).toBeLessThan(1_000);
  const again = performance.now();
  await expect(shared.limits.admit(request)).rejects.toBeInstanceOf(SharedStateError);
  expect(performance.now() - again).toBeLessThan(50);
  expect((await shared.link.check()).ok).toBe(false);
  redis.thaw();
  await until(() => changes.at(-1) === true);
  expect(changes).toEqual([false, true]);
  expect((await shared.limits.admit(request)).kind).toBe("admitted");
});

test("an error of our own in a command is thrown as it is and does not mark Redis down", async () => {
  await using redis = await startRedisServer();
  using shared = sharedOn(redis.url);
  const changes: boolean[] = [];
  shared.link.onChange((up) => changes.push(up));
  const bug = new TypeError("not a Redis argument");
  await expect(shared.link.call("GET", () => Promise.reject(bug))).rejects.toBe(bug);
  expect(shared.link.up()).toBe(true);
  expect(changes).toEqual([]);
  const request = { ...limited, tokenId: "tok_7", rpm: 5 };
  expect((await shared.limits.admit(request)).kind).toBe("admitted");
});

// --- internal ---

/** Polls a condition every 20 ms, for at most 5 s. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met within 5 s");
    await Bun.sleep(20);
  }
}
