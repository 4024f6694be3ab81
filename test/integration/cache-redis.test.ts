// The Redis cache backend against a real redis-server: two proxy instances share one cache, and a
// Redis restart mid-test costs misses (logged once, counted on /metrics), never a failed request,
// and the backend comes back by itself.

import { expect, test } from "bun:test";
import { startProxy } from "../support/make-app.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { startRedisServer } from "../support/redis-server.ts";
import { parsePrometheus } from "../unit/observability/metrics/parse-prometheus.ts";

const question = (content: string) =>
  JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content }] });

async function ask(origin: string, content: string, stream = false) {
  const body = stream
    ? JSON.stringify({ ...JSON.parse(question(content)), stream: true })
    : question(content);
  const response = await fetch(`${origin}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return {
    status: response.status,
    cache: response.headers.get("x-cache-status"),
    text: await response.text(),
  };
}

test("two proxies share one Redis cache, streams included", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream();
  const config = {
    cache: { enabled: true, backend: "redis", url: redis.url },
    providers: [{ name: "up", type: "openai", base_url: upstream.url }],
  };
  await using first = startProxy(config);
  await using second = startProxy(config);

  const miss = await ask(first.origin, "shared");
  const hit = await ask(second.origin, "shared");
  expect([miss.cache, hit.cache]).toEqual(["MISS", "HIT"]);
  expect(hit.text).toBe(miss.text);

  const streamMiss = await ask(second.origin, "shared stream", true);
  const streamHit = await ask(first.origin, "shared stream", true);
  expect([streamMiss.cache, streamHit.cache]).toEqual(["MISS", "HIT"]);
  expect(streamHit.text).toBe(streamMiss.text);
  expect(upstream.requests).toHaveLength(2);
});

test("Redis going away mid-test costs misses, never a failed request, and it comes back", async () => {
  await using redis = await startRedisServer();
  await using upstream = startMockUpstream();
  await using proxy = startProxy({
    cache: { enabled: true, backend: "redis", url: redis.url },
    providers: [{ name: "up", type: "openai", base_url: upstream.url }],
  });
  await ask(proxy.origin, "before");
  expect((await ask(proxy.origin, "before")).cache).toBe("HIT");

  await redis.stop();
  for (let i = 0; i < 5; i++) {
    const during = await ask(proxy.origin, "before");
    expect(during.status).toBe(200);
    expect(during.cache).toBe("MISS");
  }
  const warnings = proxy.app.logs.lines.filter((line) =>
    line.includes("cache backend redis failed"),
  );
  expect(warnings).toHaveLength(1);
  const metrics = parsePrometheus(await (await fetch(`${proxy.origin}/metrics`)).text());
  const getErrors = [...metrics].find(([key]) =>
    key.startsWith('llm_proxy_cache_errors_total{backend="redis",operation="get"}'),
  );
  expect(getErrors?.[1]).toBeGreaterThanOrEqual(5);

  await redis.restart();
  // the backend reconnects on its own: within a few seconds answers are stored and served again
  let cache: string | null = null;
  const deadline = Date.now() + 8_000;
  while (cache !== "HIT" && Date.now() < deadline) {
    const after = await ask(proxy.origin, "after restart");
    expect(after.status).toBe(200);
    cache = after.cache;
    if (cache !== "HIT") await Bun.sleep(100);
  }
  expect(cache).toBe("HIT");
  expect(
    proxy.app.logs.lines.some((line) => line.includes("cache backend redis works again")),
  ).toBe(true);
});
