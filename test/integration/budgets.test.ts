// Budgets that hold (DESIGN.md, cost and budgets): reserved at the worst case before a request
// is sent, settled at its real cost however it ends, refused with 429 in the caller's dialect.

import { expect, test } from "bun:test";
import { openStore, type Store } from "../../src/store/index.ts";
import { startProxy, type TestProxy } from "../support/make-app.ts";
import { managementOf } from "../support/management.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";

const adminKey = "admin-key-for-budget-tests";
const admin = { authorization: `Bearer ${adminKey}`, "content-type": "application/json" };
// 1,000 USD per million tokens: a token costs 0.001 USD, so the figures below are easy to check
const pricing = [{ model: "priced-*", input: 1000, output: 1000 }];

type BudgetRow = {
  scope: string;
  name: string;
  budget_usd: number;
  spent_usd: number;
  reserved_usd: number;
  resets_at: string | null;
};

async function setup(latencyMs = 0) {
  const upstream = startMockUpstream({ latencyMs });
  const store = openStore(":memory:");
  const proxy = startProxy(
    {
      auth: { mode: "tokens", admin_key: adminKey },
      pricing,
      providers: [
        { name: "up", type: "openai", base_url: upstream.url, api_key: "sk-up-key-0001" },
      ],
    },
    { store },
  );
  const cleanup = async () => {
    await proxy[Symbol.asyncDispose]();
    await upstream.stop();
    store.close();
  };
  return { upstream, store, proxy, cleanup };
}

const chat = (proxy: TestProxy, token: string, extra: Record<string, unknown> = {}) =>
  fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({
      model: "priced-1",
      max_tokens: 100,
      messages: [{ role: "user", content: "hi" }],
      ...extra,
    }),
  });

async function budgets(proxy: TestProxy): Promise<BudgetRow[]> {
  return (await (
    await fetch(`${proxy.origin}/admin/budgets`, { headers: admin })
  ).json()) as BudgetRow[];
}

async function tokenWithBudget(store: Store, usd: number, period: "1d" | "total" = "total") {
  return (await managementOf(store).createToken({ project: "p", budget: { usd, period } })).secret;
}

test("50 concurrent requests against a budget that fits 10: at most 10 go through, spend stays within", async () => {
  const { proxy, store, upstream, cleanup } = await setup(300);
  try {
    // each request reserves (its body bytes + 100 max output tokens) × 0.001 USD
    const probe = JSON.stringify({
      model: "priced-1",
      max_tokens: 100,
      messages: [{ role: "user", content: "hi" }],
    });
    const reservation = (new TextEncoder().encode(probe).byteLength + 100) * 0.001;
    const token = await tokenWithBudget(store, reservation * 10 + reservation / 2);
    const answers = await Promise.all(Array.from({ length: 50 }, () => chat(proxy, token)));
    const ok = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(ok.length).toBeLessThanOrEqual(10);
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.length + refused.length).toBe(50);
    expect(upstream.requests.length).toBe(ok.length);
    const error = (await refused[0]?.json()) as {
      error: { type: string; code: string; message: string };
    };
    expect(error.error).toMatchObject({ type: "insufficient_quota", code: "budget_exceeded" });
    expect(error.error.message).toContain("budget exceeded: token");
    expect(refused[0]?.headers.get("retry-after")).toBeNull(); // a total budget never resets
    const [row] = await budgets(proxy);
    expect(row?.spent_usd).toBeLessThanOrEqual(row?.budget_usd ?? 0);
    expect(row?.spent_usd).toBeGreaterThan(0);
    expect(row?.reserved_usd).toBe(0);
  } finally {
    await cleanup();
  }
});

test("the remaining budget comes back as a header; a 1d budget says when to retry", async () => {
  const { proxy, store, cleanup } = await setup();
  try {
    const token = await tokenWithBudget(store, 0.3, "1d");
    const first = await chat(proxy, token);
    expect(first.status).toBe(200);
    const remaining = Number(first.headers.get("x-llm-proxy-budget-remaining-usd"));
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(0.3);
    const refused = await chat(proxy, token, { max_tokens: 1000 });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
  } finally {
    await cleanup();
  }
});

