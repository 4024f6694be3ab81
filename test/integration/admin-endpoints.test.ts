// The admin endpoints the dashboard needs: PATCH /admin/tokens/ID, POST
// /admin/providers/NAME/reset and GET /admin/stats, against a real server and store.

import { expect, test } from "bun:test";
import { createTraceRepository, createUsageRepository, openStore } from "../../src/store/index.ts";
import { startProxy, startProxyWithCredentials } from "../support/make-app.ts";
import { managementOf } from "../support/management.ts";
import { manualClock } from "../support/manual-clock.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";
import { readError, readJson } from "../support/read-json.ts";
import { traceRecord, usageRecord } from "../support/store-rows.ts";

const adminKey = "admin-key-for-endpoint-tests";
const headers = { authorization: `Bearer ${adminKey}`, "content-type": "application/json" };
const chat = (origin: string, token?: string) =>
  fetch(`${origin}/v1/chat/completions`, {
    method: "POST",
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] }),
  });

test("PATCH /admin/tokens/ID changes name, limits and models, and null removes a limit", async () => {
  await using upstream = startMockUpstream();
  const store = openStore(":memory:");
  const clock = manualClock();
  await using proxy = startProxy(
    {
      auth: { mode: "tokens", admin_key: adminKey },
      providers: [{ name: "up", type: "openai", base_url: upstream.url, api_key: "sk-up" }],
    },
    { store, clock },
  );
  const patch = (id: string, body: unknown) =>
    fetch(`${proxy.origin}/admin/tokens/${id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify(body),
    });
  const { token, secret } = await managementOf(store).createToken({ project: "p", rpm: 1 });
  expect((await chat(proxy.origin, secret)).status).toBe(200);
  expect((await chat(proxy.origin, secret)).status).toBe(429);

  const changed = await patch(token.id, {
    name: "renamed",
    rpm: null,
    tpm: 5000,
    models: ["gpt-*"],
  });
  expect(changed.status).toBe(200);
  expect(await changed.json()).toMatchObject({
    id: token.id,
    name: "renamed",
    rpm: null,
    tpm: 5000,
    models: ["gpt-*"],
    max_requests: null,
  });
  clock.advance(2_000); // the server trusts its token cache for 2 s
  expect((await chat(proxy.origin, secret)).status).toBe(200);

  const empty = await patch(token.id, {});
  expect(empty.status).toBe(400);
  expect((await readError(empty)).message).toContain("expected at least one of name, rpm");
  expect((await patch("tok_missing", { rpm: 1 })).status).toBe(404);
  await managementOf(store).revokeToken(token.id);
  expect((await patch(token.id, { rpm: 1 })).status).toBe(409);

  const audit = await readJson<{ events: { action: string; details: unknown }[] }>(
    await fetch(`${proxy.origin}/admin/audit`, { headers }),
  );
  expect(audit.events.find((event) => event.action === "token.update")?.details).toMatchObject({
    changes: { name: "renamed", rpm: null, tpm: 5000 },
  });
  await proxy.app.close();
  store.close();
});

test("POST /admin/providers/NAME/reset closes an open breaker and resets its credentials", async () => {
  await using upstream = startMockUpstream([reply.status(503), reply.status(503)]);
  await using proxy = await startProxyWithCredentials({
    auth: { admin_key: adminKey },
    routing: { retries: 0, circuit_breaker: { failures: 1, window: "60s", cooldown: "1h" } },
    providers: [{ name: "pool", type: "openai", base_url: upstream.url, keys: ["k1", "k2"] }],
  });
  expect((await chat(proxy.origin)).status).toBe(503);
  const stateOf = async () =>
    (
      await readJson<{ providers: { state: string; breaker: string }[] }>(
        await fetch(`${proxy.origin}/admin/providers`, { headers }),
      )
    ).providers[0];
  expect(await stateOf()).toMatchObject({ state: "open", breaker: "open" });
  // open: the only provider still gets the request (a panic pass); it fails again, so it stays open
  const panicked = await chat(proxy.origin);
  expect(panicked.status).toBe(503);
  expect(panicked.headers.get("x-llm-proxy-panic")).toBe("true");
  expect(await stateOf()).toMatchObject({ state: "open", breaker: "open" });

  const reset = await fetch(`${proxy.origin}/admin/providers/pool/reset`, {
    method: "POST",
    headers,
  });
  expect(await reset.json()).toMatchObject({
    provider: "pool",
    reset: true,
    credentials_reset: true,
    snapshot: { state: "available", breaker: "closed" },
  });
  expect((await chat(proxy.origin)).status).toBe(200);
  const missing = await fetch(`${proxy.origin}/admin/providers/nope/reset`, {
    method: "POST",
    headers,
  });
  expect(missing.status).toBe(404);
  expect((await readError(missing)).message).toBe('no provider "nope"');
});

test("GET /admin/stats answers a point per step, aligned, from the usage rows", async () => {
  const store = openStore(":memory:");
  const now = Date.UTC(2026, 0, 1, 12, 30, 15);
  await using proxy = startProxy(
    {
      auth: { mode: "none", admin_key: adminKey },
      providers: [{ name: "m", type: "mock" }],
    },
    { store, clock: manualClock(now) },
  );
  await createUsageRepository(store.db).insertBatch([
    usageRecord(now - 10 * 60_000, 120),
    usageRecord(now - 60_000, 800, { error_class: "upstream_error" }),
    usageRecord(now, 80),
  ]);
  const answer = await fetch(`${proxy.origin}/admin/stats?since=1h&step=5m`, { headers });
  const { points } = await readJson<{ points: { t: string; requests: number; errors: number }[] }>(
    answer,
  );
  expect(points).toHaveLength(12);
  expect(points[0]?.t).toBe("2026-01-01T11:35:00.000Z");
  expect(points.at(-1)?.t).toBe("2026-01-01T12:30:00.000Z");
  expect(points.map((point) => point.requests)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
  expect(points.map((point) => point.errors).reduce((a, b) => a + b)).toBe(1);
  const fallback = await fetch(`${proxy.origin}/admin/stats`, { headers });
  expect((await readJson<{ points: unknown[] }>(fallback)).points).toHaveLength(60);
  const bad = await fetch(`${proxy.origin}/admin/stats?step=30s`, { headers });
  expect(bad.status).toBe(400);
  await proxy.app.close();
  store.close();
});

test("GET /admin/traces filters by model, provider and status", async () => {
  const store = openStore(":memory:");
  await using proxy = startProxy(
    { auth: { mode: "none", admin_key: adminKey }, providers: [{ name: "m", type: "mock" }] },
    { store },
  );
  const now = Date.now();
  await createTraceRepository(store.db).insertBatch([
    traceRecord("trc_a", now - 3, { model: "gpt-4o", provider: "openai" }),
    traceRecord("trc_b", now - 2, { model: "gpt-4o", provider: "azure", status: 502 }),
    traceRecord("trc_c", now - 1, { model: "claude", provider: "anthropic", status: 429 }),
  ]);
  const ids = async (query: string) => {
    const answer = await fetch(`${proxy.origin}/admin/traces?${query}`, { headers });
    return (await readJson<{ traces: { id: string }[] }>(answer)).traces.map((trace) => trace.id);
  };
  expect(await ids("since=1h")).toEqual(["trc_c", "trc_b", "trc_a"]);
  expect(await ids("status=error")).toEqual(["trc_c", "trc_b"]);
  expect(await ids("status=ok")).toEqual(["trc_a"]);
  expect(await ids("model=gpt-4o&status=error")).toEqual(["trc_b"]);
  expect(await ids("provider=anthropic")).toEqual(["trc_c"]);
  const bad = await fetch(`${proxy.origin}/admin/traces?status=maybe`, { headers });
  expect(bad.status).toBe(400);
  await proxy.app.close();
  store.close();
});
