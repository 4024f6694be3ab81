// Redis going away under two serve processes (DESIGN.md, fail_mode): closed refuses only the
// callers that need a shared limit or budget (503 shared_state_unavailable) and the limits work
// again once Redis is back; open lets them through on each instance's own limits, and counts it.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { chat, startCluster, until } from "../support/cluster.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { type PostgresServer, startPostgres } from "../support/postgres-server.ts";
import { startRedisServer } from "../support/redis-server.ts";
import { parsePrometheus } from "../unit/observability/metrics/parse-prometheus.ts";

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres[Symbol.asyncDispose]());

async function codeOf(answer: Response): Promise<string | undefined> {
  if (answer.status === 200) return undefined;
  return ((await answer.json()) as { error?: { code?: string } }).error?.code;
}

async function sharedStateErrors(origin: string): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  let total = 0;
  for (const [key, value] of parsePrometheus(text)) {
    if (key.startsWith("llm_proxy_shared_state_errors_total")) total += value;
  }
  return total;
}

test("fail_mode closed: Redis away refuses limited callers only; back, limits work again within 5 s", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream();
  const urls = { postgresUrl: await postgres.createDatabase(), redisUrl: redis.url };
  await using cluster = await startCluster({ ...urls, upstreamUrl: upstream.url });
  const [a, b] = cluster.instances;
  const limited = await cluster.createToken("--rpm", "3");
  const budgeted = await cluster.createToken("--budget", "100");
  const plain = await cluster.createToken();
  expect((await chat(a, limited.token)).status).toBe(200);

  await redis.stop();
  for (const instance of [a, b]) {
    const refused = await chat(instance, limited.token);
    expect([refused.status, await codeOf(refused)]).toEqual([503, "shared_state_unavailable"]);
    expect(await codeOf(await chat(instance, budgeted.token))).toBe("shared_state_unavailable");
    expect((await chat(instance, plain.token)).status).toBe(200);
  }
  expect(await sharedStateErrors(a.origin)).toBeGreaterThan(0);

  await redis.restart();
  const back = performance.now();
  const serves = async (instance: typeof a) =>
    (await chat(instance, budgeted.token)).status === 200;
  await until(async () => (await serves(a)) && (await serves(b)));
  expect(performance.now() - back).toBeLessThan(5_000);
  // Redis came back empty: this minute's window starts again, across both, and holds again
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await chat(i % 2 ? a : b, limited.token)).status);
  expect(statuses).toEqual([200, 200, 200, 429]);
});

test("fail_mode open: with Redis away requests pass, on each instance's own limits", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream();
  const urls = { postgresUrl: await postgres.createDatabase(), redisUrl: redis.url };
  await using cluster = await startCluster({
    ...urls,
    upstreamUrl: upstream.url,
    failMode: "open",
  });
  const [a, b] = cluster.instances;
  const limited = await cluster.createToken("--rpm", "2");
  const budgeted = await cluster.createToken("--budget", "100");
  await redis.stop();
  const onA = [];
  for (let i = 0; i < 3; i++) onA.push((await chat(a, limited.token)).status);
  expect(onA).toEqual([200, 200, 429]);
  expect((await chat(b, limited.token)).status).toBe(200);
  expect((await chat(b, budgeted.token)).status).toBe(200);
  expect(await sharedStateErrors(a.origin)).toBeGreaterThanOrEqual(3);
  const ready = await fetch(`${a.origin}/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ checks: { redis: { ok: false } } });
});
