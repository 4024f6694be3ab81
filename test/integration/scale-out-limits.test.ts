// Limits that hold across two serve processes (issue 17): rpm 10 with 40 concurrent requests
// over both instances lets exactly 10 through.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Cluster, chat, startCluster } from "../support/cluster.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { type PostgresServer, startPostgres } from "../support/postgres-server.ts";
import { startRedisServer } from "../support/redis-server.ts";

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres[Symbol.asyncDispose]());

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
