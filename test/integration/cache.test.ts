// The response cache on sqlite and memory: hits for every cacheable endpoint, the key's rules,
// streaming replay byte for byte, partial streams never stored, client control, TTLs, project
// isolation, coalescing, clearing, and the cache status on usage rows and /metrics.

import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { createAuditRepository, openStore, type SqliteStore } from "../../src/store/index.ts";
import { runCli } from "../support/cli.ts";
import { startProxy, type TestProxy } from "../support/make-app.ts";
import { managementOf } from "../support/management.ts";
import { manualClock } from "../support/manual-clock.ts";
import { type MockUpstream, startMockUpstream } from "../support/mock-upstream.ts";
import { readError, readJson } from "../support/read-json.ts";
import { parsePrometheus, seriesKey } from "../unit/observability/metrics/parse-prometheus.ts";

const adminKey = "admin-key-for-cache-tests";

function tempStore(): { store: SqliteStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "llmp-cache-"));
  return { store: openStore(join(dir, "proxy.db")), dir };
}

function cachingProxy(
  upstream: MockUpstream,
  deps: Parameters<typeof startProxy>[1] = {},
  extra: Record<string, unknown> = {},
): TestProxy {
  return startProxy(
    {
      cache: { enabled: true },
      providers: [{ name: "up", type: "openai", base_url: upstream.url }],
      ...extra,
    },
    deps,
  );
}

function chat(proxy: TestProxy, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const question = (content: string) => ({
  model: "gpt-test",
  messages: [{ role: "user" as const, content }],
});

test("every cacheable endpoint answers a repeat from the cache, with HIT and age", async () => {
  await using upstream = startMockUpstream();
  const clock = manualClock();
  await using proxy = cachingProxy(
    upstream,
    { clock },
    {
      providers: [
        { name: "up", type: "openai", base_url: upstream.url, models: ["gpt-*", "text-*"] },
        { name: "claude", type: "anthropic", base_url: upstream.url, models: ["claude-*"] },
      ],
    },
  );
  const openai = new OpenAI({ baseURL: proxy.baseURL, apiKey: "x", maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });
  const calls = [
    () => openai.chat.completions.create(question("hello")).withResponse(),
    () => openai.embeddings.create({ model: "text-embed", input: ["a", "b"] }).withResponse(),
    () => openai.completions.create({ model: "gpt-instruct", prompt: "Say hi" }).withResponse(),
    () =>
      anthropic.messages
        .create({ model: "claude-x", max_tokens: 9, messages: [{ role: "user", content: "hi" }] })
        .withResponse(),
  ];
  for (const call of calls) {
    const before = upstream.requests.length;
    const first = await call();
    clock.advance(3_000);
    const second = await call();
    expect(first.response.headers.get("x-cache-status")).toBe("MISS");
    expect(second.response.headers.get("x-cache-status")).toBe("HIT");
    expect(second.response.headers.get("age")).toBe("3");
    expect(JSON.stringify(second.data)).toBe(JSON.stringify(first.data));
    expect(upstream.requests.length).toBe(before + 1);
  }
});

test("the key ignores JSON key order and whitespace, and follows model_map and vary headers", async () => {
  await using upstream = startMockUpstream();
  await using proxy = cachingProxy(
    upstream,
    {},
    {
      providers: [
        { name: "up", type: "openai", base_url: upstream.url, model_map: { alias: "gpt-real" } },
      ],
    },
  );
  const status = async (body: unknown, headers: Record<string, string> = {}) =>
    (await chat(proxy, body, headers)).headers.get("x-cache-status");

  expect(
    await status({ model: "gpt-real", temperature: 0, messages: [{ role: "user", content: "q" }] }),
  ).toBe("MISS");
  expect(
    await status(
      '{ "messages" : [ { "content":"q", "role":"user" } ],\n "temperature":0, "model":"gpt-real" }',
    ),
  ).toBe("HIT");
  // a different model name that maps to the same upstream model is the same question
  expect(
    await status({ model: "alias", temperature: 0, messages: [{ role: "user", content: "q" }] }),
  ).toBe("HIT");
  expect(
    await status({ model: "gpt-real", temperature: 1, messages: [{ role: "user", content: "q" }] }),
  ).toBe("MISS");
  expect(
    await status(
      { model: "gpt-real", temperature: 0, messages: [{ role: "user", content: "q" }] },
      {
        "openai-organization": "org-2",
      },
    ),
  ).toBe("MISS");
  expect(upstream.requests).toHaveLength(3);
});

test("a model named with a routing.model_prefixes prefix is cached like the model itself", async () => {
  await using upstream = startMockUpstream();
  await using proxy = cachingProxy(
    upstream,
    {},
    {
      providers: [{ name: "up", type: "openai", base_url: upstream.url, models: ["gpt-*"] }],
    },
  );
  const status = async (model: string) =>
    (await chat(proxy, { model, messages: [{ role: "user", content: "q" }] })).headers.get(
      "x-cache-status",
    );

  expect(await status("proxy-gpt-real")).toBe("MISS");
  expect(await status("proxy-gpt-real")).toBe("HIT");
  expect(upstream.requests).toHaveLength(1);
});

test("a cached stream is replayed event for event, byte for byte; a cut stream is never stored", async () => {
  await using upstream = startMockUpstream({ chunkCount: 6 });
  await using proxy = cachingProxy(upstream);
  const streamBody = { ...question("stream this"), stream: true };

  const readChunks = async (response: Response) => {
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of response.body as ReadableStream<Uint8Array>) {
      chunks.push(decoder.decode(chunk, { stream: true }));
    }
    return chunks;
  };
  const original = await chat(proxy, streamBody);
  expect(original.headers.get("x-cache-status")).toBe("MISS");
  const originalText = (await readChunks(original)).join("");
  const replayed = await chat(proxy, streamBody);
  expect(replayed.headers.get("x-cache-status")).toBe("HIT");
  expect(replayed.headers.get("content-type")).toContain("text/event-stream");
  expect(replayed.headers.get("x-accel-buffering")).toBe("no");
  expect((await readChunks(replayed)).join("")).toBe(originalText);
  expect(originalText.split("\n\n").length).toBeGreaterThan(6);
  expect(originalText).toContain("data: [DONE]");

  const cutBody = { ...question("cut this"), stream: true };
  const cut = await chat(proxy, cutBody, { "x-mock-disconnect-after": "2" });
  const cutText = (await readChunks(cut)).join("");
  expect(cutText).toContain("event: error");
  const again = await chat(proxy, cutBody);
  expect(again.headers.get("x-cache-status")).toBe("MISS");
  await again.text();
  expect(upstream.requests).toHaveLength(3);
});

