// Two serve processes on one Postgres and one Redis (issue 17): a token the CLI creates works on
// both and, revoked, is refused by both within a second; the usage of both is in Postgres and
// `usage --json` counts all of it; /ready names the store and Redis and is 503 without either.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { chat, startCluster, until } from "../support/cluster.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { type PostgresServer, startPostgres } from "../support/postgres-server.ts";
import { startRedisServer } from "../support/redis-server.ts";

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres[Symbol.asyncDispose]());

test("a CLI token works on both instances; revoked, both refuse it within 1 s", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream();
  const postgresUrl = await postgres.createDatabase();
  await using cluster = await startCluster({
    postgresUrl,
    redisUrl: redis.url,
    upstreamUrl: upstream.url,
  });
  const [a, b] = cluster.instances;
  const { id, token } = await cluster.createToken();
  expect((await chat(a, token)).status).toBe(200);
  expect((await chat(b, token)).status).toBe(200);
  const revoked = await cluster.cli(["token", "revoke", id]);
  expect(revoked.exitCode).toBe(0);
  const since = performance.now();
  await until(async () => {
    const [onA, onB] = await Promise.all([chat(a, token), chat(b, token)]);
    return onA.status === 401 && onB.status === 401;
  }, 1_000);
  expect(performance.now() - since).toBeLessThan(1_000);
});

test("usage from both instances lands in Postgres; usage --json counts all of it", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream();
  await using cluster = await startCluster({
    postgresUrl: await postgres.createDatabase(),
    redisUrl: redis.url,
    upstreamUrl: upstream.url,
  });
  const [a, b] = cluster.instances;
  const { token } = await cluster.createToken();
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, i) => chat(i % 2 ? a : b, token)),
  );
  expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
  for (const instance of cluster.instances) instance.signal("SIGTERM");
  await Promise.all(cluster.instances.map((instance) => instance.exited));
  const usage = await cluster.cli(["usage", "--by", "project", "--json"]);
  expect(JSON.parse(usage.stdout)).toMatchObject([{ project: "p", requests: 10, errors: 0 }]);
});

test("/ready names the store and Redis; with fail_mode closed it is 503 while Redis is away", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream();
  await using cluster = await startCluster({
    postgresUrl: await postgres.createDatabase(),
    redisUrl: redis.url,
    upstreamUrl: upstream.url,
  });
  const [a] = cluster.instances;
  const ready = async () => {
    const answer = await fetch(`${a.origin}/ready`);
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };
  expect(await ready()).toMatchObject({
    status: 200,
    body: { checks: { store: { ok: true }, redis: { ok: true } } },
  });
  await redis.stop();
  const down = await ready();
  expect(down).toMatchObject({ status: 503, body: { checks: { redis: { ok: false } } } });
  await redis.restart();
  await until(async () => (await ready()).status === 200);
  const logs = await a.waitForStderr(/Redis at .* is back/);
  expect(logs).toMatch(/Redis at 127\.0\.0\.1:\d+ is unreachable/);
  await postgres.stop();
  try {
    expect(await ready()).toMatchObject({
      status: 503,
      body: { checks: { store: { ok: false } } },
    });
  } finally {
    await postgres.start();
  }
  await until(async () => (await ready()).status === 200);
});
