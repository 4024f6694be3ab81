// Traces: what a trace keeps (headers, bodies, streams reassembled), that no secret reaches a
// trace, a log line or the database file, daily JSONL rotation with retention, sampling, and
// reading traces back through the CLI and GET /admin/traces.

import { expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import {
  createTraceRepository,
  openStore,
  type SqliteStore,
  type TraceRecord,
} from "../../src/store/index.ts";
import { runCli } from "../support/cli.ts";
import { startProxy } from "../support/make-app.ts";
import { managementOf } from "../support/management.ts";
import { manualClock } from "../support/manual-clock.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { readJson } from "../support/read-json.ts";

const openaiKey = "sk-upstream-openai-0123456789";
const anthropicKey = "sk-ant-upstream-9876543210";
const adminKey = "admin-key-for-trace-tests";
const dayMs = 86_400_000;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "llmp-traces-"));
}

async function clientTokenIn(store: SqliteStore): Promise<string> {
  return (await managementOf(store).createToken({ project: "team" })).secret;
}

async function tracesIn(store: SqliteStore): Promise<TraceRecord[]> {
  const repository = createTraceRepository(store.db);
  const summaries = await repository.list({ limit: 1000 });
  const traces = await Promise.all(summaries.map((summary) => repository.get(summary.id)));
  return traces.filter((trace): trace is TraceRecord => trace !== undefined).reverse();
}

/** Every file under `dir`, recursively, as bytes decoded leniently. */
function everyFileText(dir: string): string {
  let text = "";
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    text += statSync(path).isDirectory() ? everyFileText(path) : readFileSync(path, "latin1");
  }
  return text;
}

test("traces keep both sides redacted; no secret reaches a trace, a log line or the db file", async () => {
  await using upstream = startMockUpstream();
  const dir = tempDir();
  const store = openStore(join(dir, "proxy.db"));
  const clientToken = await clientTokenIn(store);
  const querySecret = "query-secret-abcdef123";
  {
    await using proxy = startProxy(
      {
        auth: { mode: "tokens", admin_key: adminKey },
        logging: { level: "debug", format: "json" },
        traces: { sink: "both", directory: join(dir, "traces") },
        providers: [
          {
            name: "oai",
            type: "openai",
            base_url: upstream.url,
            api_key: openaiKey,
            models: ["gpt-*"],
          },
          {
            name: "ant",
            type: "anthropic",
            base_url: upstream.url,
            api_key: anthropicKey,
            models: ["claude-*"],
          },
        ],
      },
      { store },
    );
    const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: clientToken, maxRetries: 0 });
    const anthropic = new Anthropic({ baseURL: proxy.origin, apiKey: clientToken, maxRetries: 0 });
    // a user who pastes their own token into a prompt: the echo brings it back in the response
    const pasted = [{ role: "user" as const, content: `is ${clientToken} my key?` }];

    await openai.chat.completions.create({ model: "gpt-a", messages: pasted });
    let streamed = "";
    const stream = await openai.chat.completions.create({
      model: "gpt-a",
      messages: [{ role: "user", content: "stream please" }],
      stream: true,
    });
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? "";
    const message = await anthropic.messages
      .stream({ model: "claude-a", max_tokens: 20, messages: [{ role: "user", content: "hi" }] })
      .finalMessage();
    const models = await fetch(`${proxy.baseURL}/models/gpt-a?api_key=${querySecret}`, {
      headers: { "x-api-key": clientToken },
    });
    expect(models.status).toBe(404);
    const bad = await fetch(`${proxy.baseURL}/chat/completions?key=${querySecret}`, {
      method: "POST",
      headers: { authorization: `Bearer ${clientToken}-wrong` },
      body: "{}",
    });
    expect(bad.status).toBe(401);

    await proxy.app.close();
    const traces = await tracesIn(store);
    expect(traces.map((trace) => [trace.method, trace.status, trace.provider])).toEqual([
      ["POST", 200, "oai"],
      ["POST", 200, "oai"],
      ["POST", 200, "ant"],
      ["GET", 404, expect.any(String)],
      ["POST", 401, null],
    ]);
    const [plain, openaiStream, anthropicStream, listing, refused] = traces;
    expect(plain?.request_headers?.authorization).toBe("[redacted]");
    expect(JSON.parse(plain?.request_body ?? "{}").messages[0].content).toBe(
      "is [redacted] my key?",
    );
    expect(JSON.parse(plain?.response_body ?? "{}").choices[0].message.content).toBe(
      "echo: is [redacted] my key?",
    );
    expect(openaiStream?.response_text).toBe(streamed);
    expect(openaiStream?.response_body).toContain("data: [DONE]");
    expect(anthropicStream?.request_headers?.authorization).toBe("[redacted]");
    expect(anthropicStream?.response_text).toBe(
      message.content.map((block) => (block.type === "text" ? block.text : "")).join(""),
    );
    expect(anthropicStream?.response_body).toContain("event: message_stop");
    expect(listing?.path).toBe("/v1/models/gpt-a?api_key=[redacted]");
    expect(listing?.request_headers?.["x-api-key"]).toBe("[redacted]");
    expect(refused?.path).toBe("/v1/chat/completions?key=[redacted]");

    const jsonlLines = readdirSync(join(dir, "traces")).flatMap((file) =>
      readFileSync(join(dir, "traces", file), "utf8")
        .trim()
        .split("\n"),
    );
    expect(jsonlLines.map((line) => JSON.parse(line).id).sort()).toEqual(
      traces.map((trace) => trace.id).sort(),
    );
    // at debug, bodies are logged too: the pasted token must be scrubbed there as well
    const bodyLines = proxy.app.logs.lines.filter((line) => line.includes('"msg":"bodies"'));
    expect(bodyLines).toHaveLength(5);
    expect(bodyLines[0]).toContain("is [redacted] my key?");
    store.close();
    const everything = `${everyFileText(dir)}\n${proxy.app.logs.lines.join("\n")}`;
    for (const secret of [openaiKey, anthropicKey, clientToken, querySecret, adminKey]) {
      expect(everything.includes(secret)).toBe(false);
    }
    // the upstream did get its own key, so the check above is not vacuous
    expect(upstream.requests.some((r) => r.headers.authorization === `Bearer ${openaiKey}`)).toBe(
      true,
    );
  }
});