test("Anthropic streams replay as the same events through the SDK", async () => {
  await using upstream = startMockUpstream();
  await using proxy = cachingProxy(
    upstream,
    {},
    {
      providers: [{ name: "claude", type: "anthropic", base_url: upstream.url }],
    },
  );
  const anthropic = new Anthropic({ baseURL: proxy.origin, apiKey: "x", maxRetries: 0 });
  const ask = () =>
    anthropic.messages
      .stream({
        model: "claude-x",
        max_tokens: 20,
        messages: [{ role: "user", content: "tell me" }],
      })
      .finalMessage();
  const first = await ask();
  const second = await ask();
  expect(second).toEqual(first);
  expect(upstream.requests).toHaveLength(1);
});

test("no-cache refreshes, no-store skips the cache, TTLs expire, and a bad TTL header is a 400", async () => {
  await using upstream = startMockUpstream();
  const clock = manualClock();
  await using proxy = cachingProxy(upstream, { clock }, { cache: { enabled: true, ttl: "60s" } });
  const ask = async (content: string, headers: Record<string, string> = {}) => {
    const response = await chat(proxy, question(content), headers);
    const body = await readJson<{ id: string }>(response);
    return { status: response.headers.get("x-cache-status"), id: body.id };
  };

  const first = await ask("a");
  const refreshed = await ask("a", { "cache-control": "no-cache" });
  expect(refreshed.status).toBe("BYPASS");
  expect(refreshed.id).not.toBe(first.id);
  // no-cache stored the fresh answer
  expect(await ask("a")).toEqual({ status: "HIT", id: refreshed.id });

  expect((await ask("b", { "cache-control": "no-store" })).status).toBe("BYPASS");
  expect((await ask("b")).status).toBe("MISS");

  clock.advance(61_000);
  expect((await ask("a")).status).toBe("MISS");

  await ask("c", { "x-llm-proxy-cache-ttl": "5" });
  clock.advance(4_000);
  expect((await ask("c")).status).toBe("HIT");
  clock.advance(2_000);
  expect((await ask("c")).status).toBe("MISS");

  await ask("d", { "x-llm-proxy-cache-ttl": "0" });
  expect((await ask("d")).status).toBe("MISS");

  const bad = await chat(proxy, question("e"), { "x-llm-proxy-cache-ttl": "soon" });
  expect(bad.status).toBe(400);
  expect((await readError(bad)).message).toContain("x-llm-proxy-cache-ttl");
});

