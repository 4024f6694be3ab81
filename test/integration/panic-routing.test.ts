// No self-made outage (DESIGN.md): a 429, a cooldown or an open breaker never makes the proxy
// refuse by itself; with every candidate out, the request still goes to the one back soonest.

import { expect, test } from "bun:test";
import { namedProvider, startProxy, startProxyWithCredentials } from "../support/make-app.ts";
import { manualClock } from "../support/manual-clock.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";

const body = JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] });
const post = (base: string) => fetch(`${base}/chat/completions`, { method: "POST", body });
const bearerOf = (headers: Record<string, string>) => headers.authorization?.replace("Bearer ", "");

async function panicCount(origin: string, provider: string): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const line = text
    .split("\n")
    .find((entry) => entry.startsWith(`llm_proxy_panic_routed_total{provider="${provider}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

test("one 429 from a lone provider does not refuse the requests after it", async () => {
  const clock = manualClock();
  await using only = startMockUpstream([reply.status(429, undefined, { "retry-after": "7" })]);
  await using proxy = startProxy({ providers: [namedProvider("only", only.url)] }, { clock });

  const limited = await post(proxy.baseURL);
  expect(limited.status).toBe(429);
  expect(limited.headers.get("retry-after")).toBe("7");
  expect(limited.headers.get("x-llm-proxy-panic")).toBeNull();

  const next = await post(proxy.baseURL);
  expect(next.status).toBe(200);
  expect(next.headers.get("x-llm-proxy-panic")).toBe("true");
  expect(only.requests).toHaveLength(2);
  expect(await panicCount(proxy.origin, "only")).toBe(1);
  expect((await fetch(`${proxy.origin}/ready`)).status).toBe(200);

  // the upstream answered, so the cooldown is over: back to normal routing
  const normal = await post(proxy.baseURL);
  expect(normal.status).toBe(200);
  expect(normal.headers.get("x-llm-proxy-panic")).toBeNull();
});

test("several 429s: the client gets the one with the smallest retry-after, then a panic pass", async () => {
  const clock = manualClock();
  await using slow = startMockUpstream([
    reply.status(429, { error: "slow" }, { "retry-after": "20" }),
  ]);
  await using soon = startMockUpstream([
    reply.status(429, { error: "soon" }, { "retry-after": "5" }),
  ]);
  await using proxy = startProxy(
    {
      providers: [namedProvider("slow", slow.url), namedProvider("soon", soon.url)],
      routing: { strategy: "failover" },
    },
    { clock },
  );

  const limited = await post(proxy.baseURL);
  expect(limited.status).toBe(429);
  expect(limited.headers.get("retry-after")).toBe("5");
  expect(limited.headers.get("x-llm-proxy-provider")).toBe("soon");
  expect(await limited.json()).toEqual({ error: "soon" });

  clock.advance(1_000);
  const next = await post(proxy.baseURL);
  expect(next.status).toBe(200);
  expect(next.headers.get("x-llm-proxy-provider")).toBe("soon");
  expect(next.headers.get("x-llm-proxy-panic")).toBe("true");
  expect(slow.requests).toHaveLength(1);
});

test("every breaker open: the soonest provider still gets the request, and /ready stays 200", async () => {
  const clock = manualClock();
  await using down = startMockUpstream([reply.status(500)]);
  await using proxy = startProxy(
    {
      providers: [namedProvider("down", down.url)],
      routing: { circuit_breaker: { failures: 1, cooldown: "20s" } },
    },
    { clock },
  );
  expect((await post(proxy.baseURL)).status).toBe(500);
  clock.advance(5_000);

  const through = await post(proxy.baseURL);
  expect(through.status).toBe(200);
  expect(through.headers.get("x-llm-proxy-panic")).toBe("true");
  expect(down.requests).toHaveLength(2);

  const ready = await fetch(`${proxy.origin}/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({
    status: "ready",
    checks: { store: { ok: true }, providers: { down: { state: "available" } } },
  });
});

test("every key of a pool cooling down: the key back soonest is used", async () => {
  const clock = manualClock();
  await using pooled = startMockUpstream([
    reply.status(429, undefined, { "retry-after": "60" }),
    reply.status(429, undefined, { "retry-after": "10" }),
  ]);
  await using proxy = await startProxyWithCredentials(
    { providers: [{ name: "pool", type: "openai", base_url: pooled.url, keys: ["a1", "a2"] }] },
    { clock },
  );
  const limited = await post(proxy.baseURL);
  expect(limited.status).toBe(429);
  expect(limited.headers.get("retry-after")).toBe("10");

  const next = await post(proxy.baseURL);
  expect(next.status).toBe(200);
  expect(next.headers.get("x-llm-proxy-panic")).toBe("true");
  expect(pooled.requests.map((request) => bearerOf(request.headers))).toEqual(["a1", "a2", "a2"]);
});

test("/ready fails only when no provider passes its active health check", async () => {
  await using sick = startMockUpstream({ defaultReply: reply.status(503) });
  await using proxy = startProxy({
    providers: [namedProvider("sick", sick.url)],
    routing: { health_check: { interval: "1h", timeout: "1s" } },
  });
  await proxy.app.checkHealth();
  const ready = await fetch(`${proxy.origin}/ready`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toEqual({
    status: "unavailable",
    checks: { store: { ok: true }, providers: { sick: { state: "unhealthy" } } },
  });
  // still served: the proxy never refuses on its own
  const answer = await post(proxy.baseURL);
  expect(answer.status).toBe(503);
  expect(answer.headers.get("x-llm-proxy-panic")).toBe("true");
});
