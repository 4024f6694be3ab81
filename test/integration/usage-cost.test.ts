// cost_usd on every usage row, for each dialect and mode, against hand-computed values from
// config prices; null for an unpriced model, 0 for a request that used no tokens, and the
// usage summary and /metrics adding them up.

import { expect, test } from "bun:test";
import { createUsageRepository, openStore } from "../../src/store/index.ts";
import { leaveMidStream } from "../support/leave-mid-stream.ts";
import { makeApp, namedProvider, speaksAll, startProxy } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";
import { parsePrometheus } from "../unit/observability/metrics/parse-prometheus.ts";

const pricing = [
  // no cache_write price: cache writes cost the input price
  { model: "gpt-x*", input: 2, output: 8, cache_read: 0.5 },
  { model: "claude-x*", input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
];
const openAIUsage = {
  prompt_tokens: 1500,
  completion_tokens: 20,
  prompt_tokens_details: { cached_tokens: 1024, cache_write_tokens: 200 },
};
// (1500 − 1024 − 200) × 2 + 1024 × 0.5 + 200 × 2 + 20 × 8 = 1,624 per million
const openAICost = 0.001624;
const anthropicUsage = {
  input_tokens: 276,
  output_tokens: 20,
  cache_read_input_tokens: 1024,
  cache_creation_input_tokens: 200,
};
// 276 × 3 + 1024 × 0.3 + 200 × 3.75 + 20 × 15 = 2,185.2 per million
const anthropicCost = 0.0021852;
const responsesUsage = {
  input_tokens: 1000,
  input_tokens_details: { cached_tokens: 600 },
  output_tokens: 50,
};
// 400 × 2 + 600 × 0.5 + 50 × 8 = 1,500 per million
const responsesCost = 0.0015;

const responsesBody = {
  object: "response",
  output: [{ type: "message", content: [{ type: "output_text", text: "hi" }] }],
  usage: responsesUsage,
};
const responsesStream = [
  `event: response.output_text.delta\ndata: ${JSON.stringify({ type: "response.output_text.delta", delta: "hi" })}`,
  `event: response.completed\ndata: ${JSON.stringify({ type: "response.completed", response: responsesBody })}`,
];

test("each dialect and mode is priced by the one formula; unpriced is null, nothing used is 0", async () => {
  await using upstream = startMockUpstream([
    reply.openAIChat("a b", { usage: openAIUsage }),
    reply.openAIChat("a b", { usage: openAIUsage }),
    reply.anthropicMessage("a b", { usage: anthropicUsage }),
    reply.anthropicMessage("a b", { usage: anthropicUsage }),
    reply.json(responsesBody),
    reply.sse(responsesStream),
    reply.openAIChat("a b", { usage: openAIUsage }),
    reply.status(500),
  ]);
  const store = openStore(":memory:");
  const app = makeApp(
    { pricing, providers: [namedProvider("up", upstream.url, speaksAll)] },
    { store },
  );
  const send = async (path: string, body: Record<string, unknown>) => {
    const init = { method: "POST", body: JSON.stringify(body) };
    await (await app.fetch(new Request(`http://proxy${path}`, init))).text();
  };
  const messages = [{ role: "user", content: "hello" }];
  const streamUsage = { stream: true, stream_options: { include_usage: true } };
  await send("/v1/chat/completions", { model: "gpt-x", messages });
  await send("/v1/chat/completions", { model: "gpt-x", messages, ...streamUsage });
  await send("/v1/messages", { model: "claude-x", max_tokens: 5, messages });
  await send("/v1/messages", { model: "claude-x", max_tokens: 5, messages, stream: true });
  await send("/v1/responses", { model: "gpt-x-r", input: "hello" });
  await send("/v1/responses", { model: "gpt-x-r", input: "hello", stream: true });
  await send("/v1/chat/completions", { model: "mystery-model", messages });
  await send("/v1/chat/completions", { model: "gpt-x", messages });
  const metrics = parsePrometheus(
    await (await app.fetch(new Request("http://proxy/metrics"))).text(),
  );
  await app.waitForIdle();
  await app.close();

  const rows = store.db
    .query<{ model: string; cost_usd: number | null }, []>(
      "select model, cost_usd from usage_records order by id",
    )
    .all();
  const costs = rows.map((row) => row.cost_usd);
  const expected = [
    openAICost,
    openAICost,
    anthropicCost,
    anthropicCost,
    responsesCost,
    responsesCost,
  ];
  for (const [i, cost] of expected.entries()) expect(costs[i]).toBeCloseTo(cost, 12);
  expect(costs.slice(6)).toEqual([null, 0]);

  const summary = await createUsageRepository(store.db).summarize(0, "model");
  expect(summary.find((row) => row.key === "mystery-model")).toMatchObject({
    cost_usd: null,
    unpriced_requests: 1,
  });
  const gpt = summary.find((row) => row.key === "gpt-x");
  expect(gpt).toMatchObject({ requests: 3, unpriced_requests: 0, errors: 1 });
  expect(gpt?.cost_usd).toBeCloseTo(2 * openAICost, 12);

  expect(metrics.get('llm_proxy_cost_usd_total{model="claude-x",provider="up"}')).toBeCloseTo(
    2 * anthropicCost,
    12,
  );
  expect(
    metrics.get('llm_proxy_unpriced_requests_total{model="mystery-model",provider="up"}'),
  ).toBe(1);
  store.close();
});

test("a cache hit costs 0", async () => {
  await using upstream = startMockUpstream([reply.openAIChat("a b", { usage: openAIUsage })]);
  const store = openStore(":memory:");
  const app = makeApp(
    {
      pricing,
      cache: { enabled: true, backend: "memory" },
      providers: [namedProvider("up", upstream.url, speaksAll)],
    },
    { store },
  );
  const body = JSON.stringify({ model: "gpt-x", messages: [{ role: "user", content: "same" }] });
  for (let i = 0; i < 2; i++) {
    const response = await app.fetch(
      new Request("http://proxy/v1/chat/completions", { method: "POST", body }),
    );
    await response.text();
  }
  await app.waitForIdle();
  await app.close();
  const rows = store.db
    .query<{ cache_status: string; cost_usd: number }, []>(
      "select cache_status, cost_usd from usage_records order by id",
    )
    .all();
  expect(rows.map((row) => row.cache_status)).toEqual(["miss", "hit"]);
  expect(rows[0]?.cost_usd).toBeCloseTo(openAICost, 12);
  expect(rows[1]?.cost_usd).toBe(0);
  store.close();
});

test("a client that leaves mid-stream gets an estimated cost from what was streamed", async () => {
  await using upstream = startMockUpstream({ chunkCount: 50, chunkIntervalMs: 20 });
  const store = openStore(":memory:");
  await using proxy = startProxy(
    { pricing, providers: [namedProvider("up", upstream.url, speaksAll)] },
    { store },
  );
  await leaveMidStream(proxy.baseURL, "gpt-x", upstream);
  await proxy.app.waitForIdle();
  await proxy.app.close();

  const row = store.db
    .query<Record<string, number>, []>(
      "select input_tokens, output_tokens, estimated, cost_usd from usage_records",
    )
    .get();
  expect(row?.estimated).toBe(1);
  expect(row?.output_tokens).toBeGreaterThan(0);
  // no cache parts: input at 2 and output at 8 per million
  const cost = ((row?.input_tokens ?? 0) * 2 + (row?.output_tokens ?? 0) * 8) / 1e6;
  expect(row?.cost_usd).toBeCloseTo(cost, 12);
  expect(row?.cost_usd).toBeGreaterThan(0);
  store.close();
});