test("on /v1/messages the refusal is Anthropic's rate_limit_error; an unpriced model is 403", async () => {
  const { proxy, store, cleanup } = await setup();
  try {
    const token = await tokenWithBudget(store, 0.0001);
    const refused = await fetch(`${proxy.origin}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": token },
      body: JSON.stringify({
        model: "priced-1",
        max_tokens: 100,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      type: "error",
      error: { type: "rate_limit_error" },
    });
    const unpriced = await chat(proxy, token, { model: "gpt-unknown-9" });
    expect(unpriced.status).toBe(403);
    expect(await unpriced.json()).toMatchObject({
      error: { code: "unpriced_model", param: "model" },
    });
  } finally {
    await cleanup();
  }
});

test("a stream the client leaves is charged its estimated cost, and the reservation is released", async () => {
  const { proxy, store, cleanup } = await setup();
  try {
    const token = await tokenWithBudget(store, 10);
    const controller = new AbortController();
    const response = await fetch(`${proxy.baseURL}/chat/completions`, {
      method: "POST",
      signal: controller.signal,
      headers: {
        authorization: `Bearer ${token}`,
        "x-mock-chunks": "50",
        "x-mock-interval-ms": "20",
      },
      body: JSON.stringify({
        model: "priced-1",
        stream: true,
        messages: [{ role: "user", content: "a b c d" }],
      }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    await proxy.app.waitForIdle();
    const [row] = await budgets(proxy);
    expect(row?.spent_usd).toBeGreaterThan(0);
    expect(row?.reserved_usd).toBe(0);
  } finally {
    await cleanup();
  }
});

test("budgets through the admin API: project and token budgets, PATCH, and GET /admin/budgets", async () => {
  const { proxy, cleanup } = await setup();
  try {
    const post = (path: string, body: unknown, method = "POST") =>
      fetch(`${proxy.origin}${path}`, { method, headers: admin, body: JSON.stringify(body) });
    expect(
      (await post("/admin/projects", { name: "web", budget_usd: 25, budget_period: "month" }))
        .status,
    ).toBe(201);
    const created = (await (
      await post("/admin/tokens", { project: "web", budget_usd: 5, budget_period: "1d" })
    ).json()) as { id: string };
    const patched = await post(`/admin/projects/web`, { budget_usd: 40 }, "PATCH");
    expect(await patched.json()).toMatchObject({ budget_usd: 40, budget_period: "month" });
    const removed = await post(`/admin/tokens/${created.id}`, { budget_usd: null }, "PATCH");
    expect(await removed.json()).toMatchObject({ budget_usd: null });
    const rows = await budgets(proxy);
    expect(rows).toEqual([
      expect.objectContaining({
        scope: "project",
        name: "web",
        budget_usd: 40,
        period: "month",
        spent_usd: 0,
        reserved_usd: 0,
      }),
    ]);
    const bad = await post("/admin/projects", { name: "x", budget_usd: -1 });
    expect(bad.status).toBe(400);
  } finally {
    await cleanup();
  }
});

test("crossing budgets.alert_at logs one warning, writes an audit event and counts", async () => {
  const upstream = startMockUpstream();
  const store = openStore(":memory:");
  await using proxy = startProxy(
    {
      auth: { mode: "tokens", admin_key: adminKey },
      pricing,
      budgets: { alert_at: 0.05 },
      providers: [
        { name: "up", type: "openai", base_url: upstream.url, api_key: "sk-up-key-0001" },
      ],
    },
    { store },
  );
  // each request costs 0.003 USD here, so 0.05 × 0.12 is crossed on the second
  const token = await tokenWithBudget(store, 0.12);
  for (let i = 0; i < 4; i++)
    expect((await chat(proxy, token, { max_tokens: 1 })).status).toBe(200);
  const metrics = await (await fetch(`${proxy.origin}/metrics`)).text();
  expect(metrics).toContain('llm_proxy_budget_alerts_total{scope="token"} 1');
  const warnings = proxy.app.logs.lines.filter((line) => line.includes("budget alert"));
  expect(warnings).toHaveLength(1);
  const audit = (await (await fetch(`${proxy.origin}/admin/audit`, { headers: admin })).json()) as {
    events: { action: string }[];
  };
  expect(audit.events.map((event) => event.action)).toContain("budget.alert");
  await upstream.stop();
});
