// Passive (circuit breaker) and active (health check) provider health, /ready and
// /admin/providers, with several mock upstreams.

import { expect, test } from "bun:test";
import { namedProvider, startProxy } from "../support/make-app.ts";
import { manualClock } from "../support/manual-clock.ts";
import { createDefaultReply, reply, startMockUpstream } from "../support/mock-upstream.ts";
import { readJson } from "../support/read-json.ts";

const body = JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] });

const post = (base: string) => fetch(`${base}/chat/completions`, { method: "POST", body });
const answeredBy = async (base: string) => {
  const response = await post(base);
  expect(response.status).toBe(200);
  return response.headers.get("x-llm-proxy-provider");
};

test("the breaker opens after N failures, skips the provider, probes once after cooldown, recovers", async () => {
  const clock = manualClock();
  await using flaky = startMockUpstream([reply.status(500), reply.status(502), reply.status(503)]);
  await using steady = startMockUpstream();
  await using proxy = startProxy(
    {
      providers: [namedProvider("flaky", flaky.url), namedProvider("steady", steady.url)],
      routing: {
        strategy: "failover",
        circuit_breaker: { failures: 3, window: "60s", cooldown: "30s" },
      },
    },
    { clock },
  );

  // three failures: each request still succeeds on the next provider
  for (let i = 0; i < 3; i++) expect(await answeredBy(proxy.baseURL)).toBe("steady");
  expect(flaky.requests).toHaveLength(3);

  // open: flaky is not even tried
  expect(await answeredBy(proxy.baseURL)).toBe("steady");
  expect(flaky.requests).toHaveLength(3);
  expect(proxy.app.balancer.snapshot()[0]).toMatchObject({ name: "flaky", state: "open" });

  // after the cooldown one probe goes through; flaky answers now, so it closes
  clock.advance(30_000);
  expect(await answeredBy(proxy.baseURL)).toBe("flaky");
  expect(await answeredBy(proxy.baseURL)).toBe("flaky");
  expect(proxy.app.balancer.snapshot()[0]).toMatchObject({ state: "available", breaker: "closed" });

  // state changes are logged once each, not per request, and never with a secret
  const stateLines = proxy.app.logs.lines.filter((line) => line.includes("provider flaky:"));
  expect(stateLines).toHaveLength(2);
  expect(stateLines[0]).toContain("circuit opened: 3 errors");
  expect(stateLines[1]).toContain("circuit closed");
  expect(proxy.app.logs.lines.join("\n")).not.toContain("sk-flaky-secret");
});

test("active health checks take a failing provider out and bring it back", async () => {
  let modelsStatus = 503;
  const answer = createDefaultReply();
  await using sick = startMockUpstream({
    defaultReply: (req, recorded) =>
      recorded.path === "/v1/models" && req.method === "GET" && modelsStatus !== 200
        ? reply.status(modelsStatus)(req, recorded)
        : answer(req, recorded),
  });
  await using well = startMockUpstream();
  await using proxy = startProxy({
    providers: [namedProvider("sick", sick.url), namedProvider("well", well.url)],
    routing: { strategy: "round_robin", health_check: { interval: "1h", timeout: "1s" } },
  });

  await proxy.app.checkHealth();
  const check = sick.requests.find((request) => request.path === "/v1/models");
  expect(check?.headers.authorization).toBe("Bearer sk-sick-secret");
  for (let i = 0; i < 4; i++) expect(await answeredBy(proxy.baseURL)).toBe("well");
  expect(await readJson(await fetch(`${proxy.origin}/ready`))).toEqual({
    status: "ready",
    checks: {
      store: { ok: true },
      providers: { sick: { state: "unhealthy" }, well: { state: "available" } },
    },
  });

  modelsStatus = 200;
  await proxy.app.checkHealth();
  const picks = [await answeredBy(proxy.baseURL), await answeredBy(proxy.baseURL)];
  expect(picks.sort()).toEqual(["sick", "well"]);

  const lines = proxy.app.logs.lines.filter((line) => line.includes("provider sick:"));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain("health check failed (answered 503)");
  expect(lines[1]).toContain("health check passed");
});

test("a health check that gets no answer in time marks the provider down", async () => {
  await using silent = startMockUpstream({ defaultReply: reply.hang() });
  await using proxy = startProxy({
    providers: [namedProvider("silent", silent.url)],
    routing: { health_check: { interval: "1h", timeout: "50ms" } },
  });
  await proxy.app.checkHealth();
  expect(proxy.app.balancer.snapshot()[0]).toMatchObject({
    state: "unhealthy",
    health_check: "down",
    last_error: { message: "health check: no answer within 50 ms" },
  });
  await silent.waitForAbort(0);
});

test("GET /admin/providers shows live state with the admin key, and no secret", async () => {
  await using upstream = startMockUpstream([reply.status(500)]);
  await using proxy = startProxy({
    auth: { admin_key: "admin-secret-for-health" },
    providers: [namedProvider("p", upstream.url, { max_concurrent: 3, weight: 2 })],
  });
  await post(proxy.baseURL);
  await post(proxy.baseURL);

  const denied = await fetch(`${proxy.origin}/admin/providers`);
  expect(denied.status).toBe(401);
  const response = await fetch(`${proxy.origin}/admin/providers`, {
    headers: { authorization: "Bearer admin-secret-for-health" },
  });
  const text = await response.text();
  expect(response.status).toBe(200);
  expect(text).not.toContain("sk-p-secret");
  const { providers } = JSON.parse(text) as { providers: unknown[] };
  expect(providers).toEqual([
    {
      name: "p",
      type: "openai",
      state: "available",
      breaker: "closed",
      health_check: "unknown",
      in_flight: 0,
      slots_in_use: 0,
      max_concurrent: 3,
      weight: 2,
      fallback_only: false,
      ewma_first_byte_ms: expect.any(Number),
      requests: 2,
      errors: { server: 1, rate_limited: 0, auth: 0 },
      recent_failures: { error: 1, rate_limit: 0, auth: 0 },
      last_error: { message: "answered 500", at: expect.any(String) },
      cooling_down_until: null,
      credentials: null,
    },
  ]);
});

test("without an admin key /admin/* is disabled and says how to enable it", async () => {
  await using upstream = startMockUpstream();
  await using proxy = startProxy({ providers: [namedProvider("p", upstream.url)] });
  const response = await fetch(`${proxy.origin}/admin/providers`);
  expect(response.status).toBe(404);
  expect(await response.text()).toContain("auth.admin_key");
});