test("errors and bodies over cache.max_entry are not stored", async () => {
  await using upstream = startMockUpstream();
  await using proxy = cachingProxy(upstream, {}, { cache: { enabled: true, max_entry: "2kb" } });
  const failing = await chat(proxy, question("fail"), { "x-mock-status": "500" });
  expect(failing.status).toBe(500);
  expect((await chat(proxy, question("fail"))).headers.get("x-cache-status")).toBe("MISS");

  const large = { ...question("large") };
  for (let round = 0; round < 2; round++) {
    const response = await chat(proxy, large, { "x-mock-body-bytes": "4000" });
    expect(response.headers.get("x-cache-status")).toBe("MISS");
    await response.text();
  }
  const largeStream = { ...question("large stream"), stream: true };
  for (let round = 0; round < 2; round++) {
    const response = await chat(proxy, largeStream, { "x-mock-body-bytes": "4000" });
    expect(response.headers.get("x-cache-status")).toBe("MISS");
    await response.text();
  }
  expect(upstream.requests).toHaveLength(6);
});

test("one project never reads another's answers; scope global shares them", async () => {
  await using upstream = startMockUpstream();
  for (const scope of ["project", "global"] as const) {
    const { store } = tempStore();
    const management = managementOf(store);
    const alpha = (await management.createToken({ project: "alpha" })).secret;
    const beta = (await management.createToken({ project: "beta" })).secret;
    {
      await using proxy = cachingProxy(
        upstream,
        { store },
        {
          auth: { mode: "tokens" },
          cache: { enabled: true, scope },
        },
      );
      const ask = async (token: string) =>
        (
          await chat(proxy, question(`isolation ${scope}`), { authorization: `Bearer ${token}` })
        ).headers.get("x-cache-status");
      expect(await ask(alpha)).toBe("MISS");
      expect(await ask(alpha)).toBe("HIT");
      expect(await ask(beta)).toBe(scope === "project" ? "MISS" : "HIT");
    }
    store.close();
  }
});

test("50 identical concurrent misses make one upstream call and all get the answer", async () => {
  await using upstream = startMockUpstream();
  await using proxy = cachingProxy(upstream);
  const responses = await Promise.all(
    Array.from({ length: 50 }, () =>
      chat(proxy, question("together"), { "x-mock-latency-ms": "100" }),
    ),
  );
  const bodies = await Promise.all(responses.map((response) => response.text()));
  expect(responses.every((response) => response.status === 200)).toBe(true);
  expect(new Set(bodies).size).toBe(1);
  const statuses = responses.map((response) => response.headers.get("x-cache-status"));
  expect(statuses.filter((status) => status === "MISS")).toHaveLength(1);
  expect(statuses.filter((status) => status === "HIT")).toHaveLength(49);
  expect(upstream.requests).toHaveLength(1);

  // the same for a stream: the waiters get the stored stream once it completes
  const streamed = await Promise.all(
    Array.from({ length: 20 }, () =>
      chat(
        proxy,
        { ...question("together, streamed"), stream: true },
        { "x-mock-interval-ms": "5" },
      ),
    ),
  );
  const streamTexts = await Promise.all(streamed.map((response) => response.text()));
  expect(new Set(streamTexts).size).toBe(1);
  expect(streamTexts[0]).toContain("data: [DONE]");
  expect(upstream.requests).toHaveLength(2);
});

test("waiters go upstream themselves when the first request fails", async () => {
  await using upstream = startMockUpstream();
  await using proxy = cachingProxy(upstream);
  const leader = chat(proxy, question("flaky"), {
    "x-mock-latency-ms": "50",
    "x-mock-status": "503",
  });
  await upstream.waitForRequests(1);
  const followers = await Promise.all(
    Array.from({ length: 5 }, () => chat(proxy, question("flaky"))),
  );
  expect((await leader).status).toBe(503);
  expect(followers.every((response) => response.status === 200)).toBe(true);
  expect(upstream.requests.length).toBeGreaterThanOrEqual(2);
});

