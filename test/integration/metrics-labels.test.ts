// /metrics is open, so a client's `model` must not grow it: a model becomes a label only once an
// upstream answered it with a 2xx, label values are capped, and junk keeps no series budget.

import { expect, test } from "bun:test";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { openAIAndAnthropicDefault, reply, startMockUpstream } from "../support/mock-upstream.ts";
import { parsePrometheus, seriesKey } from "../unit/observability/metrics/parse-prometheus.ts";

/** An upstream that knows only models starting with "real-", as a real provider would. */
function startPickyUpstream() {
  return startMockUpstream({
    defaultReply: (req, recorded) => {
      const model = (recorded.json as { model?: unknown } | undefined)?.model;
      if (typeof model === "string" && model.startsWith("real-")) {
        return openAIAndAnthropicDefault(req, recorded);
      }
      return reply.status(404)(req, recorded);
    },
    recordRequests: false,
  });
}

function ask(origin: string, model: string) {
  return fetch(`${origin}/v1/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
}

const requestsKey = (model: string, status_class: string) =>
  seriesKey("llm_proxy_requests_total", {
    cache: "none",
    model,
    provider: "upstream",
    status_class,
  });

test("junk model names share one placeholder label and leave the series budget to real ones", async () => {
  await using upstream = startPickyUpstream();
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const huge = "j".repeat(2 * 1024 * 1024);
  for (const model of [`${huge}1`, `${huge}2`]) {
    expect((await ask(proxy.origin, model)).status).toBe(404);
  }
  for (let batch = 0; batch < 40; batch++) {
    const asks = Array.from({ length: 25 }, (_, i) => ask(proxy.origin, `junk-${batch}-${i}`));
    for (const res of await Promise.all(asks)) expect(res.status).toBe(404);
  }
  expect((await ask(proxy.origin, "real-model")).status).toBe(200);

  const text = await (await fetch(`${proxy.origin}/metrics`)).text();
  expect(text.length).toBeLessThan(64 * 1024);
  const metrics = parsePrometheus(text);
  expect(metrics.get(requestsKey("_unverified_", "4xx"))).toBe(1002);
  expect(metrics.get(requestsKey("real-model", "2xx"))).toBe(1);
  const dropped = [...metrics.keys()].filter((key) => key.startsWith("llm_proxy_metrics_series"));
  expect(dropped).toEqual([]);
});

test("a model is labelled from its first 2xx on, and its label is cut at 128 characters", async () => {
  await using upstream = startMockUpstream([reply.status(500)]);
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  const long = `real-${"x".repeat(500)}`;
  expect((await ask(proxy.origin, "m1")).status).toBe(500);
  expect((await ask(proxy.origin, "m1")).status).toBe(200);
  expect((await ask(proxy.origin, "m1")).status).toBe(200);
  expect((await ask(proxy.origin, long)).status).toBe(200);

  const metrics = parsePrometheus(await (await fetch(`${proxy.origin}/metrics`)).text());
  expect(metrics.get(requestsKey("_unverified_", "5xx"))).toBe(1);
  expect(metrics.get(requestsKey("m1", "2xx"))).toBe(2);
  expect(metrics.get(requestsKey(long.slice(0, 128), "2xx"))).toBe(1);
  const labelled = [...metrics.keys()].filter((key) => key.includes("real-x"));
  expect(labelled.length).toBeGreaterThan(0);
  for (const key of labelled) expect(key).not.toContain(long.slice(0, 129));
});

test("a model an upstream answered keeps its label across a reload", async () => {
  await using upstream = startMockUpstream([reply.openAIChat("ok"), reply.status(500)]);
  await using proxy = startProxy({ providers: [upstreamProvider(upstream.url)] });
  expect((await ask(proxy.origin, "real-model")).status).toBe(200);
  const reloaded = proxy.app.reload({
    ...proxy.app.config,
    routing: { ...proxy.app.config.routing, retries: 0 },
  });
  expect(reloaded).toMatchObject({ ok: true });
  expect((await ask(proxy.origin, "real-model")).status).toBe(500);

  const metrics = parsePrometheus(await (await fetch(`${proxy.origin}/metrics`)).text());
  expect(metrics.get(requestsKey("real-model", "5xx"))).toBe(1);
  expect(metrics.get(requestsKey("_unverified_", "5xx"))).toBeUndefined();
});
