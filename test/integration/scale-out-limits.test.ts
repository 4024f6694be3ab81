// Limits that hold across two serve processes (issue 17): rpm 10 with 40 concurrent requests
// over both instances lets exactly 10 through; a budget that fits 5 requests lets at most 5 of
// 30 through; and a Redis restarted empty mid-period resets neither a total budget nor a
// max_requests count, because the counters are seeded from Postgres.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Cluster, chat, startCluster, until } from "../support/cluster.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { type PostgresServer, startPostgres } from "../support/postgres-server.ts";
import { startRedisServer } from "../support/redis-server.ts";

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres[Symbol.asyncDispose]());

// each request reserves (its body bytes + 100 max output tokens) × 0.001 USD (cluster pricing)
const body = JSON.stringify({
  model: "priced-1",
  max_tokens: 100,
  messages: [{ role: "user", content: "hi" }],
});
const reservationUsd = (new TextEncoder().encode(body).byteLength + 100) * 0.001;

async function statuses(cluster: Cluster, token: string, count: number): Promise<number[]> {
  const [a, b] = cluster.instances;
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => chat(i % 2 ? a : b, token)),
  );
  return answers.map((answer) => answer.status);
}

const count = (list: number[], status: number) => list.filter((item) => item === status).length;

test("rpm 10 across both instances, 40 concurrent requests: exactly 10 succeed", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream();
  const urls = { postgresUrl: await postgres.createDatabase(), redisUrl: redis.url };
  await using cluster = await startCluster({ ...urls, upstreamUrl: upstream.url });
  const { token } = await cluster.createToken("--rpm", "10");
  const answers = await statuses(cluster, token, 40);
  expect([count(answers, 200), count(answers, 429)]).toEqual([10, 30]);
  expect(upstream.requests).toHaveLength(10);
});

test("a budget that fits 5 requests, 30 concurrent across both: at most 5 succeed", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream({ latencyMs: 300 });
  const urls = { postgresUrl: await postgres.createDatabase(), redisUrl: redis.url };
  await using cluster = await startCluster({ ...urls, upstreamUrl: upstream.url });
  const budget = String(reservationUsd * 5 + reservationUsd / 2);
  const { token } = await cluster.createToken("--budget", budget);
  const answers = await statuses(cluster, token, 30);
  expect(count(answers, 200)).toBeGreaterThan(0);
  expect(count(answers, 200)).toBeLessThanOrEqual(5);
  expect(count(answers, 200) + count(answers, 429)).toBe(30);
  const [row] = await budgetsOf(cluster);
  expect(row.spent_usd).toBeLessThanOrEqual(row.budget_usd);
});

test("Redis restarted empty mid-period: a total budget and a max_requests count carry on", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream();
  const urls = { postgresUrl: await postgres.createDatabase(), redisUrl: redis.url };
  await using cluster = await startCluster({ ...urls, upstreamUrl: upstream.url });
  const budgetUsd = reservationUsd * 3;
  const budgeted = await cluster.createToken("--budget", String(budgetUsd));
  const counted = await cluster.createToken("--max-requests", "6");
  expect(count(await statuses(cluster, budgeted.token, 2), 200)).toBe(2);
  expect(count(await statuses(cluster, counted.token, 4), 200)).toBe(4);
  // the record is in Postgres once each instance has flushed its counters (every second)
  await until(async () => (await recorded(cluster, counted.id)) === 4);
  const [{ spent_usd: spentUsd }] = await budgetsOf(cluster);
  expect(spentUsd).toBeGreaterThan(0);

  await redis.restart();
  const [a, b] = cluster.instances;
  // both instances use Redis again once a budgeted probe passes on each
  const probe = await cluster.createToken("--budget", "100");
  const passes = async (instance: typeof a) => (await chat(instance, probe.token)).status === 200;
  await until(async () => (await passes(a)) && (await passes(b)));
  // 2 of the 6 requests are left, whichever instance serves them
  const left = [
    await chat(b, counted.token),
    await chat(a, counted.token),
    await chat(b, counted.token),
  ];
  expect(left.map((answer) => answer.status)).toEqual([200, 200, 401]);
  // a request reserving more than the budget has left, but less than the whole budget: refused
  // only if the spend carried on
  const maxTokens = tokensReserving(budgetUsd - spentUsd / 2);
  const refused = await chat(a, budgeted.token, { max_tokens: maxTokens });
  expect(refused.status).toBe(429);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
    "budget_exceeded",
  );
});

// --- internal ---

async function recorded(cluster: Cluster, tokenId: string): Promise<number | undefined> {
  const listed = JSON.parse((await cluster.cli(["token", "list", "--json"])).stdout) as {
    id: string;
    request_count: number;
  }[];
  return listed.find((row) => row.id === tokenId)?.request_count;
}

async function budgetsOf(cluster: Cluster) {
  const listed = await cluster.cli(["budget", "list", "--json"]);
  return JSON.parse(listed.stdout) as [{ spent_usd: number; budget_usd: number }];
}

/** The max_tokens whose request reserves (about) `usd` at the cluster's price. */
function tokensReserving(usd: number): number {
  const bytes = (maxTokens: number) =>
    new TextEncoder().encode(
      JSON.stringify({
        model: "priced-1",
        max_tokens: maxTokens,
        messages: [{ role: "user", content: "hi" }],
      }),
    ).byteLength;
  const guess = Math.floor(usd / 0.001);
  return guess - bytes(guess);
}
