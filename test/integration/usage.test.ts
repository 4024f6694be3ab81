// Usage records and metrics: one row per request with the upstream's own numbers in every
// dialect and mode, estimates for a client that leaves mid-stream, /metrics checked against
// the requests made, and no row lost on SIGTERM.

import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { createUsageRepository, openStore, type SqliteStore } from "../../src/store/index.ts";
import { startServe } from "../support/cli.ts";
import { leaveMidStream } from "../support/leave-mid-stream.ts";
import { namedProvider, speaksAll, startProxy } from "../support/make-app.ts";
import { reply, startMockUpstream } from "../support/mock-upstream.ts";
import { parsePrometheus } from "../unit/observability/metrics/parse-prometheus.ts";

type Row = Record<string, unknown>;

function tempStore(): SqliteStore {
  return openStore(join(mkdtempSync(join(tmpdir(), "llmp-usage-")), "proxy.db"));
}

function rowsOf(store: SqliteStore): Row[] {
  return store.db.query<Row, []>("select * from usage_records order by id").all();
}

test("usage rows carry the upstream's numbers for OpenAI and Anthropic, streamed and not", async () => {
  await using upstream = startMockUpstream([
    reply.openAIChat("one two", { usage: { prompt_tokens: 11, completion_tokens: 7 } }),
    reply.openAIChat("one two", { usage: { prompt_tokens: 13, completion_tokens: 5 } }),
    reply.anthropicMessage("three", { usage: { input_tokens: 17, output_tokens: 3 } }),
    reply.anthropicMessage("three", { usage: { input_tokens: 19, output_tokens: 2 } }),
  ]);
  const store = tempStore();
  await using proxy = startProxy(
    {
      providers: [
        namedProvider("up", upstream.url, { ...speaksAll, model_map: { "gpt-a": "gpt-a-2024" } }),
      ],
    },
    { store },
  );
  const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });
  const messages = [{ role: "user" as const, content: "hello" }];

  await openai.chat.completions.create({ model: "gpt-a", messages });
  const stream = await openai.chat.completions.create({
    model: "gpt-b",
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const _ of stream);
  await anthropic.messages.create({ model: "claude-a", max_tokens: 5, messages });
  await anthropic.messages.stream({ model: "claude-b", max_tokens: 5, messages }).finalMessage();

  await proxy.app.close();
  const rows = rowsOf(store);
  expect(
    rows.map((row) => [row.model, row.input_tokens, row.output_tokens, row.estimated]),
  ).toEqual([
    ["gpt-a", 11, 7, 0],
    ["gpt-b", 13, 5, 0],
    ["claude-a", 17, 3, 0],
    ["claude-b", 19, 2, 0],
  ]);
  expect(rows[0]).toMatchObject({
    provider: "up",
    model_served: "gpt-a-2024",
    status: 200,
    attempts: 1,
    error_class: null,
  });
  expect(
    rows.every((row) => typeof row.ttfb_ms === "number" && typeof row.request_id === "string"),
  ).toBe(true);
  store.close();
});

test("include_stream_usage counts a stream that did not ask, and hides the extra chunk", async () => {
  await using upstream = startMockUpstream();
  const store = tempStore();
  await using proxy = startProxy(
    { usage: { include_stream_usage: true }, providers: [namedProvider("up", upstream.url)] },
    { store },
  );
  const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const messages = [{ role: "user" as const, content: "count these four words" }];

  const unasked = await openai.chat.completions.create({ model: "m", messages, stream: true });
  const unaskedChunks = [];
  for await (const chunk of unasked) unaskedChunks.push(chunk);
  const asked = await openai.chat.completions.create({
    model: "m",
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  const askedChunks = [];
  for await (const chunk of asked) askedChunks.push(chunk);

  // the client that did not ask sees no usage chunk; the one that asked keeps its own
  expect(unaskedChunks.length).toBeGreaterThan(1);
  expect(unaskedChunks.every((chunk) => chunk.choices.length > 0 && !chunk.usage)).toBe(true);
  expect(askedChunks.at(-1)?.usage?.prompt_tokens).toBeGreaterThan(0);
  expect(askedChunks.length).toBe(unaskedChunks.length + 1);
  // upstream was asked for usage both times
  expect(
    upstream.requests.map((r) => (r.json as { stream_options?: unknown }).stream_options),
  ).toEqual([{ include_usage: true }, { include_usage: true }]);

  await proxy.app.close();
  const rows = rowsOf(store);
  expect(rows.map((row) => row.estimated)).toEqual([0, 0]);
  expect(rows[0]?.input_tokens).toBe(askedChunks.at(-1)?.usage?.prompt_tokens);
  expect(rows[0]?.output_tokens).toBe(askedChunks.at(-1)?.usage?.completion_tokens);
  store.close();
});

test("a client that leaves before the upstream answers ends the upstream call, with a row", async () => {
  await using upstream = startMockUpstream();
  const store = tempStore();
  await using proxy = startProxy({ providers: [namedProvider("up", upstream.url)] }, { store });
  const controller = new AbortController();
  const answer = fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    signal: controller.signal,
    headers: { "x-mock-hang": "1" },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
  });
  await upstream.waitForRequests(1);
  controller.abort();
  expect(answer).rejects.toThrow();
  // the attempt watches the client once the upstream keeps it waiting, and then lets go
  await upstream.waitForAbort(0);
  await proxy.app.waitForIdle();
  await proxy.app.close();
  const [row] = rowsOf(store);
  expect(row).toMatchObject({ status: 499, error_class: "client_closed" });
  store.close();
});

