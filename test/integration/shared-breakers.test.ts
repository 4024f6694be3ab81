// Circuit-breaker openings shared over Redis (issue 17): when one instance's breaker opens on a
// failing provider, the other instance's opens too, for the rest of the cooldown, without
// having sent it a single request; an opening never echoes back to where it came from.

import { expect, test } from "bun:test";
import { RedisClient } from "bun";
import { namedProvider, startProxy } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";
import { startRedisServer } from "../support/redis-server.ts";

const body = JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] });

test("one instance's open breaker opens the other's; the other never asked the provider", async () => {
  await using redis = await startRedisServer();
  await using flaky = startMockUpstream([reply.status(503), reply.status(503), reply.status(503)]);
  await using steady = startMockUpstream();
  const config = {
    shared: { redis: { url: redis.url } },
    providers: [namedProvider("flaky", flaky.url), namedProvider("steady", steady.url)],
    routing: {
      strategy: "failover",
      retries: 0,
      circuit_breaker: { failures: 2, window: "60s", cooldown: "30s" },
      health_check: { enabled: false },
    },
  };
  await using first = startProxy(config);
  await using second = startProxy(config);
  const stateOf = (proxy: typeof first) =>
    proxy.app.balancer.snapshot().find((snapshot) => snapshot.name === "flaky")?.state;
  // both instances listen once Redis counts two subscribers on the events channel
  const client = new RedisClient(redis.url);
  await until(async () => {
    const [, subscribers] = await client.send("PUBSUB", ["NUMSUB", "llmp:events"]);
    return subscribers === 2;
  });
  client.close();
  expect(stateOf(second)).toBe("available");
  for (let i = 0; i < 2; i++) await post(first.baseURL);
  expect(stateOf(first)).toBe("open");
  await until(async () => stateOf(second) === "open");
  expect(flaky.requests).toHaveLength(2);
  expect(second.app.logs.lines.join("\n")).toContain("circuit opened by another instance");
  // the second instance's answer comes from the steady provider: the flaky one is skipped
  const answer = await post(second.baseURL);
  expect(answer.headers.get("x-llm-proxy-provider")).toBe("steady");
  expect(flaky.requests).toHaveLength(2);
});

// --- internal ---

const post = (base: string) => fetch(`${base}/chat/completions`, { method: "POST", body });

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met within 5 s");
    await Bun.sleep(20);
  }
}