test("DELETE /admin/cache and `llm-proxy cache clear` empty the cache; both are audited", async () => {
  await using upstream = startMockUpstream();
  const { store, dir } = tempStore();
  {
    await using proxy = cachingProxy(
      upstream,
      { store },
      {
        auth: { mode: "none", admin_key: adminKey },
      },
    );
    await chat(proxy, question("clear me"));
    expect((await chat(proxy, question("clear me"))).headers.get("x-cache-status")).toBe("HIT");
    const refused = await fetch(`${proxy.origin}/admin/cache`, { method: "DELETE" });
    expect(refused.status).toBe(401);
    const cleared = await fetch(`${proxy.origin}/admin/cache`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(await readJson(cleared)).toEqual({ cleared: true, removed: 1 });
    expect((await chat(proxy, question("clear me"))).headers.get("x-cache-status")).toBe("MISS");
  }
  store.close();

  const configPath = join(dir, "proxy.config.yaml");
  writeFileSync(
    configPath,
    "storage: { path: ./proxy.db }\ncache: { enabled: true }\nproviders: [{ name: up, type: mock }]\n",
  );
  const cli = await runCli(["cache", "clear", "--json", "-c", configPath]);
  expect(cli.exitCode).toBe(0);
  expect(JSON.parse(cli.stdout)).toEqual({ cleared: true, removed: 1, backend: "sqlite" });
  const reopened = openStore(join(dir, "proxy.db"));
  const events = await createAuditRepository(reopened.db).list({});
  const actions = events.map((event) => `${event.actor}:${event.action}`);
  expect(actions).toContain("admin:cache.clear");
  expect(actions).toContain("cli:cache.clear");
  reopened.close();

  writeFileSync(
    configPath,
    "cache: { enabled: true, backend: memory }\nproviders: [{ name: up, type: mock }]\n",
  );
  const memory = await runCli(["cache", "clear", "-c", configPath]);
  expect(memory.exitCode).toBe(1);
  expect(memory.stderr).toContain("DELETE /admin/cache");
});

test("usage rows and /metrics carry the cache status; the memory backend works the same", async () => {
  await using upstream = startMockUpstream();
  const { store } = tempStore();
  {
    await using proxy = cachingProxy(
      upstream,
      { store },
      {
        cache: { enabled: true, backend: "memory" },
      },
    );
    await chat(proxy, question("counted"));
    await chat(proxy, question("counted"));
    await chat(proxy, question("counted"), { "cache-control": "no-store" });
    const metrics = parsePrometheus(await (await fetch(`${proxy.origin}/metrics`)).text());
    const requests = (cache: string, provider: string) =>
      metrics.get(
        seriesKey("llm_proxy_requests_total", {
          cache,
          model: "gpt-test",
          provider,
          status_class: "2xx",
        }),
      );
    expect(requests("miss", "up")).toBe(1);
    expect(requests("hit", "none")).toBe(1);
    expect(requests("bypass", "up")).toBe(1);
    await proxy.app.close();
  }
  const rows = store.db
    .query<{ cache_status: string; input_tokens: number }, []>(
      "select cache_status, input_tokens from usage_records order by id",
    )
    .all();
  expect(rows.map((row) => row.cache_status)).toEqual(["miss", "hit", "bypass"]);
  // a hit spends no upstream tokens
  expect(rows[1]?.input_tokens).toBe(0);
  expect(rows[0]?.input_tokens).toBeGreaterThan(0);
  store.close();
});

test("cache.backend redis without cache.url is a config error naming the key", async () => {
  const dir = mkdtempSync(join(tmpdir(), "llmp-cache-config-"));
  const configPath = join(dir, "proxy.config.yaml");
  writeFileSync(
    configPath,
    "cache: { enabled: true, backend: redis }\nproviders: [{ name: up, type: mock }]\n",
  );
  const result = await runCli(["config", "validate", "-c", configPath]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain("cache.url");
});

test("a hit carries the conversation's x-session-id like the miss did", async () => {
  await using upstream = startMockUpstream();
  await using proxy = cachingProxy(upstream);
  const miss = await chat(proxy, question("which session?"));
  const hit = await chat(proxy, question("which session?"));
  expect(hit.headers.get("x-cache-status")).toBe("HIT");
  expect(miss.headers.get("x-session-id")).toMatch(/^ses_/);
  // a lone first question starts a new session each time, on a hit as on a miss
  expect(hit.headers.get("x-session-id")).toMatch(/^ses_/);
  expect(hit.headers.get("x-session-id")).not.toBe(miss.headers.get("x-session-id"));
});