test("a client that leaves mid-stream still gets a row, with estimated output", async () => {
  await using upstream = startMockUpstream({ chunkCount: 50, chunkIntervalMs: 20 });
  const store = tempStore();
  await using proxy = startProxy({ providers: [namedProvider("up", upstream.url)] }, { store });
  await leaveMidStream(proxy.baseURL, "m", upstream);
  await proxy.app.waitForIdle();
  await proxy.app.close();

  const [row] = rowsOf(store);
  expect(row).toMatchObject({ status: 200, error_class: "client_closed", estimated: 1 });
  expect(row?.output_tokens as number).toBeGreaterThan(0);
  expect(row?.input_tokens as number).toBeGreaterThan(0);
  store.close();
});

test("errors get rows too, /metrics counts what was asked, and what was never proxied is neither", async () => {
  await using good = startMockUpstream();
  await using bad = startMockUpstream([reply.status(500)]);
  const store = tempStore();
  await using proxy = startProxy(
    {
      providers: [namedProvider("bad", bad.url), namedProvider("good", good.url)],
      routing: { strategy: "failover" },
    },
    { store },
  );
  const ask = (model: string) =>
    fetch(`${proxy.baseURL}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model, messages: [{ role: "user", content: "a b c" }] }),
    });
  for (let i = 0; i < 3; i++) expect((await ask("m1")).status).toBe(200);
  expect((await fetch(`${proxy.origin}/v1/files`, { method: "POST", body: "{}" })).status).toBe(
    403,
  );
  expect((await fetch(`${proxy.origin}/favicon.ico`)).status).toBe(404);
  const badJson = { method: "POST", body: "{not json" };
  expect((await fetch(`${proxy.baseURL}/chat/completions`, badJson)).status).toBe(400);

  const metrics = parsePrometheus(await (await fetch(`${proxy.origin}/metrics`)).text());
  const key = (labels: string) => `llm_proxy_requests_total{${labels}}`;
  // the first request fails over from bad to good; bad answers the next two itself
  expect(metrics.get(key('cache="none",model="m1",provider="good",status_class="2xx"'))).toBe(1);
  expect(metrics.get(key('cache="none",model="m1",provider="bad",status_class="2xx"'))).toBe(2);
  expect(metrics.get(key('cache="none",model="none",provider="none",status_class="4xx"'))).toBe(1);
  expect(metrics.get('llm_proxy_retries_total{provider="bad"}')).toBe(1);
  expect(
    metrics.get('llm_proxy_request_duration_seconds_count{provider="bad",status_class="2xx"}'),
  ).toBe(2);
  expect(metrics.get('llm_proxy_tokens_total{direction="input",model="m1",provider="bad"}')).toBe(
    6,
  );
  expect(metrics.get("llm_proxy_in_flight_requests")).toBe(0);
  expect(metrics.get('llm_proxy_provider_up{provider="good",state="available"}')).toBe(1);

  await proxy.app.close();
  const rows = rowsOf(store);
  expect(rows).toHaveLength(4);
  expect(rows[0]).toMatchObject({ provider: "good", attempts: 2, status: 200 });
  expect(rows[3]).toMatchObject({ status: 400, error_class: "invalid_request", provider: null });
  store.close();
});

test("2,000 requests then SIGTERM leave 2,000 usage rows", async () => {
  await using upstream = startMockUpstream({ recordRequests: false });
  const dir = mkdtempSync(join(tmpdir(), "llmp-usage-serve-"));
  const config = join(dir, "proxy.yaml");
  writeFileSync(
    config,
    `storage: { path: ./store.db }\nlogging: { requests: false }\nproviders:\n  - { name: up, type: openai, base_url: "${upstream.url}", api_key: k }\n`,
  );
  const server = await startServe(["-c", config]);
  let sent = 0;
  const worker = async () => {
    while (sent < 2_000) {
      sent++;
      const response = await fetch(`${server.origin}/v1/chat/completions`, {
        method: "POST",
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi there" }] }),
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  server.signal("SIGTERM");
  expect(await server.exited).toBe(0);

  const store = openStore(join(dir, "store.db"));
  expect(await createUsageRepository(store.db).count()).toBe(2_000);
  store.close();
}, 60_000);

test("a compressed answer is decoded for the client and read for its usage", async () => {
  // real upstreams gzip their answers: the declared length is the compressed one
  const answer = {
    id: "chatcmpl-gz",
    object: "chat.completion",
    created: 1,
    model: "gpt-gz",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: `packed ${"word ".repeat(4_000)}` },
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 23, completion_tokens: 4_001, total_tokens: 4_024 },
  };
  const packed = Bun.gzipSync(JSON.stringify(answer));
  using upstream = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () =>
      new Response(packed, {
        headers: { "content-type": "application/json", "content-encoding": "gzip" },
      }),
  });
  const store = tempStore();
  await using proxy = startProxy(
    { providers: [namedProvider("up", `${upstream.url.origin}/v1`)] },
    { store },
  );
  const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });

  const completion = await openai.chat.completions.create({
    model: "gpt-gz",
    messages: [{ role: "user", content: "hello" }],
  });

  expect(packed.byteLength).toBeLessThan(1_000);
  expect(completion.choices[0]?.message.content).toBe(answer.choices[0]?.message.content);
  await proxy.app.close();
  expect(
    rowsOf(store).map((row) => [row.model, row.input_tokens, row.output_tokens, row.estimated]),
  ).toEqual([["gpt-gz", 23, 4_001, 0]]);
  store.close();
});