test("JSONL traces rotate by day and retention deletes old days and rows on start", async () => {
  await using upstream = startMockUpstream();
  const dir = tempDir();
  const tracesDir = join(dir, "traces");
  const store = openStore(join(dir, "proxy.db"));
  const clock = manualClock(Date.parse("2026-11-20T12:00:00Z"));
  const config = {
    traces: { sink: "both", directory: tracesDir, retention: "2d" },
    providers: [{ name: "up", type: "openai", base_url: upstream.url, api_key: openaiKey }],
  };
  const ask = (origin: string) =>
    fetch(`${origin}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
    });
  {
    await using proxy = startProxy(config, { store, clock });
    for (let day = 0; day < 4; day++) {
      expect((await ask(proxy.origin)).status).toBe(200);
      clock.advance(dayMs);
    }
  }
  expect(readdirSync(tracesDir).sort()).toEqual([
    "traces-2026-11-20.jsonl",
    "traces-2026-11-21.jsonl",
    "traces-2026-11-22.jsonl",
    "traces-2026-11-23.jsonl",
  ]);
  expect(await tracesIn(store)).toHaveLength(4);

  // a file that is not ours is never touched by retention
  writeFileSync(join(tracesDir, "notes.txt"), "keep me");
  // the clock is now 2026-11-24T12:00Z: with 2 days kept, the 20th and 21st go
  {
    await using _restarted = startProxy(config, { store, clock });
    expect(readdirSync(tracesDir).sort()).toEqual([
      "notes.txt",
      "traces-2026-11-22.jsonl",
      "traces-2026-11-23.jsonl",
    ]);
    expect(
      (await tracesIn(store)).map((trace) => new Date(trace.at).toISOString().slice(0, 10)),
    ).toEqual(["2026-11-22", "2026-11-23"]);
  }
  store.close();
});

test("sample_rate 0 traces nothing; traces.enabled false stores nothing", async () => {
  await using upstream = startMockUpstream();
  for (const traces of [{ sample_rate: 0 }, { enabled: false }]) {
    const store = openStore(join(tempDir(), "proxy.db"));
    {
      await using proxy = startProxy(
        { traces, providers: [{ name: "up", type: "openai", base_url: upstream.url }] },
        { store },
      );
      const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
      await openai.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "hi" }],
      });
    }
    expect(await tracesIn(store)).toEqual([]);
    store.close();
  }
});

test("bodies past traces.max_body are cut and the trace says so", async () => {
  await using upstream = startMockUpstream();
  const store = openStore(join(tempDir(), "proxy.db"));
  {
    await using proxy = startProxy(
      {
        traces: { max_body: 256 },
        providers: [{ name: "up", type: "openai", base_url: upstream.url }],
      },
      { store },
    );
    const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
    const long = "word ".repeat(200);
    const answer = await openai.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: long }],
    });
    expect(answer.choices[0]?.message.content).toBe(`echo: ${long}`);
    expect(proxy.app.logs.lines.some((line) => line.includes('"msg":"bodies"'))).toBe(false);
  }
  const [trace] = await tracesIn(store);
  expect(trace?.truncated).toBe(true);
  expect(new TextEncoder().encode(trace?.request_body ?? "").byteLength).toBeLessThanOrEqual(256);
  expect(new TextEncoder().encode(trace?.response_body ?? "").byteLength).toBeLessThanOrEqual(256);
  store.close();
});

test("trace list, show and export from the CLI; GET /admin/traces with the admin key", async () => {
  await using upstream = startMockUpstream();
  const dir = tempDir();
  const configPath = join(dir, "proxy.config.yaml");
  const upstreamKey = "sk-upstream-trace-secret-0123456789";
  writeFileSync(
    configPath,
    `storage: { path: ./proxy.db }\nproviders: [{ name: up, type: mock, api_key: ${upstreamKey} }]\n`,
  );
  const store = openStore(join(dir, "proxy.db"));
  // pasted into a prompt, the key comes back split across the stream's deltas
  const pasted = `my key is ${upstreamKey} ok`;
  {
    await using proxy = startProxy(
      {
        auth: { mode: "none", admin_key: adminKey },
        providers: [{ name: "up", type: "openai", base_url: upstream.url, api_key: upstreamKey }],
      },
      { store },
    );
    const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
    for (const content of ["first", "second"]) {
      await openai.chat.completions.create({ model: "m", messages: [{ role: "user", content }] });
    }
    const stream = await openai.chat.completions.create(
      { model: "m", stream: true, messages: [{ role: "user", content: pasted }] },
      { headers: { "x-mock-chunks": "12" } },
    );
    for await (const _ of stream);
    await proxy.app.close();
    const refused = await fetch(`${proxy.origin}/admin/traces`);
    expect(refused.status).toBe(401);
    const listed = await readJson<{ traces: { id: string; status: number }[] }>(
      await fetch(`${proxy.origin}/admin/traces?since=1h`, {
        headers: { authorization: `Bearer ${adminKey}` },
      }),
    );
    expect(listed.traces.map((trace) => trace.status)).toEqual([200, 200, 200]);
    const read = async (id: string | undefined) =>
      readJson<{ id: string; response_body: string; response_text: string | null }>(
        await fetch(`${proxy.origin}/admin/traces/${id}`, {
          headers: { authorization: `Bearer ${adminKey}` },
        }),
      );
    const streamed = await read(listed.traces[0]?.id);
    // the stream's text is made when the trace is read, redacted like everything else
    expect(streamed.response_text).toBe("echo: my key is [redacted] ok");
    expect(streamed.response_body).toContain("data: [DONE]");
    const one = await read(listed.traces[1]?.id);
    expect(JSON.parse(one.response_body).choices[0].message.content).toBe("echo: second");
    expect(one.response_text).toBeNull();
  }
  store.close();

  const list = await runCli(["trace", "list", "--json", "-c", configPath]);
  expect(list.exitCode).toBe(0);
  const rows = JSON.parse(list.stdout) as Record<string, unknown>[];
  expect(rows).toHaveLength(3);
  expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
    ["id", "model", "provider", "request_id", "status", "time"].sort(),
  );

  const show = await runCli(["trace", "show", String(rows[2]?.id), "--json", "-c", configPath]);
  expect(show.exitCode).toBe(0);
  const shown = JSON.parse(show.stdout) as TraceRecord;
  expect(JSON.parse(shown.request_body ?? "{}").messages[0].content).toBe("first");
  expect(shown.request_headers).toBeObject();

  const exported = await runCli(["trace", "export", "--since", "1h", "-c", configPath]);
  expect(exported.exitCode).toBe(0);
  const lines = exported.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as TraceRecord);
  expect(lines.map((trace) => JSON.parse(trace.request_body ?? "{}").messages[0].content)).toEqual([
    "first",
    "second",
    "my key is [redacted] ok",
  ]);
  expect(lines[2]?.response_text).toBe("echo: my key is [redacted] ok");
  expect(exported.stdout).not.toContain(upstreamKey);

  const missing = await runCli(["trace", "show", "trc_nope", "-c", configPath]);
  expect(missing.exitCode).toBe(1);
  expect(missing.stderr).toContain('no trace "trc_nope"');
  const badFormat = await runCli(["trace", "export", "--format", "csv", "-c", configPath]);
  expect(badFormat.exitCode).toBe(1);
  expect(badFormat.stderr).toContain("--format");
});

test("each request's own presented key is scrubbed from its trace, request after request", async () => {
  await using upstream = startMockUpstream();
  const store = openStore(join(tempDir(), "proxy.db"));
  const keys = ["first-client-key-0123456789", "second-client-key-9876543210"];
  {
    await using proxy = startProxy(
      { providers: [{ name: "oai", type: "openai", base_url: upstream.url, models: ["gpt-*"] }] },
      { store },
    );
    // auth none: the proxy does not check these keys, but a trace must still not keep them
    for (const key of [keys[0], keys[1], keys[0]] as string[]) {
      const openai = new OpenAI({
        baseURL: proxy.baseURL,
        apiKey: "unused",
        defaultHeaders: { "x-api-key": key },
        maxRetries: 0,
      });
      await openai.chat.completions.create({
        model: "gpt-a",
        messages: [{ role: "user", content: `my key is ${key}` }],
      });
    }
  }
  const traces = await tracesIn(store);
  expect(traces).toHaveLength(3);
  for (const trace of traces) {
    expect(JSON.parse(trace.request_body ?? "{}").messages[0].content).toBe("my key is [redacted]");
    expect(trace.response_body).toContain("echo: my key is [redacted]");
    expect(JSON.stringify(trace)).not.toContain("client-key");
  }
  store.close();
});
